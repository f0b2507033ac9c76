package dev.svcconnect.network;

import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.prerequisite.RuntimePrerequisites;
import java.util.Map;
import software.constructs.Construct;

/** The security group every workload here starts from: no ingress at all, all egress. */
public final class SecurityGroups {
  private SecurityGroups() {}

  /**
   * A group and its egress rule. The rule is a run-time prerequisite of whatever the group is attached to: the
   * provider removes the allow-all egress rule AWS creates with a group in a VPC
   * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group), so until
   * {@code EgressAll} exists nothing in the group can pull an image or reach SSM.
   */
  public record OpenEgress(SecurityGroup group, VpcSecurityGroupEgressRule egress) {
    public RuntimePrerequisites prerequisites() {
      return RuntimePrerequisites.of(egress);
    }
  }

  /**
   * Adds {@code SecurityGroup} and {@code EgressAll} to {@code scope} (construct ids callers' paths rely on).
   * Ingress is added by whoever knows the sources, one referenced-group rule each.
   *
   * @param name the group's name and Name tag, and {@code description}, as {@link Naming} derives them (raw text:
   *     they reach Terraform through {@link Literal#of} here)
   */
  public static OpenEgress withOpenEgress(Construct scope, VpcRef vpc, String name, String description,
      String egressDescription) {
    SecurityGroup group = SecurityGroup.Builder.create(scope, "SecurityGroup")
        .name(Literal.of(name))
        .description(Literal.of(description))
        .vpcId(vpc.id())
        .tags(Literal.of(Map.of(Naming.NAME_TAG, name)))
        .build();
    VpcSecurityGroupEgressRule egress = VpcSecurityGroupEgressRule.Builder.create(scope, "EgressAll")
        .securityGroupId(group.getId())
        .description(Literal.of(egressDescription))
        .ipProtocol("-1")
        .cidrIpv4("0.0.0.0/0")
        .build();
    return new OpenEgress(group, egress);
  }
}
