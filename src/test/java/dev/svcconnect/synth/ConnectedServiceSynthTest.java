package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.service_discovery_http_namespace.ServiceDiscoveryHttpNamespace;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ConnectedService constructs: server-service and client-service with their Service Connect settings. */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectedServiceSynthTest {
  private StackJson stack;
  private Block namespace;

  @BeforeAll
  void synth() {
    stack = SynthFixture.serviceStack(SynthFixture.local());
    namespace = stack.resource(ServiceDiscoveryHttpNamespace.TF_RESOURCE_TYPE, "Platform/Namespace");
  }

  private Block service(String name) {
    return stack.resource(EcsService.TF_RESOURCE_TYPE, "Services/" + name + "/Resource");
  }

  private JsonNode serviceConnect(String name) {
    JsonNode sc = service(name).get("service_connect_configuration");
    assertThat(sc.isObject()).as("service_connect_configuration block of %s, got %s", name, sc).isTrue();
    return sc;
  }

  @ParameterizedTest
  @CsvSource({"server-service", "client-service"})
  void aChangeOfAPublishedPortsProtocolReplacesTheService(String name) {
    // ECS cannot change a published port's appProtocol in place (API_PortMapping): the service is replaced.
    Block protocols = stack.resource("terraform_data", "Services/" + name + "/PublishedProtocols");
    assertThat(protocols.get("input").path("nginx").textValue()).as("%s", protocols.body()).isEqualTo("http");
    assertThat(protocols.get("input").size()).isEqualTo(1);
    assertThat(StackJson.texts(service(name).get("lifecycle").path("replace_triggered_by")))
        .containsExactly(protocols.address());
  }

  @Test
  void stackHasExactlyTheServerAndClientServices() {
    assertThat(stack.resources(EcsService.TF_RESOURCE_TYPE))
        .extracting(s -> s.text("name"))
        .containsExactlyInAnyOrder("server-service", "client-service");
  }

  @ParameterizedTest
  @ValueSource(strings = {"server-service", "client-service"})
  void serviceRunsOnFargateWithExecuteCommandEnabled(String name) {
    assertThat(Testing.toHaveResourceWithProperties(stack.json(), EcsService.TF_RESOURCE_TYPE, Map.of(
        "name", name,
        "launch_type", "FARGATE",
        "enable_execute_command", true,
        "desired_count", 1))).as("%s on FARGATE with ECS Exec", name).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"server-service", "client-service"})
  void serviceRunsTheTaskDefinitionInTheCluster(String name) {
    Block cluster = stack.resource(EcsCluster.TF_RESOURCE_TYPE, "Platform/Cluster");
    Block taskDefinition = stack.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource");
    assertThat(service(name).text("cluster")).isEqualTo(cluster.ref("arn"));
    assertThat(service(name).text("task_definition")).isEqualTo(taskDefinition.ref("arn"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"server-service", "client-service"})
  void serviceRunsInThePrivateSubnetsWithoutPublicIp(String name) {
    JsonNode network = service(name).get("network_configuration");
    assertThat(StackJson.texts(network.path("subnets"))).containsExactly(
        stack.resource(Subnet.TF_RESOURCE_TYPE, "Network/Private/Subnet0/Resource").ref("id"),
        stack.resource(Subnet.TF_RESOURCE_TYPE, "Network/Private/Subnet1/Resource").ref("id"));
    assertThat(network.path("assign_public_ip").isBoolean()).isTrue();
    assertThat(network.path("assign_public_ip").booleanValue()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"server-service", "client-service"})
  void serviceHasOnlyItsOwnSecurityGroup(String name) {
    Block group = stack.resource(SecurityGroup.TF_RESOURCE_TYPE, "Services/" + name + "/SecurityGroup");
    assertThat(StackJson.texts(service(name).get("network_configuration").path("security_groups")))
        .containsExactly(group.ref("id"));
  }

  @Test
  void servicesDoNotShareASecurityGroup() {
    assertThat(service("server-service").get("network_configuration").path("security_groups"))
        .isNotEqualTo(service("client-service").get("network_configuration").path("security_groups"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"server-service", "client-service"})
  void serviceConnectIsEnabledInTheNamespaceByReference(String name) {
    JsonNode sc = serviceConnect(name);
    assertThat(sc.path("enabled").isBoolean() && sc.path("enabled").booleanValue()).isTrue();
    // A reference (not the namespace's name) makes Terraform create the namespace before the service.
    assertThat(sc.path("namespace").textValue()).isEqualTo(namespace.ref("arn"));
  }

  @ParameterizedTest
  @CsvSource({
      "server-service, nginx-server, nginx-server.local",
      "client-service, nginx-client, nginx-client.local"})
  void serviceConnectPublishesTheNginxPortUnderItsDiscoveryName(String name, String discoveryName,
      String dnsName) {
    JsonNode published = serviceConnect(name).path("service");
    assertThat(published.isArray()).isTrue();
    assertThat(published).hasSize(1);
    JsonNode endpoint = published.get(0);
    assertThat(endpoint.path("port_name").textValue()).isEqualTo("nginx");
    assertThat(endpoint.path("discovery_name").textValue()).isEqualTo(discoveryName);
    JsonNode alias = endpoint.path("client_alias");
    assertThat(alias.path("port").isInt()).as("client_alias.port is a number, got %s", alias).isTrue();
    assertThat(alias.path("port").intValue()).isEqualTo(80);
    assertThat(alias.path("dns_name").textValue()).isEqualTo(dnsName);
  }

  @ParameterizedTest
  @CsvSource({
      "server-service, svccon-traffic-server",
      "client-service, svccon-traffic-client"})
  void serviceConnectLogsTrafficToTheLogGroupThroughAwslogs(String name, String streamPrefix) {
    Block logGroup = stack.resource(CloudwatchLogGroup.TF_RESOURCE_TYPE, "Platform/LogGroup");
    JsonNode logging = serviceConnect(name).path("log_configuration");
    assertThat(logging.path("log_driver").textValue()).isEqualTo("awslogs");
    assertThat(StackJson.stringMap(logging.path("options"))).isEqualTo(Map.of(
        "awslogs-group", logGroup.ref("name"),
        "awslogs-region", "us-east-1",
        "awslogs-stream-prefix", streamPrefix));
  }

  @Test
  void clientServiceDependsOnTheServerService() {
    assertThat(StackJson.texts(service("client-service").get("depends_on")))
        .filteredOn(d -> d.startsWith(EcsService.TF_RESOURCE_TYPE + "."))
        .containsExactly(service("server-service").address());
  }

  @Test
  void serverServiceDependsOnNoOtherService() {
    JsonNode dependsOn = service("server-service").get("depends_on");
    List<String> deps = dependsOn.isMissingNode() ? List.of() : StackJson.texts(dependsOn);
    assertThat(deps).noneMatch(d -> d.startsWith(EcsService.TF_RESOURCE_TYPE + "."));
  }
}
