package dev.svcconnect.config;

import dev.svcconnect.config.EnvironmentConfig.DeploymentAlarms;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.Scaling;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.Task;
import dev.svcconnect.naming.Naming;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The production options of a service beyond its wiring: auto scaling, deployment alarms and its own tags. Each
 * reader checks its own fields; {@link #checkAgainstEnvironment} checks what needs the rest of the file (the
 * cluster's Container Insights switch, the default tags).
 */
final class ServiceOptionRules {
  /** ECS runs at most this many tasks per service (a fixed quota). */
  static final int MAX_TASKS_PER_SERVICE = 5000;
  /** Target tracking on CPU: 30% headroom covers the minute or two a new Fargate task needs to start. */
  static final int DEFAULT_CPU_PERCENT = 70;
  static final int DEFAULT_SCALE_IN_COOLDOWN_SEC = 300;
  static final int DEFAULT_SCALE_OUT_COOLDOWN_SEC = 60;
  /** AWS allows 50 user tags per resource; keys starting with aws: do not count but cannot be written. */
  static final int MAX_TAGS = 50;
  /** Characters AWS accepts in tag keys and values across services (EC2, ECS, IAM, Application Auto Scaling). */
  private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private ServiceOptionRules() {}

  /**
   * {@code scaling:}, empty when absent. A written {@code desiredCount} must lie within [minTasks, maxTasks]: with
   * scaling on, it is only the count the service starts with (minTasks when not written).
   */
  static Optional<Scaling> scaling(YamlFields service, Optional<Integer> desiredCount, Task task,
      List<Endpoint> endpoints) {
    YamlFields f = service.object("scaling");
    if (!service.has("scaling")) {
      return Optional.empty();
    }
    int min = f.integer("minTasks", 1);
    boolean maxWritten = f.has("maxTasks");
    int max = f.integer("maxTasks", Math.max(min, 1));
    if (!maxWritten) {
      f.error("maxTasks", "is required: the most tasks the scaler may run (e.g. maxTasks: 4)");
    }
    boolean rangeValid = true;
    if (min < 1 || min > MAX_TASKS_PER_SERVICE) {
      f.error("minTasks", min + " is out of range (1-" + MAX_TASKS_PER_SERVICE + "); a service scaled to zero tasks"
          + " reports no CPU or request metrics, so target tracking could never scale it out again");
      rangeValid = false;
    }
    if (maxWritten && (max < 1 || max > MAX_TASKS_PER_SERVICE)) {
      f.error("maxTasks", max + " is out of range (1-" + MAX_TASKS_PER_SERVICE + "; ECS runs at most "
          + MAX_TASKS_PER_SERVICE + " tasks per service)");
      rangeValid = false;
    } else if (maxWritten && rangeValid && max < min) {
      f.error("maxTasks", max + " is less than minTasks (" + min + ")");
      rangeValid = false;
    }
    Optional<Integer> outside = desiredCount.filter(d -> d < min || d > max);
    if (maxWritten && rangeValid && outside.isPresent()) {
      service.error("desiredCount", outside.get() + " is outside scaling's range (minTasks " + min + " to maxTasks "
          + max + "); with scaling on, desiredCount is only the count the service starts with");
    }
    int cpu = percent(f, "cpuPercent").orElse(DEFAULT_CPU_PERCENT);
    Optional<Integer> memory = percent(f, "memoryPercent");
    Optional<Integer> requests = f.optionalInteger("requestsPerTaskPerMinute");
    requests.filter(r -> r < 1).ifPresent(r -> f.error("requestsPerTaskPerMinute", r + " must be at least 1"));
    if (requests.isPresent() && task.withRequests(endpoints).isEmpty()) {
      f.error("requestsPerTaskPerMinute", endpoints.isEmpty()
          ? "needs an endpoint: Service Connect counts the requests a service receives through the endpoints it"
              + " publishes, and this service publishes none"
          : "needs an endpoint whose port speaks http, http2 or grpc: Service Connect counts no requests on tcp");
    }
    int scaleIn = cooldown(f, "scaleInCooldownSec", DEFAULT_SCALE_IN_COOLDOWN_SEC);
    int scaleOut = cooldown(f, "scaleOutCooldownSec", DEFAULT_SCALE_OUT_COOLDOWN_SEC);
    f.finish();
    return Optional.of(new Scaling(min, max, cpu, memory, requests.filter(r -> r >= 1), scaleIn, scaleOut));
  }

  private static Optional<Integer> percent(YamlFields f, String key) {
    Optional<Integer> v = f.optionalInteger(key);
    v.filter(p -> p < 1 || p > 100).ifPresent(p -> f.error(key, p + " is out of range (1-100)"));
    return v.filter(p -> p >= 1 && p <= 100);
  }

  private static int cooldown(YamlFields f, String key, int defaultValue) {
    int v = f.integer(key, defaultValue);
    if (v < 0) {
      f.error(key, v + " is negative; 0 means no cooldown");
      return defaultValue;
    }
    return v;
  }

  /** {@code deployment.alarms:}, empty when absent. */
  static Optional<DeploymentAlarms> alarms(YamlFields deployment) {
    YamlFields f = deployment.object("alarms");
    if (!deployment.has("alarms")) {
      return Optional.empty();
    }
    List<String> names = f.strings("names", List.of());
    if (!f.has("names")) {
      f.error("names", "is required: the CloudWatch alarms that fail the deployment while in ALARM");
    } else if (names.isEmpty()) {
      f.error("names", "must name at least one alarm (leave out 'alarms' for none)");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String field = "names[" + i + "]";
      if (name.isEmpty() || name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
        f.error(field, "'" + name + "' is not a CloudWatch alarm name: 1-255 characters without control"
            + " characters");
      } else if (!seen.add(name)) {
        f.error(field, "'" + name + "' is listed twice");
      }
    }
    boolean rollback = f.bool("rollback", true);
    f.finish();
    return Optional.of(new DeploymentAlarms(names, rollback));
  }

  /** A service's own {@code tags:}: AWS's tag rules, checked here; reuse of a default tag is checked later. */
  static Map<String, String> tags(YamlFields service) {
    Map<String, String> tags = service.stringMap("tags");
    for (Map.Entry<String, String> e : tags.entrySet()) {
      String field = "tags." + e.getKey();
      String key = e.getKey();
      if (key.isEmpty() || key.length() > 128) {
        service.error(field, "tag keys must be 1-128 characters");
      } else if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        service.error(field, "tag keys starting with 'aws:' are reserved by AWS");
      } else if (key.equals("Name")) {
        service.error(field, "'Name' is set by the stack: it is the console name of the service's security group");
      } else if (!TAG_TEXT.matcher(key).matches()) {
        service.error(field, "tag key '" + key + "' may only contain letters, digits, spaces and _ . : / = + - @");
      }
      if (e.getValue().length() > 256) {
        service.error(field, "tag values must be at most 256 characters");
      } else if (!TAG_TEXT.matcher(e.getValue()).matches()) {
        service.error(field, "tag value '" + e.getValue() + "' may only contain letters, digits, spaces and"
            + " _ . : / = + - @");
      }
    }
    return tags;
  }

  /**
   * What a service's options need from the rest of the file: the request-count policy divides by Container
   * Insights' RunningTaskCount, and a service's tags may neither reuse a default tag's key (it would silently win
   * over the default on that resource only) nor push a resource past AWS's tag limit.
   */
  static void checkAgainstEnvironment(YamlFields item, Service service, SecurityConfig security,
      Map<String, String> topLevelTags) {
    service.scaling().flatMap(Scaling::requestsPerTaskPerMinute).ifPresent(r -> {
      if (!security.containerInsights()) {
        item.object("scaling").error("requestsPerTaskPerMinute", "needs security.containerInsights: true; the"
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
    int total = defaults.size() + (int) service.tags().keySet().stream().filter(k -> !defaults.contains(k)).count();
    if (total > MAX_TAGS) {
      item.error("tags", service.tags().size() + " tags and the " + defaults.size() + " default tags make "
          + total + "; AWS allows at most " + MAX_TAGS + " per resource");
    }
  }
}
