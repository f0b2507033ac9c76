package dev.svcconnect.policy;

/** What a failed rule does: an error fails synth, a warning is reported and synth goes on. */
public enum Severity {
  ERROR, WARNING;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
