package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.plan.PlanDifferences;
import dev.svcconnect.tiers.EmulatorTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Tier 5: the README's three lines (alb-minimal.yaml: the walkthrough's client behind an internet-facing load
 * balancer) deployed onto an emulator of its own, read back through the SDK and re-planned clean; then every
 * load-balancer option (alb-options.yaml: HTTPS with a certificate the emulator's ACM issued, an internal load
 * balancer with a path and host rule in front of the server) applied over it, read back and re-planned clean; then
 * the protected load balancer refuses deletion until its protection is off, and the stack is destroyed.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class LoadBalancerDeployIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path MINIMAL = Path.of("src/test/resources/topology/alb-minimal.yaml");
  private static final Path OPTIONS = Path.of("src/test/resources/topology/alb-options.yaml");
  private static final String PLACEHOLDER_CERTIFICATE =
      "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000";

  private TestEmulator emulator;
  private EnvironmentConfig config;
  private Workflow workflow;
  private AwsClients aws;
  private int deployExitCode;

  @BeforeAll
  void deploy(TestEmulator emulator) {
    this.emulator = emulator;
    config = ConfigLoader.load(MINIMAL);
    workflow = emulator.workflow(config);
    aws = emulator.aws(config.target().region());
    deployExitCode = Execution.exitCode(() -> workflow.deploy(false));
  }

  private List<PlanDifferences.Difference> differences(Workflow w, String name) throws IOException {
    return emulator.planDifferences(w, name);
  }


  private LoadBalancer loadBalancer(String name) {
    return aws.elb.describeLoadBalancers(b -> b.names(name)).loadBalancers().get(0);
  }

  private Map<String, String> attributes(LoadBalancer lb) {
    return aws.elb.describeLoadBalancerAttributes(b -> b.loadBalancerArn(lb.loadBalancerArn())).attributes().stream()
        .collect(Collectors.toMap(a -> a.key(), a -> a.value() == null ? "" : a.value()));
  }

  private List<Listener> listeners(LoadBalancer lb) {
    return aws.elb.describeListeners(b -> b.loadBalancerArn(lb.loadBalancerArn())).listeners().stream()
        .sorted(java.util.Comparator.comparing(Listener::port)).toList();
  }

  private Service service(String name) {
    return aws.ecs.describeServices(b -> b.cluster(config.cluster().name()).services(name)).services().get(0);
  }

  private String groupId(String name) {
    return aws.ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values(name).build()))
        .securityGroups().get(0).groupId();
  }

  /** Every rule of group {@code name} in one direction, as (source or destination, from, to). */
  private Set<String> rules(String name, boolean egress) {
    String id = groupId(name);
    return aws.ec2.describeSecurityGroupRules(b -> b.filters(Filter.builder().name("group-id").values(id).build()))
        .securityGroupRules().stream().filter(r -> r.isEgress() == egress)
        .map(r -> peer(r) + " " + r.fromPort() + "-" + r.toPort()).collect(Collectors.toSet());
  }

  private String peer(SecurityGroupRule r) {
    if (r.referencedGroupInfo() != null) {
      String id = r.referencedGroupInfo().groupId();
      return aws.ec2.describeSecurityGroups(b -> b.groupIds(id)).securityGroups().get(0).groupName();
    }
    return r.cidrIpv4();
  }

  private List<String> subnetNames(List<String> ids) {
    return aws.ec2.describeSubnets(b -> b.subnetIds(ids)).subnets().stream()
        .map(s -> s.tags().stream().filter(t -> t.key().equals("Name")).findFirst().orElseThrow().value())
        .sorted().toList();
  }

  @Test
  @Order(1)
  void threeLinesDeployAnInternetFacingLoadBalancerInThePublicSubnets() {
    assertThat(deployExitCode).isZero();
    LoadBalancer lb = loadBalancer("local-web");
    assertThat(lb.schemeAsString()).isEqualTo("internet-facing");
    assertThat(lb.typeAsString()).isEqualTo("application");
    assertThat(subnetNames(lb.availabilityZones().stream().map(z -> z.subnetId()).toList()))
        .containsExactly("ecs-service-connect-local-public-0", "ecs-service-connect-local-public-1");
    assertThat(attributes(lb)).containsEntry("routing.http.drop_invalid_header_fields.enabled", "true")
        .containsEntry("deletion_protection.enabled", "false");
    Listener http = listeners(lb).get(0);
    assertThat(listeners(lb)).hasSize(1);
    assertThat(http.port()).isEqualTo(80);
    assertThat(http.protocolAsString()).isEqualTo("HTTP");
    String targetGroup = http.defaultActions().get(0).targetGroupArn();
    TargetGroup tg = aws.elb.describeTargetGroups(b -> b.targetGroupArns(targetGroup)).targetGroups().get(0);
    assertThat(tg.targetTypeAsString()).isEqualTo("ip");
    assertThat(tg.port()).isEqualTo(80);
    assertThat(tg.healthCheckPath()).isEqualTo("/");
    assertThat(List.of(tg.healthCheckIntervalSeconds(), tg.healthCheckTimeoutSeconds(), tg.healthyThresholdCount(),
        tg.unhealthyThresholdCount())).containsExactly(30, 5, 5, 2);
    Service client = service("client-service");
    assertThat(client.loadBalancers()).singleElement().satisfies(l -> {
      assertThat(l.targetGroupArn()).isEqualTo(targetGroup);
      assertThat(l.containerName()).isEqualTo("nginx");
      assertThat(l.containerPort()).isEqualTo(80);
    });
    assertThat(client.healthCheckGracePeriodSeconds()).isEqualTo(60);
  }

  @Test
  @Order(2)
  void theClientAdmitsOnlyTheLoadBalancerWhichAdmitsOnlyItsListenerPort() {
    assertThat(rules("ecs-service-connect-local-client-service", false))
        .containsExactly("ecs-service-connect-local-alb-web 80-80");
    assertThat(rules("ecs-service-connect-local-alb-web", false)).containsExactly("0.0.0.0/0 80-80");
    assertThat(rules("ecs-service-connect-local-alb-web", true))
        .containsExactly("ecs-service-connect-local-client-service 80-80");
    assertThat(rules("ecs-service-connect-local-server-service", false)).containsExactlyInAnyOrder(
        "ecs-service-connect-local-client-service 80-80", "ecs-service-connect-local-bastion 80-80");
  }

  @Test
  @Order(3)
  void replanAfterTheThreeLinesIsClean() throws IOException {
    assertThat(differences(workflow, "minimal")).isEmpty();
  }

  @Test
  @Order(4)
  void everyOptionAppliesOverItWithHttpsAndAnInternalLoadBalancer() throws IOException {
    String certificate = aws.acm.requestCertificate(b -> b.domainName("web.example.com")).certificateArn();
    Path file = emulator.work.resolve("alb-options.yaml");
    String text = Files.readString(OPTIONS);
    assertThat(text).contains(PLACEHOLDER_CERTIFICATE);
    Files.writeString(file, text.replace(PLACEHOLDER_CERTIFICATE, certificate));
    config = ConfigLoader.load(file);
    workflow = emulator.workflow(config);
    assertThat(Execution.exitCode(() -> workflow.deploy(false))).isZero();

    LoadBalancer web = loadBalancer("local-web");
    List<Listener> webListeners = listeners(web);
    assertThat(webListeners).extracting(Listener::port).containsExactly(80, 443);
    assertThat(webListeners.get(0).defaultActions().get(0).redirectConfig()).satisfies(r -> {
      assertThat(r.protocol()).isEqualTo("HTTPS");
      assertThat(r.port()).isEqualTo("443");
      assertThat(r.statusCodeAsString()).isEqualTo("HTTP_301");
    });
    assertThat(webListeners.get(1).sslPolicy()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
    assertThat(webListeners.get(1).certificates()).extracting(c -> c.certificateArn()).containsExactly(certificate);
    assertThat(attributes(web)).containsEntry("deletion_protection.enabled", "true")
        .containsEntry("access_logs.s3.enabled", "true").containsEntry("access_logs.s3.bucket", "alb-access-logs-local")
        .containsEntry("access_logs.s3.prefix", "web");
    assertThat(rules("ecs-service-connect-local-alb-web", false))
        .containsExactlyInAnyOrder("0.0.0.0/0 80-80", "0.0.0.0/0 443-443");

    LoadBalancer internal = loadBalancer("local-internal");
    assertThat(internal.schemeAsString()).isEqualTo("internal");
    assertThat(subnetNames(internal.availabilityZones().stream().map(z -> z.subnetId()).toList()))
        .containsExactly("ecs-service-connect-local-private-0", "ecs-service-connect-local-private-1");
    Listener http = listeners(internal).get(0);
    assertThat(http.port()).isEqualTo(8080);
    assertThat(http.defaultActions().get(0).fixedResponseConfig().statusCode()).isEqualTo("404");
    List<Rule> rules = aws.elb.describeRules(b -> b.listenerArn(http.listenerArn())).rules().stream()
        .filter(r -> !r.isDefault()).toList();
    assertThat(rules).singleElement().satisfies(r -> {
      assertThat(r.priority()).isEqualTo("1");
      assertThat(r.conditions()).extracting(c -> c.field())
          .containsExactlyInAnyOrder("path-pattern", "host-header");
    });
    assertThat(rules("ecs-service-connect-local-alb-internal", false))
        .containsExactlyInAnyOrder("10.0.0.0/16 8080-8080", "192.168.0.0/24 8080-8080");
    assertThat(rules("ecs-service-connect-local-server-service", false)).containsExactlyInAnyOrder(
        "ecs-service-connect-local-client-service 80-80", "ecs-service-connect-local-bastion 80-80",
        "ecs-service-connect-local-alb-internal 80-80");
    assertThat(service("server-service").healthCheckGracePeriodSeconds()).isEqualTo(120);
  }

  @Test
  @Order(5)
  void replanWithEveryOptionIsClean() throws IOException {
    assertThat(differences(workflow, "options")).isEmpty();
  }

  @Test
  @Order(6)
  void deletionProtectionHoldsUntilTurnedOffThenDestroyRemovesTheLoadBalancersAndTheirGroups() {
    String web = loadBalancer("local-web").loadBalancerArn();
    assertThatThrownBy(() -> aws.elb.deleteLoadBalancer(b -> b.loadBalancerArn(web)))
        .isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("OperationNotPermitted"));
    // What docs/edge.md says to do before a destroy: turn the protection off.
    aws.elb.modifyLoadBalancerAttributes(b -> b.loadBalancerArn(web).attributes(a -> a
        .key("deletion_protection.enabled").value("false")));
    assertThat(workflow.destroy(false)).isZero();
    assertThat(aws.elb.describeLoadBalancers(b -> b.build()).loadBalancers()).isEmpty();
    assertThat(aws.elb.describeTargetGroups(b -> b.build()).targetGroups()).isEmpty();
    assertThat(aws.ec2.describeSecurityGroups(b -> b.build()).securityGroups())
        .allSatisfy(g -> assertThat(g.groupName()).isEqualTo("default"));
  }
}
