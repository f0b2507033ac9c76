package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Whether the bootstrap stack's Terraform run can be skipped before the service stack's plan or deploy: the stack is
 * exactly the one last applied from here, and the state bucket in AWS (or the emulator) has every setting that
 * stack gives it. The expected settings are read from the synthesized bootstrap stack itself ({@code cdk.tf.json}),
 * so they cannot drift from what {@code state/StateBucket} writes; a resource type or argument this check does not
 * know makes it answer "run it", never "skip".
 *
 * <p>What is compared, one S3 read each (S3 API reference): versioning status (GetBucketVersioning), the default
 * encryption rule's algorithm, KMS key and bucket key (GetBucketEncryption), the four public access block flags
 * (GetPublicAccessBlock), the bucket policy as JSON (GetBucketPolicy; none expected means none may exist) and the
 * tags: the provider's {@code default_tags} plus the bucket's own (GetBucketTagging).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 */
public final class StateBucketCheck {
  /** The stamp beside the bootstrap state: the digest of the bootstrap stack last applied successfully. */
  static final String STAMP_SUFFIX = ".applied.sha256";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Arguments with no setting in S3 to read back (Terraform-side only, or the bucket reference). */
  private static final Set<String> NOT_SETTINGS = Set.of("//", "bucket", "depends_on", "lifecycle", "force_destroy");

  private StateBucketCheck() {}

  /** The settings the bootstrap stack gives the bucket, as S3 reports them. */
  record Settings(String bucket, String versioning, String sseAlgorithm, Optional<String> kmsKeyId,
      boolean bucketKey, Map<String, Boolean> publicAccessBlock, Optional<JsonNode> policy,
      Map<String, String> tags) {}

  /**
   * Whether the bootstrap apply can be skipped: {@code stateFile} exists, the stamp beside it holds the digest of
   * {@code bootstrapDir}'s {@code cdk.tf.json}, and the bucket's settings read with {@code s3} equal
   * {@link #expected}. Any error reading S3 (no such bucket, unreachable) means "run it".
   *
   * @param arnPartition the partition of the bucket's ARN in the expected policy ({@code aws}, {@code aws-cn}, ...)
   */
  public static boolean upToDate(Path bootstrapDir, Path stateFile, S3Client s3, String arnPartition) {
    if (!Files.isRegularFile(stateFile) || !stampMatches(bootstrapDir, stateFile)) {
      return false;
    }
    Optional<Settings> expected = expected(read(bootstrapDir), arnPartition);
    if (expected.isEmpty()) {
      return false;
    }
    try {
      return actual(s3, expected.get().bucket()).equals(expected.get());
    } catch (SdkException e) {
      return false;
    }
  }

  /** After a successful bootstrap apply: records the stack applied, beside {@code stateFile}. */
  public static void recordApplied(Path bootstrapDir, Path stateFile) {
    try {
      stamp(stateFile).write(digest(bootstrapDir) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + stamp(stateFile).file(), e);
    }
  }

  /** Before a bootstrap apply: a failed or stopped one must not leave the previous stamp trusted. */
  static void forgetApplied(Path stateFile) {
    stamp(stateFile).forget();
  }

  static boolean stampMatches(Path bootstrapDir, Path stateFile) {
    try {
      return stamp(stateFile).holds(digest(bootstrapDir));
    } catch (IOException e) {
      return false; // no synthesized bootstrap stack to compare: run it
    }
  }

  private static Stamp stamp(Path stateFile) {
    return new Stamp(stateFile.resolveSibling(stateFile.getFileName() + STAMP_SUFFIX));
  }

  private static String digest(Path bootstrapDir) throws IOException {
    return Stamp.Digest.of(Files.readAllBytes(bootstrapDir.resolve("cdk.tf.json")));
  }

  private static JsonNode read(Path bootstrapDir) {
    try {
      return JSON.readTree(bootstrapDir.resolve("cdk.tf.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + bootstrapDir.resolve("cdk.tf.json"), e);
    }
  }

  /**
   * The bucket settings the synthesized bootstrap stack {@code stack} sets; empty when it has anything this check
   * cannot compare (another resource type, a second bucket, an unknown argument, an expression other than the
   * bucket's own ARN).
   */
  static Optional<Settings> expected(JsonNode stack, String arnPartition) {
    JsonNode resources = stack.path("resource");
    Set<String> known = Set.of("aws_s3_bucket", "aws_s3_bucket_versioning",
        "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_policy");
    for (Iterator<String> types = resources.fieldNames(); types.hasNext(); ) {
      String type = types.next();
      if (!known.contains(type) || resources.get(type).size() != 1) {
        return Optional.empty();
      }
    }
    JsonNode bucket = only(resources.path("aws_s3_bucket"));
    JsonNode versioning = only(resources.path("aws_s3_bucket_versioning"));
    JsonNode encryption = only(resources.path("aws_s3_bucket_server_side_encryption_configuration"));
    JsonNode access = only(resources.path("aws_s3_bucket_public_access_block"));
    JsonNode policy = only(resources.path("aws_s3_bucket_policy"));
    if (bucket == null || versioning == null || encryption == null || access == null
        || !onlyArguments(bucket, Set.of("tags"))
        || !onlyArguments(versioning, Set.of("versioning_configuration"))
        || !onlyArguments(versioning.path("versioning_configuration"), Set.of("status"))
        || !onlyArguments(encryption, Set.of("rule")) || encryption.path("rule").size() != 1
        || !onlyArguments(encryption.path("rule").get(0),
            Set.of("apply_server_side_encryption_by_default", "bucket_key_enabled"))
        || !onlyArguments(encryption.path("rule").get(0).path("apply_server_side_encryption_by_default"),
            Set.of("sse_algorithm", "kms_master_key_id"))
        || !onlyArguments(access, Set.of("block_public_acls", "block_public_policy", "ignore_public_acls",
            "restrict_public_buckets"))
        || (policy != null && !onlyArguments(policy, Set.of("policy")))) {
      return Optional.empty();
    }
    String name = bucket.path("bucket").asText("");
    if (name.isEmpty() || name.contains("${")) {
      return Optional.empty();
    }
    JsonNode sse = encryption.path("rule").get(0).path("apply_server_side_encryption_by_default");
    Map<String, Boolean> block = new TreeMap<>();
    for (String flag : new String[] {"block_public_acls", "block_public_policy", "ignore_public_acls",
        "restrict_public_buckets"}) {
      block.put(flag, access.path(flag).asBoolean(false));
    }
    Optional<JsonNode> policyDocument = Optional.empty();
    if (policy != null) {
      String bucketId = resources.path("aws_s3_bucket").fieldNames().next();
      String text = policy.path("policy").asText("")
          .replace("${aws_s3_bucket." + bucketId + ".arn}", "arn:" + arnPartition + ":s3:::" + name);
      if (text.contains("${")) {
        return Optional.empty();
      }
      try {
        policyDocument = Optional.of(JSON.readTree(text));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    Map<String, String> tags = new TreeMap<>();
    JsonNode provider = stack.path("provider").path("aws");
    if (provider.size() > 1) {
      return Optional.empty(); // an aliased provider: which one the bucket uses is not read here
    }
    provider.path(0).path("default_tags").path(0).path("tags").fields()
        .forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    bucket.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    if (tags.values().stream().anyMatch(v -> v.contains("${"))) {
      return Optional.empty();
    }
    return Optional.of(new Settings(name, versioning.path("versioning_configuration").path("status").asText(""),
        sse.path("sse_algorithm").asText(""), Optional.ofNullable(sse.get("kms_master_key_id")).map(JsonNode::asText),
        encryption.path("rule").get(0).path("bucket_key_enabled").asBoolean(false), block, policyDocument, tags));
  }

  /** The same settings of {@code bucket} as S3 reports them now. */
  static Settings actual(S3Client s3, String bucket) {
    String versioning = Optional.ofNullable(s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString())
        .orElse("");
    var rules = s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules();
    ServerSideEncryptionRule rule = rules.size() == 1 ? rules.get(0) : ServerSideEncryptionRule.builder()
        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm("")).build(); // none, or not the one expected
    PublicAccessBlockConfiguration pab = s3.getPublicAccessBlock(b -> b.bucket(bucket))
        .publicAccessBlockConfiguration();
    Map<String, Boolean> block = new TreeMap<>(Map.of(
        "block_public_acls", Boolean.TRUE.equals(pab.blockPublicAcls()),
        "block_public_policy", Boolean.TRUE.equals(pab.blockPublicPolicy()),
        "ignore_public_acls", Boolean.TRUE.equals(pab.ignorePublicAcls()),
        "restrict_public_buckets", Boolean.TRUE.equals(pab.restrictPublicBuckets())));
    Optional<JsonNode> policy;
    try {
      policy = Optional.of(JSON.readTree(s3.getBucketPolicy(b -> b.bucket(bucket)).policy()));
    } catch (S3Exception e) {
      if (!"NoSuchBucketPolicy".equals(e.awsErrorDetails().errorCode())) {
        throw e;
      }
      policy = Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("the policy of bucket " + bucket + " is not JSON", e);
    }
    Map<String, String> tags = new TreeMap<>();
    try {
      for (Tag tag : s3.getBucketTagging(b -> b.bucket(bucket)).tagSet()) {
        tags.put(tag.key(), tag.value());
      }
    } catch (S3Exception e) {
      if (!"NoSuchTagSet".equals(e.awsErrorDetails().errorCode())) {
        throw e;
      }
    }
    var sse = rule.applyServerSideEncryptionByDefault();
    return new Settings(bucket, versioning, sse.sseAlgorithmAsString(), Optional.ofNullable(sse.kmsMasterKeyID()),
        Boolean.TRUE.equals(rule.bucketKeyEnabled()), block, policy, tags);
  }

  private static JsonNode only(JsonNode byId) {
    return byId.size() == 1 ? byId.elements().next() : null;
  }

  private static boolean onlyArguments(JsonNode resource, Set<String> settings) {
    for (Iterator<String> names = resource.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!settings.contains(name) && !NOT_SETTINGS.contains(name)) {
        return false;
      }
    }
    return true;
  }
}
