package dev.svcconnect.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.Container;
import dev.svcconnect.config.EnvironmentConfig.SecretStore;
import dev.svcconnect.synth.StackJson;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.tiers.SynthTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's "Your own app": its YAML block is the walkthrough's client-service entry turned into an app with
 * environment variables, one secret and a sidecar in under 15 lines, keeping its Service Connect settings;
 * {@code Fixtures.OWN_APP} is config/local.yaml with that entry replaced by exactly the block (which OwnAppDeployIT
 * deploys on the emulator); and the secret the README stores is the one the block reads.
 */
@SynthTier
class OwnAppExampleTest {
  private static final String SECTION = "## Your own app";

  private static String readme() throws IOException {
    return Files.readString(Path.of("README.md"));
  }

  /** The first fenced block of {@code language} in the README's section. */
  private static String block(String language) throws IOException {
    String readme = readme();
    int section = readme.indexOf(SECTION);
    assertThat(section).as("README section %s", SECTION).isNotNegative();
    int start = readme.indexOf("```" + language + "\n", section) + language.length() + 4;
    return readme.substring(start, readme.indexOf("```\n", start));
  }

  /** The text without its comment-only lines. */
  private static String withoutCommentLines(String yaml) {
    return yaml.lines().filter(l -> !l.strip().startsWith("#")).collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void theBlockIsUnderFifteenLines() throws IOException {
    List<String> counted = block("yaml").lines().filter(l -> !l.isBlank() && !l.strip().startsWith("#")).toList();
    assertThat(counted).hasSizeLessThan(15);
  }

  @Test
  void theFixtureIsTheShippedLocalConfigWithTheClientEntryReplacedByTheBlock() throws IOException {
    String local = Files.readString(Fixtures.LOCAL);
    int start = local.indexOf("  - name: client-service\n");
    int end = local.indexOf("\n\nbastion:") + 1;
    assertThat(start).isPositive();
    assertThat(end).isGreaterThan(start);
    String expected = local.substring(0, start) + block("yaml") + local.substring(end);
    assertThat(withoutCommentLines(Files.readString(Fixtures.OWN_APP))).isEqualTo(withoutCommentLines(expected));
  }

  @Test
  void theClientIsAnAppWithEnvironmentOneSecretAndASidecar() {
    EnvironmentConfig config = ConfigLoader.load(Fixtures.OWN_APP);
    EnvironmentConfig.Service client = config.service("client-service").orElseThrow();
    assertThat(client.ownTask()).isTrue();
    List<Container> containers = client.task().containers();
    assertThat(containers).extracting(Container::name).containsExactly("app", "otel");
    assertThat(containers.get(0).inputs().environment()).containsOnlyKeys("UPSTREAM_URL", "LOG_LEVEL");
    assertThat(containers.get(0).inputs().secrets()).singleElement()
        .satisfies(s -> assertThat(s.store()).isEqualTo(SecretStore.SSM_PARAMETER));
    assertThat(containers.get(1).essential()).isFalse();
  }

  @Test
  void theAppKeepsTheWalkthroughClientsServiceConnectSettings() {
    // the proxy's traffic logs keep their stream prefix (svccon-traffic-client, as the README's walkthrough says)
    assertThat(ConfigLoader.load(Fixtures.OWN_APP).service("client-service").orElseThrow().serviceConnect())
        .isEqualTo(ConfigLoader.load(Fixtures.LOCAL).service("client-service").orElseThrow().serviceConnect());
  }

  @Test
  void theReadmeStoresTheParameterTheBlockReads() throws IOException {
    String reference = ConfigLoader.load(Fixtures.OWN_APP).service("client-service").orElseThrow().task().app().inputs()
        .secrets().get(0).reference();
    assertThat(block("bash")).contains("aws ssm put-parameter --name " + reference + " ").contains("./main deploy");
  }

  @Test
  void theExecutionRoleMayReadExactlyThatParameter() {
    StackJson stack = SynthFixture.serviceStack(ConfigLoader.load(Fixtures.OWN_APP));
    StackJson.Block policy = stack.resource(IamRolePolicy.TF_RESOURCE_TYPE,
        "TaskDefinitions/client-service/ExecutionRoleSecretsPolicy");
    assertThat(policy.parsed("policy").toString()).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":"
        + "[{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameters\",\"Resource\":\"arn:"
        + "${data.aws_partition.Partition.partition}:ssm:us-east-1:"
        + stack.dataSource("aws_caller_identity", "TaskDefinitions/client-service/Account").ref("account_id")
        + ":parameter/client/api-token\"}]}");
  }
}
