package dev.svcconnect.edge;

import dev.svcconnect.naming.Naming;
import dev.svcconnect.network.VpcRef;
import java.util.List;

/**
 * What an {@link ApplicationLoadBalancer} is wired to, beside the load balancer it renders.
 *
 * @param vpc where its security group and target groups live
 * @param publicSubnetIds where an internet-facing load balancer gets its nodes (one per availability zone)
 * @param privateSubnetIds where an internal one gets them
 * @param naming the environment's names: the load balancer is {@code naming.loadBalancerName(name)}
 */
public record LoadBalancerWiring(VpcRef vpc, List<String> publicSubnetIds, List<String> privateSubnetIds,
    Naming naming) {
  public LoadBalancerWiring {
    publicSubnetIds = List.copyOf(publicSubnetIds);
    privateSubnetIds = List.copyOf(privateSubnetIds);
  }
}
