package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.flow_log.FlowLog;
import com.hashicorp.cdktf.providers.aws.instance.Instance;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.VpcEndpoint;
import dev.svcconnect.config.NetworkNeeds;
import dev.svcconnect.scale.ScaleTopology;
import dev.svcconnect.tfjson.DependencyGraph;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.tfjson.StackDocument.Resource;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every workload is applied after what it needs at run time, on the synthesized graph (references and
 * {@code depends_on}, transitively): an ECS service after the route-table associations and default routes of its
 * subnets, the NAT gateways they route through (with the NATs' own public routing), its task definition's roles'
 * policy attachments and inline policies, and its security group's egress rule; the bastion the same for its subnet,
 * instance role and group; a flow log after its role's policy. What each needs is read from the JSON here, by
 * following the workload's own references, not from the constructs that wrote the edges.
 */
@SynthTier
class RuntimePrerequisitesSynthTest {
  private static final String ASSOCIATION = "aws_route_table_association";
  private static final String ROUTE = "aws_route";
  private static final String NAT = "aws_nat_gateway";
  private static final String ATTACHMENT = "aws_iam_role_policy_attachment";
  private static final String INLINE_POLICY = "aws_iam_role_policy";
  private static final String EGRESS = "aws_vpc_security_group_egress_rule";
  private static final String INGRESS = "aws_vpc_security_group_ingress_rule";
  private static final String VPC_ENDPOINT = "aws_vpc_endpoint";

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("local.yaml", SynthFixture.local()),
        Arguments.of("aws-example.yaml (flow logs, KMS, a NAT per AZ)", SynthFixture.aws()),
        Arguments.of("topology/all-options.yaml",
            ConfigLoader.load(Path.of("src/test/resources/topology/all-options.yaml"))),
        Arguments.of("50 services", ConfigLoader.parse(Path.of("scale-50.yaml"),
            ScaleTopology.yaml(50, "scale", "scale-tfstate"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void everyWorkloadIsAppliedAfterWhatItNeedsAtRunTime(String name, EnvironmentConfig config) {
    StackDocument doc = SynthFixture.serviceStack(config).document();
    DependencyGraph graph = DependencyGraph.of(doc);
    Map<String, Set<String>> missing = new LinkedHashMap<>();
    List<Resource> workloads = new ArrayList<>(doc.resources(EcsService.TF_RESOURCE_TYPE));
    workloads.addAll(doc.resources(Instance.TF_RESOURCE_TYPE));
    workloads.addAll(doc.resources(FlowLog.TF_RESOURCE_TYPE));
    assertThat(workloads).as("workloads in %s", name).hasSizeGreaterThanOrEqualTo(config.services().size());
    for (Resource w : workloads) {
      Set<String> needed = needed(doc, w);
      assertThat(needed).as("%s needs something at run time", w.display()).isNotEmpty();
      Set<String> notBefore = new TreeSet<>(needed);
      notBefore.removeAll(graph.dependencies(w.address()));
      if (!notBefore.isEmpty()) {
        missing.put(w.address(), notBefore);
      }
    }
    assertThat(missing).as("what each workload needs but may be applied after (%s)", name).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void whatAServiceNeedsSpansNetworkRolesAndEgress(String name, EnvironmentConfig config) {
    StackDocument doc = SynthFixture.serviceStack(config).document();
    for (Resource service : doc.resources(EcsService.TF_RESOURCE_TYPE)) {
      Set<String> types = new TreeSet<>();
      needed(doc, service).forEach(a -> types.add(a.substring(0, a.indexOf('.'))));
      assertThat(types).as("kinds of prerequisite of %s", service.display())
          .containsExactlyInAnyOrder(ASSOCIATION, ROUTE, NAT, ATTACHMENT, INLINE_POLICY, EGRESS);
    }
  }

  /**
   * With network.vpcEndpoints (all-options.yaml), a service reaches AWS through the endpoints it uses
   * (config.NetworkNeeds, the one home of which): each of those that is listed, and the service's HTTPS rule into
   * their security group, is applied before it, as the NAT's routing is otherwise.
   */
  @Test
  void everyServiceIsAppliedAfterTheVpcEndpointsItUses() {
    EnvironmentConfig config = ConfigLoader.load(Path.of("src/test/resources/topology/all-options.yaml"));
    Set<VpcEndpoint> listed = config.network().vpcEndpoints();
    assertThat(listed).isNotEmpty();
    StackJson stack = SynthFixture.serviceStack(config);
    DependencyGraph graph = DependencyGraph.of(stack.document());
    for (Service s : config.services()) {
      Set<String> before = graph.dependencies(stack.resource(EcsService.TF_RESOURCE_TYPE,
          "Services/" + s.name() + "/Resource").address());
      Set<VpcEndpoint> needs = NetworkNeeds.of(s, config.target().region());
      List<VpcEndpoint> used = needs.stream().filter(listed::contains).toList();
      assertThat(used).as("listed endpoints %s uses", s.name()).isNotEmpty();
      for (VpcEndpoint e : used) {
        assertThat(before).as("%s is applied after the %s endpoint", s.name(), e.service())
            .contains(stack.resource(VPC_ENDPOINT, "VpcEndpoints/" + e.service()).address());
      }
      if (!NetworkNeeds.interfacesUsed(needs, listed).isEmpty()) {
        assertThat(before).as("%s is applied after its HTTPS rule into the endpoints", s.name())
            .contains(stack.resource(INGRESS, "VpcEndpoints/Ingress/" + s.name()).address());
      }
    }
  }

  /** What {@code workload} uses at run time, by its own references. */
  static Set<String> needed(StackDocument doc, Resource workload) {
    Set<String> needed = new TreeSet<>();
    switch (workload.type()) {
      case "aws_ecs_service" -> {
        JsonNode network = StackDocument.block(workload.body(), "network_configuration");
        network.path("subnets").forEach(s -> doc.referenced(s).ifPresent(subnet -> routing(doc, subnet, needed)));
        network.path("security_groups").forEach(g -> doc.referenced(g).ifPresent(group -> egress(doc, group, needed)));
        doc.referenced(workload.get("task_definition")).ifPresent(td -> {
          doc.referenced(td.get("execution_role_arn")).ifPresent(role -> policies(doc, role, needed));
          doc.referenced(td.get("task_role_arn")).ifPresent(role -> policies(doc, role, needed));
        });
      }
      case "aws_instance" -> {
        doc.referenced(workload.get("subnet_id")).ifPresent(subnet -> routing(doc, subnet, needed));
        workload.get("vpc_security_group_ids")
            .forEach(g -> doc.referenced(g).ifPresent(group -> egress(doc, group, needed)));
        doc.referenced(workload.get("iam_instance_profile"))
            .flatMap(profile -> doc.referenced(profile.get("role")))
            .ifPresent(role -> policies(doc, role, needed));
      }
      case "aws_flow_log" ->
          doc.referenced(workload.get("iam_role_arn")).ifPresent(role -> policies(doc, role, needed));
      default -> throw new IllegalArgumentException("not a workload: " + workload.display());
    }
    return needed;
  }

  /** The subnet's route-table associations and routes; for a route through a NAT, the NAT and its own routing. */
  private static void routing(StackDocument doc, Resource subnet, Set<String> needed) {
    for (Resource association : doc.referencing(ASSOCIATION, "subnet_id", subnet)) {
      needed.add(association.address());
      Optional<Resource> table = doc.referenced(association.get("route_table_id"));
      for (Resource route : table.map(t -> doc.referencing(ROUTE, "route_table_id", t)).orElse(List.of())) {
        needed.add(route.address());
        doc.referenced(route.get("nat_gateway_id")).ifPresent(nat -> {
          if (needed.add(nat.address())) {
            doc.referenced(nat.get("subnet_id")).ifPresent(natSubnet -> routing(doc, natSubnet, needed));
          }
        });
      }
    }
  }

  private static void policies(StackDocument doc, Resource role, Set<String> needed) {
    doc.referencing(ATTACHMENT, "role", role).forEach(a -> needed.add(a.address()));
    doc.referencing(INLINE_POLICY, "role", role).forEach(p -> needed.add(p.address()));
  }

  private static void egress(StackDocument doc, Resource group, Set<String> needed) {
    doc.referencing(EGRESS, "security_group_id", group).forEach(e -> needed.add(e.address()));
  }
}
