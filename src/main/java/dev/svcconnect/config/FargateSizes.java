package dev.svcconnect.config;

import java.util.Map;
import java.util.Optional;

/** The task-level CPU and memory pairs Fargate accepts (AWS ECS developer guide, "Task CPU and memory"). */
final class FargateSizes {
  /** cpu units -> {min MiB, max MiB, step MiB}. 256 is special: 512, 1024 or 2048. */
  private static final Map<Integer, int[]> TABLE = Map.of(
      256, new int[] {512, 2048, 512},
      512, new int[] {1024, 4096, 1024},
      1024, new int[] {2048, 8192, 1024},
      2048, new int[] {4096, 16384, 1024},
      4096, new int[] {8192, 30720, 1024},
      8192, new int[] {16384, 61440, 4096},
      16384, new int[] {32768, 122880, 8192});

  private FargateSizes() {}

  static boolean validCpu(int cpu) {
    return TABLE.containsKey(cpu);
  }

  /** Empty when Fargate accepts the pair; otherwise the rule that was broken. */
  static Optional<String> rule(int cpu, int memoryMiB) {
    int[] range = TABLE.get(cpu);
    if (range == null) {
      return Optional.of(cpu + " is not a Fargate CPU size; expected one of 256, 512, 1024, 2048, 4096, 8192,"
          + " 16384");
    }
    if (cpu == 256 && memoryMiB != 512 && memoryMiB != 1024 && memoryMiB != 2048) {
      return Optional.of(memoryMiB + " MiB is not valid with cpu 256; Fargate accepts 512, 1024 or 2048 MiB");
    }
    if (memoryMiB < range[0] || memoryMiB > range[1] || (memoryMiB - range[0]) % range[2] != 0) {
      return Optional.of(memoryMiB + " MiB is not valid with cpu " + cpu + "; Fargate accepts " + range[0] + "-"
          + range[1] + " MiB in steps of " + range[2]);
    }
    return Optional.empty();
  }
}
