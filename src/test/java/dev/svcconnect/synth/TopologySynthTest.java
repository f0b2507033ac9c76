package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.SynthTier;
import dev.svcconnect.topology.Topology;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the stack derives from a declared topology (src/test/resources/topology/shop.yaml): orders publishes two
 * endpoints and calls payments, payments calls orders-rpc (a call cycle), the client-only web calls three
 * endpoints, cache publishes a tcp endpoint, and the bastion reaches orders.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopologySynthTest {
  static final Path SHOP = Path.of("src/test/resources/topology/shop.yaml");
  private static final String INGRESS = VpcSecurityGroupIngressRule.TF_RESOURCE_TYPE;

  private StackJson stack;

  @BeforeAll
  void synth() {
    stack = SynthFixture.serviceStack(ConfigLoader.load(SHOP));
  }

  private Block service(StackJson in, String name) {
    return in.resource(EcsService.TF_RESOURCE_TYPE, "Services/" + name + "/Resource");
  }

  private String groupId(String owner) {
    String path = owner.equals("bastion") ? "Bastion/SecurityGroup" : "Services/" + owner + "/SecurityGroup";
    return stack.resource(SecurityGroup.TF_RESOURCE_TYPE, path).ref("id");
  }

  /** The services {@code service} depends on: its deploy order (its run-time prerequisites left out). */
  private static List<String> dependsOn(Block service) {
    JsonNode deps = service.get("depends_on");
    return deps.isMissingNode() ? List.of() : StackJson.texts(deps).stream()
        .filter(d -> d.startsWith(EcsService.TF_RESOURCE_TYPE + ".")).toList();
  }

  private static String digest(Block service) {
    return service.get("triggers").path("service_connect_endpoints").textValue();
  }

  @Test
  void everyIngressRuleIsOneDeclaredCallOnTheEndpointsContainerPort() {
    List<Block> rules = stack.resources(INGRESS);
    assertThat(rules).extracting(r -> stack.relative(r.path()), r -> r.text("security_group_id"),
            r -> r.text("referenced_security_group_id"), r -> r.get("from_port").intValue(),
            r -> r.get("to_port").intValue(), r -> r.text("ip_protocol"))
        .containsExactlyInAnyOrder(
            tuple("Services/payments/Ingress/orders/payments", groupId("payments"), groupId("orders"), 80, 80,
                "tcp"),
            tuple("Services/orders/Ingress/payments/orders-rpc", groupId("orders"), groupId("payments"), 9090,
                9090, "tcp"),
            tuple("Services/orders/Ingress/web/orders", groupId("orders"), groupId("web"), 8080, 8080, "tcp"),
            tuple("Services/payments/Ingress/web/payments", groupId("payments"), groupId("web"), 80, 80, "tcp"),
            tuple("Services/cache/Ingress/web/cache", groupId("cache"), groupId("web"), 6379, 6379, "tcp"),
            tuple("Services/orders/Ingress/bastion/orders", groupId("orders"), groupId("bastion"), 8080, 8080,
                "tcp"));
  }

  @Test
  void ingressRulesSayWhoCallsWhat() {
    Block rule = stack.resource(INGRESS, "Services/orders/Ingress/payments/orders-rpc");
    assertThat(rule.text("description")).isEqualTo("payments calls orders-rpc (port rpc)");
  }

  @Test
  void callersDeployAfterWhatTheyCallAndACallCycleIsBrokenByDeclarationOrder() {
    assertThat(dependsOn(service(stack, "orders"))).isEmpty(); // calls payments, but declared first in the cycle
    assertThat(dependsOn(service(stack, "payments"))).containsExactly(service(stack, "orders").address());
    assertThat(dependsOn(service(stack, "web"))).containsExactlyInAnyOrder(service(stack, "orders").address(),
        service(stack, "payments").address(), service(stack, "cache").address());
    assertThat(dependsOn(service(stack, "cache"))).isEmpty();
  }

  /**
   * Service Connect asks that a client's deployment start after its server's has completed: a service some caller
   * deploys after (orders, payments, cache) is waited for; web, which nothing waits for, is not.
   */
  @Test
  void exactlyTheServicesACallerWaitsForWaitForASteadyState() {
    for (String callee : List.of("orders", "payments", "cache")) {
      assertThat(service(stack, callee).get("wait_for_steady_state").asBoolean()).as(callee).isTrue();
    }
    assertThat(service(stack, "web").get("wait_for_steady_state").isMissingNode()).as("web").isTrue();
  }

  @Test
  void dependsOnFormsNoCycle() {
    Map<String, List<String>> edges = new HashMap<>();
    stack.resources(EcsService.TF_RESOURCE_TYPE).forEach(s -> edges.put(s.address(), dependsOn(s)));
    Set<String> done = new HashSet<>();
    while (done.size() < edges.size()) {
      List<String> ready = edges.keySet().stream()
          .filter(s -> !done.contains(s) && done.containsAll(edges.get(s))).toList();
      assertThat(ready).as("services whose dependencies are all placed, after %s", done).isNotEmpty();
      done.addAll(ready);
    }
  }

  @Test
  void serviceNamesOutputFollowsTheDeployOrder() {
    assertThat(StackJson.texts(stack.output("service_names"))).containsExactly(
        service(stack, "orders").ref("name"), service(stack, "payments").ref("name"),
        service(stack, "cache").ref("name"), service(stack, "web").ref("name"));
  }

  @Test
  void exactlyTheCallersGetARedeployTrigger() {
    for (String caller : List.of("orders", "payments", "web")) {
      Block s = service(stack, caller);
      assertThat(digest(s)).as(caller).matches("sha256:[0-9a-f]{64}");
      assertThat(s.get("force_new_deployment").booleanValue()).as(caller).isTrue();
    }
    assertThat(service(stack, "cache").get("triggers").isMissingNode()).isTrue();
    assertThat(service(stack, "cache").get("force_new_deployment").isMissingNode()).isTrue();
  }

  @Test
  void reAliasingAnEndpointChangesTheDigestOfExactlyItsCallers() {
    StackJson realiased = SynthFixture.serviceStack(SynthFixture.fileWith(SHOP,
        "{portName: rpc, discoveryName: orders-rpc,", "{portName: rpc, discoveryName: orders-rpc, clientAliasPort: 9443,"));
    assertThat(digest(service(realiased, "payments"))).isNotEqualTo(digest(service(stack, "payments")));
    assertThat(digest(service(realiased, "orders"))).isEqualTo(digest(service(stack, "orders")));
    assertThat(digest(service(realiased, "web"))).isEqualTo(digest(service(stack, "web")));
  }

  @Test
  void sameTopologyGivesTheSameDigests() {
    EnvironmentConfig reordered = SynthFixture.fileWith(SHOP,
        "calls: [orders, payments, cache]", "calls: [cache, payments, orders]");
    StackJson again = SynthFixture.serviceStack(reordered);
    for (String caller : List.of("orders", "payments", "web")) {
      assertThat(digest(service(again, caller))).as(caller).isEqualTo(digest(service(stack, caller)));
    }
  }

  @Test
  void aServiceWithEndpointsPublishesEachWithItsAliasAndTimeouts() {
    JsonNode published = service(stack, "orders").get("service_connect_configuration").path("service");
    assertThat(published).hasSize(2);
    assertThat(published.get(0).path("port_name").textValue()).isEqualTo("api");
    assertThat(published.get(0).path("discovery_name").textValue()).isEqualTo("orders");
    assertThat(published.get(0).path("client_alias").path("dns_name").textValue()).isEqualTo("orders.internal");
    assertThat(published.get(0).path("client_alias").path("port").intValue()).isEqualTo(80);
    assertThat(published.get(0).has("timeout")).isFalse();
    assertThat(published.get(1).path("client_alias").path("port").intValue())
        .as("the alias port defaults to the container port").isEqualTo(9090);
    JsonNode timeout = published.get(1).path("timeout");
    assertThat(timeout.path("idle_timeout_seconds").intValue())
        .as("a per-request timeout alone gets ECS's idle default for grpc, not the provider's 0").isEqualTo(300);
    assertThat(timeout.path("per_request_timeout_seconds").intValue()).isEqualTo(30);
  }

  @Test
  void zeroTimeoutsAreWrittenNotDropped() {
    JsonNode timeout = service(stack, "payments").get("service_connect_configuration").path("service").get(0)
        .path("timeout");
    for (String field : List.of("idle_timeout_seconds", "per_request_timeout_seconds")) {
      assertThat(timeout.path(field).isInt() && timeout.path(field).intValue() == 0)
          .as("%s 0 in %s", field, timeout).isTrue();
    }
  }

  @Test
  void aTcpEndpointWritesNoTimeout() {
    JsonNode cache = service(stack, "cache").get("service_connect_configuration").path("service").get(0);
    assertThat(cache.has("timeout")).as("%s", cache).isFalse();
  }

  @Test
  void aClientOnlyServiceJoinsTheNamespaceButPublishesNothing() {
    JsonNode sc = service(stack, "web").get("service_connect_configuration");
    assertThat(sc.path("enabled").booleanValue()).isTrue();
    assertThat(sc.path("namespace").textValue()).isNotEmpty();
    assertThat(sc.has("service")).isFalse();
  }

  @Test
  void servicesWithTheirOwnTaskDefinitionRunIt() {
    Block orders = stack.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinitions/orders/Resource");
    Block cache = stack.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinitions/cache/Resource");
    Block shared = stack.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource");
    assertThat(service(stack, "orders").text("task_definition")).isEqualTo(orders.ref("arn"));
    assertThat(service(stack, "cache").text("task_definition")).isEqualTo(cache.ref("arn"));
    assertThat(service(stack, "payments").text("task_definition")).isEqualTo(shared.ref("arn"));
    assertThat(orders.text("family")).isEqualTo("orders");
    JsonNode ports = orders.parsed("container_definitions").get(0).path("portMappings");
    assertThat(ports).hasSize(3);
    assertThat(ports.get(2).has("name")).as("an unnamed port stays unnamed").isFalse();
    assertThat(ports.get(2).has("appProtocol")).isFalse();
    assertThat(cache.parsed("container_definitions").get(0).path("portMappings").get(0).has("appProtocol"))
        .as("tcp is ECS's absence of an appProtocol").isFalse();
  }

  @Test
  void deploymentSettingsAreWrittenAndNoneLeavesTheCircuitBreakerOut() {
    Block orders = service(stack, "orders");
    assertThat(orders.get("deployment_circuit_breaker").path("enable").booleanValue()).isTrue();
    assertThat(orders.get("deployment_circuit_breaker").path("rollback").booleanValue()).isTrue();
    assertThat(orders.get("deployment_minimum_healthy_percent").intValue()).isEqualTo(100);
    assertThat(orders.get("deployment_maximum_percent").intValue()).isEqualTo(200);
    Block web = service(stack, "web");
    assertThat(web.get("deployment_circuit_breaker").isMissingNode()).isTrue();
    assertThat(web.get("deployment_minimum_healthy_percent").intValue()).isEqualTo(50);
  }

  @Test
  void aliasesOutputListsUrlsForHttpAndHostPortOtherwise() {
    JsonNode aliases = stack.output("service_connect_aliases");
    assertThat(StackJson.names(aliases)).containsExactlyInAnyOrder("orders", "payments", "cache");
    assertThat(StackJson.texts(aliases.get("orders")))
        .containsExactly("http://orders.internal", "orders-rpc.internal:9090");
    assertThat(StackJson.texts(aliases.get("cache"))).containsExactly("cache.internal:6379");
  }

  @Test
  void failsOnATopologyDerivedFromAnotherConfig() {
    EnvironmentConfig shop = ConfigLoader.load(SHOP);
    EnvironmentConfig local = SynthFixture.local();

    assertThatThrownBy(() -> new ServiceConnectStack(Testing.app(), local, Topology.of(shop),
        DeploymentTarget.resolve(local, Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the topology was derived from another config than " + Fixtures.LOCAL);
  }
}
