package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.target.DeploymentTarget;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Whether the stacks in the synth output are exactly what a synth would write now, so that plan and deploy need not
 * synthesize again. A synth's output follows from:
 * <ul>
 *   <li>the loaded configuration: the {@code EnvironmentConfig} record, by its {@code toString()} (every component,
 *       recursively: records, lists, maps, enums and {@code Cidr}, whose own {@code toString} is its value), which is
 *       all that the synth reads of the environment file (the target and topology follow from it and the
 *       environment), and the deployment target the command resolved (kind, region, account, endpoint);</li>
 *   <li>the environment variables ./main, CDKTF and jsii read: every one whose name starts with one of
 *       {@link #VARIABLE_PREFIXES}, and {@code NODE_OPTIONS} (the endpoint, the outdir, the provider mirror, the
 *       jsii runtime and node among them);</li>
 *   <li>the code: every entry of the JVM's class path (a jar by path, size and modification time; a class directory
 *       by every file in it), and the node the kernel runs on ({@code PATH}'s, by real path, size, time);</li>
 *   <li>the output directory's absolute path.</li>
 * </ul>
 * After a successful synth their digest, the digest of every file the synth wrote (manifest.json and each stack's
 * cdk.tf.json) and the lines the synth printed are written to {@value #STAMP} in the output directory. A later
 * command skips the synth only when the inputs digest the same and the written files are still exactly those; it then
 * prints the same lines. The stamp is removed before every synth, so a failed or stopped one is never trusted.
 *
 * <p>The stamp also holds a digest of the environment file's bytes with the same environment, class path, node and
 * outdir ({@link #probablyCurrent}): read before the file is parsed, it tells whether the synth will most likely be
 * skipped, so that the jsii kernel's warm-up is started only when a synth will likely run (issue 17: on a skip the
 * warm-up's node only competes with Terraform for the CPU). It decides nothing else: {@link #current} alone decides
 * the skip.
 *
 * @param outdir the synth output directory, where the stamp is
 * @param inputs the inputs' digest (hex SHA-256), as the stamp records it
 * @param source the digest of the environment file's bytes and the other inputs ({@link #probablyCurrent}); empty
 *     when no file was given
 */
record SynthCache(Path outdir, String inputs, Optional<String> source) {
  /** The stamp's file name in the synth output directory. */
  static final String STAMP = "svcconnect-synth.json";
  /** Environment variables whose name starts with one of these are inputs of a synth. */
  static final List<String> VARIABLE_PREFIXES = List.of("SVCCONNECT_", "CDKTF_", "JSII_", "AWS_", "TF_");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The inputs of a synth of {@code config} for {@code target} into {@code outdir} under {@code env}, with this JVM's class path,
   * digested now.
   */
  static SynthCache of(EnvironmentConfig config, DeploymentTarget target, Path outdir, Map<String, String> env) {
    String described = config + "\ntarget " + target.describe() + " account " + target.accountId()
        + " endpoint " + target.endpoint();
    // A config built in memory (tests, generated fleets) names a source that is no file: no forecast to record.
    return of(described, Optional.of(config.source()).filter(Files::isRegularFile), outdir, env, classPath());
  }

  /** {@link #of(EnvironmentConfig, DeploymentTarget, Path, Map)} with the config's text form and the class path given. */
  static SynthCache of(String config, Path outdir, Map<String, String> env, String classPath) {
    return of(config, Optional.empty(), outdir, env, classPath);
  }

  /**
   * {@link #of(String, Path, Map, String)}, with the environment file the config was loaded from, whose bytes
   * {@link #probablyCurrent} compares.
   */
  static SynthCache of(String config, Optional<Path> configFile, Path outdir, Map<String, String> env,
      String classPath) {
    String around = surroundings(outdir, env, classPath);
    return new SynthCache(outdir, new Stamp.Digest().part("config", config).part("surroundings", around).hex(),
        configFile.map(f -> source(f, around)));
  }

  /**
   * Whether the next plan or deploy with the environment file {@code configFile} will most likely skip its synth:
   * the last synth into {@code outdir} recorded the same bytes of that file under the same environment, class path
   * (this JVM's), node and outdir. Cheap (no parsing), and only a forecast: {@link #current} decides.
   */
  static boolean probablyCurrent(Path configFile, Path outdir, Map<String, String> env) {
    return probablyCurrent(configFile, outdir, env, classPath());
  }

  /** {@link #probablyCurrent(Path, Path, Map)} with the class path given. */
  static boolean probablyCurrent(Path configFile, Path outdir, Map<String, String> env, String classPath) {
    Optional<String> stamp = new Stamp(outdir.resolve(STAMP)).read();
    if (stamp.isEmpty() || !Files.isRegularFile(configFile)) {
      return false;
    }
    try {
      String recorded = JSON.readTree(stamp.get()).path("source").asText("");
      return recorded.equals(source(configFile, surroundings(outdir, env, classPath)));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  private static String classPath() {
    return System.getProperty("java.class.path", "");
  }

  /** The digest of the environment file's bytes and {@code surroundings}. */
  private static String source(Path configFile, String surroundings) {
    try {
      return new Stamp.Digest().part("file", Stamp.Digest.of(Files.readAllBytes(configFile)))
          .part("surroundings", surroundings).hex();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + configFile, e);
    }
  }

  /** The digest of the synth's inputs other than the config: variables, class path, node, outdir. */
  private static String surroundings(Path outdir, Map<String, String> env, String classPath) {
    try {
      Stamp.Digest digest = new Stamp.Digest();
      Map<String, String> vars = new TreeMap<>();
      env.forEach((k, v) -> {
        if (k.equals("NODE_OPTIONS") || VARIABLE_PREFIXES.stream().anyMatch(k::startsWith)) {
          vars.put(k, v);
        }
      });
      vars.forEach((k, v) -> digest.part("env " + k, v));
      for (String entry : classPath.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          digest.part("classpath", entry + " " + code(Path.of(entry)));
        }
      }
      digest.part("node", Stamp.program(env.getOrDefault("PATH", ""), "node"))
          .part("outdir", outdir.toAbsolutePath().normalize().toString());
      return digest.hex();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the synth inputs", e);
    }
  }

  /**
   * The lines the synth printed, when the output directory holds exactly what the last successful synth with these
   * inputs wrote; empty when a synth must run.
   */
  Optional<List<String>> current() {
    Optional<String> stamp = stamp().read();
    if (stamp.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode recorded = JSON.readTree(stamp.get());
      if (!inputs.equals(recorded.path("inputs").asText()) || !outputs().equals(recorded.path("outputs").asText())) {
        return Optional.empty();
      }
      List<String> lines = new ArrayList<>();
      recorded.path("printed").forEach(l -> lines.add(l.asText()));
      return Optional.of(lines);
    } catch (IOException e) {
      return Optional.empty(); // a stamp that cannot be read, or output files gone: synthesize
    }
  }

  /** Forgets the last synth: called before one runs. */
  void forget() {
    stamp().forget();
  }

  /** Records the synth that just succeeded with these inputs, and the lines it printed. */
  void record(List<String> printed) {
    ObjectNode recorded = JSON.createObjectNode();
    try {
      recorded.put("inputs", inputs);
      recorded.put("outputs", outputs());
      source.ifPresent(s -> recorded.put("source", s));
      printed.forEach(recorded.putArray("printed")::add);
      stamp().write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(recorded));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + outdir.resolve(STAMP), e);
    }
  }

  private Stamp stamp() {
    return new Stamp(outdir.resolve(STAMP));
  }

  /** The digest of every file a synth writes: manifest.json and each stack's cdk.tf.json. */
  private String outputs() throws IOException {
    Stamp.Digest digest = new Stamp.Digest();
    for (Path file : List.of(outdir.resolve("manifest.json"),
        outdir.resolve("stacks").resolve(StateBootstrapStack.ID).resolve("cdk.tf.json"),
        outdir.resolve("stacks").resolve(ServiceConnectStack.ID).resolve("cdk.tf.json"))) {
      byte[] bytes = Files.readAllBytes(file); // a missing one throws: synthesize
      digest.part(file.getFileName().toString(), Stamp.Digest.of(bytes));
    }
    return digest.hex();
  }

  /** A class path entry: a file by size and modification time; a directory by each file in it, in order. */
  private static String code(Path entry) throws IOException {
    if (Files.isRegularFile(entry)) {
      return Stamp.stat(entry);
    }
    if (!Files.isDirectory(entry)) {
      return Stamp.ABSENT;
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(entry)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        all.append(entry.relativize(f)).append(' ').append(Stamp.stat(f)).append('\n');
      }
    }
    return all.toString();
  }
}
