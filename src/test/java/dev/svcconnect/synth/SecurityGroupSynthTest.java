package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.security_group_rule.SecurityGroupRule;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Who may reach whom: only the client service and the bastion reach the server, on its Service Connect port. */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityGroupSynthTest {
  private static final String INGRESS = VpcSecurityGroupIngressRule.TF_RESOURCE_TYPE;

  private StackJson stack;
  private Block serverGroup;
  private Block clientGroup;
  private Block bastionGroup;

  @BeforeAll
  void synth() {
    stack = SynthFixture.serviceStack(SynthFixture.local());
    serverGroup = stack.resource(SecurityGroup.TF_RESOURCE_TYPE, "Services/server-service/SecurityGroup");
    clientGroup = stack.resource(SecurityGroup.TF_RESOURCE_TYPE, "Services/client-service/SecurityGroup");
    bastionGroup = stack.resource(SecurityGroup.TF_RESOURCE_TYPE, "Bastion/SecurityGroup");
  }

  private List<Block> ingressInto(Block group) {
    return stack.resources(INGRESS, r -> r.text("security_group_id").equals(group.ref("id")));
  }

  @Test
  void stackHasExactlyTheThreeSecurityGroupsInTheVpc() {
    Block vpc = stack.resource(Vpc.TF_RESOURCE_TYPE, "Network/Resource");
    assertThat(stack.paths(stack.resources(SecurityGroup.TF_RESOURCE_TYPE))).containsExactlyInAnyOrder(
        "Services/server-service/SecurityGroup", "Services/client-service/SecurityGroup", "Bastion/SecurityGroup");
    assertThat(stack.resources(SecurityGroup.TF_RESOURCE_TYPE))
        .allSatisfy(g -> assertThat(g.text("vpc_id")).isEqualTo(vpc.ref("id")));
  }

  @Test
  void serverGroupHasExactlyTwoIngressRules() {
    assertThat(ingressInto(serverGroup)).hasSize(2);
  }

  @Test
  void serverIngressAdmitsTcp80FromTheClientAndBastionGroups() {
    List<Block> rules = ingressInto(serverGroup);
    assertThat(rules).allSatisfy(r -> {
      assertThat(r.text("ip_protocol")).isEqualTo("tcp");
      assertThat(r.get("from_port").isInt() && r.get("from_port").intValue() == 80).as("from_port 80").isTrue();
      assertThat(r.get("to_port").isInt() && r.get("to_port").intValue() == 80).as("to_port 80").isTrue();
    });
    assertThat(rules).extracting(r -> r.text("referenced_security_group_id"))
        .containsExactlyInAnyOrder(clientGroup.ref("id"), bastionGroup.ref("id"));
  }

  @Test
  void noOtherIngressRuleExistsAnywhere() {
    assertThat(stack.resources(INGRESS)).hasSize(2);
    assertThat(ingressInto(clientGroup)).isEmpty();
    assertThat(ingressInto(bastionGroup)).isEmpty();
  }

  @Test
  void noIngressRuleIsOpenToTheInternet() {
    assertThat(stack.resources(INGRESS)).isNotEmpty().allSatisfy(r -> {
      assertThat(r.get("cidr_ipv4").asText("")).as("%s cidr_ipv4", r.path()).isNotEqualTo("0.0.0.0/0");
      assertThat(r.get("cidr_ipv6").asText("")).as("%s cidr_ipv6", r.path()).isNotEqualTo("::/0");
    });
  }

  @Test
  void everyIngressRuleNamesASourceGroupInsteadOfAnAddressRange() {
    assertThat(stack.resources(INGRESS)).isNotEmpty().allSatisfy(r -> {
      assertThat(r.get("referenced_security_group_id").isTextual()).as("%s source group", r.path()).isTrue();
      assertThat(r.body().has("cidr_ipv4") || r.body().has("cidr_ipv6") || r.body().has("prefix_list_id"))
          .as("%s has an address range", r.path()).isFalse();
    });
  }

  @Test
  void noSecurityGroupHasInlineIngress() {
    assertThat(stack.resources(SecurityGroup.TF_RESOURCE_TYPE)).hasSize(3)
        .allSatisfy(g -> assertThat(g.body().has("ingress")).as("%s inline ingress", g.path()).isFalse());
  }

  @Test
  void noLegacySecurityGroupRuleResourceIsUsed() {
    // aws_security_group_rule (type = ingress) would bypass the checks on aws_vpc_security_group_ingress_rule.
    assertThat(stack.resources(SecurityGroupRule.TF_RESOURCE_TYPE)).isEmpty();
  }
}
