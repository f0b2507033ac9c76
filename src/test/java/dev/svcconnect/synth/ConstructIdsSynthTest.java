package dev.svcconnect.synth;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Construct ids are a public contract: Terraform derives each resource's address from its construct path, so a
 * renamed construct makes the next deploy destroy and recreate the resource. Renaming one must fail here, on
 * purpose; if the rename is intended, plan a {@code moved} block (or a state move) and update this list.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConstructIdsSynthTest {
  private StackJson service;
  private StackJson localBootstrap;
  private StackJson awsBootstrap;

  @BeforeAll
  void synth() {
    service = SynthFixture.serviceStack(SynthFixture.local());
    localBootstrap = SynthFixture.bootstrapStack(SynthFixture.local());
    awsBootstrap = SynthFixture.bootstrapStack(SynthFixture.aws());
  }

  /** construct path (relative to the stack) to Terraform type. */
  private static Map<String, String> byPath(StackJson stack, List<Block> blocks) {
    Map<String, String> types = new TreeMap<>();
    blocks.forEach(b -> assertThat(types.put(stack.relative(b.path()), b.type())).as("duplicate path %s", b.path())
        .isNull());
    return types;
  }

  @Test
  void serviceStackResourcesHaveExactlyTheseConstructPaths() {
    assertThat(byPath(service, service.allResources())).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        entry("Network/Resource", "aws_vpc"),
        entry("Network/InternetGateway", "aws_internet_gateway"),
        entry("Network/DefaultSecurityGroup", "aws_default_security_group"),
        entry("Network/Public/RouteTable", "aws_route_table"),
        entry("Network/Public/DefaultRoute", "aws_route"),
        entry("Network/Public/Subnet0/Resource", "aws_subnet"),
        entry("Network/Public/Subnet0/RouteTableAssociation", "aws_route_table_association"),
        entry("Network/Public/Subnet0/NatEip", "aws_eip"),
        entry("Network/Public/Subnet0/NatGateway", "aws_nat_gateway"),
        entry("Network/Public/Subnet1/Resource", "aws_subnet"),
        entry("Network/Public/Subnet1/RouteTableAssociation", "aws_route_table_association"),
        entry("Network/Private/Subnet0/Resource", "aws_subnet"),
        entry("Network/Private/Subnet0/RouteTable", "aws_route_table"),
        entry("Network/Private/Subnet0/RouteTableAssociation", "aws_route_table_association"),
        entry("Network/Private/Subnet0/DefaultRoute", "aws_route"),
        entry("Network/Private/Subnet1/Resource", "aws_subnet"),
        entry("Network/Private/Subnet1/RouteTable", "aws_route_table"),
        entry("Network/Private/Subnet1/RouteTableAssociation", "aws_route_table_association"),
        entry("Network/Private/Subnet1/DefaultRoute", "aws_route"),
        entry("Platform/Namespace", "aws_service_discovery_http_namespace"),
        entry("Platform/Cluster", "aws_ecs_cluster"),
        entry("Platform/LogGroup", "aws_cloudwatch_log_group"),
        entry("TaskDefinition/ExecutionRole", "aws_iam_role"),
        entry("TaskDefinition/ExecutionRolePolicy", "aws_iam_role_policy_attachment"),
        entry("TaskDefinition/TaskRole", "aws_iam_role"),
        entry("TaskDefinition/TaskRoleExecPolicy", "aws_iam_role_policy"),
        entry("TaskDefinition/TaskRoleExecLoggingPolicy", "aws_iam_role_policy"),
        entry("TaskDefinition/Resource", "aws_ecs_task_definition"),
        entry("Bastion/SecurityGroup", "aws_security_group"),
        entry("Bastion/EgressAll", "aws_vpc_security_group_egress_rule"),
        entry("Bastion/Role", "aws_iam_role"),
        entry("Bastion/SsmManagedInstanceCore", "aws_iam_role_policy_attachment"),
        entry("Bastion/InstanceProfile", "aws_iam_instance_profile"),
        entry("Bastion/Resource", "aws_instance"),
        entry("Services/server-service/SecurityGroup", "aws_security_group"),
        entry("Services/server-service/EgressAll", "aws_vpc_security_group_egress_rule"),
        entry("Services/server-service/Resource", "aws_ecs_service"),
        entry("Services/server-service/PublishedProtocols", "terraform_data"),
        entry("Services/server-service/Ingress/client-service/nginx-server", "aws_vpc_security_group_ingress_rule"),
        entry("Services/server-service/Ingress/bastion/nginx-server", "aws_vpc_security_group_ingress_rule"),
        entry("Services/client-service/SecurityGroup", "aws_security_group"),
        entry("Services/client-service/EgressAll", "aws_vpc_security_group_egress_rule"),
        entry("Services/client-service/Resource", "aws_ecs_service"),
        entry("Services/client-service/PublishedProtocols", "terraform_data")));
  }

  @Test
  void serviceStackDataSourcesHaveExactlyTheseConstructPaths() {
    assertThat(byPath(service, service.allDataSources())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Partition", "aws_partition",
        "Network/AvailabilityZones", "aws_availability_zones",
        "Bastion/Ami", "aws_ssm_parameter"));
  }

  @Test
  void localBootstrapStackResourcesHaveExactlyTheseConstructPaths() {
    assertThat(byPath(localBootstrap, localBootstrap.allResources())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "StateBucket/Resource", "aws_s3_bucket",
        "StateBucket/Versioning", "aws_s3_bucket_versioning",
        "StateBucket/Encryption", "aws_s3_bucket_server_side_encryption_configuration",
        "StateBucket/PublicAccessBlock", "aws_s3_bucket_public_access_block"));
  }

  @Test
  void awsBootstrapStackResourcesHaveExactlyTheseConstructPaths() {
    assertThat(byPath(awsBootstrap, awsBootstrap.allResources())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "StateBucket/Resource", "aws_s3_bucket",
        "StateBucket/Versioning", "aws_s3_bucket_versioning",
        "StateBucket/Encryption", "aws_s3_bucket_server_side_encryption_configuration",
        "StateBucket/PublicAccessBlock", "aws_s3_bucket_public_access_block",
        "StateBucket/Policy", "aws_s3_bucket_policy"));
  }
}
