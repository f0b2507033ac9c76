package dev.svcconnect.service;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformResourceConfig;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceAlarms;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceDeploymentCircuitBreaker;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceLoadBalancer;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceNetworkConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfigurationLogConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfigurationService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfigurationServiceClientAlias;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.svcconnect.config.AwsFields;
import dev.svcconnect.config.EnvironmentConfig.CircuitBreaker;
import dev.svcconnect.config.EnvironmentConfig.Deployment;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.Ingress;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.ServiceConnect;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.network.SecurityGroups;
import dev.svcconnect.prerequisite.RuntimePrerequisites;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * A Fargate service that joins the Service Connect namespace, publishing its endpoints (client-server) or none
 * (client-only), with its own security group. The group admits nothing until {@link #allowFrom} names a caller
 * and an endpoint; its tasks get no public IP.
 */
public final class ConnectedService extends Construct {
  /** Terraform's built-in resource that holds a value in state (Terraform 1.4+), here what forces a replacement. */
  static final String TERRAFORM_DATA = "terraform_data";
  /**
   * What the service gives the stack to wire.
   *
   * @param service the ECS service ({@code Resource})
   * @param securityGroupId its security group's id token, read once: every read of a token attribute is a jsii round
   *     trip that returns a new, equivalent token
   * @param egress the egress rule its tasks need before they can pull their image (a run-time prerequisite)
   */
  public record Resources(EcsService service, String securityGroupId, RuntimePrerequisites egress) {}

  private final Resources resources;
  private final Service service;
  private final FargateTaskDefinition taskDefinition;
  private final Construct ingress;
  // The Ingress/<caller> groups made so far, kept here rather than looked up in the construct tree (a round trip).
  private final Map<String, Construct> callerGroups = new HashMap<>();

  /**
   * @param service the validated service, as its target deploys it (DeploymentTarget#deployable)
   * @param wiring the cluster, namespace, log group, network, task definition and what the topology derives for it
   */
  public ConnectedService(Construct scope, String id, Service service, ServiceWiring wiring) {
    super(scope, id);
    this.service = service;
    this.taskDefinition = wiring.taskDefinition();
    List<Endpoint> endpoints = service.serviceConnect().endpoints();
    Deployment deployment = service.deployment();

    // Egress stays open: image pulls, ECS Exec and calls to other services leave through it.
    SecurityGroups.OpenEgress group = SecurityGroups.withOpenEgress(this, wiring.vpc(),
        wiring.naming().serviceSecurityGroupName(service.name()),
        Naming.serviceSecurityGroupDescription(service.name()), "All outbound traffic");
    SecurityGroup securityGroup = group.group();
    String securityGroupId = securityGroup.getId();

    List<EcsServiceServiceConnectConfigurationService> published = endpoints.stream()
        .map(e -> {
          EcsServiceServiceConnectConfigurationService.Builder b = EcsServiceServiceConnectConfigurationService.builder()
              .portName(Literal.of(e.portName()))
              .discoveryName(Literal.of(e.discoveryName()))
              .clientAlias(EcsServiceServiceConnectConfigurationServiceClientAlias.builder()
                  .port(e.clientAliasPort())
                  .dnsName(Literal.of(e.dnsName()))
                  .build());
          e.ingressPortOverride().ifPresent(b::ingressPortOverride);
          return b.build();
        })
        .toList();
    EcsService.Builder resourceBuilder = EcsService.Builder.create(this, "Resource")
        .name(Literal.of(service.name()))
        .cluster(wiring.cluster().arn())
        .taskDefinition(taskDefinition.resource().getArn())
        .desiredCount(service.desiredCount())
        .launchType("FARGATE")
        .enableExecuteCommand(service.options().enableExecuteCommand())
        .deploymentMinimumHealthyPercent(deployment.minimumHealthyPercent())
        .deploymentMaximumPercent(deployment.maximumPercent())
        .networkConfiguration(EcsServiceNetworkConfiguration.builder()
            .subnets(wiring.subnetIds())
            .securityGroups(List.of(securityGroupId))
            .assignPublicIp(false)
            .build())
        .dependsOn(dependsOn(wiring))
        // Tasks carry the service's tags (default tags included) from the service, the one place that has exactly
        // this service's tags: a task definition may be shared by several services. ECS adds its managed tags
        // (aws:ecs:clusterName, aws:ecs:serviceName) too, so a task's cost is attributable without extra work.
        .propagateTags("SERVICE")
        .enableEcsManagedTags(true);
    if (service.serviceConnect().enabled()) {
      resourceBuilder.serviceConnectConfiguration(serviceConnect(service.serviceConnect(), published, wiring));
    }
    if (!service.tags().isEmpty()) {
      Map<String, String> tags = Literal.of(service.tags());
      resourceBuilder.tags(tags);
      Map<String, String> groupTags = new LinkedHashMap<>(tags);
      groupTags.putAll(securityGroup.getTagsInput());
      securityGroup.setTags(groupTags);
    }
    deployment.alarms().ifPresent(alarms -> resourceBuilder.alarms(EcsServiceAlarms.builder()
        .alarmNames(Literal.of(alarms.names()))
        .enable(true)
        .rollback(alarms.rollback())
        .build()));
    // A service others call is waited for whatever the config says: Service Connect asks that a client's deployment
    // start after the deployment of the server it calls has completed, since only tasks started after that find the
    // server's endpoints (service-connect-concepts-deploy.html). depends_on alone waits only for UpdateService to
    // return. Terraform waits only when it creates or updates the service: an unchanged service costs nothing.
    if (deployment.waitForSteadyState() || wiring.awaitedByCallers()) {
      resourceBuilder.waitForSteadyState(true);
    }
    // The scaler owns desired_count once scaling is on, and an external pipeline owns the task definition the
    // service runs: plans must not undo either (terraform-aws-modules/ecs ignores the same attributes).
    List<String> ignored = new ArrayList<>();
    if (service.scaling().isPresent()) {
      ignored.add("desired_count");
    }
    if (deployment.ignoreTaskDefinitionChanges()) {
      ignored.add("task_definition");
    }
    TerraformResourceLifecycle.Builder lifecycle = TerraformResourceLifecycle.builder();
    if (!ignored.isEmpty()) {
      lifecycle.ignoreChanges(ignored);
    }
    if (!endpoints.isEmpty()) {
      // A plain address: Terraform's JSON syntax takes no "${...}" template in replace_triggered_by.
      TerraformResource protocols = publishedProtocols(service);
      lifecycle.replaceTriggeredBy(List.of(TERRAFORM_DATA + "." + protocols.getFriendlyUniqueId()));
    }
    if (!ignored.isEmpty() || !endpoints.isEmpty()) {
      resourceBuilder.lifecycle(lifecycle.build());
    }
    if (deployment.circuitBreaker() != CircuitBreaker.NONE) {
      resourceBuilder.deploymentCircuitBreaker(EcsServiceDeploymentCircuitBreaker.builder()
          .enable(true)
          .rollback(deployment.circuitBreaker() == CircuitBreaker.ROLLBACK)
          .build());
    }
    // Tasks learn the namespace's endpoints only when they start: when what this service calls changes, the
    // digest changes and forces a new deployment; an unchanged topology keeps the same digest and plans clean.
    wiring.endpointsDigest().ifPresent(digest -> resourceBuilder
        .triggers(Map.of("service_connect_endpoints", digest))
        .forceNewDeployment(true));
    wiring.loadBalancerTarget().ifPresent(target -> {
      Ingress in = service.ingress().orElseThrow();
      resourceBuilder.loadBalancer(List.of(EcsServiceLoadBalancer.builder()
              .targetGroupArn(target.targetGroup().getArn())
              .containerName(Literal.of(in.containerName()))
              .containerPort(in.containerPort())
              .build()))
          .healthCheckGracePeriodSeconds(in.healthCheckGracePeriodSec());
    });
    EcsService resource = resourceBuilder.build();
    // The fields the schema writes as is (platformVersion, ...): arguments the typed builder need not know
    // (reading the resource back is a call into the jsii kernel, made only when the service has such fields)
    service.awsFields().of(AwsFields.ECS_SERVICE, "ConnectedService", () -> arguments(resource))
        .forEach((argument, value) -> resource.addOverride(argument, Literal.ofJson(value)));
    ServiceConnectOverrides.timeouts(resource, endpoints);
    ServiceConnectOverrides.tls(resource, endpoints);
    if (service.scaling().isPresent()) {
      new ServiceScaling(this, "Scaling", service, wiring.cluster(), resource);
    }
    ingress = new Construct(this, "Ingress");
    resources = new Resources(resource, securityGroupId, group.prerequisites());
  }

  /**
   * The {@code service_connect_configuration} of a service in Service Connect. A client-only service publishes
   * nothing (no service blocks) but still gets the namespace's aliases. A service outside Service Connect gets no
   * block at all, rather than one with {@code enabled = false}: the AWS provider 5.x sends {@code enabled: false}
   * when the block is gone (expandServiceConnectConfiguration), which turns a deployed service's Service Connect
   * off, and ECS then reports no configuration on the deployment, so state and config agree without the block
   * (docs/topology.md#outside-service-connect).
   */
  private static EcsServiceServiceConnectConfiguration serviceConnect(ServiceConnect sc,
      List<EcsServiceServiceConnectConfigurationService> published, ServiceWiring wiring) {
    EcsServiceServiceConnectConfiguration.Builder b = EcsServiceServiceConnectConfiguration.builder()
        .enabled(true)
        .namespace(wiring.namespaceArn())
        .service(published.isEmpty() ? null : published);
    sc.logs().ifPresent(logs -> {
      Map<String, String> options = new LinkedHashMap<>();
      options.put("awslogs-group", wiring.logGroup().getName());
      options.put("awslogs-region", Literal.of(wiring.region()));
      options.put("awslogs-stream-prefix", Literal.of(sc.logStreamPrefix()));
      logs.mode().ifPresent(mode -> options.put("mode", Literal.of(mode)));
      logs.maxBufferSize().ifPresent(size -> options.put("max-buffer-size", Literal.of(size)));
      b.logConfiguration(EcsServiceServiceConnectConfigurationLogConfiguration.builder()
          .logDriver("awslogs")
          .options(options)
          .build());
    });
    return b.build();
  }

  /**
   * The appProtocol of each port the service publishes, kept in a {@code terraform_data} resource
   * ({@code PublishedProtocols}) whose change replaces the service: "appProtocol is immutable in a Service Connect
   * service. Updating this field requires a service deletion and redeployment."
   * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html). Without it, a changed
   * protocol would reach ECS as an UpdateService with the new task definition, which ECS refuses mid-apply.
   */
  private TerraformResource publishedProtocols(Service service) {
    Map<String, String> protocols = new TreeMap<>();
    for (Endpoint e : service.serviceConnect().endpoints()) {
      protocols.put(e.portName(), service.task().portMapping(e.portName()).orElseThrow().appProtocol());
    }
    TerraformResource data = new TerraformResource(this, "PublishedProtocols", TerraformResourceConfig.builder()
        .terraformResourceType(TERRAFORM_DATA).build());
    data.addOverride("input", protocols);
    return data;
  }

  /**
   * Admits {@code caller}'s security group ({@code sourceGroupId}) on the port behind {@code endpoint} (the
   * proxy's ingressPortOverride, else the container port):
   * one rule per (caller, endpoint), grouped under {@code Ingress/<caller>/<discoveryName>}.
   */
  public VpcSecurityGroupIngressRule allowFrom(String caller, String sourceGroupId, Endpoint endpoint) {
    // With an ingressPortOverride the proxy listens there, and ECS says to admit that port in the security groups
    // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html).
    int port = endpoint.ingressPortOverride().orElseGet(() -> taskDefinition.containerPort(endpoint.portName()));
    Construct callerGroup = callerGroups.computeIfAbsent(caller, c -> new Construct(ingress, c));
    return VpcSecurityGroupIngressRule.Builder.create(callerGroup, endpoint.discoveryName())
        .securityGroupId(resources.securityGroupId())
        .description(Literal.of(Naming.ingressRuleDescription(caller, endpoint.discoveryName(), endpoint.portName())))
        .ipProtocol("tcp")
        .fromPort(port)
        .toPort(port)
        .referencedSecurityGroupId(sourceGroupId)
        .build();
  }

  /**
   * What the service waits for: what the topology orders it after and, behind a load balancer, the listener and rule
   * that forward to its target group (ECS refuses to register tasks in a target group no load balancer uses:
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb.html).
   */
  private static List<ITerraformDependable> dependsOn(ServiceWiring wiring) {
    List<ITerraformDependable> all = new ArrayList<>(wiring.dependsOn());
    wiring.loadBalancerTarget().ifPresent(t -> all.addAll(t.forwardedBy()));
    return all;
  }

  /**
   * Admits load balancer {@code loadBalancer}'s security group ({@code sourceGroupId}) on the service's target port,
   * {@code Ingress/alb-<name>/<portName>}: the only way in for its traffic and health checks.
   */
  public VpcSecurityGroupIngressRule allowLoadBalancer(String loadBalancer, String sourceGroupId) {
    Ingress in = service.ingress().orElseThrow();
    Construct callerGroup = callerGroups.computeIfAbsent(Naming.loadBalancerGroupSuffix(loadBalancer),
        c -> new Construct(ingress, c));
    return VpcSecurityGroupIngressRule.Builder.create(callerGroup, in.portName())
        .securityGroupId(resources.securityGroupId())
        .description(Literal.of(Naming.targetRuleDescription(loadBalancer, service.name(), in.containerPort())))
        .ipProtocol("tcp")
        .fromPort(in.containerPort())
        .toPort(in.containerPort())
        .referencedSecurityGroupId(sourceGroupId)
        .build();
  }

  /** The ECS service, its security group's id and what its tasks need before they start. */
  public Resources resources() {
    return resources;
  }

  /**
   * The arguments {@code resource} has been given so far, as Terraform names them: what a field written as is must
   * not override ({@link AwsFields#of(String, String, java.util.function.Supplier)}; for a block, it would merge).
   */
  private static Set<String> arguments(TerraformResource resource) {
    Object body = ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) resource.toTerraform()).get("resource"))
        .get(resource.getTerraformResourceType())).get(resource.getFriendlyUniqueId());
    Set<String> names = new LinkedHashSet<>();
    ((Map<?, ?>) body).forEach((name, value) -> {
      if (value != null) {
        names.add(String.valueOf(name));
      }
    });
    return names;
  }
}
