package dev.svcconnect.target;

import java.util.Arrays;
import java.util.List;

/**
 * Every known way the local emulator (moto 5.2.1 plus this project's extension, {@code moto_server_ext.py}) differs
 * from AWS for these stacks, each with its reason. This is the one list: {@code ./main plan} on the local target says
 * which planned changes it explains, the emulator integration tests accept a re-plan difference only if it is listed
 * here as a {@link Kind#PLAN_DIFFERENCE}, and docs/emulator.md is generated from it. None of them changes what is
 * deployed to real AWS.
 */
public enum EmulatorGap {
  STATE_BUCKET_TLS_POLICY(new Entry(Kind.LOCAL_DIFFERENCE, "aws_s3_bucket_policy", "policy",
      "The emulator's endpoint is plain HTTP, and the emulator evaluates the TLS-only policy (Deny s3:* when"
          + " aws:SecureTransport is false) as S3 does: it would deny every request, Terraform's own included. The"
          + " local target therefore synthesizes the state bucket without it; AWS targets get it, and the policy"
          + " suite checks it on what an AWS target synthesizes. Closing this needs a TLS endpoint for the emulator.")),
  NO_CONTAINERS_RUN(new Entry(Kind.NOT_RUN, "aws_ecs_task_definition", "container_definitions",
      "The emulator runs no container. A service's tasks count as running once ECS would launch them (so"
          + " deployments complete and a steady-state wait ends), and Service Connect registers one Cloud Map"
          + " instance per desired task, without an address; images, health checks, the readiness gate, ECS Exec"
          + " and the traffic between services are not exercised. One exception: an image on a registry under .invalid"
          + " (a name that never resolves, RFC 6761) cannot be pulled there either, so its tasks fail to start and"
          + " the deployment circuit breaker fails or rolls back the deployment as on AWS.")),
  LOAD_BALANCERS_NOT_RUN(new Entry(Kind.NOT_RUN, "aws_lb", "dns_name",
      "The emulator stores load balancers, listeners, rules and target groups and reports them as Elastic Load"
          + " Balancing does, but runs none: the DNS name resolves nowhere, no task registers as a target (no"
          + " container runs, NO_CONTAINERS_RUN), and no health check, redirect or rule is exercised."));

  /** How the gap shows. */
  public enum Kind {
    /** A re-plan right after apply shows this attribute changing although nothing changed. */
    PLAN_DIFFERENCE,
    /** The emulator accepts the setting but cannot show it back, so tests check it in the synthesized JSON. */
    NOT_STORED,
    /** The local target synthesizes something differently, because the emulator cannot run it as written. */
    LOCAL_DIFFERENCE,
    /** The emulator stores and reports it as AWS does but does not run it. */
    NOT_RUN
  }

  /**
   * What one gap is.
   *
   * @param kind how it shows
   * @param resourceType the Terraform resource type it concerns ({@code aws_s3_bucket_policy})
   * @param attribute the attribute of that resource it concerns ({@code policy})
   * @param reason why the emulator differs, and what it means for a local run: a sentence or more for docs/emulator.md
   */
  public record Entry(Kind kind, String resourceType, String attribute, String reason) {}

  private final Entry entry;

  EmulatorGap(Entry entry) {
    this.entry = entry;
  }

  /** The gap's kind, resource, attribute and reason. */
  public Entry entry() {
    return entry;
  }

  /** The gap table of docs/emulator.md (its generated block "emulator-gaps"): one row per gap, newline-terminated. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder("| Gap | Kind | Resource / attribute | Reason |\n| --- | --- | --- | --- |\n");
    for (EmulatorGap g : values()) {
      Entry e = g.entry;
      b.append("| `").append(g.name()).append("` | ").append(e.kind()).append(" | `").append(e.resourceType())
          .append("` / `").append(e.attribute()).append("` | ").append(e.reason().replace("|", "\\|")).append(" |\n");
    }
    return b.toString();
  }

  /** The gaps that show up as re-plan differences. */
  public static List<EmulatorGap> planDifferences() {
    return Arrays.stream(values()).filter(g -> g.entry.kind() == Kind.PLAN_DIFFERENCE).toList();
  }
}
