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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link OptionsRecord}s, which the build generates from the schema ({@link OptionsRecordGenerator}): each is held
 * by one hand-written record and bound from its mapping; every type the generator writes compiles and binds; and what
 * it cannot write (a type, a name, a default, a misplaced marker) fails generation with one message naming the field.
 */
@UnitTier
class OptionsRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OptionsRecordGenerator GENERATOR =
      new OptionsRecordGenerator(new SchemaTree(ConfigSchema.tree()));

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
          "name": {"description": "A name.", "x-option": true, "type": "string", "default": "n"},
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
        .contains("DEFAULTS = new SampleOptions(\"n\", Mode.PER_AZ, 30, Optional.empty(), false,")
        .doesNotContain("String other");
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

  /**
   * Text that Java reads specially where the generator writes it: a default longer than the line (the generator wraps
   * code at spaces, never inside a string literal), a backslash followed by u in a description (javac reads a
   * unicode escape even inside a comment) and a map default, whose order DEFAULTS keeps as written.
   */
  @Test
  void awkwardTextCompilesAndKeepsItsValue(@TempDir Path dir) throws Exception {
    String longDefault = "non blocking mode, a default long enough to pass the line width of the generated source";
    JsonNode mapping = JSON.readTree("""
        {"type": "object", "properties": {
          "mode": {"description": "Says C:\\\\users\\\\app and \\\\u002a/ verbatim.", "x-option": true,
                   "type": "string", "default": "%s"},
          "path": {"description": "A path.", "x-option": true, "type": "string", "default": "C:\\\\users \\\\u0041"},
          "labels": {"description": "Labels.", "x-option": true, "type": "object",
                     "additionalProperties": {"type": "string"}, "default": {"z": "1", "y": "2", "x": "3", "w": "4"}}
        }}""".formatted(longDefault));
    String source = GENERATOR.source("AwkwardOptions", new OptionsRecordGenerator.Mapping("/sample", mapping));

    Class<?> type = compile(dir, "AwkwardOptions", source);
    Object defaults = type.getField("DEFAULTS").get(null);
    assertThat(type.getMethod("mode").invoke(defaults)).isEqualTo(longDefault);
    assertThat(type.getMethod("path").invoke(defaults)).isEqualTo("C:\\users \\u0041");
    assertThat(new ArrayList<Object>(((Map<?, ?>) type.getMethod("labels").invoke(defaults)).keySet()))
        .as("the default's keys, in order").containsExactly("z", "y", "x", "w");
  }

  /** Compiles {@code source} as {@code dev.svcconnect.config.<name>} (lint and doclint as errors) and loads it. */
  private static Class<?> compile(Path dir, String name, String source) throws Exception {
    Path java = dir.resolve("dev/svcconnect/config/" + name + ".java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, source, StandardCharsets.UTF_8);
    String classes = Path.of(OptionsRecord.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-Xlint:all", "-Werror",
        "-Xdoclint:all,-missing", "-encoding", "UTF-8", "-cp", classes, "-d", dir.toString(), java.toString()))
        .as("javac's exit code on %s", source).isZero();
    URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, OptionsRecord.class.getClassLoader());
    return loader.loadClass("dev.svcconnect.config." + name);
  }

  /**
   * Schema entries the generator cannot turn into Java (or whose Java would silently change another component's
   * type): each fails generation with the field's pointer and the rule, before javac sees anything.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("unwritableFields")
  void aFieldJavaCannotHoldIsRefusedByName(String properties, String message) throws IOException {
    JsonNode mapping = JSON.readTree("{\"type\": \"object\", \"properties\": {" + properties + "}}");

    assertThatThrownBy(() -> GENERATOR.source("SampleOptions", new OptionsRecordGenerator.Mapping("/m", mapping)))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith(message);
  }

  static Stream<Arguments> unwritableFields() {
    String text = "\"description\": \"d\", \"x-option\": true, \"type\": \"string\"";
    return Stream.of(
        Arguments.of("\"default\": {" + text + "}", "/m/properties/default: \"default\" is a Java keyword"),
        Arguments.of("\"log-driver\": {" + text + "}", "/m/properties/log-driver: \"log-driver\" is no Java name"),
        Arguments.of("\"hashCode\": {" + text + "}", "/m/properties/hashCode: a record component cannot be named"),
        Arguments.of("\"DEFAULTS\": {" + text + "}", "/m/properties/DEFAULTS: the record's constant"),
        Arguments.of("\"foo\": {" + text + "}, \"Foo\": {" + text + "}",
            "/m/properties/Foo: its method withFoo is also foo's"),
        Arguments.of("\"string\": {" + text + ", \"enum\": [\"a\"]}",
            "/m/properties/string: its enum would be named String"),
        Arguments.of("\"sampleOptions\": {" + text + ", \"enum\": [\"a\"]}",
            "/m/properties/sampleOptions: its enum would be named SampleOptions"),
        Arguments.of("\"mode\": {" + text + ", \"enum\": [\"perAz\", \"per-az\"]}",
            "/m/properties/mode: enum values \"perAz\" and \"per-az\" are both the constant PER_AZ"),
        Arguments.of("\"mode\": {" + text + ", \"enum\": [\"_\"]}",
            "/m/properties/mode: enum value \"_\" makes no Java constant"),
        Arguments.of("\"mode\": {" + text + ", \"enum\": [\"a\"], \"default\": \"b\"}",
            "/m/properties/mode: default \"b\" is not one of the enum's values"),
        Arguments.of("\"mode\": {" + text + ", \"default\": 5}", "/m/properties/mode: default 5 is not a string"),
        Arguments.of("\"on\": {\"description\": \"d\", \"x-option\": true, \"type\": \"boolean\","
            + " \"default\": \"yes\"}",
            "/m/properties/on: default \"yes\" is not a boolean"),
        Arguments.of("\"n\": {\"description\": \"d\", \"x-option\": true, \"type\": \"integer\","
            + " \"default\": 5000000000}",
            "/m/properties/n: default 5000000000 is not an int"),
        Arguments.of("\"labels\": {\"description\": \"d\", \"x-option\": true, \"type\": \"object\","
            + " \"additionalProperties\": {\"type\": \"string\"}, \"default\": {\"k\": 1}}",
            "/m/properties/labels: default {\"k\":1} is not a mapping of strings"));
  }

  /** The containers the stack builds without the file (the shorthand's, the readiness gate) need DEFAULTS. */
  @Test
  void aRequiredOptionWithoutADefaultIsRefused() throws IOException {
    JsonNode mapping = JSON.readTree("""
        {"type": "object", "required": ["mode"], "properties": {
          "mode": {"description": "A mode.", "x-option": true, "type": "string"}}}""");

    assertThatThrownBy(() -> GENERATOR.source("SampleOptions", new OptionsRecordGenerator.Mapping("/m", mapping)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("/m/properties/mode: an option is required without a default");
  }

  /** The build fails on such a field (the test above checks the real schema; this, that the generator refuses it). */
  @Test
  void anOptionOutsideARecordsMappingFailsGeneration() throws IOException {
    JsonNode schema = JSON.readTree("""
        {"$defs": {"task": {"type": "object", "properties": {
          "mode": {"description": "A mode.", "x-option": true, "type": "string"}}}}}""");

    assertThatThrownBy(() -> new OptionsRecordGenerator(new SchemaTree(schema)).mappings())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("/$defs/task/properties/mode is x-option outside the properties of a mapping");
  }

  @Test
  void anOptionMarkerOtherThanTrueOrFalseFailsGeneration() throws IOException {
    JsonNode schema = JSON.readTree("""
        {"$defs": {"c": {"x-optionsRecord": "COptions", "type": "object", "properties": {
          "mode": {"description": "A mode.", "x-option": "yes", "type": "string"}}}}}""");

    assertThatThrownBy(() -> new OptionsRecordGenerator(new SchemaTree(schema)).mappings())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("/$defs/c/properties/mode: x-option is \"yes\"; it is true or false");
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
}
