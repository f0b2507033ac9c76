package dev.svcconnect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.schema.SchemaTree;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fields of a config mapping that go to AWS unchanged: those the schema marks {@code x-awsField} with where they
 * are written, as the user set them: an AWS API data type's member as the API reference spells it
 * ({@code "ContainerDefinition.user"}), or a Terraform resource's argument
 * ({@code "aws_ecs_service.platform_version"}). The schema is their one home (type, limits, description, source);
 * the construct that renders the data type writes them all ({@link #of}), so such a field needs no Java of its own
 * (docs/architecture.md, "Adding a config field").
 *
 * <p>A field is here when it has a value other than the schema's default: a default is AWS's own, and is not written
 * (so {@code readonlyRootFilesystem: false} writes nothing, as ECS's default is false).
 *
 * @param values by {@code DataType.member}, in the schema's order; each value as JSON reads it: {@code String},
 *     {@code Integer}, {@code Boolean}, {@code List} or {@code Map} of these
 */
public record AwsFields(Map<String, Object> values) {
  /** A mapping that sets none (a container written with the task's shorthand). */
  public static final AwsFields NONE = new AwsFields(Map.of());

  /**
   * ECS's container definition
   * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html), which
   * {@code service.FargateTaskDefinition} writes.
   */
  public static final String CONTAINER_DEFINITION = "ContainerDefinition";
  /**
   * An ECS service's Terraform resource, whose arguments ({@code platform_version}) {@code service.ConnectedService}
   * writes (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_service).
   */
  public static final String ECS_SERVICE = "aws_ecs_service";
  /** The data types a construct writes: a field naming another one is refused by AwsFieldsTest. */
  public static final List<String> RENDERED_TYPES = List.of(CONTAINER_DEFINITION, ECS_SERVICE);

  private static final ObjectMapper JSON = new ObjectMapper();

  public AwsFields {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  static AwsFields of(Map<String, JsonNode> json) {
    Map<String, Object> values = new LinkedHashMap<>();
    json.forEach((member, value) -> values.put(member, JSON.convertValue(value, Object.class)));
    return new AwsFields(values);
  }

  /**
   * {@code value} with every number that has no fractional part but is written with one ({@code 60.0}, {@code 6e1})
   * as an integer, in lists and mappings too; anything else unchanged; null stays null. JSON Schema counts
   * {@code 60.0} as an integer, so the schema accepts it, but ECS's container definition members are int32 and the
   * AWS provider refuses {@code 60.0} there when it applies ("json: cannot unmarshal number 60.0 into Go struct
   * field ContainerDefinition.StopTimeout of type int32", provider 5.100.0;
   * https://json-schema.org/understanding-json-schema/reference/numeric : "Numbers with a zero fractional part are
   * considered integers").
   */
  static JsonNode wholeNumbersAsIntegers(JsonNode value) {
    if (value == null) {
      return null;
    } else if (value.isFloatingPointNumber() && value.canConvertToExactIntegral()) {
      return value.canConvertToInt() ? JsonNodeFactory.instance.numberNode(value.intValue())
          : JsonNodeFactory.instance.numberNode(value.decimalValue().toBigIntegerExact());
    } else if (value.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      value.forEach(element -> out.add(wholeNumbersAsIntegers(element)));
      return out;
    } else if (value.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      value.properties().forEach(e -> out.set(e.getKey(), wholeNumbersAsIntegers(e.getValue())));
      return out;
    }
    return value;
  }

  /**
   * The members of {@code dataType} ({@code ContainerDefinition}, {@code aws_ecs_service}) with their values, in
   * order, keyed by member name ({@code user}, {@code platform_version}): what the construct writes into it. Text is
   * as the user wrote it: escape it at the border ({@code naming.Literal}).
   */
  public Map<String, Object> of(String dataType) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((member, value) -> {
      if (member.startsWith(dataType + ".")) {
        out.put(member.substring(dataType.length() + 1), value);
      }
    });
    return out;
  }

  /**
   * {@link #of(String)}, for {@code writer}, the construct that also writes members of {@code dataType} itself
   * ({@code written}, asked only when the config sets a field of that type). A member that a field marked
   * {@code x-awsField} names and the construct writes too is a bug in the schema (docs/architecture.md, "Adding a
   * config field"): one value would replace the other without a word, and AwsFieldsTest cannot see it, since the
   * config's field names differ from AWS's ({@code stopTimeoutSec} is {@code stopTimeout}).
   *
   * @throws IllegalStateException naming such a member
   */
  public Map<String, Object> of(String dataType, String writer, Supplier<? extends Collection<String>> written) {
    Map<String, Object> asIs = of(dataType);
    if (!asIs.isEmpty()) {
      Collection<String> own = written.get();
      asIs.keySet().stream().filter(own::contains).findFirst().ifPresent(member -> {
        throw new IllegalStateException(dataType + "." + member + " is written by " + writer + " and by a schema"
            + " field marked " + SchemaTree.AWS_FIELD + "; give it one home");
      });
    }
    return asIs;
  }
}
