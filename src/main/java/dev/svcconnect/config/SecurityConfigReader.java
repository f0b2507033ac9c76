package dev.svcconnect.config;

import dev.svcconnect.config.SecurityConfig.Suppression;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code security:} (cost switches) and {@code policy:} (suppressions). Whether a suppression names a known
 * rule and an existing resource is checked against the synthesized stacks by the policy suite, which reports it as
 * a config problem of this file.
 */
final class SecurityConfigReader {
  private SecurityConfigReader() {}

  static SecurityConfig read(YamlFields security, YamlFields policy) {
    SecurityConfig defaults = SecurityConfig.defaults();
    boolean insights = security.bool("containerInsights", defaults.containerInsights());
    boolean kms = security.bool("kmsKeys", defaults.kmsKeys());
    boolean flowLogs = security.bool("vpcFlowLogs", defaults.vpcFlowLogs());
    security.finish();

    List<Suppression> suppressions = new ArrayList<>();
    for (YamlFields s : policy.objects("suppressions").orElse(List.of())) {
      String rule = s.requiredString("rule");
      String resource = s.requiredString("resource");
      String reason = s.requiredString("reason");
      if (!reason.isEmpty() && reason.isBlank()) {
        s.error("reason", "must say why the finding is accepted");
      }
      s.finish();
      suppressions.add(new Suppression(rule, resource, reason.strip(), s.path()));
    }
    policy.finish();
    return new SecurityConfig(insights, kms, flowLogs, suppressions);
  }
}
