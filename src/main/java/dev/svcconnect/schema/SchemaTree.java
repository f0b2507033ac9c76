package dev.svcconnect.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Navigation in a JSON Schema document (the environment file's): a subschema and the schemas its {@code $ref} (a
 * pointer within the document) and {@code allOf} bring in, as one list, its "facets"; a keyword is read from the
 * first facet that has it. The config layer ({@code config.ConfigSchema}) and the build's generator of options
 * records ({@code OptionsRecordGenerator}, run before the main sources compile) read the schema through it, so both
 * resolve references the same way. Depends on Jackson only.
 */
public final class SchemaTree {
  /**
   * The project's keyword for a field written unchanged to an AWS API member, named {@code DataType.member} as the
   * API reference names them ({@code ContainerDefinition.user}): {@code config.AwsFields}.
   */
  public static final String AWS_FIELD = "x-awsField";
  /**
   * The project's keyword naming the record generated from a mapping's {@link #OPTION} fields
   * ({@code "x-optionsRecord": "ContainerOptions"}): {@code config.OptionsRecord}.
   */
  public static final String OPTIONS_RECORD = "x-optionsRecord";
  /** The project's keyword ({@code "x-option": true}) for a field read through its mapping's options record. */
  public static final String OPTION = "x-option";

  private final JsonNode root;

  /** @param root the whole schema document, which {@code $ref}s point into; never modified */
  public SchemaTree(JsonNode root) {
    this.root = root;
  }

  /** The whole document. */
  public JsonNode root() {
    return root;
  }

  /** {@code schema} itself, then what its {@code $ref} and {@code allOf} bring in; empty for a missing node. */
  public List<JsonNode> facets(JsonNode schema) {
    List<JsonNode> out = new ArrayList<>();
    addFacets(schema, out);
    return out;
  }

  private void addFacets(JsonNode schema, List<JsonNode> out) {
    if (schema == null || !schema.isObject() || out.contains(schema)) {
      return;
    }
    out.add(schema);
    String ref = schema.path("$ref").asText("");
    if (ref.startsWith("#/")) {
      addFacets(root.at(ref.substring(1)), out);
    }
    for (JsonNode sub : schema.path("allOf")) {
      addFacets(sub, out);
    }
  }

  /** The properties the facets name, in order, each with its own facets. */
  public Map<String, List<JsonNode>> properties(List<JsonNode> facets) {
    Map<String, List<JsonNode>> out = new LinkedHashMap<>();
    for (JsonNode facet : facets) {
      for (Map.Entry<String, JsonNode> p : facet.path("properties").properties()) {
        List<JsonNode> list = out.computeIfAbsent(p.getKey(), k -> new ArrayList<>());
        for (JsonNode f : facets(p.getValue())) {
          if (!list.contains(f)) {
            list.add(f);
          }
        }
      }
    }
    return out;
  }

  /** The facets of a list's items; empty when the facets describe no list. */
  public List<JsonNode> itemFacets(List<JsonNode> facets) {
    return facets.stream().filter(f -> f.has("items")).findFirst().map(f -> facets(f.get("items")))
        .orElse(List.of());
  }

  /** The facets of a mapping's values under keys it does not name; empty when there are none. */
  public List<JsonNode> additionalFacets(List<JsonNode> facets) {
    return facets.stream().filter(f -> f.path("additionalProperties").isObject()).findFirst()
        .map(f -> facets(f.get("additionalProperties"))).orElse(List.of());
  }

  /** The first value of {@code keyword} among the facets. */
  public static Optional<JsonNode> keyword(List<JsonNode> facets, String keyword) {
    return facets.stream().filter(f -> f.has(keyword)).findFirst().map(f -> f.get(keyword));
  }

  /**
   * The Java enum constant's name for a schema enum value: {@code perAz} and {@code per-az} are {@code PER_AZ}. The
   * config layer binds enum fields by it; the generator names generated enums' constants by it.
   */
  public static String constantName(String spelling) {
    return spelling.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
