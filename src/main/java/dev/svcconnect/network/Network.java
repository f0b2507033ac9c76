package dev.svcconnect.network;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.Op;
import com.hashicorp.cdktf.Postcondition;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.Token;
import com.hashicorp.cdktf.providers.aws.data_aws_availability_zones.DataAwsAvailabilityZones;
import com.hashicorp.cdktf.providers.aws.data_aws_availability_zones.DataAwsAvailabilityZonesFilter;
import com.hashicorp.cdktf.providers.aws.data_aws_subnet.DataAwsSubnet;
import com.hashicorp.cdktf.providers.aws.data_aws_vpc.DataAwsVpc;
import com.hashicorp.cdktf.providers.aws.default_security_group.DefaultSecurityGroup;
import com.hashicorp.cdktf.providers.aws.eip.Eip;
import com.hashicorp.cdktf.providers.aws.internet_gateway.InternetGateway;
import com.hashicorp.cdktf.providers.aws.nat_gateway.NatGateway;
import com.hashicorp.cdktf.providers.aws.route.Route;
import com.hashicorp.cdktf.providers.aws.route_table.RouteTable;
import com.hashicorp.cdktf.providers.aws.route_table_association.RouteTableAssociation;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import dev.svcconnect.config.Cidr;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.ExistingNetwork;
import dev.svcconnect.config.EnvironmentConfig.NatGateways;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.prerequisite.RuntimePrerequisites;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * A VPC over N availability zones: a public subnet per AZ behind an internet gateway, a private subnet per AZ whose
 * default route goes through a NAT gateway (none, one shared, or one per AZ). Nothing launched here gets a public IP,
 * and the VPC's default security group has no rules.
 *
 * <p>With network.existing it creates nothing: it reads the VPC and the subnets through data sources
 * ({@code Existing/Vpc}, {@code Existing/PrivateSubnet<i>}, {@code Existing/PublicSubnet<i>}), so destroying the stack
 * leaves them as they were. Plan fails when a subnet is not in the VPC, or, naming the field to fix, when two private
 * (or two public) subnets share an availability zone: the created network's spread, one subnet of each kind per
 * zone. Their
 * NAT gateways, routes, flow logs and VPC endpoints are the owner's, so there are no routing prerequisites to wait
 * for ({@link #privateRouting} is empty).
 */
public final class Network extends Construct {
  private static final String ANYWHERE = "0.0.0.0/0";
  /** DescribeAvailabilityZones' filter on a zone's opt-in status, and the value of a region's own zones. */
  public static final String ZONE_FILTER = "opt-in-status";
  public static final String ZONE_OPT_IN_NOT_REQUIRED = "opt-in-not-required";

  private final Naming naming;
  private VpcRef vpc;
  private final List<Subnet> privateSubnets = new ArrayList<>();
  private final List<String> publicSubnetIds = new ArrayList<>();
  // What a workload in private subnet i needs to reach the internet (image pulls, logs, SSM): see privateRouting.
  private final List<RuntimePrerequisites> privateRouting = new ArrayList<>();
  private RuntimePrerequisites allPrivateRouting;
  private final List<RouteTable> privateRouteTables = new ArrayList<>();
  private List<String> privateSubnetIds;

  /**
   * @param network the validated network: the VPC block, how many availability zones, the subnets' prefix length
   *     and the NAT gateways
   * @param naming the environment's names: every Name tag starts with {@code naming.prefix()}; it wires to no other
   *     resource, so it takes no wiring record
   */
  public Network(Construct scope, String id, EnvironmentConfig.Network network, Naming naming) {
    super(scope, id);
    this.naming = naming;
    if (network.existing().isPresent()) {
      readExisting(network.existing().get());
    } else {
      create(network);
    }
  }

  /**
   * Reads an existing VPC and its subnets, so that a wrong id fails the plan before anything is created: a subnet
   * is looked up within the VPC, and the VPC's postcondition checks the spread (one subnet per zone).
   */
  private void readExisting(ExistingNetwork existing) {
    Construct group = new Construct(this, "Existing");
    List<DataAwsSubnet> privates = subnets(group, "PrivateSubnet", existing.privateSubnetIds(),
        existing.vpcId());
    List<DataAwsSubnet> publics = subnets(group, "PublicSubnet", existing.publicSubnetIds(),
        existing.vpcId());
    List<Postcondition> spread = new ArrayList<>();
    spread.add(oneZoneEach(privates, "privateSubnetIds"));
    if (!publics.isEmpty()) {
      spread.add(oneZoneEach(publics, "publicSubnetIds"));
    }
    DataAwsVpc data = DataAwsVpc.Builder.create(group, "Vpc")
        .id(Literal.of(existing.vpcId()))
        .lifecycle(TerraformResourceLifecycle.builder().postcondition(spread).build())
        .build();
    vpc = new VpcRef(data.getId(), data.getCidrBlock());
    privateSubnetIds = privates.stream().map(DataAwsSubnet::getId).toList();
    privates.forEach(s -> privateRouting.add(RuntimePrerequisites.none()));
    publics.forEach(s -> publicSubnetIds.add(s.getId()));
  }

  /** The subnets {@code ids}, looked up in the VPC: one that is not in it is not found, and the plan fails. */
  private static List<DataAwsSubnet> subnets(Construct group, String idPrefix, List<String> ids, String vpcId) {
    List<DataAwsSubnet> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      out.add(DataAwsSubnet.Builder.create(group, idPrefix + i)
          .id(Literal.of(ids.get(i)))
          .vpcId(Literal.of(vpcId))
          .build());
    }
    return out;
  }

  /** The subnets are in as many availability zones as there are subnets: one per zone. */
  private static Postcondition oneZoneEach(List<DataAwsSubnet> subnets, String field) {
    List<String> zones = subnets.stream().map(DataAwsSubnet::getAvailabilityZone).toList();
    return Postcondition.builder()
        .condition(Op.eq(Fn.lengthOf(Fn.distinct(zones)), subnets.size()))
        .errorMessage("network.existing." + field + ": two subnets are in one availability zone; list one subnet"
            + " per availability zone, as the stack would create")
        .build();
  }

  /** A VPC, its subnets, gateways and routes. */
  private void create(EnvironmentConfig.Network network) {
    String namePrefix = naming.prefix();
    Cidr block = Cidr.parse(network.vpcCidr()).orElseThrow();
    int azCount = network.availabilityZones();
    Vpc created = Vpc.Builder.create(this, "Resource")
        .cidrBlock(Literal.of(network.vpcCidr()))
        .enableDnsHostnames(true)
        .enableDnsSupport(true)
        .tags(nameTag(namePrefix + "-vpc"))
        .build();
    vpc = new VpcRef(created.getId(), created.getCidrBlock());
    // Adopting the default group with no rules strips AWS's (members talk to each other, all egress), so anything
    // launched without a group of its own can reach nothing (CKV2_AWS_12, EC2.2).
    DefaultSecurityGroup.Builder.create(this, "DefaultSecurityGroup")
        .vpcId(vpc.id())
        .tags(nameTag(namePrefix + "-default-no-rules"))
        .build();
    // Only the region's own availability zones: the data source also returns the Local Zones and Wavelength Zones
    // the account opted in to, sorted by name among them, so subnet 0, its NAT gateway and the bastion could land
    // in one. Those need an opt-in, availability zones do not
    // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AvailabilityZone.html, optInStatus).
    DataAwsAvailabilityZones azs = DataAwsAvailabilityZones.Builder.create(this, "AvailabilityZones")
        .state("available")
        .filter(List.of(DataAwsAvailabilityZonesFilter.builder()
            .name(ZONE_FILTER)
            .values(List.of(ZONE_OPT_IN_NOT_REQUIRED))
            .build()))
        .build();
    InternetGateway igw = InternetGateway.Builder.create(this, "InternetGateway")
        .vpcId(vpc.id())
        .tags(nameTag(namePrefix + "-igw"))
        .build();

    Construct publicGroup = new Construct(this, "Public");
    RouteTable publicRoutes = RouteTable.Builder.create(publicGroup, "RouteTable")
        .vpcId(vpc.id())
        .tags(nameTag(namePrefix + "-public"))
        .build();
    Route publicDefault = Route.Builder.create(publicGroup, "DefaultRoute")
        .routeTableId(publicRoutes.getId())
        .destinationCidrBlock(ANYWHERE)
        .gatewayId(igw.getId())
        .build();

    List<NatGateway> nats = new ArrayList<>();
    // The public routing each NAT gateway relies on: its subnet's association and the default route to the IGW.
    List<RuntimePrerequisites> natRouting = new ArrayList<>();
    Construct privateGroup = new Construct(this, "Private");
    for (int i = 0; i < azCount; i++) {
      String az = Token.asString(Fn.element(azs.getNames(), i));
      Construct pub = new Construct(publicGroup, "Subnet" + i);
      Routed publicSubnet = subnet(pub, publicSubnet(block, network, i), az, namePrefix + "-public-" + i,
          publicRoutes);
      publicSubnetIds.add(publicSubnet.subnet().getId());
      boolean natHere = network.natGateways() == NatGateways.PER_AZ
          || (network.natGateways() == NatGateways.ONE && i == 0);
      if (natHere) {
        Eip eip = Eip.Builder.create(pub, "NatEip")
            .domain("vpc")
            .tags(nameTag(namePrefix + "-nat-" + i))
            .build();
        NatGateway nat = NatGateway.Builder.create(pub, "NatGateway")
            .subnetId(publicSubnet.subnet().getId())
            .allocationId(eip.getId())
            .tags(nameTag(namePrefix + "-nat-" + i))
            .dependsOn(List.of(igw))
            .build();
        nats.add(nat);
        natRouting.add(RuntimePrerequisites.of(nat, publicSubnet.association(), publicDefault));
      }

      Construct priv = new Construct(privateGroup, "Subnet" + i);
      RouteTable privateRoutes = RouteTable.Builder.create(priv, "RouteTable")
          .vpcId(vpc.id())
          .tags(nameTag(namePrefix + "-private-" + i))
          .build();
      privateRouteTables.add(privateRoutes);
      Routed privateSubnet = subnet(priv, privateSubnet(block, network, i), az, namePrefix + "-private-" + i,
          privateRoutes);
      privateSubnets.add(privateSubnet.subnet());
      RuntimePrerequisites routing = RuntimePrerequisites.of(privateSubnet.association());
      if (!nats.isEmpty()) {
        // per AZ: the NAT created just above in this AZ; one: the shared NAT in the first AZ
        NatGateway nat = nats.get(nats.size() - 1);
        Route route = Route.Builder.create(priv, "DefaultRoute")
            .routeTableId(privateRoutes.getId())
            .destinationCidrBlock(ANYWHERE)
            .natGatewayId(nat.getId())
            .build();
        routing = routing.and(RuntimePrerequisites.of(route), natRouting.get(natRouting.size() - 1));
      }
      privateRouting.add(routing);
    }
  }

  private record Routed(Subnet subnet, RouteTableAssociation association) {}

  /** A subnet ({@code Resource}) in {@code az} that maps no public IPs, routed by {@code routes}. */
  private Routed subnet(Construct scope, String cidr, String az, String name, RouteTable routes) {
    Subnet subnet = Subnet.Builder.create(scope, "Resource")
        .vpcId(vpc.id())
        .cidrBlock(Literal.of(cidr))
        .availabilityZone(az)
        .mapPublicIpOnLaunch(false)
        .tags(nameTag(name))
        .build();
    RouteTableAssociation association = RouteTableAssociation.Builder.create(scope, "RouteTableAssociation")
        .subnetId(subnet.getId())
        .routeTableId(routes.getId())
        .build();
    return new Routed(subnet, association);
  }

  /** The Name tag {@code name} ({@code <prefix>-...}), as Terraform text. */
  private Map<String, String> nameTag(String name) {
    return Literal.of(naming.nameTag(name));
  }

  /**
   * The public subnet of AZ {@code i}: subnets are carved in order from the VPC block, public ones first, then
   * private ones (ConfigLoader checks that 2 x availabilityZones of them fit).
   */
  private static String publicSubnet(Cidr block, EnvironmentConfig.Network network, int i) {
    return block.subnet(network.subnetPrefixLength(), i).toString();
  }

  /** The private subnet of AZ {@code i}, carved after every public one; tasks and the bastion live here. */
  private static String privateSubnet(Cidr block, EnvironmentConfig.Network network, int i) {
    return block.subnet(network.subnetPrefixLength(), network.availabilityZones() + i).toString();
  }

  /** The VPC: the created one, or the existing one's data source (id and CIDR block read from AWS). */
  public VpcRef vpc() {
    return vpc;
  }

  /**
   * The public subnets, one per availability zone, in order: where an internet-facing load balancer lives. Created, or
   * network.existing.publicSubnetIds (maybe none).
   */
  public List<String> publicSubnetIds() {
    return List.copyOf(publicSubnetIds);
  }

  /**
   * What a workload in private subnet {@code az} (0-based, as config counts availability zones) needs before it
   * starts: the subnet's route-table association and, when there is a NAT gateway, the subnet's default route, that
   * NAT gateway, and the NAT's own public routing (its subnet's association and the route to the internet gateway).
   */
  public RuntimePrerequisites privateRouting(int az) {
    return privateRouting.get(az);
  }

  /** {@link #privateRouting} of every private subnet: what a workload spread over all of them needs. */
  public RuntimePrerequisites privateRouting() {
    if (allPrivateRouting == null) {
      allPrivateRouting = RuntimePrerequisites.none().and(privateRouting.toArray(RuntimePrerequisites[]::new));
    }
    return allPrivateRouting;
  }

  /** Read once: every read of a token attribute is a jsii round trip, and each service asks. */
  public List<String> privateSubnetIds() {
    if (privateSubnetIds == null) {
      // created subnets: read once here
      privateSubnetIds = privateSubnets.stream().map(Subnet::getId).toList();
    }
    return privateSubnetIds;
  }

  /** The private subnets' route tables, one per availability zone, in order. */
  public List<String> privateRouteTableIds() {
    return privateRouteTables.stream().map(RouteTable::getId).toList();
  }
}
