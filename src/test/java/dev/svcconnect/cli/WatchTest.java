package dev.svcconnect.cli;

import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.tiers.SynthTier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./main watch} reports each synth as {@code ./main synth} does, and goes on: the config's warnings, a bad
 * config, a bad suppression, then a good config again, in one watch.
 */
@SynthTier
class WatchTest {
  private static final Duration SYNTH_TIMEOUT = Duration.ofMinutes(2);

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private String out() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private String err() {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Waits until {@code done} holds for the diagnostics so far (watch has no result: its progress goes to stderr, as
   * every command's does); fails with both streams after the timeout.
   */
  private void awaitErr(Predicate<String> done) throws InterruptedException {
    Instant deadline = Instant.now().plus(SYNTH_TIMEOUT);
    while (!done.test(err())) {
      assertThat(Instant.now()).as("watch output so far:%n%s%nstderr:%n%s", out(), err()).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static long count(String text, String line) {
    return text.lines().filter(l -> l.startsWith(line)).count();
  }

  @Test
  void reportsWarningsBadConfigsAndBadSuppressionsAndGoesOn() throws Exception {
    String local = Files.readString(Fixtures.LOCAL);
    Path config = dir.resolve("env.yaml");
    Files.writeString(config, local.replace("circuitBreaker: rollback ", "circuitBreaker: none     "));
    RunContext run = new RunContext(config, dir.resolve("cdktf.out"), dir.resolve("state"), Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    Watch watch = new Watch(run, dir);
    CompletableFuture<Integer> result = CompletableFuture.supplyAsync(() -> {
      try {
        return watch.run();
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      awaitErr(o -> o.contains("watch: watching env.yaml (Ctrl-C stops)"));
      assertThat(count(err(), "watch: synthesized in ")).isEqualTo(1);
      assertThat(err().lines()).contains(config + ": warning: services[0].deployment.circuitBreaker: none: a"
          + " deployment whose tasks never get healthy retries forever instead of failing; 'rollback' returns to the"
          + " last working revision");

      Files.writeString(config, local.replace("containerPort: 80", "containerPort: 70000"));
      awaitErr(o -> count(o, "watch: nothing was synthesized; waiting for the next change") == 1);
      assertThat(err().lines()).contains(
          config + ": task.portMappings[0].containerPort: 70000 is out of range (1-65535)",
          "error: " + config + " is not valid (1 problem(s)); nothing was synthesized or applied");

      Files.writeString(config, local.replace("  suppressions: []\n",
          "  suppressions:\n    - {rule: imdsv1, resource: Bastion/Resource, reason: legacy agent}\n"));
      awaitErr(o -> count(o, "watch: nothing was synthesized; waiting for the next change") == 2);
      assertThat(err().lines()).anyMatch(l -> l.startsWith(config + ": policy.suppressions[0].rule: 'imdsv1' is"
          + " not a policy rule; known rules: "));

      Files.writeString(config, local);
      awaitErr(o -> count(o, "watch: synthesized in ") == 2);
      assertThat(dir.resolve("cdktf.out/stacks/service-connect/cdk.tf.json")).isRegularFile();
      assertThat(out()).as("nothing on stdout: watch prints no result").isEmpty();
    } finally {
      watch.stop();
    }
    assertThat(result.get(1, TimeUnit.MINUTES)).as("the watch ends with 0 when stopped").isZero();
  }

  @Test
  void failsOnAConfigThatIsNotAFile() {
    RunContext run = new RunContext(dir.resolve("missing.yaml"), dir.resolve("cdktf.out"), dir.resolve("state"),
        Map.of(), System.out, System.err);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Watch(run, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("watch: " + dir.resolve("missing.yaml") + " is not a file");
  }
}
