package dev.svcconnect;

import dev.svcconnect.support.Captured;
import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./main unlock's argument contract: bad arguments exit 64 before anything is read, synthesized or unlocked. Its
 * effect on a real lock is proved against the emulator by the reliability integration test.
 */
@UnitTier
class UnlockCommandTest {
  private static final String LOCK_ID = "606566bd-0679-ccbb-68c7-1e4ee0938191";

  @TempDir Path dir;

  private Captured run(String... args) {
    // TEST-NET-1: nothing may be started or reached there
    Map<String, String> env = Fixtures.withLocalConfig(Map.of("CDKTF_OUTDIR", dir.resolve("cdktf.out").toString(),
        "AWS_ENDPOINT_URL", "http://192.0.2.1:9"));
    return Captured.of((out, err) -> Main.run(args, env, out, err));
  }

  private void assertNothingRan(Captured r) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.out()).isEmpty();
    assertThat(dir.resolve("cdktf.out")).doesNotExist();
  }

  @Test
  void failsWithoutALockId() {
    Captured r = run("unlock");

    assertNothingRan(r);
    assertThat(r.err().lines()).containsExactly("error: Missing required parameter: 'LOCK_ID'; see ./main unlock"
        + " --help");
  }

  @Test
  void failsOnSomethingThatIsNotALockId() {
    Captured r = run("unlock", "service-connect/terraform.tfstate");

    assertNothingRan(r);
    assertThat(r.err().lines()).containsExactly("error: unlock: 'service-connect/terraform.tfstate' is not a"
        + " Terraform lock ID; copy the ID printed under 'Lock Info:' by the run that failed (8-4-4-4-12 hex"
        + " digits)");
  }

  @Test
  void failsOnAnUnknownStack() {
    Captured r = run("unlock", "--stack", "services", LOCK_ID);

    assertNothingRan(r);
    assertThat(r.err().lines()).containsExactly(
        "error: unlock: --stack 'services' is not a stack; expected one of service-connect, state-bootstrap");
  }

  @Test
  void failsOnABadConfigBeforeUnlockingAnything() {
    Captured r = run("unlock", "--config", dir.resolve("missing.yaml").toString(), LOCK_ID);

    assertNothingRan(r);
    assertThat(r.err().lines()).contains(dir.resolve("missing.yaml") + ": no such file");
  }

  @Test
  void failsWhenTheLocalEmulatorIsGoneAndSaysSo() {
    // nothing answers at TEST-NET-1, so no lock can be held there; terraform is never run
    Captured r = run("unlock", LOCK_ID);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).as("nothing was unlocked: no result").isEmpty();
    assertThat(r.err().lines()).contains("Nothing answers at http://192.0.2.1:9: the emulator, and any lock kept in"
        + " it, is gone; nothing was unlocked.");
    assertThat(dir.resolve("cdktf.out")).doesNotExist();
  }

  @Test
  void hasHelp() {
    Captured r = run("unlock", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: main unlock").contains("--stack=STACK").contains("LOCK_ID")
        .contains("--auto-approve");
  }
}
