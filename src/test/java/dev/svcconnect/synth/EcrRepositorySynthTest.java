package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.providers.aws.ecr_lifecycle_policy.EcrLifecyclePolicy;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepository;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.tiers.SynthTier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A container's image in the ECR repository the stack creates ({@code ecr:}), on (the worker of
 * {@code topology/options-storage-connect.yaml}), encrypted with the stack's key (the same with security.kmsKeys),
 * on the single-container shorthand (config/local.yaml's shared task with {@code ecr} for {@code image}) and off
 * (the default stack creates no repository).
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrRepositorySynthTest {
  private static final String REPOSITORY = "TaskDefinitions/worker/Repositories/worker/Resource";

  private StackJson on;
  private StackJson off;
  private StackJson kms;
  private StackJson.Block repository;

  @BeforeAll
  void synth() {
    on = SynthFixture.serviceStack(ConfigLoader.load(WorkloadOptionsSynthTest.OPTIONS));
    off = SynthFixture.serviceStack(SynthFixture.local());
    kms = SynthFixture.serviceStack(SynthFixture.fileWith(WorkloadOptionsSynthTest.OPTIONS, "bastion:\n",
        "security:\n  kmsKeys: true\nbastion:\n"));
    repository = on.resource(EcrRepository.TF_RESOURCE_TYPE, REPOSITORY);
  }

  @Test
  void repositoryIsNamedAfterEnvironmentFamilyAndContainer() {
    assertThat(repository.text("name")).isEqualTo("ecs-service-connect-wlo/worker/worker");
    assertThat(on.resources(EcrRepository.TF_RESOURCE_TYPE)).hasSize(1);
  }

  @Test
  void repositoryHasImmutableTagsScanOnPushAndEncryption() {
    assertThat(repository.text("image_tag_mutability")).isEqualTo("IMMUTABLE");
    assertThat(repository.get("image_scanning_configuration").path("scan_on_push").booleanValue()).isTrue();
    assertThat(repository.get("encryption_configuration").get(0).path("encryption_type").textValue())
        .isEqualTo("AES256");
    assertThat(repository.get("force_delete").isBoolean()).isTrue();
    assertThat(repository.get("force_delete").booleanValue()).as("destroy must not delete images").isFalse();
  }

  @Test
  void withTheStacksKeyTheRepositoryIsEncryptedWithItByArn() {
    JsonNode encryption = kms.resource(EcrRepository.TF_RESOURCE_TYPE, REPOSITORY).get("encryption_configuration");
    assertThat(encryption).hasSize(1);
    assertThat(encryption.get(0).path("encryption_type").textValue()).isEqualTo("KMS");
    assertThat(encryption.get(0).path("kms_key").textValue())
        .isEqualTo(kms.resource(KmsKey.TF_RESOURCE_TYPE, "LogsKey/Resource").ref("arn"));
    assertThat(kms.resources(KmsKey.TF_RESOURCE_TYPE)).as("one key for logs, ECS Exec and ECR").hasSize(1);
  }

  @Test
  void withoutTheStacksKeyTheRepositoryNamesNoKey() {
    assertThat(repository.get("encryption_configuration").get(0).has("kms_key")).isFalse();
  }

  @Test
  void theKeysDescriptionNamesTheRepositories() {
    assertThat(kms.resource(KmsKey.TF_RESOURCE_TYPE, "LogsKey/Resource").text("description"))
        .isEqualTo("Encrypts the log groups, ECS Exec sessions and ECR repositories of ecs-service-connect-wlo-logs");
  }

  @Test
  void shorthandAppContainerRunsTheTagFromItsRepository() {
    StackJson shorthand = SynthFixture.serviceStack(SynthFixture.localWith("image: nginx", "ecr: {tag: v2}"));
    StackJson.Block shared = shorthand.resource(EcrRepository.TF_RESOURCE_TYPE,
        "TaskDefinition/Repositories/nginx/Resource");
    assertThat(shared.text("name")).isEqualTo("ecs-service-connect-local/nginx/nginx");
    assertThat(shorthand.resources(EcrRepository.TF_RESOURCE_TYPE)).hasSize(1);
    JsonNode app = shorthand.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource")
        .parsed("container_definitions").get(0);
    assertThat(app.path("name").textValue()).isEqualTo("nginx");
    assertThat(app.path("image").textValue()).isEqualTo(shared.ref("repository_url") + ":v2");
  }

  @Test
  void lifecyclePolicyKeepsTheLastImages() throws Exception {
    StackJson.Block policy = on.resource(EcrLifecyclePolicy.TF_RESOURCE_TYPE,
        "TaskDefinitions/worker/Repositories/worker/LifecyclePolicy");
    assertThat(policy.text("repository")).isEqualTo(repository.ref("name"));
    assertThat(policy.parsed("policy")).isEqualTo(new ObjectMapper().readTree("""
        {"rules": [{"rulePriority": 1, "description": "Keep the last 10 images",
          "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10},
          "action": {"type": "expire"}}]}"""));
  }

  @Test
  void lifecyclePolicyIsReplacedWithTheRepository() {
    // it names the repository by name, which a replacement (security.kmsKeys on or off) keeps; the repository's
    // deletion takes the policy with it, so the policy must be created again in the same apply
    StackJson.Block policy = on.resource(EcrLifecyclePolicy.TF_RESOURCE_TYPE,
        "TaskDefinitions/worker/Repositories/worker/LifecyclePolicy");
    assertThat(StackJson.texts(policy.get("lifecycle").path("replace_triggered_by")))
        .containsExactly(repository.address());
  }

  @Test
  void containerRunsTheTagFromTheRepository() {
    JsonNode worker = on.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinitions/worker/Resource")
        .parsed("container_definitions").get(0);
    assertThat(worker.path("image").textValue()).isEqualTo(repository.ref("repository_url") + ":v1.2.3");
  }

  @Test
  void defaultStackCreatesNoRepository() {
    assertThat(off.resources(EcrRepository.TF_RESOURCE_TYPE)).isEmpty();
    assertThat(off.resources(EcrLifecyclePolicy.TF_RESOURCE_TYPE)).isEmpty();
  }
}
