package dev.svcconnect.tiers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Test tier {@value #TAG}. Synthesizes stacks through the jsii kernel (node) and checks their Terraform JSON:
 * constructs, targets, the policy suite, the reachability report, the synth gate, watch, the launcher and the CDKTF
 * CLI.
 *
 * <p>Run it alone: {@code ./mvnw -B verify -Dgroups=synth} (docs/testing.md).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(SynthTier.TAG)
public @interface SynthTier {
  String TAG = "synth";
}
