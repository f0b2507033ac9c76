package dev.svcconnect.policy;

/** Synth stopped because error rules failed; nothing was written to the synth output directory. */
public final class PolicyViolation extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient PolicyReport report;

  public PolicyViolation(PolicyReport report) {
    super(String.join(System.lineSeparator(), report.errorLines()));
    this.report = report;
  }

  public PolicyReport report() {
    return report;
  }
}
