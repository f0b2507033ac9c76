package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link StateBucketCheck} expects of the state bucket, read from the real bootstrap stack (the golden
 * snapshot of config/local.yaml's), and the stamp that says which stack was last applied. The comparison with S3
 * itself is StateBucketDriftIT's.
 */
@UnitTier
class StateBucketCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path GOLDEN = Path.of("src/test/resources/golden/state-bootstrap.json");

  @TempDir Path dir;
  private ObjectNode stack;

  @BeforeEach
  void readStack() throws IOException {
    stack = (ObjectNode) JSON.readTree(GOLDEN.toFile());
  }

  @Test
  void expectsWhatTheBootstrapStackSets() {
    StateBucketCheck.Settings s = StateBucketCheck.expected(stack, "aws").orElseThrow();

    assertThat(s.bucket()).isEqualTo("ecs-service-connect-tfstate-local");
    assertThat(s.versioning()).isEqualTo("Enabled");
    assertThat(s.sseAlgorithm()).isEqualTo("aws:kms");
    assertThat(s.kmsKeyId()).isEmpty();
    assertThat(s.bucketKey()).isTrue();
    assertThat(s.publicAccessBlock()).isEqualTo(Map.of("block_public_acls", true, "block_public_policy", true,
        "ignore_public_acls", true, "restrict_public_buckets", true));
    assertThat(s.policy()).as("the local target has no TLS-only policy (docs/emulator.md)").isEmpty();
    assertThat(s.tags()).containsEntry("Environment", "local").containsEntry("ManagedBy", "cdktf");
  }

  @Test
  void aSettingTheStackChangesIsExpected() {
    ((ObjectNode) stack.at("/resource/aws_s3_bucket_versioning").elements().next()
        .path("versioning_configuration")).put("status", "Suspended");

    assertThat(StateBucketCheck.expected(stack, "aws").orElseThrow().versioning()).isEqualTo("Suspended");
  }

  @Test
  void theBucketsOwnArnInThePolicyIsResolved() {
    ObjectNode policy = ((ObjectNode) stack.path("resource")).putObject("aws_s3_bucket_policy").putObject("Policy");
    policy.put("bucket", "${aws_s3_bucket.StateBucket_446E0578.id}");
    policy.put("policy", "{\"Statement\":[{\"Resource\":\"${aws_s3_bucket.StateBucket_446E0578.arn}/*\"}]}");

    JsonNode expected = StateBucketCheck.expected(stack, "aws-cn").orElseThrow().policy().orElseThrow();

    assertThat(expected.at("/Statement/0/Resource").asText())
        .isEqualTo("arn:aws-cn:s3:::ecs-service-connect-tfstate-local/*");
  }

  @Test
  void failsToExpectAnythingOfAResourceTypeItDoesNotKnow() {
    ((ObjectNode) stack.path("resource")).putObject("aws_s3_bucket_lifecycle_configuration").putObject("Rules")
        .put("bucket", "${aws_s3_bucket.StateBucket_446E0578.id}");

    assertThat(StateBucketCheck.expected(stack, "aws")).isEmpty();
  }

  @Test
  void failsToExpectAnythingOfAnArgumentItDoesNotKnow() {
    ((ObjectNode) stack.at("/resource/aws_s3_bucket_versioning").elements().next()).put("mfa", "123 456");

    assertThat(StateBucketCheck.expected(stack, "aws")).isEmpty();
  }

  @Test
  void failsToExpectAnythingOfAnExpressionItCannotResolve() {
    ObjectNode policy = ((ObjectNode) stack.path("resource")).putObject("aws_s3_bucket_policy").putObject("Policy");
    policy.put("policy", "{\"Statement\":[{\"Resource\":\"${data.aws_caller_identity.me.arn}\"}]}");

    assertThat(StateBucketCheck.expected(stack, "aws")).isEmpty();
  }

  @Test
  void theStampMatchesOnlyTheStackLastApplied() throws IOException {
    Path bootstrapDir = Files.createDirectories(dir.resolve("stacks/state-bootstrap"));
    Files.copy(GOLDEN, bootstrapDir.resolve("cdk.tf.json"));
    Path state = dir.resolve("state/state-bootstrap.tfstate");
    assertThat(StateBucketCheck.stampMatches(bootstrapDir, state)).as("never applied").isFalse();

    StateBucketCheck.recordApplied(bootstrapDir, state);
    assertThat(StateBucketCheck.stampMatches(bootstrapDir, state)).isTrue();

    Files.writeString(bootstrapDir.resolve("cdk.tf.json"), Files.readString(bootstrapDir.resolve("cdk.tf.json"))
        .replace("\"Environment\" : \"local\"", "\"Environment\" : \"local2\""));
    assertThat(StateBucketCheck.stampMatches(bootstrapDir, state)).as("a default tag changed").isFalse();

    StateBucketCheck.recordApplied(bootstrapDir, state);
    StateBucketCheck.forgetApplied(state);
    assertThat(StateBucketCheck.stampMatches(bootstrapDir, state)).as("an apply started").isFalse();
  }

  @Test
  void noStateFileMeansRun() throws IOException {
    Path bootstrapDir = Files.createDirectories(dir.resolve("stacks/state-bootstrap"));
    Files.copy(GOLDEN, bootstrapDir.resolve("cdk.tf.json"));
    Path state = dir.resolve("state/state-bootstrap.tfstate");
    StateBucketCheck.recordApplied(bootstrapDir, state);

    assertThat(state).doesNotExist();

    // no S3 client is needed to know: the state file is missing
    assertThat(StateBucketCheck.upToDate(bootstrapDir, state, null, "aws")).isFalse();
  }
}
