package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.providers.aws.data_aws_ssm_parameter.DataAwsSsmParameter;
import com.hashicorp.cdktf.providers.aws.iam_instance_profile.IamInstanceProfile;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import com.hashicorp.cdktf.providers.aws.instance.Instance;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Bastion construct: an SSM-managed host with no way in, and its absence when disabled. */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BastionSynthTest {
  private static final String AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

  private StackJson stack;
  private StackJson withoutBastion;
  private Block instance;

  @BeforeAll
  void synth() {
    stack = SynthFixture.serviceStack(SynthFixture.local());
    instance = stack.resource(Instance.TF_RESOURCE_TYPE, "Bastion/Resource");
    // A disabled bastion reaches nothing, so both lines change together.
    EnvironmentConfig disabled = SynthFixture.localWith(
        "enabled: true", "enabled: false",
        "  reaches: [nginx-server]", "  reaches: []");
    assertThat(disabled.bastion().enabled()).isFalse();
    withoutBastion = SynthFixture.serviceStack(disabled);
  }

  @Test
  void instanceIsTheOneT4gMediumTaggedBastionHost() {
    assertThat(Testing.toHaveResourceWithProperties(stack.json(), Instance.TF_RESOURCE_TYPE, Map.of(
        "instance_type", "t4g.medium",
        "tags", Map.of("Name", "bastion-host")))).isTrue();
    assertThat(stack.resources(Instance.TF_RESOURCE_TYPE)).hasSize(1);
  }

  @Test
  void amiIsReadFromThePublicSsmParameter() {
    Block ami = stack.dataSource(DataAwsSsmParameter.TF_RESOURCE_TYPE, "Bastion/Ami");
    assertThat(ami.text("name")).isEqualTo(AMI_PARAMETER);
    assertThat(instance.text("ami")).isEqualTo(ami.ref("value"));
  }

  @Test
  void instanceRunsInTheFirstPrivateSubnet() {
    Block subnet = stack.resource(Subnet.TF_RESOURCE_TYPE, "Network/Private/Subnet0/Resource");
    assertThat(instance.text("subnet_id")).isEqualTo(subnet.ref("id"));
  }

  @Test
  void instanceGetsNoPublicIp() {
    JsonNode publicIp = instance.get("associate_public_ip_address");
    assertThat(publicIp.isBoolean() && !publicIp.booleanValue()).as("associate_public_ip_address false, got %s",
        publicIp).isTrue();
  }

  @Test
  void instanceMetadataRequiresImdsv2Tokens() {
    assertThat(instance.get("metadata_options").path("http_tokens").textValue()).isEqualTo("required");
  }

  @Test
  void rootVolumeIsEncrypted() {
    JsonNode encrypted = instance.get("root_block_device").path("encrypted");
    assertThat(encrypted.isBoolean() && encrypted.booleanValue()).as("encrypted true, got %s", encrypted).isTrue();
  }

  @Test
  void instanceProfileRoleIsSsmManagedAndTrustsEc2() {
    Block profile = stack.resource(IamInstanceProfile.TF_RESOURCE_TYPE, "Bastion/InstanceProfile");
    Block role = stack.resource(IamRole.TF_RESOURCE_TYPE, "Bastion/Role");
    assertThat(instance.text("iam_instance_profile")).isEqualTo(profile.ref("name"));
    assertThat(profile.text("role")).isEqualTo(role.ref("name"));
    List<Block> attachments = stack.resources(IamRolePolicyAttachment.TF_RESOURCE_TYPE,
        a -> a.text("role").equals(role.ref("name")));
    assertThat(attachments).extracting(a -> a.text("policy_arn"))
        .containsExactly("arn:" + stack.dataSource("aws_partition", "Partition").ref("partition")
            + ":iam::aws:policy/AmazonSSMManagedInstanceCore");
    JsonNode statement = role.parsed("assume_role_policy").path("Statement").get(0);
    assertThat(statement.path("Principal").path("Service").textValue()).isEqualTo("ec2.amazonaws.com");
  }

  @Test
  void instanceSecurityGroupAdmitsNothing() {
    Block group = stack.resource(SecurityGroup.TF_RESOURCE_TYPE, "Bastion/SecurityGroup");
    assertThat(StackJson.texts(instance.get("vpc_security_group_ids"))).containsExactly(group.ref("id"));
    assertThat(stack.resources(VpcSecurityGroupIngressRule.TF_RESOURCE_TYPE,
        r -> r.text("security_group_id").equals(group.ref("id")))).isEmpty();
    assertThat(group.body().has("ingress")).isFalse();
  }

  @Test
  void disabledBastionCreatesNoInstance() {
    assertThat(withoutBastion.resources(Instance.TF_RESOURCE_TYPE)).isEmpty();
  }

  @Test
  void disabledBastionHasNoOutput() {
    assertThat(StackJson.names(withoutBastion.outputs())).isNotEmpty().doesNotContain("bastion_instance_id");
  }

  @Test
  void disabledBastionLeavesNoBastionResourceOrDataSource() {
    assertThat(withoutBastion.paths(withoutBastion.allResources())).noneMatch(p -> p.startsWith("Bastion/"));
    assertThat(withoutBastion.paths(withoutBastion.allDataSources())).noneMatch(p -> p.startsWith("Bastion/"));
  }

  @Test
  void disabledBastionLeavesTheServerReachableOnlyFromTheClient() {
    Block server = withoutBastion.resource(SecurityGroup.TF_RESOURCE_TYPE, "Services/server-service/SecurityGroup");
    Block client = withoutBastion.resource(SecurityGroup.TF_RESOURCE_TYPE, "Services/client-service/SecurityGroup");
    List<Block> rules = withoutBastion.resources(VpcSecurityGroupIngressRule.TF_RESOURCE_TYPE);
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).text("security_group_id")).isEqualTo(server.ref("id"));
    assertThat(rules.get(0).text("referenced_security_group_id")).isEqualTo(client.ref("id"));
  }
}
