package dev.svcconnect.config;

import dev.svcconnect.config.EnvironmentConfig.HealthCheck;
import dev.svcconnect.config.EnvironmentConfig.Container;
import dev.svcconnect.config.EnvironmentConfig.Tls;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The production options of a task and a service, where they relate fields to each other: the health check's
 * command form, the readiness gate's needs, the container-level reservations that leave headroom for the Service
 * Connect proxy, and Service Connect TLS in the target's partition. Ranges and patterns are the schema's (ECS API
 * reference, HealthCheck and ContainerDefinition).
 */
final class TaskOptionRules {
  /**
   * AWS's recommendation for the Service Connect proxy (Envoy) container of each task: CPU units and MiB
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html).
   */
  static final int PROXY_CPU = 256;
  static final int PROXY_MEMORY_MIB = 64;

  private TaskOptionRules() {}

  /** {@code healthCheck}: the command in ECS's form, the timings as the schema checked and defaulted them. */
  static HealthCheck healthCheck(Section f) {
    return f.bind(HealthCheck.class, Map.of("command", command(f)));
  }

  /** A plain string is shorthand for {@code [CMD-SHELL, string]}: the form almost every health check takes. */
  private static List<String> command(Section f) {
    if (f.isText("command")) {
      return List.of("CMD-SHELL", f.text("command"));
    }
    List<String> command = f.texts("command");
    String rule = "must start with CMD (arguments run directly) or CMD-SHELL (one string run by the container's"
        + " shell), e.g. [CMD-SHELL, 'curl -f http://localhost/ || exit 1']; or write the shell command as a"
        + " plain string";
    if (command.isEmpty()) {
      f.error("command", rule);
    } else if (command.get(0).equals("NONE")) {
      f.error("command", "NONE turns the image's own health check off; to have none, leave healthCheck out");
    } else if (command.get(0).equals("CMD-SHELL")) {
      if (command.size() != 2 || command.get(1).isBlank()) {
        f.error("command", "CMD-SHELL takes exactly one non-blank command string, got " + (command.size() - 1)
            + " argument(s)");
      }
    } else if (command.get(0).equals("CMD")) {
      if (command.size() < 2 || command.get(1).isBlank()) {
        f.error("command", "CMD needs the program to run after it");
      }
    } else {
      f.error("command", rule);
    }
    return command;
  }

  /**
   * {@code readinessGate}, empty unless enabled: a container that waits for the app container to be HEALTHY, so
   * needs the health check. Its dependency is the only one in the task, so there is no cycle to check.
   */
  static Optional<Container> readinessGate(Section f, String appContainer, Optional<HealthCheck> healthCheck) {
    if (!f.bool("enabled")) {
      return Optional.empty();
    }
    String name = f.text("containerName");
    if (name.equals(appContainer)) {
      f.error("containerName", Display.quote(name) + " is the app container's name (containerName); the gate needs"
          + " a name of its own");
    }
    if (healthCheck.isEmpty()) {
      f.error("enabled", "the gate waits for container " + Display.quote(appContainer) + " to be HEALTHY, which"
          + " needs a healthCheck on the task");
    }
    return Optional.of(Container.readinessGate(name, f.text("image"), appContainer));
  }

  /**
   * {@code containerCpu}/{@code containerMemoryMiB}: the app container's share, which must leave AWS's
   * recommended headroom for the Service Connect proxy that every service of this stack runs in each task.
   */
  static Optional<Integer> containerCpu(Section f, int taskCpu) {
    Optional<Integer> cpu = f.optionalInteger("containerCpu");
    cpu.filter(v -> v + PROXY_CPU > taskCpu).ifPresent(v -> f.error("containerCpu", v + " CPU units plus the"
        + " Service Connect proxy's " + PROXY_CPU + " exceed the task's cpu " + taskCpu + "; at most "
        + Math.max(0, taskCpu - PROXY_CPU) + " are left for the container"));
    return cpu;
  }

  static Optional<Integer> containerMemoryMiB(Section f, int taskMemoryMiB) {
    Optional<Integer> memory = f.optionalInteger("containerMemoryMiB");
    memory.filter(v -> v + PROXY_MEMORY_MIB > taskMemoryMiB).ifPresent(v -> f.error("containerMemoryMiB", v
        + " MiB plus the Service Connect proxy's " + PROXY_MEMORY_MIB + " MiB exceed the task's memoryMiB "
        + taskMemoryMiB + "; at most " + (taskMemoryMiB - PROXY_MEMORY_MIB) + " MiB are left for the container"));
    return memory;
  }

  /**
   * {@code tls} of an endpoint: the schema checked each ARN's shape; here, that it is in the partition of
   * {@code region} (the stack deploys there; an ARN of another partition can never be used from it).
   */
  static Tls tls(Section f, String region) {
    Tls tls = f.bind(Tls.class);
    samePartition(f, "privateCaArn", tls.privateCaArn(), region);
    samePartition(f, "roleArn", tls.roleArn(), region);
    tls.kmsKeyArn().ifPresent(k -> samePartition(f, "kmsKeyArn", k, region));
    return tls;
  }

  /** Reports {@code key} unless {@code arn} is in the partition of {@code region}. */
  static void samePartition(Section f, String key, String arn, String region) {
    String arnPartition = arn.split(":")[1];
    if (!arnPartition.equals(partition(region))) {
      f.error(key, Display.quote(arn) + " is in partition " + arnPartition + ", but target.region " + region
          + " is in " + partition(region));
    }
  }

  /** The ARN partition of a region: China and GovCloud have their own. */
  static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }
}
