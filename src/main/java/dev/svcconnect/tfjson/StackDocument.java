package dev.svcconnect.tfjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One synthesized stack ({@code cdk.tf.json}), read with Jackson: its resources, data sources and the references
 * between them. The one reader of Terraform JSON: the policy suite, the reachability report and the tests all read
 * stacks through it. This package depends on Jackson alone, never on cdktf or jsii (an ArchUnit test enforces it),
 * so whatever reads a stack works on the JSON that will be applied, not on the constructs that made it.
 */
public final class StackDocument {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  /** A whole-value Terraform reference such as {@code ${aws_vpc.Network_1C6012B5.id}}. */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(aws_[a-z0-9_]+)\\.([A-Za-z0-9_-]+)\\.[a-z_]+}");
  private static final Pattern DATA_REFERENCE =
      Pattern.compile("\\$\\{data\\.(aws_[a-z0-9_]+)\\.([A-Za-z0-9_-]+)\\.[a-z_]+}");

  private final String stackId;
  private final JsonNode root;
  private final List<Resource> resources = new ArrayList<>();
  private final List<Resource> dataSources = new ArrayList<>();

  /**
   * A {@code resource} block, or with {@code data} a {@code data} block (Terraform's "data resource"), with its
   * construct path ({@code //.metadata.path}; {@code <stack>/<name>} for a block without one).
   */
  public record Resource(String stack, boolean data, String type, String name, String path, JsonNode body) {
    /** The Terraform address: {@code type.name}, or {@code data.type.name} for a data source. */
    public String address() {
      return (data ? "data." : "") + type + "." + name;
    }

    /** The Terraform interpolation of {@code attribute}, e.g. {@code ${aws_vpc.Network_1C6012B5.id}}. */
    public String ref(String attribute) {
      return "${" + address() + "." + attribute + "}";
    }

    /** Whether the block carries its construct path; every block CDKTF writes does. */
    public boolean hasConstructPath() {
      return body.path("//").path("metadata").path("path").isTextual();
    }

    /** How reports name it: construct path and Terraform address. */
    public String display() {
      return path + " (" + address() + ")";
    }

    public JsonNode get(String field) {
      return body.path(field);
    }
  }

  public StackDocument(String stackId, JsonNode root) {
    this.stackId = stackId;
    this.root = root;
    read(false, resources);
    read(true, dataSources);
  }

  private void read(boolean data, List<Resource> into) {
    for (Map.Entry<String, JsonNode> byType : root.path(data ? "data" : "resource").properties()) {
      for (Map.Entry<String, JsonNode> e : byType.getValue().properties()) {
        JsonNode path = e.getValue().path("//").path("metadata").path("path");
        String p = path.isTextual() ? path.textValue() : stackId + "/" + e.getKey();
        into.add(new Resource(stackId, data, byType.getKey(), e.getKey(), p, e.getValue()));
      }
    }
  }

  public static StackDocument read(String stackId, Path cdkTfJson) {
    try {
      return new StackDocument(stackId, MAPPER.readTree(cdkTfJson.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the synthesized stack " + cdkTfJson, e);
    }
  }

  public String stackId() {
    return stackId;
  }

  public JsonNode root() {
    return root;
  }

  public List<Resource> resources() {
    return resources;
  }

  public List<Resource> resources(String type) {
    return resources.stream().filter(r -> r.type().equals(type)).toList();
  }

  /** Every data source, in document order. */
  public List<Resource> dataSources() {
    return dataSources;
  }

  public List<Resource> dataSources(String type) {
    return dataSources.stream().filter(r -> r.type().equals(type)).toList();
  }

  public Optional<Resource> byAddress(String type, String name) {
    return resources.stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst();
  }

  /** The resource {@code value} refers to, when it is a single reference such as {@code ${aws_x.y.id}}. */
  public Optional<Resource> referenced(JsonNode value) {
    if (!value.isTextual()) {
      return Optional.empty();
    }
    Matcher m = REFERENCE.matcher(value.textValue().strip());
    return m.matches() ? byAddress(m.group(1), m.group(2)) : Optional.empty();
  }

  /** The data source {@code value} refers to, when it is a single reference such as {@code ${data.aws_x.y.arn}}. */
  public Optional<Resource> referencedData(JsonNode value) {
    if (!value.isTextual()) {
      return Optional.empty();
    }
    Matcher m = DATA_REFERENCE.matcher(value.textValue().strip());
    return m.matches() ? dataSources.stream().filter(r -> r.type().equals(m.group(1)) && r.name().equals(m.group(2)))
        .findFirst() : Optional.empty();
  }

  /** Whether {@code value} refers to {@code target} (any attribute of it). */
  public static boolean refersTo(JsonNode value, Resource target) {
    return value.isTextual() && value.textValue().contains("${" + target.address() + ".");
  }

  /** Resources of {@code type} whose {@code field} refers to {@code target}. */
  public List<Resource> referencing(String type, String field, Resource target) {
    return resources(type).stream().filter(r -> refersTo(r.get(field), target)).toList();
  }

  /** A nested block: CDKTF writes single blocks as objects and repeatable ones as lists; this reads either. */
  public static JsonNode block(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isArray() ? (v.isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : v.get(0)) : v;
  }

  /** A repeatable nested block as a list (empty when absent). */
  public static List<JsonNode> blocks(JsonNode node, String field) {
    JsonNode v = node.path(field);
    List<JsonNode> out = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(out::add);
    } else if (v.isObject()) {
      out.add(v);
    }
    return out;
  }

  /** Parses a field holding a JSON document as a string (IAM policies, container definitions). */
  public static Optional<JsonNode> parsed(JsonNode value) {
    if (!value.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readTree(value.textValue()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
