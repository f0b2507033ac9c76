package dev.svcconnect.policy;

import dev.svcconnect.tfjson.StackDocument.Resource;
import java.util.Optional;

/**
 * One rule's verdict on one resource.
 *
 * @param detail why it failed, was opted out or suppressed; for a pass, how it was evaluated when that is not obvious
 * @param suppressionReason the config's written reason, for a suppressed finding
 */
public record Finding(Rule rule, Resource resource, Status status, String detail, Optional<String> suppressionReason) {

  public enum Status {
    PASS,
    /** Failed; fails synth when the rule's severity is error. */
    FAIL,
    /** Failed, and the config suppresses it for this resource with a written reason. */
    SUPPRESSED,
    /** Failed, and the rule's cost switch is off in the config: a documented choice, not a failure. */
    OPTED_OUT;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
