package dev.svcconnect.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.Main;
import dev.svcconnect.config.SchemaFields;
import dev.svcconnect.support.Captured;
import dev.svcconnect.tiers.UnitTier;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input at scale: every malformed environment file under src/test/resources/bad-configs/ goes through the real
 * command line ({@code deploy --config FILE}) and must be rejected with exactly the problems its group's
 * {@code expected.txt} lists ({@code file: field: rule}), exit 64, no stack trace, nothing applied, and an outdir
 * that a previous synth left is byte for byte as it was.
 *
 * <p>{@code stable/} covers the environment, target, state, network, cluster, logs, bastion and tags sections and
 * whole-file problems; {@code services-task/} covers task definitions, services, endpoints and the calls/reaches
 * topology; {@code service-options/} covers a service's scaling, deployment alarms and tags; {@code yaml-schema/}
 * covers YAML 1.2 reading, present-but-empty values, type and range errors together, and each field-level AWS limit
 * of the schema one past the limit; {@code derived-limits/} covers AWS's limits on the names, descriptions and tag
 * sets the stack derives from the config, one past each and reported under the field the user wrote, and template
 * text in fields whose characters refuse it; {@code load-balancers/} covers loadBalancers and each service's ingress.
 */
@UnitTier
class BadConfigTableTest {
  private static final Path FIXTURES = Path.of("src/test/resources/bad-configs");
  /** TEST-NET-1, not loopback: were a config ever accepted, deploy could neither start nor reach an emulator. */
  private static final String UNREACHABLE_ENDPOINT = "http://192.0.2.1:9";

  private static final List<String> GROUPS = List.of("stable", "services-task", "service-options", "yaml-schema",
      "derived-limits", "containers", "load-balancers", "images-storage-connect",
      "secrets");

  @TempDir Path dir;

  private Captured deploy(Path config) {
    Map<String, String> env = Map.of("CDKTF_OUTDIR", dir.resolve("cdktf.out").toString(),
        "AWS_ENDPOINT_URL", UNREACHABLE_ENDPOINT);
    String[] args = {"deploy", "--config", config.toString()};
    return Captured.of((out, err) -> Main.run(args, env, out, err));
  }

  /**
   * The problems a rejected run printed, as their first lines: each starts with the file name. A YAML syntax error
   * goes on with the parser's excerpt and caret on the lines below, which belong to it.
   */
  private static List<String> problems(Captured r, Path config) {
    List<String> lines = new ArrayList<>(r.err().lines().toList());
    assertThat(lines).as("stderr").isNotEmpty();
    String summary = lines.remove(lines.size() - 1);
    List<String> firstLines = lines.stream().filter(l -> l.startsWith(config + ": ")).toList();
    assertThat(lines.get(0)).startsWith(config + ": ");
    assertThat(summary).isEqualTo("error: " + config + " is not valid (" + firstLines.size()
        + " problem(s)); nothing was synthesized or applied");
    return firstLines;
  }

  private void assertRejected(Path config, List<String> expected) {
    Map<Path, String> before = previousSynth();
    List<Path> others = entries(dir);
    Captured r = deploy(config);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_BAD_INPUT);
    List<String> prefixed = expected.stream().map(e -> config + ": " + e).toList();
    assertThat(problems(r, config)).containsExactlyElementsOf(prefixed);
    assertThat(r.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.out()).as("deploy printed nothing: no emulator, synth or terraform step ran").isEmpty();
    assertThat(tree(dir.resolve("cdktf.out"))).as("the outdir of a previous synth is left byte for byte as it was")
        .containsExactlyInAnyOrderEntriesOf(before);
    assertThat(entries(dir)).as("nothing else was written").containsExactlyElementsOf(others);
  }

  private static List<Path> entries(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An outdir as a previous synth leaves it (manifest and one stack), written before each run; returns the tree. */
  private Map<Path, String> previousSynth() {
    try {
      Path stack = dir.resolve("cdktf.out/stacks/service-connect");
      Files.createDirectories(stack);
      Files.writeString(dir.resolve("cdktf.out/manifest.json"), "{\"version\": \"0.19.2\", \"stacks\": {}}\n");
      Files.writeString(stack.resolve("cdk.tf.json"), "{\"resource\": {\"aws_vpc\": {\"Vpc\": {}}}}\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tree(dir.resolve("cdktf.out"));
  }

  /** Every regular file under {@code root} with its bytes, one char per byte (directories count through files). */
  private static Map<Path, String> tree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      Map<Path, String> out = new LinkedHashMap<>();
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.put(root.relativize(f), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code case<TAB>field: rule} lines; a case with several problems has several lines, in reported order. An unknown
   * key's list of known fields is written {@code known fields: <schema>}, the schema's ({@link SchemaFields#expand}).
   */
  private static Map<String, List<String>> expectations(String group) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(FIXTURES.resolve(group).resolve("expected.txt"))) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        out.computeIfAbsent(line.substring(0, tab), k -> new ArrayList<>())
            .add(SchemaFields.expand(line.substring(tab + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> all = new ArrayList<>();
    for (String group : GROUPS) {
      Map<String, List<String>> expected = expectations(group);
      try (Stream<Path> files = Files.list(FIXTURES.resolve(group))) {
        List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        // every fixture has its expectation and every expectation its fixture
        assertThat(yaml.stream().map(BadConfigTableTest::caseName))
            .as(group).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Path f : yaml) {
          all.add(Arguments.of(group + "/" + caseName(f), f, expected.get(caseName(f))));
        }
      }
    }
    return all.stream();
  }

  private static String caseName(Path fixture) {
    String name = fixture.getFileName().toString();
    return name.substring(0, name.length() - ".yaml".length());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @Timeout(10) // bounded time: the alias bomb and the deep nesting must be refused, not expanded
  void failsOnEveryMalformedConfig(String name, Path fixture, List<String> expected) {
    assertRejected(fixture, expected);
  }

  @Test
  void tableHasAtLeastFortyCases() throws IOException {
    assertThat(cases().count()).isGreaterThanOrEqualTo(40);
  }

  /** Issue 12: at least 30 kinds of input beyond the table before the schema (YAML 1.2, nulls, AWS limits). */
  @Test
  void yamlAndSchemaGroupHasAtLeastThirtyCases() throws IOException {
    assertThat(cases().filter(c -> c.get()[0].toString().startsWith("yaml-schema/")).count())
        .isGreaterThanOrEqualTo(30);
  }

  @Test
  void failsOnAnEmptyFile() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.yaml"));
    assertRejected(empty,
        List.of("file is empty; expected a mapping with at least 'environment' and 'state.bucket'"));
  }

  @Test
  void failsOnAHugeFileWithoutReadingIt() throws IOException {
    // 20 MiB of syntactically valid YAML: a tags map. The loader must refuse it by its size, before parsing.
    Path huge = dir.resolve("huge.yaml");
    long size;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(huge))) {
      out.write("environment: local\nstate:\n  bucket: ecs-service-connect-tfstate-local\ntags:\n"
          .getBytes(StandardCharsets.UTF_8));
      byte[] line = "  k0000000: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\n"
          .getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 20 * 1024 * 1024 / line.length; i++) {
        byte[] numbered = line.clone();
        byte[] digits = String.format("%07d", i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(digits, 0, numbered, 3, digits.length);
        out.write(numbered);
      }
    }
    size = Files.size(huge);
    assertThat(size).isGreaterThan(20_000_000L);

    Runtime rt = Runtime.getRuntime();
    System.gc();
    long usedBefore = rt.totalMemory() - rt.freeMemory();
    long start = System.nanoTime();
    assertRejected(huge, List.of("file is " + size + " bytes; an environment file may be at most 1048576 bytes"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    long grown = rt.totalMemory() - rt.freeMemory() - usedBefore;

    // Parsing 20 MiB of YAML into a tree takes seconds and hundreds of MiB; refusing it by size takes neither.
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    assertThat(grown).as("heap growth in bytes").isLessThan(size);
  }
}
