package dev.svcconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.cli.BootstrapImport;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.synth.StackJson;
import dev.svcconnect.synth.SynthFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import dev.svcconnect.tiers.SynthTier;

/**
 * {@code ./main bootstrap --import}: every resource the bootstrap stack synthesizes has an import id, and the
 * option is documented in {@code --help}. BootstrapRecoveryIT proves the recovery on the emulator.
 */
@SynthTier
class BootstrapImportTest {
  static Stream<StackJson> bootstrapStacks() {
    EnvironmentConfig aws = SynthFixture.aws();
    EnvironmentConfig local = dev.svcconnect.config.ConfigLoader.load(
        Path.of("src/test/resources/config/minimal.yaml"));
    // the AWS shape has the TLS-only bucket policy too; the local one has not
    return Stream.of(SynthFixture.bootstrapStack(aws), SynthFixture.bootstrapStack(local));
  }

  @ParameterizedTest
  @MethodSource("bootstrapStacks")
  void everyResourceOfTheBootstrapStackIsImportedByTheBucketName(StackJson stack) {
    StackDocument doc = new StackDocument(StateBootstrapStack.ID, stack.root());
    String bucket = stack.resources("aws_s3_bucket").get(0).text("bucket");

    Map<String, String> ids = BootstrapImport.importIds(doc, bucket);

    assertThat(ids.keySet()).containsExactlyInAnyOrderElementsOf(
        doc.resources().stream().map(StackDocument.Resource::address).toList());
    assertThat(ids.values()).containsOnly(bucket);
  }

  @Test
  void theAwsShapeImportsTheBucketPolicyToo() {
    StackJson stack = SynthFixture.bootstrapStack(SynthFixture.aws());
    Map<String, String> ids = BootstrapImport.importIds(new StackDocument(StateBootstrapStack.ID, stack.root()),
        "b");
    assertThat(ids.keySet()).anyMatch(a -> a.startsWith("aws_s3_bucket_policy."));
  }

  /** docs/state.md's manual recovery lists the import addresses of the AWS example's bootstrap stack. */
  @Test
  void stateDocListsTheImportCommandsOfTheAwsExample() throws java.io.IOException {
    StackJson stack = SynthFixture.bootstrapStack(SynthFixture.aws());
    Map<String, String> ids = BootstrapImport.importIds(new StackDocument(StateBootstrapStack.ID, stack.root()),
        "<bucket>");
    StringBuilder sb = new StringBuilder("```bash\n")
        .append("./main synth --config config/prod.yaml\n")
        .append("cd cdktf.out/stacks/state-bootstrap          # with SVCCONNECT_PROVIDER_MIRROR set, also:\n")
        .append("                                             # export TF_CLI_CONFIG_FILE=$PWD/../../terraform.rc\n")
        .append("terraform init -input=false -reconfigure\n");
    ids.forEach((address, id) -> sb.append("terraform import '").append(address).append("' ").append(id)
        .append('\n'));
    sb.append("terraform plan -input=false                  # only force_destroy changes\n```\n");
    new dev.svcconnect.docs.GeneratedBlock(Path.of("docs/state.md"), "bootstrap-import").check(sb.toString());
  }

  @Test
  void failsOnAResourceWithoutAKnownImportId() {
    JsonNode root = StackDocument.MAPPER.createObjectNode().set("resource", StackDocument.MAPPER.createObjectNode()
        .set("aws_dynamodb_table", StackDocument.MAPPER.createObjectNode()
            .set("Locks", StackDocument.MAPPER.createObjectNode())));

    assertThatThrownBy(() -> BootstrapImport.importIds(new StackDocument(StateBootstrapStack.ID, root), "b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("bootstrap --import: no import id is known for aws_dynamodb_table.Locks of type"
            + " aws_dynamodb_table");
  }

  @Test
  void helpDescribesImport(@TempDir Path dir) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = Main.run(new String[] {"bootstrap", "--help"},
        Fixtures.withLocalConfig(Map.of("CDKTF_OUTDIR", dir.toString())),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));

    assertThat(rc).isZero();
    String help = String.join(" ", out.toString(StandardCharsets.UTF_8).split("\\s+"));
    assertThat(help).contains("--import The bucket exists but this machine has no bootstrap state (lost or never"
        + " here): import the bucket and its settings into a fresh state first, then apply as usual.");
  }
}
