package dev.svcconnect.policy;

import dev.svcconnect.support.Fixtures;
import static dev.svcconnect.policy.PolicyFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.config.ConfigException;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.policy.Finding.Status;
import dev.svcconnect.policy.PolicyFixture.Doc;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.tiers.SynthTier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Suppressions: only from the config, per resource and rule, with a reason the report prints; bad ones are config errors. */
@SynthTier
class SuppressionsTest {
  private static final String FILE = Fixtures.LOCAL.toString();
  private static final Consumer<ObjectNode> IMDS_V1 = root -> ((ObjectNode) resource(root, "aws_instance",
      "Bastion/Resource").path("metadata_options")).put("http_tokens", "optional");

  private static EnvironmentConfig withSuppression(String rule, String resource, String reason) {
    return SynthFixture.localWith("policy:\n  suppressions: []\n", "policy:\n  suppressions:\n"
        + "    - rule: " + rule + "\n      resource: " + resource + "\n      reason: " + reason + "\n");
  }

  @Test
  void suppressesOneFindingAndPrintsItsReason() {
    EnvironmentConfig config = withSuppression("instance-imdsv2", "service-connect/Bastion/Resource",
        "legacy agent on this AMI needs IMDSv1 until ticket OPS-42 ships");
    PolicyReport report = new PolicyFixture(config).evaluate(Doc.SERVICE, IMDS_V1);

    Finding f = report.findings("instance-imdsv2").get(0);
    assertThat(f.status()).isEqualTo(Status.SUPPRESSED);
    assertThat(f.suppressionReason()).contains("legacy agent on this AMI needs IMDSv1 until ticket OPS-42 ships");
    assertThat(report.passes()).isTrue();
    assertThat(report.verdict(f.rule())).isEqualTo("suppressed");
    assertThat(report.text()).contains("  suppressed service-connect/Bastion/Resource (aws_instance.Bastion_2B4CEC30):"
        + " metadata_options.http_tokens is 'optional'\n"
        + "             suppressed by the config: legacy agent on this AMI needs IMDSv1 until ticket OPS-42 ships\n");
    assertThat(report.json().path("rules").findValuesAsText("suppressionReason"))
        .containsExactly("legacy agent on this AMI needs IMDSv1 until ticket OPS-42 ships");
  }

  @Test
  void matchesATerraformAddressOrAPathRelativeToTheStack() {
    for (String name : new String[] {"aws_instance.Bastion_2B4CEC30", "Bastion/Resource"}) {
      PolicyReport report = new PolicyFixture(withSuppression("instance-imdsv2", name, "reasoned"))
          .evaluate(Doc.SERVICE, IMDS_V1);
      assertThat(report.findings("instance-imdsv2").get(0).status()).as(name).isEqualTo(Status.SUPPRESSED);
    }
  }

  @Test
  void failsOnlyTheOtherRulesOfASuppressedResource() {
    EnvironmentConfig config = withSuppression("instance-imdsv2", "Bastion/Resource", "reasoned");
    PolicyReport report = new PolicyFixture(config).evaluate(Doc.SERVICE, IMDS_V1.andThen(root ->
        resource(root, "aws_instance", "Bastion/Resource").put("associate_public_ip_address", true)));

    assertThat(report.findings("instance-no-public-ip").get(0).status()).isEqualTo(Status.FAIL);
    assertThat(report.passes()).isFalse();
  }

  @Test
  void reportsASuppressionOfAPassingResourceAsUnused() {
    PolicyReport report = new PolicyFixture(withSuppression("instance-imdsv2", "Bastion/Resource", "reasoned"))
        .evaluate();

    assertThat(report.unusedSuppressions()).extracting(s -> s.field()).containsExactly("policy.suppressions[0]");
    assertThat(report.text()).contains("warning: policy.suppressions[0] (instance-imdsv2 on Bastion/Resource)"
        + " suppresses nothing: the resource passes; remove it");
  }

  @Test
  void failsOnAnUnknownRule() {
    PolicyFixture fixture = new PolicyFixture(withSuppression("imdsv2", "Bastion/Resource", "reasoned"));
    assertThatThrownBy(fixture::evaluate).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).containsExactly(FILE + ": policy.suppressions[0].rule: 'imdsv2' is not a policy"
            + " rule; known rules: " + String.join(", ", Rules.all().stream().map(Rule::id).toList())));
  }

  @Test
  void failsOnAnUnknownResource() {
    PolicyFixture fixture = new PolicyFixture(withSuppression("instance-imdsv2", "Bastion/Instance", "reasoned"));
    assertThatThrownBy(fixture::evaluate).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).containsExactly(FILE + ": policy.suppressions[0].resource: no resource"
            + " 'Bastion/Instance' in the synthesized stacks; name it by construct path (e.g."
            + " service-connect/Bastion/Resource) or Terraform address (e.g. aws_instance.Bastion_2B4CEC30), as"
            + " ./main check prints them"));
  }

  @Test
  void failsOnAResourceTheRuleDoesNotCheck() {
    PolicyFixture fixture = new PolicyFixture(withSuppression("instance-imdsv2", "Network/Resource", "reasoned"));
    assertThatThrownBy(fixture::evaluate).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).containsExactly(FILE + ": policy.suppressions[0].resource: rule 'instance-imdsv2'"
            + " does not check aws_vpc resources; it checks aws_instance"));
  }
}
