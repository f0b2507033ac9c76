package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The FargateTaskDefinition construct: the task definition, its container, and its two roles. */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskDefinitionSynthTest {

  private StackJson stack;
  private Block taskDefinition;
  private Block executionRole;
  private Block taskRole;

  @BeforeAll
  void synth() {
    stack = SynthFixture.serviceStack(SynthFixture.local());
    taskDefinition = stack.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource");
    executionRole = stack.resource(IamRole.TF_RESOURCE_TYPE, "TaskDefinition/ExecutionRole");
    taskRole = stack.resource(IamRole.TF_RESOURCE_TYPE, "TaskDefinition/TaskRole");
  }

  @Test
  void taskDefinitionIsAFargateAwsvpcTaskOfFamilyNginx() {
    assertThat(Testing.toHaveResourceWithProperties(stack.json(), EcsTaskDefinition.TF_RESOURCE_TYPE, Map.of(
        "family", "nginx",
        "requires_compatibilities", List.of("FARGATE"),
        "network_mode", "awsvpc"))).isTrue();
    assertThat(stack.resources(EcsTaskDefinition.TF_RESOURCE_TYPE)).hasSize(1);
  }

  @Test
  void cpuAndMemoryAreStrings256And512() {
    assertThat(taskDefinition.text("cpu")).isEqualTo("256");
    assertThat(taskDefinition.text("memory")).isEqualTo("512");
  }

  @Test
  void runtimePlatformIsLinuxOnTheConfiguredArchitecture() {
    JsonNode platform = taskDefinition.get("runtime_platform");
    assertThat(platform.path("operating_system_family").textValue()).isEqualTo("LINUX");
    assertThat(platform.path("cpu_architecture").textValue()).isEqualTo("X86_64");
  }

  @Test
  void containerDefinitionsHoldTheSingleEssentialNginxContainer() {
    JsonNode containers = taskDefinition.parsed("container_definitions");
    assertThat(containers.isArray()).isTrue();
    assertThat(containers).hasSize(1);
    JsonNode container = containers.get(0);
    assertThat(container.path("name").textValue()).isEqualTo("nginx");
    assertThat(container.path("image").textValue()).isEqualTo("nginx");
    assertThat(container.path("essential").booleanValue()).isTrue();
  }

  @Test
  void containerPublishesTheNamedHttpPortServiceConnectUses() {
    JsonNode ports = taskDefinition.parsed("container_definitions").get(0).path("portMappings");
    assertThat(ports.isArray()).isTrue();
    assertThat(ports).hasSize(1);
    JsonNode port = ports.get(0);
    assertThat(port.path("name").textValue()).isEqualTo("nginx");
    assertThat(port.path("containerPort").isInt()).as("containerPort is a number").isTrue();
    assertThat(port.path("containerPort").intValue()).isEqualTo(80);
    assertThat(port.path("appProtocol").textValue()).isEqualTo("http");
    assertThat(port.path("protocol").textValue()).isEqualTo("tcp");
  }

  @Test
  void tcpPortMappingHasNoAppProtocol() {
    StackJson tcp = SynthFixture.serviceStack(SynthFixture.localWith("      appProtocol: http",
        "      appProtocol: http\n    - name: redis\n      containerPort: 6379\n      appProtocol: tcp"));
    JsonNode ports = tcp.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource")
        .parsed("container_definitions").get(0).path("portMappings");
    assertThat(ports).hasSize(2);
    assertThat(ports.get(1).path("name").textValue()).isEqualTo("redis");
    assertThat(ports.get(1).path("protocol").textValue()).isEqualTo("tcp");
    assertThat(ports.get(1).has("appProtocol")).as("ECS has no appProtocol value for plain TCP").isFalse();
  }

  @Test
  void containerLogsToTheLogGroupThroughAwslogs() {
    Block logGroup = stack.resource(CloudwatchLogGroup.TF_RESOURCE_TYPE, "Platform/LogGroup");
    JsonNode logging = taskDefinition.parsed("container_definitions").get(0).path("logConfiguration");
    assertThat(logging.path("logDriver").textValue()).isEqualTo("awslogs");
    assertThat(StackJson.stringMap(logging.path("options"))).isEqualTo(Map.of(
        "awslogs-group", logGroup.ref("name"),
        "awslogs-region", "us-east-1",
        "awslogs-stream-prefix", "nginx"));
  }

  @Test
  void taskDefinitionUsesDistinctExecutionAndTaskRoles() {
    assertThat(taskDefinition.text("execution_role_arn")).isEqualTo(executionRole.ref("arn"));
    assertThat(taskDefinition.text("task_role_arn")).isEqualTo(taskRole.ref("arn"));
    assertThat(executionRole.address()).isNotEqualTo(taskRole.address());
    assertThat(executionRole.text("name")).isNotEqualTo(taskRole.text("name"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"TaskDefinition/ExecutionRole", "TaskDefinition/TaskRole"})
  void roleTrustsOnlyEcsTasks(String path) {
    JsonNode trust = stack.resource(IamRole.TF_RESOURCE_TYPE, path).parsed("assume_role_policy");
    assertThat(trust.path("Statement")).hasSize(1);
    JsonNode statement = trust.path("Statement").get(0);
    assertThat(statement.path("Effect").textValue()).isEqualTo("Allow");
    assertThat(statement.path("Action").textValue()).isEqualTo("sts:AssumeRole");
    assertThat(StackJson.names(statement.path("Principal"))).containsExactly("Service");
    assertThat(statement.path("Principal").path("Service").textValue()).isEqualTo("ecs-tasks.amazonaws.com");
  }

  @Test
  void executionRoleHasOnlyTheTaskExecutionManagedPolicy() {
    List<Block> attachments = stack.resources(IamRolePolicyAttachment.TF_RESOURCE_TYPE,
        a -> a.text("role").equals(executionRole.ref("name")) || a.text("role").equals(executionRole.ref("id")));
    assertThat(attachments).hasSize(1);
    assertThat(attachments.get(0).text("policy_arn")).isEqualTo("arn:"
        + stack.dataSource("aws_partition", "Partition").ref("partition")
        + ":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
    assertThat(inlinePoliciesOf(executionRole)).isEmpty();
  }

  @Test
  void taskRoleHasNoManagedPolicyAttached() {
    assertThat(stack.resources(IamRolePolicyAttachment.TF_RESOURCE_TYPE,
        a -> a.text("role").equals(taskRole.ref("name")) || a.text("role").equals(taskRole.ref("id")))).isEmpty();
    assertThat(taskRole.body().has("managed_policy_arns")).isFalse();
    assertThat(taskRole.body().has("inline_policy")).isFalse();
  }

  @Test
  void taskRoleInlinePolicyAllowsExactlyTheFourSsmmessagesActions() {
    List<Block> policies = inlinePoliciesOf(taskRole);
    assertThat(policies).extracting(p -> p.text("name")).containsExactlyInAnyOrder("ecs-exec", "ecs-exec-logging");
    Block exec = policies.stream().filter(p -> p.text("name").equals("ecs-exec")).findFirst().orElseThrow();
    JsonNode document = exec.parsed("policy");
    assertThat(document.path("Statement")).hasSize(1);
    JsonNode statement = document.path("Statement").get(0);
    assertThat(StackJson.names(statement)).containsExactlyInAnyOrder("Effect", "Action", "Resource");
    assertThat(statement.path("Effect").textValue()).isEqualTo("Allow");
    assertThat(StackJson.texts(statement.path("Action"))).containsExactlyInAnyOrder(
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel");
    assertThat(statement.path("Resource").textValue()).isEqualTo("*");
  }

  @Test
  void taskRoleMayWriteExecSessionLogsToTheLogGroupOnly() {
    Block logGroup = stack.resource(CloudwatchLogGroup.TF_RESOURCE_TYPE, "Platform/LogGroup");
    Block logging = inlinePoliciesOf(taskRole).stream().filter(p -> p.text("name").equals("ecs-exec-logging"))
        .findFirst().orElseThrow();
    JsonNode statements = logging.parsed("policy").path("Statement");
    assertThat(statements).hasSize(2);
    assertThat(StackJson.texts(statements.get(0).path("Action")))
        .containsExactly("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents");
    assertThat(StackJson.texts(statements.get(0).path("Resource")))
        .containsExactly(logGroup.ref("arn"), logGroup.ref("arn") + ":*");
    assertThat(statements.get(1).path("Action").textValue()).isEqualTo("logs:DescribeLogGroups");
    assertThat(statements.get(1).path("Resource").textValue()).isEqualTo("*");
  }

  private List<Block> inlinePoliciesOf(Block role) {
    return stack.resources(IamRolePolicy.TF_RESOURCE_TYPE,
        p -> p.text("role").equals(role.ref("id")) || p.text("role").equals(role.ref("name")));
  }
}
