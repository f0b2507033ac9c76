package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether a stack directory's {@code terraform init} is still current, so that {@link Terraform#init} runs it only
 * when something it depends on changed. {@code terraform init} records in {@code <stack>/.terraform/} the backend
 * configuration, the installed providers (links into the provider mirror) and the modules; those follow from:
 * <ul>
 *   <li>the stack's {@code terraform} block (backend, required providers, required version) and any {@code module}
 *       blocks, as synthesized in {@code cdk.tf.json};</li>
 *   <li>the provider lock file {@code .terraform.lock.hcl};</li>
 *   <li>the Terraform CLI configuration ({@code TF_CLI_CONFIG_FILE}: where the provider mirror is), by content;</li>
 *   <li>the terraform binary on {@code PATH}: its resolved path, size and modification time;</li>
 *   <li>the environment variables that move or change what init writes: {@link #VARIABLES}.</li>
 * </ul>
 * Their digest is written to {@code .terraform/}{@value #STAMP} after a successful init and compared before the
 * next one; the stamp lives inside the directory init fills, so removing that directory removes the stamp too.
 * Terraform itself refuses to plan with a backend whose configuration changed since init ("Backend initialization
 * required"), so a missed input would fail loudly rather than plan against the wrong state.
 */
final class InitInputs {
  /** The stamp's file name inside the stack's {@code .terraform/}. */
  static final String STAMP = "svcconnect-init.sha256";
  /** Environment variables Terraform's init reads that change where or what it installs. */
  static final List<String> VARIABLES =
      List.of("TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR", "TF_WORKSPACE", "TF_REGISTRY_DISCOVERY_RETRY");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path stackDir;
  private final String digest;

  private InitInputs(Path stackDir, String digest) {
    this.stackDir = stackDir;
    this.digest = digest;
  }

  /**
   * The inputs of {@code terraform init} in {@code stackDir} under {@code environment} (terraform's own), digested
   * now; empty when init must always run: {@code TF_DATA_DIR} moves {@code .terraform} elsewhere, or the stack has
   * no {@code cdk.tf.json}.
   */
  static Optional<InitInputs> of(Path stackDir, Map<String, String> environment) {
    if (environment.containsKey("TF_DATA_DIR") || !Files.isRegularFile(stackDir.resolve("cdk.tf.json"))) {
      return Optional.empty();
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      JsonNode stack = JSON.readTree(stackDir.resolve("cdk.tf.json").toFile());
      part(sha, "terraform", JSON.writeValueAsString(stack.path("terraform")));
      part(sha, "module", JSON.writeValueAsString(stack.path("module")));
      part(sha, "lock", contents(stackDir.resolve(".terraform.lock.hcl")));
      String cliConfig = environment.get("TF_CLI_CONFIG_FILE");
      part(sha, "cli-config", cliConfig == null ? "" : contents(Path.of(cliConfig)));
      part(sha, "terraform-binary", binary(environment.getOrDefault("PATH", "")));
      for (String name : VARIABLES) {
        part(sha, "env " + name, environment.getOrDefault(name, "\0unset"));
      }
      return Optional.of(new InitInputs(stackDir, HexFormat.of().formatHex(sha.digest())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the init inputs of " + stackDir, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * Whether the last successful init here had exactly these inputs, and what it wrote is still there (the backend
   * record {@code .terraform/terraform.tfstate} and the providers directory).
   */
  boolean current() {
    Path data = stackDir.resolve(".terraform");
    if (!Files.isRegularFile(data.resolve("terraform.tfstate")) || !Files.isDirectory(data.resolve("providers"))) {
      return false;
    }
    try {
      return Files.isRegularFile(data.resolve(STAMP))
          && Files.readString(data.resolve(STAMP), StandardCharsets.UTF_8).strip().equals(digest);
    } catch (IOException e) {
      return false;
    }
  }

  /** Forgets the last init's inputs: called before an init runs, so that a failed or stopped one is not trusted. */
  void forget() {
    try {
      Files.deleteIfExists(stackDir.resolve(".terraform").resolve(STAMP));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + stackDir.resolve(".terraform").resolve(STAMP), e);
    }
  }

  /** Records these inputs as those of the init that just succeeded. */
  void record() {
    Path data = stackDir.resolve(".terraform");
    try {
      Files.createDirectories(data);
      Files.writeString(data.resolve(STAMP), digest + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + data.resolve(STAMP), e);
    }
  }

  /** The digest, for tests. */
  String digest() {
    return digest;
  }

  private static void part(MessageDigest sha, String name, String value) {
    // length-prefixed, so that no two different sequences of parts digest the same bytes
    byte[] bytes = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
    sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
    sha.update(bytes);
  }

  private static String contents(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "\0absent";
  }

  /** The first terraform on {@code path}: its real path, size and modification time (to the nanosecond). */
  private static String binary(String path) throws IOException {
    Optional<Path> found = Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, "terraform")).filter(Files::isExecutable).findFirst();
    if (found.isEmpty()) {
      return "\0absent";
    }
    Path real = found.get().toRealPath();
    BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
    return real + " " + a.size() + " " + a.lastModifiedTime().toInstant();
  }
}
