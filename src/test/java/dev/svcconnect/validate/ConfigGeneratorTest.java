package dev.svcconnect.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.ConfigException;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.tiers.UnitTier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The generator AcceptedConfigsValidateIT feeds terraform: the same seed gives the same files, and most of what it
 * writes loads, so that the property is about many configs; what does not load is refused the loader's way (every
 * line {@code file: field: rule}), never with another exception.
 */
@UnitTier
class ConfigGeneratorTest {
  static final int COUNT = 300;

  @Test
  void sameSeedSameFiles() {
    assertThat(new ConfigGenerator(7).next()).isEqualTo(new ConfigGenerator(7).next());
  }

  @Test
  void mostGeneratedFilesLoadAndTheRestAreRefusedByRule() {
    ConfigGenerator generator = new ConfigGenerator(AcceptedConfigsValidateIT.SEED);
    int accepted = 0;
    Map<String, Integer> refusedBy = new TreeMap<>();
    for (int i = 0; i < COUNT; i++) {
      Path file = Path.of("generated-" + i + ".yaml");
      try {
        ConfigLoader.parse(file, generator.next());
        accepted++;
      } catch (ConfigException e) {
        List<String> problems = e.problems();
        assertThat(problems).allSatisfy(line -> assertThat(line).startsWith(file + ": "));
        String first = problems.get(0).substring(file.toString().length() + 2);
        refusedBy.merge(first.substring(0, first.indexOf(':')).replaceAll("\\[\\d+]", "[]"), 1, Integer::sum);
      }
    }
    assertThat(accepted).as("accepted of %d; refused by field: %s", COUNT, refusedBy).isGreaterThan(COUNT * 2 / 3);
  }
}
