package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.tiers.SynthTier;
import org.junit.jupiter.api.Test;

/** What {@link StateBucketCheck} expects of the AWS example's state bucket, from its synthesized bootstrap stack. */
@SynthTier
class StateBucketCheckSynthTest {
  @Test
  void expectsTheTlsOnlyPolicyOnTheBucketsOwnArn() {
    JsonNode stack = SynthFixture.bootstrapStack(SynthFixture.aws()).root();
    StateBucketCheck.Settings s = StateBucketCheck.expected(stack, "aws").orElseThrow();

    JsonNode statement = s.policy().orElseThrow().path("Statement").get(0);
    assertThat(statement.path("Effect").asText()).isEqualTo("Deny");
    assertThat(statement.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
    assertThat(statement.path("Resource").toString()).contains("\"arn:aws:s3:::" + s.bucket() + "\"",
        "\"arn:aws:s3:::" + s.bucket() + "/*\"");
  }
}
