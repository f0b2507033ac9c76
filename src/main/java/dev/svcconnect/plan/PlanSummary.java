package dev.svcconnect.plan;

import dev.svcconnect.plan.ResourceChange.Action;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders stack plans as one Markdown review for a pull-request comment: totals, risks, counts per resource type,
 * the replaced or destroyed resources, the order the changed workloads are applied in, and the full plan text,
 * collapsed and trimmed to fit one comment.
 */
public final class PlanSummary {
  /** GitHub refuses comments longer than this many characters. */
  public static final int GITHUB_COMMENT_LIMIT = 65_536;
  /** What a review may use of a comment: plan.yml adds a header and a footer around it. */
  public static final int COMMENT_BUDGET = 60_000;
  /** Lets a workflow find and update its own comment instead of adding another. */
  public static final String MARKER = "<!-- svcconnect-plan-summary -->";
  private static final List<Action> COUNTED = List.of(Action.CREATE, Action.UPDATE, Action.REPLACE, Action.DELETE);
  /**
   * What the apply-order section counts, singular and plural: what a workload needs at run time (its network and
   * the VPC endpoints it uses, its roles' policies, its egress rule; docs/first-apply.md) and the services it deploys
   * after.
   */
  private static final Map<String, String[]> ORDER_LABELS = orderLabels();

  private PlanSummary() {}

  /** terraform's -detailed-exitcode over all stacks: 1 if any failed, else 2 if any changes, else 0. */
  public static int exitCode(List<StackPlan> plans) {
    if (plans.stream().anyMatch(StackPlan::failed)) {
      return 1;
    }
    return plans.stream().anyMatch(p -> p.exitCode() == 2 || p.hasChanges()) ? 2 : 0;
  }

  public static String render(String title, List<StackPlan> plans) {
    return render(title, plans, COMMENT_BUDGET);
  }

  static String render(String title, List<StackPlan> plans, int limit) {
    StringBuilder md = new StringBuilder();
    md.append(MARKER).append('\n');
    md.append("## ").append(title).append(": ").append(headline(plans)).append("\n\n");

    md.append("| Stack | Create | Update | Replace | Destroy | Drift |\n|---|---:|---:|---:|---:|---:|\n");
    for (StackPlan p : plans) {
      md.append("| `").append(p.stack()).append("` ");
      if (p.failed()) {
        md.append("| **plan failed (exit ").append(p.exitCode()).append(")** | | | | | |\n");
        continue;
      }
      for (Action a : COUNTED) {
        md.append("| ").append(p.count(a)).append(' ');
      }
      md.append("| ").append(p.drift().size()).append(" |\n");
    }
    md.append('\n');

    List<RiskRules.Flag> flags = plans.stream().flatMap(p -> RiskRules.flags(p).stream()).toList();
    md.append("### Risks (").append(flags.size()).append(")\n\n");
    if (flags.isEmpty()) {
      md.append("None of the flagged kinds of change.\n\n");
    } else {
      for (RiskRules.Flag f : flags) {
        md.append("- :warning: `").append(f.stack()).append("` `").append(f.address()).append("`: ")
            .append(f.reason()).append('\n');
      }
      md.append('\n');
    }

    List<String[]> destructive = plans.stream().flatMap(p -> p.changes().stream()
        .filter(ResourceChange::isDestructive)
        .map(c -> new String[] {p.stack(), c.address(), c.action().word(),
            c.replacePaths().isEmpty() ? "" : String.join(", ", c.replacePaths())})).toList();
    md.append("### Replaced or destroyed (").append(destructive.size()).append(")\n\n");
    if (destructive.isEmpty()) {
      md.append("Nothing is replaced or destroyed.\n\n");
    } else {
      md.append("| Stack | Resource | Action | Forced by |\n|---|---|---|---|\n");
      for (String[] row : destructive) {
        md.append("| `").append(row[0]).append("` | `").append(row[1]).append("` | ").append(row[2]).append(" | ")
            .append(row[3].isEmpty() ? "" : "`" + row[3] + "`").append(" |\n");
      }
      md.append('\n');
    }

    md.append("### Changes by resource type\n\n");
    md.append("| Stack | Resource type | Create | Update | Replace | Destroy |\n|---|---|---:|---:|---:|---:|\n");
    boolean any = false;
    for (StackPlan p : plans) {
      Map<String, long[]> byType = new TreeMap<>();
      for (ResourceChange c : p.changes()) {
        int i = COUNTED.indexOf(c.action());
        if (i >= 0) {
          byType.computeIfAbsent(c.type(), t -> new long[COUNTED.size()])[i]++;
        }
      }
      for (Map.Entry<String, long[]> e : byType.entrySet()) {
        any = true;
        md.append("| `").append(p.stack()).append("` | `").append(e.getKey()).append("` ");
        for (long n : e.getValue()) {
          md.append("| ").append(n).append(' ');
        }
        md.append("|\n");
      }
    }
    if (!any) {
      md.append("| | no changes | | | | |\n");
    }
    md.append('\n');

    applyOrder(plans, md);

    return md + fullPlan(plans, limit - md.length());
  }

  private static Map<String, String[]> orderLabels() {
    Map<String, String[]> labels = new java.util.LinkedHashMap<>();
    labels.put("aws_route_table_association", new String[] {"route-table association", "route-table associations"});
    labels.put("aws_route", new String[] {"route", "routes"});
    labels.put("aws_nat_gateway", new String[] {"NAT gateway", "NAT gateways"});
    labels.put("aws_vpc_endpoint", new String[] {"VPC endpoint", "VPC endpoints"});
    labels.put("aws_iam_role_policy_attachment", new String[] {"role policy attachment", "role policy attachments"});
    labels.put("aws_iam_role_policy", new String[] {"inline role policy", "inline role policies"});
    labels.put("aws_vpc_security_group_egress_rule", new String[] {"egress rule", "egress rules"});
    labels.put("aws_ecs_service", new String[] {"ECS service", "ECS services"});
    return labels;
  }

  /**
   * Which workloads (ECS services, instances, flow logs) the plan creates or changes, and what Terraform applies
   * before each: on a fresh account, every service after its network, its roles' policies and the services it
   * calls.
   */
  private static void applyOrder(List<StackPlan> plans, StringBuilder md) {
    List<String[]> rows = new java.util.ArrayList<>();
    for (StackPlan p : plans) {
      for (StackPlan.ApplyOrder o : p.applyOrder()) {
        List<String> parts = new java.util.ArrayList<>();
        ORDER_LABELS.forEach((type, label) -> {
          long n = o.after().getOrDefault(type, 0L);
          if (n > 0) {
            parts.add(n + " " + label[n == 1 ? 0 : 1]);
          }
        });
        rows.add(new String[] {p.stack(), o.address(), parts.isEmpty() ? "nothing it needs at run time"
            : String.join(", ", parts)});
      }
    }
    md.append("### Apply order (").append(rows.size()).append(")\n\n");
    if (rows.isEmpty()) {
      md.append("No service, instance or flow log is created or changed.\n\n");
      return;
    }
    md.append("In an order Terraform can apply them in; each is created or changed only after these (its"
        + " dependencies, transitively):\n\n");
    md.append("| Stack | Workload | Applied after |\n|---|---|---|\n");
    for (String[] row : rows) {
      md.append("| `").append(row[0]).append("` | `").append(row[1]).append("` | ").append(row[2]).append(" |\n");
    }
    md.append('\n');
  }

  private static String headline(List<StackPlan> plans) {
    if (plans.stream().anyMatch(StackPlan::failed)) {
      return "plan failed";
    }
    long[] totals = new long[COUNTED.size()];
    for (StackPlan p : plans) {
      for (int i = 0; i < COUNTED.size(); i++) {
        totals[i] += p.count(COUNTED.get(i));
      }
    }
    if (totals[0] + totals[1] + totals[2] + totals[3] == 0) {
      return "no changes";
    }
    return totals[0] + " to create, " + totals[1] + " to update, " + totals[2] + " to replace, " + totals[3]
        + " to destroy";
  }

  /** The plans' text in a collapsed section, cut so that the whole comment stays within {@code room}. */
  private static String fullPlan(List<StackPlan> plans, int room) {
    StringBuilder text = new StringBuilder();
    for (StackPlan p : plans) {
      text.append("# stack ").append(p.stack()).append('\n').append(p.text().strip()).append("\n\n");
    }
    String open = "<details><summary>Full plan</summary>\n\n```text\n";
    String close = "```\n\n</details>\n";
    String full = text.toString().replace("```", "'''");
    int budget = room - open.length() - close.length();
    if (full.length() <= budget) {
      return open + full + close;
    }
    String note = "\n… trimmed: the full plan has " + full.length() + " characters, more than a GitHub comment"
        + " holds; run ./main plan or see the workflow log for all of it.\n";
    int keep = Math.max(0, budget - note.length());
    return open + full.substring(0, keep) + note + close;
  }
}
