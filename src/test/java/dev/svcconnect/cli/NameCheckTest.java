package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.aws.NameOwnership;
import dev.svcconnect.aws.SdkClients;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.AccountScopedNames.Kind;
import dev.svcconnect.config.AccountScopedNames.ScopedName;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.UnitTier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What deploy prints and exits with after its ownership check (issue 14); on the emulator, NameOwnershipIT. */
@UnitTier
class NameCheckTest {
  private static final ScopedName CLUSTER = new ScopedName(Kind.ECS_CLUSTER, "shop", "cluster.name", "set it to x");
  private static final ScopedName LOGS = new ScopedName(Kind.LOG_GROUP, "shop", "logs.group", "set it to y");
  private static final String STATE = "s3://b/k";

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int decide(Map<Kind, Set<String>> owned, Predicate<ScopedName> exists) {
    return NameCheck.decide(List.of(CLUSTER, LOGS), owned, exists, "config/b.yaml", "AWS account 1, region r",
        STATE, System.nanoTime(), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> lines() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void passesWhenEveryNameIsHeldOrFree() {
    int rc = decide(Map.of(Kind.ECS_CLUSTER, Set.of("shop")), n -> false);

    assertThat(rc).isZero();
    assertThat(lines()).singleElement().asString().startsWith("names: 2 names that AWS keeps unique per account"
        + " checked against AWS in ").endsWith(" ms: 1 held by the state s3://b/k, 1 free, 0 taken");
  }

  @Test
  void refusesEachTakenNameOnOneLineWithExit64() {
    int rc = decide(Map.of(), n -> true);

    assertThat(rc).isEqualTo(Execution.EXIT_BAD_INPUT);
    assertThat(lines()).hasSize(4);
    assertThat(lines().get(1)).isEqualTo(new NameOwnership.Verdict(CLUSTER, NameOwnership.Status.FOREIGN)
        .line("config/b.yaml", "AWS account 1, region r"));
    assertThat(lines().get(2)).startsWith("config/b.yaml: logs.group: CloudWatch log group 'shop' already exists");
    assertThat(lines().get(3)).isEqualTo("error: 2 name(s) this stack would create already exist and the state"
        + " s3://b/k does not own them; nothing of the service stack was applied"
        + " (docs/state.md#two-environments-in-one-account)");
  }

  @Test
  void refusesWhenAwsCannotBeAsked() {
    int rc = decide(Map.of(), n -> {
      throw SdkClientException.create("Unable to load credentials");
    });

    assertThat(rc).isEqualTo(NameCheck.EXIT_CANNOT_ASK);
    assertThat(lines()).containsExactly("names: cannot ask AWS account 1, region r whether the names this stack"
        + " creates exist already: Unable to load credentials", "error: nothing was applied; the deploy role needs"
        + " the read actions of docs/iam/deploy-role-policy.json (ecs:Describe*, ecs:List*, servicediscovery:List*,"
        + " logs:DescribeLogGroups, iam:GetRole, iam:GetInstanceProfile)");
  }

  /** The state read straight from S3 (ServiceState): a state that cannot be read stops the deploy. */
  @Test
  void refusesWhenTheStateCannotBeRead(@TempDir Path serviceDir) {
    EnvironmentConfig config = ConfigLoader.load(Fixtures.LOCAL);
    DeploymentTarget nothing = DeploymentTarget.resolve(config,
        Map.of(DeploymentTarget.ENDPOINT_VARIABLE, "http://127.0.0.1:1"));
    try (SdkClients aws = SdkClients.of(nothing)) {
      ServiceState state = ServiceState.of(aws, config.state(), serviceDir, Map.of());

      int rc = NameCheck.run(state, aws, config, nothing, new PrintStream(err, true, StandardCharsets.UTF_8));

      assertThat(rc).isEqualTo(NameCheck.EXIT_CANNOT_ASK);
      assertThat(lines()).hasSize(2);
      assertThat(lines().get(0)).startsWith("names: cannot read the state " + config.state().objectUrl() + ": ");
      assertThat(lines().get(1)).isEqualTo("error: nothing was applied; the deploy role needs s3:GetObject on the"
          + " state object (docs/iam/deploy-role-policy.json)");
    }
  }
}
