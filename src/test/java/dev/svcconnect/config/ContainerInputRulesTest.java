package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.EnvironmentConfig.ContainerInputs;
import dev.svcconnect.config.EnvironmentConfig.PasswordRules;
import dev.svcconnect.config.EnvironmentConfig.PolicyStatement;
import dev.svcconnect.config.EnvironmentConfig.RepositoryCredentials;
import dev.svcconnect.config.EnvironmentConfig.Secret;
import dev.svcconnect.config.EnvironmentConfig.SecretStore;
import dev.svcconnect.tiers.UnitTier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A container's {@code environment}, {@code secrets} and {@code repositoryCredentials}, and a task's
 * {@code taskRole.statements}: each field on and off, and each failing path with its exact message.
 */
@UnitTier
class ContainerInputRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  private static final String C = X + "task.containers[0].";
  private static final String SM = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf";
  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

  /** The shared task with one app container carrying {@code more} (flow-mapping members). */
  private static String app(String more) {
    return minimal("task:\n  containers:\n    - {name: app, image: nginx, portMappings: [{name: nginx,"
        + " containerPort: 80}]" + (more.isEmpty() ? "" : ", " + more) + "}\n");
  }

  private static String taskRole(String statements) {
    return minimal("task:\n  taskRole: {statements: [" + statements + "]}\n");
  }

  private static Secret sm(String name, String arn) {
    return new Secret(name, SecretStore.SECRETS_MANAGER, arn, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(
        fails("failsOnVariableNameStartingWithADigit", app("environment: {1ST: x}"),
            C + "environment.1ST: key '1ST' is not an environment variable name (letters, digits and _, not starting"
                + " with a digit)"),
        fails("failsOnVariableNameWithADash", app("environment: {LOG-LEVEL: x}"),
            C + "environment.LOG-LEVEL: key 'LOG-LEVEL' is not an environment variable name (letters, digits and _,"
                + " not starting with a digit)"),
        fails("failsOnSecretNameWithADot", app("secrets: {db.password: {ssmParameter: /db}}"),
            C + "secrets.db.password: key 'db.password' is not an environment variable name (letters, digits and _,"
                + " not starting with a digit)"),
        fails("failsOnANonTextValue", app("environment: {RETRIES: 3}"),
            C + "environment.RETRIES: expected a string, got number 3"),
        fails("failsOnANameInEnvironmentAndSecrets", app("environment: {DB_USER: app}, secrets: {DB_USER:"
                + " {ssmParameter: /db/user}}"),
            C + "secrets.DB_USER: is also a plain environment variable of the container; a name is set once"),
        fails("failsOnASecretWithoutSource", app("secrets: {DB: {jsonKey: password}}"),
            C + "secrets.DB: needs one source: secretsManager (a secret ARN), ssmParameter (a parameter name or ARN) or"
                + " create (generated or operator)"),
        fails("failsOnACreatedSecretWithAnotherSource", app("secrets: {DB: {create: generated, secretsManager: '" + SM
                + "'}}"),
            C + "secrets.DB.secretsManager: is set beside create; a secret has one source"),
        fails("failsOnACreatedSecretWithAParameter", app("secrets: {DB: {create: operator, ssmParameter: /db}}"),
            C + "secrets.DB.ssmParameter: is set beside create; a secret has one source"),
        fails("failsOnAnUnknownWayToCreate", app("secrets: {DB: {create: random}}"),
            C + "secrets.DB.create: 'random' is not allowed; expected generated or operator"),
        fails("failsOnAKeyOfACreatedSecret", app("secrets: {DB: {create: generated, kmsKeyArn: '" + KEY + "'}}"),
            C + "secrets.DB.kmsKeyArn: is for an existing secret; the container reads the whole current value of a"
                + " secret the stack creates, encrypted with the stack's key"),
        fails("failsOnAJsonKeyOfACreatedSecret", app("secrets: {DB: {create: operator, jsonKey: password}}"),
            C + "secrets.DB.jsonKey: is for an existing secret; the container reads the whole current value of a"
                + " secret the stack creates, encrypted with the stack's key"),
        fails("failsOnGenerateForAnOperatorSecret", app("secrets: {DB: {create: operator, generate: {length: 20}}}"),
            C + "secrets.DB.generate: is only for create: generated; an operator sets this secret's value"),
        fails("failsOnGenerateForAnExistingSecret", app("secrets: {DB: {ssmParameter: /db, generate: {length: 20}}}"),
            C + "secrets.DB.generate: is only for create: generated"),
        fails("failsOnAZeroLength", app("secrets: {DB: {create: generated, generate: {length: 0}}}"),
            C + "secrets.DB.generate.length: 0 is out of range (1-4096)"),
        fails("failsOnALengthAboveGetRandomPasswordsLimit", app("secrets: {DB: {create: generated, generate:"
                + " {length: 4097}}}"),
            C + "secrets.DB.generate.length: 4097 is out of range (1-4096)"),
        fails("failsOnEveryCharacterTypeExcluded", app("secrets: {DB: {create: generated, generate: {excludeNumbers:"
                + " true, excludePunctuation: true, excludeUppercase: true, excludeLowercase: true}}}"),
            C + "secrets.DB.generate: leaves no character to generate the value from"),
        fails("failsOnEveryCharacterOfTheTypesLeftExcluded", app("secrets: {DB: {create: generated, generate:"
                + " {excludeCharacters: '0123456789', excludePunctuation: true, excludeUppercase: true,"
                + " excludeLowercase: true}}}"),
            C + "secrets.DB.generate: leaves no character to generate the value from"),
        fails("failsOnALengthShorterThanTheRequiredTypes", app("secrets: {DB: {create: generated, generate:"
                + " {length: 3}}}"),
            C + "secrets.DB.generate.length: 3 cannot hold one character of each of the 4 types"
                + " requireEachIncludedType asks for"),
        fails("failsOnTwoContainersCreatingOneVariable", minimal("task:\n  containers:\n"
                + "    - {name: app, image: nginx, portMappings: [{name: nginx, containerPort: 80}],"
                + " secrets: {DB: {create: generated}}}\n"
                + "    - {name: side, image: nginx, essential: false, secrets: {DB: {create: operator}}}\n"),
            X + "task.containers[1].secrets.DB: container 'app' of the task also has this variable; the stack creates"
                + " one secret per task family and variable name"),
        fails("failsOnASecretWithTwoSources", app("secrets: {DB: {secretsManager: '" + SM + "', ssmParameter: /db}}"),
            C + "secrets.DB.ssmParameter: is set beside secretsManager; a secret has one source"),
        fails("failsOnAJsonKeyOfAParameter", app("secrets: {DB: {ssmParameter: /db, jsonKey: password}}"),
            C + "secrets.DB.jsonKey: is a Secrets Manager field; an SSM parameter has no JSON key or version"),
        fails("failsOnAVersionIdOfAParameter", app("secrets: {DB: {ssmParameter: /db, versionId:"
                + " 9d4cb84b-ad69-40c0-a0ab-cead3e000000}}"),
            C + "secrets.DB.versionId: is a Secrets Manager field; an SSM parameter has no JSON key or version"),
        fails("failsOnAJsonKeyWithAColon", app("secrets: {DB: {secretsManager: '" + SM + "', jsonKey: 'a:b'}}"),
            C + "secrets.DB.jsonKey: 'a:b' must not contain ':' (ECS separates the fields of valueFrom with it)"),
        fails("failsOnAShortVersionId", app("secrets: {DB: {secretsManager: '" + SM + "', versionId: v1}}"),
            C + "secrets.DB.versionId: 'v1' must be 32-64 characters long"),
        fails("failsOnAnArnOfAnotherService", app("secrets: {DB: {secretsManager:"
                + " 'arn:aws:ssm:us-east-1:123456789012:parameter/db'}}"),
            C + "secrets.DB.secretsManager: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' is not a Secrets"
                + " Manager secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>)"),
        fails("failsOnAnUnknownPartition", app("secrets: {DB: {secretsManager:"
                + " 'arn:aws-xx:secretsmanager:us-east-1:123456789012:secret:db'}}"),
            C + "secrets.DB.secretsManager: 'arn:aws-xx:secretsmanager:us-east-1:123456789012:secret:db' is not a"
                + " Secrets Manager secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>)"),
        fails("failsOnAnArnWithoutRegion", app("secrets: {DB: {secretsManager:"
                + " 'arn:aws:secretsmanager::123456789012:secret:db'}}"),
            C + "secrets.DB.secretsManager: 'arn:aws:secretsmanager::123456789012:secret:db' is not a Secrets Manager"
                + " secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>)"),
        fails("failsOnAnArnOfAnotherPartition", app("secrets: {DB: {secretsManager:"
                + " 'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db'}}"),
            C + "secrets.DB.secretsManager: 'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db' is in"
                + " partition aws-us-gov, but target.region us-east-1 is in aws"),
        fails("failsOnAParameterArnOfAnotherPartition", app("secrets: {DB: {ssmParameter:"
                + " 'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/db'}}"),
            C + "secrets.DB.ssmParameter: 'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/db' is in partition"
                + " aws-cn, but target.region us-east-1 is in aws"),
        fails("failsOnAHierarchyWithoutLeadingSlash", app("secrets: {DB: {ssmParameter: shop/db}}"),
            C + "secrets.DB.ssmParameter: 'shop/db' is not an SSM parameter name (/a/b or name: letters, digits and"
                + " _.-) or ARN (arn:<partition>:ssm:<region>:<account>:parameter/<name>)"),
        fails("failsOnAKeyAlias", app("secrets: {DB: {ssmParameter: /db, kmsKeyArn:"
                + " 'arn:aws:kms:us-east-1:123456789012:alias/shop'}}"),
            C + "secrets.DB.kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/shop' is not a KMS key ARN"
                + " (arn:<partition>:kms:<region>:<account>:key/<key-id>)"),
        fails("failsOnAKeyOfAnotherPartition", app("secrets: {DB: {ssmParameter: /db, kmsKeyArn:"
                + " 'arn:aws-cn:kms:cn-north-1:123456789012:key/11111111-2222-3333-4444-555555555555'}}"),
            C + "secrets.DB.kmsKeyArn: 'arn:aws-cn:kms:cn-north-1:123456789012:key/11111111-2222-3333-4444-555555555555'"
                + " is in partition aws-cn, but target.region us-east-1 is in aws"),
        fails("failsOnRegistryCredentialsInSsm", app("repositoryCredentials: {credentialsParameter:"
                + " 'arn:aws:ssm:us-east-1:123456789012:parameter/registry'}"),
            C + "repositoryCredentials.credentialsParameter: 'arn:aws:ssm:us-east-1:123456789012:parameter/registry'"
                + " is not a Secrets Manager secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:"
                + "<name>)"),
        fails("failsOnRegistryCredentialsWithoutParameter", app("repositoryCredentials: {kmsKeyArn: '" + KEY + "'}"),
            C + "repositoryCredentials.credentialsParameter: is required"),
        fails("failsOnAnActionWithoutService", taskRole("{actions: [GetObject], resources: ['*']}"),
            X + "task.taskRole.statements[0].actions[0]: 'GetObject' is not an IAM action (<service>:<Action>, e.g."
                + " s3:GetObject, or *)"),
        fails("failsOnAResourceThatIsNoArn", taskRole("{actions: ['s3:GetObject'], resources: [bucket]}"),
            X + "task.taskRole.statements[0].resources[0]: 'bucket' is not a resource ARN"
                + " (arn:<partition>:<service>:<region>:<account>:<resource>) or *"),
        fails("failsOnAResourceOfAnotherPartition", taskRole("{actions: ['s3:GetObject'], resources:"
                + " ['arn:aws-cn:s3:::bucket/*']}"),
            X + "task.taskRole.statements[0].resources[0]: 'arn:aws-cn:s3:::bucket/*' is in partition aws-cn, but"
                + " target.region us-east-1 is in aws"),
        fails("failsOnAStatementWithoutResources", taskRole("{actions: ['s3:GetObject']}"),
            X + "task.taskRole.statements[0].resources: is required"),
        fails("failsOnAnUnknownEffect", taskRole("{effect: allow, actions: ['s3:GetObject'], resources: ['*']}"),
            X + "task.taskRole.statements[0].effect: 'allow' is not allowed; expected Allow or Deny"));
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("noInputsByDefault", app(""), c -> c.task().app().inputs(), ContainerInputs.NONE),
        accepts("noInputsOnTheShorthand", minimal(""), c -> c.task().app().inputs(), ContainerInputs.NONE),
        accepts("environmentInTheOrderWritten", app("environment: {ZONE: a, LOG_LEVEL: info, _X1: ''}"),
            c -> List.copyOf(c.task().app().inputs().environment().entrySet()),
            List.of(Map.entry("ZONE", "a"), Map.entry("LOG_LEVEL", "info"), Map.entry("_X1", ""))),
        accepts("wholeSecret", app("secrets: {DB: {secretsManager: '" + SM + "'}}"),
            c -> c.task().app().inputs().secrets(), List.of(sm("DB", SM))),
        accepts("partialSecretArn", app("secrets: {DB: {secretsManager:"
                + " 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db'}}"),
            c -> c.task().app().inputs().secrets().get(0).reference(),
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db"),
        accepts("jsonKeyAndVersion", app("secrets: {DB: {secretsManager: '" + SM + "', jsonKey: password,"
                + " versionStage: AWSPREVIOUS, versionId: 9d4cb84b-ad69-40c0-a0ab-cead3e000000, kmsKeyArn: '" + KEY
                + "'}}"),
            c -> c.task().app().inputs().secrets().get(0), new Secret("DB", SecretStore.SECRETS_MANAGER, SM,
                Optional.of("password"), Optional.of("AWSPREVIOUS"),
                Optional.of("9d4cb84b-ad69-40c0-a0ab-cead3e000000"), Optional.of(KEY))),
        accepts("parameterByName", app("secrets: {TOKEN: {ssmParameter: /shop/token}}"),
            c -> c.task().app().inputs().secrets().get(0), new Secret("TOKEN", SecretStore.SSM_PARAMETER,
                "/shop/token", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())),
        accepts("parameterByFlatName", app("secrets: {TOKEN: {ssmParameter: token}}"),
            c -> c.task().app().inputs().secrets().get(0).reference(), "token"),
        accepts("parameterByArn", app("secrets: {TOKEN: {ssmParameter:"
                + " 'arn:aws:ssm:us-east-1:123456789012:parameter/shop/token'}}"),
            c -> c.task().app().inputs().secrets().get(0).reference(),
            "arn:aws:ssm:us-east-1:123456789012:parameter/shop/token"),
        accepts("generatedWithGetRandomPasswordsDefaults", app("secrets: {DB: {create: generated}}"),
            c -> c.task().app().inputs().secrets(), List.of(new Secret("DB", SecretStore.GENERATED, "",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new PasswordRules(32, "", false, false, false, false, false, true))))),
        accepts("generatedWithEveryRule", app("secrets: {DB: {create: generated, generate: {length: 64,"
                + " excludeCharacters: '\"@/', excludeNumbers: true, excludePunctuation: true, excludeUppercase: false,"
                + " excludeLowercase: false, includeSpace: true, requireEachIncludedType: false}}}"),
            c -> c.task().app().inputs().secrets().get(0).generate(),
            Optional.of(new PasswordRules(64, "\"@/", true, true, false, false, true, false))),
        accepts("oneCharacterWhenOneTypeIsLeft", app("secrets: {DB: {create: generated, generate: {length: 1,"
                + " excludeNumbers: true, excludePunctuation: true, excludeUppercase: true}}}"),
            c -> c.task().app().inputs().secrets().get(0).generate().orElseThrow().length(), 1),
        accepts("shorterThanTheTypesWhenNotRequired", app("secrets: {DB: {create: generated, generate: {length: 2,"
                + " requireEachIncludedType: false}}}"),
            c -> c.task().app().inputs().secrets().get(0).generate().orElseThrow().length(), 2),
        accepts("operator", app("secrets: {DB: {create: operator}}"),
            c -> c.task().app().inputs().secrets(), List.of(new Secret("DB", SecretStore.OPERATOR, "",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))),
        accepts("oneVariableCreatedByTwoTasks", minimal("task:\n  containers:\n"
                + "    - {name: app, image: nginx, portMappings: [{name: nginx, containerPort: 80}],"
                + " secrets: {DB: {create: generated}}}\n"
                + "services:\n  - name: web\n    task: {containers: [{name: app, image: nginx, portMappings:"
                + " [{name: nginx, containerPort: 80}], secrets: {DB: {create: operator}}}]}\n"
                + "    serviceConnect: {endpoints: [{portName: nginx}]}\n"),
            c -> c.services().get(0).task().app().inputs().secrets().get(0).store(), SecretStore.OPERATOR),
        accepts("registryCredentials", app("repositoryCredentials: {credentialsParameter: '" + SM + "'}"),
            c -> c.task().app().inputs().repositoryCredentials(),
            Optional.of(new RepositoryCredentials(SM, Optional.empty()))),
        accepts("noTaskRoleStatementsByDefault", minimal(""), c -> c.task().taskRoleStatements(), List.of()),
        accepts("taskRoleStatements", taskRole("{actions: ['s3:GetObject', 's3:List*'], resources:"
                + " ['arn:aws:s3:::b', 'arn:aws:s3:::b/*']}, {effect: Deny, actions: ['*'], resources: ['*']}"),
            c -> c.task().taskRoleStatements(), List.of(
                new PolicyStatement(true, List.of("s3:GetObject", "s3:List*"), List.of("arn:aws:s3:::b",
                    "arn:aws:s3:::b/*")),
                new PolicyStatement(false, List.of("*"), List.of("*")))),
        accepts("taskRoleStatementOnAServiceTask", minimal("services:\n  - name: web\n    task: {taskRole:"
                + " {statements: [{actions: ['sqs:SendMessage'], resources:"
                + " ['arn:aws:sqs:us-east-1:123456789012:orders']}]}}\n"
                + "    serviceConnect: {endpoints: [{portName: nginx}]}\n"),
            c -> c.services().get(0).task().taskRoleStatements().get(0).actions(), List.of("sqs:SendMessage")));
  }

  @Test
  void theSecretsFixtureLoadsEveryField() {
    EnvironmentConfig config = ConfigLoader.load(Path.of("src/test/resources/topology/options-secrets.yaml"));
    ContainerInputs app = config.services().get(0).task().app().inputs();

    assertThat(app.environment()).containsOnlyKeys("LOG_LEVEL", "UPSTREAM_URL");
    assertThat(app.secrets()).extracting(Secret::name)
        .containsExactly("DB_PASSWORD", "DB_USER", "STRIPE_KEY", "FEATURE_FLAGS", "API_URL", "SESSION_KEY",
            "LICENSE_KEY");
    assertThat(app.repositoryCredentials()).isPresent();
    assertThat(config.services().get(0).task().taskRoleStatements()).hasSize(2);
  }
}
