package dev.svcconnect.naming;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that derives resource names and tags for an environment, so they never drift between resources.
 * Names the walkthrough fixes (cluster, services, log group, bastion) come from the config instead.
 */
public record Naming(String environment, Map<String, String> extraTags) {
  /** The application name used as prefix and tag. */
  public static final String APPLICATION = "ecs-service-connect";
  /** The keys of the tags the stack itself sets on every resource; a service's own tags may not reuse them. */
  public static final List<String> STACK_TAG_KEYS = List.of("Application", "Environment", "ManagedBy");

  public Naming {
    extraTags = Map.copyOf(extraTags);
  }

  /** {@code ecs-service-connect-<environment>}: prefix for IAM and network names, unique per environment. */
  public String prefix() {
    return APPLICATION + "-" + environment;
  }

  public String name(String suffix) {
    return prefix() + "-" + suffix;
  }

  /** Tags every taggable resource gets through the provider's {@code default_tags}. */
  public Map<String, String> defaultTags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Application", APPLICATION);
    tags.put("Environment", environment);
    tags.put("ManagedBy", "cdktf");
    tags.putAll(extraTags);
    return tags;
  }

  /** The Name tag the EC2 console shows. */
  public Map<String, String> nameTag(String name) {
    return Map.of("Name", name);
  }
}
