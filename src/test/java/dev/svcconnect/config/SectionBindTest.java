package dev.svcconnect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Section#bind}: a record read from a validated mapping by its components' names and types. */
@UnitTier
class SectionBindTest {
  enum Mode { ONE, PER_AZ }

  record Inner(String name, int port) {}

  record Everything(String text, int number, Integer boxed, boolean flag, Mode mode, Inner inner,
      Optional<String> someText, Optional<Integer> noNumber, Optional<Inner> someInner, List<String> texts,
      List<Inner> inners, Map<String, String> tags, String computed) {}

  record Unsupported(Set<String> names) {}

  private static Section section(String json) throws Exception {
    JsonNode tree = new ObjectMapper().readTree(json);
    return Section.root(new Problems("x.yaml"), tree, tree);
  }

  @Test
  void bindsEachSupportedTypeByComponentName() throws Exception {
    Section s = section("""
        {"text": "a", "number": 3, "boxed": 4, "flag": true, "mode": "perAz", "inner": {"name": "n", "port": 80},
         "someText": "b", "someInner": {"name": "m", "port": 81}, "texts": ["x", "y"],
         "inners": [{"name": "p", "port": 1}, {"name": "q", "port": 2}], "tags": {"z": "1", "a": "2"}}
        """);

    Everything bound = s.bind(Everything.class, Map.of("computed", "given"));

    assertThat(bound).isEqualTo(new Everything("a", 3, 4, true, Mode.PER_AZ, new Inner("n", 80), Optional.of("b"),
        Optional.empty(), Optional.of(new Inner("m", 81)), List.of("x", "y"),
        List.of(new Inner("p", 1), new Inner("q", 2)), Map.of("z", "1", "a", "2"), "given"));
    assertThat(bound.tags().keySet()).containsExactly("z", "a");
  }

  @Test
  void absentListsAndMappingsBindEmpty() throws Exception {
    Section s = section("""
        {"text": "a", "number": 3, "boxed": 4, "flag": false, "mode": "one", "inner": {"name": "n", "port": 80}}
        """);

    Everything bound = s.bind(Everything.class, Map.of("computed", ""));

    assertThat(List.of(bound.someText(), bound.someInner())).containsOnly(Optional.empty());
    assertThat(bound.texts()).isEmpty();
    assertThat(bound.inners()).isEmpty();
    assertThat(bound.tags()).isEmpty();
    assertThat(bound.mode()).isEqualTo(Mode.ONE);
  }

  @Test
  void failsAsABugOnAFieldWithoutValue() throws Exception {
    assertThatThrownBy(() -> section("{\"name\": \"n\"}").bind(Inner.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("port has no value after validation");
  }

  @Test
  void failsAsABugOnAnUnsupportedType() throws Exception {
    assertThatThrownBy(() -> section("{\"names\": [\"a\"]}").bind(Unsupported.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Unsupported.names has type java.util.Set<java.lang.String>, which Section.bind does not bind;"
            + " pass it as a computed component");
  }

  @Test
  void failsAsABugOnAComputedNameThatIsNoComponent() throws Exception {
    assertThatThrownBy(() -> section("{\"name\": \"n\", \"port\": 1}").bind(Inner.class, Map.of("prot", 2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Inner has no component prot (components: name, port)");
  }

  @Test
  void failsAsABugOnAnEnumValueTheRecordLacks() throws Exception {
    record WithMode(Mode mode) {}

    assertThatThrownBy(() -> section("{\"mode\": \"two\"}").bind(WithMode.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'two' names no Mode");
  }
}
