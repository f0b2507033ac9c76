package dev.svcconnect.platform;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.data_aws_ecs_cluster.DataAwsEcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsClusterConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsClusterConfigurationExecuteCommandConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsClusterConfigurationExecuteCommandConfigurationLogConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsClusterServiceConnectDefaults;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsClusterSetting;
import com.hashicorp.cdktf.providers.aws.service_discovery_http_namespace.ServiceDiscoveryHttpNamespace;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import java.util.List;
import java.util.Optional;
import software.constructs.Construct;

/**
 * What every service shares: the ECS cluster (Container Insights per config, ECS Exec sessions logged), the Cloud Map
 * namespace Service Connect uses, and the log group (retention set, a customer key per config).
 *
 * <p>An existing cluster (cluster.existing) is read through a data source, {@code ExistingCluster}: its settings and
 * its default namespace stay its owner's. An existing namespace (cluster.namespaceArn) is used by ARN and not read:
 * ECS takes the ARN, and a namespace shared through AWS RAM is named by ARN only
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-shared-namespaces.html). The stack
 * creates neither, so it never changes or destroys them.
 *
 * <p>The namespace is an HTTP namespace: Service Connect never queries Cloud Map DNS (the ECS agent writes the
 * endpoints into each task's /etc/hosts and its proxy routes them), so a private DNS namespace's Route 53 hosted
 * zone would add cost and nothing a client could use.
 */
public final class Platform extends Construct {
  /**
   * What the platform gives the services.
   *
   * @param cluster the cluster the services run in: created, or the existing one read by the data source
   * @param namespaceArn the ARN of the cluster's namespace (cluster.namespace): the created one's (a token), or
   *     cluster.namespaceArn
   * @param logGroup the shared log group
   */
  public record Resources(ClusterRef cluster, String namespaceArn, CloudwatchLogGroup logGroup) {}

  private final Resources resources;

  /**
   * @param config the validated environment, of which the platform renders three sections: {@code cluster} (its
   *     name and namespace), {@code logs} (the shared log group and its retention) and
   *     {@code security.containerInsights}
   * @param key the customer-managed key for the log group and ECS Exec sessions; empty: CloudWatch's own encryption
   *     and an Exec channel encrypted by TLS only (security.kmsKeys: false). It wires to no other resource, so it
   *     takes no wiring record.
   */
  public Platform(Construct scope, String id, EnvironmentConfig config, Optional<LogsKey> key) {
    super(scope, id);
    EnvironmentConfig.Cluster c = config.cluster();
    Optional<ServiceDiscoveryHttpNamespace> createdNamespace = c.namespaceArn().isPresent() ? Optional.empty()
        : Optional.of(createNamespace(c));
    String namespaceArn = createdNamespace.map(ServiceDiscoveryHttpNamespace::getArn).orElseGet(() ->
        Literal.of(c.namespaceArn().orElseThrow()));
    CloudwatchLogGroup.Builder logs = CloudwatchLogGroup.Builder.create(this, "LogGroup")
        .name(Literal.of(config.logs().group()))
        .retentionInDays(config.logs().retentionDays());
    key.ifPresent(k -> logs.kmsKeyId(k.key().getArn()));
    CloudwatchLogGroup logGroup = logs.build();
    ClusterRef cluster;
    if (c.existing().isPresent()) {
      // The provider finds the cluster by name or ARN (DescribeClusters takes either).
      DataAwsEcsCluster existing = DataAwsEcsCluster.Builder.create(this, "ExistingCluster")
          .clusterName(Literal.of(c.existing().get()))
          .build();
      cluster = new ClusterRef(existing.getClusterName(), existing.getArn());
    } else {
      EcsCluster created = createCluster(config, key, namespaceArn, logGroup);
      cluster = new ClusterRef(created.getName(), created.getArn());
    }
    resources = new Resources(cluster, namespaceArn, logGroup);
  }

  private ServiceDiscoveryHttpNamespace createNamespace(EnvironmentConfig.Cluster c) {
    return ServiceDiscoveryHttpNamespace.Builder.create(this, "Namespace")
        .name(Literal.of(c.namespace()))
        .description(Literal.of(Naming.namespaceDescription(c.name())))
        // A new name replaces the namespace. Cloud Map refuses to delete a namespace that still holds services
        // (ResourceInUse), and the Service Connect services ECS created in it go only once the ECS services have
        // moved: so the new namespace is created first, the cluster and services move to it, and the old one is
        // deleted last. https://docs.aws.amazon.com/cloud-map/latest/api/API_DeleteNamespace.html
        .lifecycle(TerraformResourceLifecycle.builder().createBeforeDestroy(true).build())
        .build();
  }

  private EcsCluster createCluster(EnvironmentConfig config, Optional<LogsKey> key, String namespaceArn,
      CloudwatchLogGroup logGroup) {
    EnvironmentConfig.Cluster c = config.cluster();

    // ECS Exec sessions are logged to the shared log group (CKV_AWS_223); with a customer key, the session channel
    // and that log are encrypted with it (CKV_AWS_224).
    EcsClusterConfigurationExecuteCommandConfigurationLogConfiguration.Builder execLog =
        EcsClusterConfigurationExecuteCommandConfigurationLogConfiguration.builder()
            .cloudWatchLogGroupName(logGroup.getName());
    EcsClusterConfigurationExecuteCommandConfiguration.Builder exec =
        EcsClusterConfigurationExecuteCommandConfiguration.builder().logging("OVERRIDE");
    key.ifPresent(k -> {
      execLog.cloudWatchEncryptionEnabled(true);
      exec.kmsKeyId(k.key().getArn());
    });
    return EcsCluster.Builder.create(this, "Cluster")
        .name(Literal.of(c.name()))
        .serviceConnectDefaults(EcsClusterServiceConnectDefaults.builder().namespace(namespaceArn).build())
        .setting(List.of(EcsClusterSetting.builder()
            .name("containerInsights")
            .value(config.security().containerInsights() ? "enabled" : "disabled")
            .build()))
        .configuration(EcsClusterConfiguration.builder()
            .executeCommandConfiguration(exec.logConfiguration(execLog.build()).build())
            .build())
        .build();
  }

  /** The cluster, its namespace's ARN and the log group: what the services are wired to. */
  public Resources resources() {
    return resources;
  }
}
