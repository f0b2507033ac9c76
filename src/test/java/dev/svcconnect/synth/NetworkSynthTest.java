package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.providers.aws.data_aws_availability_zones.DataAwsAvailabilityZones;
import com.hashicorp.cdktf.providers.aws.internet_gateway.InternetGateway;
import com.hashicorp.cdktf.providers.aws.route.Route;
import com.hashicorp.cdktf.providers.aws.route_table.RouteTable;
import com.hashicorp.cdktf.providers.aws.route_table_association.RouteTableAssociation;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.tiers.SynthTier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Network construct in the default service stack: VPC, subnets, internet gateway, public routing. */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkSynthTest {
  private StackJson stack;
  private Block vpc;

  @BeforeAll
  void synth() {
    stack = SynthFixture.serviceStack(SynthFixture.local());
    vpc = stack.resource(Vpc.TF_RESOURCE_TYPE, "Network/Resource");
  }

  @Test
  void vpcHasTheConfiguredCidrWithDnsSupportAndHostnames() {
    assertThat(Testing.toHaveResourceWithProperties(stack.json(), Vpc.TF_RESOURCE_TYPE, Map.of(
        "cidr_block", "10.0.0.0/16",
        "enable_dns_support", true,
        "enable_dns_hostnames", true))).as("aws_vpc 10.0.0.0/16 with DNS support and hostnames").isTrue();
    assertThat(stack.resources(Vpc.TF_RESOURCE_TYPE)).hasSize(1);
  }

  @Test
  void subnetsAreTwoPublicAndTwoPrivateCarvedInOrderFromTheVpc() {
    Map<String, String> cidrs = new TreeMap<>();
    stack.resources(Subnet.TF_RESOURCE_TYPE)
        .forEach(s -> cidrs.put(stack.relative(s.path()), s.text("cidr_block")));
    assertThat(cidrs).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Network/Public/Subnet0/Resource", "10.0.0.0/24",
        "Network/Public/Subnet1/Resource", "10.0.1.0/24",
        "Network/Private/Subnet0/Resource", "10.0.2.0/24",
        "Network/Private/Subnet1/Resource", "10.0.3.0/24"));
  }

  @Test
  void everySubnetIsInTheVpc() {
    assertThat(stack.resources(Subnet.TF_RESOURCE_TYPE))
        .hasSize(4)
        .allSatisfy(s -> assertThat(s.text("vpc_id")).isEqualTo(vpc.ref("id")));
  }

  @Test
  void noSubnetMapsPublicIpsOnLaunch() {
    assertThat(stack.resources(Subnet.TF_RESOURCE_TYPE))
        .hasSize(4)
        .allSatisfy(s -> assertThat(s.get("map_public_ip_on_launch").isBoolean()
            && !s.get("map_public_ip_on_launch").booleanValue())
            .as("%s map_public_ip_on_launch is false, got %s", s.path(), s.get("map_public_ip_on_launch"))
            .isTrue());
  }

  @Test
  void availabilityZonesComeFromTheDataSource() {
    Block azs = stack.dataSource(DataAwsAvailabilityZones.TF_RESOURCE_TYPE, "Network/AvailabilityZones");
    assertThat(azs.text("state")).isEqualTo("available");
    assertThat(Testing.toHaveDataSourceWithProperties(stack.json(), DataAwsAvailabilityZones.TF_RESOURCE_TYPE,
        Map.of("state", "available"))).isTrue();
  }

  /**
   * Only the region's own zones: opted-in Local Zones and Wavelength Zones need an opt-in and so are filtered out
   * (DescribeAvailabilityZones' opt-in-status filter), whatever their names sort as.
   */
  @Test
  void availabilityZonesAreOnlyThoseThatNeedNoOptIn() {
    Block azs = stack.dataSource(DataAwsAvailabilityZones.TF_RESOURCE_TYPE, "Network/AvailabilityZones");
    assertThat(StackDocument.blocks(azs.body(), "filter")).singleElement().satisfies(filter -> {
      assertThat(filter.path("name").asText()).isEqualTo("opt-in-status");
      assertThat(StackJson.texts(filter.path("values"))).containsExactly("opt-in-not-required");
    });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "Network/Public/Subnet0/Resource, 0",
      "Network/Public/Subnet1/Resource, 1",
      "Network/Private/Subnet0/Resource, 0",
      "Network/Private/Subnet1/Resource, 1"})
  void subnetTakesItsAvailabilityZoneByIndexFromTheDataSource(String path, int index) {
    Block azs = stack.dataSource(DataAwsAvailabilityZones.TF_RESOURCE_TYPE, "Network/AvailabilityZones");
    String names = azs.address() + ".names";
    assertThat(stack.resource(Subnet.TF_RESOURCE_TYPE, path).text("availability_zone"))
        .isEqualTo("${element(" + names + ", " + index + ")}");
  }

  @Test
  void internetGatewayIsAttachedToTheVpc() {
    assertThat(stack.resources(InternetGateway.TF_RESOURCE_TYPE)).hasSize(1);
    Block igw = stack.resource(InternetGateway.TF_RESOURCE_TYPE, "Network/InternetGateway");
    assertThat(igw.text("vpc_id")).isEqualTo(vpc.ref("id"));
  }

  @Test
  void publicRouteTableSendsTheDefaultRouteToTheInternetGateway() {
    Block igw = stack.resource(InternetGateway.TF_RESOURCE_TYPE, "Network/InternetGateway");
    Block publicTable = stack.resource(RouteTable.TF_RESOURCE_TYPE, "Network/Public/RouteTable");
    assertThat(publicTable.text("vpc_id")).isEqualTo(vpc.ref("id"));
    List<Block> routes = stack.resources(Route.TF_RESOURCE_TYPE,
        r -> r.text("route_table_id").equals(publicTable.ref("id")));
    assertThat(routes).hasSize(1);
    Block route = routes.get(0);
    assertThat(route.text("destination_cidr_block")).isEqualTo("0.0.0.0/0");
    assertThat(route.text("gateway_id")).isEqualTo(igw.ref("id"));
    assertThat(route.body().has("nat_gateway_id")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "Network/Public/Subnet0/Resource, Network/Public/RouteTable",
      "Network/Public/Subnet1/Resource, Network/Public/RouteTable",
      "Network/Private/Subnet0/Resource, Network/Private/Subnet0/RouteTable",
      "Network/Private/Subnet1/Resource, Network/Private/Subnet1/RouteTable"})
  void subnetIsAssociatedWithExactlyItsRouteTable(String subnetPath, String tablePath) {
    Block subnet = stack.resource(Subnet.TF_RESOURCE_TYPE, subnetPath);
    Block table = stack.resource(RouteTable.TF_RESOURCE_TYPE, tablePath);
    List<Block> associations = stack.resources(RouteTableAssociation.TF_RESOURCE_TYPE,
        a -> a.text("subnet_id").equals(subnet.ref("id")));
    assertThat(associations).hasSize(1);
    assertThat(associations.get(0).text("route_table_id")).isEqualTo(table.ref("id"));
  }

  @Test
  void privateSubnetsHaveOneRouteTableEachInTheVpc() {
    List<Block> tables = stack.resources(RouteTable.TF_RESOURCE_TYPE);
    assertThat(stack.paths(tables)).containsExactlyInAnyOrder(
        "Network/Public/RouteTable", "Network/Private/Subnet0/RouteTable", "Network/Private/Subnet1/RouteTable");
    assertThat(tables).allSatisfy(t -> assertThat(t.text("vpc_id")).isEqualTo(vpc.ref("id")));
    // Inline routes would bypass the aws_route resources the NAT tests inspect.
    assertThat(tables).allSatisfy(t -> assertThat(t.body().has("route")).as("%s inline route", t.path()).isFalse());
  }
}
