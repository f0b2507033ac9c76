package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.EmulatorTier;
import dev.svcconnect.topology.Topology;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./main drift} on the emulator: Service Connect turned off outside Terraform, which {@code ./main plan}
 * (provider 5.x) does not see and drift does, and the fix drift prints. The small variant of the default config that
 * EmulatorRollbackIT deploys (one zone, no NAT, no bastion; the same two services) is deployed; then, in order: drift
 * finds nothing; UpdateService through the AWS SDK turns Service Connect off on server-service, as a console user
 * would; the plan still shows no change; drift reports the service with exit 2; the replacement drift suggests
 * ({@code plan --out DIR -replace=ADDRESS}, {@code apply DIR}) restores it, and drift finds nothing again.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(EmulatorExtension.class)
class ServiceConnectDriftIT {
  private static final Path LOCAL = Fixtures.LOCAL;
  private static final String SERVER = "aws_ecs_service.Services_server-service_A875E9CA";

  private TestEmulator emulator;
  private EnvironmentConfig config;
  private Run deployed;
  private Run clean;
  private Run planAfterTurnOff;
  private Run drifted;
  private Run fixPlan;
  private Run fixApply;
  private Run fixed;
  private Run emulatorGone;

  /** A command as ./main runs it, with what it printed. */
  private record Run(int exitCode, String out, String err) {}

  @BeforeAll
  void deployTurnOffAndFix(TestEmulator emulator) throws IOException {
    this.emulator = emulator;
    String small = SmallStack.ofLocalFile();
    config = ConfigLoader.parse(LOCAL, small);
    deployed = run(emulator.env, w -> w.deploy(true));
    clean = run(emulator.env, Workflow::drift);

    AwsClients aws = emulator.aws("us-east-1");
    aws.ecs.updateService(b -> b.cluster(config.cluster().name()).service("server-service")
        .serviceConnectConfiguration(sc -> sc.enabled(false)));

    planAfterTurnOff = run(emulator.env, w -> w.plan(List.of()));
    drifted = run(emulator.env, Workflow::drift);
    Path saved = emulator.work.resolve("drift.plan");
    fixPlan = run(emulator.env, w -> w.plan(List.of("-replace=" + SERVER), Optional.of(saved)));
    fixApply = capture(emulator.env, (out, err) -> Execution.apply(context(emulator.env, out, err), saved));
    fixed = run(emulator.env, Workflow::drift);

    Map<String, String> nothing = new HashMap<>(emulator.env);
    nothing.put(DeploymentTarget.ENDPOINT_VARIABLE, "http://127.0.0.1:" + TestEmulator.freeLoopbackPort());
    emulatorGone = run(nothing, Workflow::drift);
  }

  private RunContext context(Map<String, String> env, PrintStream out, PrintStream err) {
    return new RunContext(LOCAL, emulator.work.resolve("cdktf.out"), emulator.work.resolve("state"), env, out, err);
  }

  private interface Action {
    int run(PrintStream out, PrintStream err);
  }

  private static Run capture(Map<String, String> env, Action action) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Execution.exitCode(() -> action.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)));
    Run run = new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    System.out.print(run.out());
    System.err.print(run.err());
    return run;
  }

  private Run run(Map<String, String> env, ToIntFunction<Workflow> command) {
    return capture(env, (out, err) -> command.applyAsInt(new Workflow(context(env, out, err)
        .with(config, Topology.of(config)))));
  }

  @Test
  void driftFindsNothingRightAfterADeploy() {
    assertThat(deployed.exitCode()).isZero();
    assertThat(clean.exitCode()).isZero();
    assertThat(clean.out()).isEmpty();
    assertThat(clean.err()).contains("drift: none; the 2 service(s) run the stack's Service Connect configuration");
  }

  /** The provider's blindness, as it is: provider 5.x keeps its state when ECS reports no configuration. */
  @Test
  void thePlanDoesNotSeeServiceConnectTurnedOff() {
    assertThat(planAfterTurnOff.exitCode()).as("terraform plan -detailed-exitcode: 0 is no changes").isZero();
    assertThat(planAfterTurnOff.out()).contains("No changes.");
  }

  @Test
  void driftReportsTheServiceWithExitTwoAndTheReplacement() {
    assertThat(drifted.exitCode()).isEqualTo(Execution.EXIT_DRIFT);
    assertThat(drifted.out().lines()).containsExactly(
        "server-service: serviceConnect.enabled: expected true, live false");
    assertThat(drifted.err()).contains("drift: 1 of 2 service(s) differ from the stack",
        "./main plan --config " + LOCAL + " --out drift.plan -replace=" + SERVER + " && ./main apply drift.plan");
  }

  @Test
  void replacingTheServiceRestoresServiceConnect() {
    assertThat(fixPlan.exitCode()).as("the plan replaces the service").isEqualTo(2);
    assertThat(fixPlan.out()).contains(SERVER + " will be replaced, as requested");
    assertThat(fixApply.exitCode()).isZero();
    assertThat(fixed.exitCode()).isZero();
    assertThat(fixed.out()).isEmpty();
    var deployment = emulator.aws("us-east-1").ecs.describeServices(b -> b.cluster(config.cluster().name())
        .services("server-service")).services().get(0).deployments().get(0);
    assertThat(deployment.serviceConnectConfiguration().enabled()).isTrue();
  }

  @Test
  void anEmulatorThatDoesNotAnswerIsSixtyNine() {
    assertThat(emulatorGone.exitCode()).isEqualTo(Execution.EXIT_ROLLOUT_FAILED);
    assertThat(emulatorGone.out()).isEmpty();
    assertThat(emulatorGone.err()).contains("drift: nothing answers at http://127.0.0.1:");
  }
}
