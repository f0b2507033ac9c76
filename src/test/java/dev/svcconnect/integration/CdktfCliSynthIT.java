package dev.svcconnect.integration;

import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.app.Synthesizer;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.Stacks;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.support.NodeModules;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.SynthTier;
import dev.svcconnect.topology.Topology;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `npx cdktf synth` (the pinned CLI running cdktf.json's app, ./main synth) writes the same stacks. */
@SynthTier
class CdktfCliSynthIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void cdktfCliWritesTheSameStacksAsStacksSynth(@TempDir Path dir) throws Exception {
    // the CLI under test is package-lock.json's, installed as any user of npx cdktf would
    NodeModules.ensureInstalled(dir.resolve("npm-ci.log"));
    assertThat(Path.of("node_modules/.bin/cdktf")).as("the pinned CDKTF CLI").exists();
    Path cliOut = dir.resolve("cli");
    ProcessBuilder pb = new ProcessBuilder(List.of("npx", "cdktf", "synth", "--output", cliOut.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("cli.log").toFile());
    // The build under test is the one Maven just made: the launcher must not rebuild it mid-verify.
    pb.environment().put("SVCCONNECT_NO_BUILD", "1");
    pb.environment().put("CHECKPOINT_DISABLE", "1");
    pb.environment().remove(DeploymentTarget.ENDPOINT_VARIABLE);
    pb.environment().remove("SVCCONNECT_CONFIG");
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("cdktf synth finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("cli.log"))).isZero();

    EnvironmentConfig config = ConfigLoader.load(Fixtures.LOCAL);
    Stacks.Synthesized direct =
        Synthesizer.synthUnchecked(config, Topology.of(config), DeploymentTarget.resolve(config, Map.of()), dir.resolve("direct"));
    Stacks.Synthesized viaCli = new Stacks.Synthesized(cliOut);
    for (String stack : List.of(StateBootstrapStack.ID, ServiceConnectStack.ID)) {
      JsonNode expected = JSON.readTree(direct.stackDir(stack).resolve("cdk.tf.json").toFile());
      File actual = viaCli.stackDir(stack).resolve("cdk.tf.json").toFile();
      assertThat(JSON.readTree(actual)).as(stack).isEqualTo(expected);
    }
  }
}
