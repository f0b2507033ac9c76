package dev.svcconnect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mapping of an environment file that passed the schema, with the schema's defaults filled in: typed reads
 * without defaults of their own (the schema has them), whether the user wrote a field (for the defaults that depend
 * on another field), and problems reported under the field's path. The cross-field rules read through it.
 */
final class Section {
  private final Problems problems;
  private final String path;
  private final JsonNode node;
  private final JsonNode written;

  private Section(Problems problems, String path, JsonNode node, JsonNode written) {
    this.problems = problems;
    this.path = path;
    this.node = node;
    this.written = written;
  }

  /** The top level: {@code filled} is the validated tree with defaults, {@code written} the file as parsed. */
  static Section root(Problems problems, JsonNode filled, JsonNode written) {
    return new Section(problems, "", filled, written);
  }

  String path() {
    return path;
  }

  String field(String key) {
    return ConfigSchema.field(path, key);
  }

  void error(String key, String rule) {
    problems.add(field(key), rule);
  }

  /** A problem of this mapping as a whole (e.g. of a list item). */
  void error(String rule) {
    problems.add(path, rule);
  }

  /** Whether the field has a value, written or defaulted. */
  boolean has(String key) {
    return node.hasNonNull(key);
  }

  /** Whether the user wrote the field (rather than the schema's default filling it in). */
  boolean written(String key) {
    return written.has(key);
  }

  /** Whether the user wrote this mapping (a list item of a defaulted list was not). */
  boolean isWritten() {
    return !written.isMissingNode();
  }

  /** A field the schema requires or defaults. */
  String text(String key) {
    return value(key).textValue();
  }

  Optional<String> optionalText(String key) {
    return has(key) ? Optional.of(text(key)) : Optional.empty();
  }

  int integer(String key) {
    return value(key).intValue();
  }

  Optional<Integer> optionalInteger(String key) {
    return has(key) ? Optional.of(integer(key)) : Optional.empty();
  }

  boolean bool(String key) {
    return value(key).booleanValue();
  }

  /** Whether the field holds a string (rather than a list). */
  boolean isText(String key) {
    return has(key) && node.get(key).isTextual();
  }

  /** A nested mapping; an absent one reads as empty. */
  Section section(String key) {
    return new Section(problems, field(key), node.path(key), written.path(key));
  }

  Optional<Section> optionalSection(String key) {
    return has(key) ? Optional.of(section(key)) : Optional.empty();
  }

  /** The mappings of a list; none when absent. */
  List<Section> sections(String key) {
    List<Section> out = new ArrayList<>();
    JsonNode items = node.path(key);
    for (int i = 0; i < items.size(); i++) {
      out.add(new Section(problems, field(key) + "[" + i + "]", items.get(i), written.path(key).path(i)));
    }
    return out;
  }

  /** The mappings under a mapping's keys, in the order written; none when absent. */
  Map<String, Section> sectionsByKey(String key) {
    Map<String, Section> out = new LinkedHashMap<>();
    node.path(key).properties().forEach(e -> out.put(e.getKey(), new Section(problems,
        ConfigSchema.field(field(key), e.getKey()), e.getValue(), written.path(key).path(e.getKey()))));
    return out;
  }

  /** A list of strings; empty when absent. */
  List<String> texts(String key) {
    List<String> out = new ArrayList<>();
    node.path(key).forEach(item -> out.add(item.textValue()));
    return out;
  }

  /** A mapping of strings, in the order written; empty when absent. */
  Map<String, String> textMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    node.path(key).properties().forEach(e -> out.put(e.getKey(), e.getValue().textValue()));
    return out;
  }

  /** The keys of a mapping, in the order written; none when absent. */
  List<String> textMapKeys(String key) {
    List<String> out = new ArrayList<>();
    node.path(key).fieldNames().forEachRemaining(out::add);
    return out;
  }

  private JsonNode value(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      // The schema requires or defaults every field read this way: reaching here is a bug, not bad input.
      throw new IllegalStateException(field(key) + " has no value after validation; the schema must require it"
          + " or give it a default");
    }
    return v;
  }

  static Section empty(Problems problems, String path) {
    return new Section(problems, path, MissingNode.getInstance(), MissingNode.getInstance());
  }
}
