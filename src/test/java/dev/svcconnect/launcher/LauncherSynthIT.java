package dev.svcconnect.launcher;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.Main;
import dev.svcconnect.app.Synthesizer;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.Stacks;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.SynthTier;
import dev.svcconnect.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's speed-ups (AppCDS archive, lazy provider index) change how fast {@code ./main synth} runs, never
 * what it writes. Each test runs the launcher in a copy of the project around the jars this build made: no build
 * (Maven is running) and none of the project's own {@code target/.main-cds}.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherSynthIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> STACKS = List.of(StateBootstrapStack.ID, ServiceConnectStack.ID);

  /** The copy's directory name: every character a shell or node's option parser would otherwise interpret. */
  static final String CHECKOUT = "my \"project\" $HOME 'x' \\y";

  private final Path projectDir = Path.of("").toAbsolutePath();
  private Path expected;
  private Path copy;
  private Path work;

  @BeforeAll
  void synthesizeDirectly(@TempDir Path dir) {
    EnvironmentConfig config = ConfigLoader.load(projectDir.resolve(Fixtures.LOCAL));
    expected = Synthesizer.synthUnchecked(config, Topology.of(config), DeploymentTarget.resolve(config, Map.of()), dir.resolve("direct"))
        .outdir();
  }

  @BeforeEach
  void copyTheLauncher(@TempDir Path dir) throws IOException {
    work = dir;
    // a checkout path with a double quote, a space, a $, a single quote and a backslash (issue 12): the launcher
    // passes it to node (NODE_OPTIONS) and to /bin/sh (JSII_RUNTIME), and each must take it literally
    copy = dir.resolve(CHECKOUT);
    Files.createDirectories(copy.resolve("launcher"));
    Files.createDirectories(copy.resolve(RunContext.DEFAULT_CONFIG).getParent());
    Files.createDirectories(copy.resolve("target"));
    for (String file : List.of("main", "launcher/lazy-provider-index.cjs", "launcher/jsii-direct-kernel.cjs",
        LauncherFilesTest.TESTED_JSII_VERSIONS.toString(), LauncherFilesTest.SYNTHESIZING_COMMANDS.toString())) {
      Files.copy(projectDir.resolve(file), copy.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    // the copy's default environment file: the test copy of the shipped one (config/ is the user's to edit)
    Files.copy(projectDir.resolve(Fixtures.LOCAL), copy.resolve(RunContext.DEFAULT_CONFIG));
    try (Stream<Path> jars = Files.list(projectDir.resolve("target"))) {
      List<Path> packaged = jars.filter(p -> p.getFileName().toString().matches("ecs-service-connect-cdktf-.*\\.jar"))
          .toList();
      assertThat(packaged).as("the package jar of this build (failsafe runs after package)").hasSize(1);
      Files.copy(packaged.get(0), copy.resolve("target").resolve(packaged.get(0).getFileName()),
          StandardCopyOption.COPY_ATTRIBUTES);
    }
    Files.createSymbolicLink(copy.resolve("target/lib"), projectDir.resolve("target/lib"));
    try (Stream<Path> dirs = Files.list(projectDir.resolve("target"))) {
      List<Path> kernels = dirs.filter(p -> p.getFileName().toString().startsWith("jsii-runtime-")).toList();
      assertThat(kernels).as("the jsii kernel this build unpacked (prepare-package)").hasSize(1);
      Files.createSymbolicLink(copy.resolve("target").resolve(kernels.get(0).getFileName()), kernels.get(0));
    }
    // no pom.xml or src/main in the copy, and a build stamp: the launcher does not build
    Files.createFile(copy.resolve("target/.main-build-stamp"));
  }

  private int launch(String outdir, String... args) throws IOException, InterruptedException {
    return launch(outdir, Map.of(), args);
  }

  private int launch(String outdir, Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("./main"), Stream.of(args)).toList())
        .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(work.resolve(outdir + ".log").toFile());
    Map<String, String> env = pb.environment();
    for (String name : List.of("SVCCONNECT_NO_BUILD", "SVCCONNECT_FAST", "SVCCONNECT_PROVIDER_MIRROR",
        Main.CONFIG_VARIABLE, DeploymentTarget.ENDPOINT_VARIABLE)) {
      env.remove(name);
    }
    env.put("CDKTF_OUTDIR", work.resolve(outdir).toString());
    env.putAll(extraEnv);
    Process p = pb.start();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("./main %s finished", String.join(" ", args)).isTrue();
    return p.exitValue();
  }

  private void assertSameStacks(String outdir) throws IOException {
    for (String stack : STACKS) {
      JsonNode want = JSON.readTree(new Stacks.Synthesized(expected).stackDir(stack).resolve("cdk.tf.json").toFile());
      JsonNode got = JSON.readTree(new Stacks.Synthesized(work.resolve(outdir)).stackDir(stack)
          .resolve("cdk.tf.json").toFile());
      assertThat(got).as("%s written by ./main synth into %s", stack, outdir).isEqualTo(want);
    }
  }

  private List<Path> archives() throws IOException {
    Path dir = copy.resolve("target/.main-cds");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  private String log(String outdir) throws IOException {
    return Files.readString(work.resolve(outdir + ".log"));
  }

  @Test
  void synthRecordsUsesAndReplacesTheArchiveAndWritesTheSameStacks() throws Exception {
    assertThat(launch("first", "synth")).as(log("first")).isZero();
    assertSameStacks("first");
    List<Path> recorded = archives();
    assertThat(recorded).as("the archive the first synth recorded").hasSize(1);
    assertThat(recorded.get(0).getFileName().toString()).matches("app-\\d+\\.jsa");

    assertThat(launch("second", "synth")).as(log("second")).isZero();
    assertSameStacks("second");
    assertThat(archives()).as("the second synth maps the archive, and records none").isEqualTo(recorded);
    // The config's own warnings ("config/local.yaml: warning: ...", e.g. the .local namespace) are expected.
    assertThat(log("second").lines().filter(l -> !l.startsWith("config/local.yaml: warning: ")))
        .as("no JVM or node warning on the output").noneMatch(l -> l.contains("warning") || l.contains("Warning"));

    try (Stream<Path> jars = Files.list(copy.resolve("target"))) {
      Path jar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
      // a rebuilt jar: same content, later mtime; the archive recorded with the old one is not to be used
      Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1_000));
    }
    assertThat(launch("rebuilt", "synth")).as(log("rebuilt")).isZero();
    assertSameStacks("rebuilt");
    assertThat(archives()).as("one archive, a new one").hasSize(1).doesNotContainAnyElementsOf(recorded);
  }

  @Test
  void theKernelRunsWithoutJsiisRelayAndWritesTheSameStacks() throws Exception {
    // JSII_DEBUG makes the Java runtime print the command it starts the kernel with, then every message
    assertThat(launch("direct", Map.of("JSII_DEBUG", "1"), "synth")).as(log("direct")).isZero();
    assertSameStacks("direct");
    String started = log("direct").lines().filter(l -> l.startsWith("jsii-runtime: ")).findFirst().orElseThrow();
    assertThat(started).as("the kernel command")
        .contains("launcher/jsii-direct-kernel.cjs", "/jsii-runtime-", "/lib/program.js' 3<&0 4>&1 1>&2")
        .doesNotContain("jsii-runtime.js");
  }

  @Test
  void anUntestedJsiiRuntimeRunsJsiisOwnRelayAndWritesTheSameStacks() throws Exception {
    // The same jars and kernel, but the runtime jar named as a version the direct kernel was never tested with.
    Path lib = copy.resolve("target/lib");
    Files.delete(lib);
    Files.createDirectories(lib);
    String untested = "0.0.1";
    assertThat(LauncherFilesTest.entries(LauncherFilesTest.TESTED_JSII_VERSIONS)).doesNotContain(untested);
    try (Stream<Path> jars = Files.list(projectDir.resolve("target/lib"))) {
      for (Path jar : jars.toList()) {
        String name = jar.getFileName().toString();
        Files.createSymbolicLink(lib.resolve(name.startsWith("jsii-runtime-") ? "jsii-runtime-" + untested + ".jar"
            : name), jar);
      }
    }
    try (Stream<Path> dirs = Files.list(copy.resolve("target"))) {
      Path kernel = dirs.filter(p -> p.getFileName().toString().startsWith("jsii-runtime-")).findFirst().orElseThrow();
      Files.createSymbolicLink(copy.resolve("target/jsii-runtime-" + untested), Files.readSymbolicLink(kernel));
    }

    assertThat(launch("relay", Map.of("JSII_DEBUG", "1"), "synth")).as(log("relay")).isZero();
    assertSameStacks("relay");
    String started = log("relay").lines().filter(l -> l.startsWith("jsii-runtime: ")).findFirst().orElseThrow();
    assertThat(started).as("the kernel command").contains("jsii-runtime.js")
        .doesNotContain("jsii-direct-kernel.cjs");
  }

  @Test
  void targetLibHoldsOnlyTheCurrentDependencies() throws IOException {
    // failsafe's classpath is this build's resolved dependency set: a jar of another version is not on it
    List<String> classpath = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(entry -> Path.of(entry).getFileName().toString()).toList();
    try (Stream<Path> jars = Files.list(projectDir.resolve("target/lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString()).toList()).isNotEmpty()
          .allSatisfy(jar -> assertThat(classpath).as("the build's dependencies").contains(jar));
    }
  }

  @Test
  void aFailedFirstRunLeavesNoArchive() throws Exception {
    Files.writeString(copy.resolve(RunContext.DEFAULT_CONFIG), "environment: NOT VALID\n");
    assertThat(launch("bad", "synth")).as(log("bad")).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(archives()).as("no archive, not even a partial one").isEmpty();
  }

  @Test
  void fastModeOffRunsThePlainCommandAndWritesTheSameStacks() throws Exception {
    // SVCCONNECT_FAST=0 is the benchmark's "before"; it must stay a working, archive-free path
    ProcessBuilder pb = new ProcessBuilder("./main", "synth").directory(copy.toFile()).redirectErrorStream(true)
        .redirectOutput(work.resolve("plain.log").toFile());
    pb.environment().put("SVCCONNECT_FAST", "0");
    pb.environment().put("CDKTF_OUTDIR", work.resolve("plain").toString());
    pb.environment().remove(Main.CONFIG_VARIABLE);
    pb.environment().remove(DeploymentTarget.ENDPOINT_VARIABLE);
    pb.environment().remove("SVCCONNECT_PROVIDER_MIRROR");
    // the plain path runs target/classes, which the copy has as the project's own
    Files.createSymbolicLink(copy.resolve("target/classes"), projectDir.resolve("target/classes"));
    Process p = pb.start();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(log("plain")).isZero();
    assertSameStacks("plain");
    assertThat(archives()).isEmpty();
  }
}
