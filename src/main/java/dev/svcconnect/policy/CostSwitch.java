package dev.svcconnect.policy;

import dev.svcconnect.config.SecurityConfig;
import java.util.function.Predicate;

/**
 * A hardening that costs money every month, so the config decides. A rule tied to a switch still checks the stack;
 * when its check fails and the switch is off, the finding is "opted out" with this reason instead of failed.
 */
public enum CostSwitch {
  CONTAINER_INSIGHTS("security.containerInsights", SecurityConfig::containerInsights,
      "Container Insights bills its metrics as CloudWatch custom metrics, per cluster, service and task"),
  KMS_KEYS("security.kmsKeys", SecurityConfig::kmsKeys,
      "a customer-managed KMS key costs a monthly fee, and after destroy it stays billed for its 7-day deletion"
          + " window; logs and ECR images are encrypted at rest with the services' own keys anyway"),
  VPC_FLOW_LOGS("security.vpcFlowLogs", SecurityConfig::vpcFlowLogs,
      "flow logs are billed per GB ingested into CloudWatch Logs, which grows with every connection in the VPC,"
          + " image pulls through the NAT gateway included"),
  // The two switches of a load balancer are per load balancer: the stack writes the failing value only when the
  // load balancer's field is off, so a failure of their rule is that field's documented choice (never "on").
  ALB_DELETION_PROTECTION("loadBalancers.<name>.deletionProtection", config -> false,
      "on, AWS refuses to delete the load balancer, so ./main destroy fails until it is turned off again; off by"
          + " default so that an environment can be torn down"),
  ALB_ACCESS_LOGS("loadBalancers.<name>.accessLogs", config -> false,
      "the logs are billed as S3 storage, and the bucket's policy must let ELB deliver them"
          + " (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html), so the"
          + " stack takes an existing bucket rather than creating one");

  private final String field;
  private final Predicate<SecurityConfig> enabled;
  private final String cost;

  CostSwitch(String field, Predicate<SecurityConfig> enabled, String cost) {
    this.field = field;
    this.enabled = enabled;
    this.cost = cost;
  }

  /** The config field, e.g. {@code security.kmsKeys}. */
  public String field() {
    return field;
  }

  public boolean enabled(SecurityConfig config) {
    return enabled.test(config);
  }

  /** Why the switch exists: what turning it on costs. */
  public String cost() {
    return cost;
  }
}
