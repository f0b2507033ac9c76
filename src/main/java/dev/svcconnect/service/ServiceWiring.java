package dev.svcconnect.service;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import dev.svcconnect.edge.ApplicationLoadBalancer;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.network.VpcRef;
import dev.svcconnect.platform.ClusterRef;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link ConnectedService} is wired to, beside the service it renders.
 *
 * @param cluster the cluster it runs in
 * @param namespaceArn the Service Connect namespace it joins (an ARN or a token): the cluster's, created or
 *     existing, or its own (serviceConnect.namespace)
 * @param logGroup where the Service Connect proxy writes its traffic logs
 * @param vpc where its security group lives
 * @param subnetIds private subnets its tasks get their ENIs in (id tokens, read once)
 * @param taskDefinition what its tasks run: the shared task definition or its own
 * @param endpointsDigest digest of the endpoints it calls (Topology#endpointsDigest): a change redeploys its tasks;
 *     empty if it calls none
 * @param dependsOn what must be deployed before it (Topology#dependsOn)
 * @param awaitedByCallers whether callers deploy after it (Topology#awaitedByCallers): apply then waits for its
 *     deployment to complete before theirs start, as Service Connect asks
 * @param naming the environment's names: its security group is {@code naming.name(service name)}
 * @param region the log group's region
 * @param loadBalancerTarget the target group its tasks register in, when the service has an ingress; its
 *     {@code forwardedBy} (the listener and rule) is created before the service
 */
public record ServiceWiring(
    ClusterRef cluster,
    String namespaceArn,
    CloudwatchLogGroup logGroup,
    VpcRef vpc,
    List<String> subnetIds,
    FargateTaskDefinition taskDefinition,
    Optional<String> endpointsDigest,
    List<ITerraformDependable> dependsOn,
    boolean awaitedByCallers,
    Naming naming,
    String region,
    Optional<ApplicationLoadBalancer.Target> loadBalancerTarget) {
  public ServiceWiring {
    subnetIds = List.copyOf(subnetIds);
    dependsOn = List.copyOf(dependsOn);
  }
}
