package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The task and service options, on ({@code topology/options-task.yaml} turns every one on) and off (the default
 * stack): health check, readiness gate, container reservations, platform version, Service Connect TLS.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskOptionsSynthTest {
  static final Path OPTIONS = Path.of("src/test/resources/topology/options-task.yaml");
  private static final String CA = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/"
      + "0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4";
  private static final String CURL = "curl -f http://localhost/ || exit 1";

  private StackJson on;
  private StackJson off;

  @BeforeAll
  void synth() {
    on = SynthFixture.serviceStack(ConfigLoader.load(OPTIONS));
    off = SynthFixture.serviceStack(SynthFixture.local());
  }

  private static JsonNode containers(StackJson stack, String path) {
    return stack.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, path).parsed("container_definitions");
  }

  private static JsonNode published(StackJson stack, String service) {
    return stack.resource(EcsService.TF_RESOURCE_TYPE, "Services/" + service + "/Resource")
        .get("service_connect_configuration").path("service");
  }

  @Test
  void healthCheckIsWrittenWithEveryTiming() {
    JsonNode check = containers(on, "TaskDefinitions/api/Resource").get(0).path("healthCheck");
    assertThat(StackJson.texts(check.path("command"))).containsExactly("CMD-SHELL", CURL);
    assertThat(List.of(check.path("interval").intValue(), check.path("timeout").intValue(),
        check.path("retries").intValue(), check.path("startPeriod").intValue())).containsExactly(10, 3, 5, 30);
  }

  @Test
  void shellShorthandBecomesCmdShellWithEcsDefaultTimings() {
    JsonNode check = containers(on, "TaskDefinition/Resource").get(0).path("healthCheck");
    assertThat(StackJson.texts(check.path("command"))).containsExactly("CMD-SHELL", CURL);
    assertThat(List.of(check.path("interval").intValue(), check.path("timeout").intValue(),
        check.path("retries").intValue(), check.path("startPeriod").intValue())).containsExactly(30, 5, 3, 0);
  }

  @Test
  void readinessGateStartsOnlyWhenTheAppIsHealthyAndIsNotEssential() {
    JsonNode containers = containers(on, "TaskDefinitions/api/Resource");
    assertThat(containers).hasSize(2);
    assertThat(containers.get(0).path("essential").booleanValue()).isTrue();
    JsonNode gate = containers.get(1);
    assertThat(gate.path("name").textValue()).isEqualTo("readiness-gate");
    assertThat(gate.path("image").textValue()).isEqualTo("public.ecr.aws/docker/library/busybox:stable");
    assertThat(gate.path("essential").isBoolean()).isTrue();
    assertThat(gate.path("essential").booleanValue()).isFalse();
    assertThat(StackJson.texts(gate.path("command"))).containsExactly("true");
    assertThat(gate.path("dependsOn")).hasSize(1);
    assertThat(StackJson.stringMap(gate.path("dependsOn").get(0)))
        .isEqualTo(Map.of("containerName", "api", "condition", "HEALTHY"));
    assertThat(gate.has("portMappings")).as("the gate publishes nothing").isFalse();
    Block logGroup = on.resource(CloudwatchLogGroup.TF_RESOURCE_TYPE, "Platform/LogGroup");
    assertThat(StackJson.stringMap(gate.path("logConfiguration").path("options"))).isEqualTo(Map.of(
        "awslogs-group", logGroup.ref("name"), "awslogs-region", "us-east-1",
        "awslogs-stream-prefix", "readiness-gate"));
  }

  @Test
  void taskWithoutGateHasOnlyTheAppContainer() {
    assertThat(containers(on, "TaskDefinition/Resource")).hasSize(1);
  }

  @Test
  void containerReservationsLeaveTheProxyHeadroom() {
    JsonNode api = containers(on, "TaskDefinitions/api/Resource").get(0);
    Block task = on.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinitions/api/Resource");
    assertThat(api.path("cpu").intValue()).isEqualTo(768);
    assertThat(api.path("memory").intValue()).isEqualTo(1984);
    assertThat(Integer.parseInt(task.text("cpu")) - api.path("cpu").intValue()).isEqualTo(256);
    assertThat(Integer.parseInt(task.text("memory")) - api.path("memory").intValue()).isEqualTo(64);
    assertThat(containers(on, "TaskDefinitions/api/Resource").get(1).has("cpu"))
        .as("the gate reserves nothing").isFalse();
  }

  @Test
  void armTaskRunsOnArm64() {
    assertThat(on.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource").get("runtime_platform")
        .path("cpu_architecture").textValue()).isEqualTo("ARM64");
  }

  @Test
  void platformVersionIsWrittenWhenSet() {
    assertThat(on.resource(EcsService.TF_RESOURCE_TYPE, "Services/api/Resource").text("platform_version"))
        .isEqualTo("1.4.0");
    assertThat(on.resource(EcsService.TF_RESOURCE_TYPE, "Services/web/Resource").text("platform_version"))
        .isEqualTo("LATEST");
  }

  @Test
  void tlsIsWrittenInTheProviderSchemaOfEachEndpoint() {
    JsonNode http = published(on, "api").get(0).path("tls");
    assertThat(http.path("issuer_cert_authority").path("aws_pca_authority_arn").textValue()).isEqualTo(CA);
    assertThat(http.path("role_arn").textValue()).isEqualTo("arn:aws:iam::123456789012:role/ecs-service-connect-tls");
    assertThat(http.path("kms_key").textValue())
        .isEqualTo("arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    assertThat(StackJson.names(http)).containsExactlyInAnyOrder("issuer_cert_authority", "role_arn", "kms_key");
    JsonNode tcp = published(on, "api").get(1).path("tls");
    assertThat(StackJson.names(tcp)).containsExactlyInAnyOrder("issuer_cert_authority", "role_arn");
    assertThat(published(on, "api").get(1).has("timeout")).as("a tcp endpoint takes no timeout").isFalse();
  }

  @Test
  void endpointWithoutTlsHasNoTlsBlock() {
    assertThat(published(on, "web").get(0).has("tls")).isFalse();
  }

  // Off: the default stack has none of them.

  @ParameterizedTest
  @ValueSource(strings = {"healthCheck", "cpu", "memory", "dependsOn"})
  void defaultContainerHasNo(String field) {
    JsonNode containers = containers(off, "TaskDefinition/Resource");
    assertThat(containers).hasSize(1);
    assertThat(containers.get(0).has(field)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"server-service", "client-service"})
  void defaultServiceLeavesPlatformVersionToAwsAndHasNoTls(String name) {
    Block service = off.resource(EcsService.TF_RESOURCE_TYPE, "Services/" + name + "/Resource");
    assertThat(service.body().has("platform_version")).isFalse();
    assertThat(published(off, name).get(0).has("tls")).isFalse();
  }
}
