package dev.svcconnect.service;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceAlarms;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceDeploymentCircuitBreaker;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceNetworkConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfigurationLogConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfigurationService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfigurationServiceClientAlias;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.svcconnect.config.EnvironmentConfig.CircuitBreaker;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.network.SecurityGroups;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * A Fargate service that joins the Service Connect namespace, publishing its endpoints (client-server) or none
 * (client-only), with its own security group. The group admits nothing until {@link #allowFrom} names a caller
 * and an endpoint; its tasks get no public IP.
 */
public final class ConnectedService extends Construct {
  private final EcsService resource;
  private final SecurityGroup securityGroup;
  // Read once: every read of a token attribute is a jsii round trip that returns a new, equivalent token.
  private final String securityGroupId;
  private final ConnectedServiceProps props;
  private final Construct ingress;
  // The Ingress/<caller> groups made so far, kept here rather than looked up in the construct tree (a round trip).
  private final Map<String, Construct> callerGroups = new HashMap<>();

  public ConnectedService(Construct scope, String id, ConnectedServiceProps props) {
    super(scope, id);
    this.props = props;

    // Egress stays open: image pulls, ECS Exec and calls to other services leave through it.
    securityGroup = SecurityGroups.withOpenEgress(this, props.vpc(), props.securityGroupName(),
        "Tasks of ECS service " + props.serviceName(), "All outbound traffic");
    securityGroupId = securityGroup.getId();

    Map<String, String> logOptions = new LinkedHashMap<>();
    logOptions.put("awslogs-group", props.logGroup().getName());
    logOptions.put("awslogs-region", props.region());
    logOptions.put("awslogs-stream-prefix", props.logStreamPrefix());

    List<EcsServiceServiceConnectConfigurationService> published = props.endpoints().stream()
        .map(e -> EcsServiceServiceConnectConfigurationService.builder()
            .portName(e.portName())
            .discoveryName(e.discoveryName())
            .clientAlias(EcsServiceServiceConnectConfigurationServiceClientAlias.builder()
                .port(e.clientAliasPort())
                .dnsName(e.dnsName())
                .build())
            .build())
        .toList();
    EcsService.Builder service = EcsService.Builder.create(this, "Resource")
        .name(props.serviceName())
        .cluster(props.cluster().getArn())
        .taskDefinition(props.taskDefinition().resource().getArn())
        .desiredCount(props.desiredCount())
        .launchType("FARGATE")
        .enableExecuteCommand(props.enableExecuteCommand())
        .deploymentMinimumHealthyPercent(props.minimumHealthyPercent())
        .deploymentMaximumPercent(props.maximumPercent())
        .networkConfiguration(EcsServiceNetworkConfiguration.builder()
            .subnets(props.subnetIds())
            .securityGroups(List.of(securityGroupId))
            .assignPublicIp(false)
            .build())
        // A client-only service publishes nothing (no service blocks) but still gets the namespace's aliases.
        .serviceConnectConfiguration(EcsServiceServiceConnectConfiguration.builder()
            .enabled(true)
            .namespace(props.namespace().getArn())
            .service(published.isEmpty() ? null : published)
            .logConfiguration(EcsServiceServiceConnectConfigurationLogConfiguration.builder()
                .logDriver("awslogs")
                .options(logOptions)
                .build())
            .build())
        .dependsOn(props.dependsOn())
        // Tasks carry the service's tags (default tags included) from the service, the one place that has exactly
        // this service's tags: a task definition may be shared by several services. ECS adds its managed tags
        // (aws:ecs:clusterName, aws:ecs:serviceName) too, so a task's cost is attributable without extra work.
        .propagateTags("SERVICE")
        .enableEcsManagedTags(true);
    ServiceOptions options = props.options();
    if (!options.tags().isEmpty()) {
      service.tags(options.tags());
      Map<String, String> groupTags = new LinkedHashMap<>(options.tags());
      groupTags.putAll(securityGroup.getTagsInput());
      securityGroup.setTags(groupTags);
    }
    options.alarms().ifPresent(alarms -> service.alarms(EcsServiceAlarms.builder()
        .alarmNames(alarms.names())
        .enable(true)
        .rollback(alarms.rollback())
        .build()));
    if (options.waitForSteadyState()) {
      service.waitForSteadyState(true);
    }
    // The scaler owns desired_count once scaling is on, and an external pipeline owns the task definition the
    // service runs: plans must not undo either (terraform-aws-modules/ecs ignores the same attributes).
    List<String> ignored = new ArrayList<>();
    if (options.scaling().isPresent()) {
      ignored.add("desired_count");
    }
    if (options.ignoreTaskDefinitionChanges()) {
      ignored.add("task_definition");
    }
    if (!ignored.isEmpty()) {
      service.lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(ignored).build());
    }
    if (props.circuitBreaker() != CircuitBreaker.NONE) {
      service.deploymentCircuitBreaker(EcsServiceDeploymentCircuitBreaker.builder()
          .enable(true)
          .rollback(props.circuitBreaker() == CircuitBreaker.ROLLBACK)
          .build());
    }
    // Tasks learn the namespace's endpoints only when they start: when what this service calls changes, the
    // digest changes and forces a new deployment; an unchanged topology keeps the same digest and plans clean.
    props.endpointsDigest().ifPresent(digest -> service
        .triggers(Map.of("service_connect_endpoints", digest))
        .forceNewDeployment(true));
    props.platformVersion().ifPresent(service::platformVersion);
    resource = service.build();
    ServiceConnectOverrides.timeouts(resource, props.endpoints());
    ServiceConnectOverrides.tls(resource, props.endpoints());
    options.scaling().ifPresent(scaling -> new ServiceScaling(this, "Scaling", props.cluster(), resource,
        props.serviceName(), scaling, options.requestEndpoints(), options.tags()));
    ingress = new Construct(this, "Ingress");
  }

  /**
   * Admits {@code caller}'s security group ({@code sourceGroupId}) on the container port behind {@code endpoint}:
   * one rule per (caller, endpoint), grouped under {@code Ingress/<caller>/<discoveryName>}.
   */
  public VpcSecurityGroupIngressRule allowFrom(String caller, String sourceGroupId, Endpoint endpoint) {
    int port = props.taskDefinition().containerPort(endpoint.portName());
    Construct callerGroup = callerGroups.computeIfAbsent(caller, c -> new Construct(ingress, c));
    return VpcSecurityGroupIngressRule.Builder.create(callerGroup, endpoint.discoveryName())
        .securityGroupId(securityGroupId)
        .description(caller + " calls " + endpoint.discoveryName() + " (port " + endpoint.portName() + ")")
        .ipProtocol("tcp")
        .fromPort(port)
        .toPort(port)
        .referencedSecurityGroupId(sourceGroupId)
        .build();
  }

  public EcsService resource() {
    return resource;
  }

  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  /** The security group's id token, read once. */
  public String securityGroupId() {
    return securityGroupId;
  }

  public String serviceName() {
    return props.serviceName();
  }
}
