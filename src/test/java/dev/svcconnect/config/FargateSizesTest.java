package dev.svcconnect.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Fargate task size table (ECS developer guide, "Task CPU and memory"). */
@UnitTier
class FargateSizesTest {

  @ParameterizedTest(name = "cpu {0}: {1}-{2} MiB in steps of {3}")
  @CsvSource({"512, 1024, 4096, 1024", "1024, 2048, 8192, 1024", "2048, 4096, 16384, 1024",
      "4096, 8192, 30720, 1024", "8192, 16384, 61440, 4096", "16384, 32768, 122880, 8192"})
  void acceptsEveryStepFromMinimumToMaximum(int cpu, int min, int max, int step) {
    for (int memory = min; memory <= max; memory += step) {
      assertThat(FargateSizes.rule(cpu, memory)).as("cpu %d, %d MiB", cpu, memory).isEmpty();
    }
  }

  @ParameterizedTest(name = "cpu {0}: {1}-{2} MiB in steps of {3}")
  @CsvSource({"512, 1024, 4096, 1024", "1024, 2048, 8192, 1024", "2048, 4096, 16384, 1024",
      "4096, 8192, 30720, 1024", "8192, 16384, 61440, 4096", "16384, 32768, 122880, 8192"})
  void failsOutsideTheRangeOrOffTheStep(int cpu, int min, int max, int step) {
    String accepts = "; Fargate accepts " + min + "-" + max + " MiB in steps of " + step;
    for (int memory : new int[] {min - step, min - 1, min + step / 2, max - 1, max + 1, max + step}) {
      assertThat(FargateSizes.rule(cpu, memory)).as("cpu %d, %d MiB", cpu, memory)
          .contains(memory + " MiB is not valid with cpu " + cpu + accepts);
    }
  }

  @ParameterizedTest(name = "cpu 256 with {0} MiB")
  @ValueSource(ints = {512, 1024, 2048})
  void acceptsTheThreeSizesOfCpu256(int memory) {
    assertThat(FargateSizes.rule(256, memory)).isEmpty();
  }

  @ParameterizedTest(name = "fails on cpu 256 with {0} MiB")
  @ValueSource(ints = {0, 256, 511, 768, 1536, 2560, 4096})
  void failsOnOtherSizesWithCpu256(int memory) {
    assertThat(FargateSizes.rule(256, memory))
        .contains(memory + " MiB is not valid with cpu 256; Fargate accepts 512, 1024 or 2048 MiB");
  }

  @ParameterizedTest(name = "fails on cpu {0}")
  @ValueSource(ints = {0, 128, 1000, 3072, 32768})
  void failsOnCpuThatIsNotAFargateSize(int cpu) {
    assertThat(FargateSizes.validCpu(cpu)).isFalse();
    assertThat(FargateSizes.rule(cpu, 2048)).contains(
        cpu + " is not a Fargate CPU size; expected one of 256, 512, 1024, 2048, 4096, 8192, 16384");
  }

  @Test
  void knowsEveryFargateCpuSize() {
    for (int cpu : new int[] {256, 512, 1024, 2048, 4096, 8192, 16384}) {
      assertThat(FargateSizes.validCpu(cpu)).as("cpu %d", cpu).isTrue();
    }
  }
}
