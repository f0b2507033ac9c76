package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.hashicorp.cdktf.providers.aws.eip.Eip;
import com.hashicorp.cdktf.providers.aws.internet_gateway.InternetGateway;
import com.hashicorp.cdktf.providers.aws.nat_gateway.NatGateway;
import com.hashicorp.cdktf.providers.aws.route.Route;
import com.hashicorp.cdktf.providers.aws.route_table.RouteTable;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import dev.svcconnect.config.EnvironmentConfig.NatGateways;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** network.natGateways: none, one (the default in local.yaml) and perAz. */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatGatewayModesSynthTest {
  private static final String NAT_LINE = "natGateways: one";

  private StackJson none;
  private StackJson one;
  private StackJson perAz;

  @BeforeAll
  void synth() {
    EnvironmentConfig defaults = SynthFixture.local();
    assertThat(defaults.network().natGateways()).isEqualTo(NatGateways.ONE);
    one = SynthFixture.serviceStack(defaults);
    EnvironmentConfig noneConfig = SynthFixture.localWith(NAT_LINE, "natGateways: none");
    assertThat(noneConfig.network().natGateways()).isEqualTo(NatGateways.NONE);
    none = SynthFixture.serviceStack(noneConfig);
    EnvironmentConfig perAzConfig = SynthFixture.localWith(NAT_LINE, "natGateways: perAz");
    assertThat(perAzConfig.network().natGateways()).isEqualTo(NatGateways.PER_AZ);
    perAz = SynthFixture.serviceStack(perAzConfig);
  }

  @Test
  void noneCreatesNoNatGatewayAndNoElasticIp() {
    assertThat(none.resources(NatGateway.TF_RESOURCE_TYPE)).isEmpty();
    assertThat(none.resources(Eip.TF_RESOURCE_TYPE)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void noneLeavesPrivateRouteTableWithoutAnyRoute(int az) {
    Block table = privateTable(none, az);
    assertThat(routesOf(none, table)).isEmpty();
  }

  @Test
  void noneKeepsOnlyThePublicDefaultRoute() {
    assertThat(none.paths(none.resources(Route.TF_RESOURCE_TYPE))).containsExactly("Network/Public/DefaultRoute");
  }

  @Test
  void oneCreatesASingleNatGatewayInTheFirstPublicSubnet() {
    assertThat(one.resources(NatGateway.TF_RESOURCE_TYPE)).hasSize(1);
    assertThat(one.resources(Eip.TF_RESOURCE_TYPE)).hasSize(1);
    assertNatGatewayInPublicSubnet(one, 0);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void oneRoutesEveryPrivateSubnetThroughTheSharedNatGateway(int az) {
    Block nat = one.resources(NatGateway.TF_RESOURCE_TYPE).get(0);
    assertSingleDefaultRouteVia(one, privateTable(one, az), nat);
  }

  @Test
  void perAzCreatesOneNatGatewayPerPublicSubnet() {
    assertThat(perAz.resources(NatGateway.TF_RESOURCE_TYPE)).hasSize(2);
    assertThat(perAz.resources(Eip.TF_RESOURCE_TYPE)).hasSize(2);
    assertNatGatewayInPublicSubnet(perAz, 0);
    assertNatGatewayInPublicSubnet(perAz, 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void perAzRoutesEachPrivateSubnetThroughTheNatGatewayOfItsOwnAz(int az) {
    Block nat = perAz.resource(NatGateway.TF_RESOURCE_TYPE, "Network/Public/Subnet" + az + "/NatGateway");
    Block natSubnet = perAz.resource(Subnet.TF_RESOURCE_TYPE, "Network/Public/Subnet" + az + "/Resource");
    Block privateSubnet = perAz.resource(Subnet.TF_RESOURCE_TYPE, "Network/Private/Subnet" + az + "/Resource");
    assertThat(nat.text("subnet_id")).isEqualTo(natSubnet.ref("id"));
    assertThat(natSubnet.text("availability_zone")).isEqualTo(privateSubnet.text("availability_zone"));
    assertSingleDefaultRouteVia(perAz, privateTable(perAz, az), nat);
  }

  @Test
  void perAzNatGatewaysSitInDifferentAvailabilityZones() {
    List<String> azs = perAz.resources(NatGateway.TF_RESOURCE_TYPE).stream()
        .map(nat -> perAz.resources(Subnet.TF_RESOURCE_TYPE, s -> s.ref("id").equals(nat.text("subnet_id"))))
        .map(subnets -> {
          assertThat(subnets).hasSize(1);
          return subnets.get(0).text("availability_zone");
        })
        .toList();
    assertThat(azs).doesNotHaveDuplicates().hasSize(2);
  }

  /** The NAT gateway in public subnet {@code az}: its own elastic IP, created after the internet gateway. */
  private static void assertNatGatewayInPublicSubnet(StackJson stack, int az) {
    Block nat = stack.resource(NatGateway.TF_RESOURCE_TYPE, "Network/Public/Subnet" + az + "/NatGateway");
    Block subnet = stack.resource(Subnet.TF_RESOURCE_TYPE, "Network/Public/Subnet" + az + "/Resource");
    Block eip = stack.resource(Eip.TF_RESOURCE_TYPE, "Network/Public/Subnet" + az + "/NatEip");
    Block igw = stack.resource(InternetGateway.TF_RESOURCE_TYPE, "Network/InternetGateway");
    assertThat(nat.text("subnet_id")).isEqualTo(subnet.ref("id"));
    assertThat(nat.text("allocation_id")).isEqualTo(eip.ref("id"));
    assertThat(eip.text("domain")).isEqualTo("vpc");
    assertThat(StackJson.texts(nat.get("depends_on"))).containsExactly(igw.address());
  }

  private static void assertSingleDefaultRouteVia(StackJson stack, Block table, Block nat) {
    List<Block> routes = routesOf(stack, table);
    assertThat(routes).as("routes of %s", table.path()).hasSize(1);
    Block route = routes.get(0);
    assertThat(route.text("destination_cidr_block")).isEqualTo("0.0.0.0/0");
    assertThat(route.text("nat_gateway_id")).isEqualTo(nat.ref("id"));
    assertThat(route.body().has("gateway_id")).as("a private subnet never routes to the internet gateway").isFalse();
  }

  private static Block privateTable(StackJson stack, int az) {
    return stack.resource(RouteTable.TF_RESOURCE_TYPE, "Network/Private/Subnet" + az + "/RouteTable");
  }

  private static List<Block> routesOf(StackJson stack, Block table) {
    return stack.resources(Route.TF_RESOURCE_TYPE, r -> r.text("route_table_id").equals(table.ref("id")));
  }
}
