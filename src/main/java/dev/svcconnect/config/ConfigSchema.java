package dev.svcconnect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.svcconnect.schema.SchemaTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JSON Schema (draft 2020-12) of the environment file, {@code schema/environment.schema.json}: the one home of
 * every field's type, default, enum, range and pattern. It validates a parsed file with the networknt
 * json-schema-validator (compiled once, on first use), reporting every violation as a {@link Violation} in the
 * schema's field order, and fills in the schema's defaults.
 *
 * <p>Besides the standard keywords it reads two annotations: {@code patternErrorMessage} (the rule a value breaks
 * when it does not match {@code pattern}; editors' YAML and JSON language servers show it too) and {@code x-retired}
 * (a key a newer field replaced: what to write instead).
 */
public final class ConfigSchema {
  /** Where the schema is on the classpath (pom.xml copies {@code schema/} there). */
  static final String RESOURCE = "/dev/svcconnect/config/environment.schema.json";
  static final String PATTERN_MESSAGE = "patternErrorMessage";
  static final String RETIRED = "x-retired";

  private ConfigSchema() {}

  /** The schema exactly as shipped (UTF-8 JSON), e.g. for {@code ./main schema}. */
  public static String text() {
    return Loaded.TEXT;
  }

  /** The schema as a tree; callers must not modify it. */
  static JsonNode tree() {
    return Loaded.TREE;
  }

  private static final class Loaded {
    static final String TEXT = read();
    static final JsonNode TREE = parse(TEXT);
    static final SchemaTree NAVIGATION = new SchemaTree(TREE);

    private static String read() {
      try (InputStream in = ConfigSchema.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is not on the classpath (pom.xml copies schema/ there)");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static JsonNode parse(String text) {
      try {
        return new ObjectMapper().readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final AtomicBoolean PREPARING = new AtomicBoolean();

  /**
   * Starts compiling the schema on a daemon thread, so that the compilation (a few hundred milliseconds in a fresh
   * JVM) overlaps with reading and parsing the file instead of following it. Idempotent; {@link #validate} waits for
   * it. A failure surfaces where the schema is used.
   */
  static void prepare() {
    if (PREPARING.compareAndSet(false, true)) {
      Thread thread = new Thread(() -> {
        try {
          Compiled.SCHEMA.validate(JsonNodeFactory.instance.objectNode());
        } catch (RuntimeException | LinkageError e) {
          // the thread that validates rethrows it (class initialization records the cause)
        }
      }, "config-schema");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** The compiled schema and the compiled {@code propertyNames} subschemas, built on first use. */
  private static final class Compiled {
    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    static final Schema SCHEMA = REGISTRY.getSchema(SchemaLocation.of(Loaded.TREE.path("$id").asText()),
        Loaded.TREE);
    static final Map<String, Schema> SUBSCHEMAS = new ConcurrentHashMap<>();

    static Schema subschema(String pointer) {
      return SUBSCHEMAS.computeIfAbsent(pointer, p -> REGISTRY.getSchema(Loaded.TREE.at(p)));
    }
  }

  /**
   * One broken rule: {@code at} is the field's path (names and list indexes), {@code rule} the message after it.
   */
  record Violation(List<Object> at, String rule) {
    Violation {
      at = List.copyOf(at);
    }

    /** The field as messages write it, e.g. {@code services[0].serviceConnect.endpoints[1].portName}. */
    String path() {
      return ConfigSchema.path(at);
    }
  }

  /** Every violation of {@code tree} (a parsed file with the defaults filled in), in the schema's field order. */
  static List<Violation> validate(JsonNode tree) {
    List<Keyed> keyed = new ArrayList<>();
    for (Error error : Compiled.SCHEMA.validate(tree)) {
      for (Violation v : SchemaMessages.of(error)) {
        keyed.add(new Keyed(sortKey(v.at(), tree), keyed.size(), v));
      }
    }
    keyed.sort(Keyed::compareTo);
    return SchemaMessages.prune(keyed.stream().map(Keyed::violation).toList());
  }

  /** The violations of one property name against a {@code propertyNames} subschema at {@code pointer}. */
  static List<Error> validateName(String pointer, String name) {
    return Compiled.subschema(pointer).validate(TextNode.valueOf(name));
  }

  private record Keyed(List<Integer> key, int order, Violation violation) implements Comparable<Keyed> {
    @Override
    public int compareTo(Keyed o) {
      for (int i = 0; i < Math.min(key.size(), o.key.size()); i++) {
        int c = Integer.compare(key.get(i), o.key.get(i));
        if (c != 0) {
          return c;
        }
      }
      int c = Integer.compare(key.size(), o.key.size());
      return c != 0 ? c : Integer.compare(order, o.order);
    }
  }

  /**
   * Orders problems as the schema orders fields (the order of the documentation and of config/local.yaml): each
   * path element becomes its property's index, a list item its index, and a key the schema does not name comes after
   * the known ones, in the order written.
   */
  private static List<Integer> sortKey(List<Object> at, JsonNode tree) {
    List<Integer> key = new ArrayList<>();
    List<JsonNode> facets = facets(tree());
    JsonNode node = tree;
    for (Object element : at) {
      if (element instanceof Integer i) {
        key.add(i);
        facets = itemFacets(facets);
        node = node == null ? null : node.get(i);
      } else {
        String name = (String) element;
        Map<String, List<JsonNode>> properties = properties(facets);
        List<String> names = new ArrayList<>(properties.keySet());
        int index = names.indexOf(name);
        if (index < 0) {
          index = names.size() + fieldIndex(node, name);
        }
        key.add(index);
        facets = properties.containsKey(name) ? properties.get(name) : additionalFacets(facets);
        node = node == null ? null : node.get(name);
      }
    }
    return key;
  }

  private static int fieldIndex(JsonNode node, String name) {
    if (node == null || !node.isObject()) {
      return 0;
    }
    int i = 0;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); i++) {
      if (it.next().equals(name)) {
        return i;
      }
    }
    return i;
  }

  /** A validator's instance location as path elements: names and list indexes. */
  static List<Object> elements(NodePath location) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < location.getNameCount(); i++) {
      out.add(location.getElement(i));
    }
    return out;
  }

  /** {@code at} plus one element. */
  static List<Object> append(List<Object> at, Object element) {
    List<Object> out = new ArrayList<>(at);
    out.add(element);
    return out;
  }

  /** The field as messages write it: names joined by dots, list indexes in brackets ({@code a.b[2].c}). */
  static String path(List<Object> at) {
    StringBuilder out = new StringBuilder();
    for (Object element : at) {
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        out.append(out.isEmpty() ? "" : ".").append(element);
      }
    }
    return out.toString();
  }

  /** {@code parent.key}, or {@code key} at the top level. */
  static String field(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  // --- Navigation: a subschema and the schemas it refers to or combines, as one list ("facets").

  /** {@code schema} itself, then what its {@code $ref} and {@code allOf} bring in ({@link SchemaTree#facets}). */
  static List<JsonNode> facets(JsonNode schema) {
    return Loaded.NAVIGATION.facets(schema);
  }

  /** The properties the facets name, in order, each with its own facets. */
  static Map<String, List<JsonNode>> properties(List<JsonNode> facets) {
    return Loaded.NAVIGATION.properties(facets);
  }

  static List<JsonNode> itemFacets(List<JsonNode> facets) {
    return Loaded.NAVIGATION.itemFacets(facets);
  }

  static List<JsonNode> additionalFacets(List<JsonNode> facets) {
    return Loaded.NAVIGATION.additionalFacets(facets);
  }

  /** The facets of the field at {@code at}; empty when the schema does not describe it. */
  static List<JsonNode> facetsAt(List<Object> at) {
    List<JsonNode> facets = facets(tree());
    for (Object element : at) {
      if (element instanceof Integer) {
        facets = itemFacets(facets);
      } else {
        Map<String, List<JsonNode>> properties = properties(facets);
        facets = properties.containsKey((String) element) ? properties.get((String) element)
            : additionalFacets(facets);
      }
    }
    return facets;
  }

  /** The first value of {@code keyword} among the facets. */
  static Optional<JsonNode> keyword(List<JsonNode> facets, String keyword) {
    return SchemaTree.keyword(facets, keyword);
  }

  /** The names a mapping with these facets accepts, in order, without retired keys. */
  static List<String> knownFields(List<JsonNode> facets) {
    List<String> out = new ArrayList<>();
    properties(facets).forEach((name, f) -> {
      if (keyword(f, RETIRED).isEmpty()) {
        out.add(name);
      }
    });
    return out;
  }

  // --- Defaults

  /**
   * A copy of {@code written} with the schema's defaults filled in, wherever a field is absent and its mapping is
   * present (a section's own default, usually {@code {}}, makes its fields' defaults apply). Written values, null
   * included, are kept: a null is reported by {@link #validate}, never replaced. Defaults are copied, so the schema
   * tree is never shared with a config.
   */
  static JsonNode withDefaults(JsonNode written) {
    JsonNode copy = written.deepCopy();
    fill(copy, facets(tree()));
    return copy;
  }

  private static void fill(JsonNode node, List<JsonNode> facets) {
    if (node instanceof ObjectNode object) {
      Map<String, List<JsonNode>> properties = properties(facets);
      properties.forEach((name, f) -> {
        if (!object.has(name)) {
          keyword(f, "default").ifPresent(d -> object.set(name, d.deepCopy()));
        }
      });
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        List<JsonNode> f = properties.containsKey(e.getKey()) ? properties.get(e.getKey()) : additionalFacets(facets);
        fill(e.getValue(), f);
      }
    } else if (node instanceof ArrayNode array) {
      List<JsonNode> items = itemFacets(facets);
      array.forEach(item -> fill(item, items));
    }
  }
}
