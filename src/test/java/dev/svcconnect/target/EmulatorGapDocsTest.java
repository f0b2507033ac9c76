package dev.svcconnect.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.docs.GeneratedBlock;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/emulator.md's gap table is generated from {@link EmulatorGap}, the one list; this keeps it current.
 * Regenerate with {@code DOCS_UPDATE=1 ./mvnw -B test -Dtest=EmulatorGapDocsTest}.
 */
@UnitTier
class EmulatorGapDocsTest {
  @Test
  void docsListEveryGapAsTheEnumDoes() throws IOException {
    new GeneratedBlock(Path.of("docs/emulator.md"), "emulator-gaps").check(EmulatorGap.markdownTable());
  }

  @Test
  void atMostThreeGapsRemainEachWithItsReason() {
    assertThat(EmulatorGap.values()).hasSizeLessThanOrEqualTo(3)
        .allSatisfy(g -> assertThat(g.entry().reason()).isNotBlank());
  }
}
