package dev.svcconnect.network;

import dev.svcconnect.naming.Naming;
import dev.svcconnect.naming.Partition;
import java.util.List;

/**
 * What {@link VpcEndpoints} is wired to, beside the endpoints it renders.
 *
 * @param vpc the VPC the endpoints serve
 * @param subnetIds the private subnets, where each interface endpoint puts a network interface
 * @param routeTableIds the private subnets' route tables, which the S3 gateway endpoint adds its route to
 * @param naming the environment's names: the security group is {@code naming.vpcEndpointsSecurityGroupName()}
 * @param region the region of the endpoint services (the provider's)
 * @param partition the provider's partition, whose reverse DNS prefix starts each endpoint service's name
 */
public record VpcEndpointsWiring(VpcRef vpc, List<String> subnetIds, List<String> routeTableIds, Naming naming,
    String region, Partition partition) {
  public VpcEndpointsWiring {
    subnetIds = List.copyOf(subnetIds);
    routeTableIds = List.copyOf(routeTableIds);
  }
}
