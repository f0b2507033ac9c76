package dev.svcconnect.service;

import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceNetworkConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfigurationLogConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfigurationService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceConnectConfigurationServiceClientAlias;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.svcconnect.network.SecurityGroups;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * A Fargate service that joins the Service Connect namespace and publishes one endpoint, with its own security
 * group. The group admits nothing until {@link #allowFrom} names a source group; its tasks get no public IP.
 */
public final class ConnectedService extends Construct {
  private final EcsService resource;
  private final SecurityGroup securityGroup;
  private final ConnectedServiceProps props;

  public ConnectedService(Construct scope, String id, ConnectedServiceProps props) {
    super(scope, id);
    this.props = props;

    // Egress stays open: image pulls, ECS Exec and calls to other services leave through it.
    securityGroup = SecurityGroups.withOpenEgress(this, props.vpc(), props.securityGroupName(),
        "Tasks of ECS service " + props.serviceName(), "All outbound traffic");

    Map<String, String> logOptions = new LinkedHashMap<>();
    logOptions.put("awslogs-group", props.logGroup().getName());
    logOptions.put("awslogs-region", props.region());
    logOptions.put("awslogs-stream-prefix", props.logStreamPrefix());

    resource = EcsService.Builder.create(this, "Resource")
        .name(props.serviceName())
        .cluster(props.cluster().getArn())
        .taskDefinition(props.taskDefinition().resource().getArn())
        .desiredCount(props.desiredCount())
        .launchType("FARGATE")
        .enableExecuteCommand(props.enableExecuteCommand())
        .networkConfiguration(EcsServiceNetworkConfiguration.builder()
            .subnets(props.subnetIds())
            .securityGroups(List.of(securityGroup.getId()))
            .assignPublicIp(false)
            .build())
        .serviceConnectConfiguration(EcsServiceServiceConnectConfiguration.builder()
            .enabled(true)
            .namespace(props.namespace().getArn())
            .service(List.of(EcsServiceServiceConnectConfigurationService.builder()
                .portName(props.portName())
                .discoveryName(props.discoveryName())
                .clientAlias(EcsServiceServiceConnectConfigurationServiceClientAlias.builder()
                    .port(props.clientAliasPort())
                    .dnsName(props.dnsName())
                    .build())
                .build()))
            .logConfiguration(EcsServiceServiceConnectConfigurationLogConfiguration.builder()
                .logDriver("awslogs")
                .options(logOptions)
                .build())
            .build())
        .dependsOn(props.dependsOn())
        .build();
  }

  /** Admits the published port from {@code source}'s security group; {@code sourceName} names the rule. */
  public VpcSecurityGroupIngressRule allowFrom(String sourceName, SecurityGroup source) {
    int port = props.taskDefinition().containerPort(props.portName());
    return VpcSecurityGroupIngressRule.Builder.create(this, "IngressFrom-" + sourceName)
        .securityGroupId(securityGroup.getId())
        .description("Service Connect port " + props.portName() + " from " + sourceName)
        .ipProtocol("tcp")
        .fromPort(port)
        .toPort(port)
        .referencedSecurityGroupId(source.getId())
        .build();
  }

  public EcsService resource() {
    return resource;
  }

  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  public String serviceName() {
    return props.serviceName();
  }
}
