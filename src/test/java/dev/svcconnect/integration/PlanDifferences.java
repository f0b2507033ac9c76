package dev.svcconnect.integration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.target.EmulatorGap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads `terraform show -json` of a plan: which attributes of which resources it would change. */
final class PlanDifferences {
  /** One attribute a plan changes; {@code actions} is Terraform's list, e.g. [update] or [delete, create]. */
  record Difference(String address, String type, String attribute, List<String> actions) {}

  private PlanDifferences() {}

  /** The differences that no listed emulator plan difference ({@link EmulatorGap#planDifferences}) explains. */
  static List<Difference> unlisted(List<Difference> differences) {
    Set<String> gaps = EmulatorGap.planDifferences().stream()
        .map(g -> g.resourceType() + "." + g.attribute()).collect(Collectors.toSet());
    return differences.stream().filter(d -> !gaps.contains(d.type() + "." + d.attribute())).toList();
  }

  static List<Difference> of(JsonNode plan) {
    List<Difference> out = new ArrayList<>();
    for (JsonNode rc : plan.path("resource_changes")) {
      List<String> actions = new ArrayList<>();
      rc.path("change").path("actions").forEach(a -> actions.add(a.asText()));
      if (actions.equals(List.of("no-op")) || actions.equals(List.of("read"))) {
        continue;
      }
      if (actions.contains("delete") && actions.contains("create")) {
        // a replacement: its cause is replace_paths; every other difference follows from it
        for (JsonNode path : rc.path("change").path("replace_paths")) {
          out.add(new Difference(rc.path("address").asText(), rc.path("type").asText(), path.path(0).asText(),
              actions));
        }
        continue;
      }
      JsonNode before = rc.path("change").path("before");
      JsonNode after = rc.path("change").path("after");
      JsonNode unknown = rc.path("change").path("after_unknown");
      Set<String> keys = new LinkedHashSet<>();
      before.fieldNames().forEachRemaining(keys::add);
      after.fieldNames().forEachRemaining(keys::add);
      boolean any = false;
      for (String key : keys) {
        if (unknown.path(key).asBoolean(false) && !actions.contains("update")) {
          continue; // computed values of a resource being created or replaced
        }
        if (!before.path(key).equals(after.path(key)) && !unknown.path(key).asBoolean(false)) {
          out.add(new Difference(rc.path("address").asText(), rc.path("type").asText(), key, actions));
          any = true;
        }
      }
      if (!any) {
        // create/delete with no attribute difference (e.g. a resource missing from the emulator) still counts
        out.add(new Difference(rc.path("address").asText(), rc.path("type").asText(), "*", actions));
      }
    }
    return out;
  }
}
