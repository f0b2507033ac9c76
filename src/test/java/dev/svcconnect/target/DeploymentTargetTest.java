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
  void localTargetDeploysAServiceWithoutWaitingForASteadyState() {
    Service api = api(LOCAL);
    Service deployable = DeploymentTarget.resolve(LOCAL, Map.of()).deployable(api);

    assertThat(api.deployment().waitForSteadyState()).isTrue();
    assertThat(deployable.deployment().waitForSteadyState()).isFalse();
  }

  @Test
  void localTargetChangesNothingElseOfTheService() {
    Service api = api(LOCAL);
    Service deployable = DeploymentTarget.resolve(LOCAL, Map.of()).deployable(api);

    assertThat(deployable).usingRecursiveComparison().ignoringFields("deployment.waitForSteadyState")
        .isEqualTo(api);
  }

  @Test
  void awsTargetDeploysTheServiceAsWritten() {
    Service api = api(LOCAL);

    assertThat(DeploymentTarget.resolve(LOCAL, Map.of()).asAws().deployable(api)).isSameAs(api);
  }

  @Test
  void stateBucketIsProtectedOnAwsOnly() {
    DeploymentTarget local = DeploymentTarget.resolve(LOCAL, Map.of());

    assertThat(local.stateBucketProtection()).isEqualTo(new StateBucketProtection(false, false));
    assertThat(local.asAws().stateBucketProtection()).isEqualTo(new StateBucketProtection(true, true));
  }
}
