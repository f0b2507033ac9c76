package dev.svcconnect.config;

import dev.svcconnect.config.EnvironmentConfig.DeploymentAlarms;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.Scaling;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.Task;
import dev.svcconnect.naming.AwsLimit;
import dev.svcconnect.naming.Naming;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The production options of a service beyond its wiring, where they relate fields to each other: auto scaling,
 * deployment alarms and its own tags. {@link #checkAgainstEnvironment} checks what needs the rest of the file (the
 * cluster's Container Insights switch, the default tags). Ranges, defaults and tag syntax are the schema's.
 */
final class ServiceOptionRules {
  private ServiceOptionRules() {}

  /**
   * {@code scaling} of {@code service}. A written {@code desiredCount} must lie within [minTasks, maxTasks]: with
   * scaling on, it is only the count the service starts with.
   */
  static Scaling scaling(Section f, Section service, Task task, List<Endpoint> endpoints) {
    Scaling scaling = f.bind(Scaling.class);
    int min = scaling.minTasks();
    int max = scaling.maxTasks();
    if (max < min) {
      f.error("maxTasks", max + " is less than minTasks (" + min + ")");
    } else if (service.written("desiredCount")) {
      int desired = service.integer("desiredCount");
      if (desired < min || desired > max) {
        service.error("desiredCount", desired + " is outside scaling's range (minTasks " + min + " to maxTasks " + max
            + "); with scaling on, desiredCount is only the count the service starts with");
      }
    }
    if (scaling.requestsPerTaskPerMinute().isPresent() && task.withRequests(endpoints).isEmpty()) {
      f.error("requestsPerTaskPerMinute", endpoints.isEmpty()
          ? "needs an endpoint: Service Connect counts the requests a service receives through the endpoints it"
              + " publishes, and this service publishes none"
          : "needs an endpoint whose port speaks http, http2 or grpc: Service Connect counts no requests on tcp");
    }
    return scaling;
  }

  /** {@code deployment.alarms}: each alarm once. */
  static DeploymentAlarms alarms(Section f) {
    DeploymentAlarms alarms = f.bind(DeploymentAlarms.class);
    List<String> names = alarms.names();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (!seen.add(names.get(i))) {
        f.error("names[" + i + "]", Display.quote(names.get(i)) + " is listed twice");
      }
    }
    return alarms;
  }

  /** A service's own {@code tags}: the stack sets Name; reuse of a default tag is checked later. */
  static Map<String, String> tags(Section service) {
    Map<String, String> tags = service.textMap("tags");
    if (tags.containsKey("Name")) {
      service.error("tags.Name", "'Name' is set by the stack: it is the console name of the service's security"
          + " group");
    }
    return tags;
  }

  /**
   * What a service's options need from the rest of the file: the request-count policy divides by Container
   * Insights' RunningTaskCount, and a service's tags may neither reuse a default tag's key (it would silently win
   * over the default on that resource only) nor push a resource past AWS's tag limit: its security group carries
   * them with the default tags and Name (keys starting with aws: do not count, and cannot be written).
   */
  static void checkAgainstEnvironment(Section item, Service service, SecurityConfig security,
      Map<String, String> topLevelTags) {
    service.scaling().flatMap(Scaling::requestsPerTaskPerMinute).ifPresent(r -> {
      if (!security.containerInsights()) {
        item.section("scaling").error("requestsPerTaskPerMinute", "needs security.containerInsights: true; the"
            + " requests are divided by the running task count, which only Container Insights reports"
            + " (ECS/ContainerInsights RunningTaskCount)");
      }
    });
    List<String> defaults = new ArrayList<>(Naming.STACK_TAG_KEYS);
    topLevelTags.keySet().stream().filter(k -> !defaults.contains(k)).forEach(defaults::add);
    for (String key : service.tags().keySet()) {
      if (defaults.contains(key)) {
        item.error("tags." + key, "'" + key + "' is already a default tag of every resource (" + String.join(", ",
            defaults) + "); change it under the top-level tags, or use another key");
      }
    }
    Set<String> onGroup = new HashSet<>(defaults);
    onGroup.addAll(service.tags().keySet());
    onGroup.add(Naming.NAME_TAG);
    // Without tags of its own the service's resources carry what every resource does: the top-level check's.
    if (!service.tags().isEmpty() && onGroup.size() > AwsLimit.TAGS_PER_RESOURCE) {
      item.error("tags", service.tags().size() + " tags, the " + defaults.size() + " default tags and Name make "
          + onGroup.size() + " on the service's security group; AWS allows at most " + AwsLimit.TAGS_PER_RESOURCE
          + " per resource (" + AwsLimit.TAGS_SOURCE + ")");
    }
  }
}
