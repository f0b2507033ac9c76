package dev.svcconnect.service;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.service_discovery_http_namespace.ServiceDiscoveryHttpNamespace;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import java.util.List;

/**
 * @param serviceName ECS service name
 * @param securityGroupName name of the service's own security group
 * @param cluster the cluster it runs in
 * @param taskDefinition what its tasks run
 * @param desiredCount number of tasks
 * @param enableExecuteCommand ECS Exec into its tasks
 * @param namespace the Service Connect namespace it joins
 * @param portName the named port mapping it publishes
 * @param discoveryName its Cloud Map service name
 * @param dnsName the alias clients use
 * @param clientAliasPort the port clients use
 * @param logGroup where the Service Connect proxy writes its traffic logs
 * @param logStreamPrefix their stream prefix
 * @param region the log group's region
 * @param vpc where its security group lives
 * @param subnetIds private subnets its tasks get their ENIs in
 * @param dependsOn what must be deployed before it
 */
public record ConnectedServiceProps(
    String serviceName,
    String securityGroupName,
    EcsCluster cluster,
    FargateTaskDefinition taskDefinition,
    int desiredCount,
    boolean enableExecuteCommand,
    ServiceDiscoveryHttpNamespace namespace,
    String portName,
    String discoveryName,
    String dnsName,
    int clientAliasPort,
    CloudwatchLogGroup logGroup,
    String logStreamPrefix,
    String region,
    Vpc vpc,
    List<String> subnetIds,
    List<ITerraformDependable> dependsOn) {
  public ConnectedServiceProps {
    subnetIds = List.copyOf(subnetIds);
    dependsOn = List.copyOf(dependsOn);
  }
}
