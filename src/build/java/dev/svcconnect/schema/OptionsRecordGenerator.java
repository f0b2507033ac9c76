package dev.svcconnect.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * Generates the options records ({@code config.OptionsRecord}) before the main sources compile: one record per
 * mapping the schema marks {@value SchemaTree#OPTIONS_RECORD}, in package {@code dev.svcconnect.config}, whose
 * components are that mapping's {@value SchemaTree#OPTION} fields in the schema's order, typed, documented and
 * defaulted as the schema says. pom.xml runs {@link #main} in the generate-sources phase, so a new field is the
 * schema entry and the code that reads it; nothing generated is committed.
 *
 * <p>Field types: a string ({@code String}, or a nested enum when the schema lists its values), an integer
 * ({@code int}), a boolean, a list of strings ({@code List<String>}, empty when absent) and a mapping of strings
 * ({@code Map<String, String>}, in the order written). A field that has neither a default nor is required is an
 * {@code Optional}. These are types {@code config.Section.bind} binds; any other field (a nested mapping, a list of
 * mappings, a number) belongs in a hand-written record, and generating it fails with {@link IllegalStateException}
 * naming the field.
 */
public final class OptionsRecordGenerator {
  /** The first line of every generated source. */
  static final String HEADER = "// Generated from schema/environment.schema.json by OptionsRecordGenerator (pom.xml,"
      + " generate-sources):\n// do not edit; change the schema.";

  private static final int WIDTH = 120;
  private static final String PACKAGE = "dev.svcconnect.config";

  private final SchemaTree schema;

  /** @param schema the environment file's schema */
  public OptionsRecordGenerator(SchemaTree schema) {
    this.schema = schema;
  }

  /**
   * Writes every options record's source under {@code <output>/dev/svcconnect/config/}, and deletes the sources
   * there that the schema no longer names.
   *
   * @param args the schema file ({@code schema/environment.schema.json}) and the output directory (a source root)
   * @throws IOException when the schema cannot be read or a source cannot be written
   * @throws IllegalStateException when a field marked {@value SchemaTree#OPTION} cannot be generated (see above)
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: OptionsRecordGenerator <schema.json> <output source root>");
    }
    OptionsRecordGenerator generator = new OptionsRecordGenerator(
        new SchemaTree(new ObjectMapper().readTree(Path.of(args[0]).toFile())));
    Path directory = Path.of(args[1]).resolve(PACKAGE.replace('.', '/'));
    Files.createDirectories(directory);
    Map<Path, String> sources = new LinkedHashMap<>();
    generator.mappings().forEach((name, mapping) -> sources.put(directory.resolve(name + ".java"),
        generator.source(name, mapping)));
    // A source is rewritten only when it changes, so that an unchanged schema leaves the compiler nothing to redo.
    try (var previous = Files.list(directory)) {
      for (Path file : previous.toList()) {
        if (!sources.containsKey(file)) {
          Files.delete(file);
        }
      }
    }
    for (Map.Entry<Path, String> e : sources.entrySet()) {
      if (!Files.exists(e.getKey()) || !Files.readString(e.getKey(), StandardCharsets.UTF_8).equals(e.getValue())) {
        Files.writeString(e.getKey(), e.getValue(), StandardCharsets.UTF_8);
      }
    }
  }

  /** Every mapping of the schema that names an options record, by the record's name, in the schema's order. */
  public Map<String, Mapping> mappings() {
    Map<String, Mapping> out = new LinkedHashMap<>();
    collect(schema.root(), "", out);
    return out;
  }

  /**
   * A mapping that names an options record.
   *
   * @param pointer its JSON pointer in the schema, e.g. {@code /$defs/container}
   * @param schema the mapping's subschema
   */
  public record Mapping(String pointer, JsonNode schema) {}

  private static void collect(JsonNode node, String pointer, Map<String, Mapping> out) {
    if (node.isObject()) {
      if (node.has(SchemaTree.OPTIONS_RECORD)) {
        String name = node.get(SchemaTree.OPTIONS_RECORD).textValue();
        if (out.put(name, new Mapping(pointer, node)) != null) {
          throw new IllegalStateException("two mappings name the options record " + name);
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        collect(e.getValue(), pointer + "/" + e.getKey(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, out);
      }
    }
  }

  /**
   * The source of record {@code name} for {@code mapping}.
   *
   * @throws IllegalStateException when a field cannot be generated, or the mapping has no field to generate
   */
  public String source(String name, Mapping mapping) {
    List<JsonNode> facets = schema.facets(mapping.schema());
    List<String> required = new ArrayList<>();
    facets.forEach(f -> f.path("required").forEach(r -> required.add(r.textValue())));
    List<Field> fields = new ArrayList<>();
    schema.properties(facets).forEach((field, f) -> {
      if (SchemaTree.keyword(f, SchemaTree.OPTION).filter(JsonNode::asBoolean).isPresent()) {
        if (SchemaTree.keyword(f, SchemaTree.AWS_FIELD).isPresent()) {
          throw new IllegalStateException(mapping.pointer() + "/properties/" + field + " is both "
              + SchemaTree.OPTION + " and " + SchemaTree.AWS_FIELD + "; a field is one or the other");
        }
        fields.add(field(mapping.pointer(), field, f, required.contains(field)));
      }
    });
    if (fields.isEmpty()) {
      throw new IllegalStateException(mapping.pointer() + " names " + name + " but has no " + SchemaTree.OPTION
          + " field");
    }
    return render(name, mapping, fields);
  }

  /**
   * One component.
   *
   * @param type the component's Java type
   * @param defaultValue the Java expression of its value in {@code DEFAULTS}; empty when the field is required
   *     without a default (the record then has no {@code DEFAULTS})
   * @param copy the compact constructor's statement that makes it unmodifiable, if it is a collection
   * @param enumValues the schema's spellings when the type is a nested enum
   */
  private record Field(String name, String description, String type, Optional<String> defaultValue,
      Optional<String> copy, List<String> enumValues) {}

  private Field field(String pointer, String name, List<JsonNode> facets, boolean required) {
    String where = pointer + "/properties/" + name;
    String description = SchemaTree.keyword(facets, "description").map(JsonNode::textValue).orElseThrow(
        () -> new IllegalStateException(where + " has no description"));
    Optional<JsonNode> schemaDefault = SchemaTree.keyword(facets, "default");
    boolean plain = required || schemaDefault.isPresent();
    String type = SchemaTree.keyword(facets, "type").map(JsonNode::textValue).orElse("");
    switch (type) {
      case "string" -> {
        Optional<JsonNode> values = SchemaTree.keyword(facets, "enum");
        if (values.isPresent()) {
          String enumType = Character.toUpperCase(name.charAt(0)) + name.substring(1);
          List<String> spellings = new ArrayList<>();
          values.get().forEach(v -> spellings.add(v.textValue()));
          spellings.forEach(s -> {
            if (!SourceVersion.isIdentifier(SchemaTree.constantName(s))) {
              throw new IllegalStateException(where + ": enum value \"" + s + "\" makes no Java constant; bind the"
                  + " field in a hand-written record");
            }
          });
          return scalar(name, description, enumType, plain,
              schemaDefault.map(d -> enumType + "." + SchemaTree.constantName(d.textValue())), spellings);
        }
        return scalar(name, description, "String", plain, schemaDefault.map(d -> literal(d.textValue())), List.of());
      }
      case "integer" -> {
        return scalar(name, description, plain ? "int" : "Integer", plain,
            schemaDefault.map(d -> Long.toString(d.asLong())), List.of());
      }
      case "boolean" -> {
        return scalar(name, description, plain ? "boolean" : "Boolean", plain,
            schemaDefault.map(d -> Boolean.toString(d.asBoolean())), List.of());
      }
      case "array" -> {
        if (SchemaTree.keyword(schema.itemFacets(facets), "type").filter(t -> t.asText().equals("string"))
            .isPresent()) {
          return new Field(name, description, "List<String>", Optional.of(strings("List.of(", schemaDefault, false)),
              Optional.of(name + " = List.copyOf(" + name + ");"), List.of());
        }
      }
      case "object" -> {
        List<JsonNode> values = schema.additionalFacets(facets);
        if (schema.properties(facets).isEmpty()
            && SchemaTree.keyword(values, "type").filter(t -> t.asText().equals("string")).isPresent()) {
          return new Field(name, description, "Map<String, String>",
              Optional.of(strings("Map.of(", schemaDefault, true)),
              Optional.of(name + " = Collections.unmodifiableMap(new LinkedHashMap<>(" + name + "));"), List.of());
        }
      }
      default -> { }
    }
    throw new IllegalStateException(where + " has a type an options record does not hold (string, integer, boolean,"
        + " a list or mapping of strings); bind it in a hand-written record");
  }

  private static Field scalar(String name, String description, String type, boolean plain,
      Optional<String> defaultValue, List<String> enumValues) {
    if (plain) {
      return new Field(name, description, type, defaultValue, Optional.empty(), enumValues);
    }
    return new Field(name, description, "Optional<" + type + ">", Optional.of("Optional.empty()"), Optional.empty(),
        enumValues);
  }

  /** {@code List.of("a", "b")} or {@code Map.of("k", "v")} of a default's strings; empty without a default. */
  private static String strings(String factory, Optional<JsonNode> schemaDefault, boolean map) {
    List<String> parts = new ArrayList<>();
    schemaDefault.ifPresent(d -> {
      if (map) {
        d.properties().forEach(e -> {
          parts.add(literal(e.getKey()));
          parts.add(literal(e.getValue().textValue()));
        });
      } else {
        d.forEach(v -> parts.add(literal(v.textValue())));
      }
    });
    return factory + String.join(", ", parts) + ")";
  }

  private static String literal(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.append('"').toString();
  }

  private static String render(String name, Mapping mapping, List<Field> fields) {
    StringBuilder out = new StringBuilder();
    out.append(HEADER).append('\n')
        .append("package ").append(PACKAGE).append(";\n\n");
    List<String> imports = new ArrayList<>();
    String types = String.join(" ", fields.stream().map(Field::type).toList());
    if (types.contains("Map<")) {
      imports.addAll(List.of("java.util.Collections", "java.util.LinkedHashMap"));
    }
    if (types.contains("List<")) {
      imports.add("java.util.List");
    }
    if (types.contains("Map<")) {
      imports.add("java.util.Map");
    }
    if (types.contains("Optional<")) {
      imports.add("java.util.Optional");
    }
    imports.forEach(i -> out.append("import ").append(i).append(";\n"));
    out.append('\n');

    List<String> doc = new ArrayList<>();
    doc.add("The fields of " + code(mapping.pointer().substring(1)) + " that the schema marks "
        + code(SchemaTree.OPTION) + ": read only by the construct that renders them ("
        + "{@link OptionsRecord}). Generated from the schema, their home (type, default, limits, description).");
    doc.add("");
    for (Field f : fields) {
      boolean mayBeEmpty = Stream.of("Optional<", "List<", "Map<").anyMatch(f.type()::startsWith);
      doc.add("@param " + f.name() + " " + escape(f.description()) + (mayBeEmpty ? " Empty when not set." : ""));
    }
    out.append("/**\n");
    for (String block : doc) {
      if (block.isEmpty()) {
        out.append(" *\n");
      } else {
        wrap(block, " * ", "@param".equals(block.split(" ")[0]) ? " *     " : " * ", out);
      }
    }
    out.append(" */\n");
    String components = String.join(", ", fields.stream().map(f -> f.type() + " " + f.name()).toList());
    wrap("public record " + name + "(" + components + ") implements OptionsRecord {", "", "    ", out);

    boolean defaults = fields.stream().allMatch(f -> f.defaultValue().isPresent());
    if (defaults) {
      out.append("  /** Every field at its schema default, or empty: a mapping that sets none of them. */\n");
      wrap("public static final " + name + " DEFAULTS = new " + name + "("
          + String.join(", ", fields.stream().map(f -> f.defaultValue().orElseThrow()).toList()) + ");",
          "  ", "      ", out);
    }
    List<Field> copied = fields.stream().filter(f -> f.copy().isPresent()).toList();
    if (!copied.isEmpty()) {
      out.append("\n  public ").append(name).append(" {\n");
      copied.forEach(f -> out.append("    ").append(f.copy().orElseThrow()).append('\n'));
      out.append("  }\n");
    }
    for (Field f : fields) {
      String method = "with" + Character.toUpperCase(f.name().charAt(0)) + f.name().substring(1);
      out.append("\n  /** This record with {@code ").append(f.name()).append("} replaced. */\n");
      out.append("  public ").append(name).append(' ').append(method).append('(').append(f.type()).append(' ')
          .append(f.name()).append(") {\n");
      wrap("return new " + name + "(" + String.join(", ", fields.stream().map(Field::name).toList()) + ");",
          "    ", "        ", out);
      out.append("  }\n");
    }
    for (Field f : fields) {
      if (!f.enumValues().isEmpty()) {
        String enumType = f.type().replaceAll("^Optional<(.*)>$", "$1");
        out.append("\n  /** The values of {@code ").append(f.name()).append("}, as the schema lists them: ")
            .append(String.join(", ", f.enumValues().stream().map(v -> "{@code " + escape(v) + "}").toList()))
            .append(". */\n");
        out.append("  public enum ").append(enumType).append(" { ")
            .append(String.join(", ", f.enumValues().stream().map(SchemaTree::constantName).toList()))
            .append(" }\n");
      }
    }
    out.append("}\n");
    return out.toString();
  }

  private static String code(String text) {
    return "{@code " + escape(text) + "}";
  }

  /** Text as Javadoc shows it literally: no tag, no HTML, no comment end. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
        .replace("*/", "*&#47;").replace("{", "&#123;").replace("}", "&#125;");
  }

  /**
   * {@code text} wrapped at {@value #WIDTH} columns: its first line after {@code first}, the others after
   * {@code next}.
   */
  private static void wrap(String text, String first, String next, StringBuilder out) {
    String prefix = first;
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && prefix.length() + line.length() + 1 + word.length() > WIDTH) {
        out.append((prefix + line).stripTrailing()).append('\n');
        prefix = next;
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    out.append((prefix + line).stripTrailing()).append('\n');
  }
}
