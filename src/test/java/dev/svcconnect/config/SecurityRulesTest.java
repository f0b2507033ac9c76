package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.known;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.SecurityConfig.Suppression;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Rules of the security (cost switches) and policy (suppressions) sections. Whether a suppression's rule and
 * resource exist is checked against the synthesized stacks (dev.svcconnect.policy.SuppressionsTest).
 */
@UnitTier
class SecurityRulesTest implements RefusedConfigCases {
  private static String suppression(String body) {
    return minimal("policy:\n  suppressions:\n    - " + body + "\n");
  }

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(
        fails("failsOnSwitchThatIsNotABoolean", minimal("security: {kmsKeys: yes please}\n"),
            X + "security.kmsKeys: expected true or false, got string 'yes please'"),
        fails("failsOnUnknownSwitch", minimal("security: {kmsKey: true}\n"),
            X + "security.kmsKey: unknown field (did you mean 'kmsKeys'?)" + known("security")),
        fails("failsOnSuppressionWithoutReason", suppression("{rule: instance-imdsv2, resource: Bastion/Resource}"),
            X + "policy.suppressions[0].reason: is required"),
        fails("failsOnSuppressionWithBlankReason",
            suppression("{rule: instance-imdsv2, resource: Bastion/Resource, reason: '  '}"),
            X + "policy.suppressions[0].reason: '  ' must say why the finding is accepted"),
        fails("failsOnSuppressionWithoutRuleOrResource", suppression("{reason: because}"),
            X + "policy.suppressions[0].rule: is required",
            X + "policy.suppressions[0].resource: is required"),
        fails("failsOnUnknownSuppressionField",
            suppression("{rule: instance-imdsv2, resource: Bastion/Resource, reason: because, until: 2027}"),
            X + "policy.suppressions[0].until: unknown field" + known("policy", "suppressions", 0)),
        fails("failsOnSuppressionsThatAreNotAList", minimal("policy: {suppressions: instance-imdsv2}\n"),
            X + "policy.suppressions: expected a list, got string 'instance-imdsv2'"));
  }

  @Test
  void defaultsAreInsightsOnAndThePaidSwitchesOff() {
    assertThat(parse(minimal("")).security()).isEqualTo(new SecurityConfig(true, false, false, List.of()));
  }

  @Test
  void readsSwitchesAndSuppressionsWithTheirField() {
    SecurityConfig s = parse(minimal("security: {containerInsights: false, kmsKeys: true, vpcFlowLogs: true}\n"
        + "policy:\n  suppressions:\n    - {rule: instance-imdsv2, resource: Bastion/Resource, reason: ' why '}\n"))
        .security();

    assertThat(s).isEqualTo(new SecurityConfig(false, true, true,
        List.of(new Suppression("instance-imdsv2", "Bastion/Resource", "why", "policy.suppressions[0]"))));
  }

  @Test
  void defaultsAreTheSchemasAndWhatAFileWithoutTheSectionsGets() {
    assertThat(SecurityConfig.defaults()).isEqualTo(ConfigYaml.parse(ConfigYaml.MINIMAL).security())
        .isEqualTo(new SecurityConfig(true, false, false, List.of()));
  }
}
