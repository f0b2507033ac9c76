package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.SynthTier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Provider and S3 backend of the service stack on the local target (the emulator). */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalTargetSynthTest {
  private static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4566";
  private static final String OTHER_ENDPOINT = "http://127.0.0.1:4599";
  private static final List<String> ENDPOINT_SERVICES =
      List.of("applicationautoscaling", "cloudwatch", "ec2", "ecs", "iam", "logs", "s3", "servicediscovery", "ssm",
          "sts");

  private EnvironmentConfig config;
  private StackJson stack;
  private StackJson overridden;

  @BeforeAll
  void synth() {
    config = SynthFixture.local();
    stack = SynthFixture.serviceStack(config);
    overridden = SynthFixture.serviceStack(config, Map.of(DeploymentTarget.ENDPOINT_VARIABLE, OTHER_ENDPOINT));
  }

  private JsonNode provider() {
    return stack.provider(AwsProvider.TF_RESOURCE_TYPE);
  }

  private JsonNode backend(StackJson s) {
    JsonNode backends = s.terraform().path("backend");
    assertThat(StackJson.names(backends)).containsExactly("s3");
    return backends.path("s3");
  }

  @Test
  void awsProviderVersionAllowsEvery5xFrom5231() {
    assertThat(stack.terraform().path("required_providers").path("aws").path("version").textValue())
        .isEqualTo(">= 5.37.0, < 6.0.0");
  }

  @Test
  void terraformVersionIsAtLeast110ForS3NativeLocking() {
    assertThat(stack.terraform().path("required_version").textValue()).isEqualTo(">= 1.10.0");
  }

  @Test
  void providerDefaultTagsIncludeTheStandardAndConfiguredTags() {
    JsonNode defaultTags = provider().path("default_tags");
    assertThat(defaultTags).hasSize(1);
    Map<String, String> tags = StackJson.stringMap(defaultTags.get(0).path("tags"));
    assertThat(tags).containsAllEntriesOf(Map.of(
        "Application", "ecs-service-connect",
        "Environment", "local",
        "ManagedBy", "cdktf",
        "Project", "ecs-service-connect-sample"));
    assertThat(tags).containsAllEntriesOf(config.tags());
  }

  @Test
  void providerUsesTheConfiguredRegion() {
    assertThat(Testing.toHaveProviderWithProperties(stack.json(), AwsProvider.TF_RESOURCE_TYPE,
        Map.of("region", "us-east-1"))).isTrue();
  }

  @Test
  void providerSendsEveryServiceTheStackUsesToTheEmulator() {
    assertThat(endpoints(stack)).isEqualTo(expectedEndpoints(DEFAULT_ENDPOINT));
  }

  @Test
  void providerUsesPathStyleS3AndSkipsRealAwsChecks() {
    assertThat(Testing.toHaveProviderWithProperties(stack.json(), AwsProvider.TF_RESOURCE_TYPE, Map.of(
        "s3_use_path_style", true,
        "skip_credentials_validation", true,
        "skip_region_validation", true,
        "skip_metadata_api_check", "true"))).isTrue();
  }

  @Test
  void providerRequestsTheAccountIdFromTheEmulatorAsOnAws() {
    // Without the account ID the provider reads every referenced security group as another account's.
    assertThat(provider().has("skip_requesting_account_id")).isFalse();
  }

  @Test
  void providerUsesDummyCredentials() {
    assertThat(provider().path("access_key").textValue()).isEqualTo("test");
    assertThat(provider().path("secret_key").textValue()).isEqualTo("test");
    assertThat(provider().has("profile")).isFalse();
    assertThat(provider().has("allowed_account_ids")).isFalse();
  }

  @Test
  void backendKeepsStateInTheConfiguredBucketEncryptedAndLocked() {
    JsonNode s3 = backend(stack);
    assertThat(s3.path("bucket").textValue()).isEqualTo("ecs-service-connect-tfstate-local");
    assertThat(s3.path("key").textValue()).isEqualTo("service-connect/terraform.tfstate");
    assertThat(s3.path("region").textValue()).isEqualTo("us-east-1");
    assertThat(s3.path("encrypt").isBoolean() && s3.path("encrypt").booleanValue()).as("encrypt").isTrue();
    assertThat(s3.path("kms_key_id").textValue()).as("SSE-KMS with the bucket's key, not encrypt's SSE-S3")
        .isEqualTo("alias/aws/s3");
    assertThat(s3.path("use_lockfile").isBoolean() && s3.path("use_lockfile").booleanValue()).as("use_lockfile")
        .isTrue();
    assertThat(s3.has("dynamodb_table")).isFalse();
  }

  @Test
  void backendReachesTheEmulatorWithPathStyleRequests() {
    JsonNode s3 = backend(stack);
    assertThat(StackJson.stringMap(s3.path("endpoints"))).isEqualTo(Map.of("s3", DEFAULT_ENDPOINT));
    assertThat(s3.path("use_path_style").isBoolean() && s3.path("use_path_style").booleanValue()).isTrue();
    // The pre-1.6 spellings would make Terraform warn, or be ignored when both are set.
    assertThat(s3.has("endpoint")).isFalse();
    assertThat(s3.has("force_path_style")).isFalse();
  }

  @Test
  void endpointVariableRedirectsEveryProviderEndpoint() {
    assertThat(endpoints(overridden)).isEqualTo(expectedEndpoints(OTHER_ENDPOINT));
  }

  @Test
  void endpointVariableRedirectsTheBackend() {
    assertThat(StackJson.stringMap(backend(overridden).path("endpoints"))).isEqualTo(Map.of("s3", OTHER_ENDPOINT));
  }

  @Test
  void endpointVariableLeavesNoUrlOfTheDefaultEndpointAnywhere() {
    List<String> urls = new ArrayList<>();
    collectUrls(overridden.root().path("provider"), urls);
    collectUrls(overridden.terraform(), urls);
    assertThat(urls).hasSize(ENDPOINT_SERVICES.size() + 1).containsOnly(OTHER_ENDPOINT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-url", "ftp://127.0.0.1:4566", "http://127.0.0.1"})
  void failsWhenTheEndpointVariableIsNotAnEmulatorUrl(String value) {
    assertThatThrownBy(() -> DeploymentTarget.resolve(config, Map.of(DeploymentTarget.ENDPOINT_VARIABLE, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_ENDPOINT_URL")
        .hasMessageContaining(value);
  }

  private static Map<String, String> endpoints(StackJson s) {
    JsonNode endpoints = s.provider(AwsProvider.TF_RESOURCE_TYPE).path("endpoints");
    assertThat(endpoints).hasSize(1);
    return StackJson.stringMap(endpoints.get(0));
  }

  private static Map<String, String> expectedEndpoints(String url) {
    Map<String, String> expected = new HashMap<>();
    ENDPOINT_SERVICES.forEach(service -> expected.put(service, url));
    return expected;
  }

  private static void collectUrls(JsonNode node, List<String> urls) {
    if (node.isTextual() && node.textValue().matches("(?i)https?://.*")) {
      urls.add(node.textValue());
    }
    node.forEach(child -> collectUrls(child, urls));
  }
}
