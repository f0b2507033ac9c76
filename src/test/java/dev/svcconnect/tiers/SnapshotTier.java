package dev.svcconnect.tiers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Test tier {@value #TAG}. Both stacks of the default config against the golden JSON files.
 *
 * <p>Run it alone: {@code ./mvnw -B verify -Dgroups=snapshot} (docs/testing.md).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(SnapshotTier.TAG)
public @interface SnapshotTier {
  String TAG = "snapshot";
}
