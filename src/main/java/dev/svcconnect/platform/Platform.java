package dev.svcconnect.platform;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsClusterServiceConnectDefaults;
import com.hashicorp.cdktf.providers.aws.service_discovery_http_namespace.ServiceDiscoveryHttpNamespace;
import software.constructs.Construct;

/**
 * What every service shares: the ECS cluster, the Cloud Map namespace Service Connect uses, and the log group.
 *
 * <p>The namespace is an HTTP namespace: Service Connect never queries Cloud Map DNS (the ECS agent writes the
 * endpoints into each task's /etc/hosts and its proxy routes them), so a private DNS namespace's Route 53 hosted
 * zone would add cost and nothing a client could use.
 */
public final class Platform extends Construct {
  private final EcsCluster cluster;
  private final ServiceDiscoveryHttpNamespace namespace;
  private final CloudwatchLogGroup logGroup;

  public Platform(Construct scope, String id, PlatformProps props) {
    super(scope, id);
    namespace = ServiceDiscoveryHttpNamespace.Builder.create(this, "Namespace")
        .name(props.namespaceName())
        .description("Service Connect namespace of cluster " + props.clusterName())
        .build();
    cluster = EcsCluster.Builder.create(this, "Cluster")
        .name(props.clusterName())
        .serviceConnectDefaults(EcsClusterServiceConnectDefaults.builder().namespace(namespace.getArn()).build())
        .build();
    logGroup = CloudwatchLogGroup.Builder.create(this, "LogGroup")
        .name(props.logGroupName())
        .retentionInDays(props.logRetentionDays())
        .build();
  }

  public EcsCluster cluster() {
    return cluster;
  }

  public ServiceDiscoveryHttpNamespace namespace() {
    return namespace;
  }

  public CloudwatchLogGroup logGroup() {
    return logGroup;
  }
}
