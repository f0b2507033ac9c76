package dev.svcconnect.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The {@code security:} and {@code policy:} sections: the cost switches of the hardening, and the policy suite's
 * suppressions. Kept apart from the other sections so the policy suite owns one record.
 *
 * @param containerInsights ECS Container Insights on the cluster; billed per metric
 * @param kmsKeys a customer-managed KMS key for the log group, ECS Exec sessions and the stack's ECR repositories; a
 *     key costs a monthly fee and lingers (billed) for its deletion window after destroy
 * @param vpcFlowLogs VPC flow logs to CloudWatch Logs; billed per GB ingested, which grows with all traffic in the
 *     VPC, image pulls through NAT included
 * (the defaults are the schema's, schema/environment.schema.json; {@link #defaults()})
 * @param suppressions findings the policy suite reports as suppressed instead of failed
 */
public record SecurityConfig(
    boolean containerInsights, boolean kmsKeys, boolean vpcFlowLogs, List<Suppression> suppressions) {

  public SecurityConfig {
    suppressions = List.copyOf(suppressions);
  }

  /**
   * What a config that leaves both sections out gets: the schema's defaults of the three switches (read from
   * schema/environment.schema.json, their one home) and no suppressions.
   */
  public static SecurityConfig defaults() {
    JsonNode switches = ConfigSchema.tree().at("/properties/security/properties");
    return new SecurityConfig(switches.at("/containerInsights/default").booleanValue(),
        switches.at("/kmsKeys/default").booleanValue(), switches.at("/vpcFlowLogs/default").booleanValue(), List.of());
  }

  /**
   * One suppression: {@code rule} is not enforced on {@code resource}, for the written {@code reason}.
   *
   * @param resource a construct path ({@code service-connect/Bastion/Resource}, or relative to its stack) or a
   *     Terraform address ({@code aws_instance.Bastion_2B4CEC30})
   * @param field where it was written, e.g. {@code policy.suppressions[0]}, for error messages
   */
  public record Suppression(String rule, String resource, String reason, String field) {}
}
