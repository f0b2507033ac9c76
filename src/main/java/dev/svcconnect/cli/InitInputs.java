package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 *
 * @param stackDir the stack directory init runs in
 * @param digest the inputs' digest (hex SHA-256), as the stamp records it
 */
record InitInputs(Path stackDir, String digest) {
  /** The stamp's file name inside the stack's {@code .terraform/}. */
  static final String STAMP = "svcconnect-init.sha256";
  /** Environment variables Terraform's init reads that change where or what it installs. */
  static final List<String> VARIABLES =
      List.of("TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR", "TF_WORKSPACE", "TF_REGISTRY_DISCOVERY_RETRY");
  private static final ObjectMapper JSON = new ObjectMapper();

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
      JsonNode stack = JSON.readTree(stackDir.resolve("cdk.tf.json").toFile());
      String cliConfig = environment.get("TF_CLI_CONFIG_FILE");
      Stamp.Digest digest = new Stamp.Digest()
          .part("terraform", JSON.writeValueAsString(stack.path("terraform")))
          .part("module", JSON.writeValueAsString(stack.path("module")))
          .part("lock", contents(stackDir.resolve(".terraform.lock.hcl")))
          .part("cli-config", cliConfig == null ? "" : contents(Path.of(cliConfig)))
          .part("terraform-binary", Stamp.program(environment.getOrDefault("PATH", ""), "terraform"));
      for (String name : VARIABLES) {
        digest.part("env " + name, environment.getOrDefault(name, "\0unset"));
      }
      return Optional.of(new InitInputs(stackDir, digest.hex()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the init inputs of " + stackDir, e);
    }
  }

  /**
   * Whether the last successful init here had exactly these inputs, and what it wrote is still there (the backend
   * record {@code .terraform/terraform.tfstate} and the providers directory).
   */
  boolean current() {
    Path data = stackDir.resolve(".terraform");
    return Files.isRegularFile(data.resolve("terraform.tfstate")) && Files.isDirectory(data.resolve("providers"))
        && stamp().holds(digest);
  }

  /** Forgets the last init's inputs: called before an init runs, so that a failed or stopped one is not trusted. */
  void forget() {
    stamp().forget();
  }

  /** Records these inputs as those of the init that just succeeded. */
  void record() {
    stamp().write(digest + "\n");
  }

  private Stamp stamp() {
    return new Stamp(stackDir.resolve(".terraform").resolve(STAMP));
  }

  private static String contents(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : Stamp.ABSENT;
  }
}
