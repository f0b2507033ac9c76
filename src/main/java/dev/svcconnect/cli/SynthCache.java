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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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
 */
final class SynthCache {
  /** The stamp's file name in the synth output directory. */
  static final String STAMP = "svcconnect-synth.json";
  /** Environment variables whose name starts with one of these are inputs of a synth. */
  static final List<String> VARIABLE_PREFIXES = List.of("SVCCONNECT_", "CDKTF_", "JSII_", "AWS_", "TF_");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path outdir;
  private final String inputs;
  /** {@link #source}'s digest of the environment file's bytes and the rest; empty when no file was given. */
  private final Optional<String> source;

  private SynthCache(Path outdir, String inputs, Optional<String> source) {
    this.outdir = outdir;
    this.inputs = inputs;
    this.source = source;
  }

  /**
   * The inputs of a synth of {@code config} for {@code target} into {@code outdir} under {@code env}, with this JVM's class path,
   * digested now.
   */
  static SynthCache of(EnvironmentConfig config, DeploymentTarget target, Path outdir, Map<String, String> env) {
    String described = config + "\ntarget " + target.describe() + " account " + target.accountId()
        + " endpoint " + target.endpoint();
    return of(described, Optional.of(config.source()), outdir, env, classPath());
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
    MessageDigest sha = sha();
    part(sha, "config", config);
    part(sha, "surroundings", around);
    return new SynthCache(outdir, HexFormat.of().formatHex(sha.digest()),
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
    Path stamp = outdir.resolve(STAMP);
    if (!Files.isRegularFile(stamp) || !Files.isRegularFile(configFile)) {
      return false;
    }
    try {
      String recorded = JSON.readTree(stamp.toFile()).path("source").asText("");
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
      MessageDigest sha = sha();
      part(sha, "file", HexFormat.of().formatHex(sha().digest(Files.readAllBytes(configFile))));
      part(sha, "surroundings", surroundings);
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + configFile, e);
    }
  }

  /** The digest of the synth's inputs other than the config: variables, class path, node, outdir. */
  private static String surroundings(Path outdir, Map<String, String> env, String classPath) {
    try {
      MessageDigest sha = sha();
      Map<String, String> vars = new TreeMap<>();
      env.forEach((k, v) -> {
        if (k.equals("NODE_OPTIONS") || VARIABLE_PREFIXES.stream().anyMatch(k::startsWith)) {
          vars.put(k, v);
        }
      });
      vars.forEach((k, v) -> part(sha, "env " + k, v));
      for (String entry : classPath.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          part(sha, "classpath", entry + " " + code(Path.of(entry)));
        }
      }
      part(sha, "node", onPath(env.getOrDefault("PATH", ""), "node"));
      part(sha, "outdir", outdir.toAbsolutePath().normalize().toString());
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the synth inputs", e);
    }
  }

  /**
   * The lines the synth printed, when the output directory holds exactly what the last successful synth with these
   * inputs wrote; empty when a synth must run.
   */
  Optional<List<String>> current() {
    Path stamp = outdir.resolve(STAMP);
    if (!Files.isRegularFile(stamp)) {
      return Optional.empty();
    }
    try {
      JsonNode recorded = JSON.readTree(stamp.toFile());
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
    try {
      Files.deleteIfExists(outdir.resolve(STAMP));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + outdir.resolve(STAMP), e);
    }
  }

  /** Records the synth that just succeeded with these inputs, and the lines it printed. */
  void record(List<String> printed) {
    ObjectNode stamp = JSON.createObjectNode();
    try {
      stamp.put("inputs", inputs);
      stamp.put("outputs", outputs());
      source.ifPresent(s -> stamp.put("source", s));
      printed.forEach(stamp.putArray("printed")::add);
      Files.writeString(outdir.resolve(STAMP), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stamp),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + outdir.resolve(STAMP), e);
    }
  }

  /** The digest of the inputs, for tests. */
  String inputs() {
    return inputs;
  }

  /** The digest of every file a synth writes: manifest.json and each stack's cdk.tf.json. */
  private String outputs() throws IOException {
    MessageDigest sha = sha();
    for (Path file : List.of(outdir.resolve("manifest.json"),
        outdir.resolve("stacks").resolve(StateBootstrapStack.ID).resolve("cdk.tf.json"),
        outdir.resolve("stacks").resolve(ServiceConnectStack.ID).resolve("cdk.tf.json"))) {
      byte[] bytes = Files.readAllBytes(file); // a missing one throws: synthesize
      part(sha, file.getFileName().toString(), HexFormat.of().formatHex(sha().digest(bytes)));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** A class path entry: a file by size and modification time; a directory by each file in it, in order. */
  private static String code(Path entry) throws IOException {
    if (Files.isRegularFile(entry)) {
      return stat(entry);
    }
    if (!Files.isDirectory(entry)) {
      return "\0absent";
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(entry)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        all.append(entry.relativize(f)).append(' ').append(stat(f)).append('\n');
      }
    }
    return all.toString();
  }

  private static String stat(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return a.size() + " " + a.lastModifiedTime().toInstant();
  }

  private static String onPath(String path, String program) throws IOException {
    Optional<Path> found = Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    return found.isEmpty() ? "\0absent" : found.get().toRealPath() + " " + stat(found.get().toRealPath());
  }

  private static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static void part(MessageDigest sha, String name, String value) {
    byte[] bytes = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
    sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
    sha.update(bytes);
  }
}
