package dev.svcconnect.naming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The valueFrom of a Secrets Manager secret and the policy resource of its ARN. */
@UnitTier
class SecretReferencesTest {
  private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf,"
          + "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-a1B2c3,"
          + "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-a1B2c3",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:db,"
          + "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-??????",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-prod,"
          + "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-prod-??????",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCd_f,"
          + "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCd_f-??????",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:-AbCdEf,"
          + "arn:aws:secretsmanager:us-east-1:123456789012:secret:-AbCdEf-??????"})
  void policyResourceKeepsACompleteArnAndMatchesTheSuffixOfAPartialOne(String arn, String resource) {
    assertThat(SecretReferences.policyResource(arn)).isEqualTo(resource);
  }

  @Test
  void valueFromIsTheArnAloneForTheWholeCurrentValue() {
    assertThat(SecretReferences.valueFrom(ARN, Optional.empty(), Optional.empty(), Optional.empty())).isEqualTo(ARN);
  }

  @Test
  void valueFromWritesAllThreeFieldsOnceOneIsSet() {
    assertThat(SecretReferences.valueFrom(ARN, Optional.of("username1"), Optional.empty(), Optional.empty()))
        .isEqualTo(ARN + ":username1::");
    assertThat(SecretReferences.valueFrom(ARN, Optional.empty(), Optional.of("AWSPREVIOUS"), Optional.empty()))
        .isEqualTo(ARN + "::AWSPREVIOUS:");
    assertThat(SecretReferences.valueFrom(ARN, Optional.empty(), Optional.empty(), Optional.of("9d4cb84b")))
        .isEqualTo(ARN + ":::9d4cb84b");
    assertThat(SecretReferences.valueFrom(ARN, Optional.of("k"), Optional.of("AWSCURRENT"), Optional.of("v")))
        .isEqualTo(ARN + ":k:AWSCURRENT:v");
  }
}
