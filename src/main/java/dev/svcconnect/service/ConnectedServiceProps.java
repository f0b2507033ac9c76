package dev.svcconnect.service;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.service_discovery_http_namespace.ServiceDiscoveryHttpNamespace;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import dev.svcconnect.config.EnvironmentConfig.CircuitBreaker;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import java.util.List;
import java.util.Optional;

/**
 * @param serviceName ECS service name
 * @param securityGroupName name of the service's own security group
 * @param cluster the cluster it runs in
 * @param taskDefinition what its tasks run
 * @param desiredCount number of tasks
 * @param enableExecuteCommand ECS Exec into its tasks
 * @param circuitBreaker whether a failing deployment stops, and rolls back
 * @param minimumHealthyPercent running tasks kept during a deployment, in percent of desiredCount
 * @param maximumPercent tasks allowed during a deployment, in percent of desiredCount
 * @param namespace the Service Connect namespace it joins
 * @param endpoints what it publishes there; none makes it client-only
 * @param logGroup where the Service Connect proxy writes its traffic logs
 * @param logStreamPrefix their stream prefix
 * @param region the log group's region
 * @param vpc where its security group lives
 * @param subnetIds private subnets its tasks get their ENIs in
 * @param endpointsDigest digest of the endpoints it calls: a change redeploys its tasks; empty if it calls none
 * @param dependsOn what must be deployed before it
 * @param platformVersion the Fargate platform version; empty leaves AWS's default (LATEST)
 * @param options deployment alarms, waiting, external pipeline, scaling and tags
 */
public record ConnectedServiceProps(
    String serviceName,
    String securityGroupName,
    EcsCluster cluster,
    FargateTaskDefinition taskDefinition,
    int desiredCount,
    boolean enableExecuteCommand,
    CircuitBreaker circuitBreaker,
    int minimumHealthyPercent,
    int maximumPercent,
    ServiceDiscoveryHttpNamespace namespace,
    List<Endpoint> endpoints,
    CloudwatchLogGroup logGroup,
    String logStreamPrefix,
    String region,
    Vpc vpc,
    List<String> subnetIds,
    Optional<String> endpointsDigest,
    List<ITerraformDependable> dependsOn,
    Optional<String> platformVersion,
    ServiceOptions options) {
  public ConnectedServiceProps {
    endpoints = List.copyOf(endpoints);
    subnetIds = List.copyOf(subnetIds);
    dependsOn = List.copyOf(dependsOn);
  }
}
