package dev.svcconnect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one YAML mapping field by field, recording every problem with its field path instead of stopping at the
 * first. {@link #finish()} reports the keys nobody asked for, which is how typos are caught.
 */
final class YamlFields {
  private final Problems problems;
  private final String path;
  private final ObjectNode node;
  private final Set<String> known = new LinkedHashSet<>();

  YamlFields(Problems problems, String path, ObjectNode node) {
    this.problems = problems;
    this.path = path;
    this.node = node;
  }

  /** Collects {@code file: field: rule} lines. */
  static final class Problems {
    private final String file;
    private final List<String> lines = new ArrayList<>();

    Problems(String file) {
      this.file = file;
    }

    void add(String field, String rule) {
      lines.add(file + ": " + field + ": " + rule);
    }

    void addWhole(String rule) {
      lines.add(file + ": " + rule);
    }

    boolean isEmpty() {
      return lines.isEmpty();
    }

    List<String> lines() {
      return lines;
    }
  }

  String path() {
    return path;
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  void error(String key, String rule) {
    problems.add(field(key), rule);
  }

  private Optional<JsonNode> value(String key) {
    known.add(key);
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  private boolean missing(String key) {
    error(key, "is required");
    return true;
  }

  Optional<String> optionalString(String key) {
    Optional<JsonNode> v = value(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!v.get().isTextual()) {
      error(key, "expected a string, got " + describe(v.get()));
      return Optional.empty();
    }
    return Optional.of(v.get().textValue());
  }

  String string(String key, String defaultValue) {
    return optionalString(key).orElse(defaultValue);
  }

  /**
   * A string that may be written as the unquoted words {@code on} or {@code off}, which YAML 1.1 reads as the
   * booleans true and false: they come back as "on" and "off", so a rule can name what the user wrote.
   */
  String onOffString(String key, String defaultValue) {
    Optional<JsonNode> v = value(key);
    if (v.isPresent() && v.get().isBoolean()) {
      return v.get().booleanValue() ? "on" : "off";
    }
    return string(key, defaultValue);
  }

  /** A required, non-empty string; returns "" after recording the problem so that reading can go on. */
  String requiredString(String key) {
    boolean present = node.hasNonNull(key);
    Optional<String> v = optionalString(key);
    if (!present) {
      missing(key);
    } else if (v.filter(String::isEmpty).isPresent()) {
      error(key, "must not be empty");
    }
    return v.orElse("");
  }

  int integer(String key, int defaultValue) {
    Optional<JsonNode> v = value(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    if (!v.get().isIntegralNumber() || !v.get().canConvertToInt()) {
      error(key, "expected an integer, got " + describe(v.get()));
      return defaultValue;
    }
    return v.get().intValue();
  }

  /** Whether the key is written (and not null); does not count as reading it. */
  boolean has(String key) {
    return node.hasNonNull(key);
  }

  /** Whether the key holds a string (rather than a list or mapping); does not count as reading it. */
  boolean isString(String key) {
    return node.hasNonNull(key) && node.get(key).isTextual();
  }

  /** Whether the key holds a list; does not count as reading it. */
  boolean isList(String key) {
    return node.hasNonNull(key) && node.get(key).isArray();
  }

  /** How the key's value reads in a message ("boolean true"); marks the key as read. */
  String describe(String key) {
    return value(key).map(YamlFields::describe).orElse("nothing");
  }

  /** Whether the key holds a mapping; does not count as reading it. */
  boolean isMapping(String key) {
    return node.hasNonNull(key) && node.get(key).isObject();
  }

  Optional<Integer> optionalInteger(String key) {
    boolean present = node.hasNonNull(key);
    int v = integer(key, 0);
    return present && node.get(key).isIntegralNumber() && node.get(key).canConvertToInt()
        ? Optional.of(v) : Optional.empty();
  }

  /** A key that a newer field replaced: reported with what to write instead, never silently ignored. */
  void retired(String key, String replacement) {
    if (value(key).isPresent()) {
      error(key, "is no longer supported; " + replacement);
    }
  }

  boolean bool(String key, boolean defaultValue) {
    Optional<JsonNode> v = value(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    if (!v.get().isBoolean()) {
      error(key, "expected true or false, got " + describe(v.get()));
      return defaultValue;
    }
    return v.get().booleanValue();
  }

  /** A nested mapping; absent means "all defaults", so an empty one is returned. */
  YamlFields object(String key) {
    Optional<JsonNode> v = value(key);
    if (v.isPresent() && !v.get().isObject()) {
      error(key, "expected a mapping, got " + describe(v.get()));
    }
    ObjectNode child = v.filter(JsonNode::isObject).map(ObjectNode.class::cast).orElseGet(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance::objectNode);
    return new YamlFields(problems, field(key), child);
  }

  /** A list of mappings, or {@code Optional.empty()} when the key is absent (the caller applies its default). */
  Optional<List<YamlFields>> objects(String key) {
    Optional<JsonNode> v = value(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!v.get().isArray()) {
      error(key, "expected a list, got " + describe(v.get()));
      return Optional.of(List.of());
    }
    List<YamlFields> items = new ArrayList<>();
    for (int i = 0; i < v.get().size(); i++) {
      JsonNode item = v.get().get(i);
      String itemPath = field(key) + "[" + i + "]";
      if (!item.isObject()) {
        problems.add(itemPath, "expected a mapping, got " + describe(item));
        continue;
      }
      items.add(new YamlFields(problems, itemPath, (ObjectNode) item));
    }
    return Optional.of(items);
  }

  List<String> strings(String key, List<String> defaultValue) {
    Optional<JsonNode> v = value(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    if (!v.get().isArray()) {
      error(key, "expected a list of strings, got " + describe(v.get()));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.get().size(); i++) {
      JsonNode item = v.get().get(i);
      if (item.isTextual()) {
        out.add(item.textValue());
      } else {
        problems.add(field(key) + "[" + i + "]", "expected a string, got " + describe(item));
      }
    }
    return out;
  }

  Map<String, String> stringMap(String key) {
    Optional<JsonNode> v = value(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (v.isEmpty()) {
      return out;
    }
    if (!v.get().isObject()) {
      error(key, "expected a mapping of strings, got " + describe(v.get()));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : v.get().properties()) {
      if (e.getValue().isTextual()) {
        out.put(e.getKey(), e.getValue().textValue());
      } else {
        problems.add(field(key) + "." + e.getKey(), "expected a string, got " + describe(e.getValue()));
      }
    }
    return out;
  }

  /** Reports every key that no reader asked for, suggesting the closest known one. */
  void finish() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        String hint = closest(key).map(k -> " (did you mean '" + k + "'?)").orElse("");
        error(key, "unknown field" + hint + "; known fields: " + String.join(", ", known));
      }
    }
  }

  private Optional<String> closest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(key.toLowerCase(), k.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
  }

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

  static String describe(JsonNode v) {
    if (v.isTextual()) {
      return "string '" + v.textValue() + "'";
    }
    if (v.isBoolean()) {
      return "boolean " + v.booleanValue();
    }
    if (v.isNumber()) {
      return "number " + v.numberValue();
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    return v.getNodeType().name().toLowerCase();
  }
}
