package dev.svcconnect.service;

import dev.svcconnect.config.EnvironmentConfig.DeploymentAlarms;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.Scaling;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The production options of a {@link ConnectedService}, as the target allows them.
 *
 * @param alarms CloudWatch alarms that fail (and roll back) a deployment; empty for none
 * @param waitForSteadyState whether apply waits until the service's deployment has settled
 * @param ignoreTaskDefinitionChanges external-pipeline mode: the task definition the service runs is the pipeline's
 * @param scaling auto scaling; when present the scaler owns desired_count, which plans therefore ignore
 * @param requestEndpoints the endpoints whose Service Connect requests the request-count policy counts
 * @param tags the service's own tags, on top of the provider's default tags
 */
public record ServiceOptions(
    Optional<DeploymentAlarms> alarms,
    boolean waitForSteadyState,
    boolean ignoreTaskDefinitionChanges,
    Optional<Scaling> scaling,
    List<Endpoint> requestEndpoints,
    Map<String, String> tags) {
  public ServiceOptions {
    requestEndpoints = List.copyOf(requestEndpoints);
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** Every option off: what a service gets without writing any. */
  public static ServiceOptions none() {
    return new ServiceOptions(Optional.empty(), false, false, Optional.empty(), List.of(), Map.of());
  }
}
