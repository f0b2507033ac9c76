package dev.svcconnect.config;

import dev.svcconnect.config.SecurityConfig.Suppression;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
      suppressions.add(s.bind(Suppression.class, Map.of("reason", s.text("reason").strip(), "field", s.path())));
    }
    return security.bind(SecurityConfig.class, Map.of("suppressions", suppressions));
  }
}
