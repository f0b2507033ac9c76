package dev.svcconnect.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.tfjson.DependencyGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * One stack's plan: its changes, the drift Terraform found while refreshing, what each changed workload is applied
 * after, the services not on the revision their last apply registered, and the human-readable plan text.
 *
 * @param exitCode terraform plan's -detailed-exitcode (0 no changes, 2 changes, 1 error)
 */
public record StackPlan(String stack, int exitCode, List<ResourceChange> changes, List<StackPlan.Drift> drift,
    List<StackPlan.ApplyOrder> applyOrder, List<StackPlan.Revision> revisions, String text) {
  /**
   * The service stack's output that names the revision each service should run, as the review reads it from the
   * prior state; ServiceConnectStack writes it under this name.
   */
  public static final String TASK_DEFINITIONS_OUTPUT = "service_task_definitions";
  /** What runs: ECS services' tasks, instances, flow logs. */
  static final List<String> WORKLOAD_TYPES = List.of("aws_ecs_service", "aws_instance", "aws_flow_log");

  /**
   * A workload this plan creates or changes, and how many blocks of each type Terraform applies before it (its
   * dependencies, transitively: references and depends_on).
   *
   * @param after resource type to count, sorted by type
   */
  public record ApplyOrder(String address, java.util.SortedMap<String, Long> after) {}

  /**
   * A service that, by the refreshed state, runs another task definition than the one the last apply registered for
   * it: that deployment did not complete (the circuit breaker rolled it back, or it is still in progress).
   *
   * @param running and {@code registered}: task definition ARNs
   */
  public record Revision(String address, String service, String running, String registered) {}

  /** A resource whose {@code attributes} changed outside Terraform, in a way this plan uses or reverts. */
  public record Drift(String address, String type, List<String> attributes) {
    public Drift {
      attributes = List.copyOf(attributes);
    }
  }

  public StackPlan {
    changes = List.copyOf(changes);
    drift = List.copyOf(drift);
    applyOrder = List.copyOf(applyOrder);
    revisions = List.copyOf(revisions);
  }

  /** Parses {@code terraform show -json <planfile>}. */
  public static StackPlan parse(String stack, int exitCode, JsonNode showJson, String text) {
    List<ResourceChange> changes = new ArrayList<>();
    showJson.path("resource_changes").forEach(rc -> changes.add(ResourceChange.of(rc)));
    // resource_drift holds every difference the refresh found, most of them harmless normalisation (tags null
    // vs {}, attributes other resources filled in). A drifted attribute matters when this plan uses it
    // (relevant_attributes) or sets it back to what Terraform last applied.
    java.util.Map<String, java.util.Set<String>> relevant = new java.util.HashMap<>();
    showJson.path("relevant_attributes").forEach(r -> relevant
        .computeIfAbsent(r.path("resource").asText(), k -> new java.util.HashSet<>())
        .add(r.path("attribute").path(0).asText()));
    java.util.Map<String, ResourceChange> byAddress = new java.util.HashMap<>();
    changes.forEach(c -> byAddress.put(c.address(), c));
    List<Drift> drift = new ArrayList<>();
    showJson.path("resource_drift").forEach(rc -> {
      ResourceChange d = ResourceChange.of(rc);
      ResourceChange planned = byAddress.get(d.address());
      List<String> attributes = new ArrayList<>();
      java.util.Set<String> keys = new java.util.TreeSet<>();
      d.before().fieldNames().forEachRemaining(keys::add);
      d.after().fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        if (!d.differs(k)) {
          continue;
        }
        boolean used = relevant.getOrDefault(d.address(), java.util.Set.of()).contains(k);
        // only an in-place update can set a value back; null-to-empty normalisation is not drift
        boolean reverted = planned != null && planned.action() == ResourceChange.Action.UPDATE
            && !d.before().path(k).isNull() && !d.before().path(k).isMissingNode()
            && planned.after().path(k).equals(d.before().path(k));
        if (used || reverted) {
          attributes.add(k);
        }
      }
      if (!attributes.isEmpty()) {
        drift.add(new Drift(d.address(), d.type(), attributes));
      }
    });
    return new StackPlan(stack, exitCode, changes, drift, applyOrder(DependencyGraph.ofPlan(showJson), changes),
        revisions(showJson), text);
  }

  /** A plan that failed: nothing to summarize but the error. */
  public static StackPlan failed(String stack, int exitCode, String text) {
    return new StackPlan(stack, exitCode, List.of(), List.of(), List.of(), List.of(), text);
  }

  /**
   * Each workload (ECS service, instance, flow log) that {@code changes} create, update or replace, with what
   * {@code graph} applies before it, in an order Terraform can apply them in: a workload that depends on another has
   * every dependency of that one and that one too, so ordering by the number of dependencies puts it later.
   *
   * @param graph the configuration's dependencies (references and depends_on); data sources are not counted
   */
  public static List<ApplyOrder> applyOrder(DependencyGraph graph, List<ResourceChange> changes) {
    List<ApplyOrder> order = new ArrayList<>();
    for (ResourceChange c : changes) {
      if (!WORKLOAD_TYPES.contains(c.type()) || !c.changes() || c.action() == ResourceChange.Action.DELETE) {
        continue;
      }
      java.util.SortedMap<String, Long> after = new java.util.TreeMap<>();
      for (String dependency : graph.dependencies(c.address())) {
        if (!dependency.startsWith("data.")) {
          after.merge(dependency.substring(0, dependency.indexOf('.')), 1L, Long::sum);
        }
      }
      order.add(new ApplyOrder(c.address(), after));
    }
    order.sort(java.util.Comparator.comparingLong(
        o -> o.after().values().stream().mapToLong(Long::longValue).sum()));
    return order;
  }

  /**
   * Services whose refreshed {@code task_definition} (what ECS runs) is not the one the last apply registered
   * (the {@value #TASK_DEFINITIONS_OUTPUT} output of the prior state). Empty without a prior state.
   */
  private static List<Revision> revisions(JsonNode showJson) {
    JsonNode values = showJson.path("prior_state").path("values");
    JsonNode registered = values.path("outputs").path(TASK_DEFINITIONS_OUTPUT).path("value");
    List<Revision> revisions = new ArrayList<>();
    if (!registered.isObject()) {
      return revisions;
    }
    for (JsonNode r : values.path("root_module").path("resources")) {
      if (!"aws_ecs_service".equals(r.path("type").asText()) || !"managed".equals(r.path("mode").asText("managed"))) {
        continue;
      }
      String name = r.path("values").path("name").asText();
      String running = r.path("values").path("task_definition").asText();
      JsonNode expected = registered.path(name);
      if (expected.isTextual() && !running.isEmpty() && !running.equals(expected.asText())) {
        revisions.add(new Revision(r.path("address").asText(), name, running, expected.asText()));
      }
    }
    return revisions;
  }

  public boolean failed() {
    return exitCode != 0 && exitCode != 2;
  }

  public long count(ResourceChange.Action action) {
    return changes.stream().filter(c -> c.action() == action).count();
  }

  public boolean hasChanges() {
    return changes.stream().anyMatch(ResourceChange::changes);
  }
}
