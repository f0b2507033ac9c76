package dev.svcconnect;

import dev.svcconnect.support.Captured;
import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.SynthTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's commands that synthesize: what they write, print and leave alone. */
@SynthTier
class MainSynthTest {
  @TempDir Path dir;

  private Captured run(Map<String, String> env, String... args) {
    return Captured.of((out, err) -> Main.run(args, env, out, err));
  }

  private Map<String, String> env() {
    return Fixtures.withLocalConfig(Map.of("CDKTF_OUTDIR", dir.resolve("cdktf.out").toString()));
  }

  @Test
  void synthWritesBothStacksToTheOutdir() {
    Captured r = run(env(), "synth");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(dir.resolve("cdktf.out/stacks/state-bootstrap/cdk.tf.json")).isRegularFile();
    assertThat(dir.resolve("cdktf.out/stacks/service-connect/cdk.tf.json")).isRegularFile();
  }

  /**
   * Issue 20: the first line names the environment, target, account and region the command acts on; synth has no
   * result, so stdout stays empty and its progress goes to stderr.
   */
  @Test
  void synthNamesItsTargetFirstAndPrintsNothingOnStdout() {
    Captured local = run(env(), "synth");
    assertThat(local.exitCode()).as(local.err()).isZero();
    assertThat(local.err().lines().findFirst()).contains("main synth: environment local, local emulator at"
        + " http://127.0.0.1:4566, region us-east-1, config " + Fixtures.LOCAL);
    assertThat(local.err()).contains("Synthesized ");
    assertThat(local.out()).isEmpty();

    Captured aws = run(Map.of("CDKTF_OUTDIR", dir.resolve("aws.out").toString()), "synth", "--config",
        Fixtures.AWS.toString());
    assertThat(aws.exitCode()).as(aws.err()).isZero();
    assertThat(aws.err().lines().findFirst()).contains("main synth: environment prod, AWS account 111122223333,"
        + " region eu-west-1, config " + Fixtures.AWS);
    assertThat(aws.out()).isEmpty();
  }

  @Test
  void reportPrintsTheVerdictsAndLeavesTheSynthOutputAlone() {
    Captured r = run(env(), "report");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines()).contains(
        "client-service  http://nginx-server.local  resolves          admitted tcp/80  reachable",
        "bastion-host    http://nginx-server.local  does not resolve  admitted tcp/80  by task address only");
    assertThat(dir.resolve("cdktf.out")).doesNotExist();
  }

  @Test
  void warningsGoToStderrAndTheCommandGoesOn() throws IOException {
    String local = Files.readString(Fixtures.LOCAL);
    Path risky = Files.writeString(dir.resolve("risky.yaml"),
        local.replace("circuitBreaker: rollback ", "circuitBreaker: none     "));

    Captured r = run(env(), "synth", "--config", risky.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.err().lines()).contains(risky + ": warning: services[0].deployment.circuitBreaker: none: a"
        + " deployment whose tasks never get healthy retries forever instead of failing; 'rollback' returns to the"
        + " last working revision");
    assertThat(dir.resolve("cdktf.out/stacks/service-connect/cdk.tf.json")).exists();
  }
}
