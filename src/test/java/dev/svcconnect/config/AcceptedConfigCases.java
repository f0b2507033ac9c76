package dev.svcconnect.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A config rule test's table of documents the loader must accept: each row ({@link ConfigYaml#accepts}) is a name, a
 * document, what to read from the parsed config and the value it must be. A test class implements it and gives the
 * rows.
 */
@UnitTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
interface AcceptedConfigCases {
  /** The rows, each made by {@link ConfigYaml#accepts}. */
  Stream<Arguments> validValues();

  @ParameterizedTest(name = "accepts {0}")
  @MethodSource("validValues")
  default void acceptsValidValue(String name, String yaml, Function<EnvironmentConfig, Object> actual,
      Object expected) {
    assertThat(actual.apply(ConfigYaml.parse(yaml))).isEqualTo(expected);
  }
}
