package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.lb.Lb;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListener;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRule;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * loadBalancers and ingress: the all-options fixture (an internet-facing ALB with HTTPS in front of the client, an
 * internal one with a path and host rule in front of the server), the three-line fixture, and two services sharing
 * one load balancer.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadBalancerSynthTest {
  private static final Path OPTIONS = Path.of("src/test/resources/topology/alb-options.yaml");
  private static final Path MINIMAL = Path.of("src/test/resources/topology/alb-minimal.yaml");
  private static final String INGRESS = VpcSecurityGroupIngressRule.TF_RESOURCE_TYPE;
  private static final String EGRESS = VpcSecurityGroupEgressRule.TF_RESOURCE_TYPE;

  private StackJson options;
  private StackJson minimal;

  @BeforeAll
  void synth() {
    options = SynthFixture.serviceStack(ConfigLoader.load(OPTIONS));
    minimal = SynthFixture.serviceStack(ConfigLoader.load(MINIMAL));
  }

  /** A nested block, written as an object or a one-element list. */
  private static JsonNode one(JsonNode block) {
    return block.isArray() ? block.get(0) : block;
  }

  private static List<String> subnets(StackJson stack, String group) {
    return List.of(0, 1).stream()
        .map(i -> stack.resource(Subnet.TF_RESOURCE_TYPE, "Network/" + group + "/Subnet" + i + "/Resource").ref("id"))
        .toList();
  }

  /** Every ingress rule of the group at {@code groupPath}, as (source, from, to): a CIDR or a group's path. */
  private static Set<String> ingressOf(StackJson stack, String groupPath) {
    String id = stack.resource(SecurityGroup.TF_RESOURCE_TYPE, groupPath).ref("id");
    return stack.resources(INGRESS, r -> r.text("security_group_id").equals(id)).stream()
        .map(r -> source(stack, r) + " " + r.get("from_port").asInt() + "-" + r.get("to_port").asInt())
        .collect(Collectors.toSet());
  }

  private static String source(StackJson stack, Block rule) {
    if (rule.get("cidr_ipv4").isTextual()) {
      return rule.text("cidr_ipv4");
    }
    return stack.allResources().stream().filter(b -> b.type().equals(SecurityGroup.TF_RESOURCE_TYPE)
        && b.ref("id").equals(rule.text("referenced_security_group_id"))).map(Block::path).findFirst()
        .orElse(rule.text("referenced_security_group_id"));
  }

  @Test
  void theThreeLinesMakeAnInternetFacingHttpLoadBalancerInThePublicSubnets() {
    Block lb = minimal.resource(Lb.TF_RESOURCE_TYPE, "LoadBalancers/web/Resource");
    assertThat(lb.text("name")).isEqualTo("local-web");
    assertThat(lb.get("internal").asBoolean()).isFalse();
    assertThat(lb.text("load_balancer_type")).isEqualTo("application");
    assertThat(StackJson.texts(lb.get("subnets"))).isEqualTo(subnets(minimal, "Public"));
    assertThat(lb.get("drop_invalid_header_fields").asBoolean()).isTrue();
    assertThat(lb.get("enable_deletion_protection").asBoolean()).isFalse();
    assertThat(lb.get("access_logs").isMissingNode()).isTrue();
    Block http = minimal.resource(LbListener.TF_RESOURCE_TYPE, "LoadBalancers/web/HttpListener");
    assertThat(http.get("port").asInt()).isEqualTo(80);
    assertThat(http.text("protocol")).isEqualTo("HTTP");
    Block target = minimal.resource(LbTargetGroup.TF_RESOURCE_TYPE, "LoadBalancers/web/Targets/client-service");
    JsonNode action = http.get("default_action").get(0);
    assertThat(action.path("type").asText()).isEqualTo("forward");
    assertThat(action.path("target_group_arn").asText()).isEqualTo(target.ref("arn"));
    assertThat(minimal.findResource(LbListener.TF_RESOURCE_TYPE, "LoadBalancers/web/HttpsListener")).isEmpty();
    assertThat(minimal.resources(LbListenerRule.TF_RESOURCE_TYPE)).isEmpty();
  }

  @Test
  void targetGroupsTakeTaskAddressesWithAwsHealthCheckDefaults() {
    Block target = minimal.resource(LbTargetGroup.TF_RESOURCE_TYPE, "LoadBalancers/web/Targets/client-service");
    assertThat(target.text("target_type")).isEqualTo("ip");
    assertThat(target.get("port").asInt()).isEqualTo(80);
    assertThat(target.text("protocol")).isEqualTo("HTTP");
    assertThat(target.text("deregistration_delay")).isEqualTo("300");
    JsonNode check = target.get("health_check");
    assertThat(Map.of("path", check.path("path").asText(), "matcher", check.path("matcher").asText(),
        "interval", check.path("interval").asText(), "timeout", check.path("timeout").asText(),
        "healthy", check.path("healthy_threshold").asText(), "unhealthy", check.path("unhealthy_threshold").asText()))
        .isEqualTo(Map.of("path", "/", "matcher", "200", "interval", "30", "timeout", "5", "healthy", "5",
            "unhealthy", "2"));
    Block custom = options.resource(LbTargetGroup.TF_RESOURCE_TYPE, "LoadBalancers/internal/Targets/server-service");
    assertThat(custom.get("health_check").path("path").asText()).isEqualTo("/health");
    assertThat(custom.get("health_check").path("matcher").asText()).isEqualTo("200-299");
    assertThat(custom.text("deregistration_delay")).isEqualTo("30");
  }

  @Test
  void theServiceRegistersItsTasksAfterTheListenerExistsWithAGracePeriod() {
    Block service = minimal.resource(EcsService.TF_RESOURCE_TYPE, "Services/client-service/Resource");
    JsonNode lb = service.get("load_balancer").get(0);
    assertThat(lb.path("target_group_arn").asText()).isEqualTo(minimal.resource(LbTargetGroup.TF_RESOURCE_TYPE,
        "LoadBalancers/web/Targets/client-service").ref("arn"));
    assertThat(lb.path("container_name").asText()).isEqualTo("nginx");
    assertThat(lb.path("container_port").asInt()).isEqualTo(80);
    assertThat(service.get("health_check_grace_period_seconds").asInt()).isEqualTo(60);
    assertThat(StackJson.texts(service.get("depends_on"))).contains(minimal.resource(LbListener.TF_RESOURCE_TYPE,
        "LoadBalancers/web/HttpListener").address());
    Block server = minimal.resource(EcsService.TF_RESOURCE_TYPE, "Services/server-service/Resource");
    assertThat(server.get("load_balancer").isMissingNode()).isTrue();
    assertThat(server.get("health_check_grace_period_seconds").isMissingNode()).isTrue();
  }

  @Test
  void theLoadBalancerAdmitsOnlyItsListenerPortsAndSendsOnlyToItsTargetPort() {
    assertThat(ingressOf(minimal, "LoadBalancers/web/SecurityGroup")).containsExactly("0.0.0.0/0 80-80");
    String groupId = minimal.resource(SecurityGroup.TF_RESOURCE_TYPE, "LoadBalancers/web/SecurityGroup").ref("id");
    List<Block> egress = minimal.resources(EGRESS, r -> r.text("security_group_id").equals(groupId));
    assertThat(egress).singleElement().satisfies(e -> {
      assertThat(e.get("from_port").asInt()).isEqualTo(80);
      assertThat(e.get("to_port").asInt()).isEqualTo(80);
      assertThat(e.text("referenced_security_group_id")).isEqualTo(minimal.resource(SecurityGroup.TF_RESOURCE_TYPE,
          "Services/client-service/SecurityGroup").ref("id"));
    });
  }

  @Test
  void theServiceAdmitsTheLoadBalancerOnlyOnItsTargetPortBesideItsCallers() {
    assertThat(ingressOf(minimal, "Services/client-service/SecurityGroup"))
        .containsExactly("service-connect/LoadBalancers/web/SecurityGroup 80-80");
    assertThat(ingressOf(minimal, "Services/server-service/SecurityGroup")).containsExactlyInAnyOrder(
        "service-connect/Services/client-service/SecurityGroup 80-80",
        "service-connect/Bastion/SecurityGroup 80-80");
  }

  @Test
  void httpsListenerWithTheCertificateAndTlsPolicyAndHttpRedirects() {
    Block https = options.resource(LbListener.TF_RESOURCE_TYPE, "LoadBalancers/web/HttpsListener");
    assertThat(https.get("port").asInt()).isEqualTo(443);
    assertThat(https.text("protocol")).isEqualTo("HTTPS");
    assertThat(https.text("ssl_policy")).isEqualTo("ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
    assertThat(https.text("certificate_arn"))
        .isEqualTo("arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000");
    JsonNode redirect = options.resource(LbListener.TF_RESOURCE_TYPE, "LoadBalancers/web/HttpListener")
        .get("default_action").get(0);
    assertThat(redirect.path("type").asText()).isEqualTo("redirect");
    assertThat(one(redirect.path("redirect")).path("protocol").asText()).isEqualTo("HTTPS");
    assertThat(one(redirect.path("redirect")).path("port").asText()).isEqualTo("443");
    assertThat(one(redirect.path("redirect")).path("status_code").asText()).isEqualTo("HTTP_301");
    assertThat(ingressOf(options, "LoadBalancers/web/SecurityGroup"))
        .containsExactlyInAnyOrder("0.0.0.0/0 80-80", "0.0.0.0/0 443-443");
    Block lb = options.resource(Lb.TF_RESOURCE_TYPE, "LoadBalancers/web/Resource");
    assertThat(lb.get("enable_deletion_protection").asBoolean()).isTrue();
    assertThat(lb.get("access_logs").path("bucket").asText()).isEqualTo("alb-access-logs-local");
    assertThat(lb.get("access_logs").path("prefix").asText()).isEqualTo("web");
    assertThat(lb.get("access_logs").path("enabled").asBoolean()).isTrue();
  }

  @Test
  void internalLoadBalancerInThePrivateSubnetsRoutesByPathAndHostAnd404sTheRest() {
    Block lb = options.resource(Lb.TF_RESOURCE_TYPE, "LoadBalancers/internal/Resource");
    assertThat(lb.get("internal").asBoolean()).isTrue();
    assertThat(StackJson.texts(lb.get("subnets"))).isEqualTo(subnets(options, "Private"));
    Block http = options.resource(LbListener.TF_RESOURCE_TYPE, "LoadBalancers/internal/HttpListener");
    assertThat(http.get("port").asInt()).isEqualTo(8080);
    JsonNode fallback = http.get("default_action").get(0);
    assertThat(fallback.path("type").asText()).isEqualTo("fixed-response");
    assertThat(one(fallback.path("fixed_response")).path("status_code").asText()).isEqualTo("404");
    Block rule = options.resource(LbListenerRule.TF_RESOURCE_TYPE, "LoadBalancers/internal/Rules/server-service");
    assertThat(rule.text("listener_arn")).isEqualTo(http.ref("arn"));
    assertThat(rule.get("priority").asInt()).isEqualTo(1);
    JsonNode conditions = rule.get("condition");
    assertThat(StackJson.texts(one(conditions.get(0).path("path_pattern")).path("values")))
        .containsExactly("/api/*", "/health");
    assertThat(StackJson.texts(one(conditions.get(1).path("host_header")).path("values")))
        .containsExactly("server.internal.example");
    assertThat(ingressOf(options, "LoadBalancers/internal/SecurityGroup"))
        .containsExactlyInAnyOrder("10.0.0.0/16 8080-8080", "192.168.0.0/24 8080-8080");
    Block service = options.resource(EcsService.TF_RESOURCE_TYPE, "Services/server-service/Resource");
    assertThat(StackJson.texts(service.get("depends_on"))).contains(rule.address());
    assertThat(service.get("health_check_grace_period_seconds").asInt()).isEqualTo(120);
  }

  @Test
  void servicesSharingALoadBalancerGetRulesInFileOrderAndTheDefaultTakesTheRest() {
    StackJson shared = SynthFixture.serviceStack(SynthFixture.fileWith(MINIMAL,
        "          discoveryName: nginx-server   # dnsName defaults to <discoveryName>.<namespace>: nginx-server.local\n"
            + "          clientAliasPort: 80\n",
        "          discoveryName: nginx-server\n          clientAliasPort: 80\n"
            + "    ingress: {loadBalancer: web, paths: [/api/*], hosts: [api.example.com]}\n",
        "  web: {}", "  web: {allowedSecurityGroupIds: [sg-0123456789abcdef0]}"));
    Block rule = shared.resource(LbListenerRule.TF_RESOURCE_TYPE, "LoadBalancers/web/Rules/server-service");
    assertThat(rule.get("priority").asInt()).isEqualTo(1);
    assertThat(rule.get("action").get(0).path("target_group_arn").asText()).isEqualTo(shared.resource(
        LbTargetGroup.TF_RESOURCE_TYPE, "LoadBalancers/web/Targets/server-service").ref("arn"));
    assertThat(shared.resource(LbListener.TF_RESOURCE_TYPE, "LoadBalancers/web/HttpListener").get("default_action")
        .get(0).path("target_group_arn").asText()).isEqualTo(shared.resource(LbTargetGroup.TF_RESOURCE_TYPE,
        "LoadBalancers/web/Targets/client-service").ref("arn"));
    assertThat(ingressOf(shared, "LoadBalancers/web/SecurityGroup"))
        .containsExactlyInAnyOrder("0.0.0.0/0 80-80", "sg-0123456789abcdef0 80-80");
  }

  @Test
  void outputsWhereEachLoadBalancerAnswers() {
    assertThat(options.output("load_balancer_urls").path("web").asText())
        .isEqualTo("https://" + options.resource(Lb.TF_RESOURCE_TYPE, "LoadBalancers/web/Resource").ref("dns_name")
            + "/");
    assertThat(options.output("load_balancer_urls").path("internal").asText())
        .isEqualTo("http://" + options.resource(Lb.TF_RESOURCE_TYPE, "LoadBalancers/internal/Resource")
            .ref("dns_name") + ":8080/");
  }
}
