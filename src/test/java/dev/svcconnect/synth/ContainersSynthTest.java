package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.svcconnect.config.ConfigLoader;
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
 * Several containers per task, on ({@code topology/options-containers.yaml} sets every container field somewhere)
 * and off (the default stack's one shorthand container writes none of them), and an endpoint's ingressPortOverride.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainersSynthTest {
  static final Path CONTAINERS = Path.of("src/test/resources/topology/options-containers.yaml");

  private StackJson on;
  private StackJson off;
  private JsonNode shop;

  @BeforeAll
  void synth() {
    on = SynthFixture.serviceStack(ConfigLoader.load(CONTAINERS));
    off = SynthFixture.serviceStack(SynthFixture.local());
    shop = on.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinitions/shop/Resource")
        .parsed("container_definitions");
  }

  private JsonNode container(String name) {
    for (JsonNode c : shop) {
      if (c.path("name").textValue().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no container " + name);
  }

  @Test
  void everyContainerIsWrittenInOrder() {
    assertThat(List.of(shop.get(0).path("name").textValue(), shop.get(1).path("name").textValue(),
        shop.get(2).path("name").textValue(), shop.get(3).path("name").textValue()))
        .containsExactly("app", "agent", "migrate", "ready");
  }

  @Test
  void appContainerCarriesEveryField() {
    JsonNode app = container("app");
    assertThat(app.path("image").textValue())
        .isEqualTo("example/shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(List.of(app.path("cpu").intValue(), app.path("memory").intValue(),
        app.path("memoryReservation").intValue(), app.path("stopTimeout").intValue())).containsExactly(512, 1024,
        512, 60);
    assertThat(StackJson.texts(app.path("command"))).containsExactly("serve", "--port", "8080");
    assertThat(StackJson.texts(app.path("entryPoint"))).containsExactly("/app/bin/shop");
    assertThat(app.path("workingDirectory").textValue()).isEqualTo("/app");
    assertThat(app.path("user").textValue()).isEqualTo("1000:1000");
    assertThat(app.path("readonlyRootFilesystem").booleanValue()).isTrue();
    assertThat(app.path("dependsOn")).hasSize(2);
    assertThat(StackJson.stringMap(app.path("dependsOn").get(0)))
        .isEqualTo(Map.of("containerName", "migrate", "condition", "SUCCESS"));
    assertThat(app.path("ulimits").get(0).path("name").textValue()).isEqualTo("nofile");
    assertThat(List.of(app.path("ulimits").get(0).path("softLimit").intValue(),
        app.path("ulimits").get(0).path("hardLimit").intValue())).containsExactly(65535, 65535);
    assertThat(app.path("logConfiguration").path("options").path("awslogs-stream-prefix").textValue())
        .isEqualTo("shop-app");
  }

  @Test
  void sidecarLogsUnderItsOwnNameAndPublishesItsPort() {
    JsonNode agent = container("agent");
    assertThat(agent.path("essential").booleanValue()).isTrue();
    assertThat(agent.path("logConfiguration").path("options").path("awslogs-stream-prefix").textValue())
        .isEqualTo("agent");
    assertThat(agent.path("portMappings").get(0).path("name").textValue()).isEqualTo("metrics");
    assertThat(agent.has("readonlyRootFilesystem")).as("false is ECS's default, not written").isFalse();
  }

  @Test
  void initContainerLogsUnderItsOwnPrefixAndPublishesNothing() {
    JsonNode migrate = container("migrate");
    assertThat(migrate.path("logConfiguration").path("options").path("awslogs-stream-prefix").textValue())
        .isEqualTo("shop-migrate");
    assertThat(migrate.path("essential").booleanValue()).isFalse();
    assertThat(migrate.has("portMappings")).isFalse();
  }

  @Test
  void ingressPortOverrideIsPublishedAndAdmittedInsteadOfTheContainerPort() {
    JsonNode services = on.resource(EcsService.TF_RESOURCE_TYPE, "Services/shop/Resource")
        .get("service_connect_configuration").path("service");
    assertThat(services.get(2).path("ingress_port_override").intValue()).isEqualTo(19100);
    assertThat(services.get(0).has("ingress_port_override")).isFalse();
    StackJson.Block metrics = on.resource(VpcSecurityGroupIngressRule.TF_RESOURCE_TYPE,
        "Services/shop/Ingress/web/shop-metrics");
    assertThat(List.of(metrics.get("from_port").intValue(), metrics.get("to_port").intValue()))
        .containsExactly(19100, 19100);
    StackJson.Block http = on.resource(VpcSecurityGroupIngressRule.TF_RESOURCE_TYPE, "Services/shop/Ingress/web/shop");
    assertThat(http.get("from_port").intValue()).isEqualTo(8080);
  }

  /**
   * YAML's {@code 60.0} is an integer to JSON Schema, so the schema accepts it; the provider decodes the container
   * definitions into the API's int32 and fails the apply on {@code 60.0} ("cannot unmarshal number 60.0 into Go
   * struct field ContainerDefinition.StopTimeout of type int32", provider 5.100.0).
   */
  @Test
  void aWholeNumberWrittenWithAFractionIsWrittenAsAnInteger() {
    StackJson written = SynthFixture.serviceStack(SynthFixture.fileWith(CONTAINERS, "stopTimeoutSec: 60\n",
        "stopTimeoutSec: 60.0\n"));
    JsonNode stopTimeout = written.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinitions/shop/Resource")
        .parsed("container_definitions").get(0).path("stopTimeout");
    assertThat(stopTimeout.isIntegralNumber()).as("stopTimeout %s is an integer", stopTimeout).isTrue();
    assertThat(stopTimeout.intValue()).isEqualTo(60);
  }

  // Off: the default stack's shorthand container has none of them.

  @ParameterizedTest
  @ValueSource(strings = {"memoryReservation", "command", "entryPoint", "workingDirectory", "user",
      "readonlyRootFilesystem", "dependsOn", "stopTimeout", "ulimits"})
  void shorthandContainerHasNo(String field) {
    JsonNode containers = off.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource")
        .parsed("container_definitions");
    assertThat(containers).hasSize(1);
    assertThat(containers.get(0).has(field)).isFalse();
  }

  @Test
  void defaultEndpointsHaveNoIngressPortOverride() {
    JsonNode published = off.resource(EcsService.TF_RESOURCE_TYPE, "Services/server-service/Resource")
        .get("service_connect_configuration").path("service");
    assertThat(published.get(0).has("ingress_port_override")).isFalse();
  }
}
