package dev.svcconnect.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import dev.svcconnect.app.Synthesizer;
import dev.svcconnect.cli.Terraform;
import dev.svcconnect.config.AwsFields;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.ConfigSchema;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.schema.SchemaTree;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.Stacks;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.stacks.TerraformSettings;
import dev.svcconnect.support.TemplateText;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.ValidateTier;
import dev.svcconnect.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tier 4: the synthesized stacks as Terraform runs them, each the root module of its directory with its provider
 * block, pass {@code terraform init -backend=false} and {@code terraform validate} against the real provider
 * (offline through $SVCCONNECT_PROVIDER_MIRROR when set): both stacks of both shipped configs (the local and the AWS
 * target's provider blocks), the service stack of {@code topology/template-text.yaml} with template text in its
 * tags, which land in the provider's default tags, and the service stacks of a GovCloud (us-gov-west-1) and a China
 * (cn-north-1) config (partitions/); and the schema's fields written as is to {@code aws_ecs_service} against the
 * provider's own schema. Every other accepted config, and the shipped ones too, are validated as
 * modules that share one provider by {@link AcceptedConfigsValidateIT}.
 */
@ValidateTier
class TerraformValidateIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Template sequences in every field that admits them, and in tags through the records (support.TemplateText). */
  private static final String TEMPLATE_TEXT = "template text, tags included";

  static Stream<Arguments> stacks() {
    return Stream.concat(
        Stream.of("config/local.yaml", "config/aws-example.yaml")
            .flatMap(config -> Stream.of(StateBootstrapStack.ID, ServiceConnectStack.ID)
                .map(stack -> Arguments.of(config, stack))),
        Stream.of(Arguments.of(TEMPLATE_TEXT, ServiceConnectStack.ID), Arguments.of(GOVCLOUD, ServiceConnectStack.ID),
            Arguments.of(CHINA, ServiceConnectStack.ID)));
  }

  /** Other partitions, with their regions in the provider block: every ARN is built from data.aws_partition. */
  private static final String GOVCLOUD = "src/test/resources/partitions/govcloud.yaml";
  private static final String CHINA = "src/test/resources/partitions/china.yaml";

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("stacks")
  void stackIsValidTerraform(String configFile, String stackId, @TempDir Path outdir) throws Exception {
    EnvironmentConfig config = configFile.equals(TEMPLATE_TEXT) ? TemplateText.withTemplateTags()
        : ConfigLoader.load(Path.of(configFile));
    Stacks.Synthesized synthesized = Synthesizer.synthUnchecked(config, Topology.of(config),
        DeploymentTarget.resolve(config, Map.of()), outdir.resolve("cdktf.out"));
    Path dir = synthesized.stackDir(stackId);
    Terraform tf = Terraform.create(System.getenv(), Map.of(), outdir);

    assertThat(tf.run(dir, "init", "-backend=false", "-input=false")).as("terraform init in %s", dir).isZero();
    Terraform.Result result = tf.capture(dir, "validate", "-json");
    JsonNode report = JSON.readTree(result.stdout());

    assertThat(report.path("diagnostics")).as("diagnostics of %s", dir).isEmpty();
    assertThat(report.path("valid").asBoolean()).as("valid: %s", result.stdout()).isTrue();
    assertThat(result.exitCode()).isZero();
  }

  /**
   * Every schema field written as is to the service's Terraform resource ({@code x-awsField}
   * {@code "aws_ecs_service.<argument>"}) names an argument or block of the real provider's {@code aws_ecs_service},
   * and has no schema default if Terraform computes the argument. A misspelt one passes AwsFieldsTest and the synth,
   * and fails only where a validated config sets it; the Java bindings (provider 5.23.1) lack the newer arguments, so
   * the provider's own schema is asked. A field equal to its default is not written (AwsFields), and an argument left
   * out that Terraform computes keeps its deployed value: setting such a field back to its default would change
   * nothing, without a word.
   */
  @Test
  void eachServiceAwsFieldIsAnArgumentOfTheProvidersEcsService(@TempDir Path outdir) throws Exception {
    Path dir = Files.createDirectories(outdir.resolve("root"));
    Files.writeString(dir.resolve("main.tf.json"), JSON.writeValueAsString(Map.of("terraform", Map.of(
        "required_providers", Map.of("aws", Map.of("source", "hashicorp/aws",
            "version", TerraformSettings.AWS_PROVIDER_CONSTRAINT))))));
    Terraform tf = Terraform.create(System.getenv(), Map.of(), outdir);
    assertThat(tf.run(dir, "init", "-backend=false", "-input=false")).as("terraform init in %s", dir).isZero();
    Terraform.Result result = tf.capture(dir, "providers", "schema", "-json");
    assertThat(result.exitCode()).isZero();
    JsonNode block = JSON.readTree(result.stdout()).path("provider_schemas").path("registry.terraform.io/hashicorp/aws")
        .path("resource_schemas").path(EcsService.TF_RESOURCE_TYPE).path("block");
    List<String> arguments = new ArrayList<>();
    block.path("attributes").fieldNames().forEachRemaining(arguments::add);
    block.path("block_types").fieldNames().forEachRemaining(arguments::add);
    assertThat(arguments).as("the provider's %s arguments", EcsService.TF_RESOURCE_TYPE).contains("platform_version");

    List<String> written = new ArrayList<>();
    JsonNode schema = JSON.readTree(Path.of("schema/environment.schema.json").toFile());
    for (JsonNode field : schema.findParents(SchemaTree.AWS_FIELD)) {
      String member = field.get(SchemaTree.AWS_FIELD).asText();
      if (member.startsWith(AwsFields.ECS_SERVICE + ".")) {
        String argument = member.substring(AwsFields.ECS_SERVICE.length() + 1);
        written.add(argument);
        assertThat(arguments).as("the provider's %s arguments", EcsService.TF_RESOURCE_TYPE).contains(argument);
        assertThat(field.has("default") && block.path("attributes").path(argument).path("computed").asBoolean())
            .as("%s has a schema default, which is not written, and Terraform computes it", member).isFalse();
      }
    }
    assertThat(written).as("the schema's fields written to %s", EcsService.TF_RESOURCE_TYPE).isNotEmpty();
  }
}
