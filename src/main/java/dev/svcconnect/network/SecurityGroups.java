package dev.svcconnect.network;

import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import java.util.Map;
import software.constructs.Construct;

/** The security group every workload here starts from: no ingress at all, all egress. */
public final class SecurityGroups {
  private SecurityGroups() {}

  /**
   * Adds {@code SecurityGroup} and {@code EgressAll} to {@code scope} (construct ids callers' paths rely on).
   * Ingress is added by whoever knows the sources, one referenced-group rule each.
   */
  public static SecurityGroup withOpenEgress(Construct scope, Vpc vpc, String name, String description,
      String egressDescription) {
    SecurityGroup group = SecurityGroup.Builder.create(scope, "SecurityGroup")
        .name(name)
        .description(description)
        .vpcId(vpc.getId())
        .tags(Map.of("Name", name))
        .build();
    VpcSecurityGroupEgressRule.Builder.create(scope, "EgressAll")
        .securityGroupId(group.getId())
        .description(egressDescription)
        .ipProtocol("-1")
        .cidrIpv4("0.0.0.0/0")
        .build();
    return group;
  }
}
