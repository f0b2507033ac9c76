package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import com.hashicorp.cdktf.providers.aws.s3_bucket_policy.S3BucketPolicy;
import com.hashicorp.cdktf.providers.aws.s3_bucket_public_access_block.S3BucketPublicAccessBlock;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningA;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.target.EmulatorGap;
import dev.svcconnect.tiers.SynthTier;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The state-bootstrap stack on both targets: the bucket the service stack keeps its state in. */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateBootstrapSynthTest {
  private static final String LOCAL_BUCKET = "ecs-service-connect-tfstate-local";
  private static final String AWS_BUCKET = "example-ecs-service-connect-tfstate-111122223333";

  private StackJson local;
  private StackJson aws;

  @BeforeAll
  void synth() {
    local = SynthFixture.bootstrapStack(SynthFixture.local());
    aws = SynthFixture.bootstrapStack(SynthFixture.aws());
  }

  /** Both targets, with the bucket name their config sets. */
  Stream<Arguments> targets() {
    return Stream.of(Arguments.of("local", local, LOCAL_BUCKET), Arguments.of("aws", aws, AWS_BUCKET));
  }

  private static Block bucket(StackJson stack) {
    assertThat(stack.resources(S3Bucket.TF_RESOURCE_TYPE)).hasSize(1);
    return stack.resource(S3Bucket.TF_RESOURCE_TYPE, "StateBucket/Resource");
  }

  private static boolean isTrue(JsonNode node) {
    return node.isBoolean() && node.booleanValue();
  }

  private static boolean isFalse(JsonNode node) {
    return node.isBoolean() && !node.booleanValue();
  }

  @Test
  void localStateLivesBesideTheSynthOutputUnderTheEnvironmentsName() {
    JsonNode backends = local.terraform().path("backend");
    assertThat(StackJson.names(backends)).containsExactly("local");
    assertThat(backends.path("local").path("path").textValue())
        .isEqualTo("../../../.terraform-state/local/state-bootstrap.tfstate");
  }

  @Test
  void awsBootstrapStateIsALocalFileToo() {
    JsonNode backends = aws.terraform().path("backend");
    assertThat(StackJson.names(backends)).containsExactly("local");
    assertThat(backends.path("local").path("path").textValue())
        .isEqualTo("../../../.terraform-state/prod/state-bootstrap.tfstate");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void bucketHasTheConfiguredName(String target, StackJson stack, String bucketName) {
    assertThat(Testing.toHaveResourceWithProperties(stack.json(), S3Bucket.TF_RESOURCE_TYPE,
        Map.of("bucket", bucketName))).isTrue();
    assertThat(bucket(stack).text("bucket")).isEqualTo(bucketName);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void bucketIsVersioned(String target, StackJson stack, String bucketName) {
    Block versioning = stack.resource(S3BucketVersioningA.TF_RESOURCE_TYPE, "StateBucket/Versioning");
    assertThat(versioning.text("bucket")).isEqualTo(bucket(stack).ref("id"));
    assertThat(versioning.get("versioning_configuration").path("status").textValue()).isEqualTo("Enabled");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void bucketEncryptsWithTheAwsManagedKmsKeyByDefault(String target, StackJson stack, String bucketName) {
    Block encryption = stack.resource(S3BucketServerSideEncryptionConfigurationA.TF_RESOURCE_TYPE,
        "StateBucket/Encryption");
    assertThat(encryption.text("bucket")).isEqualTo(bucket(stack).ref("id"));
    JsonNode rules = encryption.get("rule");
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).path("apply_server_side_encryption_by_default").path("sse_algorithm").textValue())
        .isEqualTo("aws:kms");
    // No kms_master_key_id: the AWS-managed aws/s3 key, which has no monthly fee.
    assertThat(rules.get(0).path("apply_server_side_encryption_by_default").has("kms_master_key_id")).isFalse();
    assertThat(rules.get(0).path("bucket_key_enabled").booleanValue()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void bucketBlocksPublicAccessOnAllFourCounts(String target, StackJson stack, String bucketName) {
    Block block = stack.resource(S3BucketPublicAccessBlock.TF_RESOURCE_TYPE, "StateBucket/PublicAccessBlock");
    assertThat(block.text("bucket")).isEqualTo(bucket(stack).ref("id"));
    for (String flag : new String[] {
        "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}) {
      assertThat(isTrue(block.get(flag))).as("%s is true, got %s", flag, block.get(flag)).isTrue();
    }
  }

  @Test
  void awsBucketCannotBeDestroyed() {
    Block bucket = bucket(aws);
    assertThat(isTrue(bucket.get("lifecycle").path("prevent_destroy"))).as("prevent_destroy").isTrue();
    assertThat(isFalse(bucket.get("force_destroy"))).as("force_destroy false, got %s", bucket.get("force_destroy"))
        .isTrue();
  }

  @Test
  void awsBucketPolicyDeniesEveryRequestNotMadeOverTls() {
    Block bucket = bucket(aws);
    assertThat(aws.resources(S3BucketPolicy.TF_RESOURCE_TYPE)).hasSize(1);
    Block policy = aws.resource(S3BucketPolicy.TF_RESOURCE_TYPE, "StateBucket/Policy");
    assertThat(policy.text("bucket")).isEqualTo(bucket.ref("id"));
    JsonNode statements = policy.parsed("policy").path("Statement");
    assertThat(statements).hasSize(1);
    JsonNode deny = statements.get(0);
    assertThat(deny.path("Effect").textValue()).isEqualTo("Deny");
    assertThat(deny.path("Principal").textValue()).isEqualTo("*");
    assertThat(deny.path("Action").textValue()).isEqualTo("s3:*");
    assertThat(StackJson.texts(deny.path("Resource")))
        .containsExactlyInAnyOrder(bucket.ref("arn"), bucket.ref("arn") + "/*");
    assertThat(StackJson.names(deny.path("Condition"))).containsExactly("Bool");
    assertThat(StackJson.stringMap(deny.path("Condition").path("Bool")))
        .isEqualTo(Map.of("aws:SecureTransport", "false"));
  }

  @Test
  void localBucketCanBeDestroyedWithItsStateVersions() {
    Block bucket = bucket(local);
    assertThat(isTrue(bucket.get("force_destroy"))).as("force_destroy true, got %s", bucket.get("force_destroy"))
        .isTrue();
    assertThat(isTrue(bucket.get("lifecycle").path("prevent_destroy"))).as("prevent_destroy").isFalse();
  }

  @Test
  void localBucketHasNoTlsPolicyBecauseTheEmulatorCannotEvaluateIt() {
    EmulatorGap gap = EmulatorGap.STATE_BUCKET_TLS_POLICY;
    assertThat(gap.entry().kind()).isEqualTo(EmulatorGap.Kind.LOCAL_DIFFERENCE);
    assertThat(gap.entry().resourceType()).isEqualTo(S3BucketPolicy.TF_RESOURCE_TYPE);
    assertThat(local.resources(gap.entry().resourceType())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void outputNamesTheStateBucket(String target, StackJson stack, String bucketName) {
    assertThat(StackJson.names(stack.outputs())).containsExactly("state_bucket");
    assertThat(stack.output("state_bucket").textValue()).isEqualTo(bucket(stack).ref("bucket"));
  }
}
