package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.plan.PlanDifferences;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.tiers.EmulatorTier;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The README's "Your own app" ({@code Fixtures.OWN_APP}, which OwnAppExampleTest keeps equal to the README's
 * block): the SSM parameter it reads is created through the SDK first, as the README's {@code aws ssm put-parameter}
 * does; the deploy succeeds; the task definition carries the environment, the secret (as the parameter's ARN that
 * SSM reports) and the sidecar; the execution role's policies, read through IAM, grant exactly
 * {@code ssm:GetParameters} on that ARN besides the AWS-managed execution policy. Then a
 * Secrets Manager secret (created through the SDK, its ARN with the suffix Secrets Manager appended) with a JSON key
 * and a customer key is added, with two secrets the stack creates, one Secrets Manager generates (create: generated)
 * and one left to the operator (create: operator): the redeploy grants exactly GetSecretValue on the three and
 * kms:Decrypt on the key; the generated secret has a value, which neither the Terraform state nor the re-plan holds;
 * the operator's has none and the output names it with its command; and the re-plan is clean.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class OwnAppDeployIT {
  private static final String SERVICE = "client-service";
  private static final String PARAMETER = "/client/api-token";
  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
  private static final String README_SECRETS = "secrets: {API_TOKEN: {ssmParameter: /client/api-token}}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestEmulator emulator;
  private EnvironmentConfig config;
  private AwsClients aws;
  private SsmClient ssm;
  private SecretsManagerClient secretsManager;
  private String parameterArn;
  private int deployExitCode;
  private String executionRole;
  /** The README's config with a Secrets Manager secret and a generated one added (step 3). */
  private EnvironmentConfig more;
  /** The name and ARN of the secret the stack creates for SESSION_KEY (create: generated). */
  private String generatedName;
  private String generatedArn;
  /** The name and ARN of the secret the stack creates empty for LICENSE_KEY (create: operator). */
  private String operatorName;
  private String operatorArn;

  @BeforeAll
  void deploy(TestEmulator emulator) {
    this.emulator = emulator;
    config = ConfigLoader.load(Fixtures.OWN_APP);
    String region = config.target().region();
    aws = emulator.aws(region);
    ssm = aws.ssm;
    secretsManager = aws.secretsManager;
    ssm.putParameter(b -> b.name(PARAMETER).type(ParameterType.SECURE_STRING).value("change-me"));
    parameterArn = ssm.getParameter(b -> b.name(PARAMETER).withDecryption(false)).parameter().arn();
    Naming naming = new Naming(config.environment(), config.tags());
    executionRole = naming.executionRoleName(SERVICE);
    generatedName = naming.createdSecretName(SERVICE, "SESSION_KEY");
    operatorName = naming.createdSecretName(SERVICE, "LICENSE_KEY");
    deployExitCode = Execution.exitCode(() -> emulator.workflow(config).deploy(false));
  }

  /** The statements of the execution role's {@code secrets} policy, as IAM returns it. */
  private JsonNode secretsStatements() throws IOException {
    assertThat(aws.iam.listRolePolicies(b -> b.roleName(executionRole)).policyNames()).containsExactly("secrets");
    String document = URLDecoder.decode(aws.iam.getRolePolicy(b -> b.roleName(executionRole).policyName("secrets"))
        .policyDocument(), StandardCharsets.UTF_8);
    return JSON.readTree(document).path("Statement");
  }

  private List<ContainerDefinition> containers() {
    return aws.containers(config.cluster().name(), SERVICE);
  }

  @Test
  @Order(1)
  void deployExitsZero() {
    assertThat(deployExitCode).isZero();
  }

  @Test
  @Order(2)
  void theExecutionRoleMayReadExactlyTheParameter() throws IOException {
    assertThat(parameterArn).isEqualTo("arn:aws:ssm:us-east-1:123456789012:parameter/client/api-token");
    assertThat(secretsStatements()).isEqualTo(JSON.readTree("[{\"Effect\":\"Allow\",\"Action\":"
        + "\"ssm:GetParameters\",\"Resource\":\"" + parameterArn + "\"}]"));
    assertThat(aws.iam.listAttachedRolePolicies(b -> b.roleName(executionRole)).attachedPolicies())
        .extracting(AttachedPolicy::policyArn)
        .containsExactly("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
  }

  @Test
  @Order(2)
  void theTaskDefinitionCarriesTheEnvironmentTheSecretAndTheSidecar() {
    List<ContainerDefinition> containers = containers();
    assertThat(containers).extracting(ContainerDefinition::name).containsExactly("app", "otel");
    ContainerDefinition app = containers.get(0);
    assertThat(app.environment().stream().collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value)))
        .isEqualTo(Map.of("UPSTREAM_URL", "http://nginx-server.local", "LOG_LEVEL", "info"));
    assertThat(app.secrets()).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("API_TOKEN");
      assertThat(s.valueFrom()).isEqualTo(parameterArn);
    });
    assertThat(containers.get(1).essential()).isFalse();
  }

  @Test
  @Order(3)
  void aSecretsManagerSecretWithAKeyIsGrantedExactly() throws IOException {
    String secretArn = secretsManager.createSecret(b -> b.name("client/db")
        .secretString("{\"password\":\"change-me\"}")).arn();
    assertThat(secretArn).matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:client/db-[A-Za-z0-9]{6}");
    String yaml = Files.readString(Fixtures.OWN_APP);
    assertThat(yaml).contains(README_SECRETS);
    more = ConfigLoader.parse(Fixtures.OWN_APP, yaml.replace(README_SECRETS, "secrets: {API_TOKEN:"
        + " {ssmParameter: /client/api-token}, DB_PASSWORD: {secretsManager: '" + secretArn + "', jsonKey: password,"
        + " kmsKeyArn: '" + KEY + "'}, SESSION_KEY: {create: generated}, LICENSE_KEY: {create: operator}}"));

    assertThat(Execution.exitCode(() -> emulator.workflow(more).deploy(false))).isZero();

    generatedArn = secretsManager.describeSecret(b -> b.secretId(generatedName)).arn();
    operatorArn = secretsManager.describeSecret(b -> b.secretId(operatorName)).arn();
    // IAM returns the document as Terraform normalized it (members reordered): compared as JSON
    assertThat(secretsStatements()).isEqualTo(JSON.readTree("["
        + "{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":[\"" + secretArn + "\",\""
        + generatedArn + "\",\"" + operatorArn + "\"]},"
        + "{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameters\",\"Resource\":\"" + parameterArn + "\"},"
        + "{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"" + KEY + "\"}]"));
    assertThat(containers().get(0).secrets()).extracting(s -> s.name() + "=" + s.valueFrom())
        .containsExactly("API_TOKEN=" + parameterArn, "DB_PASSWORD=" + secretArn + ":password::",
            "SESSION_KEY=" + generatedArn, "LICENSE_KEY=" + operatorArn);
  }

  /** The operator's secret exists without a value, and the stack's output names it with the command that sets it. */
  @Test
  @Order(4)
  void theOperatorSecretHasNoValueAndIsNamedInTheOutput() throws IOException {
    assertThat(operatorArn).as("step 3 ran").isNotNull();
    assertThat(secretsManager.listSecretVersionIds(b -> b.secretId(operatorName)).versions()).isEmpty();
    Path serviceDir = emulator.work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    JsonNode toSet = JSON.readTree(emulator.workflow(more).terraform().capture(serviceDir, "output", "-json",
        ServiceConnectStack.SECRETS_TO_SET_OUTPUT).stdout());
    assertThat(toSet).isEqualTo(JSON.readTree("{\"" + operatorName + "\": \"aws secretsmanager put-secret-value"
        + " --region us-east-1 --secret-id " + operatorName + " --secret-string file://value.txt\"}"));
  }

  /**
   * The secret the stack created (create: generated) has a value Secrets Manager generated (GetRandomPassword's
   * default length, 32), and that value is nowhere in the Terraform state.
   */
  @Test
  @Order(4)
  void theGeneratedSecretHasAValueThatIsNotInTheState() {
    assertThat(generatedArn).as("step 3 ran").isNotNull();
    String value = secretsManager.getSecretValue(b -> b.secretId(generatedName)).secretString();
    assertThat(value).hasSize(32);
    assertThat(secretsManager.listSecretVersionIds(b -> b.secretId(generatedName)).versions()).hasSize(1);
    Path serviceDir = emulator.work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    String state = emulator.workflow(more).terraform().capture(serviceDir, "state", "pull").stdout();
    assertThat(state).contains(generatedArn).doesNotContain(value);
  }

  /** Environment, secrets and registry credentials as AWS returns them are what Terraform wrote: no difference. */
  @Test
  @Order(5)
  void aReplanIsClean() throws IOException {
    assertThat(more).as("step 3 ran").isNotNull();
    Workflow w = emulator.workflow(more);
    Path planFile = emulator.work.resolve("own-app.plan");
    assertThat(w.plan(List.of("-out=" + planFile))).as("plan exit code (0 no changes, 2 changes)").isIn(0, 2);
    Path serviceDir = emulator.work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    String shown = w.terraform().capture(serviceDir, "show", "-json", planFile.toString()).stdout();
    JsonNode plan = JSON.readTree(shown);
    assertThat(PlanDifferences.of(plan)).isEmpty();
    // the plan read the generated secret's version (a refresh) and opened a new random password: neither value is in it
    String value = secretsManager.getSecretValue(b -> b.secretId(generatedName)).secretString();
    assertThat(shown).doesNotContain(value);
  }
}
