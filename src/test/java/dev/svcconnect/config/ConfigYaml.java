package dev.svcconnect.config;

import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Builds YAML documents for the config tests and runs them through {@link ConfigLoader#parse}. A case either starts
 * from the text of {@code config/local.yaml} and replaces one fragment, or appends sections to a minimal document
 * that holds only the two required fields.
 */
final class ConfigYaml {
  /** The name every parsed document is reported under. */
  static final Path FILE = Path.of("config/x.yaml");
  /** The prefix of every problem line about {@link #FILE}. */
  static final String X = "config/x.yaml: ";
  /** The default environment, as text: the test copy of config/local.yaml (Maven runs tests in the project directory). */
  static final String LOCAL = read(Fixtures.LOCAL);
  /**
   * The smallest valid document: everything else takes the built-in defaults. It ends inside the {@code state}
   * mapping, so an appended line indented by two spaces adds a state field.
   */
  static final String MINIMAL = "environment: test\nstate:\n  bucket: tfstate-bucket\n";

  private ConfigYaml() {}

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code config/local.yaml} with {@code fragment}, which must occur exactly once, replaced. */
  static String local(String fragment, String replacement) {
    int at = LOCAL.indexOf(fragment);
    if (at < 0 || LOCAL.indexOf(fragment, at + 1) >= 0) {
      throw new IllegalArgumentException("fragment must occur exactly once in config/local.yaml: " + fragment);
    }
    return LOCAL.substring(0, at) + replacement + LOCAL.substring(at + fragment.length());
  }

  /** {@link SchemaFields#known}: {@code "; known fields: "} and the schema's fields of the mapping at {@code at}. */
  static String known(Object... at) {
    return SchemaFields.known(at);
  }

  /** {@link #MINIMAL} followed by more top-level YAML. */
  static String minimal(String more) {
    return MINIMAL + more;
  }

  /** {@link #MINIMAL} with {@code yaml} as the state bucket. */
  static String bucket(String yaml) {
    return MINIMAL.replace("tfstate-bucket", yaml);
  }

  /** How a message quotes a value: whole up to 200 characters, else its first 200 and "…". */
  static String quoted(String value) {
    return value.length() > 200 ? "'" + value.substring(0, 200) + "…'" : "'" + value + "'";
  }

  /** A string of {@code n} copies of {@code c}, for length limits. */
  static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }

  static EnvironmentConfig parse(String yaml) {
    return ConfigLoader.parse(FILE, yaml);
  }

  /** The problem lines of a document that must be rejected. */
  static List<String> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
    assertThat(e).as("expected the document to be rejected:%n%s", yaml).isNotNull();
    return e.problems();
  }

  /** A failing case: its name, the document, and every problem line it must produce, in order. */
  static Arguments fails(String name, String yaml, String... problems) {
    return Arguments.of(name, yaml, List.of(problems));
  }

  /** A passing case: its name, the document, and the value read back from the parsed config. */
  static <T> Arguments accepts(String name, String yaml, Function<EnvironmentConfig, T> actual, T expected) {
    return Arguments.of(name, yaml, actual, expected);
  }
}
