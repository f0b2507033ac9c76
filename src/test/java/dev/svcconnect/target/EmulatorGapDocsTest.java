package dev.svcconnect.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/emulator.md's gap table is generated from {@link EmulatorGap}, the one list; this keeps it current.
 * Regenerate with {@code DOCS_UPDATE=1 ./mvnw -B test -Dtest=EmulatorGapDocsTest}.
 */
class EmulatorGapDocsTest {
  private static final Path DOC = Path.of("docs/emulator.md");

  @Test
  void docsListEveryGapAsTheEnumDoes() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int begin = doc.indexOf(EmulatorGap.DOCS_BEGIN);
    int end = doc.indexOf(EmulatorGap.DOCS_END);
    assertThat(begin).as("generated block in " + DOC).isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String block = doc.substring(begin, end + EmulatorGap.DOCS_END.length() + 1);
    if ("1".equals(System.getenv("DOCS_UPDATE"))) {
      Files.writeString(DOC, doc.replace(block, EmulatorGap.markdownTable()), StandardCharsets.UTF_8);
      return;
    }
    assertThat(block).as(DOC + " is stale; regenerate it (see this test's doc comment)")
        .isEqualTo(EmulatorGap.markdownTable());
  }

  @Test
  void atMostThreeGapsRemainEachWithItsReason() {
    assertThat(EmulatorGap.values()).hasSizeLessThanOrEqualTo(3)
        .allSatisfy(g -> assertThat(g.reason()).isNotBlank());
  }
}
