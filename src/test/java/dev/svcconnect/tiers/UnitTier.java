package dev.svcconnect.tiers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Test tier {@value #TAG}. Pure Java and small node scripts: configuration and its rules, the topology, the CLI
 * contract (parsing, exit codes, bad input), the plan review's rendering, launcher files, package rules. No synth,
 * Terraform or emulator; the CLI tests may start the jsii kernel's warm-up in the background.
 *
 * <p>Run it alone: {@code ./mvnw -B verify -Dgroups=unit} (docs/testing.md).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(UnitTier.TAG)
public @interface UnitTier {
  String TAG = "unit";
}
