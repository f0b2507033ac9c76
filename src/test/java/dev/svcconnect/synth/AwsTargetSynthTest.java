package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import dev.svcconnect.tiers.SynthTier;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Provider and S3 backend of the service stack on a real AWS account (config/aws-example.yaml). */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsTargetSynthTest {
  private StackJson stack;

  @BeforeAll
  void synth() {
    stack = SynthFixture.serviceStack(SynthFixture.aws());
  }

  private JsonNode provider() {
    return stack.provider(AwsProvider.TF_RESOURCE_TYPE);
  }

  private JsonNode backend() {
    JsonNode backends = stack.terraform().path("backend");
    assertThat(StackJson.names(backends)).containsExactly("s3");
    return backends.path("s3");
  }

  @Test
  void providerIsRestrictedToTheConfiguredAccount() {
    assertThat(StackJson.texts(provider().path("allowed_account_ids"))).containsExactly("111122223333");
  }

  @Test
  void providerUsesTheConfiguredRegion() {
    assertThat(Testing.toHaveProviderWithProperties(stack.json(), AwsProvider.TF_RESOURCE_TYPE,
        Map.of("region", "eu-west-1"))).isTrue();
  }

  @Test
  void providerHasNoEndpointOverrides() {
    assertThat(provider().has("endpoints")).isFalse();
    assertThat(provider().has("s3_use_path_style")).isFalse();
  }

  @Test
  void providerHasNoStaticCredentialsAndSkipsNoCheck() {
    assertThat(StackJson.names(provider()))
        .doesNotContain("access_key", "secret_key", "token")
        .noneMatch(name -> name.startsWith("skip_"));
  }

  @Test
  void providerDefaultTagsIncludeTheStandardAndConfiguredTags() {
    Map<String, String> tags = StackJson.stringMap(provider().path("default_tags").get(0).path("tags"));
    assertThat(tags).containsAllEntriesOf(Map.of(
        "Application", "ecs-service-connect",
        "Environment", "prod",
        "ManagedBy", "cdktf",
        "Project", "ecs-service-connect-sample",
        "Owner", "platform-team"));
  }

  @Test
  void versionConstraintsAreTheSameAsLocally() {
    assertThat(stack.terraform().path("required_providers").path("aws").path("version").textValue())
        .isEqualTo(">= 5.37.0, < 6.0.0");
    assertThat(stack.terraform().path("required_version").textValue()).isEqualTo(">= 1.10.0");
  }

  @Test
  void backendKeepsStateInTheConfiguredBucketEncryptedAndLocked() {
    JsonNode s3 = backend();
    assertThat(s3.path("bucket").textValue()).isEqualTo("example-ecs-service-connect-tfstate-111122223333");
    assertThat(s3.path("key").textValue()).isEqualTo("service-connect/terraform.tfstate");
    assertThat(s3.path("region").textValue()).isEqualTo("eu-west-1");
    assertThat(s3.path("encrypt").isBoolean() && s3.path("encrypt").booleanValue()).as("encrypt").isTrue();
    assertThat(s3.path("kms_key_id").textValue()).as("SSE-KMS with the bucket's key, not encrypt's SSE-S3")
        .isEqualTo("alias/aws/s3");
    assertThat(s3.path("use_lockfile").isBoolean() && s3.path("use_lockfile").booleanValue()).as("use_lockfile")
        .isTrue();
  }

  @Test
  void backendTalksToRealS3WithTheCallersCredentials() {
    assertThat(StackJson.names(backend()))
        .doesNotContain("endpoints", "endpoint", "use_path_style", "force_path_style", "access_key", "secret_key")
        .noneMatch(name -> name.startsWith("skip_"));
  }

  @Test
  void subnetsAreCarvedFromTheExamplesVpcWithItsPrefixLength() {
    Map<String, String> cidrs = new TreeMap<>();
    stack.resources(Subnet.TF_RESOURCE_TYPE).forEach(s -> cidrs.put(stack.relative(s.path()), s.text("cidr_block")));
    assertThat(cidrs).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Network/Public/Subnet0/Resource", "10.20.0.0/22",
        "Network/Public/Subnet1/Resource", "10.20.4.0/22",
        "Network/Private/Subnet0/Resource", "10.20.8.0/22",
        "Network/Private/Subnet1/Resource", "10.20.12.0/22"));
  }
}
