package dev.svcconnect.network;

import dev.svcconnect.config.Cidr;
import dev.svcconnect.config.EnvironmentConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * @param namePrefix prefix of every Name tag
 * @param vpcCidr the VPC's block
 * @param publicSubnetCidrs one per availability zone, in AZ order
 * @param privateSubnetCidrs one per availability zone, in AZ order; tasks and the bastion live here
 * @param natGateways how private subnets reach the internet (image pulls, ECS Exec's ssmmessages)
 */
public record NetworkProps(
    String namePrefix,
    String vpcCidr,
    List<String> publicSubnetCidrs,
    List<String> privateSubnetCidrs,
    EnvironmentConfig.NatGateways natGateways) {

  public NetworkProps {
    publicSubnetCidrs = List.copyOf(publicSubnetCidrs);
    privateSubnetCidrs = List.copyOf(privateSubnetCidrs);
    if (publicSubnetCidrs.size() != privateSubnetCidrs.size() || publicSubnetCidrs.isEmpty()) {
      throw new IllegalArgumentException("need one public and one private subnet per availability zone, got "
          + publicSubnetCidrs + " and " + privateSubnetCidrs);
    }
  }

  /** Carves the subnets in order from the VPC block: public ones first, then private ones. */
  public static NetworkProps of(String namePrefix, EnvironmentConfig.Network network) {
    Cidr vpc = Cidr.parse(network.vpcCidr()).orElseThrow();
    int azs = network.availabilityZones();
    List<String> publics = new ArrayList<>();
    List<String> privates = new ArrayList<>();
    for (int i = 0; i < azs; i++) {
      publics.add(vpc.subnet(network.subnetPrefixLength(), i).toString());
      privates.add(vpc.subnet(network.subnetPrefixLength(), azs + i).toString());
    }
    return new NetworkProps(namePrefix, network.vpcCidr(), publics, privates, network.natGateways());
  }

  public int availabilityZones() {
    return publicSubnetCidrs.size();
  }
}
