package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.tiers.SynthTier;
import dev.svcconnect.topology.Topology;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan and deploy's synth skip through the real Workflow and a real synth: skipped when nothing changed, with the
 * same lines printed, and a config change synthesizes again, into exactly what a fresh synth of the new config writes.
 */
@SynthTier
class SynthSkipSynthTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Workflow workflow(Path config, Path outdir) {
    EnvironmentConfig c = ConfigLoader.load(config);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    RunContext run = new RunContext(config, outdir, dir.resolve("state"), Map.of(), System.out, e);
    return new Workflow(run.with(c, Topology.of(c)));
  }

  private String err() {
    String text = err.toString(StandardCharsets.UTF_8);
    err.reset();
    return text;
  }

  @Test
  void skipsAnUnchangedSynthAndRedoesAChangedOne() throws IOException {
    Path config = dir.resolve("env.yaml");
    Files.copy(Fixtures.LOCAL, config);
    Path outdir = dir.resolve("cdktf.out");
    Path stack = outdir.resolve("stacks").resolve(ServiceConnectStack.ID).resolve("cdk.tf.json");

    workflow(config, outdir).synthUnlessCurrent();
    String first = err();
    String written = Files.readString(stack);
    workflow(config, outdir).synthUnlessCurrent();
    String second = err();

    assertThat(first).contains("Synthesized ").doesNotContain("not synthesized again");
    assertThat(second).startsWith(first).contains("not synthesized again");
    assertThat(Files.readString(stack)).isEqualTo(written);

    Files.writeString(config, Files.readString(config).replace("desiredCount: 1", "desiredCount: 3"));
    assertThat(Files.readString(config)).contains("desiredCount: 3");
    workflow(config, outdir).synthUnlessCurrent();
    String third = err();
    Path fresh = dir.resolve("fresh");
    workflow(config, fresh).synth();

    assertThat(third).doesNotContain("not synthesized again");
    assertThat(Files.readString(stack)).contains("\"desired_count\": 3")
        .isEqualTo(Files.readString(fresh.resolve("stacks").resolve(ServiceConnectStack.ID).resolve("cdk.tf.json")));
  }
}
