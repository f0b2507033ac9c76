package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.known;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.tiers.UnitTier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, item 7 ("small traps"), on the schema-based validation: a present field without a value is an error for
 * every field of the schema, never its default; the "known fields" of an error never name a retired key, not even as
 * the suggestion; and a type error on one field hides no other error, of its siblings or of its section.
 */
@UnitTier
class PresentFieldRulesTest {
  /**
   * Every accepted fixture (the refused ones there are the loader's to refuse): with the schema's defaults filled in
   * and {@link #RARE_FIELDS}, they hold every field of the schema between them
   * ({@link #everySchemaFieldIsPresentInOneOfTheDocuments} keeps it so).
   */
  private static final List<Path> FIXTURE_DIRS = List.of(Fixtures.LOCAL.getParent(),
      Path.of("src/test/resources/topology"));

  /** The fields no fixture above writes: an accepted document of its own. */
  private static final String RARE_FIELDS = """
      environment: rare
      state:
        bucket: rare-tfstate
        region: eu-west-1
      task:
        healthCheck: {command: "curl -f http://localhost/ || exit 1"}
        readinessGate:
          enabled: true
          containerName: ready
          image: public.ecr.aws/docker/library/busybox:1.36
      services:
        - name: web
          serviceConnect:
            endpoints:
              - portName: nginx
                discoveryName: web
                dnsName: web.internal
        - name: worker
          task:
            ecr: {tag: v1, keepLast: 3, scanOnPush: false}
      policy:
        suppressions:
          - {rule: imdsv1, resource: Bastion/Resource, reason: legacy agent}
      """;

  /** The shared task written as containers (the fixtures write containers only on a service's own task). */
  private static final String SHARED_TASK_CONTAINERS = """
      environment: shared
      state:
        bucket: shared-tfstate
      bastion:
        enabled: false
      task:
        cpu: 1024
        memoryMiB: 2048
        taskRole:
          statements:
            - {effect: Allow, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop/*"]}
        ephemeralStorageGiB: 30
        volumes: [tmp]
        containers:
          - name: app
            image: example/shop:1.0
            repositoryCredentials:
              credentialsParameter: arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf
              kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555
            cpu: 512
            memoryMiB: 1024
            memoryReservationMiB: 512
            portMappings:
              - {name: http, containerPort: 8080, appProtocol: http}
            command: [serve]
            entryPoint: [/app/bin/shop]
            workingDirectory: /app
            user: "1000:1000"
            readonlyRootFilesystem: true
            healthCheck:
              command: "curl -f http://localhost:8080/health || exit 1"
              intervalSec: 30
              timeoutSec: 5
              retries: 3
              startPeriodSec: 10
            dependsOn:
              - {containerName: migrate, condition: SUCCESS}
            stopTimeoutSec: 60
            ulimits:
              - {name: nofile, softLimit: 65535, hardLimit: 65535}
            logs: {streamPrefix: app}
            mountPoints:
              - {volume: tmp, path: /tmp, readOnly: false}
          - name: migrate
            image: example/migrate:1.0
            essential: false
          - name: agent
            ecr: {tag: v1.0, keepLast: 5, scanOnPush: true}
            essential: false
      services:
        - name: shop
          serviceConnect:
            endpoints:
              - {portName: http, discoveryName: shop}
      """;

  /** Each document, by name, as the loader sees it once defaults are filled in. */
  private static final Map<String, JsonNode> TREES = new LinkedHashMap<>();

  @BeforeAll
  static void readDocuments() {
    Map<String, String> texts = new LinkedHashMap<>();
    for (Path dir : FIXTURE_DIRS) {
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
          try {
            ConfigLoader.load(file);
            texts.put(file.toString(), ConfigYaml.read(file));
          } catch (ConfigException refused) {
            // a fixture of a refused file
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    assertThat(texts).containsKeys(Fixtures.LOCAL.toString(), Fixtures.AWS.toString());
    texts.put("RARE_FIELDS", RARE_FIELDS);
    texts.put("SHARED_TASK_CONTAINERS", SHARED_TASK_CONTAINERS);
    texts.forEach((name, text) -> {
      Problems problems = new Problems(name);
      JsonNode root = YamlTree.parse(text, problems).orElseThrow().root();
      assertThat(problems.isEmpty()).as(name).isTrue();
      ConfigYaml.parse(text); // accepted as it is
      TREES.put(name, ConfigSchema.withDefaults(root));
    });
  }

  /** Visits every value below {@code node} with its field path as messages spell it ({@code services[0].task}). */
  private static void walk(String path, JsonNode node, BiConsumer<String, JsonNode> visit) {
    if (node instanceof ObjectNode object) {
      object.properties().forEach(e -> {
        String field = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        visit.accept(field, e.getValue());
        walk(field, e.getValue(), visit);
      });
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String item = path + "[" + i + "]";
        visit.accept(item, array.get(i));
        walk(item, array.get(i), visit);
      }
    }
  }

  /** {@code tree} with the value at {@code path} replaced by {@code replacement} (a copy). */
  private static JsonNode with(JsonNode tree, String path, JsonNode replacement) {
    JsonNode copy = tree.deepCopy();
    List<String> steps = new ArrayList<>();
    for (String part : path.split("\\.")) {
      int bracket = part.indexOf('[');
      steps.add(bracket < 0 ? part : part.substring(0, bracket));
      if (bracket >= 0) {
        for (String index : part.substring(bracket + 1, part.length() - 1).split("]\\[")) {
          steps.add("#" + index);
        }
      }
    }
    JsonNode parent = copy;
    for (String step : steps.subList(0, steps.size() - 1)) {
      parent = step.startsWith("#") ? parent.get(Integer.parseInt(step.substring(1))) : parent.get(step);
    }
    String last = steps.get(steps.size() - 1);
    if (last.startsWith("#")) {
      ((ArrayNode) parent).set(Integer.parseInt(last.substring(1)), replacement);
    } else {
      ((ObjectNode) parent).set(last, replacement);
    }
    return copy;
  }

  /** {@code path} with list indexes dropped, as the schema names a field: {@code services[].task.cpu}. */
  private static String schemaField(String path) {
    return path.replaceAll("\\[\\d+]", "[]");
  }

  /**
   * Every value of every document, set to YAML null in turn (JSON is YAML 1.2), is refused with a line under its own
   * field: "is empty (YAML null)", never the default silently taken.
   */
  @Test
  void aPresentFieldWithoutValueIsAnErrorForEveryField() {
    List<String> accepted = new ArrayList<>();
    int checked = 0;
    Set<String> seen = new TreeSet<>();
    for (Map.Entry<String, JsonNode> document : TREES.entrySet()) {
      List<String> paths = new ArrayList<>();
      walk("", document.getValue(), (path, value) -> paths.add(path));
      for (String path : paths) {
        if (!seen.add(schemaField(path))) {
          continue; // one concrete field per schema field and list position kind is enough
        }
        String yaml = with(document.getValue(), path, com.fasterxml.jackson.databind.node.NullNode.getInstance())
            .toString();
        List<String> lines;
        try {
          ConfigYaml.parse(yaml);
          accepted.add(document.getKey() + ": " + path);
          continue;
        } catch (ConfigException e) {
          lines = e.problems();
        }
        checked++;
        assertThat(lines).as("%s with %s: ~", document.getKey(), path)
            .anyMatch(l -> l.startsWith(X + path + ": is empty (YAML null)"));
      }
    }
    assertThat(accepted).as("fields whose null was taken as the default").isEmpty();
    assertThat(checked).as("fields checked, one per schema field and list entry kind").isGreaterThan(120);
  }

  /** The documents above hold every field the schema declares (retired keys aside), so the test above sees each. */
  @Test
  void everySchemaFieldIsPresentInOneOfTheDocuments() {
    Set<String> declared = new TreeSet<>();
    declared(ConfigSchema.facets(ConfigSchema.tree()), "", declared);
    Set<String> present = new TreeSet<>();
    TREES.values().forEach(tree -> walk("", tree, (path, value) -> present.add(schemaField(path))));

    assertThat(declared).as("schema fields no document of %s holds", TREES.keySet()).isSubsetOf(present);
  }

  private static void declared(List<JsonNode> facets, String path, Set<String> out) {
    ConfigSchema.properties(facets).forEach((name, f) -> {
      if (ConfigSchema.keyword(f, ConfigSchema.RETIRED).isPresent()) {
        return;
      }
      String field = path.isEmpty() ? name : path + "." + name;
      out.add(field);
      declared(f, field, out);
      List<JsonNode> items = ConfigSchema.itemFacets(f);
      if (!items.isEmpty()) {
        declared(items, field + "[]", out);
      }
    });
  }

  /** A key one letter off a retired one is not pointed at it, and the known fields list only what is accepted. */
  @Test
  void knownFieldsNeverNameARetiredKey() {
    assertThat(problems(minimal("""
        services:
          - name: web
            dependsOnn: [api]
            allowFro: [api]
        """))).containsExactly(
        X + "services[0].dependsOnn: unknown field" + known("services", 0),
        X + "services[0].allowFro: unknown field" + known("services", 0));
    // the list comes from the schema (ConfigYaml.known); here, that it leaves out the retired keys the schema holds
    assertThat(ConfigSchema.tree().at("/$defs/service/properties").has("dependsOn")).isTrue();
    assertThat(ConfigSchema.tree().at("/$defs/service/properties").has("allowFrom")).isTrue();
    assertThat(known("services", 0).substring("; known fields: ".length()).split(", "))
        .contains("calls").doesNotContain("dependsOn", "allowFrom");
  }

  /**
   * A type error is its field's one line (no range or pattern rule can apply to a value of the wrong type), and it
   * hides nothing else the schema checks: the other fields of the same mapping, of the same list entry and of other
   * sections are reported with it, at once, in field order. (The rules between fields, such as a {@code calls:}
   * entry naming no endpoint, run on the records once the schema passes: ConfigLoader's second stage.)
   */
  @Test
  void aTypeErrorHidesNoOtherError() {
    assertThat(problems(minimal("""
        task:
          cpu: lots
          memoryMiB: -5
          healthCheck: {intervalSec: often, timeoutSec: 999, retries: 99}
          portMappings:
            - {name: 7, containerPort: 99999, appProtocol: ftp}
        services:
          - name: web
            desiredCount: two
            enableExecuteCommand: maybe
            deployment: {minimumHealthyPercent: -1}
            serviceConnect:
              endpoints:
                - {portName: 5, discoveryName: Bad Name}
        network: {natGateways: many}
        """))).containsExactly(
        X + "network.natGateways: 'many' is not a NAT mode; expected none, one or perAz",
        X + "task.cpu: expected an integer, got string 'lots'",
        X + "task.memoryMiB: -5 is out of range (512-122880)",
        X + "task.portMappings[0].name: expected a string, got number 7",
        X + "task.portMappings[0].containerPort: 99999 is out of range (1-65535)",
        X + "task.portMappings[0].appProtocol: 'ftp' is not an application protocol; expected one of [http, http2,"
            + " grpc, tcp]",
        X + "task.healthCheck.command: is required (e.g. command: curl -f http://localhost/ || exit 1)",
        X + "task.healthCheck.intervalSec: expected an integer, got string 'often'",
        X + "task.healthCheck.timeoutSec: 999 is out of range (2-60)",
        X + "task.healthCheck.retries: 99 is out of range (1-10)",
        X + "services[0].desiredCount: expected an integer, got string 'two'",
        X + "services[0].enableExecuteCommand: expected true or false, got string 'maybe'",
        X + "services[0].deployment.minimumHealthyPercent: -1 is out of range (0-100)",
        X + "services[0].serviceConnect.endpoints[0].portName: expected a string, got number 5",
        X + "services[0].serviceConnect.endpoints[0].discoveryName: 'Bad Name' may only contain lowercase letters,"
            + " digits, '_' and '-', and must not start with '-'");
  }
}
