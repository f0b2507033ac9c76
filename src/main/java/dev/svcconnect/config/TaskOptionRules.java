package dev.svcconnect.config;

import dev.svcconnect.config.EnvironmentConfig.HealthCheck;
import dev.svcconnect.config.EnvironmentConfig.ReadinessGate;
import dev.svcconnect.config.EnvironmentConfig.Tls;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The production options of a task and a service: the app container's health check, the readiness gate, the
 * container-level reservations that leave headroom for the Service Connect proxy, the Fargate platform version and
 * Service Connect TLS per endpoint. The ranges are ECS's own (ECS API reference, HealthCheck and ContainerDefinition).
 */
final class TaskOptionRules {
  /** AWS's recommendation for the Service Connect proxy (Envoy) container of each task: CPU units and MiB. */
  static final int PROXY_CPU = 256;
  static final int PROXY_MEMORY_MIB = 64;
  static final String GATE_CONTAINER = "readiness-gate";
  /** A small public image that ECR Public serves without Docker Hub's pull limits; it only runs {@code true}. */
  static final String GATE_IMAGE = "public.ecr.aws/docker/library/busybox:stable";
  /** Service Connect and ECS Exec both need Fargate platform version 1.4.0 or later. */
  static final List<String> PLATFORM_VERSIONS = List.of("LATEST", "1.4.0");

  private static final String PARTITION = "(aws|aws-cn|aws-us-gov)";
  private static final String REGION = "[a-z]{2}(-gov)?-[a-z]+-[0-9]";
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final Pattern PCA_ARN = Pattern.compile("arn:" + PARTITION + ":acm-pca:" + REGION
      + ":[0-9]{12}:certificate-authority/" + UUID);
  private static final Pattern ROLE_ARN = Pattern.compile("arn:" + PARTITION
      + ":iam::[0-9]{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
  private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:" + PARTITION + ":kms:" + REGION
      + ":[0-9]{12}:key/(" + UUID + "|mrk-[0-9a-f]{32})");

  private TaskOptionRules() {}

  /** {@code healthCheck}: a command and ECS's timings, each defaulted so that only the command is needed. */
  static Optional<HealthCheck> healthCheck(YamlFields parent) {
    // Read even when absent or null ('healthCheck: ~' means none); a non-mapping is reported by object().
    YamlFields f = parent.object("healthCheck");
    if (!parent.isMapping("healthCheck")) {
      return Optional.empty();
    }
    List<String> command = command(f);
    int interval = ranged(f, "intervalSec", 30, 5, 300);
    int timeout = ranged(f, "timeoutSec", 5, 2, 120);
    int retries = ranged(f, "retries", 3, 1, 10);
    int startPeriod = ranged(f, "startPeriodSec", 0, 0, 300);
    f.finish();
    return Optional.of(new HealthCheck(command, interval, timeout, retries, startPeriod));
  }

  /** A plain string is shorthand for {@code [CMD-SHELL, string]}: the form almost every health check takes. */
  private static List<String> command(YamlFields f) {
    if (!f.has("command")) {
      f.requiredString("command");
      return List.of();
    }
    if (f.isString("command")) {
      String shell = f.requiredString("command");
      if (!shell.isEmpty() && shell.isBlank()) {
        f.error("command", "must not be blank");
      }
      return List.of("CMD-SHELL", shell);
    }
    if (!f.isList("command")) {
      f.error("command", "expected a string or a list of strings, got " + f.describe("command"));
      return List.of();
    }
    List<String> command = f.strings("command", List.of());
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

  private static int ranged(YamlFields f, String key, int defaultValue, int min, int max) {
    int v = f.integer(key, defaultValue);
    if (v < min || v > max) {
      f.error(key, v + " is out of range (" + min + "-" + max + ")");
    }
    return v;
  }

  /**
   * {@code readinessGate: {enabled: true}}: a container that waits for the app container to be HEALTHY, so
   * needs the health check. Its dependency is the only one in the task, so there is no cycle to check.
   */
  static Optional<ReadinessGate> readinessGate(YamlFields parent, String appContainer,
      Optional<HealthCheck> healthCheck) {
    YamlFields f = parent.object("readinessGate");
    boolean enabled = f.bool("enabled", false);
    String name = f.string("containerName", GATE_CONTAINER);
    String image = f.string("image", GATE_IMAGE);
    if (!enabled) {
      f.finish();
      return Optional.empty();
    }
    ConfigLoader.checkEcsName(f, "containerName", name);
    if (name.equals(appContainer)) {
      f.error("containerName", "'" + name + "' is the app container's name (containerName); the gate needs a"
          + " name of its own");
    }
    if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      f.error("image", "'" + image + "' must be a non-empty image reference without spaces");
    }
    if (healthCheck.isEmpty()) {
      f.error("enabled", "the gate waits for container '" + appContainer + "' to be HEALTHY, which needs a"
          + " healthCheck on the task");
    }
    f.finish();
    return Optional.of(new ReadinessGate(name, image));
  }

  /**
   * {@code containerCpu}/{@code containerMemoryMiB}: the app container's share, which must leave AWS's
   * recommended headroom for the Service Connect proxy that every service of this stack runs in each task.
   */
  static Optional<Integer> containerCpu(YamlFields f, int taskCpu) {
    Optional<Integer> cpu = f.optionalInteger("containerCpu");
    cpu.ifPresent(v -> {
      if (v < 2) {
        f.error("containerCpu", v + " is below 2, the smallest CPU share Linux gives a container");
      } else if (v + PROXY_CPU > taskCpu) {
        f.error("containerCpu", v + " CPU units plus the Service Connect proxy's " + PROXY_CPU
            + " exceed the task's cpu " + taskCpu + "; at most " + Math.max(0, taskCpu - PROXY_CPU)
            + " are left for the container");
      }
    });
    return cpu;
  }

  static Optional<Integer> containerMemoryMiB(YamlFields f, int taskMemoryMiB) {
    Optional<Integer> memory = f.optionalInteger("containerMemoryMiB");
    memory.ifPresent(v -> {
      if (v < 6) {
        f.error("containerMemoryMiB", v + " MiB is below 6 MiB, the least Docker gives a container");
      } else if (v + PROXY_MEMORY_MIB > taskMemoryMiB) {
        f.error("containerMemoryMiB", v + " MiB plus the Service Connect proxy's " + PROXY_MEMORY_MIB
            + " MiB exceed the task's memoryMiB " + taskMemoryMiB + "; at most " + (taskMemoryMiB - PROXY_MEMORY_MIB)
            + " MiB are left for the container");
      }
    });
    return memory;
  }

  /** {@code platformVersion} of a service; absent leaves AWS's default, LATEST. */
  static Optional<String> platformVersion(YamlFields f) {
    Optional<String> version = f.optionalString("platformVersion");
    version.filter(v -> !PLATFORM_VERSIONS.contains(v)).ifPresent(v -> f.error("platformVersion",
        v.matches("1\\.[0-3]\\.[0-9]+")
            ? "'" + v + "' cannot run Service Connect or ECS Exec, which need Fargate platform version 1.4.0 or"
                + " later; expected LATEST or 1.4.0"
            : "'" + v + "' is not a Fargate Linux platform version; expected LATEST or 1.4.0"));
    return version;
  }

  /**
   * {@code tls} of an endpoint: ARNs of exactly the expected shape, in the partition of {@code region} (the stack
   * deploys there; an ARN of another partition can never be used from it).
   */
  static Optional<Tls> tls(YamlFields endpoint, String region) {
    YamlFields f = endpoint.object("tls");
    if (!endpoint.isMapping("tls")) {
      return Optional.empty();
    }
    String ca = f.requiredString("privateCaArn");
    String role = f.requiredString("roleArn");
    Optional<String> kms = f.optionalString("kmsKeyArn");
    String partition = partition(region);
    arn(f, "privateCaArn", ca, PCA_ARN,
        "an AWS Private CA ARN (arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<uuid>)",
        partition, region);
    arn(f, "roleArn", role, ROLE_ARN, "an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)", partition,
        region);
    kms.ifPresent(k -> arn(f, "kmsKeyArn", k, KMS_KEY_ARN,
        "a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>)", partition, region));
    f.finish();
    return Optional.of(new Tls(ca, role, kms));
  }

  private static void arn(YamlFields f, String key, String arn, Pattern shape, String what, String partition,
      String region) {
    if (arn.isEmpty()) {
      return; // reported as required
    }
    if (!shape.matcher(arn).matches()) {
      f.error(key, "'" + arn + "' is not " + what);
    } else if (!arn.split(":")[1].equals(partition)) {
      f.error(key, "'" + arn + "' is in partition " + arn.split(":")[1] + ", but target.region " + region
          + " is in " + partition);
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
