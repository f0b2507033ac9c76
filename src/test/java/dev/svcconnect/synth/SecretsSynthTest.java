package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.secretsmanager_secret.SecretsmanagerSecret;
import com.hashicorp.cdktf.providers.aws.secretsmanager_secret_version.SecretsmanagerSecretVersion;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.tfjson.DependencyGraph;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Environment variables, secrets (existing ones, and those the stack creates), registry credentials and task-role
 * statements, on ({@code topology/options-secrets.yaml}, and with security.kmsKeys) and off (the default stack): the
 * container definitions ECS reads, the secrets the stack creates with the ephemeral password and write-only value,
 * the execution role's policy that grants exactly the secrets' ARNs, and the task role's own statements.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsSynthTest {
  static final Path SECRETS = Path.of("src/test/resources/topology/options-secrets.yaml");
  private static final String PARTITION = "${data.aws_partition.Partition.partition}";

  private StackJson on;
  private StackJson off;
  private JsonNode shop;
  /** The deploying account's id, read once for the task that names parameters. */
  private String account;
  /** The secrets the stack creates: SESSION_KEY (generated) and LICENSE_KEY (operator). */
  private StackJson.Block generated;
  private StackJson.Block operator;
  /** options-secrets.yaml with security.kmsKeys on. */
  private StackJson withKey;

  @BeforeAll
  void synth() {
    on = SynthFixture.serviceStack(ConfigLoader.load(SECRETS));
    off = SynthFixture.serviceStack(SynthFixture.local());
    shop = on.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinitions/shop/Resource")
        .parsed("container_definitions");
    account = on.dataSource(DataAwsCallerIdentity.TF_RESOURCE_TYPE, "TaskDefinitions/shop/Account").ref("account_id");
    generated = on.resource(SecretsmanagerSecret.TF_RESOURCE_TYPE, "TaskDefinitions/shop/Secrets/SESSION_KEY/Resource");
    operator = on.resource(SecretsmanagerSecret.TF_RESOURCE_TYPE, "TaskDefinitions/shop/Secrets/LICENSE_KEY/Resource");
    withKey = SynthFixture.serviceStack(SynthFixture.fileWith(SECRETS, "bastion:\n  enabled: false\n",
        "bastion:\n  enabled: false\nsecurity:\n  kmsKeys: true\n"));
  }

  /** {@code {name: value}} of a container's environment or secrets list, in order. */
  private static Map<String, String> pairs(JsonNode list, String valueKey) {
    Map<String, String> out = new LinkedHashMap<>();
    list.forEach(e -> {
      assertThat(e.size()).as("members of %s", e).isEqualTo(2);
      out.put(e.path("name").textValue(), e.path(valueKey).textValue());
    });
    return out;
  }

  @Test
  void environmentIsWrittenInTheOrderOfTheConfig() {
    assertThat(List.copyOf(pairs(shop.get(0).path("environment"), "value").entrySet())).containsExactly(
        Map.entry("LOG_LEVEL", "info"), Map.entry("UPSTREAM_URL", "http://web.sec.internal"));
    assertThat(pairs(shop.get(1).path("environment"), "value")).isEqualTo(Map.of("AOT_CONFIG_CONTENT",
        "receivers: {}"));
  }

  @Test
  void secretsAreWrittenAsEcsValueFrom() {
    assertThat(List.copyOf(pairs(shop.get(0).path("secrets"), "valueFrom").entrySet())).containsExactly(
        Map.entry("DB_PASSWORD", "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf:password:"
            + "AWSCURRENT:"),
        Map.entry("DB_USER", "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf:username::"),
        Map.entry("STRIPE_KEY", "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/stripe:::"
            + "9d4cb84b-ad69-40c0-a0ab-cead3e000000"),
        Map.entry("FEATURE_FLAGS", "arn:" + PARTITION + ":ssm:us-east-1:" + account + ":parameter/shop/feature-flags"),
        Map.entry("API_URL", "arn:aws:ssm:us-east-1:123456789012:parameter/shared/api-url"),
        Map.entry("SESSION_KEY", generated.ref("arn")),
        Map.entry("LICENSE_KEY", operator.ref("arn")));
    assertThat(pairs(shop.get(1).path("secrets"), "valueFrom")).isEqualTo(Map.of("AGENT_LICENSE",
        "arn:" + PARTITION + ":ssm:us-east-1:" + account + ":parameter/agent-license"));
  }

  @Test
  void registryCredentialsAreTheSecretArn() {
    assertThat(shop.get(0).path("repositoryCredentials").toString()).isEqualTo("{\"credentialsParameter\":"
        + "\"arn:aws:secretsmanager:us-east-1:123456789012:secret:registry/example-Zz9Yy8\"}");
    assertThat(shop.get(1).has("repositoryCredentials")).isFalse();
  }

  @Test
  void executionRoleReadsExactlyTheseSecretsParametersAndKeys() {
    StackJson.Block policy = on.resource(IamRolePolicy.TF_RESOURCE_TYPE,
        "TaskDefinitions/shop/ExecutionRoleSecretsPolicy");
    assertThat(policy.text("name")).isEqualTo("secrets");
    assertThat(policy.get("role").textValue())
        .isEqualTo(on.resource("aws_iam_role", "TaskDefinitions/shop/ExecutionRole").ref("id"));
    assertThat(policy.parsed("policy").toString()).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":["
        + "\"arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf\","
        + "\"arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/stripe-??????\","
        + "\"" + generated.ref("arn") + "\",\"" + operator.ref("arn") + "\","
        + "\"arn:aws:secretsmanager:us-east-1:123456789012:secret:registry/example-Zz9Yy8\"]},"
        + "{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameters\",\"Resource\":["
        + "\"arn:" + PARTITION + ":ssm:us-east-1:" + account + ":parameter/shop/feature-flags\","
        + "\"arn:aws:ssm:us-east-1:123456789012:parameter/shared/api-url\","
        + "\"arn:" + PARTITION + ":ssm:us-east-1:" + account + ":parameter/agent-license\"]},"
        + "{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":["
        + "\"arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555\","
        + "\"arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef\"]}]}");
  }

  @Test
  void taskRoleGetsItsStatementsAsWritten() {
    StackJson.Block policy = on.resource(IamRolePolicy.TF_RESOURCE_TYPE,
        "TaskDefinitions/shop/TaskRoleStatementsPolicy");
    assertThat(policy.text("name")).isEqualTo("statements");
    assertThat(policy.get("role").textValue())
        .isEqualTo(on.resource("aws_iam_role", "TaskDefinitions/shop/TaskRole").ref("id"));
    assertThat(policy.parsed("policy").toString()).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],"
        + "\"Resource\":[\"arn:aws:s3:::shop-assets\",\"arn:aws:s3:::shop-assets/*\"]},"
        + "{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::shop-assets/*\"}]}");
  }

  @Test
  void theServiceStartsOnlyOnceTheRolesCanReadItsSecrets() {
    DependencyGraph graph = DependencyGraph.of(on.document());
    String service = on.resource(EcsService.TF_RESOURCE_TYPE, "Services/shop/Resource").address();
    assertThat(graph.dependencies(service)).contains(
        on.resource(IamRolePolicy.TF_RESOURCE_TYPE, "TaskDefinitions/shop/ExecutionRoleSecretsPolicy").address(),
        on.resource(IamRolePolicy.TF_RESOURCE_TYPE, "TaskDefinitions/shop/TaskRoleStatementsPolicy").address());
  }

  @Test
  void theWebTaskWithoutSecretsGetsNoneOfIt() {
    assertThat(on.findResource(IamRolePolicy.TF_RESOURCE_TYPE, "TaskDefinition/ExecutionRoleSecretsPolicy"))
        .isEmpty();
    assertThat(on.findResource(IamRolePolicy.TF_RESOURCE_TYPE, "TaskDefinition/TaskRoleStatementsPolicy"))
        .isEmpty();
    assertThat(on.dataSources(DataAwsCallerIdentity.TF_RESOURCE_TYPE)).hasSize(1);
  }

  // Secrets the stack creates (create: generated, create: operator)

  @Test
  void createdSecretsAreNamedPerEnvironmentFamilyAndVariable() {
    assertThat(generated.text("name")).isEqualTo("ecs-service-connect-sec/shop/SESSION_KEY");
    assertThat(generated.text("description")).isEqualTo("Variable SESSION_KEY of task family shop");
    assertThat(operator.text("name")).isEqualTo("ecs-service-connect-sec/shop/LICENSE_KEY");
    assertThat(on.resources(SecretsmanagerSecret.TF_RESOURCE_TYPE)).hasSize(2);
  }

  @Test
  void createdSecretsWaitSevenDaysBeforeDeletionAndUseAwsKeyWithoutKmsKeys() {
    for (StackJson.Block secret : List.of(generated, operator)) {
      assertThat(secret.get("recovery_window_in_days").intValue()).isEqualTo(7);
      assertThat(secret.get("kms_key_id").isMissingNode()).as("kms_key_id of %s", secret.path()).isTrue();
    }
  }

  /**
   * The generated value reaches the secret only through the write-only argument, from the ephemeral random
   * password: no argument of any resource holds it, and the version never changes, so it is written once.
   */
  @Test
  void theGeneratedValueIsWrittenOnlyThroughTheWriteOnlyArgument() {
    StackJson.Block version = on.resource(SecretsmanagerSecretVersion.TF_RESOURCE_TYPE,
        "TaskDefinitions/shop/Secrets/SESSION_KEY/Version");
    assertThat(version.text("secret_id")).isEqualTo(generated.ref("id"));
    assertThat(version.text("secret_string_wo")).isEqualTo("${ephemeral.aws_secretsmanager_random_password."
        + generated.name() + ".random_password}");
    assertThat(version.get("secret_string_wo_version").intValue()).isEqualTo(1);
    assertThat(version.get("secret_string").isMissingNode()).isTrue();
    assertThat(version.get("secret_binary").isMissingNode()).isTrue();
    assertThat(on.resources(SecretsmanagerSecretVersion.TF_RESOURCE_TYPE)).hasSize(1);
  }

  /** Every GetRandomPassword parameter written, the excluded characters escaped for Terraform ({@code $${}). */
  @Test
  void theEphemeralBlockAsksSecretsManagerForTheConfiguredPassword() {
    JsonNode ephemeral = on.root().path("ephemeral");
    assertThat(StackJson.names(ephemeral)).containsExactly("aws_secretsmanager_random_password");
    JsonNode passwords = ephemeral.path("aws_secretsmanager_random_password");
    assertThat(StackJson.names(passwords)).containsExactly(generated.name());
    assertThat(passwords.path(generated.name()).toString()).isEqualTo("{\"password_length\":40,"
        + "\"exclude_characters\":\"\\\"'$${}\",\"exclude_numbers\":false,\"exclude_punctuation\":false,"
        + "\"exclude_uppercase\":false,\"exclude_lowercase\":false,\"include_space\":false,"
        + "\"require_each_included_type\":true}");
  }

  /** Nothing in the task definition refers to the version: the service waits for it explicitly. */
  @Test
  void theServiceStartsOnlyOnceTheGeneratedValueIsWritten() {
    DependencyGraph graph = DependencyGraph.of(on.document());
    String service = on.resource(EcsService.TF_RESOURCE_TYPE, "Services/shop/Resource").address();
    assertThat(graph.dependencies(service)).contains(on.resource(SecretsmanagerSecretVersion.TF_RESOURCE_TYPE,
        "TaskDefinitions/shop/Secrets/SESSION_KEY/Version").address());
  }

  @Test
  void theOperatorSecretIsCreatedWithoutAValueAndNamedWithItsCommand() {
    assertThat(on.findResource(SecretsmanagerSecretVersion.TF_RESOURCE_TYPE,
        "TaskDefinitions/shop/Secrets/LICENSE_KEY/Version")).isEmpty();
    assertThat(StackJson.stringMap(on.output("secrets_to_set"))).isEqualTo(Map.of("ecs-service-connect-sec/shop/LICENSE_KEY",
        "aws secretsmanager put-secret-value --region us-east-1 --secret-id ecs-service-connect-sec/shop/LICENSE_KEY"
            + " --secret-string file://value.txt"));
  }

  /** With security.kmsKeys the stack's key encrypts the created secrets, and the execution role may decrypt them. */
  @Test
  void withKmsKeysTheStacksKeyEncryptsTheCreatedSecrets() {
    String key = withKey.resource("aws_kms_key", "LogsKey/Resource").ref("arn");
    for (String variable : List.of("SESSION_KEY", "LICENSE_KEY")) {
      assertThat(withKey.resource(SecretsmanagerSecret.TF_RESOURCE_TYPE, "TaskDefinitions/shop/Secrets/" + variable
          + "/Resource").text("kms_key_id")).isEqualTo(key);
    }
    JsonNode statements = withKey.resource(IamRolePolicy.TF_RESOURCE_TYPE,
        "TaskDefinitions/shop/ExecutionRoleSecretsPolicy").parsed("policy").path("Statement");
    assertThat(statements.get(2).toString()).isEqualTo("{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\","
        + "\"Resource\":[\"arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555\","
        + "\"" + key + "\","
        + "\"arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef\"]}");
  }

  // Off: the default stack writes none of them, and reads no account id.

  @ParameterizedTest
  @ValueSource(strings = {"environment", "secrets", "repositoryCredentials"})
  void defaultContainerHasNo(String field) {
    JsonNode containers = off.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource")
        .parsed("container_definitions");
    assertThat(containers.get(0).has(field)).isFalse();
  }

  @Test
  void defaultStackCreatesNoSecretAndHasNoEphemeralBlock() {
    assertThat(off.resources(SecretsmanagerSecret.TF_RESOURCE_TYPE)).isEmpty();
    assertThat(off.resources(SecretsmanagerSecretVersion.TF_RESOURCE_TYPE)).isEmpty();
    assertThat(off.root().has("ephemeral")).isFalse();
    assertThat(off.outputs().has("secrets_to_set")).isFalse();
  }

  @Test
  void defaultStackHasNoSecretsPolicyAndNoCallerIdentity() {
    assertThat(off.resources(IamRolePolicy.TF_RESOURCE_TYPE)).extracting(StackJson.Block::path)
        .noneMatch(p -> p.endsWith("/ExecutionRoleSecretsPolicy") || p.endsWith("/TaskRoleStatementsPolicy"));
    assertThat(off.dataSources(DataAwsCallerIdentity.TF_RESOURCE_TYPE)).isEmpty();
  }
}
