package dev.svcconnect.config;

import dev.svcconnect.naming.EndpointAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One environment, parsed and validated from {@code config/<env>.yaml}. Every instance that exists has passed
 * {@link ConfigLoader}'s rules, so constructs never re-check it.
 */
public record EnvironmentConfig(
    Path source,
    String environment,
    Target target,
    State state,
    Network network,
    Cluster cluster,
    Logs logs,
    Task task,
    List<Service> services,
    Bastion bastion,
    Map<String, String> tags,
    SecurityConfig security,
    Map<String, LoadBalancer> loadBalancers) {

  public EnvironmentConfig {
    services = List.copyOf(services);
    tags = Map.copyOf(tags);
    loadBalancers = Collections.unmodifiableMap(new LinkedHashMap<>(loadBalancers));
  }

  /** Without load balancers. */
  public EnvironmentConfig(Path source, String environment, Target target, State state, Network network,
      Cluster cluster, Logs logs, Task task, List<Service> services, Bastion bastion, Map<String, String> tags,
      SecurityConfig security) {
    this(source, environment, target, state, network, cluster, logs, task, services, bastion, tags, security,
        Map.of());
  }

  public enum TargetKind { LOCAL, AWS }

  /** Where the stack goes: the local emulator or a real AWS account. */
  public record Target(TargetKind kind, String region, Optional<String> accountId) {}

  /** The S3 state backend; the bucket itself is created by the bootstrap stack. */
  public record State(String bucket, String key, String region) {
    /** The state object as an S3 URL, {@code s3://<bucket>/<key>}, for messages. */
    public String objectUrl() {
      return "s3://" + bucket + "/" + key;
    }
  }

  public enum NatGateways { NONE, ONE, PER_AZ }

  /**
   * Subnet CIDRs are carved from {@code vpcCidr} in order: public subnets first, then private ones.
   * {@code vpcEndpoints} are the AWS services the private subnets reach through VPC endpoints.
   */
  public record Network(String vpcCidr, int availabilityZones, int subnetPrefixLength, NatGateways natGateways,
      Set<VpcEndpoint> vpcEndpoints, Optional<ExistingNetwork> existing) {
    public Network {
      vpcEndpoints = vpcEndpoints.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(vpcEndpoints));
    }

    /** A network the stack creates. */
    public Network(String vpcCidr, int availabilityZones, int subnetPrefixLength, NatGateways natGateways,
        Set<VpcEndpoint> vpcEndpoints) {
      this(vpcCidr, availabilityZones, subnetPrefixLength, natGateways, vpcEndpoints, Optional.empty());
    }

    /** A network the stack creates, without VPC endpoints. */
    public Network(String vpcCidr, int availabilityZones, int subnetPrefixLength, NatGateways natGateways) {
      this(vpcCidr, availabilityZones, subnetPrefixLength, natGateways, Set.of());
    }

    /**
     * Whether the stack creates a NAT gateway for the private subnets. False for an existing network, whose routing
     * is its owner's ({@link #ownerRouted}).
     */
    public boolean hasNat() {
      return existing.isEmpty() && natGateways != NatGateways.NONE;
    }

    /** Whether NAT, routes, flow logs and VPC endpoints are the network owner's (network.existing), not the stack's. */
    public boolean ownerRouted() {
      return existing.isPresent();
    }
  }

  /**
   * A VPC that already exists (network.existing): the stack reads it and its subnets, and creates none of them.
   * {@code privateSubnetIds} has one subnet per availability zone, in order; {@code publicSubnetIds} may be empty.
   */
  public record ExistingNetwork(String vpcId, List<String> privateSubnetIds, List<String> publicSubnetIds) {
    public ExistingNetwork {
      privateSubnetIds = List.copyOf(privateSubnetIds);
      publicSubnetIds = List.copyOf(publicSubnetIds);
    }
  }

  /**
   * An AWS service a VPC endpoint can serve, named as AWS names it: the last part of its endpoint service name
   * {@code com.amazonaws.<region>.<service>}
   * (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html). {@code s3} is a
   * gateway endpoint, the others interface endpoints.
   */
  public enum VpcEndpoint {
    SSM("ssm"),
    SSMMESSAGES("ssmmessages"),
    EC2MESSAGES("ec2messages"),
    ECR_API("ecr.api"),
    ECR_DKR("ecr.dkr"),
    LOGS("logs"),
    SECRETSMANAGER("secretsmanager"),
    S3("s3");

    private final String service;

    VpcEndpoint(String service) {
      this.service = service;
    }

    /** AWS's name of the service, as written in the config ({@code ecr.api}). */
    public String service() {
      return service;
    }

    /** A gateway endpoint (a route-table target), not an interface endpoint (network interfaces in subnets). */
    public boolean gateway() {
      return this == S3;
    }

    /** The endpoint of AWS's {@code service} name. */
    public static Optional<VpcEndpoint> of(String service) {
      return Arrays.stream(values()).filter(v -> v.service.equals(service)).findFirst();
    }
  }

  /**
   * The ECS cluster and its Service Connect namespace. {@code name} is the cluster's name, also of an existing one
   * (the last part of its ARN); {@code existing} is what cluster.existing wrote (a name or an ARN), empty when the
   * stack creates the cluster. {@code namespace} is the namespace's name; {@code namespaceArn} an existing namespace
   * joined instead of creating one.
   */
  public record Cluster(String name, String namespace, Optional<String> namespaceArn, Optional<String> existing) {
    /** A cluster and namespace the stack creates. */
    public Cluster(String name, String namespace) {
      this(name, namespace, Optional.empty(), Optional.empty());
    }

    /** The namespace services join unless they name their own (serviceConnect.namespace). */
    public Namespace defaultNamespace() {
      return new Namespace(namespace, namespaceArn);
    }
  }

  /**
   * A Cloud Map namespace Service Connect uses: the one the stack creates ({@code arn} empty) or an existing one,
   * by ARN. Two services are in the same namespace exactly when their {@code Namespace}s are equal.
   */
  public record Namespace(String name, Optional<String> arn) {
    /** Whether the stack creates this namespace (cluster.namespace without cluster.namespaceArn). */
    public boolean created() {
      return arn.isEmpty();
    }

    /** How messages and the report name it: its name, and its ARN when it is an existing one. */
    public String display() {
      return arn.map(a -> name + " (" + a + ")").orElse(name);
    }
  }

  public record Logs(String group, int retentionDays) {}

  /**
   * A container port. Only a named port can be published through Service Connect; {@code appProtocol} is
   * {@code tcp} when none is set (ECS then proxies plain TCP).
   */
  public record PortMapping(Optional<String> name, int containerPort, String appProtocol) {
    public static PortMapping named(String name, int containerPort, String appProtocol) {
      return new PortMapping(Optional.of(name), containerPort, appProtocol);
    }
  }

  /**
   * The app container's ECS health check, as ECS writes it ({@code healthCheck} of the container definition).
   * {@code command} starts with {@code CMD} or {@code CMD-SHELL}.
   */
  public record HealthCheck(List<String> command, int intervalSec, int timeoutSec, int retries, int startPeriodSec) {
    public HealthCheck {
      command = List.copyOf(command);
    }
  }

  /** A container's dependency: {@code containerName} must reach {@code condition} before the container starts. */
  public record Dependency(String containerName, String condition) {}

  /** A resource limit of a container (ECS Ulimit). */
  public record Ulimit(String name, int softLimit, int hardLimit) {}

  /**
   * Where a secret's value is kept: an existing Secrets Manager secret or SSM parameter, or a Secrets Manager secret
   * the stack creates ({@code create}), whose value Secrets Manager generates ({@code GENERATED}) or an operator sets
   * ({@code OPERATOR}).
   */
  public enum SecretStore {
    SECRETS_MANAGER, SSM_PARAMETER, GENERATED, OPERATOR;

    /** Whether the stack creates the secret. */
    public boolean created() {
      return this == GENERATED || this == OPERATOR;
    }
  }

  /**
   * A secret environment variable: ECS reads {@code reference} when the container starts
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html).
   *
   * @param name the variable's name
   * @param reference a Secrets Manager secret ARN (complete or partial), or an SSM parameter's name or ARN; empty for
   *     a secret the stack creates (its name is {@code Naming.createdSecretName})
   * @param jsonKey, versionStage, versionId Secrets Manager only: one key of the JSON value, one version
   * @param kmsKeyArn the customer-managed key that encrypts the value, when it is not the AWS-managed one
   * @param generate how the value is generated: present exactly for {@link SecretStore#GENERATED}
   */
  public record Secret(String name, SecretStore store, String reference, Optional<String> jsonKey,
      Optional<String> versionStage, Optional<String> versionId, Optional<String> kmsKeyArn,
      Optional<PasswordRules> generate) {
    /** A secret the stack does not create. */
    public Secret(String name, SecretStore store, String reference, Optional<String> jsonKey,
        Optional<String> versionStage, Optional<String> versionId, Optional<String> kmsKeyArn) {
      this(name, store, reference, jsonKey, versionStage, versionId, kmsKeyArn, Optional.empty());
    }
  }

  /**
   * How Secrets Manager generates a value: the parameters of GetRandomPassword, as its API names them
   * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html); the defaults are the
   * schema's ({@code $defs/passwordRules}).
   *
   * @param length characters in the value, 1-4096
   * @param excludeCharacters characters the value never contains; empty for none
   */
  public record PasswordRules(int length, String excludeCharacters, boolean excludeNumbers,
      boolean excludePunctuation, boolean excludeUppercase, boolean excludeLowercase, boolean includeSpace,
      boolean requireEachIncludedType) {}

  /** A private registry's credentials: a Secrets Manager secret ARN and the key that encrypts it, if not AWS's. */
  public record RepositoryCredentials(String credentialsParameter, Optional<String> kmsKeyArn) {}

  /**
   * What a container reads from outside when it starts: plain environment variables (in the order written), secret
   * ones, and a private registry's credentials. {@link #NONE} for none of them.
   */
  public record ContainerInputs(Map<String, String> environment, List<Secret> secrets,
      Optional<RepositoryCredentials> repositoryCredentials) {
    public static final ContainerInputs NONE = new ContainerInputs(Map.of(), List.of(), Optional.empty());

    public ContainerInputs {
      environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
      secrets = List.copyOf(secrets);
    }
  }

  /**
   * One statement of a task role's own policy ({@code taskRole.statements}).
   *
   * @param allow Allow, or Deny when false
   * @param actions IAM actions as written, e.g. {@code s3:GetObject}
   * @param resources ARNs or {@code *}
   */
  public record PolicyStatement(boolean allow, List<String> actions, List<String> resources) {
    public PolicyStatement {
      actions = List.copyOf(actions);
      resources = List.copyOf(resources);
    }
  }

  /** A task volume ({@code volume}, one of {@link Task#volumes}) mounted in a container at {@code path}. */
  public record MountPoint(String volume, String path, boolean readOnly) {}

  /**
   * A container's image in the private ECR repository the stack creates for it: the {@code tag} the container runs,
   * how many images the lifecycle policy keeps ({@code keepLast}, at least 1) and whether ECR scans on push.
   */
  public record EcrImage(String tag, int keepLast, boolean scanOnPush) {}

  /**
   * One container of a task definition, as ECS's container definition holds it. {@code image} is the image
   * reference, or empty when {@code ecr} is present: the image is then the tag in the stack's repository. Empty
   * optionals and lists are not written (ECS's defaults apply). The awslogs driver writes the container's output to
   * the stack's log group under {@code logStreamPrefix}. {@code awsFields} are the fields written to the container
   * definition unchanged ({@code workingDirectory}, {@code user}, ...), which no rule reads; {@code options} the
   * fields read as the schema types them ({@code command}, {@code entryPoint}, ...), in a record generated from the
   * schema ({@link OptionsRecord}). The other components are the values the rules compute or check through the bound
   * record, or that the stack's own factories set ({@link #app}, {@link #readinessGate}).
   */
  public record Container(
      String name,
      String image,
      boolean essential,
      Optional<Integer> cpu,
      Optional<Integer> memoryMiB,
      Optional<Integer> memoryReservationMiB,
      List<PortMapping> portMappings,
      Optional<HealthCheck> healthCheck,
      List<Dependency> dependsOn,
      List<Ulimit> ulimits,
      String logStreamPrefix,
      ContainerInputs inputs,
      List<MountPoint> mountPoints,
      Optional<EcrImage> ecr,
      AwsFields awsFields,
      ContainerOptions options) {
    public Container {
      portMappings = List.copyOf(portMappings);
      dependsOn = List.copyOf(dependsOn);
      ulimits = List.copyOf(ulimits);
      mountPoints = List.copyOf(mountPoints);
    }

    /** A container whose image is a reference, that mounts no volume and sets no option. */
    public Container(String name, String image, boolean essential, Optional<Integer> cpu,
        Optional<Integer> memoryMiB, Optional<Integer> memoryReservationMiB, List<PortMapping> portMappings,
        Optional<HealthCheck> healthCheck, List<Dependency> dependsOn, List<Ulimit> ulimits, String logStreamPrefix,
        ContainerInputs inputs) {
      this(name, image, essential, cpu, memoryMiB, memoryReservationMiB, portMappings, healthCheck, dependsOn,
          ulimits, logStreamPrefix, inputs, List.of(), Optional.empty(), AwsFields.NONE, ContainerOptions.DEFAULTS);
    }

    /** The shorthand's app container: essential, logging under its own name, nothing else beyond what is given. */
    public static Container app(String name, String image, List<PortMapping> portMappings,
        Optional<HealthCheck> healthCheck, Optional<Integer> cpu, Optional<Integer> memoryMiB) {
      return app(name, image, portMappings, healthCheck, cpu, memoryMiB, Optional.empty());
    }

    /**
     * The shorthand's app container with its image in the stack's ECR repository when {@code ecr} is present
     * ({@code image} is then empty).
     */
    public static Container app(String name, String image, List<PortMapping> portMappings,
        Optional<HealthCheck> healthCheck, Optional<Integer> cpu, Optional<Integer> memoryMiB,
        Optional<EcrImage> ecr) {
      return new Container(name, image, true, cpu, memoryMiB, Optional.empty(), portMappings, healthCheck, List.of(),
          List.of(), name, ContainerInputs.NONE, List.of(), ecr, AwsFields.NONE, ContainerOptions.DEFAULTS);
    }

    /**
     * The shorthand's readiness gate: a container that is not essential, starts only once {@code appContainer} is
     * HEALTHY, runs {@code true} and exits. The task reaches RUNNING, and Service Connect routes to it, only after
     * the app's health check passed; the gate's exit does not stop the task.
     */
    public static Container readinessGate(String name, String image, String appContainer) {
      return new Container(name, image, false, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
          Optional.empty(), List.of(new Dependency(appContainer, "HEALTHY")), List.of(), name, ContainerInputs.NONE,
          List.of(), Optional.empty(), AwsFields.NONE, ContainerOptions.DEFAULTS.withCommand(List.of("true")));
    }
  }

  /**
   * A Fargate task definition: the shared default {@code task:}, or a service's own. The first container is the app
   * container (written with the shorthand fields, or first under {@code containers:}); the others are its sidecars.
   * {@code taskRoleStatements} are added to its task role ({@code taskRole.statements});
   * {@code ephemeralStorageGiB} is empty for Fargate's default (20 GiB); {@code volumes} are the names of the
   * task-scoped bind-mount volumes its containers share.
   */
  public record Task(String family, int cpu, int memoryMiB, String cpuArchitecture, List<Container> containers,
      List<PolicyStatement> taskRoleStatements, Optional<Integer> ephemeralStorageGiB, List<String> volumes) {
    public Task {
      containers = List.copyOf(containers);
      taskRoleStatements = List.copyOf(taskRoleStatements);
      volumes = List.copyOf(volumes);
    }

    /** A task whose role has no statements of its own, with Fargate's default storage and no volumes. */
    public Task(String family, int cpu, int memoryMiB, String cpuArchitecture, List<Container> containers) {
      this(family, cpu, memoryMiB, cpuArchitecture, containers, List.of(), Optional.empty(), List.of());
    }

    /** A task with Fargate's default storage and no volumes. */
    public Task(String family, int cpu, int memoryMiB, String cpuArchitecture, List<Container> containers,
        List<PolicyStatement> taskRoleStatements) {
      this(family, cpu, memoryMiB, cpuArchitecture, containers, taskRoleStatements, Optional.empty(), List.of());
    }

    /** A task whose role has no statements of its own. */
    public Task(String family, int cpu, int memoryMiB, String cpuArchitecture, List<Container> containers,
        Optional<Integer> ephemeralStorageGiB, List<String> volumes) {
      this(family, cpu, memoryMiB, cpuArchitecture, containers, List.of(), ephemeralStorageGiB, volumes);
    }

    /** The walkthrough's form: one app container without health check or reservations. */
    public Task(String family, int cpu, int memoryMiB, String cpuArchitecture, String containerName, String image,
        List<PortMapping> portMappings) {
      this(family, cpu, memoryMiB, cpuArchitecture, List.of(Container.app(containerName, image, portMappings,
          Optional.empty(), Optional.empty(), Optional.empty())));
    }

    /** The app container: the first. */
    public Container app() {
      return containers.get(0);
    }

    public String containerName() {
      return app().name();
    }

    public String image() {
      return app().image();
    }

    public Optional<HealthCheck> healthCheck() {
      return app().healthCheck();
    }

    public Optional<Integer> containerCpu() {
      return app().cpu();
    }

    public Optional<Integer> containerMemoryMiB() {
      return app().memoryMiB();
    }

    /** Every container's port mappings, in container order: names and container ports are unique across them. */
    public List<PortMapping> portMappings() {
      return containers.stream().flatMap(c -> c.portMappings().stream()).toList();
    }

    public Optional<PortMapping> portMapping(String name) {
      return portMappings().stream().filter(p -> p.name().filter(name::equals).isPresent()).findFirst();
    }

    /** The container that maps the named port: the one a Service Connect endpoint on it reaches. */
    public Optional<Container> containerOf(String portName) {
      return containers.stream()
          .filter(c -> c.portMappings().stream().anyMatch(p -> p.name().filter(portName::equals).isPresent()))
          .findFirst();
    }

    /** Of {@code endpoints}, those on a port that speaks http, http2 or grpc: Service Connect counts their requests. */
    public List<Endpoint> withRequests(List<Endpoint> endpoints) {
      return endpoints.stream()
          .filter(e -> portMapping(e.portName()).filter(p -> !p.appProtocol().equals("tcp")).isPresent())
          .toList();
    }
  }

  /**
   * One endpoint a client-server service publishes into the namespace. {@code dnsName} defaults to
   * {@code discoveryName.namespace}; the timeouts are Service Connect's idle and per-request timeouts;
   * {@code ingressPortOverride} is the port the proxy listens on instead of the container port.
   */
  public record Endpoint(
      String portName,
      String discoveryName,
      String dnsName,
      int clientAliasPort,
      Optional<Integer> idleTimeoutSec,
      Optional<Integer> perRequestTimeoutSec,
      Optional<Tls> tls,
      Optional<Integer> ingressPortOverride) {

    /** An endpoint whose proxy listens on the container port. */
    public Endpoint(String portName, String discoveryName, String dnsName, int clientAliasPort,
        Optional<Integer> idleTimeoutSec, Optional<Integer> perRequestTimeoutSec, Optional<Tls> tls) {
      this(portName, discoveryName, dnsName, clientAliasPort, idleTimeoutSec, perRequestTimeoutSec, tls,
          Optional.empty());
    }

    /** An endpoint without TLS. */
    public Endpoint(String portName, String discoveryName, String dnsName, int clientAliasPort,
        Optional<Integer> idleTimeoutSec, Optional<Integer> perRequestTimeoutSec) {
      this(portName, discoveryName, dnsName, clientAliasPort, idleTimeoutSec, perRequestTimeoutSec,
          Optional.empty());
    }

    /**
     * The client alias as Service Connect keys it, {@code dnsName:port} ({@link EndpointAddress#alias}): unique across
     * the namespace. What a client types depends on the port's protocol: see {@link EndpointAddress#url}.
     */
    public String alias() {
      return EndpointAddress.alias(dnsName, clientAliasPort);
    }
  }

  /**
   * Service Connect TLS of one endpoint: the proxy terminates TLS with certificates that ECS issues from the AWS
   * Private CA, assuming {@code roleArn}; {@code kmsKeyArn} encrypts the private keys ECS keeps for them.
   */
  public record Tls(String privateCaArn, String roleArn, Optional<String> kmsKeyArn) {}

  /**
   * The awslogs options of the Service Connect proxy's logs besides the group, region and stream prefix, which the
   * stack sets: the delivery {@code mode} and the non-blocking buffer's size; empty: the driver's defaults.
   */
  public record ProxyLogs(Optional<String> mode, Optional<String> maxBufferSize) {
    /** The driver's defaults: what every service had before the option existed. */
    public static final ProxyLogs DEFAULT = new ProxyLogs(Optional.empty(), Optional.empty());
  }

  /**
   * A service's Service Connect role: client-server when it publishes endpoints, client-only when it publishes
   * none; either way its tasks get the namespace's aliases and, unless {@code logs} is empty (off), log their proxy
   * traffic under the prefix. Not {@code enabled} ({@code serviceConnect: none}, {@link #NONE}): the service is
   * outside Service Connect, with no proxy, no aliases and no endpoints.
   */
  public record ServiceConnect(boolean enabled, String logStreamPrefix, Optional<ProxyLogs> logs,
      List<Endpoint> endpoints, Optional<Namespace> namespace) {
    /** {@code serviceConnect: none}. */
    public static final ServiceConnect NONE = new ServiceConnect(false, "", Optional.empty(), List.of(),
        Optional.empty());

    public ServiceConnect {
      endpoints = List.copyOf(endpoints);
    }

    /** In the cluster's namespace, with the proxy's default logs. */
    public ServiceConnect(String logStreamPrefix, List<Endpoint> endpoints) {
      this(logStreamPrefix, endpoints, Optional.empty());
    }

    /** In Service Connect (in {@code namespace}, else the cluster's), with the proxy's default logs. */
    public ServiceConnect(String logStreamPrefix, List<Endpoint> endpoints, Optional<Namespace> namespace) {
      this(true, logStreamPrefix, Optional.of(ProxyLogs.DEFAULT), endpoints, namespace);
    }

    /** In Service Connect and publishing nothing: it calls by alias but nobody calls it. */
    public boolean clientOnly() {
      return enabled && endpoints.isEmpty();
    }
  }

  /** rollback: a failing deployment stops and returns to the last good revision; fail: it only stops; none. */
  public enum CircuitBreaker { ROLLBACK, FAIL, NONE }

  /**
   * How ECS replaces tasks; the defaults never drop capacity and roll a failing deployment back. {@code alarms}
   * also fail (and roll back) a deployment while one of them is in ALARM; {@code waitForSteadyState} makes apply
   * wait until the deployment is done; {@code ignoreTaskDefinitionChanges} hands the service's task definition to an
   * external pipeline (external-pipeline mode).
   */
  public record Deployment(
      CircuitBreaker circuitBreaker,
      int minimumHealthyPercent,
      int maximumPercent,
      Optional<DeploymentAlarms> alarms,
      boolean waitForSteadyState,
      boolean ignoreTaskDefinitionChanges) {
    /** The defaults of the options newer than the circuit breaker: no alarms, no waiting, the stack owns the task. */
    public Deployment(CircuitBreaker circuitBreaker, int minimumHealthyPercent, int maximumPercent) {
      this(circuitBreaker, minimumHealthyPercent, maximumPercent, Optional.empty(), false, false);
    }
  }

  /** Existing CloudWatch alarms that fail a deployment while in ALARM; {@code rollback} also rolls it back. */
  public record DeploymentAlarms(List<String> names, boolean rollback) {
    public DeploymentAlarms {
      names = List.copyOf(names);
    }
  }

  /**
   * Application Auto Scaling of the service's desired count between {@code minTasks} and {@code maxTasks}: target
   * tracking on CPU always, on memory and on Service Connect requests per task when set.
   */
  public record Scaling(
      int minTasks,
      int maxTasks,
      int cpuPercent,
      Optional<Integer> memoryPercent,
      Optional<Integer> requestsPerTaskPerMinute,
      int scaleInCooldownSec,
      int scaleOutCooldownSec) {}

  /**
   * An ECS service. {@code task} is the shared default unless the service declares its own
   * ({@code ownTask}); {@code calls} names the endpoints (discovery names) its tasks talk to, from which the
   * security-group rules, the deploy order and the redeploy triggers are derived. {@code scaling} is empty when
   * auto scaling is off; {@code tags} go on the service's own resources, in the order written; {@code awsFields}
   * are the fields written to its {@code aws_ecs_service} as is ({@code platformVersion}, ...); {@code options} the
   * fields read as the schema types them ({@code enableExecuteCommand}, ...: {@link OptionsRecord}).
   */
  public record Service(
      String name,
      Task task,
      boolean ownTask,
      int desiredCount,
      Deployment deployment,
      ServiceConnect serviceConnect,
      List<String> calls,
      Optional<Scaling> scaling,
      Map<String, String> tags,
      Optional<Ingress> ingress,
      AwsFields awsFields,
      ServiceOptions options) {
    public Service {
      calls = List.copyOf(calls);
      tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** This service with {@code tags} replaced; every other field as it is. */
    public Service withTags(Map<String, String> replacement) {
      return new Service(name, task, ownTask, desiredCount, deployment, serviceConnect, calls, scaling, replacement,
          ingress, awsFields, options);
    }
  }

  /**
   * An Application Load Balancer ({@code loadBalancers.<name>}): internet-facing in the public subnets or internal in
   * the private ones. It always listens for HTTP on {@code httpPort}; with a {@code certificateArn} it also listens
   * for HTTPS on {@code httpsPort} under {@code sslPolicy}, and HTTP then only redirects there. Its security group
   * admits {@code allowedCidrs} (IPv4; the load balancer is IPv4 only) and {@code allowedSecurityGroupIds} on the
   * listener ports, nothing else.
   */
  public record LoadBalancer(
      String name,
      boolean internetFacing,
      int httpPort,
      int httpsPort,
      Optional<String> certificateArn,
      String sslPolicy,
      List<String> allowedCidrs,
      List<String> allowedSecurityGroupIds,
      boolean deletionProtection,
      Optional<AccessLogs> accessLogs) {
    public LoadBalancer {
      allowedCidrs = List.copyOf(allowedCidrs);
      allowedSecurityGroupIds = List.copyOf(allowedSecurityGroupIds);
    }

    /** Whether it terminates HTTPS (a certificate is set). */
    public boolean https() {
      return certificateArn.isPresent();
    }

    /** The ports its listeners open, HTTP first. */
    public List<Integer> listenerPorts() {
      return https() ? List.of(httpPort, httpsPort) : List.of(httpPort);
    }
  }

  /** Where a load balancer writes its access logs: an existing bucket whose policy lets ELB deliver them. */
  public record AccessLogs(String bucket, Optional<String> prefix) {}

  /** A target group's HTTP health check (AWS's CreateTargetGroup fields, seconds and counts). */
  public record TargetHealthCheck(String path, String matcher, int intervalSec, int timeoutSec, int healthyThreshold,
      int unhealthyThreshold) {}

  /**
   * A service behind a load balancer: its target group (target type ip) sends to {@code containerName} on
   * {@code containerPort} (the named port {@code portName}). The listener forwards to it by default when it has
   * neither {@code paths} nor {@code hosts}, else by a rule on them. ECS ignores the load balancer's health checks of
   * a new task for {@code healthCheckGracePeriodSec}.
   */
  public record Ingress(
      String loadBalancer,
      String portName,
      String containerName,
      int containerPort,
      List<String> paths,
      List<String> hosts,
      TargetHealthCheck healthCheck,
      int deregistrationDelaySec,
      int healthCheckGracePeriodSec) {
    public Ingress {
      paths = List.copyOf(paths);
      hosts = List.copyOf(hosts);
    }

    /** Whether the listener's default action forwards to it (no path or host condition). */
    public boolean byDefault() {
      return paths.isEmpty() && hosts.isEmpty();
    }
  }

  /** The SSM-managed host outside the namespace; {@code reaches} names the endpoints it may connect to. */
  public record Bastion(
      boolean enabled, String name, String instanceType, String amiParameter, int rootVolumeGiB,
      List<String> reaches) {
    public Bastion {
      reaches = List.copyOf(reaches);
    }
  }

  /** The services behind load balancer {@code name}, in the file's order. */
  public List<Service> servicesBehind(String name) {
    return services.stream().filter(s -> s.ingress().filter(i -> i.loadBalancer().equals(name)).isPresent())
        .toList();
  }

  /** The namespace {@code service} joins: its own (serviceConnect.namespace), else the cluster's. */
  public Namespace namespaceOf(Service service) {
    return service.serviceConnect().namespace().orElse(cluster.defaultNamespace());
  }

  public Optional<Service> service(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
