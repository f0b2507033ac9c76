package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.aws.ServiceConnectDrift;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.report.Reachability;
import dev.svcconnect.report.ReachabilityReport;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * topology/brownfield.yaml: an existing VPC, cluster and namespace are read through data sources and never become
 * resources of the stack (so destroy cannot touch them); what lives in them refers to the data sources; web joins a
 * second existing namespace, and the report finds it cut off from the others.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrownfieldSynthTest {
  static final Path BROWNFIELD = Path.of("src/test/resources/topology/brownfield.yaml");

  private EnvironmentConfig config;
  private StackJson stack;

  @BeforeAll
  void synth() {
    config = ConfigLoader.load(BROWNFIELD);
    stack = SynthFixture.serviceStack(config);
  }

  @Test
  void createsNoNetworkClusterOrNamespace() {
    Set<String> types = stack.document().root().path("resource").properties().stream().map(e -> e.getKey())
        .collect(java.util.stream.Collectors.toSet());
    assertThat(types).doesNotContain("aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_nat_gateway", "aws_eip",
        "aws_route", "aws_route_table", "aws_route_table_association", "aws_default_security_group",
        "aws_flow_log", "aws_vpc_endpoint", "aws_ecs_cluster", "aws_service_discovery_http_namespace");
  }

  @Test
  void readsTheVpcAndEachSubnetWithinIt() {
    Block vpc = stack.dataSource("aws_vpc", "Network/Existing/Vpc");
    assertThat(vpc.text("id")).isEqualTo("vpc-0123456789abcdef0");
    List<Block> subnets = stack.dataSources("aws_subnet");
    assertThat(stack.paths(subnets)).containsExactlyInAnyOrder("Network/Existing/PrivateSubnet0",
        "Network/Existing/PrivateSubnet1", "Network/Existing/PublicSubnet0", "Network/Existing/PublicSubnet1");
    subnets.forEach(s -> assertThat(s.text("vpc_id")).isEqualTo("vpc-0123456789abcdef0"));
    assertThat(stack.dataSource("aws_subnet", "Network/Existing/PrivateSubnet1").text("id"))
        .isEqualTo("subnet-0123456789abcdef1");
  }

  @Test
  void theVpcChecksOnePrivateAndOnePublicSubnetPerZone() {
    Block vpc = stack.dataSource("aws_vpc", "Network/Existing/Vpc");
    JsonNode conditions = vpc.get("lifecycle").path("postcondition");
    assertThat(conditions).hasSize(2);
    String privates = stack.dataSource("aws_subnet", "Network/Existing/PrivateSubnet0").ref("availability_zone")
        .replace("${", "").replace("}", "");
    String privates1 = stack.dataSource("aws_subnet", "Network/Existing/PrivateSubnet1").ref("availability_zone")
        .replace("${", "").replace("}", "");
    assertThat(conditions.get(0).path("condition").asText())
        .isEqualTo("${(length(distinct([" + privates + ", " + privates1 + "])) == 2)}");
    assertThat(conditions.get(0).path("error_message").asText()).startsWith("network.existing.privateSubnetIds:");
    assertThat(conditions.get(1).path("error_message").asText()).startsWith("network.existing.publicSubnetIds:");
  }

  @Test
  void securityGroupsLiveInTheExistingVpc() {
    String vpcId = stack.dataSource("aws_vpc", "Network/Existing/Vpc").ref("id");
    List<Block> groups = stack.resources("aws_security_group");
    assertThat(groups).isNotEmpty();
    groups.forEach(g -> assertThat(g.text("vpc_id")).as(g.path()).isEqualTo(vpcId));
  }

  @Test
  void servicesRunInTheExistingClusterAndSubnets() {
    Block cluster = stack.dataSource("aws_ecs_cluster", "Platform/ExistingCluster");
    assertThat(cluster.text("cluster_name")).isEqualTo("arn:aws:ecs:us-east-1:111122223333:cluster/shared");
    List<String> subnets = List.of(
        stack.dataSource("aws_subnet", "Network/Existing/PrivateSubnet0").ref("id"),
        stack.dataSource("aws_subnet", "Network/Existing/PrivateSubnet1").ref("id"));
    for (Block s : stack.resources("aws_ecs_service")) {
      assertThat(s.text("cluster")).isEqualTo(cluster.ref("arn"));
      assertThat(StackJson.texts(s.get("network_configuration").path("subnets"))).isEqualTo(subnets);
    }
    assertThat(stack.output("cluster_name").asText()).isEqualTo(cluster.ref("cluster_name"));
  }

  @Test
  void servicesJoinTheirNamespaceByArn() {
    assertThat(namespaceOf("Services/orders/Resource"))
        .isEqualTo("arn:aws:servicediscovery:us-east-1:111122223333:namespace/ns-abcdef0123456789");
    assertThat(namespaceOf("Services/web/Resource"))
        .isEqualTo("arn:aws:servicediscovery:us-east-1:444455556666:namespace/ns-0123456789abcdef");
    assertThat(stack.output("namespace_arn").asText())
        .isEqualTo("arn:aws:servicediscovery:us-east-1:111122223333:namespace/ns-abcdef0123456789");
  }

  @Test
  void reportCutsWebOffFromTheOtherNamespace() {
    Reachability r = Reachability.of("service-connect", stack.root());
    Reachability.Path webToOrders = r.path("web", "orders").orElseThrow();
    assertThat(webToOrders.verdict()).isEqualTo(Reachability.Verdict.UNREACHABLE);
    assertThat(webToOrders.nameReason()).isEqualTo("web is in namespace"
        + " arn:aws:servicediscovery:us-east-1:444455556666:namespace/ns-0123456789abcdef, the endpoint in"
        + " arn:aws:servicediscovery:us-east-1:111122223333:namespace/ns-abcdef0123456789: Service Connect aliases"
        + " resolve only within their namespace");
    assertThat(r.path("checkout", "orders").orElseThrow().verdict()).isEqualTo(Reachability.Verdict.REACHABLE);
    assertThat(ReachabilityReport.text(r)).contains("\nAcross namespaces (Service Connect aliases resolve only"
        + " within their namespace):\n").contains("\n  web -> orders.shop.internal: unreachable; web is in"
        + " arn:aws:servicediscovery:us-east-1:444455556666:namespace/ns-0123456789abcdef, orders in"
        + " arn:aws:servicediscovery:us-east-1:111122223333:namespace/ns-abcdef0123456789\n");
  }

  /** ./main drift asks ECS about the existing cluster by what cluster.existing wrote, and each service's namespace. */
  @Test
  void driftReadsTheExistingClusterAndTheNamespacesByArn() {
    List<ServiceConnectDrift.Expected> expected = ServiceConnectDrift.expected(stack.document(), Map.of());
    assertThat(expected).extracting(ServiceConnectDrift.Expected::cluster)
        .containsOnly("arn:aws:ecs:us-east-1:111122223333:cluster/shared");
    assertThat(expected).filteredOn(e -> e.service().equals("web")).singleElement()
        .satisfies(e -> assertThat(e.namespaces())
            .containsExactly("arn:aws:servicediscovery:us-east-1:444455556666:namespace/ns-0123456789abcdef"));
  }

  private String namespaceOf(String path) {
    return stack.resource("aws_ecs_service", path).get("service_connect_configuration").path("namespace").asText();
  }
}
