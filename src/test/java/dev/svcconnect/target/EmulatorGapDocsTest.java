package dev.svcconnect.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The gap table of docs/emulator.md is a copy of {@link EmulatorGap}; this keeps the copy from drifting from the one list. */
@UnitTier
class EmulatorGapDocsTest {
  private static final Pattern ROW =
      Pattern.compile("^\\| `([A-Z_]+)` \\| ([A-Z_]+) \\| `([a-z0-9_]+)` / `([a-z0-9_]+)` \\| .+ \\|$");

  @Test
  void docsListEveryGapWithItsKindResourceAndAttribute() throws IOException {
    List<String> documented = Files.readAllLines(Path.of("docs/emulator.md")).stream()
        .map(ROW::matcher).filter(Matcher::matches)
        .map(m -> String.join(" ", m.group(1), m.group(2), m.group(3), m.group(4))).toList();
    List<String> gaps = Arrays.stream(EmulatorGap.values())
        .map(g -> String.join(" ", g.name(), g.kind().name(), g.resourceType(), g.attribute())).toList();

    assertThat(documented).containsExactlyElementsOf(gaps);
  }
}
