package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.tiers.UnitTier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Terraform#init} runs {@code terraform init} only when one of its inputs changed ({@link InitInputs}), on
 * the real synthesized service stack (the golden snapshot) and a stand-in terraform on PATH that logs each run and
 * writes what init writes. Each input is changed in turn: every change must make the next command init again.
 */
@UnitTier
class InitInputsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path stack;
  private Path bin;
  private Path log;
  private Path cliConfig;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void stackAndStandIn() throws IOException {
    stack = Files.createDirectories(dir.resolve("stacks/service-connect"));
    Files.copy(Path.of("src/test/resources/golden/service-connect.json"), stack.resolve("cdk.tf.json"));
    Files.writeString(stack.resolve(".terraform.lock.hcl"), "provider \"registry.terraform.io/hashicorp/aws\" {\n"
        + "  version = \"5.100.0\"\n}\n");
    bin = Files.createDirectories(dir.resolve("bin"));
    log = dir.resolve("terraform.log");
    standIn("1.11.4");
    cliConfig = dir.resolve("terraform.rc");
    Files.writeString(cliConfig, "provider_installation { filesystem_mirror { path = \"/opt/tf-plugins\" } }\n");
    env.put("PATH", bin + ":/usr/bin:/bin");
    env.put("TF_CLI_CONFIG_FILE", cliConfig.toString());
  }

  /** A terraform that logs its arguments and, for init, writes the backend record and the providers directory. */
  private void standIn(String version) throws IOException {
    Path tf = bin.resolve("terraform");
    Files.writeString(tf, "#!/bin/sh\n# version " + version + "\necho \"$*\" >> '" + log + "'\n"
        + "if [ \"$1\" = init ]; then mkdir -p .terraform/providers && echo '{}' > .terraform/terraform.tfstate; fi\n"
        + "if [ \"$1\" = init ] && [ -e '" + dir.resolve("fail-init") + "' ]; then exit 1; fi\n");
    Files.setPosixFilePermissions(tf, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Terraform terraform() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    // create() writes its own CLI config only with a provider mirror; here TF_CLI_CONFIG_FILE is the test's
    return Terraform.create(env, Map.of(), dir, quiet, quiet);
  }

  private long inits() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith("init")).count() : 0;
  }

  private void editStack(String pointer, String field, String value) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(stack.resolve("cdk.tf.json").toFile());
    ((ObjectNode) root.at(pointer)).put(field, value);
    Files.writeString(stack.resolve("cdk.tf.json"), JSON.writeValueAsString(root));
  }

  @Test
  void initRunsOnceWhileNothingChanges() throws IOException {
    terraform().init(stack);
    terraform().init(stack);
    terraform().init(stack);

    assertThat(inits()).isEqualTo(1);
    assertThat(Files.readAllLines(log)).containsExactly("init -no-color -input=false -reconfigure");
  }

  @Test
  void aChangeOutsideTheTerraformBlockDoesNotInit() throws IOException {
    terraform().init(stack);
    editStack("/resource/aws_ecs_cluster/Platform_Cluster_0B27ADBB", "name", "other");

    terraform().init(stack);

    assertThat(inits()).isEqualTo(1);
  }

  @Test
  void aBackendChangeInitsAgain() throws IOException {
    terraform().init(stack);
    editStack("/terraform/backend/s3", "key", "elsewhere/terraform.tfstate");

    terraform().init(stack);

    assertThat(inits()).isEqualTo(2);
  }

  @Test
  void aBackendEndpointChangeInitsAgain() throws IOException {
    terraform().init(stack);
    editStack("/terraform/backend/s3/endpoints", "s3", "http://127.0.0.1:45999");

    terraform().init(stack);

    assertThat(inits()).isEqualTo(2);
  }

  @Test
  void aRequiredProvidersChangeInitsAgain() throws IOException {
    terraform().init(stack);
    editStack("/terraform/required_providers/aws", "version", ">= 5.40.0, < 6.0.0");

    terraform().init(stack);

    assertThat(inits()).isEqualTo(2);
  }

  @Test
  void aLockFileChangeInitsAgain() throws IOException {
    terraform().init(stack);
    Files.writeString(stack.resolve(".terraform.lock.hcl"), "# another lock\n");

    terraform().init(stack);

    assertThat(inits()).isEqualTo(2);
  }

  @Test
  void anotherProviderMirrorInitsAgain() throws IOException {
    terraform().init(stack);
    Files.writeString(cliConfig, "provider_installation { filesystem_mirror { path = \"/srv/other\" } }\n");

    terraform().init(stack);

    assertThat(inits()).isEqualTo(2);
  }

  @Test
  void anotherTerraformBinaryInitsAgain() throws IOException {
    terraform().init(stack);
    standIn("1.12.0-longer"); // another size (and modification time)

    terraform().init(stack);

    assertThat(inits()).isEqualTo(2);
  }

  @Test
  void aRemovedDataDirectoryInitsAgain() throws IOException {
    terraform().init(stack);
    Files.delete(stack.resolve(".terraform/terraform.tfstate"));

    terraform().init(stack);

    assertThat(inits()).isEqualTo(2);
  }

  @Test
  void aMovedDataDirectoryAlwaysInits() throws IOException {
    env.put("TF_DATA_DIR", dir.resolve("data").toString());

    terraform().init(stack);
    terraform().init(stack);

    assertThat(inits()).isEqualTo(2);
  }

  @Test
  void aFailedInitIsNotTrusted() throws IOException {
    terraform().init(stack);
    editStack("/terraform/backend/s3", "key", "elsewhere/terraform.tfstate");
    Files.createFile(dir.resolve("fail-init"));

    assertThatThrownBy(() -> terraform().init(stack)).isInstanceOf(TerraformFailure.class);
    // the backend is back as it was, but the failed init may have left .terraform half-written: init again
    editStack("/terraform/backend/s3", "key", "service-connect/terraform.tfstate");
    Files.delete(dir.resolve("fail-init"));
    terraform().init(stack);

    assertThat(inits()).isEqualTo(3);
  }

  @Test
  void aPluginCacheVariableChangesTheDigest() throws IOException {
    String before = InitInputs.of(stack, env).orElseThrow().digest();
    env.put("TF_PLUGIN_CACHE_DIR", dir.resolve("cache").toString());

    assertThat(InitInputs.of(stack, env).orElseThrow().digest()).isNotEqualTo(before);
  }
}
