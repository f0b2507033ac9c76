package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.EnvironmentConfig.ExistingNetwork;
import dev.svcconnect.config.EnvironmentConfig.Namespace;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Brownfield fields: network.existing, cluster.existing, cluster.namespaceArn and serviceConnect.namespace, their
 * shapes and what may not be set beside them.
 */
@UnitTier
class BrownfieldRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  static final String VPC = "vpc-0123456789abcdef0";
  static final String SUBNET_A = "subnet-0123456789abcdef0";
  static final String SUBNET_B = "subnet-0123456789abcdef1";
  static final String NS_ARN = "arn:aws:servicediscovery:us-east-1:111122223333:namespace/ns-abcdef0123456789";
  static final String SHARED_NS_ARN = "arn:aws:servicediscovery:us-east-1:444455556666:namespace/ns-0123456789abcdef";
  static final String EXISTING = "network:\n  existing:\n    vpcId: " + VPC + "\n    privateSubnetIds: [" + SUBNET_A
      + ", " + SUBNET_B + "]\n";

  /** Two services in the cluster's namespace unless {@code webNamespace} gives the second its own. */
  static String services(String webNamespace, String webCalls) {
    return "services:\n"
        + "  - name: orders\n    serviceConnect: {endpoints: [{portName: nginx, discoveryName: orders}]}\n"
        + "  - name: web\n    serviceConnect: {" + webNamespace + "endpoints: [{portName: nginx, discoveryName: web}]}\n"
        + "    calls: [" + webCalls + "]\n";
  }

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(
        fails("failsOnVpcIdShape", minimal(EXISTING.replace(VPC, "vpc-12345")),
            X + "network.existing.vpcId: 'vpc-12345' is not a VPC ID (vpc- and 8 or 17 lowercase hexadecimal"
                + " characters)"),
        fails("failsOnSubnetIdShape", minimal(EXISTING.replace(SUBNET_B, "sn-0123456789abcdef1")),
            X + "network.existing.privateSubnetIds[1]: 'sn-0123456789abcdef1' is not a subnet ID (subnet- and 8 or"
                + " 17 lowercase hexadecimal characters)"),
        fails("failsWithoutPrivateSubnets", minimal("network:\n  existing:\n    vpcId: " + VPC + "\n"),
            X + "network.existing.privateSubnetIds: is required (e.g. privateSubnetIds: [subnet-0123456789abcdef0,"
                + " subnet-0123456789abcdef1])"),
        fails("failsOnEmptyPrivateSubnets", minimal("network:\n  existing:\n    vpcId: " + VPC
            + "\n    privateSubnetIds: []\n"),
            X + "network.existing.privateSubnetIds: needs at least one entry"),
        fails("failsOnSubnetListedTwice", minimal(EXISTING + "    publicSubnetIds: [" + SUBNET_A + "]\n"),
            X + "network.existing.publicSubnetIds[0]: '" + SUBNET_A + "' is already listed as privateSubnetIds[0]"),
        fails("failsOnVpcCidrWithExisting", minimal(EXISTING + "  vpcCidr: 10.1.0.0/16\n"),
            X + "network.vpcCidr: cannot be set with network.existing: the existing VPC's shape is its owner's"),
        fails("failsOnNatGatewaysWithExisting", minimal(EXISTING + "  natGateways: perAz\n"),
            X + "network.natGateways: cannot be set with network.existing: the existing VPC's routing is its"
                + " owner's"),
        fails("failsOnVpcEndpointsWithExisting", minimal(EXISTING + "  vpcEndpoints: [logs]\n"),
            X + "network.vpcEndpoints: cannot be set with network.existing: the existing VPC's routing is its"
                + " owner's"),
        fails("failsOnAvailabilityZonesWithExisting", minimal(EXISTING + "  availabilityZones: 3\n"),
            X + "network.availabilityZones: cannot be set with network.existing: the existing VPC's shape is its"
                + " owner's"),
        fails("failsOnFlowLogsWithExisting", minimal(EXISTING + "security:\n  vpcFlowLogs: true\n"),
            X + "security.vpcFlowLogs: cannot be set with network.existing: the VPC's flow logs are its owner's"),
        fails("failsOnClusterShape", minimal("cluster:\n  existing: 'arn:aws:ecs:us-east-1:1:cluster/x'\n"),
            X + "cluster.existing: 'arn:aws:ecs:us-east-1:1:cluster/x' is not an ECS cluster name (letters,"
                + " digits, hyphens and underscores) or a cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)"),
        fails("failsOnClusterNameWithExisting", minimal("cluster:\n  existing: shared\n  name: mine\n"),
            X + "cluster.name: cannot be set with cluster.existing, which names the cluster"),
        fails("failsOnClusterInAnotherRegion", minimal("cluster:\n  existing:"
            + " arn:aws:ecs:eu-west-1:111122223333:cluster/shared\n"),
            X + "cluster.existing: the cluster is in eu-west-1, the target in us-east-1; a service runs in a cluster"
                + " of its own Region"),
        fails("failsOnContainerInsightsWithExistingCluster", minimal("cluster:\n  existing: shared\n"
            + "security:\n  containerInsights: false\n"),
            X + "security.containerInsights: cannot be set with cluster.existing: Container Insights is a setting of"
                + " the existing cluster, its owner's"),
        fails("failsOnNamespaceArnShape", minimal("cluster:\n  namespaceArn: ns-abcdef0123456789\n"),
            X + "cluster.namespaceArn: 'ns-abcdef0123456789' is not a Cloud Map namespace ARN"
                + " (arn:aws:servicediscovery:<region>:<account>:namespace/ns-<id>)"),
        fails("failsOnNamespaceInAnotherRegion", minimal("cluster:\n  namespaceArn: "
            + NS_ARN.replace("us-east-1", "eu-west-1") + "\n"),
            X + "cluster.namespaceArn: the namespace is in eu-west-1, the target in us-east-1; Service Connect needs"
                + " a namespace in the service's Region"),
        fails("failsOnServiceNamespaceWithoutName", minimal(services("namespace: {arn: '" + SHARED_NS_ARN + "'}, ",
            "")),
            X + "services[1].serviceConnect.namespace.name: is required"),
        fails("failsOnCallAcrossNamespaces", minimal(services("namespace: {arn: '" + SHARED_NS_ARN
            + "', name: edge.internal}, ", "orders")),
            X + "services[1].calls[0]: 'orders' is published in namespace local, web is in edge.internal ("
                + SHARED_NS_ARN + "); Service Connect aliases resolve only within their namespace"));
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("existingNetwork", minimal(EXISTING), c -> c.network().existing(),
            Optional.of(new ExistingNetwork(VPC, List.of(SUBNET_A, SUBNET_B), List.of()))),
        accepts("existingNetworkCountsItsZones", minimal(EXISTING), c -> c.network().availabilityZones(), 2),
        accepts("existingNetworkHasNoNatOfOurs", minimal(EXISTING), c -> c.network().hasNat(), false),
        accepts("shortSubnetIds", minimal(EXISTING.replace(SUBNET_A, "subnet-0123abcd")),
            c -> c.network().existing().orElseThrow().privateSubnetIds().get(0), "subnet-0123abcd"),
        accepts("flowLogsOffWithExisting", minimal(EXISTING + "security:\n  vpcFlowLogs: false\n"),
            c -> c.security().vpcFlowLogs(), false),
        accepts("clusterByName", minimal("cluster:\n  existing: shared\n"), c -> c.cluster().name(), "shared"),
        accepts("clusterByArnIsNamedByIt", minimal("cluster:\n  existing:"
            + " arn:aws:ecs:us-east-1:111122223333:cluster/shared\n"), c -> c.cluster().name(), "shared"),
        accepts("namespaceArn", minimal("cluster:\n  namespace: shop.internal\n  namespaceArn: " + NS_ARN + "\n"),
            c -> c.cluster().defaultNamespace(), new Namespace("shop.internal", Optional.of(NS_ARN))),
        accepts("serviceNamespaceNamesTheDefaultDnsName", minimal(services("namespace: {arn: '" + SHARED_NS_ARN
            + "', name: edge.internal}, ", "")),
            c -> c.services().get(1).serviceConnect().endpoints().get(0).dnsName(), "web.edge.internal"),
        accepts("serviceNamespace", minimal(services("namespace: {arn: '" + SHARED_NS_ARN
            + "', name: edge.internal}, ", "")), c -> c.namespaceOf(c.services().get(1)),
            new Namespace("edge.internal", Optional.of(SHARED_NS_ARN))),
        accepts("callWithinTheSameExistingNamespace", minimal("cluster:\n  namespaceArn: " + NS_ARN + "\n"
            + services("namespace: {arn: '" + NS_ARN + "', name: local}, ", "orders")),
            c -> c.services().get(1).calls(), List.of("orders")));
  }

  @Test
  void theDefaultConfigCreatesItsNetworkClusterAndNamespace() {
    EnvironmentConfig c = ConfigYaml.parse(ConfigYaml.MINIMAL);
    assertThat(c.network().existing()).isEmpty();
    assertThat(c.cluster().existing()).isEmpty();
    assertThat(c.cluster().defaultNamespace().created()).isTrue();
  }
}
