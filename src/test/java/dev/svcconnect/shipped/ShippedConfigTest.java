package dev.svcconnect.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.cli.Emulator;
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
 * The environment files this repository ships under {@code config/}, which users edit: each is valid and names the
 * schema for the editor, and the AWS example cannot be mistaken for the emulator. One of the test classes that read
 * {@code config/} (with {@code TerraformValidateIT} and {@code AcceptedConfigsValidateIT}); every other test reads the
 * copies under
 * src/test/resources/config/ ({@link Fixtures}), so a user's valid edits never fail the build.
 */
@UnitTier
class ShippedConfigTest {
  private static final Path SHIPPED = Path.of("config");
  private static final Path SCHEMA_FILE = Path.of("schema/environment.schema.json");
  private static final String SCHEMA_LINE = "# yaml-language-server: $schema=";

  static Stream<Path> shippedConfigs() throws IOException {
    try (Stream<Path> files = Files.list(SHIPPED)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  static Stream<Path> everyConfig() throws IOException {
    return Stream.concat(shippedConfigs(), Stream.of(Fixtures.LOCAL, Fixtures.AWS));
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
        .containsExactlyInAnyOrder(Fixtures.LOCAL.getFileName().toString(), Fixtures.AWS.getFileName().toString());
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
