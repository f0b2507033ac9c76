package dev.svcconnect.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.plan.ResourceChange.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a reviewer must look at twice in a plan, each flag with its reason. */
public final class RiskRules {
  /** A resource in a stack, and why its change is risky. */
  public record Flag(String stack, String address, String reason) {}

  /** Resources whose loss takes something users or the state depend on with it. */
  private static final Map<String, String> DESTRUCTION_RISKS = Map.of(
      "aws_ecs_service", "the service's tasks stop; callers lose the endpoint until it is back",
      "aws_service_discovery_http_namespace", "every Service Connect service in it loses its endpoints",
      "aws_cloudwatch_log_group", "its logs are deleted",
      "aws_s3_bucket", "the bucket and every object version in it (e.g. Terraform state) are deleted",
      "aws_vpc", "everything in the network is replaced with it",
      "aws_ecs_cluster", "every service in the cluster goes with it",
      // e.g. security.kmsKeys turned on or off: a repository's encryption is set when it is created
      // (https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html); force_delete is off
      // (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DeleteRepository.html)
      "aws_ecr_repository", "its images go with it; while it holds any, ECR refuses (RepositoryNotEmptyException) and"
          + " the apply stops there: copy the images out and delete them first, then push them again");
  private static final Set<String> IAM_TYPES = Set.of("aws_iam_role", "aws_iam_role_policy",
      "aws_iam_role_policy_attachment", "aws_iam_policy", "aws_iam_policy_attachment", "aws_iam_instance_profile");

  /**
   * The stacks' only {@code terraform_data}: each Service Connect service's published ports and their appProtocol
   * (ConnectedService), whose change replaces the service.
   */
  private static final String PUBLISHED_PROTOCOLS = "terraform_data";

  private RiskRules() {}

  public static List<Flag> flags(StackPlan plan) {
    List<Flag> flags = new ArrayList<>();
    for (ResourceChange c : plan.changes()) {
      if (!c.changes()) {
        continue;
      }
      destruction(c).ifPresent(reason -> flags.add(new Flag(plan.stack(), c.address(), reason)));
      openIngress(c).ifPresent(reason -> flags.add(new Flag(plan.stack(), c.address(), reason)));
      if (IAM_TYPES.contains(c.type())) {
        flags.add(new Flag(plan.stack(), c.address(), "IAM " + c.action().word() + ": " + iamWhat(c)));
      }
      if (c.type().equals(PUBLISHED_PROTOCOLS) && c.action() != Action.CREATE && c.action() != Action.DELETE
          && c.differs("input")) {
        flags.add(new Flag(plan.stack(), c.address(), "the appProtocol of a published port changes ("
            + c.before().path("input") + " -> " + c.after().path("input") + "): ECS cannot change it in place, so"
            + " the service is replaced; its tasks stop and callers lose its endpoints until the new one runs"));
      }
      if (c.type().equals("aws_ecs_service") && c.differs("service_connect_configuration")) {
        flags.add(new Flag(plan.stack(), c.address(), "Service Connect endpoints change: running callers keep the"
            + " old /etc/hosts entries until they are redeployed"));
      }
    }
    for (StackPlan.Revision r : plan.revisions()) {
      flags.add(new Flag(plan.stack(), r.address(), "service " + r.service() + " runs " + revision(r.running())
          + ", not " + revision(r.registered()) + ", which the last apply registered: that deployment did not"
          + " complete (rolled back by the circuit breaker, or still in progress); ./main deploy reports why"));
    }
    for (StackPlan.Drift d : plan.drift()) {
      flags.add(new Flag(plan.stack(), d.address(), "drift: " + String.join(", ", d.attributes())
          + " changed outside Terraform since the last apply"));
    }
    return flags;
  }

  private static java.util.Optional<String> destruction(ResourceChange c) {
    if (!c.isDestructive()) {
      return java.util.Optional.empty();
    }
    if (c.type().equals("aws_ecs_task_definition")) {
      // Every change of a task definition makes a new revision; only a family change or a removal matters.
      String before = c.before().path("family").asText();
      String after = c.after().path("family").asText();
      if (c.action() == Action.DELETE) {
        return java.util.Optional.of("destroy of task definition family " + before);
      }
      return before.equals(after) ? java.util.Optional.empty()
          : java.util.Optional.of("task definition family changes from " + before + " to " + after);
    }
    String why = DESTRUCTION_RISKS.get(c.type());
    if (why == null) {
      return java.util.Optional.empty();
    }
    String cause = c.replacePaths().isEmpty() ? "" : " (forced by " + String.join(", ", c.replacePaths()) + ")";
    return java.util.Optional.of(c.action().word() + cause + ": " + why);
  }

  /** A security-group rule that admits an address range, which referenced-group rules never do. */
  private static java.util.Optional<String> openIngress(ResourceChange c) {
    if (c.action() == Action.DELETE) {
      return java.util.Optional.empty();
    }
    List<String> ranges = new ArrayList<>();
    switch (c.type()) {
      case "aws_vpc_security_group_ingress_rule" -> {
        addText(ranges, c.after().path("cidr_ipv4"));
        addText(ranges, c.after().path("cidr_ipv6"));
        addText(ranges, c.after().path("prefix_list_id"));
      }
      case "aws_security_group_rule" -> {
        if ("ingress".equals(c.after().path("type").asText())) {
          c.after().path("cidr_blocks").forEach(n -> addText(ranges, n));
          c.after().path("ipv6_cidr_blocks").forEach(n -> addText(ranges, n));
        }
      }
      case "aws_security_group" -> c.after().path("ingress").forEach(rule -> {
        rule.path("cidr_blocks").forEach(n -> addText(ranges, n));
        rule.path("ipv6_cidr_blocks").forEach(n -> addText(ranges, n));
      });
      default -> {
        return java.util.Optional.empty();
      }
    }
    if (ranges.isEmpty() || (c.action() == Action.UPDATE && !ingressDiffers(c))) {
      return java.util.Optional.empty();
    }
    String ports = ports(c.after());
    boolean world = ranges.contains("0.0.0.0/0") || ranges.contains("::/0");
    return java.util.Optional.of("ingress admits " + String.join(", ", ranges) + ports
        + (world ? " — open to the internet" : ""));
  }

  private static boolean ingressDiffers(ResourceChange c) {
    for (String a : List.of("cidr_ipv4", "cidr_ipv6", "prefix_list_id", "cidr_blocks", "ipv6_cidr_blocks", "ingress",
        "from_port", "to_port", "ip_protocol", "protocol")) {
      if (c.differs(a)) {
        return true;
      }
    }
    return false;
  }

  private static String ports(JsonNode after) {
    String protocol = after.path("ip_protocol").asText(after.path("protocol").asText(""));
    if (after.path("from_port").isMissingNode() || after.path("from_port").isNull()) {
      return protocol.isEmpty() ? "" : " (" + protocol + ")";
    }
    int from = after.path("from_port").asInt();
    int to = after.path("to_port").asInt();
    return " on " + protocol + " " + (from == to ? Integer.toString(from) : from + "-" + to);
  }

  private static void addText(List<String> out, JsonNode n) {
    if (n.isTextual() && !n.asText().isEmpty()) {
      out.add(n.asText());
    }
  }

  /** {@code family:revision} of a task definition ARN. */
  private static String revision(String taskDefinitionArn) {
    return taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
  }

  private static String iamWhat(ResourceChange c) {
    return switch (c.type()) {
      case "aws_iam_role" -> c.action() == Action.UPDATE && c.differs("assume_role_policy")
          ? "trust policy changes" : "role " + c.action().word();
      case "aws_iam_role_policy", "aws_iam_policy" -> "permissions policy " + c.action().word();
      case "aws_iam_role_policy_attachment", "aws_iam_policy_attachment" ->
          "managed policy " + c.after().path("policy_arn").asText(c.before().path("policy_arn").asText())
              + " attachment " + c.action().word();
      default -> c.type() + " " + c.action().word();
    };
  }
}
