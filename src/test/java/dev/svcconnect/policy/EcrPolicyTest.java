package dev.svcconnect.policy;

import static dev.svcconnect.policy.PolicyFixture.remove;
import static dev.svcconnect.policy.PolicyFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.policy.Finding.Status;
import dev.svcconnect.policy.PolicyFixture.Doc;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The policy suite on the ECR repository the stack creates for a container ({@code ecr:}, the worker of
 * {@code topology/options-storage-connect.yaml}): every ECR rule passes as synthesized (ecr-kms-encrypted with
 * security.kmsKeys on; opted out without it) and fails, with its message, when one attribute is broken.
 */
@SynthTier
class EcrPolicyTest {
  private static final String REPOSITORY = "TaskDefinitions/worker/Repositories/worker/Resource";
  private static final Path OPTIONS = Path.of("src/test/resources/topology/options-storage-connect.yaml");
  private static PolicyFixture options;
  private static PolicyFixture kms;

  @BeforeAll
  static void synth() {
    options = new PolicyFixture(ConfigLoader.load(OPTIONS));
    kms = new PolicyFixture(SynthFixture.fileWith(OPTIONS, "bastion:\n", "security:\n  kmsKeys: true\nbastion:\n"));
  }

  private static Finding finding(PolicyReport report, String ruleId) {
    List<Finding> matches = report.findings(ruleId).stream()
        .filter(f -> f.resource().path().endsWith("/" + REPOSITORY)).toList();
    assertThat(matches).as("findings of %s on the repository", ruleId).hasSize(1);
    return matches.get(0);
  }

  private static void assertFails(PolicyReport report, String ruleId, String detail) {
    Finding f = finding(report, ruleId);
    assertThat(f.status()).as(ruleId).isEqualTo(Status.FAIL);
    assertThat(f.detail()).isEqualTo(detail);
    assertThat(report.passes()).isFalse();
  }

  private static ObjectNode repository(ObjectNode root) {
    return resource(root, "aws_ecr_repository", REPOSITORY);
  }

  @Test
  void theRepositoryPassesEveryEcrRule() {
    PolicyReport r = options.evaluate();
    for (String id : List.of("ecr-immutable-tags", "ecr-scan-on-push", "ecr-lifecycle-policy")) {
      assertThat(finding(r, id).status()).as(id).isEqualTo(Status.PASS);
    }
  }

  @Test
  void withTheStacksKeyTheRepositoryPassesEveryEcrRule() {
    PolicyReport r = kms.evaluate();
    for (String id : List.of("ecr-immutable-tags", "ecr-scan-on-push", "ecr-lifecycle-policy", "ecr-kms-encrypted")) {
      assertThat(finding(r, id).status()).as(id).isEqualTo(Status.PASS);
    }
  }

  @Test
  void withoutTheStacksKeyAes256IsOptedOutBySecurityKmsKeys() {
    Finding f = finding(options.evaluate(), "ecr-kms-encrypted");
    assertThat(f.status()).isEqualTo(Status.OPTED_OUT);
    assertThat(f.detail()).startsWith("encryption_configuration.encryption_type is AES256, not KMS; security.kmsKeys"
        + " is false: ");
  }

  @Test
  void failsKmsWithoutAKeyOfItsOwn() {
    assertFails(kms.evaluate(Doc.SERVICE, root -> ((ObjectNode) repository(root).path("encryption_configuration")
        .get(0)).remove("kms_key")),
        "ecr-kms-encrypted", "encryption_configuration.kms_key is not set (the AWS-managed aws/ecr key)");
  }

  @Test
  void failsAes256WithTheStacksKeyOn() {
    assertFails(kms.evaluate(Doc.SERVICE, root -> ((ObjectNode) repository(root).path("encryption_configuration")
        .get(0)).put("encryption_type", "AES256")),
        "ecr-kms-encrypted", "encryption_configuration.encryption_type is AES256, not KMS");
  }

  @Test
  void failsMutableTags() {
    assertFails(options.evaluate(Doc.SERVICE, root -> repository(root).put("image_tag_mutability", "MUTABLE")),
        "ecr-immutable-tags", "image_tag_mutability is MUTABLE, not IMMUTABLE");
  }

  @Test
  void failsAbsentTagMutabilityWhichAwsDefaultsToMutable() {
    assertFails(options.evaluate(Doc.SERVICE, root -> repository(root).remove("image_tag_mutability")),
        "ecr-immutable-tags", "image_tag_mutability is MUTABLE, not IMMUTABLE");
  }

  @Test
  void failsScanOnPushOff() {
    assertFails(options.evaluate(Doc.SERVICE, root -> ((ObjectNode) repository(root)
        .path("image_scanning_configuration")).put("scan_on_push", false)),
        "ecr-scan-on-push", "image_scanning_configuration.scan_on_push is not true");
  }

  @Test
  void failsScanOnPushFalseInTheConfigUnlessSuppressed() {
    // what the schema's description of ecr.scanOnPush says (docs/configuration.md)
    String ecr = "ecr: {tag: v1.2.3, keepLast: 10}";
    String off = "ecr: {tag: v1.2.3, keepLast: 10, scanOnPush: false}";
    assertFails(new PolicyFixture(SynthFixture.fileWith(OPTIONS, ecr, off)).evaluate(),
        "ecr-scan-on-push", "image_scanning_configuration.scan_on_push is not true");
    PolicyReport suppressed = new PolicyFixture(SynthFixture.fileWith(OPTIONS, ecr, off, "bastion:\n",
        "policy:\n  suppressions:\n    - {rule: ecr-scan-on-push, resource: " + REPOSITORY
            + ", reason: images are scanned by the registry they are built in}\nbastion:\n")).evaluate();
    assertThat(finding(suppressed, "ecr-scan-on-push").status()).isEqualTo(Status.SUPPRESSED);
  }

  @Test
  void failsARepositoryWithoutLifecyclePolicy() {
    assertFails(options.evaluate(Doc.SERVICE, root -> remove(root, "aws_ecr_lifecycle_policy",
        "TaskDefinitions/worker/Repositories/worker/LifecyclePolicy")),
        "ecr-lifecycle-policy", "no aws_ecr_lifecycle_policy for this repository");
  }
}
