package dev.svcconnect.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A config rule test's table of documents the loader must refuse: each row ({@link ConfigYaml#fails}) is a name, a
 * document and every problem line it must produce, in order. A test class implements it and gives the rows.
 */
@UnitTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
interface RefusedConfigCases {
  /** The rows, each made by {@link ConfigYaml#fails}. */
  Stream<Arguments> brokenRules();

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  default void failsOnBrokenRule(String name, String yaml, List<String> expected) {
    assertThat(ConfigYaml.problems(yaml)).containsExactlyElementsOf(expected);
  }
}
