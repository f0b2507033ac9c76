package dev.svcconnect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.schema.OptionsRecordGenerator;
import dev.svcconnect.schema.SchemaTree;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link OptionsRecord}s, which the build generates from the schema ({@link OptionsRecordGenerator}): each is held
 * by one hand-written record and bound from its mapping, every field marked for one is in a mapping that names one,
 * and every type the generator writes compiles and binds.
 */
@UnitTier
class OptionsRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OptionsRecordGenerator GENERATOR =
      new OptionsRecordGenerator(new SchemaTree(ConfigSchema.tree()));

  @Test
  void everyOptionIsInAMappingThatNamesItsRecord() {
    List<String> orphans = new ArrayList<>();
    options(ConfigSchema.tree(), "", null, orphans);
    assertThat(orphans).as("fields marked %s whose mapping has no %s", SchemaTree.OPTION,
        SchemaTree.OPTIONS_RECORD).isEmpty();
  }

  /**
   * Section.bind fills an options record from the mapping of the record that holds it: one hand-written record per
   * options record, and their names apart (a field is read through one of them).
   */
  @Test
  void eachOptionsRecordIsAComponentOfOneRecordWithOtherNames() throws ClassNotFoundException {
    for (String name : GENERATOR.mappings().keySet()) {
      Class<?> options = Class.forName("dev.svcconnect.config." + name);
      assertThat(OptionsRecord.class).isAssignableFrom(options);
      List<Class<?>> holders = Arrays.stream(EnvironmentConfig.class.getDeclaredClasses())
          .filter(Class::isRecord)
          .filter(r -> Arrays.stream(r.getRecordComponents()).anyMatch(c -> c.getType() == options))
          .toList();
      assertThat(holders).as("records holding %s", name).hasSize(1);
      Set<String> own = new HashSet<>(Arrays.stream(holders.get(0).getRecordComponents())
          .map(RecordComponent::getName).toList());
      assertThat(Arrays.stream(options.getRecordComponents()).map(RecordComponent::getName))
          .as("%s's fields that %s also holds", name, holders.get(0).getSimpleName())
          .noneMatch(own::contains);
    }
  }

  @Test
  void containerOptionsAreBoundFromTheContainersMapping() {
    EnvironmentConfig config = ConfigLoader.load(Path.of("src/test/resources/topology/options-containers.yaml"));
    EnvironmentConfig.Container app = config.services().get(0).task().app();

    assertThat(app.options().entryPoint()).containsExactly("/app/bin/shop");
    assertThat(config.services().get(0).task().containers().get(2).options())
        .isEqualTo(ContainerOptions.DEFAULTS.withCommand(List.of("migrate", "up")));
  }

  /**
   * Every type the generator writes, compiled with javac (lint and doclint, but for missing comments, as errors)
   * and bound from a mapping with {@link Section#bind}: the types the real schema does not use yet are checked too.
   * The mapping's defaults are written out, as the schema's are filled in before binding.
   */
  @Test
  void everyTypeTheGeneratorWritesCompilesAndBinds(@TempDir Path dir) throws Exception {
    JsonNode mapping = JSON.readTree("""
        {"type": "object", "required": ["name"], "properties": {
          "name": {"description": "A name.", "x-option": true, "type": "string"},
          "mode": {"description": "A mode <b>.", "x-option": true, "type": "string",
                   "enum": ["perAz", "non-blocking"], "default": "perAz"},
          "count": {"description": "Seconds.", "x-option": true, "type": "integer", "default": 30},
          "limit": {"description": "Optional.", "x-option": true, "type": "integer"},
          "on": {"description": "A flag.", "x-option": true, "type": "boolean", "default": false},
          "words": {"description": "Words.", "x-option": true, "type": "array", "items": {"type": "string"}},
          "labels": {"description": "*/ Labels {@code x}.", "x-option": true, "type": "object",
                     "additionalProperties": {"type": "string"}},
          "other": {"description": "Not an option.", "type": "string"}}}""");
    String source = GENERATOR.source("SampleOptions", new OptionsRecordGenerator.Mapping("/sample", mapping));

    assertThat(source.replaceAll("\\s+", " ")).contains("public record SampleOptions(String name, Mode mode, int count,"
        + " Optional<Integer> limit, boolean on, List<String> words, Map<String, String> labels)")
        .contains("public enum Mode { PER_AZ, NON_BLOCKING }")
        .doesNotContain("DEFAULTS").doesNotContain("String other");
    Path java = dir.resolve("dev/svcconnect/config/SampleOptions.java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classes = Path.of(OptionsRecord.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    assertThat(javac.run(null, null, null, "-Xlint:all", "-Werror", "-Xdoclint:all,-missing", "-cp", classes, "-d",
        dir.toString(), java.toString())).as("javac's exit code").isZero();

    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        OptionsRecord.class.getClassLoader())) {
      Class<? extends Record> type = loader.loadClass("dev.svcconnect.config.SampleOptions")
          .asSubclass(Record.class);
      JsonNode written = JSON.readTree("""
          {"name": "a", "mode": "non-blocking", "count": 5, "on": true, "words": ["x", "y"], "labels": {"k": "v"}}""");
      Record bound = Section.root(new Problems("sample.yaml"), written, written).bind(type);
      assertThat(bound.toString()).isEqualTo(
          "SampleOptions[name=a, mode=NON_BLOCKING, count=5, limit=Optional.empty, on=true, words=[x, y],"
              + " labels={k=v}]");
    }
  }

  @Test
  void aFieldOfAnotherTypeIsRefusedByName() throws IOException {
    JsonNode mapping = JSON.readTree("""
        {"type": "object", "properties": {
          "ratio": {"description": "A ratio.", "x-option": true, "type": "number"}}}""");

    assertThatThrownBy(() -> GENERATOR.source("X", new OptionsRecordGenerator.Mapping("/m", mapping)))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("/m/properties/ratio has a type");
  }

  @Test
  void aFieldIsAnOptionOrAnAwsFieldNotBoth() throws IOException {
    JsonNode mapping = JSON.readTree("""
        {"type": "object", "properties": {"user": {"description": "A user.", "x-option": true,
          "x-awsField": "ContainerDefinition.user", "type": "string"}}}""");

    assertThatThrownBy(() -> GENERATOR.source("X", new OptionsRecordGenerator.Mapping("/m", mapping)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("is both x-option and x-awsField");
  }

  /** Adds to {@code orphans} each x-option field under {@code node} outside a mapping that names a record. */
  private static void options(JsonNode node, String pointer, JsonNode parentMapping, List<String> orphans) {
    if (node.isObject()) {
      if (node.path(SchemaTree.OPTION).asBoolean() && (parentMapping == null
          || !parentMapping.has(SchemaTree.OPTIONS_RECORD))) {
        orphans.add(pointer);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("properties")) {
          for (Iterator<Map.Entry<String, JsonNode>> p = e.getValue().fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> property = p.next();
            options(property.getValue(), pointer + "/properties/" + property.getKey(), node, orphans);
          }
        } else {
          options(e.getValue(), pointer + "/" + e.getKey(), null, orphans);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        options(node.get(i), pointer + "/" + i, null, orphans);
      }
    }
  }
}
