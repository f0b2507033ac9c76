package dev.svcconnect.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.cli.Emulator;
import dev.svcconnect.config.AccountScopedNames;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.TargetKind;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The environment files this repository ships under {@code config/} and {@code config/examples/}, which users edit:
 * each is valid and names the schema for the editor, the AWS example cannot be mistaken for the emulator, and an
 * example deploys beside config/local.yaml without sharing a name AWS keeps unique. One of the test classes that read
 * {@code config/} (with {@code TerraformValidateIT} and {@code AcceptedConfigsValidateIT}); every other test reads the
 * copies under
 * src/test/resources/config/ ({@link Fixtures}), so a user's valid edits never fail the build.
 */
@UnitTier
class ShippedConfigTest {
  private static final Path SHIPPED = Path.of("config");
  private static final Path EXAMPLES = SHIPPED.resolve("examples");
  private static final Path SCHEMA_FILE = Path.of("schema/environment.schema.json");
  private static final String SCHEMA_LINE = "# yaml-language-server: $schema=";

  /** The environment files of config/ and config/examples/. */
  static Stream<Path> shippedConfigs() throws IOException {
    try (Stream<Path> files = Files.walk(SHIPPED, 2)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  static Stream<Path> examples() throws IOException {
    return shippedConfigs().filter(f -> f.startsWith(EXAMPLES));
  }

  static Stream<Path> everyConfig() throws IOException {
    return Stream.concat(shippedConfigs(), Stream.of(Fixtures.LOCAL, Fixtures.AWS, Fixtures.SHOP));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shippedConfigs")
  void shippedConfigIsValid(Path config) {
    assertThat(ConfigLoader.load(config).source()).isEqualTo(config);
  }

  /** Each config file names the schema for the editor's YAML language server, by a path relative to itself. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyConfig")
  void configNamesTheSchemaRelativeToItself(Path config) throws IOException {
    String first = Files.readAllLines(config).get(0);

    assertThat(first).startsWith(SCHEMA_LINE);
    assertThat(config.getParent().resolve(first.substring(SCHEMA_LINE.length())).normalize()).isEqualTo(SCHEMA_FILE);
  }

  @Test
  void shippedFilesHaveTheirTestCopies() throws IOException {
    assertThat(shippedConfigs().map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder(Fixtures.LOCAL.getFileName().toString(), Fixtures.AWS.getFileName().toString(),
            Fixtures.SHOP.getFileName().toString());
  }

  /**
   * An example is deployed beside the walkthrough (config/local.yaml as shipped, {@link Fixtures#LOCAL}) on the same
   * emulator: it targets the emulator, and its state bucket and every name AWS keeps unique per account and region
   * (IAM: per account, without regard to case) are its own, so deploy's name check never refuses it there
   * (docs/state.md#two-environments-in-one-account).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void anExampleTargetsTheEmulatorWithNamesOfItsOwn(Path example) {
    EnvironmentConfig config = ConfigLoader.load(example);
    EnvironmentConfig local = ConfigLoader.load(Fixtures.LOCAL);

    assertThat(config.target().kind()).isEqualTo(TargetKind.LOCAL);
    assertThat(config.environment()).isNotEqualTo(local.environment());
    assertThat(config.state().bucket()).isNotEqualTo(local.state().bucket());
    assertThat(names(config)).isNotEmpty().doesNotContainAnyElementsOf(names(local));
  }

  /**
   * An example's header says how to run it: each {@code ./main} command that reads an environment file names the
   * example itself, so a copied line never deploys config/local.yaml instead.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void anExamplesCommandsNameTheExample(Path example) throws IOException {
    List<List<String>> commands = Files.readAllLines(example).stream().takeWhile(l -> l.startsWith("#"))
        .map(l -> l.substring(1).strip()).filter(l -> l.startsWith("./main ") && !l.startsWith("./main emulator"))
        .map(l -> List.of(l.replaceFirst("\\s+#.*$", "").split("\\s+"))).toList();

    assertThat(commands).isNotEmpty().allSatisfy(words -> {
      assertThat(words).as(String.join(" ", words)).contains("--config");
      assertThat(words.get(words.indexOf("--config") + 1)).isEqualTo(example.toString().replace('\\', '/'));
    });
  }

  /** The names of {@code config} that AWS keeps unique, as kind and lowercase name. */
  private static List<String> names(EnvironmentConfig config) {
    return AccountScopedNames.of(config).stream()
        .map(n -> n.kind() + " " + n.name().toLowerCase(java.util.Locale.ROOT)).toList();
  }

  /**
   * Issue 20: the AWS example's placeholder account must not be the emulator's, or a run against the emulator by
   * mistake would pass the provider's allowed_account_ids check. 111122223333 is the placeholder of AWS's own
   * documentation.
   */
  @Test
  void theAwsExamplesAccountIsAnObviousPlaceholderAndNotTheEmulators() {
    for (Path file : List.of(SHIPPED.resolve("aws-example.yaml"), Fixtures.AWS)) {
      EnvironmentConfig aws = ConfigLoader.load(file);

      assertThat(aws.target().kind()).isEqualTo(TargetKind.AWS);
      assertThat(aws.target().accountId()).as(file.toString()).contains("111122223333");
      assertThat(aws.target().accountId().orElseThrow()).as(file.toString())
          .isNotEqualTo(Emulator.ACCOUNT_ID)
          .as("moto's DEFAULT_ACCOUNT_ID (moto/core/models.py)").isNotEqualTo("123456789012");
    }
  }
}
