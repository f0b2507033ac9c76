package dev.svcconnect.cli;

/**
 * A Terraform command that exited non-zero. Terraform has printed its own error by then; {@link Execution} ends the
 * command with {@link #exitCode()} as the process's exit code (so that, e.g., a SIGKILLed apply still exits 137).
 */
public final class TerraformFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  /**
   * @param exitCode terraform's exit code, never 0
   * @param what what was run, e.g. {@code "terraform init of service-connect"}
   */
  public TerraformFailure(int exitCode, String what) {
    super(what + " failed with exit code " + exitCode);
    if (exitCode == 0) {
      throw new IllegalArgumentException("a Terraform failure has a non-zero exit code");
    }
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
