package dev.svcconnect.config;

import dev.svcconnect.schema.SchemaTree;
import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema file itself, {@code schema/environment.schema.json}: a valid JSON Schema 2020-12, what the classpath
 * carries, every accepted fixture valid against it, and the conventions the loader and the docs rely on (a description
 * per field, a message per keyword, a doc URL per AWS limit).
 */
@UnitTier
class ConfigSchemaTest {
  private static final Path SCHEMA_FILE = Path.of("schema/environment.schema.json");
  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
  /** Keywords that only annotate (or structure) and so need no message. */
  private static final List<String> NON_ASSERTIONS = List.of("$schema", "$id", "$ref", "$defs", "$comment", "title",
      "description", "default", "examples", "deprecated", "properties", "items", "allOf", ConfigSchema.PATTERN_MESSAGE,
      ConfigSchema.RETIRED, SchemaTree.AWS_FIELD, SchemaTree.OPTION, SchemaTree.OPTIONS_RECORD);

  private static JsonNode schema;

  @BeforeAll
  static void readSchemaFile() throws IOException {
    schema = new ObjectMapper().readTree(Files.readString(SCHEMA_FILE));
  }

  @Test
  void isAValidDraft202012Schema() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    Schema metaSchema = registry.getSchema(SchemaLocation.of(META_SCHEMA));

    assertThat(schema.path("$schema").asText()).isEqualTo(META_SCHEMA);
    assertThat(schema.path("$id").asText()).isNotBlank();
    assertThat(schema.path("title").asText()).isNotBlank();
    assertThat(metaSchema.validate(schema)).isEmpty();
  }

  @Test
  void theClasspathCarriesTheSchemaFile() throws IOException {
    assertThat(ConfigSchema.text()).isEqualTo(Files.readString(SCHEMA_FILE, StandardCharsets.UTF_8));
  }

  /** Every environment file the tests accept: the copies of the shipped ones, and the topologies. */
  static Stream<Path> acceptedFixtures() throws IOException {
    List<Path> out = new ArrayList<>(List.of(Fixtures.LOCAL, Fixtures.AWS, Fixtures.SHOP));
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/topology"))) {
      files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(out::add);
    }
    out.add(Path.of("src/test/resources/config/minimal.yaml"));
    return out.stream();
  }

  /**
   * Each accepted fixture, as parsed and with the defaults filled in, is valid against the schema file at the
   * repository root, checked by a validator of its own (not the loader's); and the loader accepts it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedFixtures")
  void acceptedFixtureIsValidAgainstTheSchemaFile(Path fixture) throws IOException {
    Problems problems = new Problems(fixture.toString());
    JsonNode written = YamlTree.parse(Files.readString(fixture), problems).orElseThrow().root();
    Schema fromFile = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);

    assertThat(fromFile.validate(written)).as("as written").isEmpty();
    assertThat(fromFile.validate(ConfigSchema.withDefaults(written))).as("with the defaults").isEmpty();
    assertThat(ConfigLoader.load(fixture).source()).isEqualTo(fixture);
  }

  @Test
  void theDefaultsAloneAreValid() {
    JsonNode filled = ConfigSchema.withDefaults(new ObjectMapper().createObjectNode()
        .put("environment", "x").set("state", new ObjectMapper().createObjectNode().put("bucket", "b-b")));
    Schema fromFile = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);

    assertThat(fromFile.validate(filled)).isEmpty();
    assertThat(filled.path("services")).hasSize(2);
  }

  @Test
  void fillingDefaultsLeavesTheSchemaUnchanged() throws IOException {
    ConfigLoader.load(Path.of("src/test/resources/config/minimal.yaml"));

    assertThat(ConfigSchema.tree()).isEqualTo(schema);
  }

  /** Every keyword that asserts something has its own message in SchemaMessages. */
  @Test
  void everyAssertionKeywordHasAMessage() {
    TreeSet<String> used = new TreeSet<>();
    keywords(schema, used);
    used.removeAll(NON_ASSERTIONS);

    assertThat(SchemaMessages.KEYWORDS).containsAll(used);
  }

  private static void keywords(JsonNode node, TreeSet<String> out) {
    if (node.isArray()) {
      node.forEach(n -> keywords(n, out));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.add(e.getKey());
      if (e.getKey().equals("properties") || e.getKey().equals("$defs")) {
        e.getValue().forEach(sub -> keywords(sub, out));
      } else if (!e.getKey().equals("default") && !e.getKey().equals("examples") && !e.getKey().equals("enum")) {
        keywords(e.getValue(), out);
      }
    }
  }

  /** Every field of the file has a one-line description (where $ref points to a shared type, at the property). */
  @Test
  void everyFieldHasAOneLineDescription() {
    List<String> missing = new ArrayList<>();
    fields("", ConfigSchema.facets(schema), missing);

    assertThat(missing).isEmpty();
  }

  private static void fields(String path, List<JsonNode> facets, List<String> missing) {
    ConfigSchema.properties(facets).forEach((name, f) -> {
      String field = path.isEmpty() ? name : path + "." + name;
      if (ConfigSchema.keyword(f, ConfigSchema.RETIRED).isPresent()) {
        return;
      }
      String description = ConfigSchema.keyword(f, "description").map(JsonNode::asText).orElse("");
      if (description.isBlank() || description.contains("\n")) {
        missing.add(field);
      }
      fields(field, f, missing);
      List<JsonNode> items = ConfigSchema.itemFacets(f);
      if (!items.isEmpty()) {
        fields(field + "[]", items, missing);
      }
    });
  }

  /** A field that states an AWS limit names its source: an AWS (or Terraform) documentation URL. */
  @Test
  void everyRangeOrPatternNamesItsSourceOrIsTheProjectsOwn() {
    Pattern url = Pattern.compile("https://(docs\\.aws\\.amazon\\.com|developer\\.hashicorp\\.com|pkg\\.go\\.dev)/");
    List<String> aws = List.of("state.bucket", "state.key", "network.vpcCidr", "network.subnetPrefixLength",
        "cluster.name", "cluster.namespace", "logs.group", "logs.retentionDays", "task.cpu", "task.memoryMiB",
        "task.healthCheck.intervalSec", "task.healthCheck.timeoutSec", "task.healthCheck.retries",
        "task.healthCheck.startPeriodSec", "task.containerCpu", "task.containerMemoryMiB",
        "task.portMappings[].containerPort", "task.portMappings[].appProtocol", "services[].platformVersion",
        "services[].serviceConnect.endpoints[].dnsName", "services[].serviceConnect.endpoints[].clientAliasPort",
        "services[].serviceConnect.endpoints[].idleTimeoutSec",
        "services[].serviceConnect.endpoints[].perRequestTimeoutSec", "services[].serviceConnect.logStreamPrefix",
        "services[].deployment.alarms.names", "services[].scaling.maxTasks", "bastion.amiParameter",
        "bastion.rootVolumeGiB", "tags");
    for (String field : aws) {
      List<JsonNode> facets = facetsOf(field);
      String sources = facets.stream().map(f -> f.path("$comment").asText() + " " + f.path("description").asText())
          .reduce("", String::concat);
      assertThat(url.matcher(sources).find()).as(field + " cites its source").isTrue();
    }
  }

  private static List<JsonNode> facetsOf(String field) {
    List<JsonNode> facets = ConfigSchema.facets(schema);
    for (String part : field.split("\\.")) {
      boolean list = part.endsWith("[]");
      facets = ConfigSchema.properties(facets).get(list ? part.substring(0, part.length() - 2) : part);
      assertThat(facets).as(field).isNotNull();
      if (list) {
        facets = ConfigSchema.itemFacets(facets);
      }
    }
    return facets;
  }

  /**
   * A default that depends on another field is applied in Java and stated in the field's description (the schema
   * has no "default" for it); the two must say the same.
   */
  @Test
  void defaultsThatDependOnAnotherFieldAreDescribedAsJavaAppliesThem() {
    JsonNode prefix = schema.at("/$defs/serviceConnect/properties/logStreamPrefix");
    EnvironmentConfig config = ConfigYaml.parse(ConfigYaml.minimal("services: [{name: web, serviceConnect:"
        + " {endpoints: [{portName: nginx}]}}]\n"));
    EnvironmentConfig.Endpoint endpoint = config.services().get(0).serviceConnect().endpoints().get(0);

    assertThat(prefix.has("default")).isFalse();
    assertThat(prefix.path("description").asText()).contains("default " + ServiceRules.LOG_STREAM_PREFIX
        + "<service name>");
    assertThat(config.services().get(0).serviceConnect().logStreamPrefix())
        .isEqualTo(ServiceRules.LOG_STREAM_PREFIX + "web");
    assertThat(schema.at("/$defs/endpoint/properties/discoveryName/description").asText()).contains("default portName");
    assertThat(endpoint.discoveryName()).isEqualTo("nginx");
    assertThat(schema.at("/$defs/endpoint/properties/dnsName/description").asText())
        .contains("default <discoveryName>.<cluster.namespace>");
    assertThat(endpoint.dnsName()).isEqualTo("nginx.local");
    assertThat(schema.at("/$defs/endpoint/properties/clientAliasPort/description").asText())
        .contains("default the container port");
    assertThat(endpoint.clientAliasPort()).isEqualTo(80);
    assertThat(schema.at("/properties/state/properties/region/description").asText()).contains("default"
        + " target.region");
  }

  /** The Fargate sizes the schema lists are the ones FargateSizes knows the memory of. */
  @Test
  void fargateCpuSizesAgreeWithTheMemoryTable() {
    List<Integer> cpus = new ArrayList<>();
    schema.at("/$defs/task/properties/cpu/enum").forEach(c -> cpus.add(c.asInt()));

    assertThat(cpus).isNotEmpty().allMatch(FargateSizes::validCpu);
    assertThat(Stream.of(128, 300, 32768).filter(FargateSizes::validCpu)).isEmpty();
  }

  /** Retired keys are refused whatever their value, and named only in the message that says what to write. */
  @Test
  void retiredKeysRefuseEveryValue() {
    List<String> retired = new ArrayList<>();
    retiredKeys(schema, retired);

    assertThat(retired).containsExactlyInAnyOrder("allowFrom", "dependsOn", "retiredFlatEndpoint");
  }

  private static void retiredKeys(JsonNode node, List<String> out) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue().has(ConfigSchema.RETIRED)) {
        assertThat(e.getValue().path("not")).as(e.getKey()).isEqualTo(new ObjectMapper().createObjectNode());
        out.add(e.getKey());
      } else if (e.getValue().isObject()) {
        retiredKeys(e.getValue(), out);
      }
    }
  }

  /** The validator's own messages never reach the user: each keyword's text is SchemaMessages'. */
  @Test
  void violationsUseTheProjectsWording() {
    List<Error> errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema)
        .validate(new ObjectMapper().createObjectNode().put("environment", 5));
    List<ConfigSchema.Violation> violations = ConfigSchema.validate(
        ConfigSchema.withDefaults(new ObjectMapper().createObjectNode().put("environment", 5)));

    assertThat(errors).isNotEmpty();
    assertThat(violations).extracting(ConfigSchema.Violation::path, ConfigSchema.Violation::rule).containsExactly(
        org.assertj.core.groups.Tuple.tuple("environment", "expected a string, got number 5"),
        org.assertj.core.groups.Tuple.tuple("state.bucket", "is required"));
  }
}
