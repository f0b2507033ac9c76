package dev.svcconnect.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.NetworkNeeds;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.tfjson.DependencyGraph;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a reviewer of {@code ./main plan --summary} sees for the first apply of config/aws-example.yaml in a fresh AWS
 * account: every resource of the synthesized service stack is created, and the apply-order section lists each ECS
 * service after its network (route-table associations, routes, NAT gateways), its roles' policies and its egress
 * rule, and the client after the server it calls. The plan's changes are the synthesized resources, each created
 * (what a fresh account's plan holds); the graph is the synthesized one, which Terraform's plan configuration
 * carries too (PlanSummaryTest reads it from {@code terraform show -json}).
 */
@SynthTier
class FreshAccountReviewSynthTest {
  private static final StackDocument AWS = SynthFixture.serviceStack(SynthFixture.aws()).document();

  private static StackPlan freshAccountPlan() {
    return freshAccountPlan(AWS);
  }

  private static StackPlan freshAccountPlan(StackDocument stack) {
    List<ResourceChange> created = stack.resources().stream().map(r -> new ResourceChange(r.address(), r.type(),
        ResourceChange.Action.CREATE, MissingNode.getInstance(), JsonNodeFactory.instance.objectNode(), List.of()))
        .toList();
    return new StackPlan("service-connect", 2, created, List.of(),
        StackPlan.applyOrder(DependencyGraph.of(stack), created), List.of(), "");
  }

  private static String row(String markdown, String service) {
    return markdown.lines().filter(l -> l.startsWith("| `service-connect` | `aws_ecs_service.Services_" + service + "_"))
        .findFirst().orElseThrow(() -> new AssertionError("no apply-order row for " + service));
  }

  /**
   * aws-example.yaml: 2 zones, a NAT gateway in each. A service's private subnets bring their 2 associations and 2
   * default routes, the 2 NATs, and the NATs' public subnets' 2 associations and the route to the internet gateway;
   * its roles bring the execution role's managed-policy attachment and the task role's 2 inline policies (ECS Exec
   * channels, exec logging); its group brings its egress rule. The client adds the server, which brings the
   * server's egress rule.
   */
  @Test
  void everyServiceIsAppliedAfterItsNetworkItsRolesPoliciesAndItsEgressRule() {
    String markdown = PlanSummary.render("Plan", List.of(freshAccountPlan()));
    String needs = "4 route-table associations, 3 routes, 2 NAT gateways, 1 role policy attachment, 2 inline role"
        + " policies, ";

    assertThat(markdown).contains("### Apply order (4)");
    assertThat(row(markdown, "server-service")).endsWith(" | " + needs + "1 egress rule |");
    assertThat(row(markdown, "client-service")).endsWith(" | " + needs + "2 egress rules, 1 ECS service |");
  }

  /**
   * all-options.yaml reaches AWS through VPC endpoints: each service is listed after those it uses (NetworkNeeds),
   * and no more than are listed.
   */
  @Test
  void withVpcEndpointsEachServiceIsAppliedAfterThoseItUses() {
    EnvironmentConfig options = ConfigLoader.load(Path.of("src/test/resources/topology/all-options.yaml"));
    String markdown = PlanSummary.render("Plan",
        List.of(freshAccountPlan(SynthFixture.serviceStackAsAws(options).document())));
    for (EnvironmentConfig.Service s : options.services()) {
      long used = NetworkNeeds.of(s, options.target().region()).stream()
          .filter(options.network().vpcEndpoints()::contains).count();
      assertThat(used).as("endpoints %s uses", s.name()).isPositive();
      // transitively: a caller is also applied after what the services it calls use
      Matcher m = Pattern.compile(", ([0-9]+) VPC endpoints?, ").matcher(row(markdown, s.name()));
      assertThat(m.find()).as("%s's row counts VPC endpoints", s.name()).isTrue();
      assertThat(Long.parseLong(m.group(1))).as(s.name()).isBetween(used,
          (long) options.network().vpcEndpoints().size());
    }
  }

  @Test
  void theServerIsListedBeforeTheClientThatCallsIt() {
    List<String> order = freshAccountPlan().applyOrder().stream().map(StackPlan.ApplyOrder::address)
        .filter(a -> a.startsWith("aws_ecs_service.")).toList();

    assertThat(order).hasSize(2);
    assertThat(order.get(0)).startsWith("aws_ecs_service.Services_server-service");
    assertThat(order.get(1)).startsWith("aws_ecs_service.Services_client-service");
  }
}
