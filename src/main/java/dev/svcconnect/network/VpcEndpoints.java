package dev.svcconnect.network;

import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_endpoint.VpcEndpoint;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.prerequisite.RuntimePrerequisites;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.constructs.Construct;

/**
 * VPC endpoints that let the private subnets reach AWS services without a NAT gateway (network.vpcEndpoints):
 * the S3 gateway endpoint on the private route tables, and interface endpoints with private DNS in every private
 * subnet, behind one security group ({@code SecurityGroup}, only with an interface endpoint) that admits HTTPS from
 * nothing until
 * {@link #allowFrom} names a workload. Each endpoint's construct id is AWS's service name ({@code ecr.api}).
 */
public final class VpcEndpoints extends Construct {
  /** Every AWS service API behind an interface endpoint is HTTPS. */
  static final int HTTPS = 443;

  private final Optional<SecurityGroup> securityGroup;
  private final String securityGroupId;
  private final Construct ingress;
  private final Map<EnvironmentConfig.VpcEndpoint, VpcEndpoint> resources =
      new EnumMap<>(EnvironmentConfig.VpcEndpoint.class);

  /**
   * @param endpoints the validated network.vpcEndpoints, at least one
   * @param wiring the VPC, its private subnets and route tables, the names and the region
   * @throws IllegalArgumentException when {@code endpoints} is empty
   */
  public VpcEndpoints(Construct scope, String id, Set<EnvironmentConfig.VpcEndpoint> endpoints,
      VpcEndpointsWiring wiring) {
    super(scope, id);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no VPC endpoints to create; leave the construct out instead");
    }
    String name = wiring.naming().vpcEndpointsSecurityGroupName();
    // No egress rule at all: an endpoint's network interfaces only answer. The AWS provider removes the allow-all
    // egress rule AWS adds to a new group
    // (https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/security_group).
    securityGroup = endpoints.stream().allMatch(EnvironmentConfig.VpcEndpoint::gateway) ? Optional.empty()
        : Optional.of(SecurityGroup.Builder.create(this, "SecurityGroup")
            .name(Literal.of(name))
            .description(Naming.VPC_ENDPOINTS_SECURITY_GROUP_DESCRIPTION)
            .vpcId(wiring.vpc().id())
            .tags(Map.of("Name", Literal.of(name)))
            .build());
    securityGroupId = securityGroup.map(SecurityGroup::getId).orElse(null);
    ingress = new Construct(this, "Ingress");

    for (EnvironmentConfig.VpcEndpoint e : endpoints) {
      VpcEndpoint.Builder b = VpcEndpoint.Builder.create(this, e.service())
          .vpcId(wiring.vpc().id())
          .serviceName(wiring.partition().endpointServiceName(wiring.region(), e.service()))
          .tags(Map.of("Name", Literal.of(wiring.naming().vpcEndpointName(e.service()))));
      if (e.gateway()) {
        b.vpcEndpointType("Gateway").routeTableIds(wiring.routeTableIds());
      } else {
        // Private DNS: the service's own hostname (ssm.<region>.amazonaws.com) resolves to the endpoint, so the
        // agents and SDKs in the tasks and on the bastion need no configuration.
        b.vpcEndpointType("Interface")
            .subnetIds(wiring.subnetIds())
            .securityGroupIds(List.of(securityGroupId))
            .privateDnsEnabled(true);
      }
      resources.put(e, b.build());
    }
  }

  /**
   * The endpoints among {@code needs} that are listed: what a workload that talks to those services needs before
   * it starts, as it needs the NAT's routing otherwise (a run-time prerequisite, docs/first-apply.md).
   */
  public RuntimePrerequisites used(Set<EnvironmentConfig.VpcEndpoint> needs) {
    return RuntimePrerequisites.of(needs.stream().sorted().filter(resources::containsKey).map(resources::get).toList());
  }

  /**
   * Admits HTTPS from {@code sourceGroupId}, the group of {@code workload}, to every interface endpoint: one rule
   * per workload that uses one (a referenced group rather than the VPC's CIDR, so that nothing else in the VPC,
   * e.g. a later workload, reaches the endpoints without being declared). {@code Ingress/<workload>}.
   *
   * @param uses the interface endpoints the workload uses, named in the rule's description
   * @throws IllegalStateException when there is no interface endpoint
   */
  public VpcSecurityGroupIngressRule allowFrom(String workload, String sourceGroupId,
      Collection<EnvironmentConfig.VpcEndpoint> uses) {
    if (securityGroup.isEmpty()) {
      throw new IllegalStateException("no interface endpoint, so no security group to admit " + workload + " to");
    }
    return VpcSecurityGroupIngressRule.Builder.create(ingress, workload)
        .securityGroupId(securityGroupId)
        .description(Literal.of(Naming.vpcEndpointsIngressRuleDescription(workload,
            uses.stream().map(EnvironmentConfig.VpcEndpoint::service).toList())))
        .ipProtocol("tcp")
        .fromPort(HTTPS)
        .toPort(HTTPS)
        .referencedSecurityGroupId(sourceGroupId)
        .build();
  }

  /** Present when an interface endpoint is listed. */
  public Optional<SecurityGroup> securityGroup() {
    return securityGroup;
  }
}
