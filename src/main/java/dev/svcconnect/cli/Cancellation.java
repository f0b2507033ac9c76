package dev.svcconnect.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * SIGTERM, SIGINT and SIGHUP to {@code ./main}: a running Terraform gets the same signal and stops the way it does
 * on Ctrl-C (it finishes the calls in flight, saves the state and releases the lock; Terraform treats SIGINT and
 * SIGTERM alike), and {@code ./main} exits with its status once it has stopped ({@link Terraform} reports the lock
 * state first). No Terraform is left applying on its own while holding the lock. Without a Terraform in flight,
 * {@code ./main} exits at once with 128 + the signal's number.
 *
 * <p>Terraform runs in a session of its own ({@code setsid}, where there is one), so the only signal it gets is the
 * one forwarded here: a Ctrl-C in the terminal, which signals the whole foreground process group, would otherwise
 * reach it twice, and Terraform reads a second interrupt as "exit immediately". A further signal is forwarded too:
 * that is how a user asks Terraform to stop at once.
 *
 * <p>Only the program's own JVM installs the handlers ({@link #install}, from {@code Main.main}); in a test JVM
 * {@link #start} is a plain {@link ProcessBuilder#start}.
 */
public final class Cancellation {
  /** The signals forwarded: the ones a terminal, a CI runner or a process manager sends to stop a command. */
  static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

  private static final Object LOCK = new Object();
  private static Process running;
  private static String received;
  private static int receivedNumber;
  private static PrintStream log = System.err;

  private Cancellation() {}

  /** Forwards {@link #SIGNALS} from now on; {@code err} gets the one line said when nothing is running. */
  @SuppressWarnings("restriction")
  public static void install(PrintStream err) {
    log = err;
    for (String name : SIGNALS) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), s -> received(s.getName(), s.getNumber()));
    }
  }

  private static void received(String name, int number) {
    Process target;
    synchronized (LOCK) {
      if (received == null) {
        received = name;
        receivedNumber = number;
      }
      target = running;
    }
    if (target == null) {
      log.println("main: SIG" + name + " received while no terraform was running; stopping");
      System.exit(128 + number);
      return;
    }
    forward(target, name);
  }

  /** Sends signal {@code name} to {@code process} ({@code kill -s}; Java itself can only send SIGTERM and SIGKILL). */
  private static void forward(Process process, String name) {
    try {
      new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start().waitFor();
    } catch (IOException e) {
      process.destroy(); // no kill on PATH: SIGTERM, which Terraform handles as it does SIGINT
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts {@code pb} as the Terraform in flight, which a signal is forwarded to, unless a signal already arrived
   * and {@code evenIfStopped} is false.
   *
   * @return the started process; pass it to {@link #finished} once it has ended
   * @param what the run as {@link TerraformFailure} names it
   * @throws TerraformFailure when a signal already stopped the command (nothing is started)
   */
  static Process start(ProcessBuilder pb, String what, boolean evenIfStopped) throws IOException {
    synchronized (LOCK) {
      if (received != null && !evenIfStopped) {
        throw new TerraformFailure(128 + receivedNumber, what + " (not started: SIG" + received + " received)");
      }
      Process p = pb.start();
      running = p;
      return p;
    }
  }

  /** {@code process} has ended: a signal from now on finds nothing to forward to. */
  static void finished(Process process) {
    synchronized (LOCK) {
      if (running == process) {
        running = null;
      }
    }
  }

  /** The first signal received, as {@code SIGTERM}, if any. */
  static Optional<String> signal() {
    synchronized (LOCK) {
      return Optional.ofNullable(received).map(n -> "SIG" + n);
    }
  }

  /** The exit status of a command stopped by a signal: Terraform's, or 128 + the signal's if Terraform's was 0. */
  static int status(int terraformStatus) {
    synchronized (LOCK) {
      return terraformStatus != 0 ? terraformStatus : 128 + receivedNumber;
    }
  }
}
