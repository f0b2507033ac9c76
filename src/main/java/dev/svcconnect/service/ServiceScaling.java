package dev.svcconnect.service;

import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicy;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStat;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetric;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetricDimensions;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification;
import com.hashicorp.cdktf.providers.aws.appautoscaling_target.AppautoscalingTarget;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.Scaling;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.platform.ClusterRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.constructs.Construct;

/**
 * Application Auto Scaling of an ECS service's desired count: the scalable target ({@code Target}) and one
 * target-tracking policy per metric: {@code Cpu} always, {@code Memory} and {@code Requests} when configured.
 * The service itself must ignore desired_count, which the scaler then owns (see {@link ConnectedService}).
 */
public final class ServiceScaling extends Construct {
  static final String SERVICE_NAMESPACE = "ecs";
  static final String DIMENSION = "ecs:service:DesiredCount";

  private final AppautoscalingTarget target;

  /**
   * @param service the validated service, with {@code scaling} set; its tags go on the scalable target
   * @param cluster the cluster it runs in
   * @param ecsService the service's resource, whose desired count is scaled
   */
  ServiceScaling(Construct scope, String id, Service service, ClusterRef cluster, EcsService ecsService) {
    super(scope, id);
    Scaling scaling = service.scaling().orElseThrow();
    String serviceName = service.name();
    Map<String, String> tags = Literal.of(service.tags());
    // Service Connect counts the requests of endpoints on http, http2 and grpc ports only.
    List<Endpoint> requestEndpoints = service.task().withRequests(service.serviceConnect().endpoints());
    // No role_arn: Application Auto Scaling then uses its service-linked role for ECS, creating it if needed.
    AppautoscalingTarget.Builder t = AppautoscalingTarget.Builder.create(this, "Target")
        .serviceNamespace(SERVICE_NAMESPACE)
        .scalableDimension(DIMENSION)
        .resourceId("service/" + cluster.name() + "/" + ecsService.getName())
        .minCapacity(scaling.minTasks())
        .maxCapacity(scaling.maxTasks());
    if (!tags.isEmpty()) {
      t.tags(tags);
    }
    target = t.build();

    policy("Cpu", Naming.scalingPolicyName(serviceName, Naming.CPU_POLICY), scaling, scaling.cpuPercent(),
        c -> c.predefinedMetricSpecification(predefined("ECSServiceAverageCPUUtilization")));
    scaling.memoryPercent().ifPresent(memory -> policy("Memory",
        Naming.scalingPolicyName(serviceName, Naming.MEMORY_POLICY), scaling, memory,
        c -> c.predefinedMetricSpecification(predefined("ECSServiceAverageMemoryUtilization"))));
    scaling.requestsPerTaskPerMinute().ifPresent(requests -> policy("Requests",
        Naming.scalingPolicyName(serviceName, Naming.REQUESTS_POLICY), scaling, requests,
        c -> c.customizedMetricSpecification(requestsPerTask(cluster, serviceName, requestEndpoints))));
  }

  private interface Metric {
    AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration.Builder apply(
        AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration.Builder b);
  }

  /** {@code name} as {@link Naming#scalingPolicyName} derives it (raw text). */
  private void policy(String id, String name, Scaling scaling, int targetValue, Metric metric) {
    AppautoscalingPolicy.Builder.create(this, id)
        .name(Literal.of(name))
        .policyType("TargetTrackingScaling")
        .serviceNamespace(target.getServiceNamespace())
        .scalableDimension(target.getScalableDimension())
        .resourceId(target.getResourceId())
        .targetTrackingScalingPolicyConfiguration(metric.apply(
            AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration.builder()
                .targetValue(targetValue)
                .scaleInCooldown(scaling.scaleInCooldownSec())
                .scaleOutCooldown(scaling.scaleOutCooldownSec()))
            .build())
        .build();
  }

  private static AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification predefined(
      String type) {
    return AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification.builder()
        .predefinedMetricType(type)
        .build();
  }

  /**
   * Requests per task per minute, by metric math: the Service Connect proxy's inbound RequestCount (AWS/ECS, Sum
   * over the minute, one series per published HTTP endpoint: ClusterName, ServiceName, DiscoveryName) divided by
   * Container Insights' RunningTaskCount. There is no load balancer, so ALBRequestCountPerTarget is not available.
   */
  private static AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification
      requestsPerTask(ClusterRef cluster, String serviceName, List<Endpoint> endpoints) {
    List<AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics> metrics =
        new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      metrics.add(stat("requests" + i, "AWS/ECS", "RequestCount", "Sum", List.of(
          dimension("ClusterName", cluster.name()),
          dimension("ServiceName", Literal.of(serviceName)),
          dimension("DiscoveryName", Literal.of(endpoints.get(i).discoveryName())))));
    }
    metrics.add(stat("tasks", "ECS/ContainerInsights", "RunningTaskCount", "Average", List.of(
        dimension("ClusterName", cluster.name()),
        dimension("ServiceName", Literal.of(serviceName)))));
    String requests = IntStream.range(0, endpoints.size()).mapToObj(i -> "requests" + i)
        .collect(Collectors.joining(" + "));
    metrics.add(AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics
        .builder()
        .id("requests_per_task")
        .label("Service Connect requests per task per minute")
        .expression(endpoints.size() == 1 ? requests + " / tasks" : "(" + requests + ") / tasks")
        .returnData(true)
        .build());
    return AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification.builder()
        .metrics(metrics)
        .build();
  }

  private static AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics
      stat(String id, String namespace, String name, String stat,
      List<AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetricDimensions> dimensions) {
    return AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics.builder()
        .id(id)
        .returnData(false)
        .metricStat(AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStat
            .builder()
            .stat(stat)
            .metric(AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetric
                .builder()
                .namespace(namespace)
                .metricName(name)
                .dimensions(dimensions)
                .build())
            .build())
        .build();
  }

  private static AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetricDimensions
      dimension(String name, String value) {
    return AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetricDimensions
        .builder()
        .name(name)
        .value(value)
        .build();
  }

  public AppautoscalingTarget target() {
    return target;
  }
}
