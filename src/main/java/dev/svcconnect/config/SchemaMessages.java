package dev.svcconnect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import dev.svcconnect.config.ConfigSchema.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The rule text of each JSON Schema keyword, written to read like the rest of this project's messages: the bad value
 * (quoted and capped, see {@link Display}) and what is expected. The validator's own English is never shown; a
 * keyword without a text here is a bug that {@code ConfigSchemaTest} catches ({@link #KEYWORDS}).
 */
final class SchemaMessages {
  /** The assertion keywords the schema may use: each has its text below. */
  static final Set<String> KEYWORDS = Set.of("type", "required", "additionalProperties", "propertyNames", "enum",
      "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "not");

  private SchemaMessages() {}

  /** The violations one validator error stands for (usually one; a {@code propertyNames} error may be several). */
  static List<Violation> of(Error error) {
    List<Object> at = ConfigSchema.elements(error.getInstanceLocation());
    String keyword = error.getKeyword();
    String pointer = pointer(error.getSchemaLocation().getFragment());
    JsonNode schema = ConfigSchema.tree().at(parent(pointer));
    JsonNode value = error.getInstanceNode();
    return switch (keyword) {
      case "required" -> List.of(required(ConfigSchema.append(at, error.getProperty())));
      case "additionalProperties" -> List.of(unknown(at, error.getProperty(), schema));
      case "propertyNames" -> propertyName(at, error.getProperty(), pointer);
      case "not" -> List.of(new Violation(at, ConfigSchema.keyword(List.of(schema), ConfigSchema.RETIRED)
          .map(r -> "is no longer supported; " + r.asText()).orElse("is not allowed here")));
      default -> List.of(new Violation(at, rule(keyword, value, schema, at)));
    };
  }

  /** The rule a value breaks under one keyword of {@code schema} (the subschema holding the keyword). */
  private static String rule(String keyword, JsonNode value, JsonNode schema, List<Object> at) {
    if (value == null || value.isNull()) {
      return empty(at);
    }
    return switch (keyword) {
      case "type" -> "expected " + expected(schema) + ", got " + Display.describe(value);
      case "enum" -> Display.value(value) + Optional.ofNullable(schema.get("title")).map(t -> " is not "
          + article(t.asText()) + " " + t.asText()).orElse(" is not allowed") + "; expected "
          + alternatives(schema.get("enum"));
      case "pattern" -> Display.quote(value.asText()) + " " + Optional.ofNullable(schema.get(ConfigSchema.PATTERN_MESSAGE))
          .map(JsonNode::asText).orElse("does not match " + schema.get("pattern").asText());
      case "minLength", "maxLength" -> length(value.asText(), schema);
      case "minimum", "maximum" -> range(value, schema);
      case "minItems" -> schema.get("minItems").asInt() == 1 ? "needs at least one entry"
          : "needs at least " + schema.get("minItems").asInt() + " entries";
      case "maxItems" -> "has " + value.size() + " entries; at most " + schema.get("maxItems").asInt() + " are allowed";
      default -> throw new IllegalStateException("no message for JSON Schema keyword '" + keyword + "' at "
          + ConfigSchema.path(at) + " (SchemaMessages.KEYWORDS)");
    };
  }

  /**
   * A present field without a value (YAML null: {@code image:} or {@code image: ~}): never "take the default",
   * which would silently turn a half-written line into something else.
   */
  private static String empty(List<Object> at) {
    if (at.isEmpty() || at.get(at.size() - 1) instanceof Integer) {
      return "is empty (YAML null); write a value or remove the entry";
    }
    String name = (String) at.get(at.size() - 1);
    boolean isRequired = ConfigSchema.facetsAt(at.subList(0, at.size() - 1)).stream()
        .anyMatch(f -> StreamSupport.stream(f.path("required").spliterator(), false)
            .anyMatch(r -> r.asText().equals(name)));
    if (isRequired) {
      return "is empty (YAML null); it is required";
    }
    return ConfigSchema.keyword(ConfigSchema.facetsAt(at), "default").filter(JsonNode::isValueNode)
        .map(d -> "is empty (YAML null); write a value, or leave the field out for the default " + Display.value(d))
        .orElse("is empty (YAML null); write a value, or leave the field out");
  }

  private static Violation required(List<Object> path) {
    List<JsonNode> facets = ConfigSchema.facetsAt(path);
    String name = (String) path.get(path.size() - 1);
    String example = ConfigSchema.keyword(facets, "examples").filter(e -> e.size() > 0)
        .map(e -> " (e.g. " + name + ": " + flow(e.get(0)) + ")").orElse("");
    return new Violation(path, "is required" + example);
  }

  /** A small value as YAML's flow style writes it, for examples. */
  private static String flow(JsonNode v) {
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(i -> items.add(flow(i)));
      return "[" + String.join(", ", items) + "]";
    }
    return v.isTextual() ? v.textValue() : v.toString();
  }

  /** An unknown key: the closest known one if it looks like a typo, and the known ones (never the retired ones). */
  private static Violation unknown(List<Object> at, String key, JsonNode schema) {
    List<String> known = ConfigSchema.knownFields(ConfigSchema.facets(schema));
    String hint = closest(key, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    return new Violation(ConfigSchema.append(at, key), "unknown field" + hint + "; known fields: "
        + String.join(", ", known));
  }

  /** A property name breaks the rules of its mapping's {@code propertyNames}: each rule, under {@code parent.key}. */
  private static List<Violation> propertyName(List<Object> at, String key, String pointer) {
    List<Violation> out = new ArrayList<>();
    JsonNode names = ConfigSchema.tree().at(pointer);
    for (Error e : ConfigSchema.validateName(pointer, key)) {
      JsonNode schema = names.at(parent(pointer(e.getSchemaLocation().getFragment())));
      out.add(new Violation(ConfigSchema.append(at, key), "key " + rule(e.getKeyword(), e.getInstanceNode(),
          schema, at)));
    }
    return out;
  }

  private static String length(String text, JsonNode schema) {
    int length = text.codePointCount(0, text.length());
    Optional<Integer> min = Optional.ofNullable(schema.get("minLength")).map(JsonNode::asInt);
    Optional<Integer> max = Optional.ofNullable(schema.get("maxLength")).map(JsonNode::asInt);
    if (length == 0) {
      return "must not be empty";
    }
    if (min.isPresent() && max.isPresent() && min.get() > 1) {
      return Display.quote(text) + " must be " + min.get() + "-" + max.get() + " characters long";
    }
    return max.filter(m -> length > m).map(m -> Display.quote(text) + " is " + length + " characters long; at most "
        + m).orElseGet(() -> Display.quote(text) + " is " + length + " characters long; at least " + min.orElse(0));
  }

  private static String range(JsonNode value, JsonNode schema) {
    String v = value.numberValue().toString();
    JsonNode min = schema.get("minimum");
    JsonNode max = schema.get("maximum");
    if (min != null && max != null) {
      return v + " is out of range (" + min.asText() + "-" + max.asText() + ")";
    }
    return min != null ? v + " is below the minimum (" + min.asText() + ")"
        : v + " is above the maximum (" + max.asText() + ")";
  }

  /** What a {@code type} asks for: "a string", "true or false", "a list of strings", "a string or a list of strings". */
  private static String expected(JsonNode schema) {
    JsonNode type = schema.get("type");
    List<String> names = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(t -> names.add(typeName(t.asText(), schema)));
    } else {
      names.add(typeName(type.asText(), schema));
    }
    return String.join(" or ", names);
  }

  private static String typeName(String type, JsonNode schema) {
    return switch (type) {
      case "string" -> "a string";
      case "integer" -> "an integer";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "array" -> "string".equals(schema.path("items").path("type").asText()) ? "a list of strings" : "a list";
      case "object" -> ConfigSchema.facets(schema).stream()
          .anyMatch(f -> "string".equals(f.path("additionalProperties").path("type").asText()))
          ? "a mapping of strings" : "a mapping";
      default -> type;
    };
  }

  private static String article(String noun) {
    return "aeiouAEIOU".indexOf(noun.charAt(0)) >= 0 ? "an" : "a";
  }

  /** "a or b", "a, b or c", and for longer lists "one of [a, b, ...]". */
  private static String alternatives(JsonNode values) {
    List<String> shown = new ArrayList<>();
    values.forEach(v -> shown.add(v.asText()));
    if (shown.size() > 3) {
      return "one of [" + String.join(", ", shown) + "]";
    }
    return shown.size() == 1 ? shown.get(0)
        : String.join(", ", shown.subList(0, shown.size() - 1)) + " or " + shown.get(shown.size() - 1);
  }

  /**
   * One rule per fact: a field with a type error or no value gets that line only (the rest cannot apply), an empty
   * string only "must not be empty", and a line is never repeated.
   */
  static List<Violation> prune(List<Violation> violations) {
    Set<List<Object>> typed = new LinkedHashSet<>();
    Set<List<Object>> emptied = new LinkedHashSet<>();
    for (Violation v : violations) {
      if (v.rule().startsWith("expected ") || v.rule().startsWith("is empty (YAML null)")) {
        typed.add(v.at());
      } else if (v.rule().equals("must not be empty")) {
        emptied.add(v.at());
      }
    }
    Set<Violation> out = new LinkedHashSet<>();
    for (Violation v : violations) {
      boolean isTypeLine = v.rule().startsWith("expected ") || v.rule().startsWith("is empty (YAML null)");
      if (typed.contains(v.at()) && !isTypeLine) {
        continue;
      }
      if (emptied.contains(v.at()) && !v.rule().equals("must not be empty")) {
        continue;
      }
      out.add(v);
    }
    return List.copyOf(out);
  }

  private static Optional<String> closest(String key, List<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** A schema location's fragment as a JSON Pointer. */
  static String pointer(NodePath fragment) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fragment.getNameCount(); i++) {
      out.append('/').append(fragment.getName(i).replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }

  private static String parent(String pointer) {
    int slash = pointer.lastIndexOf('/');
    return slash <= 0 ? "" : pointer.substring(0, slash);
  }
}
