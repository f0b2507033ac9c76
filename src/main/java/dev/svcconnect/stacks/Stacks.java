package dev.svcconnect.stacks;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.topology.Topology;
import java.nio.file.Path;

/** Builds the app's two stacks for one environment and writes them as Terraform JSON. */
public final class Stacks {
  private Stacks() {}

  /** Where {@code cdktf synth} leaves each stack. */
  public record Synthesized(Path outdir) {
    public Path stackDir(String stackId) {
      return outdir.resolve("stacks").resolve(stackId);
    }

    public Path bootstrapDir() {
      return stackDir(StateBootstrapStack.ID);
    }

    public Path serviceDir() {
      return stackDir(ServiceConnectStack.ID);
    }
  }

  /**
   * Adds both stacks to {@code app}; the service stack is deployed after the bootstrap stack. {@code topology} is
   * the one derived from {@code config} for this command.
   */
  public static void define(App app, EnvironmentConfig config, Topology topology, DeploymentTarget target) {
    StateBootstrapStack bootstrap = new StateBootstrapStack(app, config, target);
    ServiceConnectStack service = new ServiceConnectStack(app, config, topology, target);
    service.addDependency(bootstrap);
  }

  /** Writes both stacks into {@code outdir}, without the policy suite (see CheckedSynth for the one with it). */
  public static Synthesized synth(EnvironmentConfig config, Topology topology, DeploymentTarget target,
      Path outdir) {
    KernelWarmUp.await();
    App app = new App(AppConfig.builder().outdir(outdir.toString()).stackTraces(false).build());
    define(app, config, topology, target);
    app.synth();
    return new Synthesized(outdir);
  }
}
