package dev.svcconnect.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.schema.SchemaTree;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mapping of an environment file that passed the schema, with the schema's defaults filled in: typed reads
 * without defaults of their own (the schema has them), records bound by their components' names ({@link #bind}),
 * whether the user wrote a field (for the defaults that depend on another field), and problems reported under the
 * field's path. The cross-field rules read through it.
 */
final class Section {
  private final Problems problems;
  /** Where the mapping is in the file: names and list indexes ({@link ConfigSchema#facetsAt}). */
  private final List<Object> at;
  private final String path;
  private final JsonNode node;
  private final JsonNode written;

  private Section(Problems problems, List<Object> at, JsonNode node, JsonNode written) {
    this.problems = problems;
    this.at = List.copyOf(at);
    this.path = ConfigSchema.path(at);
    this.node = node;
    this.written = written;
  }

  /** The top level: {@code filled} is the validated tree with defaults, {@code written} the file as parsed. */
  static Section root(Problems problems, JsonNode filled, JsonNode written) {
    return new Section(problems, List.of(), filled, written);
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
    return new Section(problems, ConfigSchema.append(at, key), node.path(key), written.path(key));
  }

  Optional<Section> optionalSection(String key) {
    return has(key) ? Optional.of(section(key)) : Optional.empty();
  }

  /** The mappings of a list; none when absent. */
  List<Section> sections(String key) {
    List<Section> out = new ArrayList<>();
    JsonNode items = node.path(key);
    for (int i = 0; i < items.size(); i++) {
      out.add(new Section(problems, ConfigSchema.append(ConfigSchema.append(at, key), i), items.get(i),
          written.path(key).path(i)));
    }
    return out;
  }

  /** The mappings under a mapping's keys, in the order written; none when absent. */
  Map<String, Section> sectionsByKey(String key) {
    Map<String, Section> out = new LinkedHashMap<>();
    node.path(key).properties().forEach(e -> out.put(e.getKey(), new Section(problems,
        ConfigSchema.append(ConfigSchema.append(at, key), e.getKey()), e.getValue(),
        written.path(key).path(e.getKey()))));
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

  // --- Binding: a record read from this mapping by its components' names and types.

  /** {@link #bind(Class, Map)} without computed components: every component is a field of this mapping. */
  <R extends Record> R bind(Class<R> type) {
    return bind(type, Map.of());
  }

  /**
   * A record of {@code type} read from this mapping: each component from the field of the same name, by its type,
   * with the schema's defaults already filled in, except the components named in {@code computed}, which are taken
   * from there (values the rules derive or check across fields, e.g. a container's log stream prefix). Binding
   * reports no problem: the schema has checked every field it reads, and the rules check the bound record.
   *
   * <p>Types bound: {@code String}; {@code int}/{@code Integer}; {@code boolean}/{@code Boolean}; an enum, from the
   * schema's spelling ({@code perAz} → {@code PER_AZ}, {@code rollback} → {@code ROLLBACK}); a nested record (its
   * mapping, bound the same way); {@code Optional} of any of these (empty when the field has no value);
   * {@code List<String>} and lists of records (empty when absent); {@code Map<String, String>} (in the order
   * written); {@link AwsFields}, whatever its name: this mapping's fields that the schema marks
   * {@value SchemaTree#AWS_FIELD}; an {@link OptionsRecord}, whatever its name: bound the same way from this same
   * mapping (its components are this mapping's {@value SchemaTree#OPTION} fields). A field of these types without a
   * value (neither written nor defaulted by the schema), a component of another type, or a computed name that is no
   * component of {@code type} is a bug in the schema or the record, not bad input: {@link IllegalStateException}.
   *
   * <p>Not Jackson's {@code treeToValue}: many records mix bound and computed components (a container's log stream
   * prefix, inputs and checked port mappings), which Jackson would need as annotated injectables in
   * {@link EnvironmentConfig}, and the schema's enum spellings would need annotations too; reading through this
   * section keeps one reader of the validated tree.
   *
   * @throws IllegalStateException as above
   */
  <R extends Record> R bind(Class<R> type, Map<String, ?> computed) {
    RecordComponent[] components = type.getRecordComponents();
    List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
    computed.keySet().stream().filter(name -> !names.contains(name)).findFirst().ifPresent(name -> {
      throw new IllegalStateException(type.getSimpleName() + " has no component " + name + " (components: "
          + String.join(", ", names) + ")");
    });
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      args[i] = computed.containsKey(c.getName()) ? computed.get(c.getName())
          : read(c.getName(), c.getGenericType(), type);
    }
    try {
      Constructor<R> canonical = type.getDeclaredConstructor(types);
      return canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot construct " + type.getSimpleName(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
    }
  }

  /** The records of a list of mappings, each bound as {@link #bind(Class)} binds; none when absent. */
  <R extends Record> List<R> bindAll(String key, Class<R> type) {
    return sections(key).stream().map(s -> s.bind(type)).toList();
  }

  private Object read(String key, Type type, Class<?> owner) {
    Class<?> raw = raw(type);
    if (raw == AwsFields.class) {
      return awsFields();
    } else if (OptionsRecord.class.isAssignableFrom(raw)) {
      return bind(raw.asSubclass(Record.class));
    } else if (raw == String.class) {
      return text(key);
    } else if (raw == int.class || raw == Integer.class) {
      return integer(key);
    } else if (raw == boolean.class || raw == Boolean.class) {
      return bool(key);
    } else if (raw.isEnum()) {
      return constant(raw, key);
    } else if (raw.isRecord()) {
      return section(key).bind(raw.asSubclass(Record.class));
    } else if (raw == Optional.class) {
      return has(key) ? Optional.of(read(key, argument(type, 0), owner)) : Optional.empty();
    } else if (raw == List.class && raw(argument(type, 0)) == String.class) {
      return texts(key);
    } else if (raw == List.class && raw(argument(type, 0)).isRecord()) {
      return bindAll(key, raw(argument(type, 0)).asSubclass(Record.class));
    } else if (raw == Map.class && raw(argument(type, 0)) == String.class && raw(argument(type, 1)) == String.class) {
      return textMap(key);
    }
    throw new IllegalStateException(owner.getSimpleName() + "." + key + " has type " + type.getTypeName()
        + ", which Section.bind does not bind; pass it as a computed component");
  }

  /**
   * The fields of this mapping that the schema marks {@value SchemaTree#AWS_FIELD}, in the schema's order, each
   * under the AWS API member it names, when it has a value other than the schema's default (a default is AWS's own
   * and is not written). Whole numbers written with a fraction ({@code 60.0}) are read as integers first, for the
   * comparison with the default too.
   */
  private AwsFields awsFields() {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    ConfigSchema.properties(ConfigSchema.facetsAt(at)).forEach((name, facets) ->
        ConfigSchema.keyword(facets, SchemaTree.AWS_FIELD).ifPresent(member -> {
          JsonNode value = AwsFields.wholeNumbersAsIntegers(node.get(name));
          boolean isDefault = ConfigSchema.keyword(facets, "default").filter(d -> d.equals(value)).isPresent();
          if (value != null && !value.isNull() && !isDefault) {
            values.put(member.textValue(), value);
          }
        }));
    return AwsFields.of(values);
  }

  /** The enum constant the schema's spelling names: {@code perAz} and {@code per-az} are {@code PER_AZ}. */
  private Object constant(Class<?> type, String key) {
    String name = SchemaTree.constantName(text(key));
    return Arrays.stream(type.getEnumConstants()).filter(c -> ((Enum<?>) c).name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException(field(key) + ": " + Display.quote(text(key)) + " names no "
            + type.getSimpleName() + "; the schema's enum and the record's must agree"));
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalStateException("Section.bind does not bind type " + type.getTypeName());
  }

  private static Type argument(Type type, int index) {
    if (type instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[index];
    }
    throw new IllegalStateException("Section.bind needs the element type of " + type.getTypeName());
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
}
