package dev.svcconnect.stacks;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.target.DeploymentTarget;
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

  /** Adds both stacks to {@code app}; the service stack is deployed after the bootstrap stack. */
  public static void define(App app, EnvironmentConfig config, DeploymentTarget target) {
    StateBootstrapStack bootstrap = new StateBootstrapStack(app, config, target);
    ServiceConnectStack service = new ServiceConnectStack(app, config, target);
    service.addDependency(bootstrap);
  }

  public static Synthesized synth(EnvironmentConfig config, DeploymentTarget target, Path outdir) {
    KernelWarmUp.await();
    App app = new App(AppConfig.builder().outdir(outdir.toString()).stackTraces(false).build());
    define(app, config, target);
    app.synth();
    return new Synthesized(outdir);
  }
}
