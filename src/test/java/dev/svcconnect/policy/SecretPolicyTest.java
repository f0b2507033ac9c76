package dev.svcconnect.policy;

import static dev.svcconnect.policy.PolicyFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;

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
 * The policy suite on the secrets the stack creates ({@code create: generated} and {@code operator} of
 * {@code topology/options-secrets.yaml}): {@code secret-kms} is opted out by the cost switch without
 * security.kmsKeys, passes with it, and fails there when the secret loses its key.
 */
@SynthTier
class SecretPolicyTest {
  private static final Path SECRETS = Path.of("src/test/resources/topology/options-secrets.yaml");
  private static final List<String> CREATED = List.of("TaskDefinitions/shop/Secrets/SESSION_KEY/Resource",
      "TaskDefinitions/shop/Secrets/LICENSE_KEY/Resource");
  private static PolicyFixture withoutKeys;
  private static PolicyFixture withKeys;

  @BeforeAll
  static void synth() {
    withoutKeys = new PolicyFixture(ConfigLoader.load(SECRETS));
    withKeys = new PolicyFixture(SynthFixture.fileWith(SECRETS, "bastion:\n  enabled: false\n",
        "bastion:\n  enabled: false\nsecurity:\n  kmsKeys: true\n"));
  }

  private static List<Finding> findings(PolicyReport report) {
    List<Finding> found = report.findings("secret-kms");
    assertThat(found).extracting(f -> f.resource().path().substring(f.resource().path().indexOf('/') + 1))
        .containsExactlyElementsOf(CREATED);
    return found;
  }

  @Test
  void withoutKmsKeysTheCreatedSecretsAreOptedOut() {
    PolicyReport r = withoutKeys.evaluate();
    assertThat(findings(r)).extracting(Finding::status).containsOnly(Status.OPTED_OUT);
    assertThat(r.verdict(Rules.all().stream().filter(x -> x.id().equals("secret-kms")).findFirst().orElseThrow()))
        .isEqualTo("opted-out");
  }

  @Test
  void withKmsKeysTheCreatedSecretsPass() {
    assertThat(findings(withKeys.evaluate())).extracting(Finding::status).containsOnly(Status.PASS);
  }

  @Test
  void failsASecretWithoutKeyWhenKmsKeysIsOn() {
    PolicyReport r = withKeys.evaluate(Doc.SERVICE, root -> resource(root, "aws_secretsmanager_secret",
        CREATED.get(0)).remove("kms_key_id"));
    Finding f = findings(r).get(0);
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.detail()).isEqualTo("kms_key_id is not set");
    assertThat(r.passes()).isFalse();
  }
}
