package dev.svcconnect.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.app.Synthesizer;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.Container;
import dev.svcconnect.config.EnvironmentConfig.Secret;
import dev.svcconnect.config.EnvironmentConfig.SecretStore;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.policy.Finding;
import dev.svcconnect.policy.PolicyReport;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.SynthTier;
import dev.svcconnect.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * config/examples/shop.yaml ({@code Fixtures.SHOP}, its test copy): the issue's example has what it promises (four
 * services, sidecars, environment, secrets from both stores, an ECR image, a worker outside Service Connect); the
 * {@code aws} commands of its header create exactly the secrets and parameters it reads, the JSON secret with every
 * key it reads; and the policy suite passes on it without a suppression. ShopExampleDeployIT deploys it.
 */
@SynthTier
class ShopExampleTest {
  /** A header line that creates a secret or a parameter: the command and its name. */
  private static final Pattern CREATES = Pattern.compile(
      "^#\\s+aws (secretsmanager create-secret|ssm put-parameter) --name (\\S+) .*$");
  /** The secret string of a create-secret line, single-quoted. */
  private static final Pattern SECRET_STRING = Pattern.compile("--secret-string '([^']*)'");

  private static EnvironmentConfig config;
  private static List<String> header;

  @BeforeAll
  static void load() throws IOException {
    config = ConfigLoader.load(Fixtures.SHOP);
    header = Files.readAllLines(Fixtures.SHOP).stream().takeWhile(l -> l.startsWith("#")).toList();
  }

  private static List<Secret> secrets(SecretStore store) {
    List<Secret> out = new ArrayList<>();
    for (Service s : config.services()) {
      for (Container c : s.task().containers()) {
        c.inputs().secrets().stream().filter(x -> x.store() == store).forEach(out::add);
      }
    }
    return out;
  }

  /** The header's commands of {@code command}: the name each creates, with its line. */
  private static Map<String, String> created(String command) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : header) {
      Matcher m = CREATES.matcher(line);
      if (m.matches() && m.group(1).equals(command)) {
        out.put(m.group(2), line);
      }
    }
    return out;
  }

  @Test
  void itHasFourServicesWithSidecarsSecretsFromBothStoresAnEcrImageAndAWorkerOutsideServiceConnect() {
    assertThat(config.services()).extracting(Service::name).containsExactly("web", "catalog", "orders", "worker");
    assertThat(config.services()).allSatisfy(s -> assertThat(s.ownTask()).isTrue());
    assertThat(config.services()).filteredOn(s -> s.task().containers().size() > 1).hasSize(2)
        .allSatisfy(s -> assertThat(s.task().containers().subList(1, s.task().containers().size()))
            .allSatisfy(sidecar -> assertThat(sidecar.essential()).isFalse()));
    assertThat(config.services()).allSatisfy(s -> assertThat(s.task().app().inputs().environment()).isNotEmpty());
    assertThat(secrets(SecretStore.SECRETS_MANAGER)).anySatisfy(s -> assertThat(s.jsonKey()).isPresent());
    assertThat(secrets(SecretStore.SSM_PARAMETER)).isNotEmpty()
        .allSatisfy(s -> assertThat(s.reference()).startsWith("/"));
    assertThat(config.services().stream().flatMap(s -> s.task().containers().stream())
        .filter(c -> c.ecr().isPresent())).hasSize(1);
    assertThat(config.service("worker").orElseThrow().serviceConnect().enabled()).isFalse();
    assertThat(config.security().suppressions()).isEmpty();
  }

  @Test
  void theHeaderCreatesExactlyTheSecretsAndParametersItReads() throws IOException {
    Set<String> secretNames = new TreeSet<>();
    for (Secret s : secrets(SecretStore.SECRETS_MANAGER)) {
      // partial ARNs: the name follows ":secret:", without the suffix Secrets Manager appends
      secretNames.add(s.reference().substring(s.reference().indexOf(":secret:") + ":secret:".length()));
    }
    Set<String> parameterNames = new TreeSet<>();
    secrets(SecretStore.SSM_PARAMETER).forEach(s -> parameterNames.add(s.reference()));

    assertThat(created("secretsmanager create-secret").keySet()).containsExactlyInAnyOrderElementsOf(secretNames);
    assertThat(created("ssm put-parameter").keySet()).containsExactlyInAnyOrderElementsOf(parameterNames);
    // a secret read by JSON key holds every key read from it
    for (Secret s : secrets(SecretStore.SECRETS_MANAGER)) {
      if (s.jsonKey().isPresent()) {
        String name = s.reference().substring(s.reference().indexOf(":secret:") + ":secret:".length());
        Matcher value = SECRET_STRING.matcher(created("secretsmanager create-secret").get(name));
        assertThat(value.find()).as(name).isTrue();
        assertThat(new ObjectMapper().readTree(value.group(1)).has(s.jsonKey().get())).as(s.name()).isTrue();
      }
    }
  }

  /** {@code ./main check}: no rule fails or warns, and nothing is suppressed. */
  @Test
  void thePolicySuitePassesWithoutSuppressions() {
    PolicyReport report = Synthesizer.check(config, Topology.of(config), DeploymentTarget.resolve(config, Map.of()));

    assertThat(report.errorLines()).isEmpty();
    assertThat(report.warnings()).extracting(Finding::detail).isEmpty();
    assertThat(report.findings()).extracting(f -> f.status().label()).doesNotContain("suppressed");
    assertThat(report.passes()).isTrue();
  }
}
