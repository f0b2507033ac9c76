package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.default_security_group.DefaultSecurityGroup;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.flow_log.FlowLog;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.kms_alias.KmsAlias;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hardening the policy suite asks for: the default security group, Container Insights, ECS Exec logging, and the
 * paid switches (security.kmsKeys, security.vpcFlowLogs), off in config/local.yaml and on in config/aws-example.yaml.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityHardeningSynthTest {
  private StackJson local;
  private StackJson aws;

  @BeforeAll
  void synth() {
    local = SynthFixture.serviceStack(SynthFixture.local());
    aws = SynthFixture.serviceStack(SynthFixture.aws());
  }

  @Test
  void defaultSecurityGroupOfTheVpcIsAdoptedWithNoRules() {
    Block group = local.resource(DefaultSecurityGroup.TF_RESOURCE_TYPE, "Network/DefaultSecurityGroup");
    assertThat(group.text("vpc_id")).isEqualTo(local.resource(Vpc.TF_RESOURCE_TYPE, "Network/Resource").ref("id"));
    assertThat(group.body().has("ingress")).isFalse();
    assertThat(group.body().has("egress")).isFalse();
  }

  @Test
  void clusterHasContainerInsightsOnByDefault() {
    JsonNode settings = local.resource(EcsCluster.TF_RESOURCE_TYPE, "Platform/Cluster").get("setting");
    assertThat(settings).hasSize(1);
    assertThat(settings.get(0).path("name").textValue()).isEqualTo("containerInsights");
    assertThat(settings.get(0).path("value").textValue()).isEqualTo("enabled");
  }

  @Test
  void clusterWritesContainerInsightsDisabledWhenSwitchedOff() {
    StackJson off = SynthFixture.serviceStack(SynthFixture.localWith("containerInsights: true",
        "containerInsights: false"));
    JsonNode settings = off.resource(EcsCluster.TF_RESOURCE_TYPE, "Platform/Cluster").get("setting");
    assertThat(settings.get(0).path("value").textValue()).isEqualTo("disabled");
  }

  @Test
  void execSessionsAreLoggedToTheSharedLogGroupWithoutKeyByDefault() {
    JsonNode exec = local.resource(EcsCluster.TF_RESOURCE_TYPE, "Platform/Cluster").get("configuration")
        .path("execute_command_configuration");
    assertThat(exec.path("logging").textValue()).isEqualTo("OVERRIDE");
    assertThat(exec.path("log_configuration").path("cloud_watch_log_group_name").textValue())
        .isEqualTo(local.resource(CloudwatchLogGroup.TF_RESOURCE_TYPE, "Platform/LogGroup").ref("name"));
    assertThat(exec.has("kms_key_id")).isFalse();
    assertThat(exec.path("log_configuration").has("cloud_watch_encryption_enabled")).isFalse();
  }

  @Test
  void paidSwitchesAddNothingByDefault() {
    assertThat(local.resources(KmsKey.TF_RESOURCE_TYPE)).isEmpty();
    assertThat(local.resources(FlowLog.TF_RESOURCE_TYPE)).isEmpty();
    assertThat(local.resource(CloudwatchLogGroup.TF_RESOURCE_TYPE, "Platform/LogGroup").body().has("kms_key_id"))
        .isFalse();
  }

  @Test
  void kmsKeysEncryptTheLogGroupsAndExecSessionsWithOneRotatedKey() {
    Block key = aws.resource(KmsKey.TF_RESOURCE_TYPE, "LogsKey/Resource");
    assertThat(key.get("enable_key_rotation").booleanValue()).isTrue();
    assertThat(key.get("deletion_window_in_days").intValue()).isEqualTo(7);
    assertThat(aws.resource(KmsAlias.TF_RESOURCE_TYPE, "LogsKey/Alias").text("name"))
        .isEqualTo("alias/ecs-service-connect-prod-logs");
    JsonNode logsStatement = key.parsed("policy").path("Statement").get(1);
    Block partition = aws.dataSource("aws_partition", "Partition");
    assertThat(logsStatement.path("Principal").path("Service").textValue())
        .isEqualTo("logs.eu-west-1." + partition.ref("dns_suffix"));
    assertThat(logsStatement.path("Condition").path("ArnLike").path("kms:EncryptionContext:aws:logs:arn").textValue())
        .isEqualTo("arn:" + partition.ref("partition")
            + ":logs:eu-west-1:" + aws.dataSource("aws_caller_identity", "LogsKey/Account").ref("account_id")
            + ":log-group:*");

    assertThat(aws.resource(CloudwatchLogGroup.TF_RESOURCE_TYPE, "Platform/LogGroup").text("kms_key_id"))
        .isEqualTo(key.ref("arn"));
    assertThat(aws.resource(CloudwatchLogGroup.TF_RESOURCE_TYPE, "FlowLogs/LogGroup").text("kms_key_id"))
        .isEqualTo(key.ref("arn"));
    JsonNode exec = aws.resource(EcsCluster.TF_RESOURCE_TYPE, "Platform/Cluster").get("configuration")
        .path("execute_command_configuration");
    assertThat(exec.path("kms_key_id").textValue()).isEqualTo(key.ref("arn"));
    assertThat(exec.path("log_configuration").path("cloud_watch_encryption_enabled").booleanValue()).isTrue();
  }

  @Test
  void flowLogsGoToTheirOwnLogGroupThroughARoleScopedToIt() {
    Block group = aws.resource(CloudwatchLogGroup.TF_RESOURCE_TYPE, "FlowLogs/LogGroup");
    assertThat(group.text("name")).isEqualTo("ecs-service-connect-prod-flow-logs");
    assertThat(group.get("retention_in_days").intValue()).isEqualTo(90);
    Block role = aws.resource(IamRole.TF_RESOURCE_TYPE, "FlowLogs/Role");
    assertThat(role.parsed("assume_role_policy").path("Statement").get(0).path("Principal").path("Service")
        .textValue()).isEqualTo("vpc-flow-logs.amazonaws.com");
    JsonNode write = aws.resource(IamRolePolicy.TF_RESOURCE_TYPE, "FlowLogs/RolePolicy").parsed("policy")
        .path("Statement").get(0);
    assertThat(StackJson.texts(write.path("Resource"))).containsExactly(group.ref("arn"), group.ref("arn") + ":*");

    Block flowLog = aws.resource(FlowLog.TF_RESOURCE_TYPE, "FlowLogs/Resource");
    assertThat(flowLog.text("vpc_id")).isEqualTo(aws.resource(Vpc.TF_RESOURCE_TYPE, "Network/Resource").ref("id"));
    assertThat(flowLog.text("traffic_type")).isEqualTo("ALL");
    assertThat(flowLog.text("log_destination_type")).isEqualTo("cloud-watch-logs");
    assertThat(flowLog.text("log_destination")).isEqualTo(group.ref("arn"));
    assertThat(flowLog.text("iam_role_arn")).isEqualTo(role.ref("arn"));
    assertThat(List.of(flowLog.path())).allMatch(p -> p.startsWith("service-connect/FlowLogs/"));
  }

  @Test
  void withKmsKeysTheTaskRoleMayDecryptExecSessionsWithThatKeyOnly() {
    Block key = aws.resource(KmsKey.TF_RESOURCE_TYPE, "LogsKey/Resource");
    Block logging = aws.resources(com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy.TF_RESOURCE_TYPE,
        p -> p.text("name").equals("ecs-exec-logging")).get(0);
    JsonNode statements = logging.parsed("policy").path("Statement");
    assertThat(statements).hasSize(3);
    assertThat(statements.get(2).path("Action").textValue()).isEqualTo("kms:Decrypt");
    assertThat(statements.get(2).path("Resource").textValue()).isEqualTo(key.ref("arn"));
  }

  @Test
  void withoutKmsKeysTheTaskRoleGetsNoKmsPermission() {
    Block logging = local.resources(com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy.TF_RESOURCE_TYPE,
        p -> p.text("name").equals("ecs-exec-logging")).get(0);
    assertThat(logging.text("policy")).doesNotContain("kms:");
  }
}
