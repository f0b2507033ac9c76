package dev.svcconnect.app;

import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;

/**
 * Starts the jsii kernel and loads the AWS provider into it on a background thread, while the main thread parses
 * the command line and the configuration. Starting node, loading constructs, cdktf and the provider into the kernel,
 * and the Java runtime's copy of the provider's 30 MB bundle out of its jar are a third of a synth, and none of it
 * needs the configuration (BENCHMARKS.md has the figures).
 *
 * <p>The Java jsii runtime talks to the kernel over one pipe, one request at a time, and is not thread-safe: nothing
 * may use jsii until {@link #await()} has returned. {@link Synthesizer}, the only place that creates an App, awaits
 * it first, and {@code Main.run} awaits before it returns. Which commands start it is {@code Main}'s to say (its
 * {@code @Synthesizes} marker); plan and deploy start it only when their synth will likely run
 * ({@code cli.Workflow#warmUpUnlessSynthSkipped}).
 */
final class KernelWarmUp {
  private static Thread thread;

  private KernelWarmUp() {}

  /** Starts the warm-up; at most once per JVM. */
  static synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(KernelWarmUp::warm, "jsii-kernel-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** Returns once the warm-up, if one was started, is over: from then on this thread may use jsii. */
  static void await() {
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
