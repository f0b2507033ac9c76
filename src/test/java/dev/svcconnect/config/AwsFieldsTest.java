package dev.svcconnect.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.config.EnvironmentConfig.Container;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.schema.SchemaTree;
import dev.svcconnect.tiers.UnitTier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * The schema's {@code x-awsField} fields ({@link AwsFields}): each names a data type that a construct writes, sits in
 * the mapping that construct renders, and has no second home as a component of that mapping's record. That the
 * constructs write them is the synth tests' to show (ContainersSynthTest, TaskOptionsSynthTest).
 */
@UnitTier
class AwsFieldsTest {
  /** The schema mapping whose fields each rendered data type takes, and the record it is bound to. */
  private static final Map<String, String> MAPPING = Map.of(AwsFields.CONTAINER_DEFINITION, "/$defs/container",
      AwsFields.ECS_SERVICE, "/$defs/service");
  private static final Map<String, Class<? extends Record>> RECORD =
      Map.of(AwsFields.CONTAINER_DEFINITION, Container.class, AwsFields.ECS_SERVICE, Service.class);

  /** Every x-awsField of the schema: its JSON pointer (the field's schema) and its value. */
  private static Map<String, String> awsFields() {
    Map<String, String> out = new LinkedHashMap<>();
    collect(ConfigSchema.tree(), "", out);
    return out;
  }

  private static void collect(JsonNode node, String pointer, Map<String, String> out) {
    if (node.has(SchemaTree.AWS_FIELD)) {
      out.put(pointer, node.get(SchemaTree.AWS_FIELD).asText());
    }
    node.properties().forEach(e -> collect(e.getValue(), pointer + "/" + e.getKey(), out));
    for (int i = 0; node.isArray() && i < node.size(); i++) {
      collect(node.get(i), pointer + "/" + i, out);
    }
  }

  @Test
  void theSchemaHasAwsFields() {
    assertThat(awsFields().values()).as("the fields written as is").contains("ContainerDefinition.user",
        "aws_ecs_service.platform_version");
  }

  @Test
  void eachNamesAMemberOfADataTypeThatAConstructWrites() {
    awsFields().forEach((pointer, member) -> assertThat(member).as(pointer)
        .matches("(" + String.join("|", AwsFields.RENDERED_TYPES) + ")\\.[a-z][A-Za-z0-9_]*"));
  }

  /**
   * A misspelt member would pass every other tier: the container definitions are one JSON string to Terraform, and the
   * AWS provider decodes them into the API's types, dropping a member it does not know. The AWS SDK's model of the
   * data type is the API reference's list of members
   * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html).
   */
  @Test
  void eachContainerDefinitionMemberIsOneTheEcsApiHas() {
    List<String> members = ContainerDefinition.builder().build()
        .sdkFields().stream().map(SdkField::locationName).toList();
    awsFields().forEach((pointer, member) -> {
      if (member.startsWith(AwsFields.CONTAINER_DEFINITION + ".")) {
        assertThat(members).as(pointer).contains(member.substring(AwsFields.CONTAINER_DEFINITION.length() + 1));
      }
    });
  }

  @Test
  void eachSitsInTheMappingItsConstructRenders() {
    awsFields().forEach((pointer, member) -> {
      String type = member.substring(0, member.indexOf('.'));
      assertThat(pointer).as(member).matches(Pattern.quote(MAPPING.get(type)) + "/properties/[^/]+");
    });
  }

  @Test
  void noneIsAlsoAComponentOfItsMappingsRecord() {
    List<String> twice = new ArrayList<>();
    awsFields().forEach((pointer, member) -> {
      String type = member.substring(0, member.indexOf('.'));
      String field = pointer.substring(pointer.lastIndexOf('/') + 1);
      List<String> components = Arrays.stream(RECORD.get(type).getRecordComponents())
          .map(RecordComponent::getName).toList();
      if (components.contains(field)) {
        twice.add(pointer);
      }
    });
    assertThat(twice).as("fields that the schema writes as is and a record component holds too").isEmpty();
  }

  @Test
  void eachMemberIsWrittenByOneFieldOnly() {
    List<String> members = new ArrayList<>(awsFields().values());
    assertThat(members).doesNotHaveDuplicates();
  }
}
