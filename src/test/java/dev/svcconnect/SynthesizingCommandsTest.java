package dev.svcconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import org.junit.jupiter.api.Test;

/**
 * Which command lines start the jsii kernel early: those naming a command marked {@code @Synthesizes}, wherever the
 * options put it, and no other.
 */
@UnitTier
class SynthesizingCommandsTest {
  @Test
  void aSynthesizingCommandAfterOptionsWarmsUp() {
    assertThat(Main.synthesizes(new String[] {"--config", "config/aws.yaml", "plan", "--", "-lock=false"}))
        .as("options before the command").isTrue();
  }

  /** Plan and deploy start it themselves, only when their synth will likely run (Workflow.warmUpUnlessSynthSkipped). */
  @Test
  void planAndDeployLeaveTheWarmUpToThemselvesAndNothingElseDoes() {
    assertThat(Main.mayReuseSynth(new String[] {"--config", "config/aws.yaml", "plan", "-destroy"})).isTrue();
    assertThat(Main.mayReuseSynth(new String[] {"deploy", "--auto-approve"})).isTrue();
    assertThat(Main.mayReuseSynth(new String[] {"synth"})).isFalse();
    assertThat(Main.mayReuseSynth(new String[] {"output", "plan"})).as("the first command named decides").isFalse();
    assertThat(Main.mayReuseSynth(new String[] {"--help"})).isFalse();
  }

  @Test
  void otherCommandLinesDoNot() {
    assertThat(Main.synthesizes(new String[] {})).isFalse();
    assertThat(Main.synthesizes(new String[] {"--help"})).isFalse();
    assertThat(Main.synthesizes(new String[] {"--version"})).isFalse();
    assertThat(Main.synthesizes(new String[] {"emulator", "start"})).isFalse();
  }
}
