package dev.svcconnect.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One stack's plan: its changes, the drift Terraform found while refreshing, and the human-readable plan text.
 *
 * @param exitCode terraform plan's -detailed-exitcode (0 no changes, 2 changes, 1 error)
 */
public record StackPlan(String stack, int exitCode, List<ResourceChange> changes, List<StackPlan.Drift> drift,
    String text) {

  /** A resource whose {@code attributes} changed outside Terraform, in a way this plan uses or reverts. */
  public record Drift(String address, String type, List<String> attributes) {
    public Drift {
      attributes = List.copyOf(attributes);
    }
  }

  public StackPlan {
    changes = List.copyOf(changes);
    drift = List.copyOf(drift);
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
    return new StackPlan(stack, exitCode, changes, drift, text);
  }

  /** A plan that failed: nothing to summarize but the error. */
  public static StackPlan failed(String stack, int exitCode, String text) {
    return new StackPlan(stack, exitCode, List.of(), List.of(), text);
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
