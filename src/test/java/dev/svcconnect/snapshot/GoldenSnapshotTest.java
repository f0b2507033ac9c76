package dev.svcconnect.snapshot;

import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.svcconnect.app.Synthesizer;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.Stacks;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.SnapshotTier;
import dev.svcconnect.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tier 3: both stacks of {@code config/local.yaml}, synthesized as {@code ./main synth} builds them
 * ({@link Synthesizer#synthUnchecked}) and
 * compared, normalized, with the golden files in {@code src/test/resources/golden/}. Any change to the synthesized
 * Terraform shows up here as a reviewable diff of those files.
 *
 * <p>To accept a change, rerun with {@code -Dsnapshot.update=true} (or the environment variable
 * {@code SNAPSHOT_UPDATE=1}): the test then rewrites the golden files and passes. Review and commit their diff.
 */
@SnapshotTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldenSnapshotTest {
  static final String UPDATE_PROPERTY = "snapshot.update";
  static final String UPDATE_VARIABLE = "SNAPSHOT_UPDATE";
  static final String UPDATE_COMMAND = "./mvnw -B test -Dtest=GoldenSnapshotTest -D" + UPDATE_PROPERTY + "=true";
  static final String UPDATE_COMMAND_ENV = UPDATE_VARIABLE + "=1 ./mvnw -B test -Dtest=GoldenSnapshotTest";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(SerializationFeature.INDENT_OUTPUT);
  /** Two-space indent, LF line ends on every OS, one array element per line: diffs stay line-oriented. */
  private static final DefaultPrettyPrinter PRINTER;

  static {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    PRINTER = new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter);
  }

  /** Surefire runs tests in the project directory and also passes it as {@code basedir}. */
  private final Path projectDir =
      Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
  private final Path goldenDir = projectDir.resolve("src/test/resources/golden");
  private final Path actualDir = projectDir.resolve("target/snapshot-actual");

  private Path outdir;
  private final Map<String, String> actual = new LinkedHashMap<>();

  @BeforeAll
  void synthesizeBothStacks(@TempDir Path tempDir) throws IOException {
    outdir = tempDir.toAbsolutePath();
    EnvironmentConfig config = ConfigLoader.load(projectDir.resolve(Fixtures.LOCAL));
    // Not System.getenv(): a developer's AWS_ENDPOINT_URL must not change the golden output.
    DeploymentTarget target = DeploymentTarget.resolve(config, Map.of());
    Stacks.Synthesized synthesized = Synthesizer.synthUnchecked(config, Topology.of(config), target, outdir);
    for (String stackId : List.of(StateBootstrapStack.ID, ServiceConnectStack.ID)) {
      actual.put(stackId, normalize(Files.readString(synthesized.stackDir(stackId).resolve("cdk.tf.json"))));
    }
  }

  /** Parsed and re-serialized with sorted keys, pretty-printed, ending in a newline. */
  static String normalize(String json) throws IOException {
    Object tree = MAPPER.readValue(json, Object.class);
    return MAPPER.writer(PRINTER).writeValueAsString(tree) + "\n";
  }

  static boolean updateRequested() {
    String variable = System.getenv(UPDATE_VARIABLE);
    return Boolean.getBoolean(UPDATE_PROPERTY)
        || (variable != null && (variable.equals("1") || variable.equalsIgnoreCase("true")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {StateBootstrapStack.ID, ServiceConnectStack.ID})
  void stackMatchesItsGoldenFile(String stackId) throws IOException {
    String synthesized = actual.get(stackId);
    Path golden = goldenDir.resolve(stackId + ".json");
    Path actualFile = actualDir.resolve(stackId + ".json");
    if (updateRequested()) {
      Files.createDirectories(goldenDir);
      Files.writeString(golden, synthesized);
      Files.deleteIfExists(actualFile);
      return;
    }
    String expected = Files.exists(golden) ? Files.readString(golden).replace("\r\n", "\n") : null;
    if (synthesized.equals(expected)) {
      Files.deleteIfExists(actualFile);
      return;
    }
    Files.createDirectories(actualDir);
    Files.writeString(actualFile, synthesized);
    String where = expected == null
        ? "there is no golden file " + projectDir.relativize(golden)
        : "it differs from " + projectDir.relativize(golden) + "\n" + firstDifference(expected, synthesized);
    if (expected != null && onlyEmbeddedKeyOrderDiffers(expected, synthesized)) {
      fail("The synthesized Terraform JSON of stack '" + stackId + "' differs from its golden snapshot only in the"
          + " key order inside JSON-encoded string values (container_definitions, IAM policies): the synth is not"
          + " deterministic. Some src/main code renders such a document from an unordered map (Map.of, HashMap);"
          + " make it insertion-ordered (LinkedHashMap). Updating the golden files would not help: the order"
          + " changes from one JVM to the next.\n" + where + "\nThe normalized actual output is in "
          + projectDir.relativize(actualFile) + ".");
    }
    fail("The synthesized Terraform JSON of stack '" + stackId + "' no longer matches its golden snapshot: "
        + where + "\n"
        + "The normalized actual output is in " + projectDir.relativize(actualFile) + "; compare with\n"
        + "  diff -u " + projectDir.relativize(golden) + " " + projectDir.relativize(actualFile) + "\n"
        + "If the change is intended, rewrite the golden files with\n"
        + "  " + UPDATE_COMMAND + "\n"
        + "(or: " + UPDATE_COMMAND_ENV + ")\n"
        + "and review their diff before committing.");
  }

  /**
   * Whether the two normalized documents become equal once every string value holding a JSON object or array is
   * itself re-serialized with sorted keys. Used only to explain a failure, never to pass one.
   */
  static boolean onlyEmbeddedKeyOrderDiffers(String expected, String actual) throws IOException {
    return canonicalEmbedded(MAPPER.readTree(expected)).equals(canonicalEmbedded(MAPPER.readTree(actual)));
  }

  private static JsonNode canonicalEmbedded(JsonNode node) throws IOException {
    if (node.isTextual()) {
      String text = node.textValue().strip();
      if (text.startsWith("{") || text.startsWith("[")) {
        try {
          return TextNode.valueOf(normalize(text));
        } catch (JsonProcessingException e) {
          return node;
        }
      }
      return node;
    }
    if (node instanceof ObjectNode object) {
      ObjectNode copy = object.objectNode();
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        copy.set(e.getKey(), canonicalEmbedded(e.getValue()));
      }
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = array.arrayNode();
      for (JsonNode item : array) {
        copy.add(canonicalEmbedded(item));
      }
      return copy;
    }
    return node;
  }

  /** The first line where the two texts differ, with its number. */
  static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "<end of file>";
      String al = i < a.length ? a[i] : "<end of file>";
      if (!el.equals(al)) {
        return "first difference at line " + (i + 1) + ":\n  golden: " + el.strip() + "\n  actual: " + al.strip();
      }
    }
    return "no line differs";
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {StateBootstrapStack.ID, ServiceConnectStack.ID})
  void snapshotHoldsNothingMachineSpecific(String stackId) {
    String synthesized = actual.get(stackId);
    assertThat(synthesized).as("synthesized %s", stackId).isNotBlank();
    List<String> machinePaths = List.of(outdir.toString(), projectDir.toString(), System.getProperty("user.home"),
        Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString());
    for (String local : machinePaths) {
      // A root-like home ("/") would match every path-shaped value; such short paths identify no machine anyway.
      if (local.length() > 3) {
        assertThat(synthesized).as("%s must not mention the machine path %s", stackId, local).doesNotContain(local);
      }
    }
    assertThat(Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}").matcher(synthesized).find())
        .as("%s must not hold a timestamp", stackId).isFalse();
  }

  @Test
  void normalizationSortsKeysPrettyPrintsAndEndsWithANewline() throws IOException {
    assertThat(normalize("{\"b\":[1,{\"d\":2,\"c\":3}],\"a\":\"x\"}")).isEqualTo("""
        {
          "a" : "x",
          "b" : [
            1,
            {
              "c" : 3,
              "d" : 2
            }
          ]
        }
        """);
  }

  @Test
  void failureExplanationRecognizesAReorderedEmbeddedDocument() throws IOException {
    String golden = normalize("{\"p\":\"{\\\"a\\\":1,\\\"b\\\":2}\"}");
    String reordered = normalize("{\"p\":\"{\\\"b\\\":2,\\\"a\\\":1}\"}");
    String changed = normalize("{\"p\":\"{\\\"b\\\":3,\\\"a\\\":1}\"}");
    assertThat(golden).isNotEqualTo(reordered);
    assertThat(onlyEmbeddedKeyOrderDiffers(golden, reordered)).isTrue();
    assertThat(onlyEmbeddedKeyOrderDiffers(golden, changed)).isFalse();
  }
}
