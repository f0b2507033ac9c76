package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the environment file is read as YAML 1.2: what it accepts, and how each refusal reads. */
@UnitTier
class YamlTreeTest {
  @Test
  void anAliasIsTheAnchoredValue() {
    EnvironmentConfig config = ConfigYaml.parse(minimal("tags: {Team: &team web, Owner: *team}\n"));

    assertThat(config.tags()).isEqualTo(Map.of("Team", "web", "Owner", "web"));
  }

  @Test
  void anAliasOfAMappingIsItsValue() {
    EnvironmentConfig config = ConfigYaml.parse(minimal("""
        services:
          - name: web
            deployment: &careful {minimumHealthyPercent: 100, maximumPercent: 150}
          - name: api
            deployment: *careful
        """));

    assertThat(config.services()).extracting(s -> s.deployment().maximumPercent()).containsExactly(150, 150);
  }

  /** YAML 1.1's booleans on, off, yes and no are strings in YAML 1.2: where a string is expected, they are one. */
  @Test
  void yamlOneOneBooleanWordsAreStrings() {
    EnvironmentConfig config = ConfigYaml.parse("environment: 'no'\nstate: {bucket: tf-state}\ntags: {A: on, B: off,"
        + " C: yes, D: no, E: y, F: n}\n");

    assertThat(config.tags()).isEqualTo(Map.of("A", "on", "B", "off", "C", "yes", "D", "no", "E", "y", "F", "n"));
  }

  @Test
  void onlyTrueAndFalseAreBooleans() {
    assertThat(ConfigYaml.parse(minimal("bastion: {enabled: False}\n")).bastion().enabled()).isFalse();
    assertThat(problems(minimal("bastion: {enabled: yes}\n")))
        .containsExactly(X + "bastion.enabled: expected true or false, got string 'yes'");
  }

  @Test
  void hexadecimalAndPlainIntegersAreNumbers() {
    assertThat(ConfigYaml.parse(minimal("network: {availabilityZones: 0x3}\n")).network().availabilityZones())
        .isEqualTo(3);
    assertThat(ConfigYaml.parse(minimal("network: {availabilityZones: +3}\n")).network().availabilityZones())
        .isEqualTo(3);
  }

  @Test
  void aQuotedLeadingZeroIsAString() {
    assertThat(problems(minimal("network: {availabilityZones: '02'}\n")))
        .containsExactly(X + "network.availabilityZones: expected an integer, got string '02'");
  }

  @Test
  void zeroAloneIsNoLeadingZero() {
    assertThat(ConfigYaml.parse(minimal("services: [{name: web, desiredCount: 0}]\n")).services().get(0)
        .desiredCount()).isZero();
  }

  /** A template expression is text to YAML; snakeyaml-engine's environment lookup is never enabled. */
  @Test
  void dollarBracesStayText() {
    assertThat(ConfigYaml.parse(minimal("task: {healthCheck: {command: '${HOME}'}}\n")).task().healthCheck()
        .orElseThrow().command()).containsExactly("CMD-SHELL", "${HOME}");
    assertThat(ConfigYaml.parse(minimal("task:\n  healthCheck:\n    command: ${HOME}\n")).task().healthCheck()
        .orElseThrow().command()).containsExactly("CMD-SHELL", "${HOME}");
  }

  @Test
  void aByteOrderMarkMayStartTheFile() {
    assertThat(ConfigYaml.parse("\uFEFF" + ConfigYaml.MINIMAL).environment()).isEqualTo("test");
  }

  @Test
  void anExplicitDocumentStartAndEndAreOneDocument() {
    assertThat(ConfigYaml.parse("---\n" + ConfigYaml.MINIMAL + "...\n# a closing comment\n").environment())
        .isEqualTo("test");
  }

  @Test
  void failsOnNulOutsideAnyValueWithItsLine() {
    assertThat(problems("environment: test\n\u0000\nstate: {bucket: tf-state}\n")).containsExactly(
        X + "not valid YAML: line 2, column 1: contains U+0000 (a control character), which YAML does not allow in a"
            + " file; remove it");
  }

  @Test
  void failsOnForbiddenCharacterInAKeyUnderItsParent() {
    assertThat(problems(minimal("tags: {\"Te\u0007am\": x}\n"))).containsExactly(
        X + "tags.Te\uFFFDam: line 4, column 11: contains U+0007 (a control character), which YAML does not allow in a"
            + " file; remove it");
  }

  @Test
  @Timeout(10)
  void failsOnAnAliasBombQuickly() {
    StringBuilder yaml = new StringBuilder(minimal("tags:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"));
    for (char c = 'b'; c <= 'k'; c++) {
      yaml.append("  ").append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) {
        yaml.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
      }
      yaml.append("]\n");
    }
    long start = System.nanoTime();

    assertThat(problems(yaml.toString())).containsExactly(X + "tags.d[7]: the aliases of this file expand to more"
        + " than 10000 values (an alias bomb?); write the values out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void failsOnNestingDeeperThanSixtyFourLevels() {
    assertThat(problems(minimal("tags: " + "[".repeat(65) + "]".repeat(65) + "\n")))
        .singleElement().asString().startsWith(X + "not valid YAML: line 4: nesting deeper than 64 levels; an"
            + " environment file needs fewer than ten" + System.lineSeparator());
    assertThat(ConfigYaml.parse(minimal("task: {healthCheck: {command: " + "[".repeat(0) + "[CMD, x]}}\n"))
        .task().healthCheck()).isPresent();
  }
}
