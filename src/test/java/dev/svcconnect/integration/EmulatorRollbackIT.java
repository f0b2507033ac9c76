package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.support.Fixtures;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.app.RunContext;
import dev.svcconnect.aws.SdkClients;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.cli.ServiceState;
import dev.svcconnect.cli.Terraform;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.plan.PlanSummary;
import dev.svcconnect.plan.RiskRules;
import dev.svcconnect.plan.StackPlan;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.EmulatorTier;
import dev.svcconnect.topology.Topology;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * A deployment the circuit breaker rolls back, reported as what it is. A small variant of the default config (one
 * zone, no NAT gateway, no bastion: 26 resources instead of 42, the same two services) is deployed, then deployed
 * again with an image no registry serves (a host under .invalid, which the emulator, like AWS, cannot pull:
 * docs/emulator.md). The apply succeeds, as it does on AWS (hashicorp/terraform-provider-aws#19519), and
 * {@code ./main deploy}'s post-apply check fails with one line per service, naming the revision each runs instead and
 * the deployment's rollout state and reason; a plan of the service stack then flags both services. Nothing is
 * destroyed: the emulator ends with the class.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(EmulatorExtension.class)
class EmulatorRollbackIT {
  private static final Path LOCAL = Fixtures.LOCAL;
  static final String UNPULLABLE = "registry.invalid/nginx:broken";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestEmulator emulator;
  private EnvironmentConfig broken;
  private Run good;
  private Run rolledBack;

  /** A deploy as ./main runs it, with what it printed. */
  private record Run(int exitCode, String out, String err) {
    List<String> rolloutLines(String text) {
      return text.lines().filter(l -> l.startsWith("rollout: ")).toList();
    }
  }

  @BeforeAll
  void deployGoodThenBroken(TestEmulator emulator) throws IOException {
    this.emulator = emulator;
    String small = SmallStack.ofLocalFile();
    good = deploy(ConfigLoader.parse(LOCAL, small));
    broken = ConfigLoader.parse(LOCAL, SmallStack.replace(small, "  image: nginx\n", "  image: " + UNPULLABLE + "\n"));
    rolledBack = deploy(broken);
  }

  private Run deploy(EnvironmentConfig config) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Workflow w = new Workflow(new RunContext(LOCAL, emulator.work.resolve("cdktf.out"), emulator.work.resolve("state"),
        emulator.env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).with(config, Topology.of(config)));
    int rc = Execution.exitCode(() -> w.deploy(true));
    Run run = new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    System.out.print(run.out());
    System.err.print(run.err());
    return run;
  }

  @Test
  void aGoodDeployPassesTheCheckForEveryService() {
    assertThat(good.exitCode()).isZero();
    assertThat(good.rolloutLines(good.out())).hasSize(2).allSatisfy(l -> assertThat(l).matches(
        "rollout: service (server|client)-service: runs nginx:1; deployment (ecs-svc/[0-9]+) COMPLETED: ECS"
            + " deployment \\2 completed\\."));
    assertThat(good.rolloutLines(good.err())).isEmpty();
  }

  @Test
  void aRolledBackDeployFailsWithOneLinePerServiceAndItsReason() {
    // not a TerraformFailure's exit code: terraform's apply succeeded, only the check failed
    assertThat(rolledBack.exitCode()).isEqualTo(Execution.EXIT_ROLLOUT_FAILED);
    assertThat(rolledBack.rolloutLines(rolledBack.out())).isEmpty();
    List<String> lines = rolledBack.rolloutLines(rolledBack.err());
    assertThat(lines).hasSize(2);
    for (String service : List.of("server-service", "client-service")) {
      assertThat(lines).anySatisfy(l -> assertThat(l).matches("rollout: service " + service + ": runs nginx:1,"
          + " not nginx:2 which this apply registered; deployment ecs-svc/[0-9]+ COMPLETED: ECS deployment"
          + " circuit breaker: tasks failed to start\\. Rolled back from deployment ecs-svc/[0-9]+\\."));
    }
    assertThat(rolledBack.err()).contains("error: the apply succeeded, but 2 of 2 service(s) do not run the revision"
        + " it registered");
  }

  /** What the check read is what ECS holds: the old revision runs, the new one is registered with the bad image. */
  @Test
  void theCheckTellsTheTruth() {
    AwsClients aws = emulator.aws("us-east-1");
    List<Service> services = aws.ecs.describeServices(b -> b.cluster(broken.cluster().name())
        .services("server-service", "client-service")).services();
    assertThat(services).hasSize(2).allSatisfy(s -> {
      assertThat(s.taskDefinition()).endsWith(":task-definition/nginx:1");
      assertThat(s.deployments()).singleElement()
          .satisfies(d -> assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED"));
    });
    assertThat(aws.ecs.describeTaskDefinition(b -> b.taskDefinition("nginx:2")).taskDefinition()
        .containerDefinitions().get(0).image()).isEqualTo(UNPULLABLE);
  }

  /**
   * Deploy reads the state, and after the apply the revisions it registered, from the state object itself
   * (cli/ServiceState, issue 17), not through terraform: it must be the object terraform reads and wrote, with the
   * outputs terraform prints.
   */
  @Test
  void theStateDeployReadsIsTheOneTerraformReadsAndItsOutputsAreTerraforms() throws IOException {
    Terraform tf = emulator.workflow(broken).terraform();
    Path serviceDir = emulator.work.resolve("cdktf.out/stacks/" + ServiceConnectStack.ID);
    Terraform.Result pulled = tf.capture(serviceDir, "state", "pull");
    Terraform.Result output = tf.capture(serviceDir, "output", "-json", ServiceConnectStack.TASK_DEFINITIONS_OUTPUT);
    assertThat(pulled.exitCode()).isZero();
    assertThat(output.exitCode()).isZero();

    try (SdkClients clients = SdkClients.of(DeploymentTarget.resolve(broken, emulator.env))) {
      ServiceState state = ServiceState.of(clients, broken.state(), serviceDir, tf.environment());
      JsonNode read = JSON.readTree(state.json());
      assertThat(read).isEqualTo(JSON.readTree(pulled.stdout()));
      assertThat(read.path("resources").size()).isPositive();
      Map<String, String> registered = state.stringMapOutput(ServiceConnectStack.TASK_DEFINITIONS_OUTPUT);
      assertThat(registered).isEqualTo(JSON.readValue(output.stdout(), new TypeReference<Map<String, String>>() {}))
          .containsOnlyKeys("server-service", "client-service");
      assertThat(registered.values()).allSatisfy(arn -> assertThat(arn).endsWith(":task-definition/nginx:2"));
    }
  }

  /** The plan review reads the refreshed services against the revisions the last apply registered. */
  @Test
  void thePlanReviewFlagsEveryServiceNotOnItsRegisteredRevision() {
    Workflow workflow = emulator.workflow(broken);
    Path serviceDir = emulator.work.resolve("cdktf.out/stacks/" + ServiceConnectStack.ID);
    StackPlan plan = Workflow.planStack(workflow.terraform(), serviceDir, ServiceConnectStack.ID, List.of());

    assertThat(RiskRules.flags(plan)).extracting(RiskRules.Flag::reason)
        .filteredOn(r -> r.contains("which the last apply registered")).containsExactlyInAnyOrder(
            "service server-service runs nginx:1, not nginx:2, which the last apply registered: that deployment"
                + " did not complete (rolled back by the circuit breaker, or still in progress); ./main deploy"
                + " reports why",
            "service client-service runs nginx:1, not nginx:2, which the last apply registered: that deployment"
                + " did not complete (rolled back by the circuit breaker, or still in progress); ./main deploy"
                + " reports why");
    assertThat(PlanSummary.render("review", List.of(plan)))
        .contains("runs nginx:1, not nginx:2, which the last apply registered");
  }
}
