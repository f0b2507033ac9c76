package dev.svcconnect.naming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The escaping of config text for Terraform. That Terraform (and CDKTF before it) turn the escaped text back into
 * exactly the original is checked with terraform and the emulator by {@code integration.LiteralValuesDeployIT}.
 */
@UnitTier
class LiteralTest {
  @Test
  void escapesInterpolationsAndDirectives() {
    assertThat(Literal.of("${file(\"/etc/hostname\")} %{ for x in [1] }x%{ endfor }"))
        .isEqualTo("$${file(\"/etc/hostname\")} %%{ for x in [1] }x%%{ endfor }");
  }

  @Test
  void escapesAnAlreadyEscapedSequenceOnceMore() {
    // Terraform reads $$${ as "$" then the escape $${: the text arrives as written, $${x}
    assertThat(Literal.of("$${x} %%{y}")).isEqualTo("$$${x} %%%{y}");
  }

  @Test
  void leavesLoneDollarsPercentsAndBracesAlone() {
    assertThat(Literal.of("CMD-SHELL echo $HOME 100% {ok} $ %")).isEqualTo("CMD-SHELL echo $HOME 100% {ok} $ %");
  }

  @Test
  void splitsCdktfTokenMarkersWithAnEmptyDirective() {
    assertThat(Literal.of("${TfToken[TOKEN.0]} #{TfToken[TOKEN.1]}"))
        .isEqualTo("$${Tf%{if false}%{endif}Token[TOKEN.0]} #{Tf%{if false}%{endif}Token[TOKEN.1]}");
  }

  @Test
  void escapesEveryElementAndEveryKeyInOrder() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("b${x}", "%{y}");
    tags.put("a", "plain");
    assertThat(Literal.of(tags)).containsExactly(Map.entry("b$${x}", "%%{y}"), Map.entry("a", "plain"));
    assertThat(Literal.of(List.of("${a}", "b"))).containsExactly("$${a}", "b");
  }

  @Test
  void textWithoutSequencesIsUnchanged() {
    String walkthrough = "ecs-service-connect-local-nginx-execution";
    assertThat(Literal.of(walkthrough)).isSameAs(walkthrough);
  }
}
