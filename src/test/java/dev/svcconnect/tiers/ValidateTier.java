package dev.svcconnect.tiers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Test tier {@value #TAG}. Static checks by an external tool on what the project ships: terraform validate of the
 * synthesized stacks (needs Terraform and the AWS provider) and actionlint of the GitHub workflows.
 *
 * <p>Run it alone: {@code ./mvnw -B verify -Dgroups=validate} (docs/testing.md).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(ValidateTier.TAG)
public @interface ValidateTier {
  String TAG = "validate";
}
