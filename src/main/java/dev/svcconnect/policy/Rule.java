package dev.svcconnect.policy;

import dev.svcconnect.tfjson.StackDocument.Resource;
import dev.svcconnect.tfjson.StackDocument;
import java.util.List;
import java.util.Optional;

/**
 * One policy rule: what it checks, why, which scanner checks it mirrors, and how to fix a failure.
 *
 * @param id stable id, used in suppressions
 * @param title what a passing stack has, in one line
 * @param reason why it matters, in one line
 * @param mirrors the Checkov and AWS Foundational Security Best Practices ids it corresponds to
 * @param fix what to change when it fails
 * @param resourceTypes the Terraform resource types it looks at (one finding each)
 * @param costSwitch the config switch that may opt the stack out of it, if any
 * @param onAwsTwin the local target synthesizes this differently (an emulator gap), so on the local target the rule
 *     is evaluated on what target kind {@code aws} synthesizes from the same config
 * @param localException why a failure is accepted on the local target (reported opted-out there); empty: none is
 */
public record Rule(
    String id,
    Severity severity,
    String title,
    String reason,
    List<String> mirrors,
    String fix,
    List<String> resourceTypes,
    Optional<CostSwitch> costSwitch,
    boolean onAwsTwin,
    Check check,
    Optional<String> localException) {

  public Rule {
    mirrors = List.copyOf(mirrors);
    resourceTypes = List.copyOf(resourceTypes);
  }

  /** A rule without a local exception. */
  public Rule(String id, Severity severity, String title, String reason, List<String> mirrors, String fix,
      List<String> resourceTypes, Optional<CostSwitch> costSwitch, boolean onAwsTwin, Check check) {
    this(id, severity, title, reason, mirrors, fix, resourceTypes, costSwitch, onAwsTwin, check, Optional.empty());
  }

  /** This rule, its failures accepted on the local target for {@code reason}. */
  public Rule withLocalException(String reason) {
    return new Rule(id, severity, title, this.reason, mirrors, fix, resourceTypes, costSwitch, onAwsTwin, check,
        Optional.of(reason));
  }

  /** Returns why {@code resource} fails the rule, or empty when it passes. */
  @FunctionalInterface
  public interface Check {
    Optional<String> failure(Resource resource, StackDocument stack, PolicyContext context);
  }
}
