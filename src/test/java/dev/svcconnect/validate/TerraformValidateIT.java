package dev.svcconnect.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.app.Synthesizer;
import dev.svcconnect.cli.Terraform;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.scale.ScaleTopology;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.Stacks;
import dev.svcconnect.stacks.StateBootstrapStack;
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
 * Tier 4: every synthesized stack, of every shipped config, passes {@code terraform validate} against the real
 * provider (offline through $SVCCONNECT_PROVIDER_MIRROR when set).
 */
@ValidateTier
class TerraformValidateIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> stacks() {
    return Stream.concat(
        Stream.of("config/local.yaml", "config/aws-example.yaml")
            .flatMap(config -> Stream.of(StateBootstrapStack.ID, ServiceConnectStack.ID)
                .map(stack -> Arguments.of(config, stack))),
        // Topologies: only the service stack depends on them.
        Stream.of(SHOP, SCALE_50, OPTIONS, GOVCLOUD, CHINA).map(config -> Arguments.of(config, ServiceConnectStack.ID)));
  }

  private static final String SHOP = "src/test/resources/topology/shop.yaml";
  private static final String SCALE_50 = "50 services";
  /** Every option on, as an AWS target gets it (the emulator does not wait for a steady state). */
  private static final String OPTIONS = "src/test/resources/topology/all-options.yaml";
  /** Other partitions: every ARN is built from data.aws_partition, every paid hardening on. */
  private static final String GOVCLOUD = "src/test/resources/partitions/govcloud.yaml";
  private static final String CHINA = "src/test/resources/partitions/china.yaml";

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("stacks")
  void stackIsValidTerraform(String configFile, String stackId, @TempDir Path outdir) throws Exception {
    EnvironmentConfig config = configFile.equals(SCALE_50)
        ? ConfigLoader.parse(Path.of("scale-50.yaml"), ScaleTopology.yaml(50, "scale", "scale-tfstate"))
        : ConfigLoader.load(Path.of(configFile));
    DeploymentTarget target = DeploymentTarget.resolve(config, Map.of());
    Stacks.Synthesized synthesized = Synthesizer.synthUnchecked(config, Topology.of(config),
        configFile.equals(OPTIONS) ? target.asAws() : target, outdir.resolve("cdktf.out"));
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
