package dev.svcconnect.stacks;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.data_aws_partition.DataAwsPartition;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import dev.svcconnect.bastion.Bastion;
import dev.svcconnect.bastion.BastionWiring;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.VpcEndpoint;
import dev.svcconnect.config.NetworkNeeds;
import dev.svcconnect.config.SecurityConfig;
import dev.svcconnect.edge.ApplicationLoadBalancer;
import dev.svcconnect.edge.LoadBalancerWiring;
import dev.svcconnect.naming.Partition;
import dev.svcconnect.naming.AwsCli;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.network.FlowLogs;
import dev.svcconnect.network.FlowLogsWiring;
import dev.svcconnect.network.Network;
import dev.svcconnect.network.VpcEndpoints;
import dev.svcconnect.network.VpcEndpointsWiring;
import dev.svcconnect.plan.StackPlan;
import dev.svcconnect.platform.LogsKey;
import dev.svcconnect.platform.Platform;
import dev.svcconnect.prerequisite.RuntimePrerequisites;
import dev.svcconnect.service.ConnectedService;
import dev.svcconnect.service.FargateTaskDefinition;
import dev.svcconnect.service.ServiceWiring;
import dev.svcconnect.service.TaskWiring;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.topology.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.constructs.Construct;

/**
 * The declared topology: network, cluster and namespace, task definitions, the Service Connect services, the
 * bastion, and the security-group rules, deploy order and redeploy triggers {@link Topology} derives from the
 * declared calls. Only composes constructs; the config decides the shape.
 */
public final class ServiceConnectStack extends TerraformStack {
  public static final String ID = "service-connect";
  /**
   * The output that maps each service whose task definition Terraform deploys to the revision it registered (ARN):
   * what {@code ./main deploy} checks each service runs once the apply is done.
   */
  public static final String TASK_DEFINITIONS_OUTPUT = StackPlan.TASK_DEFINITIONS_OUTPUT;
  /** The output naming the secrets created without a value (create: operator) and the command that sets each. */
  public static final String SECRETS_TO_SET_OUTPUT = "secrets_to_set";
  /** The output that names the ECS cluster (what ./main apply's rollout check asks ECS about). */
  public static final String CLUSTER_NAME_OUTPUT = "cluster_name";
  /** The private subnet (availability zone index) the bastion runs in. */
  private static final int BASTION_SUBNET = 0;

  private final Map<String, ConnectedService> services = new LinkedHashMap<>();

  /**
   * @param topology derived from {@code config}, once per command ({@link Topology#of})
   * @throws IllegalArgumentException if {@code topology} was derived from another config
   */
  public ServiceConnectStack(Construct scope, EnvironmentConfig config, Topology topology, DeploymentTarget target) {
    super(scope, ID);
    if (topology.config() != config) {
      throw new IllegalArgumentException("the topology was derived from another config than " + config.source());
    }
    TerraformSettings.apply(this);
    Naming naming = new Naming(config.environment(), config.tags());
    target.provider(this, "aws", naming);
    target.s3Backend(this, config.state());

    // Every ARN the stack writes starts with the partition the provider runs in (aws, aws-us-gov, aws-cn).
    DataAwsPartition partitionData = DataAwsPartition.Builder.create(this, "Partition").build();
    Partition partition = new Partition(partitionData.getPartition(), partitionData.getDnsSuffix(),
        partitionData.getReverseDnsPrefix());

    SecurityConfig security = config.security();
    Optional<LogsKey> logsKey = security.kmsKeys()
        ? Optional.of(new LogsKey(this, "LogsKey", naming, target.region(), partition))
        : Optional.empty();
    Optional<KmsKey> key = logsKey.map(LogsKey::key);
    Network network = new Network(this, "Network", config.network(), naming);
    Optional<FlowLogs> flowLogs = security.vpcFlowLogs()
        ? Optional.of(new FlowLogs(this, "FlowLogs", config.logs(), new FlowLogsWiring(network.vpc(), naming, key)))
        : Optional.empty();
    Platform.Resources platform = new Platform(this, "Platform", config, logsKey).resources();
    TaskWiring taskWiring = new TaskWiring(platform.logGroup(), key, naming, target.region(), partition);
    Map<String, FargateTaskDefinition> taskDefinitions = taskDefinitions(config, taskWiring);

    Optional<Bastion.Resources> bastion = Optional.empty();
    if (config.bastion().enabled()) {
      bastion = Optional.of(new Bastion(this, "Bastion", config.bastion(),
          new BastionWiring(network.vpc(), network.privateSubnetIds().get(BASTION_SUBNET), naming, partition))
          .resources());
    }

    // Load balancers come before the services behind them: a service waits for the listener that forwards to it.
    Map<String, ApplicationLoadBalancer> loadBalancers = new LinkedHashMap<>();
    if (!config.loadBalancers().isEmpty()) {
      Construct lbGroup = new Construct(this, "LoadBalancers");
      LoadBalancerWiring lbWiring = new LoadBalancerWiring(network.vpc(), network.publicSubnetIds(),
          network.privateSubnetIds(), naming);
      config.loadBalancers().forEach((name, lb) -> loadBalancers.put(name, new ApplicationLoadBalancer(lbGroup, name,
          lb, config.servicesBehind(name), lbWiring)));
    }

    Construct group = new Construct(this, "Services");
    for (Service s : topology.deployOrder()) {
      List<ITerraformDependable> dependsOn = new ArrayList<>();
      topology.dependsOn(s.name()).forEach(name -> dependsOn.add(services.get(name).resources().service()));
      // A service's own namespace (serviceConnect.namespace) is an existing one, by ARN; else the cluster's.
      String namespaceArn = config.namespaceOf(s).arn().map(Literal::of).orElse(platform.namespaceArn());
      ServiceWiring wiring = new ServiceWiring(platform.cluster(), namespaceArn, platform.logGroup(),
          network.vpc(), network.privateSubnetIds(), taskDefinitions.get(s.task().family()),
          topology.endpointsDigest(s), dependsOn, topology.awaitedByCallers(s.name()), naming, target.region(),
          s.ingress().map(i -> loadBalancers.get(i.loadBalancer()).target(s.name())));
      services.put(s.name(), new ConnectedService(group, s.name(), target.deployable(s), wiring));
    }
    // Every security-group rule between services comes from a declared call, and nothing else. Each group's id is
    // read once (a jsii round trip), not once per rule.
    Optional<String> bastionGroupId = bastion.map(b -> b.securityGroup().getId());
    for (Topology.Link link : topology.links()) {
      String callerGroupId = link.caller().equals(Topology.BASTION)
          ? bastionGroupId.orElseThrow()
          : services.get(link.caller()).resources().securityGroupId();
      services.get(link.target().service().name()).allowFrom(link.caller(), callerGroupId, link.target().endpoint());
    }

    // A load balancer reaches exactly its services, on their target ports, and they admit exactly it there.
    for (Service s : config.services()) {
      s.ingress().ifPresent(in -> {
        ApplicationLoadBalancer lb = loadBalancers.get(in.loadBalancer());
        ConnectedService service = services.get(s.name());
        lb.admitTarget(s.name(), service.resources().securityGroupId(), in.containerPort());
        service.allowLoadBalancer(in.loadBalancer(), lb.securityGroupId());
      });
    }

    // What each workload uses of the VPC endpoints (network.vpcEndpoints) is a run-time prerequisite too.
    Map<String, RuntimePrerequisites> endpointsUsed = new HashMap<>();
    Set<VpcEndpoint> listed = config.network().vpcEndpoints();
    if (!listed.isEmpty()) {
      VpcEndpoints endpoints = new VpcEndpoints(this, "VpcEndpoints", listed, new VpcEndpointsWiring(network.vpc(),
          network.privateSubnetIds(), network.privateRouteTableIds(), naming, target.region(), partition));
      // HTTPS into the interface endpoints from exactly the workloads that use one of them (NetworkNeeds).
      for (Service s : config.services()) {
        String groupId = services.get(s.name()).resources().securityGroupId();
        endpointsUsed.put(s.name(), admit(endpoints, listed, s.name(), groupId, NetworkNeeds.of(s, target.region())));
      }
      bastionGroupId.ifPresent(id -> endpointsUsed.put(Topology.BASTION,
          admit(endpoints, listed, Topology.BASTION, id, NetworkNeeds.BASTION)));
    }
    orderAfterRuntimePrerequisites(config, network, taskDefinitions, bastion, flowLogs, endpointsUsed);

    outputs(config, target, platform, bastion, topology, taskDefinitions, naming);
    if (!loadBalancers.isEmpty()) {
      Map<String, String> urls = new LinkedHashMap<>();
      loadBalancers.forEach((name, lb) -> {
        EnvironmentConfig.LoadBalancer c = config.loadBalancers().get(name);
        urls.put(Literal.of(name), (c.https() ? "https://" : "http://") + lb.resource().getDnsName()
            + (c.https() ? (c.httpsPort() == 443 ? "" : ":" + c.httpsPort())
                : (c.httpPort() == 80 ? "" : ":" + c.httpPort())) + "/");
      });
      TerraformOutput.Builder.create(this, "load_balancer_urls")
          .value(urls)
          .description("Where each load balancer answers: from the internet when internet-facing, from inside the VPC"
              + " (or its allowedCidrs) when internal")
          .build();
    }
  }

  /**
   * Admits {@code workload} when it uses a listed interface endpoint.
   *
   * @return what the workload needs of the endpoints before it starts: the listed ones it uses and its HTTPS rule
   */
  private static RuntimePrerequisites admit(VpcEndpoints endpoints, Set<VpcEndpoint> listed, String workload,
      String groupId, Set<VpcEndpoint> needs) {
    List<VpcEndpoint> uses = NetworkNeeds.interfacesUsed(needs, listed);
    RuntimePrerequisites used = endpoints.used(needs);
    return uses.isEmpty() ? used : used.and(RuntimePrerequisites.of(endpoints.allowFrom(workload, groupId, uses)));
  }

  /**
   * The one place that orders each workload after what it needs at run time (docs/first-apply.md): an ECS service's
   * tasks after the routing of the private subnets they run in, the VPC endpoints they use and their HTTPS rule into
   * them, their roles' policies and their group's egress rule; the bastion after the same for its subnet, endpoints,
   * role and group; the flow log after its role's policy. Each construct exposes its part as
   * {@link RuntimePrerequisites}; nothing else writes these edges.
   *
   * @param endpointsUsed by workload (a service's name, {@link Topology#BASTION}): what it needs of the VPC endpoints
   */
  private void orderAfterRuntimePrerequisites(EnvironmentConfig config, Network network,
      Map<String, FargateTaskDefinition> taskDefinitions, Optional<Bastion.Resources> bastion,
      Optional<FlowLogs> flowLogs,
      Map<String, RuntimePrerequisites> endpointsUsed) {
    for (Service s : config.services()) {
      ConnectedService.Resources service = services.get(s.name()).resources();
      network.privateRouting()
          .and(endpointsUsed.getOrDefault(s.name(), RuntimePrerequisites.none()),
              taskDefinitions.get(s.task().family()).rolePolicies(), service.egress())
          .requiredBy(service.service());
    }
    bastion.ifPresent(b -> network.privateRouting(BASTION_SUBNET)
        .and(endpointsUsed.getOrDefault(Topology.BASTION, RuntimePrerequisites.none()), b.rolePolicies(), b.egress())
        .requiredBy(b.instance()));
    flowLogs.ifPresent(f -> f.rolePolicies().requiredBy(f.resource()));
  }

  /**
   * The shared task definition keeps its walkthrough id {@code TaskDefinition}; a service's own one lives under
   * {@code TaskDefinitions/<service>}. Keyed by family, which config keeps unique.
   */
  private Map<String, FargateTaskDefinition> taskDefinitions(EnvironmentConfig config, TaskWiring wiring) {
    Map<String, FargateTaskDefinition> byFamily = new LinkedHashMap<>();
    if (config.services().stream().anyMatch(s -> !s.ownTask())) {
      byFamily.put(config.task().family(), new FargateTaskDefinition(this, "TaskDefinition", config.task(), wiring));
    }
    List<Service> own = config.services().stream().filter(Service::ownTask).toList();
    if (!own.isEmpty()) {
      Construct group = new Construct(this, "TaskDefinitions");
      for (Service s : own) {
        FargateTaskDefinition td = new FargateTaskDefinition(group, s.name(), s.task(), wiring);
        // A task definition of the service's own carries its tags; the shared one belongs to no single service.
        if (!s.tags().isEmpty()) {
          td.resource().setTags(Literal.of(s.tags()));
        }
        byFamily.put(s.task().family(), td);
      }
    }
    return byFamily;
  }

  private void outputs(EnvironmentConfig config, DeploymentTarget target, Platform.Resources platform,
      Optional<Bastion.Resources> bastion, Topology topology, Map<String, FargateTaskDefinition> taskDefinitions,
      Naming naming) {
    TerraformOutput.Builder.create(this, CLUSTER_NAME_OUTPUT)
        .value(platform.cluster().name())
        .description("ECS cluster")
        .build();
    TerraformOutput.Builder.create(this, "namespace_arn")
        .value(platform.namespaceArn())
        .description("Cloud Map HTTP namespace Service Connect publishes into")
        .build();
    TerraformOutput.Builder.create(this, "service_names")
        .value(services.values().stream().map(s -> s.resources().service().getName()).toList())
        .description("ECS services, in deployment order")
        .build();
    Map<String, List<String>> aliases = new LinkedHashMap<>();
    Map<String, String> exec = new LinkedHashMap<>();
    Map<String, String> registered = new LinkedHashMap<>();
    for (Service s : config.services()) {
      // An external pipeline deploys the task definition of a service that ignores its changes: not ours to check.
      if (!s.deployment().ignoreTaskDefinitionChanges()) {
        registered.put(s.name(), taskDefinitions.get(s.task().family()).resource().getArn());
      }
      if (!s.serviceConnect().endpoints().isEmpty()) {
        aliases.put(Literal.of(s.name()), s.serviceConnect().endpoints().stream()
            .map(e -> Literal.of(topology.endpoints().get(e.discoveryName()).url())).toList());
      }
      if (s.options().enableExecuteCommand()) {
        exec.put(Literal.of(s.name()), Literal.of(AwsCli.executeCommand(target.region(), config.cluster().name(),
            s.name(), s.task().containerName())));
      }
    }
    TerraformOutput.Builder.create(this, "service_connect_aliases")
        .value(aliases)
        .description("What tasks of Service Connect services in the namespace call; resolvable nowhere else")
        .build();
    TerraformOutput.Builder.create(this, "execute_commands")
        .value(exec)
        .description(executeCommandsDescription(config, naming))
        .build();
    TerraformOutput.Builder.create(this, TASK_DEFINITIONS_OUTPUT)
        .value(registered)
        .description("Task definition revision each service should run after this apply (services in external-pipeline"
            + " mode left out); ./main deploy checks that each service's primary deployment runs it")
        .build();
    // Secrets created empty (create: operator): named with the command that sets each, since no task that reads one
    // starts before it has a value.
    Map<String, String> toSet = new LinkedHashMap<>();
    taskDefinitions.values().forEach(td -> td.secretsToSet().forEach(name -> toSet.put(
        Literal.of(name), Literal.of(AwsCli.putSecretValue(target.region(), name)))));
    if (!toSet.isEmpty()) {
      TerraformOutput.Builder.create(this, SECRETS_TO_SET_OUTPUT)
          .value(toSet)
          .description("Secrets the stack created without a value (create: operator): tasks that read one cannot start"
              + " until it is set, with this command, the value in value.txt")
          .build();
    }
    bastion.ifPresent(b -> {
      TerraformOutput.Builder.create(this, "bastion_instance_id")
          .value(b.instance().getId())
          .description("Start a shell with: aws ssm start-session --target <id>")
          .build();
      Map<String, String> reach = new LinkedHashMap<>();
      // The bastion is outside the namespace: Service Connect registers the tasks in Cloud Map, not in DNS.
      config.bastion().reaches().forEach(name -> reach.put(Literal.of(name), Literal.of(AwsCli.taskAddresses(
          target.region(), config.namespaceOf(topology.endpoints().get(name).service()).name(), name,
          topology.endpoints().get(name).ingressPort()))));
      TerraformOutput.Builder.create(this, "bastion_reaches")
          .value(reach)
          .description("The bastion is outside the namespace, so Service Connect aliases do not resolve there;"
              + " it reaches these endpoints by task address, found in Cloud Map")
          .build();
    });
  }

  /**
   * With a customer key (security.kmsKeys), ECS Exec encrypts the session with it, and whoever runs
   * {@code aws ecs execute-command} needs kms:GenerateDataKey on it
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html#ecs-exec-required-kms-permissions);
   * docs/iam/ecs-exec-user-policy.json grants it, with what the command itself calls.
   */
  private static String executeCommandsDescription(EnvironmentConfig config, Naming naming) {
    String description = "Shell into a service's first task with ECS Exec, then e.g. curl a Service Connect alias";
    if (config.security().kmsKeys()) {
      description += "; the session is encrypted with KMS key " + naming.logsKeyAlias()
          + ", so whoever runs it needs kms:GenerateDataKey on that key (docs/iam/ecs-exec-user-policy.json)";
    }
    return description;
  }

  public Map<String, ConnectedService> services() {
    return services;
  }
}
