package dev.svcconnect.state;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import com.hashicorp.cdktf.providers.aws.s3_bucket_policy.S3BucketPolicy;
import com.hashicorp.cdktf.providers.aws.s3_bucket_public_access_block.S3BucketPublicAccessBlock;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningVersioningConfiguration;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.naming.IamDocuments;
import dev.svcconnect.naming.IamDocuments.Condition;
import dev.svcconnect.naming.IamDocuments.Principal;
import dev.svcconnect.naming.IamDocuments.Statement;
import dev.svcconnect.naming.Literal;
import java.util.List;
import software.constructs.Construct;

/**
 * The Terraform state bucket: versioned (every state version can be restored), encrypted by default with SSE-KMS
 * (the AWS-managed key), closed to the public on all four counts, and, where the target allows, kept on destroy and
 * refusing any request that is not made over TLS.
 */
public final class StateBucket extends Construct {
  /**
   * The KMS key of the bucket's default encryption, which names none: S3 then uses the AWS managed key aws/s3
   * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html). Writers that ask for SSE-KMS
   * themselves, like the S3 backend, name it by this alias.
   */
  public static final String KMS_KEY = "alias/aws/s3";

  private final S3Bucket bucket;

  /**
   * @param state the service stack's S3 backend; the bucket is {@code state.bucket()}
   * @param protection what the target allows: prevent_destroy, and the TLS-only policy
   */
  public StateBucket(Construct scope, String id, EnvironmentConfig.State state, StateBucketProtection protection) {
    super(scope, id);
    bucket = S3Bucket.Builder.create(this, "Resource")
        .bucket(Literal.of(state.bucket()))
        .forceDestroy(!protection.preventDestroy())
        .lifecycle(TerraformResourceLifecycle.builder().preventDestroy(protection.preventDestroy()).build())
        .build();
    S3BucketVersioningA.Builder.create(this, "Versioning")
        .bucket(bucket.getId())
        .versioningConfiguration(S3BucketVersioningVersioningConfiguration.builder().status("Enabled").build())
        .build();
    S3BucketServerSideEncryptionConfigurationA.Builder.create(this, "Encryption")
        .bucket(bucket.getId())
        // SSE-KMS with the AWS-managed aws/s3 key (CKV_AWS_145, S3.17): no key to pay for monthly, and the bucket
        // key keeps KMS requests (billed) to a few per object version.
        .rule(List.of(S3BucketServerSideEncryptionConfigurationRuleA.builder()
            .applyServerSideEncryptionByDefault(
                S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA.builder()
                    .sseAlgorithm("aws:kms")
                    .build())
            .bucketKeyEnabled(true)
            .build()))
        .build();
    S3BucketPublicAccessBlock publicAccess = S3BucketPublicAccessBlock.Builder.create(this, "PublicAccessBlock")
        .bucket(bucket.getId())
        .blockPublicAcls(true)
        .blockPublicPolicy(true)
        .ignorePublicAcls(true)
        .restrictPublicBuckets(true)
        .build();
    if (protection.denyInsecureTransport()) {
      S3BucketPolicy.Builder.create(this, "Policy")
          .bucket(bucket.getId())
          .policy(denyInsecureTransport(bucket.getArn()))
          // S3 rejects policy writes that race the public access block.
          .dependsOn(List.of(publicAccess))
          .build();
    }
  }

  /**
   * Denies every request to the bucket and its objects not made over TLS
   * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html, "Enforce encryption of
   * data in transit").
   */
  private static String denyInsecureTransport(String bucketArn) {
    return IamDocuments.policy(Statement.deny(List.of("s3:*"), List.of(bucketArn, bucketArn + "/*"))
        .withSid("DenyInsecureTransport")
        .withPrincipal(Principal.anyone())
        .withCondition(new Condition("Bool", "aws:SecureTransport", "false")));
  }

  public S3Bucket bucket() {
    return bucket;
  }
}
