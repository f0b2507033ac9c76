package dev.svcconnect.config;

import dev.svcconnect.config.SecurityConfig.Suppression;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code security:} (cost switches) and {@code policy:} (suppressions), as the schema checked and defaulted
 * them. Whether a suppression names a known rule and an existing resource is checked against the synthesized stacks
 * by the policy suite, which reports it as a config problem of this file.
 */
final class SecurityConfigReader {
  private SecurityConfigReader() {}

  static SecurityConfig read(Section security, Section policy) {
    List<Suppression> suppressions = new ArrayList<>();
    for (Section s : policy.sections("suppressions")) {
      suppressions.add(new Suppression(s.text("rule"), s.text("resource"), s.text("reason").strip(), s.path()));
    }
    return new SecurityConfig(security.bool("containerInsights"), security.bool("kmsKeys"),
        security.bool("vpcFlowLogs"), suppressions);
  }
}
