package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When plan and deploy may skip the synth ({@link SynthCache}): on the real stacks (the golden snapshot as the
 * synth output), the test config as loaded, a jar and a class directory as the class path. Each input and each output is
 * changed in turn: every change must make the next command synthesize.
 */
@UnitTier
class SynthCacheTest {
  private static final List<String> PRINTED = List.of("Synthesized a and b (local)", "Policy suite: 25 rules");

  @TempDir Path dir;
  private Path config;
  private Path outdir;
  private Path jar;
  private Path classes;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void synthOutput() throws IOException {
    config = dir.resolve("local.yaml");
    Files.copy(Path.of("src/test/resources/config/local.yaml"), config);
    outdir = dir.resolve("cdktf.out");
    for (String stack : List.of(StateBootstrapStack.ID, ServiceConnectStack.ID)) {
      Files.createDirectories(outdir.resolve("stacks").resolve(stack));
      Files.copy(Path.of("src/test/resources/golden/" + stack + ".json"),
          outdir.resolve("stacks").resolve(stack).resolve("cdk.tf.json"));
    }
    Files.writeString(outdir.resolve("manifest.json"), "{\"version\":\"0.19.2\"}");
    jar = dir.resolve("lib/cdktf.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "jar bytes");
    classes = Files.createDirectories(dir.resolve("classes/dev/svcconnect")).getParent().getParent();
    Files.writeString(classes.resolve("dev/svcconnect/Main.class"), "class bytes");
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:45931");
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", "/root");
  }

  private SynthCache cache() {
    return SynthCache.of(ConfigLoader.load(config).toString(), outdir, env,
        classes + java.io.File.pathSeparator + jar);
  }

  private void synthesized() {
    cache().forget();
    cache().record(PRINTED);
  }

  @Test
  void theSameInputsAndOutputsSkipTheSynthAndPrintItsLines() {
    synthesized();

    assertThat(cache().current()).contains(PRINTED);
  }

  // --- the forecast that starts the kernel's warm-up (SynthCache.probablyCurrent) ---
  private SynthCache cacheWithFile() {
    return SynthCache.of(ConfigLoader.load(config).toString(), Optional.of(config), outdir, env, classPath());
  }

  private String classPath() {
    return classes + java.io.File.pathSeparator + jar;
  }

  private boolean forecastSkip() {
    return SynthCache.probablyCurrent(config, outdir, env, classPath());
  }

  @Test
  void theForecastIsASkipOnlyForTheFileBytesAndSurroundingsOfTheLastSynth() throws IOException {
    assertThat(forecastSkip()).as("never synthesized").isFalse();
    cacheWithFile().forget();
    cacheWithFile().record(PRINTED);
    assertThat(forecastSkip()).isTrue();
    assertThat(cacheWithFile().current()).contains(PRINTED);

    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:45932");
    assertThat(forecastSkip()).as("another endpoint").isFalse();
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:45931");
    Files.writeString(jar, "rebuilt jar bytes");
    assertThat(forecastSkip()).as("a rebuilt jar").isFalse();
  }

  @Test
  void anyByteOfTheFileChangedForecastsASynthEvenWhereTheSynthIsThenSkipped() throws IOException {
    cacheWithFile().forget();
    cacheWithFile().record(PRINTED);
    Files.writeString(config, Files.readString(config) + "\n# a comment\n");

    assertThat(forecastSkip()).isFalse();
    assertThat(cacheWithFile().current()).as("the skip itself reads the loaded config").contains(PRINTED);
  }

  @Test
  void aStampWrittenWithoutTheFileForecastsASynth() {
    synthesized();

    assertThat(forecastSkip()).isFalse();
  }

  @Test
  void aConfigBuiltInMemoryHasNoForecastButIsCached() throws IOException {
    // ScaleDeployIT and ProviderActionsIT deploy configs parsed from text under a name that is no file.
    var parsed = ConfigLoader.parse(outdir.resolve("in-memory.yaml"), Files.readString(config));
    var target = dev.svcconnect.target.DeploymentTarget.resolve(parsed, env);
    SynthCache cache = SynthCache.of(parsed, target, outdir, env);
    cache.forget();
    cache.record(PRINTED);

    assertThat(SynthCache.of(parsed, target, outdir, env).current()).contains(PRINTED);
    assertThat(SynthCache.probablyCurrent(parsed.source(), outdir, env)).isFalse();
  }

  @Test
  void neverSynthesizedMeansSynthesize() {
    assertThat(cache().current()).isEmpty();
  }

  @Test
  void aConfigChangeSynthesizesAgain() throws IOException {
    synthesized();
    Files.writeString(config, Files.readString(config).replaceFirst("desiredCount: 1", "desiredCount: 2"));

    assertThat(cache().current()).isEmpty();
  }

  @Test
  void aConfigParsedFromOtherTextThanItsFileSynthesizesAgain() throws IOException {
    synthesized();
    // what the emulator tests do: the same source path, another text
    String other = ConfigLoader.parse(config, Files.readString(config).replaceFirst("desiredCount: 1",
        "desiredCount: 2")).toString();

    assertThat(SynthCache.of(other, outdir, env, classes + java.io.File.pathSeparator + jar).current()).isEmpty();
  }

  @Test
  void aCommentInTheConfigDoesNotSynthesize() throws IOException {
    synthesized();
    Files.writeString(config, Files.readString(config) + "\n# a comment changes nothing the synth reads\n");

    assertThat(cache().current()).contains(PRINTED);
  }

  @Test
  void anotherEndpointSynthesizesAgain() {
    synthesized();
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:45999");

    assertThat(cache().current()).isEmpty();
  }

  @Test
  void anOutdirVariableOrJsiiSettingSynthesizesAgain() {
    synthesized();
    env.put("CDKTF_CONTEXT_JSON", "{}");
    assertThat(cache().current()).isEmpty();
    env.remove("CDKTF_CONTEXT_JSON");
    env.put("NODE_OPTIONS", "--max-old-space-size=512");
    assertThat(cache().current()).isEmpty();
  }

  @Test
  void aVariableNoSynthReadsDoesNotSynthesize() {
    synthesized();
    env.put("HOME", "/home/other");

    assertThat(cache().current()).contains(PRINTED);
  }

  @Test
  void aRebuiltJarSynthesizesAgain() throws IOException {
    synthesized();
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

    assertThat(cache().current()).isEmpty();
  }

  @Test
  void aRecompiledClassSynthesizesAgain() throws IOException {
    synthesized();
    Files.writeString(classes.resolve("dev/svcconnect/Main.class"), "other class bytes");

    assertThat(cache().current()).isEmpty();
  }

  @Test
  void aNewClassSynthesizesAgain() throws IOException {
    synthesized();
    Files.writeString(classes.resolve("dev/svcconnect/Added.class"), "class bytes");

    assertThat(cache().current()).isEmpty();
  }

  @Test
  void anEditedStackSynthesizesAgain() throws IOException {
    synthesized();
    Path stack = outdir.resolve("stacks").resolve(ServiceConnectStack.ID).resolve("cdk.tf.json");
    Files.writeString(stack, Files.readString(stack).replace("nginx", "httpd"));

    assertThat(cache().current()).isEmpty();
  }

  @Test
  void aRemovedStackSynthesizesAgain() throws IOException {
    synthesized();
    Files.delete(outdir.resolve("stacks").resolve(StateBootstrapStack.ID).resolve("cdk.tf.json"));

    assertThat(cache().current()).isEmpty();
  }

  @Test
  void anotherOutdirHasOtherInputs() {
    String here = cache().inputs();

    assertThat(SynthCache.of(ConfigLoader.load(config).toString(), dir.resolve("elsewhere"), env, jar.toString())
        .inputs()).isNotEqualTo(here);
  }

  @Test
  void aSynthThatStartedIsNotTrustedUntilItRecords() {
    synthesized();
    cache().forget();

    assertThat(cache().current()).isEmpty();
  }
}
