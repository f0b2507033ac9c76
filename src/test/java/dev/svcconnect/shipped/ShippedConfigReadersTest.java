package dev.svcconnect.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: editing {@code config/local.yaml}, as the README invites, must never break the build. So no test reads
 * {@code config/} except the ones whose job is the shipped files; every other test reads the copies under
 * src/test/resources/config/ ({@code support/Fixtures}). Enforced on the test sources: a string naming {@code config}
 * or a file in it, and a command run without an environment file of its own (which would read the default,
 * {@code config/local.yaml}).
 */
@UnitTier
class ShippedConfigReadersTest {
  private static final Path TESTS = Path.of("src/test/java");
  /**
   * The tests whose job is the shipped files: their own checks, terraform validate of their stacks, and the property
   * that every config the loader accepts, a user's included, is valid Terraform.
   */
  private static final Set<String> SHIPPED_FILE_TESTS = Set.of("shipped/ShippedConfigTest.java",
      "validate/TerraformValidateIT.java", "validate/AcceptedConfigsValidateIT.java",
      "shipped/ShippedConfigReadersTest.java");
  /**
   * Tests that run commands but never read the default environment file: {@code schema} reads none, and
   * LauncherSynthIT runs the launcher in a copy of the project whose config/local.yaml is the test copy.
   */
  private static final Set<String> NO_DEFAULT_CONFIG = Set.of("SchemaCommandTest.java",
      "launcher/LauncherSynthIT.java");
  /** A string literal that names config/ itself or a file in it. */
  private static final Pattern CONFIG_LITERAL = Pattern.compile("\"(config(?:/[^\"]*)?)\"");
  /** How a test runs a command: in-process, or the launcher as a subprocess. */
  private static final Pattern RUNS_A_COMMAND = Pattern.compile("Main\\.run\\(|\"\\./main\"");
  /** How a test names the environment file of the commands it runs. */
  private static final Pattern NAMES_A_CONFIG =
      Pattern.compile("withLocalConfig|CONFIG_VARIABLE|\"--config\"|\"-c\"");

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(TESTS)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String name(Path source) {
    return TESTS.relativize(source).toString().replace('\\', '/').replaceFirst("^dev/svcconnect/", "");
  }

  @Test
  void onlyTheShippedFileTestsNameAFileOfConfig() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path source : sources()) {
      if (SHIPPED_FILE_TESTS.contains(name(source))) {
        continue;
      }
      Matcher m = CONFIG_LITERAL.matcher(Files.readString(source));
      while (m.find()) {
        // names like config/x.yaml are labels of parsed text, not files: only existing paths count
        if (Files.exists(Path.of(m.group(1)))) {
          found.add(name(source) + ": \"" + m.group(1) + "\"");
        }
      }
    }
    assertThat(found).as("tests that read config/ (use support/Fixtures)").isEmpty();
  }

  @Test
  void everyTestThatRunsACommandNamesItsEnvironmentFile() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path source : sources()) {
      String text = Files.readString(source);
      if (RUNS_A_COMMAND.matcher(text).find() && !NAMES_A_CONFIG.matcher(text).find()
          && !NO_DEFAULT_CONFIG.contains(name(source))) {
        found.add(name(source));
      }
    }
    assertThat(found).as("tests that run a command on the default config/local.yaml (use"
        + " Fixtures.withLocalConfig or --config)").isEmpty();
  }

  @Test
  void theChecksFindWhatTheyLookFor() {
    assertThat(CONFIG_LITERAL.matcher("Path.of(\"config/local.yaml\")").find()).isTrue();
    assertThat(CONFIG_LITERAL.matcher("Files.list(Path.of(\"config\"))").find()).isTrue();
    assertThat(Files.exists(Path.of("config/local.yaml"))).isTrue();
    assertThat(RUNS_A_COMMAND.matcher("Main.run(args, env, out, err)").find()).isTrue();
    assertThat(NAMES_A_CONFIG.matcher("Fixtures.withLocalConfig(env)").find()).isTrue();
  }
}
