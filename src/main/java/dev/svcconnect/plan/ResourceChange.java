package dev.svcconnect.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code resource_changes} (or {@code resource_drift}) in {@code terraform show -json} output.
 *
 * @param replacePaths the attributes that force a replacement, as dotted paths
 */
public record ResourceChange(
    String address, String type, Action action, JsonNode before, JsonNode after, List<String> replacePaths) {

  /** What Terraform will do to the resource; Terraform's ["delete","create"] and ["create","delete"] are REPLACE. */
  public enum Action {
    CREATE("create"), UPDATE("update"), REPLACE("replace"), DELETE("destroy"), NO_OP("no-op"), READ("read");

    private final String word;

    Action(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    static Action of(JsonNode actions) {
      List<String> a = new ArrayList<>();
      actions.forEach(n -> a.add(n.asText()));
      if (a.contains("delete") && a.contains("create")) {
        return REPLACE;
      }
      if (a.equals(List.of("create"))) {
        return CREATE;
      }
      if (a.equals(List.of("update"))) {
        return UPDATE;
      }
      if (a.equals(List.of("delete"))) {
        return DELETE;
      }
      if (a.equals(List.of("read"))) {
        return READ;
      }
      return NO_OP;
    }
  }

  public ResourceChange {
    replacePaths = List.copyOf(replacePaths);
  }

  static ResourceChange of(JsonNode rc) {
    JsonNode change = rc.path("change");
    List<String> paths = new ArrayList<>();
    for (JsonNode path : change.path("replace_paths")) {
      List<String> parts = new ArrayList<>();
      path.forEach(p -> parts.add(p.asText()));
      paths.add(String.join(".", parts));
    }
    return new ResourceChange(rc.path("address").asText(), rc.path("type").asText(), Action.of(change.path("actions")),
        change.path("before"), change.path("after"), paths);
  }

  /** Whether the resource will no longer exist as it is: destroyed, or destroyed and created anew. */
  public boolean isDestructive() {
    return action == Action.DELETE || action == Action.REPLACE;
  }

  public boolean changes() {
    return action != Action.NO_OP && action != Action.READ;
  }

  /** The attribute before and after, as JSON ({@code MissingNode} when absent). */
  public boolean differs(String attribute) {
    return !before.path(attribute).equals(after.path(attribute));
  }
}
