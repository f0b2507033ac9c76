package dev.svcconnect.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.docs.GeneratedBlock;
import dev.svcconnect.schema.SchemaTree;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The field reference of docs/configuration.md is generated from the schema: every field with its type, default,
 * allowed values and description. Regenerate it with {@code DOCS_UPDATE=1 ./mvnw -B test
 * -Dtest=ConfigurationDocsTest}.
 */
@UnitTier
class ConfigurationDocsTest {
  private static final Pattern URL = Pattern.compile("https://[^\\s;,)]+");

  @Test
  void configurationReferenceIsGeneratedFromTheSchema() throws IOException {
    new GeneratedBlock(Path.of("docs/configuration.md"), "schema").check(reference());
  }

  @Test
  void aPipeInADescriptionStaysInsideItsCell() {
    assertThat(cell("a || b")).isEqualTo("a \\|\\| b");
  }

  @Test
  void everyFieldOfTheSchemaHasARow() {
    String reference = reference();

    for (String field : List.of("environment", "state.key", "task.healthCheck.timeoutSec",
        "services[].serviceConnect.endpoints[].tls.kmsKeyArn", "services[].scaling.scaleOutCooldownSec",
        "policy.suppressions[].reason", "bastion.reaches")) {
      assertThat(reference).contains("| `" + field + "` |");
    }
    assertThat(reference).doesNotContain("`services[].allowFrom`").contains("| `allowFrom` (a service) |");
  }

  /** The generated Markdown: a table per top-level section, then the retired keys. */
  static String reference() {
    StringBuilder out = new StringBuilder();
    List<JsonNode> root = ConfigSchema.facets(ConfigSchema.tree());
    Map<String, List<JsonNode>> sections = ConfigSchema.properties(root);
    Map<JsonNode, String> rendered = new HashMap<>();
    List<String[]> topRows = new ArrayList<>();
    sections.forEach((name, facets) -> {
      if (!isSection(facets)) {
        topRows.add(row(name, facets, required(root, name)));
      }
    });
    heading(out, "Top level");
    table(out, topRows);
    sections.forEach((name, facets) -> {
      if (isSection(facets)) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row(name, facets, required(root, name)));
        shared(facets).ifPresent(s -> rendered.put(s, name));
        fields(name, facets, rows, rendered);
        heading(out, "`" + name + "`");
        table(out, rows);
      }
    });
    out.append("\nRetired keys are refused with what to write instead:\n\n")
        .append("| Key | Write instead |\n| --- | --- |\n");
    retired(ConfigSchema.tree(), "", out);
    return out.toString();
  }

  private static boolean isSection(List<JsonNode> facets) {
    return !ConfigSchema.properties(facets).isEmpty() || !ConfigSchema.properties(ConfigSchema.itemFacets(facets))
        .isEmpty() || namedMappings(facets);
  }

  /** A map whose values are mappings with fields of their own (loadBalancers.<name>). */
  private static boolean namedMappings(List<JsonNode> facets) {
    return !ConfigSchema.properties(ConfigSchema.additionalFacets(facets)).isEmpty();
  }

  private static void fields(String path, List<JsonNode> facets, List<String[]> rows, Map<JsonNode, String> seen) {
    boolean list = !ConfigSchema.itemFacets(facets).isEmpty();
    boolean named = namedMappings(facets);
    List<JsonNode> own = list ? ConfigSchema.itemFacets(facets) : named ? ConfigSchema.additionalFacets(facets)
        : facets;
    String prefix = list ? path + "[]" : named ? path + ".<name>" : path;
    ConfigSchema.properties(own).forEach((name, f) -> {
      if (ConfigSchema.keyword(f, ConfigSchema.RETIRED).isPresent()) {
        return;
      }
      String field = prefix + "." + name;
      Optional<JsonNode> shared = shared(f);
      rows.add(row(field, f, own.stream().anyMatch(o -> contains(o.path("required"), name))));
      if (shared.isPresent() && seen.containsKey(shared.get())) {
        rows.get(rows.size() - 1)[4] += " Its fields are those of `" + seen.get(shared.get()) + "`.";
        return;
      }
      shared.ifPresent(s -> seen.put(s, field));
      fields(field, f, rows, seen);
    });
    // A map whose values are mappings (a container's secrets): their fields, under a placeholder key.
    List<JsonNode> values = ConfigSchema.additionalFacets(own);
    if (!ConfigSchema.properties(values).isEmpty()) {
      fields(prefix + ".<name>", values, rows, seen);
    }
  }

  /** The shared definition ($defs) whose fields a property has, when it refers to one. */
  private static Optional<JsonNode> shared(List<JsonNode> facets) {
    return facets.stream().skip(1).filter(n -> n.has("properties")).findFirst();
  }

  private static boolean required(List<JsonNode> parent, String name) {
    return parent.stream().anyMatch(p -> contains(p.path("required"), name));
  }

  private static boolean contains(JsonNode array, String name) {
    for (JsonNode n : array) {
      if (n.asText().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Field, type, default, allowed values, description (with the sources of its limits). */
  private static String[] row(String field, List<JsonNode> facets, boolean required) {
    String defaultValue = required ? "required"
        : ConfigSchema.keyword(facets, "default").map(ConfigurationDocsTest::yaml).orElse("");
    String description = ConfigSchema.keyword(facets, "description").map(JsonNode::asText).orElse("");
    description += ConfigSchema.keyword(facets, SchemaTree.AWS_FIELD)
        .map(member -> " Written as is to " + (member.asText().startsWith("aws_") ? "Terraform's" : "AWS's") + " `"
            + member.asText() + "`.").orElse("");
    List<String> links = new ArrayList<>();
    for (JsonNode f : facets) {
      Matcher m = URL.matcher(f.path("$comment").asText());
      while (m.find()) {
        String url = m.group();
        String page = url.replaceAll("[#?].*$", "").replaceAll("/$", "");
        page = page.substring(page.lastIndexOf('/') + 1).replace(".html", "");
        String link = "[" + page + "](" + url + ")";
        if (!links.contains(link)) {
          links.add(link);
        }
      }
    }
    if (!links.isEmpty()) {
      description += " Source: " + String.join(", ", links) + ".";
    }
    return new String[] {"`" + field + "`", type(facets), defaultValue, allowed(facets), cell(description)};
  }

  private static String type(List<JsonNode> facets) {
    Optional<JsonNode> type = ConfigSchema.keyword(facets, "type");
    if (type.isEmpty()) {
      return ConfigSchema.keyword(facets, "enum").isPresent() ? "string" : "any";
    }
    List<String> names = new ArrayList<>();
    (type.get().isArray() ? type.get() : List.of(type.get())).forEach(t -> names.add(switch (t.asText()) {
      case "array" -> "list" + ConfigSchema.keyword(ConfigSchema.itemFacets(facets), "type")
          .map(i -> i.asText().equals("object") ? " of mappings" : " of " + i.asText() + "s").orElse("");
      case "object" -> ConfigSchema.additionalFacets(facets).isEmpty() ? "mapping"
          : namedMappings(facets) ? "map of name to mapping" : "map of string to string";
      default -> t.asText();
    }));
    return String.join(" or ", names);
  }

  /** Enum, range, lengths, patterns (as their rule), items and keys, in that order. */
  private static String allowed(List<JsonNode> facets) {
    List<String> parts = new ArrayList<>();
    ConfigSchema.keyword(facets, "enum").ifPresent(e -> {
      List<String> values = new ArrayList<>();
      e.forEach(v -> values.add("`" + v.asText() + "`"));
      parts.add(String.join(", ", values));
    });
    constraints(facets, parts, "");
    List<JsonNode> items = ConfigSchema.itemFacets(facets);
    if (!items.isEmpty() && ConfigSchema.properties(items).isEmpty()) {
      List<String> each = new ArrayList<>();
      ConfigSchema.keyword(items, "enum").ifPresent(e -> {
        List<String> values = new ArrayList<>();
        e.forEach(v -> values.add("`" + v.asText() + "`"));
        each.add("one of " + String.join(", ", values));
      });
      constraints(items, each, "");
      if (!each.isEmpty()) {
        parts.add("each: " + String.join("; ", each));
      }
    }
    for (JsonNode f : facets) {
      if (f.has("propertyNames")) {
        List<String> keys = new ArrayList<>();
        constraints(ConfigSchema.facets(f.get("propertyNames")), keys, "");
        parts.add("keys: " + String.join("; ", keys));
      }
    }
    List<JsonNode> values = ConfigSchema.additionalFacets(facets);
    if (!values.isEmpty() && ConfigSchema.properties(values).isEmpty()) {
      List<String> each = new ArrayList<>();
      constraints(values, each, "");
      if (!each.isEmpty()) {
        parts.add("values: " + String.join("; ", each));
      }
    }
    return cell(String.join("; ", parts));
  }

  private static void constraints(List<JsonNode> facets, List<String> parts, String unused) {
    Optional<JsonNode> min = ConfigSchema.keyword(facets, "minimum");
    Optional<JsonNode> max = ConfigSchema.keyword(facets, "maximum");
    if (min.isPresent() && max.isPresent()) {
      parts.add(min.get().asText() + "–" + max.get().asText());
    } else {
      min.ifPresent(m -> parts.add("≥ " + m.asText()));
      max.ifPresent(m -> parts.add("≤ " + m.asText()));
    }
    Optional<Integer> minLength = ConfigSchema.keyword(facets, "minLength").map(JsonNode::asInt);
    Optional<Integer> maxLength = ConfigSchema.keyword(facets, "maxLength").map(JsonNode::asInt);
    if (maxLength.isPresent() && minLength.filter(m -> m > 0).isPresent()) {
      parts.add(minLength.get() + "–" + maxLength.get() + " characters");
    } else if (maxLength.isPresent()) {
      parts.add("at most " + maxLength.get() + " characters");
    } else if (minLength.filter(m -> m > 0).isPresent()) {
      parts.add("not empty");
    }
    ConfigSchema.keyword(facets, "minItems").ifPresent(m -> parts.add("at least " + m.asInt()
        + (m.asInt() == 1 ? " entry" : " entries")));
    for (JsonNode f : facets) {
      if (f.has(ConfigSchema.PATTERN_MESSAGE)) {
        // messages read "'x' is not an AWS region name": as a rule, the noun phrase is what is allowed
        parts.add(f.get(ConfigSchema.PATTERN_MESSAGE).asText().replaceFirst("^is not ", ""));
      }
    }
  }

  private static void retired(JsonNode node, String owner, StringBuilder out) {
    for (Map.Entry<String, JsonNode> e : node.path("properties").properties()) {
      List<JsonNode> facets = ConfigSchema.facets(e.getValue());
      ConfigSchema.keyword(facets, ConfigSchema.RETIRED).ifPresent(r -> out.append("| `").append(e.getKey())
          .append("` (").append(owner).append(") | ").append(cell(r.asText())).append(" |\n"));
    }
    for (Map.Entry<String, JsonNode> e : node.path("$defs").properties()) {
      retired(e.getValue(), e.getKey().equals("service") ? "a service" : "a service's " + e.getKey(), out);
    }
  }

  private static void heading(StringBuilder out, String title) {
    out.append(out.isEmpty() ? "" : "\n").append("### ").append(title).append("\n\n");
  }

  private static void table(StringBuilder out, List<String[]> rows) {
    out.append("| Field | Type | Default | Allowed | Description |\n| --- | --- | --- | --- | --- |\n");
    for (String[] r : rows) {
      out.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
  }

  /** A default as YAML writes it, in code; a section's {@code {}} says nothing and is left out. */
  private static String yaml(JsonNode v) {
    if (v.isObject() && v.isEmpty()) {
      return "";
    }
    if (v.isArray() && v.size() > 1) {
      return "the walkthrough's (see below)";
    }
    return "`" + flow(v) + "`";
  }

  private static String flow(JsonNode v) {
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(i -> items.add(flow(i)));
      return "[" + String.join(", ", items) + "]";
    }
    if (v.isObject()) {
      List<String> fields = new ArrayList<>();
      v.properties().forEach(e -> fields.add(e.getKey() + ": " + flow(e.getValue())));
      return "{" + String.join(", ", fields) + "}";
    }
    return v.asText();
  }

  /** A table cell: pipes would end the cell. */
  static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
