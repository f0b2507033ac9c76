package dev.svcconnect.stacks;

import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import java.util.Arrays;
import java.util.Set;

/**
 * Starts the jsii kernel and loads the AWS provider into it on a background thread, while the main thread parses
 * the command line and the configuration. Starting node, loading constructs, cdktf and the provider into the kernel,
 * and the Java runtime's copy of the provider's 30 MB bundle out of its jar are a third of a synth, and none of it
 * needs the configuration (BENCHMARKS.md has the figures).
 *
 * <p>The Java jsii runtime talks to the kernel over one pipe, one request at a time, and is not thread-safe: nothing
 * may use jsii until {@link #await()} has returned. Every App is created after it ({@link Stacks#synth},
 * {@code CheckedSynth}), and {@code Main.run} awaits before it returns.
 */
public final class KernelWarmUp {
  /** The commands that build the stacks, and so start the kernel anyway. */
  private static final Set<String> COMMANDS = Set.of("synth", "report", "check", "deploy", "plan", "output",
      "destroy", "bootstrap", "unlock", "watch");

  private static Thread thread;

  private KernelWarmUp() {}

  /** Starts the warm-up if {@code args} name a command that builds the stacks; at most once per JVM. */
  public static synchronized void startFor(String[] args) {
    if (thread != null || !buildsStacks(args)) {
      return;
    }
    thread = new Thread(KernelWarmUp::warm, "jsii-kernel-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether the command line names a command that builds the stacks (options may come before it). */
  static boolean buildsStacks(String[] args) {
    return Arrays.stream(args).anyMatch(COMMANDS::contains);
  }

  /** Returns once the warm-up, if one was started, is over: from then on this thread may use jsii. */
  public static void await() {
    Thread t;
    synchronized (KernelWarmUp.class) {
      t = thread;
    }
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void warm() {
    try {
      // A provider class's initializer reads its resource type from the kernel: that starts the kernel and loads the
      // provider's module with its dependencies, as the first resource of a synth would.
      Class.forName(AwsProvider.class.getName(), true, KernelWarmUp.class.getClassLoader());
    } catch (Throwable e) {
      // The main thread meets the same failure when it builds the stacks, and reports it there.
    }
  }
}
