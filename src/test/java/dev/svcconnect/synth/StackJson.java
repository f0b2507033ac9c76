package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.tfjson.StackDocument.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One synthesized stack, seen two ways: {@link #json()} is exactly what {@code Testing.synth(stack, true)} returned
 * (for the {@code Testing.toHave...} matchers), {@link #root()} is the same configuration with the construct
 * metadata ({@code //.metadata.path}) that {@code Testing.synth} strips, so resources can be found by construct path.
 * The stack is read by {@link StackDocument}, the reader the policy suite and the report use; this class only adds
 * lookups that fail the test with a clear message.
 */
public final class StackJson {
  private final String json;
  private final StackDocument document;

  StackJson(String json, StackDocument document) {
    this.json = json;
    this.document = document;
  }

  /** The output of {@code Testing.synth(stack, true)}. */
  public String json() {
    return json;
  }

  /** The full Terraform JSON, construct metadata included. */
  public JsonNode root() {
    return document.root();
  }

  /** The stack as the policy suite and the report read it. */
  public StackDocument document() {
    return document;
  }

  /** A terraform block ({@code resource} or {@code data}) of the stack, with its construct path. */
  public record Block(Resource resource) {
    public boolean data() {
      return resource.data();
    }

    public String type() {
      return resource.type();
    }

    public String name() {
      return resource.name();
    }

    /** The construct path, e.g. {@code service-connect/Network/Resource}. */
    public String path() {
      return resource.path();
    }

    public JsonNode body() {
      return resource.body();
    }

    /** The Terraform interpolation of {@code attribute}, e.g. {@code ${aws_vpc.Network_1C6012B5.id}}. */
    public String ref(String attribute) {
      return resource.ref(attribute);
    }

    /** What {@code depends_on} lists for this block. */
    public String address() {
      return resource.address();
    }

    public JsonNode get(String field) {
      return resource.get(field);
    }

    /** The text of a string field; fails if the field is missing or not a string. */
    public String text(String field) {
      JsonNode value = get(field);
      assertThat(value.isTextual()).as("%s.%s is a string, got %s", path(), field, value).isTrue();
      return value.textValue();
    }

    /** Parses a field that holds a JSON document as a string (IAM policies, container definitions). */
    public JsonNode parsed(String field) {
      Optional<JsonNode> parsed = StackDocument.parsed(get(field));
      assertThat(parsed).as("%s.%s is a string holding JSON, got %s", path(), field, get(field)).isPresent();
      return parsed.orElseThrow();
    }
  }

  public List<Block> resources(String type) {
    return blocks(document.resources(type));
  }

  public List<Block> dataSources(String type) {
    return blocks(document.dataSources(type));
  }

  /** Every resource of the stack, of every type. */
  public List<Block> allResources() {
    return blocks(document.resources());
  }

  /** Every data source of the stack, of every type. */
  public List<Block> allDataSources() {
    return blocks(document.dataSources());
  }

  /** The resource of {@code type} at construct path {@code <stack>/<relativePath>}; fails if there is none. */
  public Block resource(String type, String relativePath) {
    return find(resources(type), relativePath);
  }

  public Block dataSource(String type, String relativePath) {
    return find(dataSources(type), relativePath);
  }

  public Optional<Block> findResource(String type, String relativePath) {
    String path = document.stackId() + "/" + relativePath;
    return resources(type).stream().filter(b -> b.path().equals(path)).findFirst();
  }

  public List<Block> resources(String type, Predicate<Block> filter) {
    return resources(type).stream().filter(filter).toList();
  }

  /** The construct paths of every resource (or data source), relative to the stack. */
  public Set<String> paths(List<Block> blocks) {
    Set<String> paths = new TreeSet<>();
    blocks.forEach(b -> paths.add(relative(b.path())));
    return paths;
  }

  public String relative(String path) {
    String stackId = document.stackId();
    assertThat(path).as("construct path").startsWith(stackId + "/");
    return path.substring(stackId.length() + 1);
  }

  /** The stack's {@code output} block. */
  public JsonNode outputs() {
    return root().path("output");
  }

  /** The value of output {@code name}; fails if there is no such output. */
  public JsonNode output(String name) {
    assertThat(outputs().has(name)).as("output %s exists among %s", name, names(outputs())).isTrue();
    return outputs().path(name).path("value");
  }

  /** The single configuration of provider {@code name}. */
  public JsonNode provider(String name) {
    JsonNode providers = root().path("provider").path(name);
    assertThat(providers.isArray() && providers.size() == 1)
        .as("exactly one %s provider configuration, got %s", name, providers).isTrue();
    return providers.get(0);
  }

  /** The {@code terraform} block. */
  public JsonNode terraform() {
    return root().path("terraform");
  }

  /** The strings of a JSON array; fails if {@code array} is not an array of strings. */
  public static List<String> texts(JsonNode array) {
    assertThat(array.isArray()).as("expected an array, got %s", array).isTrue();
    List<String> texts = new ArrayList<>();
    array.forEach(item -> {
      assertThat(item.isTextual()).as("expected a string, got %s", item).isTrue();
      texts.add(item.textValue());
    });
    return texts;
  }

  /** A JSON object whose members are all strings, as a map; fails on anything else. */
  public static Map<String, String> stringMap(JsonNode object) {
    assertThat(object.isObject()).as("expected an object, got %s", object).isTrue();
    Map<String, String> map = new LinkedHashMap<>();
    object.properties().forEach(e -> {
      assertThat(e.getValue().isTextual()).as("%s is a string, got %s", e.getKey(), e.getValue()).isTrue();
      map.put(e.getKey(), e.getValue().textValue());
    });
    return map;
  }

  /** The member names of a JSON object, sorted. */
  public static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private Block find(List<Block> blocks, String relativePath) {
    String path = document.stackId() + "/" + relativePath;
    List<Block> matches = blocks.stream().filter(b -> b.path().equals(path)).toList();
    assertThat(matches).as("blocks at construct path %s among %s", path, paths(blocks)).hasSize(1);
    return matches.get(0);
  }

  /** The blocks, each of which must carry its construct path (CDKTF writes one on every block). */
  private static List<Block> blocks(List<Resource> resources) {
    List<Block> blocks = new ArrayList<>();
    for (Resource r : resources) {
      assertThat(r.hasConstructPath()).as("%s has //.metadata.path", r.address()).isTrue();
      blocks.add(new Block(r));
    }
    return blocks;
  }

  /** {@code node} without any {@code "//"} member at any depth: what {@code Testing.synth} keeps. */
  static JsonNode withoutMetadata(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("//");
    }
    node.forEach(StackJson::strip);
  }
}
