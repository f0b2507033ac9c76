package dev.svcconnect.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.target.EmulatorGap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads {@code terraform show -json} of a plan: which attributes of which resources it would change, and which of
 * those a listed emulator gap ({@link EmulatorGap#planDifferences}) explains. {@code ./main plan} on the local target
 * and the emulator integration tests read plans through here.
 */
public final class PlanDifferences {
  /** One attribute a plan changes; {@code actions} is Terraform's list, e.g. [update] or [delete, create]. */
  public record Difference(String address, String type, String attribute, List<String> actions) {}

  private PlanDifferences() {}

  /** The gap among {@code gaps} that explains {@code d} (same resource type and attribute), if any. */
  static Optional<EmulatorGap> gap(Difference d, List<EmulatorGap> gaps) {
    return gaps.stream()
        .filter(g -> g.entry().resourceType().equals(d.type()) && g.entry().attribute().equals(d.attribute()))
        .findFirst();
  }

  /**
   * What {@code ./main plan} prints after a Terraform plan with changes on the local target: how many of the planned
   * changes a listed emulator gap among {@code gaps} explains, each named. {@code plan} (the plan as
   * {@code terraform show -json} prints it) is asked for only when one of {@code gaps} could explain a change: that
   * is a second Terraform and AWS provider start after the plan (issue 17; BENCHMARKS.md, bench/plan's one-service
   * row), spent for nothing while no gap is listed. Called only after a plan with changes; empty when the plan read
   * changes nothing after all.
   */
  public static List<String> gapReport(List<EmulatorGap> gaps, Supplier<JsonNode> plan) {
    if (gaps.isEmpty()) {
      return List.of("Emulator gaps (docs/emulator.md): none is listed that shows in a plan; each planned change is a"
          + " real difference between the configuration and what is deployed.");
    }
    return gapReport(of(plan.get()), gaps);
  }

  /** The report of {@link #gapReport(List, Supplier)} for the plan's {@code differences}. */
  static List<String> gapReport(List<Difference> differences, List<EmulatorGap> gaps) {
    if (differences.isEmpty()) {
      return List.of();
    }
    List<Difference> explained = differences.stream().filter(d -> gap(d, gaps).isPresent()).toList();
    List<String> lines = new ArrayList<>();
    if (explained.isEmpty()) {
      lines.add("Emulator gaps (docs/emulator.md): none of the " + differences.size() + " planned changes is a"
          + " listed emulator gap; each is a real difference between the configuration and what is deployed.");
      return lines;
    }
    lines.add("Emulator gaps (docs/emulator.md): " + explained.size() + " of the " + differences.size()
        + " planned changes are listed emulator gaps, not real changes:");
    explained.forEach(d -> lines.add("  " + d.address() + ": " + d.attribute() + " ("
        + gap(d, gaps).orElseThrow().name() + ")"));
    return lines;
  }

  /** Every attribute the plan changes; a replacement counts once per attribute that forces it. */
  public static List<Difference> of(JsonNode plan) {
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
