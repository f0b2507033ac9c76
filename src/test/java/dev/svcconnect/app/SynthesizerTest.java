package dev.svcconnect.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.policy.PolicyReport;
import dev.svcconnect.policy.PolicyViolation;
import dev.svcconnect.policy.Rule;
import dev.svcconnect.policy.Severity;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.SynthTier;
import dev.svcconnect.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synth gate: output is written only when no error rule fails, and a failure leaves nothing behind. */
@SynthTier
class SynthesizerTest {
  @TempDir Path dir;

  /** A real rule the hardened stack cannot meet: every VPC must carry a tag it does not have. */
  private static final Rule UNMET = new Rule("test-vpc-tagged", Severity.ERROR, "VPCs carry the tag Owner",
      "test rule", List.of("CKV_AWS_1"), "tag the VPC with Owner", List.of("aws_vpc"), Optional.empty(), false,
      (r, s, c) -> r.get("tags").has("Owner") ? Optional.empty() : Optional.of("no Owner tag"));

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.toList();
    }
  }

  @Test
  void writesBothStacksWhenTheSuitePasses() throws IOException {
    EnvironmentConfig config = SynthFixture.local();
    Path out = dir.resolve("cdktf.out");

    PolicyReport report = Synthesizer.synth(config, Topology.of(config), DeploymentTarget.resolve(config, Map.of()), out);

    assertThat(report.passes()).isTrue();
    assertThat(out.resolve("stacks/service-connect/cdk.tf.json")).isRegularFile();
    assertThat(out.resolve("stacks/state-bootstrap/cdk.tf.json")).isRegularFile();
    assertThat(leftovers()).containsExactly(out);
  }

  @Test
  void failsSynthWithPathRuleAndFixAndWritesNothing() throws IOException {
    EnvironmentConfig config = SynthFixture.local();
    Path out = dir.resolve("cdktf.out");

    assertThatThrownBy(() -> Synthesizer.synth(config, Topology.of(config), DeploymentTarget.resolve(config, Map.of()), out,
        List.of(UNMET))).isInstanceOfSatisfying(PolicyViolation.class, e ->
            assertThat(e.report().errorLines()).containsExactly("service-connect/Network/Resource"
                + " (aws_vpc.Network_1C6012B5): test-vpc-tagged: no Owner tag (VPCs carry the tag Owner; mirrors"
                + " CKV_AWS_1); fix: tag the VPC with Owner"));
    assertThat(leftovers()).as("nothing written").isEmpty();
  }

  @Test
  void aFailingSynthKeepsTheLastGoodOutputUntouched() throws IOException {
    EnvironmentConfig config = SynthFixture.local();
    DeploymentTarget target = DeploymentTarget.resolve(config, Map.of());
    Path out = dir.resolve("cdktf.out");
    Synthesizer.synth(config, Topology.of(config), target, out);
    Path stack = out.resolve("stacks/service-connect/cdk.tf.json");
    Files.writeString(stack, "{\"marker\": true}");

    assertThatThrownBy(() -> Synthesizer.synth(config, Topology.of(config), target, out, List.of(UNMET)))
        .isInstanceOf(PolicyViolation.class);
    assertThat(stack).hasContent("{\"marker\": true}");
    assertThat(leftovers()).containsExactly(out);
  }
}
