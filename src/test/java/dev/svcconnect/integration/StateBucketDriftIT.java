package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.cli.StateBucketCheck;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.tiers.EmulatorTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The skip of the bootstrap stack's Terraform run ({@link StateBucketCheck}) against a bucket that the real
 * bootstrap stack created on the emulator: the skip holds right after the apply, and each setting the stack gives the
 * bucket, changed behind Terraform's back, makes the next plan or deploy run the stack again. Each drift is undone
 * through the SDK before the next, and the check is asked again, so a check that always said "run" fails too.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(EmulatorExtension.class)
class StateBucketDriftIT {
  private static final String CONFIG = """
      environment: drift
      target:
        kind: local
      state:
        bucket: ecs-service-connect-tfstate-drift
      network:
        natGateways: none
      bastion:
        enabled: false
      """;

  private AwsClients aws;
  private EnvironmentConfig config;
  private Path bootstrapDir;
  private Path stateFile;
  private TestEmulator emulator;

  @BeforeAll
  void bootstrap(TestEmulator emulator) throws IOException {
    this.emulator = emulator;
    Path file = emulator.work.resolve("drift.yaml");
    Files.writeString(file, CONFIG);
    config = ConfigLoader.load(file);
    aws = emulator.aws(config.target().region());
    assertThat(emulator.workflow(config).bootstrap(true)).isZero();
    bootstrapDir = emulator.work.resolve("cdktf.out/stacks").resolve(StateBootstrapStack.ID);
    stateFile = bootstrapDir.resolve(StateBootstrapStack.statePath(config.environment())).normalize();
  }

  private boolean skipped() {
    return StateBucketCheck.upToDate(bootstrapDir, stateFile, aws.s3, "aws");
  }

  private String bucket() {
    return config.state().bucket();
  }

  @Test
  void eachDriftedSettingRunsTheBootstrapStackAgain() {
    assertThat(skipped()).as("right after the apply").isTrue();

    aws.s3.putBucketVersioning(b -> b.bucket(bucket())
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
    assertThat(skipped()).as("versioning suspended").isFalse();
    aws.s3.putBucketVersioning(b -> b.bucket(bucket())
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    assertThat(skipped()).as("versioning enabled again").isTrue();

    aws.s3.putBucketEncryption(b -> b.bucket(bucket()).serverSideEncryptionConfiguration(c -> c.rules(r -> r
        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
    assertThat(skipped()).as("SSE-S3 instead of SSE-KMS").isFalse();
    aws.s3.putBucketEncryption(b -> b.bucket(bucket()).serverSideEncryptionConfiguration(c -> c.rules(r -> r
        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS))
        .bucketKeyEnabled(true))));
    assertThat(skipped()).as("SSE-KMS again").isTrue();

    aws.s3.putPublicAccessBlock(b -> b.bucket(bucket()).publicAccessBlockConfiguration(c -> c
        .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(false)));
    assertThat(skipped()).as("restrict_public_buckets off").isFalse();
    aws.s3.putPublicAccessBlock(b -> b.bucket(bucket()).publicAccessBlockConfiguration(c -> c
        .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
    assertThat(skipped()).as("all four flags again").isTrue();

    String policy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket",\
        "Resource":"arn:aws:s3:::%s"}]}""".formatted(bucket());
    aws.s3.putBucketPolicy(b -> b.bucket(bucket()).policy(policy));
    assertThat(skipped()).as("a policy the stack does not set").isFalse();
    aws.s3.deleteBucketPolicy(b -> b.bucket(bucket()));
    assertThat(skipped()).as("no policy again").isTrue();

    List<Tag> tags = aws.s3.getBucketTagging(b -> b.bucket(bucket())).tagSet();
    aws.s3.putBucketTagging(b -> b.bucket(bucket()).tagging(t -> t.tagSet(tags.subList(1, tags.size()))));
    assertThat(skipped()).as("a default tag removed").isFalse();
    aws.s3.putBucketTagging(b -> b.bucket(bucket()).tagging(t -> t.tagSet(tags)));
    assertThat(skipped()).as("the tags again").isTrue();
  }

  @Test
  void aChangedBootstrapStackRunsAgainWithoutAskingS3() throws IOException {
    Path stack = bootstrapDir.resolve("cdk.tf.json");
    String applied = Files.readString(stack);
    try {
      Files.writeString(stack, applied.replace("\"Environment\": \"drift\"", "\"Environment\": \"drift2\""));
      assertThat(Files.readString(stack)).isNotEqualTo(applied);
      assertThat(skipped()).isFalse();
    } finally {
      Files.writeString(stack, applied);
    }
    assertThat(skipped()).isTrue();
  }

  @Test
  void aBucketThatIsGoneRunsAgain() throws IOException {
    Path other = emulator.work.resolve("other-state.tfstate");
    Files.copy(stateFile, other);
    StateBucketCheck.recordApplied(bootstrapDir, other);
    assertThat(StateBucketCheck.upToDate(bootstrapDir, other, aws.s3, "aws")).as("the same bucket").isTrue();

    // the same stack, but the bucket it names does not exist (an emulator restarted, a bucket deleted)
    Path moved = Files.createDirectories(emulator.work.resolve("moved"));
    Files.writeString(moved.resolve("cdk.tf.json"), Files.readString(bootstrapDir.resolve("cdk.tf.json"))
        .replace(bucket(), bucket() + "-gone"));
    StateBucketCheck.recordApplied(moved, other);

    assertThat(StateBucketCheck.upToDate(moved, other, aws.s3, "aws")).isFalse();
  }
}
