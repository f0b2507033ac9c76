package dev.svcconnect.stacks;

import com.hashicorp.cdktf.App;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.topology.Topology;
import java.nio.file.Path;

/** The app's two stacks for one environment, and where a synth leaves them ({@code app.Synthesizer} writes them). */
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
}
