package dev.svcconnect.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
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
 * ({@code Map<String, String>}, in the order written). A field without a default is an {@code Optional}; a
 * required one must have one. These are types {@code config.Section.bind} binds; any other field (a nested
 * mapping, a list of mappings, a number) belongs in a hand-written record, and generating it fails with
 * {@link IllegalStateException} naming the field. So does a field whose Java would not compile, or would compile to
 * something else (a nested enum {@code String} would retype every {@code List<String>}), a required one without a
 * default, and a default of another type than its field's:
 * {@link #main} prints that message as one line and exits 1, which fails the build.
 */
public final class OptionsRecordGenerator {
  /** The first line of every generated source. */
  static final String HEADER = "// Generated from schema/environment.schema.json by OptionsRecordGenerator (pom.xml,"
      + " generate-sources):\n// do not edit; change the schema.";

  private static final int WIDTH = 120;
  private static final String PACKAGE = "dev.svcconnect.config";
  /** Simple names the generated source uses (java.util's, the interface), which a nested enum would shadow. */
  private static final List<String> TAKEN_TYPE_NAMES = List.of("Collections", "LinkedHashMap", "List", "Map",
      "Optional", "OptionsRecord");
  /** Names a record component may not have (JLS 8.10.1), and the constant every options record declares. */
  private static final List<String> RESERVED_COMPONENT_NAMES = List.of("clone", "finalize", "getClass", "hashCode",
      "notify", "notifyAll", "toString", "wait", "DEFAULTS");

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
    Map<Path, String> sources = new LinkedHashMap<>();
    try {
      generator.mappings().forEach((name, mapping) -> sources.put(directory.resolve(name + ".java"),
          generator.source(name, mapping)));
    } catch (IllegalStateException e) {
      // a schema the generator cannot write: one line naming the field and the rule, not a stack trace (then Maven's)
      System.err.println("OptionsRecordGenerator: " + args[0] + ": " + e.getMessage());
      System.exit(1);
    }
    Files.createDirectories(directory);
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

  /**
   * Every mapping of the schema that names an options record, by the record's name, in the schema's order.
   *
   * @throws IllegalStateException when a field is marked {@value SchemaTree#OPTION} outside such a mapping's
   *     {@code properties} (nothing would read it: the build would drop it without a word), or with a value other
   *     than {@code true} or {@code false}
   */
  public Map<String, Mapping> mappings() {
    Map<String, Mapping> out = new LinkedHashMap<>();
    collect(schema.root(), "", false, out);
    return out;
  }

  /**
   * A mapping that names an options record.
   *
   * @param pointer its JSON pointer in the schema, e.g. {@code /$defs/container}
   * @param schema the mapping's subschema
   */
  public record Mapping(String pointer, JsonNode schema) {}

  /** @param inRecord whether {@code node} is a field of a mapping that names an options record */
  private static void collect(JsonNode node, String pointer, boolean inRecord, Map<String, Mapping> out) {
    if (node.isObject()) {
      if (node.has(SchemaTree.OPTION)) {
        if (!node.get(SchemaTree.OPTION).isBoolean()) {
          throw new IllegalStateException(pointer + ": " + SchemaTree.OPTION + " is " + node.get(SchemaTree.OPTION)
              + "; it is true or false");
        }
        if (node.get(SchemaTree.OPTION).booleanValue() && !inRecord) {
          throw new IllegalStateException(pointer + " is " + SchemaTree.OPTION + " outside the properties of a"
              + " mapping that names an options record (" + SchemaTree.OPTIONS_RECORD + "), so nothing would read it");
        }
      }
      if (node.has(SchemaTree.OPTIONS_RECORD)) {
        String name = node.get(SchemaTree.OPTIONS_RECORD).asText();
        if (!javaName(name) || TAKEN_TYPE_NAMES.contains(name) || javaLang(name)) {
          throw new IllegalStateException(pointer + "/" + SchemaTree.OPTIONS_RECORD + ": \"" + name
              + "\" is no Java name for a record of package " + PACKAGE);
        }
        if (out.put(name, new Mapping(pointer, node)) != null) {
          throw new IllegalStateException("two mappings name the options record " + name);
        }
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().equals("properties") && node.has(SchemaTree.OPTIONS_RECORD)) {
          for (Map.Entry<String, JsonNode> field : e.getValue().properties()) {
            collect(field.getValue(), pointer + "/properties/" + field.getKey(), true, out);
          }
        } else {
          collect(e.getValue(), pointer + "/" + e.getKey(), false, out);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, false, out);
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
    checkNames(name, mapping.pointer(), fields);
    return render(name, mapping, fields);
  }

  /** A simple name javac accepts for a variable or type: an identifier that is not a keyword ({@code _} is one). */
  private static boolean javaName(String name) {
    return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name);
  }

  /**
   * Refuses a field whose name makes no Java member, or whose Java would clash with another member or shadow a type
   * the source uses (a nested enum {@code String} would silently retype every {@code List<String>} component).
   */
  private static void checkNames(String record, String pointer, List<Field> fields) {
    Map<String, String> withMethods = new LinkedHashMap<>();
    for (Field f : fields) {
      String where = pointer + "/properties/" + f.name() + ": ";
      if (SourceVersion.isKeyword(f.name())) {
        throw new IllegalStateException(where + "\"" + f.name() + "\" is a Java keyword; name the field otherwise");
      }
      if (!SourceVersion.isIdentifier(f.name())) {
        throw new IllegalStateException(where + "\"" + f.name() + "\" is no Java name; name the field in camelCase");
      }
      if (RESERVED_COMPONENT_NAMES.contains(f.name())) {
        throw new IllegalStateException(where + (f.name().equals("DEFAULTS") ? "the record's constant"
            : "a record component cannot be named") + " " + f.name() + "; name the field otherwise");
      }
      String method = withMethod(f.name());
      String other = withMethods.put(method, f.name());
      if (other != null) {
        throw new IllegalStateException(where + "its method " + method + " is also " + other + "'s");
      }
      if (!f.enumValues().isEmpty()) {
        String enumType = capitalized(f.name());
        if (enumType.equals(record) || TAKEN_TYPE_NAMES.contains(enumType) || javaLang(enumType)) {
          throw new IllegalStateException(where + "its enum would be named " + enumType + ", a type the record"
              + " already uses; name the field otherwise");
        }
      }
    }
  }

  private static boolean javaLang(String simpleName) {
    try {
      Class.forName("java.lang." + simpleName, false, OptionsRecordGenerator.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static String withMethod(String name) {
    return "with" + capitalized(name);
  }

  /**
   * One component.
   *
   * @param type the component's Java type
   * @param defaultValue the Java expression of its value in {@code DEFAULTS}
   * @param copy the compact constructor's statement that makes it unmodifiable, if it is a collection
   * @param enumValues the schema's spellings when the type is a nested enum
   */
  private record Field(String name, String description, String type, String defaultValue, Optional<String> copy,
      List<String> enumValues) {}

  private Field field(String pointer, String name, List<JsonNode> facets, boolean required) {
    String where = pointer + "/properties/" + name;
    String description = SchemaTree.keyword(facets, "description").map(JsonNode::textValue).orElseThrow(
        () -> new IllegalStateException(where + " has no description"));
    Optional<JsonNode> schemaDefault = SchemaTree.keyword(facets, "default");
    if (required && schemaDefault.isEmpty()) {
      // DEFAULTS must exist: the containers the stack builds itself (the shorthand's, the readiness gate) have it.
      throw new IllegalStateException(where + ": an option is required without a default, so a mapping built"
          + " without the file (DEFAULTS) could not have it; give it a default, or make it a component of the"
          + " hand-written record");
    }
    // required implies a default (above), so a field is plain exactly when it has one, else an Optional
    boolean plain = schemaDefault.isPresent();
    String type = SchemaTree.keyword(facets, "type").map(JsonNode::textValue).orElse("");
    switch (type) {
      case "string" -> {
        checkDefault(where, schemaDefault, JsonNode::isTextual, "a string");
        Optional<JsonNode> values = SchemaTree.keyword(facets, "enum");
        if (values.isPresent()) {
          String enumType = capitalized(name);
          List<String> spellings = new ArrayList<>();
          values.get().forEach(v -> spellings.add(v.asText()));
          Map<String, String> constants = new LinkedHashMap<>();
          spellings.forEach(s -> {
            String constant = SchemaTree.constantName(s);
            if (!javaName(constant)) {
              throw new IllegalStateException(where + ": enum value \"" + s + "\" makes no Java constant; bind the"
                  + " field in a hand-written record");
            }
            String other = constants.put(constant, s);
            if (other != null) {
              throw new IllegalStateException(where + ": enum values \"" + other + "\" and \"" + s + "\" are both the"
                  + " constant " + constant + "; bind the field in a hand-written record");
            }
          });
          schemaDefault.filter(d -> !spellings.contains(d.textValue())).ifPresent(d -> {
            throw new IllegalStateException(where + ": default " + d + " is not one of the enum's values");
          });
          return scalar(name, description, enumType,
              schemaDefault.map(d -> enumType + "." + SchemaTree.constantName(d.textValue())), spellings);
        }
        return scalar(name, description, "String", schemaDefault.map(d -> literal(d.textValue())), List.of());
      }
      case "integer" -> {
        // JSON Schema counts 60.0 as an integer; int is what Section.bind reads
        checkDefault(where, schemaDefault, d -> d.isNumber() && d.asDouble() == Math.rint(d.asDouble())
            && d.asDouble() >= Integer.MIN_VALUE && d.asDouble() <= Integer.MAX_VALUE, "an int");
        return scalar(name, description, plain ? "int" : "Integer", schemaDefault.map(d -> Long.toString(d.asLong())),
            List.of());
      }
      case "boolean" -> {
        checkDefault(where, schemaDefault, JsonNode::isBoolean, "a boolean");
        return scalar(name, description, plain ? "boolean" : "Boolean",
            schemaDefault.map(d -> Boolean.toString(d.asBoolean())), List.of());
      }
      case "array" -> {
        if (SchemaTree.keyword(schema.itemFacets(facets), "type").filter(t -> t.asText().equals("string"))
            .isPresent()) {
          checkDefault(where, schemaDefault, d -> d.isArray() && allTextual(d), "a list of strings");
          return new Field(name, description, "List<String>", strings("List.of(", schemaDefault, false),
              Optional.of(name + " = List.copyOf(" + name + ");"), List.of());
        }
      }
      case "object" -> {
        List<JsonNode> values = schema.additionalFacets(facets);
        if (schema.properties(facets).isEmpty()
            && SchemaTree.keyword(values, "type").filter(t -> t.asText().equals("string")).isPresent()) {
          checkDefault(where, schemaDefault, d -> d.isObject() && allTextual(d), "a mapping of strings");
          // in the order written: Map.of's order is not (and changes from one JVM to the next)
          return new Field(name, description, "Map<String, String>",
              schemaDefault.filter(d -> !d.isEmpty()).map(d -> strings("inOrder(", schemaDefault, true))
                  .orElse("Map.of()"),
              Optional.of(name + " = Collections.unmodifiableMap(new LinkedHashMap<>(" + name + "));"), List.of());
        }
      }
      default -> { }
    }
    throw new IllegalStateException(where + " has a type an options record does not hold (string, integer, boolean,"
        + " a list or mapping of strings); bind it in a hand-written record");
  }

  private static void checkDefault(String where, Optional<JsonNode> schemaDefault,
      Predicate<JsonNode> fits, String what) {
    schemaDefault.filter(fits.negate()).ifPresent(d -> {
      throw new IllegalStateException(where + ": default " + d + " is not " + what);
    });
  }

  private static boolean allTextual(JsonNode container) {
    for (JsonNode v : container) {
      if (!v.isTextual()) {
        return false;
      }
    }
    return true;
  }

  /** A field of {@code type} with the schema's default, or an {@code Optional} of it without one. */
  private static Field scalar(String name, String description, String type, Optional<String> defaultValue,
      List<String> enumValues) {
    return defaultValue.map(d -> new Field(name, description, type, d, Optional.empty(), enumValues))
        .orElseGet(() -> new Field(name, description, "Optional<" + type + ">", "Optional.empty()", Optional.empty(),
            enumValues));
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
    Set<String> imports = new TreeSet<>();
    String types = String.join(" ", fields.stream().map(Field::type).toList());
    if (types.contains("Map<")) {
      imports.addAll(List.of("java.util.Collections", "java.util.LinkedHashMap", "java.util.Map"));
    }
    if (types.contains("List<")) {
      imports.add("java.util.List");
    }
    if (types.contains("Optional<")) {
      imports.add("java.util.Optional");
    }
    imports.forEach(i -> out.append("import ").append(i).append(";\n"));
    out.append('\n');

    List<String> doc = new ArrayList<>();
    doc.add("The fields of " + code(mapping.pointer().substring(1)) + " that the schema marks "
        + code(SchemaTree.OPTION) + ", typed as the schema types them ({@link OptionsRecord}). Generated from"
        + " the schema, their home (type, default, limits, description).");
    doc.add("");
    for (Field f : fields) {
      // empty unless the schema gives a default (DEFAULTS holds the same value as a mapping that leaves it out)
      boolean mayBeEmpty = f.type().startsWith("Optional<")
          || Stream.of("List.of()", "Map.of()").anyMatch(f.defaultValue()::equals);
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
    wrapCode("public record " + name + "(" + components + ") implements OptionsRecord {", "", "    ", out);

    out.append("  /** Every field at its schema default, or empty: a mapping that sets none of them. */\n");
    wrapCode("public static final " + name + " DEFAULTS = new " + name + "("
        + String.join(", ", fields.stream().map(Field::defaultValue).toList()) + ");",
        "  ", "      ", out);
    List<Field> copied = fields.stream().filter(f -> f.copy().isPresent()).toList();
    if (!copied.isEmpty()) {
      out.append("\n  public ").append(name).append(" {\n");
      copied.forEach(f -> out.append("    ").append(f.copy().orElseThrow()).append('\n'));
      out.append("  }\n");
    }
    for (Field f : fields) {
      String method = withMethod(f.name());
      out.append("\n  /**\n   * This record with {@code ").append(f.name()).append("} replaced.\n   *\n   * @param ")
          .append(f.name()).append(" the new value\n   * @return a new record; this one is unchanged\n   */\n");
      out.append("  public ").append(name).append(' ').append(method).append('(').append(f.type()).append(' ')
          .append(f.name()).append(") {\n");
      wrapCode("return new " + name + "(" + String.join(", ", fields.stream().map(Field::name).toList()) + ");",
          "    ", "        ", out);
      out.append("  }\n");
    }
    if (fields.stream().anyMatch(f -> f.defaultValue().startsWith("inOrder("))) {
      out.append("""

            /** A mapping of {@code keysAndValues} (key, value, key, value, ...) that keeps their order. */
            private static Map<String, String> inOrder(String... keysAndValues) {
              Map<String, String> out = new LinkedHashMap<>();
              for (int i = 0; i < keysAndValues.length; i += 2) {
                out.put(keysAndValues[i], keysAndValues[i + 1]);
              }
              return out;
            }
          """);
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
    // a backslash too: javac reads a backslash, a u and four hex digits as one character even in a comment (JLS 3.3,
    // unicode escapes), which could end the comment or fail the build ("illegal unicode escape")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
        .replace("*/", "*&#47;").replace("{", "&#123;").replace("}", "&#125;").replace("\\", "&#92;");
  }

  /**
   * {@code text} wrapped at {@value #WIDTH} columns: its first line after {@code first}, the others after
   * {@code next}.
   */
  private static void wrap(String text, String first, String next, StringBuilder out) {
    wrap(List.of(text.split(" ")), first, next, out);
  }

  /** A line of Java wrapped as the Javadoc is, but never inside a string literal (whose spaces are its value). */
  private static void wrapCode(String code, String first, String next, StringBuilder out) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inLiteral = false;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == ' ' && !inLiteral) {
        words.add(word.toString());
        word.setLength(0);
        continue;
      }
      word.append(c);
      if (c == '\\' && inLiteral) {
        word.append(code.charAt(++i));
      } else if (c == '"') {
        inLiteral = !inLiteral;
      }
    }
    words.add(word.toString());
    wrap(words, first, next, out);
  }

  private static void wrap(List<String> words, String first, String next, StringBuilder out) {
    String prefix = first;
    StringBuilder line = new StringBuilder();
    for (String word : words) {
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
