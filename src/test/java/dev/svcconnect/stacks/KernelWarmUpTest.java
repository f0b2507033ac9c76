package dev.svcconnect.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines start the jsii kernel early: those whose command builds the stacks, and no other. */
class KernelWarmUpTest {
  @Test
  void commandsThatBuildTheStacksWarmUp() {
    for (String command : new String[] {"synth", "report", "check", "deploy", "plan", "output", "destroy",
        "bootstrap", "unlock", "watch"}) {
      assertThat(KernelWarmUp.buildsStacks(new String[] {command})).as(command).isTrue();
    }
    assertThat(KernelWarmUp.buildsStacks(new String[] {"--config", "config/aws.yaml", "plan", "--", "-lock=false"}))
        .as("options before the command").isTrue();
  }

  @Test
  void otherCommandLinesDoNot() {
    assertThat(KernelWarmUp.buildsStacks(new String[] {})).isFalse();
    assertThat(KernelWarmUp.buildsStacks(new String[] {"--help"})).isFalse();
    assertThat(KernelWarmUp.buildsStacks(new String[] {"--version"})).isFalse();
    assertThat(KernelWarmUp.buildsStacks(new String[] {"emulator", "start"})).isFalse();
  }
}
