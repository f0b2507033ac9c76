package dev.svcconnect.service;

import static java.util.Map.entry;

import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.ecr_lifecycle_policy.EcrLifecyclePolicy;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepository;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryEncryptionConfiguration;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryImageScanningConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinitionEphemeralStorage;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinitionRuntimePlatform;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinitionVolume;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import dev.svcconnect.config.AwsFields;
import dev.svcconnect.config.EnvironmentConfig.Container;
import dev.svcconnect.config.EnvironmentConfig.ContainerInputs;
import dev.svcconnect.config.EnvironmentConfig.Dependency;
import dev.svcconnect.config.EnvironmentConfig.EcrImage;
import dev.svcconnect.config.EnvironmentConfig.HealthCheck;
import dev.svcconnect.config.EnvironmentConfig.PolicyStatement;
import dev.svcconnect.config.EnvironmentConfig.MountPoint;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.config.EnvironmentConfig.Secret;
import dev.svcconnect.config.EnvironmentConfig.SecretStore;
import dev.svcconnect.config.EnvironmentConfig.Ulimit;
import dev.svcconnect.config.EnvironmentConfig.Task;
import dev.svcconnect.naming.IamDocuments;
import dev.svcconnect.naming.IamDocuments.Statement;
import dev.svcconnect.naming.Json;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.naming.SecretReferences;
import dev.svcconnect.prerequisite.RuntimePrerequisites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.constructs.Construct;

/**
 * A Fargate task definition with its containers (the app container and its sidecars, e.g. the readiness gate), the
 * secrets it creates for them ({@link CreatedSecret}, under {@code Secrets/<variable>}), and its two roles: the
 * execution role (image pull, log delivery, and reading exactly the containers' secrets and registry credentials)
 * and the task role, which holds what ECS Exec needs (its ssmmessages channels, writing its
 * session log, decrypting with the session key when there is one) and the statements the config lists under
 * {@code taskRole.statements}.
 */
public final class FargateTaskDefinition extends Construct {
  /**
   * The permissions the ECS Exec agent in the task uses to open its SSM session channels
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html).
   */
  public static final List<String> ECS_EXEC_ACTIONS = List.of(
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel");
  /** The AWS-managed policy of the execution role (its name and path; the ARN is the partition's). */
  static final String EXECUTION_POLICY = "service-role/AmazonECSTaskExecutionRolePolicy";
  private static final String ECS_TASKS = "ecs-tasks.amazonaws.com";

  private final EcsTaskDefinition resource;
  private final Task task;
  private final RuntimePrerequisites rolePolicies;
  private final List<String> secretsToSet = new ArrayList<>();

  /**
   * @param task the validated task: family, Fargate size and its containers
   * @param wiring the log group, the ECS Exec key, the environment's names and the region
   */
  public FargateTaskDefinition(Construct scope, String id, Task task, TaskWiring wiring) {
    super(scope, id);
    this.task = task;
    Naming naming = wiring.naming();

    // Execution role
    IamRole executionRole = roleForTasks("ExecutionRole", naming.executionRoleName(task.family()),
        Naming.executionRoleDescription(task.family()));
    IamRolePolicyAttachment executionPolicy = IamRolePolicyAttachment.Builder.create(this, "ExecutionRolePolicy")
        .role(executionRole.getName())
        .policyArn(wiring.partition().managedPolicy(EXECUTION_POLICY))
        .build();

    // The secrets the stack creates for the containers (secrets.<name>.create), one per variable name
    Map<String, CreatedSecret> created = new LinkedHashMap<>();
    Construct createdGroup = null;
    for (Container c : task.containers()) {
      for (Secret s : c.inputs().secrets()) {
        if (s.store().created()) {
          createdGroup = createdGroup != null ? createdGroup : new Construct(this, "Secrets");
          String name = naming.createdSecretName(task.family(), s.name());
          created.put(s.name(), new CreatedSecret(createdGroup, s.name(), name,
              Naming.createdSecretDescription(task.family(), s.name()), s, wiring.key()));
          if (s.store() == SecretStore.OPERATOR) {
            secretsToSet.add(name);
          }
        }
      }
    }

    // Execution role: the containers' secrets and registry credentials, exactly those, when there are any
    SecretArns secretArns = new SecretArns(task, wiring, created, () -> DataAwsCallerIdentity.Builder.create(this,
        "Account").build().getAccountId());
    List<IamRolePolicy> executionPolicies = new ArrayList<>();
    secretArns.policy().ifPresent(policy -> executionPolicies.add(IamRolePolicy.Builder.create(this,
            "ExecutionRoleSecretsPolicy")
        .name("secrets")
        .role(executionRole.getId())
        .policy(policy)
        .build()));

    // Task role: ECS Exec (channels and session logs), and the task's own statements
    IamRole taskRole = roleForTasks("TaskRole", naming.taskRoleName(task.family()),
        Naming.taskRoleDescription(task.family()));
    IamRolePolicy execPolicy = IamRolePolicy.Builder.create(this, "TaskRoleExecPolicy")
        .name("ecs-exec")
        .role(taskRole.getId())
        .policy(IamDocuments.policy(IamDocuments.allowOnAnyResource(ECS_EXEC_ACTIONS)))
        .build();
    // The exec agent in the task writes the session log itself (the cluster's execute_command_configuration), and
    // opens the session with the cluster's KMS key when there is one.
    IamRolePolicy execLoggingPolicy = IamRolePolicy.Builder.create(this, "TaskRoleExecLoggingPolicy")
        .name("ecs-exec-logging")
        .role(taskRole.getId())
        .policy(execSessionLogging(wiring.logGroup().getArn(), wiring.key().map(KmsKey::getArn)))
        .build();

    List<PolicyStatement> own = task.taskRoleStatements();
    Optional<IamRolePolicy> ownPolicy = own.isEmpty() ? Optional.empty() : Optional.of(IamRolePolicy.Builder
        .create(this, "TaskRoleStatementsPolicy")
        .name("statements")
        .role(taskRole.getId())
        .policy(IamDocuments.policy(own.stream().map(FargateTaskDefinition::statement).toList()))
        .build());

    // ECS uses the execution role to pull the image, read the secrets and create the log stream before the task
    // starts, and the exec agent and the task's code the task role once it runs: a task started before these exist
    // fails, or lacks a permission.
    List<TerraformResource> prerequisites = new ArrayList<>(List.of(executionPolicy, execPolicy, execLoggingPolicy));
    prerequisites.addAll(executionPolicies);
    ownPolicy.ifPresent(prerequisites::add);
    // A generated secret's value is written by its version, which nothing in the task definition refers to: a task
    // started before it exists could not read the secret.
    created.values().forEach(c -> c.value().ifPresent(prerequisites::add));
    rolePolicies = RuntimePrerequisites.of(prerequisites);

    // ECR repositories of the containers that run an image of the stack's own
    Map<String, String> images = new LinkedHashMap<>();
    Construct repositories = task.containers().stream().anyMatch(c -> c.ecr().isPresent())
        ? new Construct(this, "Repositories") : null;
    for (Container c : task.containers()) {
      images.put(c.name(), c.ecr().map(e -> ecrImage(new Construct(repositories, c.name()), e,
          naming.ecrRepositoryName(task.family(), c.name()), wiring.key())).orElseGet(() -> Literal.of(c.image())));
    }

    EcsTaskDefinition.Builder builder = EcsTaskDefinition.Builder.create(this, "Resource")
        .family(Literal.of(task.family()))
        .requiresCompatibilities(List.of("FARGATE"))
        .networkMode("awsvpc")
        .cpu(Integer.toString(task.cpu()))
        .memory(Integer.toString(task.memoryMiB()))
        .executionRoleArn(executionRole.getArn())
        .taskRoleArn(taskRole.getArn())
        .runtimePlatform(EcsTaskDefinitionRuntimePlatform.builder()
            .operatingSystemFamily("LINUX")
            .cpuArchitecture(Literal.of(task.cpuArchitecture()))
            .build())
        .containerDefinitions(containerDefinitions(task, images, wiring, secretArns));
    // Fargate's 20 GiB unless asked for (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html)
    task.ephemeralStorageGiB().ifPresent(gib -> builder.ephemeralStorage(EcsTaskDefinitionEphemeralStorage.builder()
        .sizeInGib(gib).build()));
    // A volume with a name alone is a bind mount on the task's ephemeral storage: created empty when the task
    // starts, shared by the containers that mount it, gone with the task
    // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html).
    if (!task.volumes().isEmpty()) {
      builder.volume(task.volumes().stream()
          .map(name -> EcsTaskDefinitionVolume.builder().name(Literal.of(name)).build()).toList());
    }
    resource = builder.build();
  }

  /**
   * The private ECR repository of a container (in {@code scope}: {@code Repositories/<container>}) and its
   * lifecycle policy; returns the image the container runs: the repository's URL and {@code ecr}'s tag. The
   * repository's tags are immutable (a tag always names the image that was tested; FSBP ECR.2), ECR scans each push
   * when {@code scanOnPush} (ECR.1), and images are encrypted with the stack's customer-managed {@code key} when
   * there is one (security.kmsKeys), else with AES256, ECR's default S3-managed keys
   * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html). With the key, ECR creates
   * grants on it for the repository when the repository is created and decrypts through them when an image is
   * pulled (same page): the key policy only has to let the account's IAM policies allow the deploying principal
   * kms:CreateGrant, kms:RetireGrant and kms:DescribeKey (LogsKey's first statement; docs/iam/deploy-role-policy.json),
   * and the execution role that pulls needs no KMS permission. The encryption configuration is set when the
   * repository is created (same page), and the provider replaces the repository when it changes
   * (https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/ecr_repository), so turning
   * security.kmsKeys on or off replaces the repository; the plan review flags it (plan.RiskRules).
   * {@code force_delete} stays
   * false: destroying a stack whose repository still holds images fails at the repository
   * (RepositoryNotEmptyException, https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DeleteRepository.html)
   * rather than deleting the images silently; the operator deletes them, or the repository, by hand.
   */
  private static String ecrImage(Construct scope, EcrImage ecr, String repositoryName, Optional<KmsKey> key) {
    EcrRepositoryEncryptionConfiguration.Builder encryption = EcrRepositoryEncryptionConfiguration.builder();
    // The key's ARN, as ECR reports it back (kmsKey): what AWS reads back equals what was written.
    key.ifPresentOrElse(k -> encryption.encryptionType("KMS").kmsKey(k.getArn()),
        () -> encryption.encryptionType("AES256"));
    EcrRepository repository = EcrRepository.Builder.create(scope, "Resource")
        .name(Literal.of(repositoryName))
        .imageTagMutability("IMMUTABLE")
        .imageScanningConfiguration(EcrRepositoryImageScanningConfiguration.builder()
            .scanOnPush(ecr.scanOnPush()).build())
        .encryptionConfiguration(List.of(encryption.build()))
        .forceDelete(false)
        .build();
    // A repository's lifecycle policy goes with it (API_DeleteRepository deletes the repository and what it holds),
    // but the policy names the repository by name, which a replacement keeps: without this, replacing the repository
    // (security.kmsKeys on or off) left it without a policy until the next apply created it again.
    EcrLifecyclePolicy.Builder.create(scope, "LifecyclePolicy")
        .repository(repository.getName())
        .policy(lifecyclePolicy(ecr.keepLast()))
        .lifecycle(TerraformResourceLifecycle.builder()
            .replaceTriggeredBy(List.of(EcrRepository.TF_RESOURCE_TYPE + "." + repository.getFriendlyUniqueId()))
            .build())
        .build();
    return repository.getRepositoryUrl() + ":" + Literal.of(ecr.tag());
  }

  /**
   * The lifecycle policy that keeps the newest {@code keepLast} images, tagged or not, and expires the rest
   * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html).
   */
  static String lifecyclePolicy(int keepLast) {
    Map<String, Object> selection = Json.object(entry("tagStatus", "any"), entry("countType", "imageCountMoreThan"),
        entry("countNumber", keepLast));
    Map<String, Object> rule = Json.object(entry("rulePriority", 1),
        entry("description", "Keep the last " + keepLast + " images"), entry("selection", selection),
        entry("action", Map.of("type", "expire")));
    return Json.write(Map.of("rules", List.of(rule)));
  }

  /**
   * What the ECS Exec agent needs to write session logs to the log group, and kms:Decrypt on the session key, if any
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html).
   */
  private static String execSessionLogging(String logGroupArn, Optional<String> kmsKeyArn) {
    List<Statement> statements = new ArrayList<>(IamDocuments.writeToLogGroup(logGroupArn));
    kmsKeyArn.ifPresent(arn -> statements.add(Statement.allow("kms:Decrypt", arn)));
    return IamDocuments.policy(statements);
  }

  /**
   * The containers as the JSON document ECS reads. Each value from the config goes through {@link Literal#of} before
   * it is written into the document, which also holds the log group's reference.
   */
  private static String containerDefinitions(Task task, Map<String, String> images, TaskWiring wiring,
      SecretArns secretArns) {
    return Json.write(task.containers().stream()
        .map(c -> container(c, images.get(c.name()), wiring, secretArns)).toList());
  }

  /** A statement of {@code taskRole.statements}, its actions and resources escaped for Terraform. */
  private static Statement statement(PolicyStatement p) {
    List<String> actions = Literal.of(p.actions());
    List<String> resources = Literal.of(p.resources());
    return p.allow() ? Statement.allow(actions, resources) : Statement.deny(actions, resources);
  }

  /**
   * The ARNs the execution role reads for {@code task}'s containers, and the one policy that grants exactly them:
   * secretsmanager:GetSecretValue on each Secrets Manager secret (the secrets' and the registry credentials'),
   * ssm:GetParameters on each parameter, kms:Decrypt on each customer key named, nothing else
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html#task-execution-secrets,
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html). A parameter given by name is made
   * its ARN in the stack's partition and region and the deploying account, which {@code account} reads once, and
   * only when a name is used. A secret the stack creates is granted by its ARN, a reference to the resource, and the
   * stack's key (security.kmsKeys) that encrypts it.
   */
  private static final class SecretArns {
    private final Set<String> secrets = new LinkedHashSet<>();
    private final Set<String> parameters = new LinkedHashSet<>();
    private final Set<String> keys = new LinkedHashSet<>();
    private final Map<Secret, String> parameterArns = new LinkedHashMap<>();
    private final Map<String, CreatedSecret> created;

    SecretArns(Task task, TaskWiring wiring, Map<String, CreatedSecret> created, Supplier<String> account) {
      this.created = created;
      // read once: each getArn() is a new token, which a set would not see as the same key
      Optional<String> stackKey = wiring.key().map(KmsKey::getArn);
      String accountId = null;
      for (Container c : task.containers()) {
        ContainerInputs in = c.inputs();
        for (Secret s : in.secrets()) {
          if (s.store().created()) {
            secrets.add(created.get(s.name()).arn());
            stackKey.ifPresent(keys::add);
          } else if (s.store() == SecretStore.SECRETS_MANAGER) {
            secrets.add(Literal.of(SecretReferences.policyResource(s.reference())));
          } else {
            String arn;
            if (s.reference().startsWith("arn:")) {
              arn = Literal.of(s.reference());
            } else {
              accountId = accountId != null ? accountId : account.get();
              arn = wiring.partition().ssmParameter(Literal.of(wiring.region()), accountId, Literal.of(s.reference()));
            }
            parameterArns.put(s, arn);
            parameters.add(arn);
          }
          s.kmsKeyArn().map(Literal::of).ifPresent(keys::add);
        }
        in.repositoryCredentials().ifPresent(r -> {
          secrets.add(Literal.of(SecretReferences.policyResource(r.credentialsParameter())));
          r.kmsKeyArn().map(Literal::of).ifPresent(keys::add);
        });
      }
    }

    /** The secret's valueFrom in the container definition. */
    String valueFrom(Secret s) {
      if (s.store().created()) {
        return created.get(s.name()).arn();
      }
      return s.store() == SecretStore.SECRETS_MANAGER ? Literal.of(SecretReferences.valueFrom(s.reference(), s.jsonKey(), s.versionStage(),
          s.versionId()))
          : parameterArns.get(s);
    }

    Optional<String> policy() {
      List<Statement> statements = new ArrayList<>();
      if (!secrets.isEmpty()) {
        statements.add(Statement.allow(List.of("secretsmanager:GetSecretValue"), List.copyOf(secrets)));
      }
      if (!parameters.isEmpty()) {
        statements.add(Statement.allow(List.of("ssm:GetParameters"), List.copyOf(parameters)));
      }
      if (!keys.isEmpty()) {
        statements.add(Statement.allow(List.of("kms:Decrypt"), List.copyOf(keys)));
      }
      return statements.isEmpty() ? Optional.empty() : Optional.of(IamDocuments.policy(statements));
    }
  }

  /** A role that ECS tasks assume ({@value #ECS_TASKS}): the execution role or the task role. */
  private IamRole roleForTasks(String id, String name, String description) {
    return IamRole.Builder.create(this, id)
        .name(Literal.of(name))
        .description(Literal.of(description))
        .assumeRolePolicy(IamDocuments.trust(ECS_TASKS))
        .build();
  }

  /**
   * One container definition. Only what the config sets is written, so that ECS's defaults apply to the rest and
   * what AWS reads back equals what was written; the key order is the golden snapshot's.
   */
  private static Map<String, Object> container(Container c, String image, TaskWiring wiring,
      SecretArns secretArns) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", Literal.of(c.name()));
    m.put("image", image);
    // Reservations only when asked for: without them the containers and the Service Connect proxy share the task.
    c.cpu().ifPresent(cpu -> m.put("cpu", cpu));
    c.memoryMiB().ifPresent(memory -> m.put("memory", memory));
    c.memoryReservationMiB().ifPresent(memory -> m.put("memoryReservation", memory));
    m.put("essential", c.essential());
    if (!c.portMappings().isEmpty()) {
      m.put("portMappings", c.portMappings().stream().map(FargateTaskDefinition::portMapping).toList());
    }
    m.put("logConfiguration", logConfiguration(wiring, c.logStreamPrefix()));
    c.healthCheck().ifPresent(h -> m.put("healthCheck", healthCheck(h)));
    if (!c.options().command().isEmpty()) {
      m.put("command", Literal.of(c.options().command()));
    }
    if (!c.options().entryPoint().isEmpty()) {
      m.put("entryPoint", Literal.of(c.options().entryPoint()));
    }
    // Here go the fields the schema writes unchanged (workingDirectory, user, readonlyRootFilesystem, stopTimeout,
    // ...), once the rest is written: withFieldsAsIs
    String asIsAfter = List.copyOf(m.keySet()).get(m.size() - 1);
    if (!c.dependsOn().isEmpty()) {
      m.put("dependsOn", c.dependsOn().stream().map(FargateTaskDefinition::dependency).toList());
    }
    if (!c.ulimits().isEmpty()) {
      m.put("ulimits", c.ulimits().stream().map(FargateTaskDefinition::ulimit).toList());
    }
    ContainerInputs in = c.inputs();
    if (!in.environment().isEmpty()) {
      List<Map<String, Object>> environment = new ArrayList<>();
      in.environment().forEach((name, value) -> environment.add(nameValue("value", name, Literal.of(value))));
      m.put("environment", environment);
    }
    if (!in.secrets().isEmpty()) {
      m.put("secrets", in.secrets().stream()
          .map(s -> nameValue("valueFrom", s.name(), secretArns.valueFrom(s))).toList());
    }
    in.repositoryCredentials().ifPresent(r -> m.put("repositoryCredentials",
        Map.of("credentialsParameter", Literal.of(r.credentialsParameter()))));
    if (!c.mountPoints().isEmpty()) {
      m.put("mountPoints", c.mountPoints().stream().map(FargateTaskDefinition::mountPoint).toList());
    }
    return withFieldsAsIs(m, asIsAfter,
        c.awsFields().of(AwsFields.CONTAINER_DEFINITION, "FargateTaskDefinition", m::keySet));
  }

  /**
   * {@code written} with the fields written as is ({@code asIs}, escaped) inserted after its member {@code after},
   * in their order.
   */
  private static Map<String, Object> withFieldsAsIs(Map<String, Object> written, String after,
      Map<String, Object> asIs) {
    Map<String, Object> m = new LinkedHashMap<>();
    written.forEach((member, value) -> {
      m.put(member, value);
      if (member.equals(after)) {
        asIs.forEach((field, v) -> m.put(field, Literal.ofJson(v)));
      }
    });
    return m;
  }

  /** {@code {name, <key>: value}}, as ECS writes an environment variable or a secret. */
  private static Map<String, Object> nameValue(String key, String name, String value) {
    return Json.object(entry("name", Literal.of(name)), entry(key, value));
  }

  /** Every field written, readOnly included, so that what ECS reads back equals what was written. */
  private static Map<String, Object> mountPoint(MountPoint p) {
    return Json.object(entry("sourceVolume", Literal.of(p.volume())), entry("containerPath", Literal.of(p.path())),
        entry("readOnly", p.readOnly()));
  }

  private static Map<String, Object> dependency(Dependency d) {
    return Json.object(entry("containerName", Literal.of(d.containerName())),
        entry("condition", Literal.of(d.condition())));
  }

  private static Map<String, Object> ulimit(Ulimit u) {
    return Json.object(entry("name", Literal.of(u.name())), entry("softLimit", u.softLimit()),
        entry("hardLimit", u.hardLimit()));
  }

  /** The awslogs driver writing into the wiring's log group, one stream prefix per container. */
  private static Map<String, Object> logConfiguration(TaskWiring wiring, String streamPrefix) {
    Map<String, Object> logOptions = Json.object(entry("awslogs-group", wiring.logGroup().getName()),
        entry("awslogs-region", Literal.of(wiring.region())), entry("awslogs-stream-prefix", Literal.of(streamPrefix)));
    return Json.object(entry("logDriver", "awslogs"), entry("options", logOptions));
  }

  /** Every timing written out, so that what AWS reads back equals what was written (no plan difference). */
  private static Map<String, Object> healthCheck(HealthCheck h) {
    return Json.object(entry("command", Literal.of(h.command())), entry("interval", h.intervalSec()),
        entry("timeout", h.timeoutSec()), entry("retries", h.retries()), entry("startPeriod", h.startPeriodSec()));
  }

  private static Map<String, Object> portMapping(PortMapping p) {
    Map<String, Object> m = new LinkedHashMap<>();
    p.name().ifPresent(name -> m.put("name", Literal.of(name)));
    m.put("containerPort", p.containerPort());
    m.put("protocol", "tcp");
    if (!p.appProtocol().equals("tcp")) {
      m.put("appProtocol", Literal.of(p.appProtocol())); // ECS has no "tcp" value: a port without one is plain TCP
    }
    return m;
  }

  public EcsTaskDefinition resource() {
    return resource;
  }

  /**
   * The names of the secrets the stack creates empty for this task's containers ({@code create: operator}), in the
   * order written: an operator sets each value before a task can start.
   */
  public List<String> secretsToSet() {
    return List.copyOf(secretsToSet);
  }

  /**
   * Its roles' policies and its generated secrets' values: what a task of this definition needs before it starts (a
   * run-time prerequisite).
   */
  public RuntimePrerequisites rolePolicies() {
    return rolePolicies;
  }

  /** The container port behind a named port mapping; config validation guarantees it exists. */
  public int containerPort(String portName) {
    return task.portMapping(portName)
        .orElseThrow(() -> new IllegalArgumentException("Port Mapping '" + portName
            + "' does not exist on the task definition."))
        .containerPort();
  }
}
