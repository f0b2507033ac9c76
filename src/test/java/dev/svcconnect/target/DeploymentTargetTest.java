package dev.svcconnect.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.state.StateBucketProtection;
import dev.svcconnect.tiers.UnitTier;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each target deploys differently: the one place the local emulator's downgrades are applied. */
@UnitTier
class DeploymentTargetTest {
  /** A service api that waits for a steady state, on the local target (options-scaling.yaml). */
  private static final EnvironmentConfig LOCAL =
      ConfigLoader.load(Path.of("src/test/resources/topology/options-scaling.yaml"));

  private static Service api(EnvironmentConfig config) {
    return config.service("api").orElseThrow();
  }

  @Test
  void bothTargetsDeployTheServiceAsWrittenWaitingForASteadyStateWhereAsked() {
    // The emulator counts a service's tasks as running once launched, so the wait ends locally too.
    Service api = api(LOCAL);

    assertThat(api.deployment().waitForSteadyState()).isTrue();
    assertThat(DeploymentTarget.resolve(LOCAL, Map.of()).deployable(api)).isSameAs(api);
    assertThat(DeploymentTarget.resolve(LOCAL, Map.of()).asAws().deployable(api)).isSameAs(api);
  }

  @Test
  void stateBucketIsProtectedOnAwsOnly() {
    DeploymentTarget local = DeploymentTarget.resolve(LOCAL, Map.of());

    assertThat(local.stateBucketProtection()).isEqualTo(new StateBucketProtection(false, false));
    assertThat(local.asAws().stateBucketProtection()).isEqualTo(new StateBucketProtection(true, true));
  }
}
