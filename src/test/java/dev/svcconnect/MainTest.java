package dev.svcconnect;

import dev.svcconnect.support.Captured;
import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's contract for bad input: file, field and rule on stderr, exit 64, nothing written. */
@UnitTier
class MainTest {
  @TempDir Path dir;

  private Captured run(Map<String, String> env, String... args) {
    return Captured.of((out, err) -> Main.run(args, env, out, err));
  }

  private Map<String, String> env() {
    return Fixtures.withLocalConfig(Map.of("CDKTF_OUTDIR", dir.resolve("cdktf.out").toString()));
  }

  @Test
  void failsOnAnInvalidConfigWithEveryProblemAndWritesNothing() throws IOException {
    String local = Files.readString(Fixtures.LOCAL);
    Path bad = Files.writeString(dir.resolve("bad.yaml"), local.replace("containerPort: 80", "containerPort: 70000")
        .replace("retentionDays: 30", "retentionDays: 31"));

    Captured r = run(env(), "synth", "--config", bad.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err().lines()).contains(
        bad + ": task.portMappings[0].containerPort: 70000 is out of range (1-65535)",
        bad + ": logs.retentionDays: 31 is not a CloudWatch Logs retention; expected one of [1, 3, 5, 7, 14, 30, 60,"
            + " 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]");
    assertThat(r.err()).contains("nothing was synthesized or applied");
    assertThat(dir.resolve("cdktf.out")).doesNotExist();
  }

  @Test
  void failsOnAnInvalidConfigBeforeDeployTouchesAnything() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "environment: local\nstate: {bucket: x}\n");

    Captured r = run(env(), "deploy", "--config", bad.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err().lines()).contains(bad + ": state.bucket: 'x' must be 3-63 characters long");
    assertThat(r.out()).doesNotContain("Starting the AWS emulator");
    assertThat(dir.resolve("cdktf.out")).doesNotExist();
  }

  @Test
  void failsOnAMissingConfigNamedByTheEnvironmentVariable() {
    Path missing = dir.resolve("nope.yaml");
    Map<String, String> env = Map.of("CDKTF_OUTDIR", dir.resolve("cdktf.out").toString(),
        Main.CONFIG_VARIABLE, missing.toString());

    Captured r = run(env, "plan");

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err().lines()).contains(missing + ": no such file");
  }

  @Test
  void failsOnAnEndpointThatIsNotAUrl() {
    Map<String, String> env = Map.of("CDKTF_OUTDIR", dir.resolve("cdktf.out").toString(),
        "AWS_ENDPOINT_URL", "localhost-4566");

    Captured r = run(env, "synth");

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("AWS_ENDPOINT_URL: 'localhost-4566' is not an emulator endpoint");
    assertThat(dir.resolve("cdktf.out")).doesNotExist();
  }

  @Test
  void failsOnAnUnknownCommandOrOption() {
    assertThat(run(env(), "deploi").exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(run(env(), "deploy", "--auto-aprove").exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(Main.EXIT_BAD_INPUT).as("never one of plan's -detailed-exitcode values").isNotIn(0, 1, 2);
  }

  @Test
  void everyCommandHasHelp() {
    for (Class<?> subcommand : Main.class.getAnnotation(CommandLine.Command.class).subcommands()) {
      String command = subcommand.getAnnotation(CommandLine.Command.class).name();
      Captured r = run(env(), command, "--help");
      assertThat(r.exitCode()).as(command).isZero();
      assertThat(r.out()).as(command).startsWith("Usage: main " + command);
    }
  }

  @Test
  void failsOnAnUnknownEmulatorAction() {
    Captured r = run(env(), "emulator", "restart");

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("emulator: 'restart' is not an action; expected start, stop or status");
  }

  @Test
  void failsOnAMissingEmulatorAction() {
    Captured r = run(env(), "emulator");

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err().lines()).containsExactly("error: emulator: no action given; expected start, stop or status;"
        + " see ./main emulator --help");
  }

  @Test
  void emulatorStatusSaysNothingAnswersWithExitThree() {
    // TEST-NET-1: nothing answers there
    Captured r = run(Map.of("AWS_ENDPOINT_URL", "http://192.0.2.1:9"), "emulator", "status");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("http://192.0.2.1:9 does not answer" + System.lineSeparator());
  }

  @Test
  void failsOnAnUnknownReportFormatBeforeSynthesizing() {
    Captured r = run(env(), "report", "--format", "xml");

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("--format: 'xml' is not a report format; expected text, markdown, mermaid or json");
    assertThat(r.out()).isEmpty();
  }
}
