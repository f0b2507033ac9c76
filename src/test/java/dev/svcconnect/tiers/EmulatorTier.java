package dev.svcconnect.tiers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Test tier {@value #TAG}. Deploys onto a moto emulator of the test's own and checks the result through the AWS SDK
 * (needs Terraform, the provider, python3 with moto, setsid).
 *
 * <p>Run it alone: {@code ./mvnw -B verify -Dgroups=emulator} (docs/testing.md).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(EmulatorTier.TAG)
public @interface EmulatorTier {
  String TAG = "emulator";
}
