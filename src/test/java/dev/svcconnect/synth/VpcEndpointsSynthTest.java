package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.hashicorp.cdktf.providers.aws.data_aws_partition.DataAwsPartition;
import com.hashicorp.cdktf.providers.aws.route_table.RouteTable;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.security_group_rule.SecurityGroupRule;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import com.hashicorp.cdktf.providers.aws.vpc_endpoint.VpcEndpoint;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * network.vpcEndpoints: config/local.yaml without NAT, every endpoint listed and the shared image in the region's
 * ECR, so both services (ECS Exec on) and the bastion use interface endpoints.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VpcEndpointsSynthTest {
  private static final String NAT_LINE = "natGateways: one          # none | one | perAz";
  private static final String ECR_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/nginx:1.27";
  private static final List<String> INTERFACES = List.of("ssm", "ssmmessages", "ec2messages", "ecr.api", "ecr.dkr",
      "logs");
  private static final String INGRESS = VpcSecurityGroupIngressRule.TF_RESOURCE_TYPE;

  private StackJson stack;
  private Block group;

  @BeforeAll
  void synth() {
    stack = SynthFixture.serviceStack(SynthFixture.localWith(NAT_LINE, "natGateways: none\n  vpcEndpoints: [ssm,"
        + " ssmmessages, ec2messages, ecr.api, ecr.dkr, logs, s3]", "image: nginx", "image: " + ECR_IMAGE));
    group = stack.resource(SecurityGroup.TF_RESOURCE_TYPE, "VpcEndpoints/SecurityGroup");
  }

  private Block endpoint(String service) {
    return stack.resource(VpcEndpoint.TF_RESOURCE_TYPE, "VpcEndpoints/" + service);
  }

  private List<String> privateRefs(String type, String construct) {
    return List.of(0, 1).stream()
        .map(i -> stack.resource(type, "Network/Private/Subnet" + i + "/" + construct).ref("id")).toList();
  }

  private static void assertAbsent(Block block, String field) {
    assertThat(block.get(field).isMissingNode()).as("%s has no %s", block.path(), field).isTrue();
  }

  @Test
  void createsSixInterfaceEndpointsAndTheS3GatewayEndpointInTheVpc() {
    Block vpc = stack.resource(Vpc.TF_RESOURCE_TYPE, "Network/Resource");
    assertThat(stack.resources(VpcEndpoint.TF_RESOURCE_TYPE)).hasSize(7)
        .allSatisfy(e -> assertThat(e.text("vpc_id")).isEqualTo(vpc.ref("id")));
    assertThat(stack.resources(VpcEndpoint.TF_RESOURCE_TYPE).stream()
        .collect(Collectors.groupingBy(e -> e.text("vpc_endpoint_type"), Collectors.counting())))
        .isEqualTo(Map.of("Interface", 6L, "Gateway", 1L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssm", "ssmmessages", "ec2messages", "ecr.api", "ecr.dkr", "logs", "s3"})
  void serviceNameIsThePartitionsPrefixTheRegionAndTheService(String service) {
    // the stack reads the partition once: the endpoints use the same data source as every ARN
    assertThat(stack.dataSources(DataAwsPartition.TF_RESOURCE_TYPE)).hasSize(1);
    Block partition = stack.dataSource(DataAwsPartition.TF_RESOURCE_TYPE, "Partition");
    assertThat(endpoint(service).text("service_name"))
        .isEqualTo("${" + partition.address() + ".reverse_dns_prefix}.us-east-1." + service);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssm", "ssmmessages", "ec2messages", "ecr.api", "ecr.dkr", "logs"})
  void interfaceEndpointHasPrivateDnsInEveryPrivateSubnetBehindTheEndpointsGroup(String service) {
    Block e = endpoint(service);
    assertThat(e.text("vpc_endpoint_type")).isEqualTo("Interface");
    assertThat(e.get("private_dns_enabled").booleanValue()).as("private_dns_enabled").isTrue();
    assertThat(StackJson.texts(e.get("subnet_ids")))
        .containsExactlyElementsOf(privateRefs(Subnet.TF_RESOURCE_TYPE, "Resource"));
    assertThat(StackJson.texts(e.get("security_group_ids"))).containsExactly(group.ref("id"));
    assertAbsent(e, "route_table_ids");
  }

  @Test
  void s3IsAGatewayEndpointOnEveryPrivateRouteTable() {
    Block s3 = endpoint("s3");
    assertThat(s3.text("vpc_endpoint_type")).isEqualTo("Gateway");
    assertThat(StackJson.texts(s3.get("route_table_ids")))
        .containsExactlyElementsOf(privateRefs(RouteTable.TF_RESOURCE_TYPE, "RouteTable"));
    assertAbsent(s3, "subnet_ids");
    assertAbsent(s3, "security_group_ids");
    assertAbsent(s3, "private_dns_enabled");
  }

  @Test
  void s3GatewayIsNotOnThePublicRouteTable() {
    Block publicTable = stack.resource(RouteTable.TF_RESOURCE_TYPE, "Network/Public/RouteTable");
    assertThat(StackJson.texts(endpoint("s3").get("route_table_ids"))).doesNotContain(publicTable.ref("id"));
  }

  @Test
  void endpointsGroupAdmitsHttpsFromExactlyTheServicesAndTheBastion() {
    Map<String, String> sources = Map.of(
        "VpcEndpoints/Ingress/server-service", "Services/server-service/SecurityGroup",
        "VpcEndpoints/Ingress/client-service", "Services/client-service/SecurityGroup",
        "VpcEndpoints/Ingress/bastion", "Bastion/SecurityGroup");
    List<Block> rules = stack.resources(INGRESS, r -> r.text("security_group_id").equals(group.ref("id")));
    assertThat(stack.paths(rules)).containsExactlyInAnyOrderElementsOf(sources.keySet());
    assertThat(rules).allSatisfy(r -> {
      assertThat(r.text("ip_protocol")).isEqualTo("tcp");
      assertThat(r.get("from_port").intValue()).isEqualTo(443);
      assertThat(r.get("to_port").intValue()).isEqualTo(443);
      assertAbsent(r, "cidr_ipv4");
      assertAbsent(r, "cidr_ipv6");
      String source = sources.get(stack.relative(r.path()));
      assertThat(r.text("referenced_security_group_id"))
          .isEqualTo(stack.resource(SecurityGroup.TF_RESOURCE_TYPE, source).ref("id"));
    });
  }

  @Test
  void eachRuleNamesTheEndpointsItsWorkloadUses() {
    assertThat(stack.resource(INGRESS, "VpcEndpoints/Ingress/bastion").text("description"))
        .isEqualTo("bastion calls ssm, ssmmessages, ec2messages over HTTPS");
    assertThat(stack.resource(INGRESS, "VpcEndpoints/Ingress/server-service").text("description"))
        .isEqualTo("server-service calls ssmmessages, ecr.api, ecr.dkr, logs over HTTPS");
  }

  @Test
  void endpointsGroupOpensNothingElse() {
    assertAbsent(group, "ingress");
    assertAbsent(group, "egress");
    String id = group.ref("id");
    assertThat(stack.resources(VpcSecurityGroupEgressRule.TF_RESOURCE_TYPE,
        r -> r.text("security_group_id").equals(id))).isEmpty();
    assertThat(stack.resources(SecurityGroupRule.TF_RESOURCE_TYPE,
        r -> r.text("security_group_id").equals(id))).isEmpty();
  }

  @Test
  void endpointsAreNamedAfterTheEnvironment() {
    assertThat(group.text("name")).isEqualTo("ecs-service-connect-local-vpc-endpoints");
    assertThat(StackJson.stringMap(endpoint("ecr.api").get("tags")))
        .containsEntry("Name", "ecs-service-connect-local-ecr.api-endpoint");
  }

  @Test
  void withoutTheSwitchThereAreNoEndpointsAndNoEndpointsGroup() {
    StackJson defaults = SynthFixture.serviceStack(SynthFixture.local());
    assertThat(defaults.resources(VpcEndpoint.TF_RESOURCE_TYPE)).isEmpty();
    assertThat(defaults.findResource(SecurityGroup.TF_RESOURCE_TYPE, "VpcEndpoints/SecurityGroup")).isEmpty();
  }

  @Test
  void onlyTheS3GatewayNeedsNoSecurityGroupAndAdmitsNoOne() {
    StackJson s3Only = SynthFixture.serviceStack(SynthFixture.localWith(NAT_LINE, "natGateways: one\n"
        + "  vpcEndpoints: [s3]"));
    assertThat(s3Only.paths(s3Only.resources(VpcEndpoint.TF_RESOURCE_TYPE))).containsExactly("VpcEndpoints/s3");
    assertThat(s3Only.findResource(SecurityGroup.TF_RESOURCE_TYPE, "VpcEndpoints/SecurityGroup")).isEmpty();
    assertThat(s3Only.resources(INGRESS, r -> r.path().contains("/VpcEndpoints/"))).isEmpty();
  }

  @Test
  void aWorkloadThatUsesNoListedInterfaceEndpointIsNotAdmitted() {
    // ssm alone: only the bastion uses it; the services (no ECS Exec on ssm) are not admitted
    StackJson ssmOnly = SynthFixture.serviceStack(SynthFixture.localWith(NAT_LINE, "natGateways: one\n"
        + "  vpcEndpoints: [ssm]"));
    assertThat(ssmOnly.paths(ssmOnly.resources(INGRESS, r -> r.path().contains("/VpcEndpoints/"))))
        .containsExactly("VpcEndpoints/Ingress/bastion");
  }

  @Test
  void secretsmanagerIsAnInterfaceEndpointForTheServicesWhoseContainersReadSecrets() {
    // options-secrets.yaml: shop's containers read Secrets Manager secrets, registry credentials and SSM parameters;
    // web reads none
    StackJson secrets = SynthFixture.serviceStack(SynthFixture.fileWith(SecretsSynthTest.SECRETS, "bastion:\n",
        "network:\n  natGateways: none\n  vpcEndpoints: [logs, secretsmanager, ssm]\nbastion:\n"));
    Block partition = secrets.dataSource(DataAwsPartition.TF_RESOURCE_TYPE, "Partition");
    Block e = secrets.resource(VpcEndpoint.TF_RESOURCE_TYPE, "VpcEndpoints/secretsmanager");
    assertThat(e.text("service_name")).isEqualTo("${" + partition.address() + ".reverse_dns_prefix}.us-east-1"
        + ".secretsmanager");
    assertThat(e.text("vpc_endpoint_type")).isEqualTo("Interface");
    assertThat(e.get("private_dns_enabled").booleanValue()).as("private_dns_enabled").isTrue();
    assertThat(StackJson.texts(e.get("security_group_ids")))
        .containsExactly(secrets.resource(SecurityGroup.TF_RESOURCE_TYPE, "VpcEndpoints/SecurityGroup").ref("id"));
    assertThat(secrets.resource(INGRESS, "VpcEndpoints/Ingress/shop").text("description"))
        .isEqualTo("shop calls ssm, logs, secretsmanager over HTTPS");
    assertThat(secrets.resource(INGRESS, "VpcEndpoints/Ingress/web").text("description"))
        .isEqualTo("web calls logs over HTTPS");
  }

  @Test
  void interfaceServicesAreTheSixAwsNames() {
    assertThat(stack.resources(VpcEndpoint.TF_RESOURCE_TYPE,
        e -> e.text("vpc_endpoint_type").equals("Interface")).stream()
        .map(e -> stack.relative(e.path()).substring("VpcEndpoints/".length())).toList())
        .containsExactlyInAnyOrderElementsOf(INTERFACES);
  }
}
