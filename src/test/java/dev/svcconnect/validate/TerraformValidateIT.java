package dev.svcconnect.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.app.Synthesizer;
import dev.svcconnect.cli.Terraform;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.Stacks;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.support.TemplateText;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.ValidateTier;
import dev.svcconnect.topology.Topology;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
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
 * (cn-north-1) config (partitions/). Every other accepted config, and the shipped ones too, are validated as
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
}
