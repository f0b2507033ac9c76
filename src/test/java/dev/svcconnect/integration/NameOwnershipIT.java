package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.aws.S3Objects;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.tiers.EmulatorTier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14, two environments in one account: environment A deploys; environment B, a copy with a new environment name
 * and state bucket but the walkthrough's cluster, namespace, log group and task family, is refused by {@code ./main
 * deploy} (the command line's code path, {@link Execution#run}) with one line per name, exit 64, and nothing of its
 * service stack created; A then deploys again, past the same check, with nothing to change.
 *
 * <p>The stack is the small one ({@link SmallStack#LOCAL}), as in StateSafetyIT: the check reads names, not
 * resources.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class NameOwnershipIT {
  private static final String A = SmallStack.LOCAL;
  /** A copied to a second environment: new name and bucket, the walkthrough's names kept. */
  private static final String B = A.replace("environment: local", "environment: staging")
      .replace("tfstate-local", "tfstate-staging");

  private TestEmulator emulator;
  private AwsClients aws;
  private Path configA;
  private Path configB;
  private Map<String, List<String>> before;

  /** What one in-process command printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  @BeforeAll
  void deployA(TestEmulator emulator) throws IOException {
    this.emulator = emulator;
    aws = emulator.aws("us-east-1");
    configA = Files.writeString(emulator.work.resolve("a.yaml"), A);
    configB = Files.writeString(emulator.work.resolve("b.yaml"), B);
    Run a = deploy("a", configA);
    assertThat(a.exitCode()).as("A's first deploy; stderr:\n%s", a.err()).isZero();
    assertThat(a.err()).contains("names: 6 names that AWS keeps unique per account checked against AWS in")
        .contains(": 0 held by the state s3://ecs-service-connect-tfstate-local/service-connect/terraform.tfstate, 6"
            + " free, 0 taken");
    before = inventory();
  }

  /** {@code ./main deploy -c CONFIG} in process, in a working directory of its own ({@code <work>/<machine>}). */
  private Run deploy(String machine, Path config) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path outdir = Files.createDirectories(emulator.work.resolve(machine)).resolve("cdktf.out");
    long start = System.nanoTime();
    int rc;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      RunContext run = new RunContext(config, outdir, emulator.work.resolve("state"), emulator.env, o, e);
      rc = Execution.run("deploy", run, loaded -> new Workflow(loaded).deploy(true));
    }
    String errText = err.toString(StandardCharsets.UTF_8);
    System.err.printf("NameOwnershipIT: deploy %s took %d s; %s%n", config.getFileName(),
        (System.nanoTime() - start) / 1_000_000_000,
        String.join("; ", errText.lines().filter(l -> l.startsWith("names: ")).toList()));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), errText);
  }

  /** Every name-bearing resource of the account and region, by kind: what a half-applied B would add to. */
  private Map<String, List<String>> inventory() {
    return Map.of(
        "clusters", sorted(aws.ecs.listClusters().clusterArns()),
        "namespaces", sorted(aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces().stream()
            .map(n -> n.id() + " " + n.name()).toList()),
        "log groups", sorted(aws.logs.describeLogGroups().logGroups().stream().map(g -> g.logGroupName()).toList()),
        "task definitions", sorted(aws.ecs.listTaskDefinitions().taskDefinitionArns()),
        "roles", sorted(aws.iam.listRoles().roles().stream().map(r -> r.roleName()).toList()),
        "vpcs", sorted(aws.ec2.describeVpcs().vpcs().stream().map(v -> v.vpcId()).toList()),
        "security groups", sorted(aws.ec2.describeSecurityGroups().securityGroups().stream()
            .map(g -> g.groupId()).toList()));
  }

  private static List<String> sorted(List<String> items) {
    return List.copyOf(new TreeSet<>(items));
  }

  @Test
  @Order(1)
  void theSecondEnvironmentIsRefusedWithOneLinePerNameItWouldShare() throws IOException {
    Run b = deploy("b", configB);
    String where = "already exists in local emulator at " + emulator.endpoint + ", region us-east-1, and this"
        + " environment's state does not own it (another environment's, or made outside Terraform); ";

    assertThat(b.exitCode()).as("stderr:\n%s", b.err()).isEqualTo(Execution.EXIT_BAD_INPUT);
    assertThat(b.err().lines().filter(l -> l.contains(" already exists in ")).toList()).containsExactly(
        configB + ": cluster.name: ECS cluster 'ecs-service-connector-sample-cluster' " + where + "set it to a name"
            + " of this environment's own, e.g. 'ecs-service-connect-staging', or import it into this state if this"
            + " environment should manage it",
        configB + ": cluster.namespace: Cloud Map namespace 'local' " + where + "set it to a name of this"
            + " environment's own, e.g. 'staging.internal', or import it into this state if this environment should"
            + " manage it",
        configB + ": logs.group: CloudWatch log group 'ecs-service-connect-sample' " + where + "set it to a name of"
            + " this environment's own, e.g. 'ecs-service-connect-staging', or import it into this state if this"
            + " environment should manage it",
        configB + ": task.family: ECS task definition family 'nginx' " + where + "set it to a name of this"
            + " environment's own, e.g. 'staging-nginx', or import it into this state if this environment should"
            + " manage it");
    assertThat(b.err()).contains("error: 4 name(s) this stack would create already exist and the state"
        + " s3://ecs-service-connect-tfstate-staging/service-connect/terraform.tfstate does not own them; nothing of"
        + " the service stack was applied");
    // synth warned first, before anything was asked or applied
    assertThat(b.err()).contains(configB + ": warning: cluster.name: 'ecs-service-connector-sample-cluster' is the"
        + " walkthrough's name (the default)");
    assertThat(b.out()).doesNotContain("Apply complete! Resources: 0 added").doesNotContain("Outputs:");
  }

  @Test
  @Order(2)
  void nothingOfTheSecondEnvironmentWasCreated() {
    assertThat(inventory()).isEqualTo(before);
    assertThat(aws.iam.listRoles().roles()).noneMatch(r -> r.roleName().contains("staging"));
    // its state was never written: the bucket (bootstrapped before the check) holds no state object
    assertThat(stateObjectExists("ecs-service-connect-tfstate-staging", "service-connect/terraform.tfstate"))
        .isFalse();
  }

  @Test
  @Order(3)
  void theFirstEnvironmentDeploysAgainPastTheCheckWithNothingToChange() throws IOException {
    Run a = deploy("a", configA);

    assertThat(a.exitCode()).as("stderr:\n%s", a.err()).isZero();
    assertThat(a.err()).contains(": 6 held by the state"
        + " s3://ecs-service-connect-tfstate-local/service-connect/terraform.tfstate, 0 free, 0 taken");
    assertThat(a.out()).contains("Apply complete! Resources: 0 added, 0 changed, 0 destroyed.");
    assertThat(inventory()).isEqualTo(before);
  }

  private boolean stateObjectExists(String bucket, String key) {
    return S3Objects.exists(aws.s3, bucket, key);
  }
}
