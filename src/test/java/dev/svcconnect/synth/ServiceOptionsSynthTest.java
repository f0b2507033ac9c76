package dev.svcconnect.synth;

import static dev.svcconnect.synth.StackJson.stringMap;
import static dev.svcconnect.synth.StackJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicy;
import com.hashicorp.cdktf.providers.aws.appautoscaling_target.AppautoscalingTarget;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A service's production options, on and off: auto scaling (target, CPU/memory/request policies, desired_count left
 * to the scaler), deployment alarms, waiting for a steady state, external-pipeline mode, tags and their propagation.
 * "On" is {@code options-scaling.yaml} on an AWS target and on the emulator; "off" is the default stack.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceOptionsSynthTest {
  static final Path OPTIONS = Path.of("src/test/resources/topology/options-scaling.yaml");

  private StackJson aws;
  private StackJson local;
  private StackJson defaults;

  @BeforeAll
  void synth() {
    aws = SynthFixture.serviceStack(SynthFixture.fileWith(OPTIONS, "cluster:\n", "target: {kind: aws}\ncluster:\n"));
    local = SynthFixture.serviceStack(ConfigLoader.load(OPTIONS));
    defaults = SynthFixture.serviceStack(SynthFixture.local());
  }

  private static Block service(StackJson stack, String name) {
    return stack.resource(EcsService.TF_RESOURCE_TYPE, "Services/" + name + "/Resource");
  }

  private Block policy(String service, String id) {
    return aws.resource(AppautoscalingPolicy.TF_RESOURCE_TYPE, "Services/" + service + "/Scaling/" + id);
  }

  private static JsonNode tracking(Block policy) {
    return policy.get("target_tracking_scaling_policy_configuration");
  }

  // Auto scaling

  @Test
  void scalableTargetIsTheServicesDesiredCountBetweenMinAndMax() {
    Block target = aws.resource(AppautoscalingTarget.TF_RESOURCE_TYPE, "Services/api/Scaling/Target");
    Block cluster = aws.resource(EcsCluster.TF_RESOURCE_TYPE, "Platform/Cluster");
    assertThat(target.text("service_namespace")).isEqualTo("ecs");
    assertThat(target.text("scalable_dimension")).isEqualTo("ecs:service:DesiredCount");
    assertThat(target.text("resource_id"))
        .isEqualTo("service/" + cluster.ref("name") + "/" + service(aws, "api").ref("name"));
    assertThat(target.get("min_capacity").asInt()).isEqualTo(2);
    assertThat(target.get("max_capacity").asInt()).isEqualTo(8);
    assertThat(target.get("role_arn").isMissingNode()).as("service-linked role, no role_arn").isTrue();
  }

  @Test
  void everyScalingServiceHasExactlyItsPolicies() {
    assertThat(aws.paths(aws.resources(AppautoscalingPolicy.TF_RESOURCE_TYPE))).containsExactlyInAnyOrder(
        "Services/api/Scaling/Cpu",
        "Services/api/Scaling/Memory",
        "Services/api/Scaling/Requests",
        "Services/web/Scaling/Cpu");
  }

  @Test
  void policiesTrackTheirTargetOnTheScalableTarget() {
    Block target = aws.resource(AppautoscalingTarget.TF_RESOURCE_TYPE, "Services/api/Scaling/Target");
    Block cpu = policy("api", "Cpu");
    assertThat(cpu.text("name")).isEqualTo("api-cpu");
    assertThat(cpu.text("policy_type")).isEqualTo("TargetTrackingScaling");
    assertThat(cpu.text("resource_id")).isEqualTo(target.ref("resource_id"));
    assertThat(cpu.text("scalable_dimension")).isEqualTo(target.ref("scalable_dimension"));
    assertThat(cpu.text("service_namespace")).isEqualTo(target.ref("service_namespace"));
    assertThat(tracking(cpu).get("target_value").asInt()).isEqualTo(60);
    assertThat(tracking(cpu).get("scale_in_cooldown").asInt()).isEqualTo(600);
    assertThat(tracking(cpu).get("scale_out_cooldown").asInt()).isEqualTo(30);
    assertThat(tracking(cpu).at("/predefined_metric_specification/predefined_metric_type").asText())
        .isEqualTo("ECSServiceAverageCPUUtilization");
    Block memory = policy("api", "Memory");
    assertThat(tracking(memory).get("target_value").asInt()).isEqualTo(75);
    assertThat(tracking(memory).at("/predefined_metric_specification/predefined_metric_type").asText())
        .isEqualTo("ECSServiceAverageMemoryUtilization");
  }

  @Test
  void twoLinesOfScalingGiveCpuTrackingWithTheDefaults() {
    Block target = aws.resource(AppautoscalingTarget.TF_RESOURCE_TYPE, "Services/web/Scaling/Target");
    assertThat(target.get("min_capacity").asInt()).isEqualTo(1);
    assertThat(target.get("max_capacity").asInt()).isEqualTo(4);
    JsonNode cpu = tracking(policy("web", "Cpu"));
    assertThat(List.of(cpu.get("target_value").asInt(), cpu.get("scale_in_cooldown").asInt(),
        cpu.get("scale_out_cooldown").asInt())).containsExactly(70, 300, 60);
  }

  @Test
  void requestPolicyDividesServiceConnectRequestsOfHttpEndpointsByRunningTasks() {
    Block requests = policy("api", "Requests");
    JsonNode spec = tracking(requests).get("customized_metric_specification");
    assertThat(tracking(requests).get("target_value").asInt()).isEqualTo(500);
    String cluster = aws.resource(EcsCluster.TF_RESOURCE_TYPE, "Platform/Cluster").ref("name");
    List<String> described = new ArrayList<>();
    for (JsonNode m : spec.get("metrics")) {
      JsonNode stat = m.path("metric_stat");
      described.add(m.get("id").asText() + " " + m.get("return_data").asBoolean() + " "
          + (stat.isMissingNode() ? m.get("expression").asText()
              : stat.at("/metric/namespace").asText() + " " + stat.at("/metric/metric_name").asText() + " "
                  + stat.get("stat").asText() + " " + dimensions(stat.at("/metric/dimensions"))));
    }
    // The tcp endpoint (api-metrics) has no requests, so it is not counted.
    assertThat(described).containsExactly(
        "requests0 false AWS/ECS RequestCount Sum {ClusterName=" + cluster + ", ServiceName=api, DiscoveryName=api}",
        "requests1 false AWS/ECS RequestCount Sum {ClusterName=" + cluster + ", ServiceName=api,"
            + " DiscoveryName=api-grpc}",
        "tasks false ECS/ContainerInsights RunningTaskCount Average {ClusterName=" + cluster + ", ServiceName=api}",
        "requests_per_task true (requests0 + requests1) / tasks");
  }

  private static Map<String, String> dimensions(JsonNode list) {
    Map<String, String> out = new LinkedHashMap<>();
    list.forEach(d -> out.put(d.get("name").asText(), d.get("value").asText()));
    return out;
  }

  @Test
  void scalingServicesLeaveDesiredCountToTheScaler() {
    assertThat(texts(service(aws, "api").get("lifecycle").get("ignore_changes"))).containsExactly("desired_count");
    assertThat(service(aws, "api").get("desired_count").asInt()).as("the initial count").isEqualTo(2);
  }

  @Test
  void emulatorGetsTheSameScalingAsAws() {
    for (String type : List.of(AppautoscalingTarget.TF_RESOURCE_TYPE, AppautoscalingPolicy.TF_RESOURCE_TYPE)) {
      assertThat(local.resources(type)).extracting(Block::path, Block::body)
          .as(type).containsExactlyElementsOf(aws.resources(type).stream()
              .map(b -> Tuple.tuple(b.path(), b.body())).toList());
      assertThat(local.resources(type)).as(type).isNotEmpty();
    }
    assertThat(texts(service(local, "api").get("lifecycle").get("ignore_changes"))).containsExactly("desired_count");
  }

  @Test
  void defaultStackHasNoScalingAndIgnoresNothing() {
    assertThat(defaults.resources(AppautoscalingTarget.TF_RESOURCE_TYPE)).isEmpty();
    assertThat(defaults.resources(AppautoscalingPolicy.TF_RESOURCE_TYPE)).isEmpty();
    for (Block s : defaults.resources(EcsService.TF_RESOURCE_TYPE)) {
      assertThat(s.get("lifecycle").has("ignore_changes")).as("lifecycle of %s", s.path()).isFalse();
    }
  }

  // Deployment alarms, waiting, external pipeline

  @Test
  void deploymentAlarmsFailAndRollBackAsConfigured() {
    JsonNode api = service(aws, "api").get("alarms");
    assertThat(texts(api.get("alarm_names"))).containsExactly("api-5xx", "api-latency");
    assertThat(List.of(api.get("enable").asBoolean(), api.get("rollback").asBoolean())).containsExactly(true, true);
    JsonNode web = service(aws, "web").get("alarms");
    assertThat(texts(web.get("alarm_names"))).containsExactly("web-errors");
    assertThat(List.of(web.get("enable").asBoolean(), web.get("rollback").asBoolean())).containsExactly(true, false);
  }

  @Test
  void bothTargetsWaitForSteadyStateWhereAskedOrCalled() {
    assertThat(service(aws, "api").get("wait_for_steady_state").asBoolean()).isTrue();
    assertThat(service(aws, "web").get("wait_for_steady_state").isMissingNode()).isTrue();
    // The emulator reports a service's tasks as running once launched, so the wait ends there too.
    assertThat(service(local, "api").get("wait_for_steady_state").asBoolean()).isTrue();
    assertThat(service(local, "web").get("wait_for_steady_state").isMissingNode()).isTrue();
  }

  @Test
  void externalPipelineModeIgnoresTheTaskDefinitionButKeepsTheRedeployTrigger() {
    Block web = service(aws, "web");
    assertThat(texts(web.get("lifecycle").get("ignore_changes"))).containsExactly("desired_count", "task_definition");
    // A changed topology still redeploys: the update sends no task definition (it is ignored), so ECS restarts
    // the tasks of whatever revision the pipeline deployed last.
    assertThat(web.get("triggers").get("service_connect_endpoints").asText()).startsWith("sha256:");
    assertThat(web.get("force_new_deployment").asBoolean()).isTrue();
    assertThat(web.text("task_definition"))
        .isEqualTo(aws.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinitions/web/Resource").ref("arn"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"server-service", "client-service"})
  void optionsAreOffByDefault(String name) {
    Block s = service(defaults, name);
    // wait_for_steady_state is not among them: a service others call is waited for (TopologySynthTest)
    for (String field : List.of("alarms", "tags")) {
      assertThat(s.get(field).isMissingNode()).as("%s of %s", field, name).isTrue();
    }
    // only what every publishing service has: replacement when a published port's protocol changes
    assertThat(StackJson.names(s.get("lifecycle"))).as("lifecycle of %s", name)
        .containsExactly("replace_triggered_by");
  }

  // Tags

  @Test
  void serviceTagsGoOnItsServiceSecurityGroupTaskDefinitionAndScalableTarget() {
    Map<String, String> tags = Map.of("Team", "payments", "CostCenter", "4711");
    assertThat(stringMap(service(aws, "api").get("tags"))).isEqualTo(tags);
    assertThat(stringMap(aws.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinitions/api/Resource")
        .get("tags"))).isEqualTo(tags);
    assertThat(stringMap(aws.resource(AppautoscalingTarget.TF_RESOURCE_TYPE, "Services/api/Scaling/Target")
        .get("tags"))).isEqualTo(tags);
    assertThat(stringMap(aws.resource(SecurityGroup.TF_RESOURCE_TYPE, "Services/api/SecurityGroup").get("tags")))
        .isEqualTo(Map.of("Team", "payments", "CostCenter", "4711", "Name", "ecs-service-connect-opts-api"));
  }

  @Test
  void tagsOfOneServiceStayOnItsOwnResources() {
    assertThat(stringMap(service(aws, "web").get("tags"))).isEqualTo(Map.of("Team", "storefront"));
    assertThat(stringMap(aws.resource(SecurityGroup.TF_RESOURCE_TYPE, "Services/web/SecurityGroup").get("tags")))
        .isEqualTo(Map.of("Team", "storefront", "Name", "ecs-service-connect-opts-web"));
  }

  @Test
  void sharedTaskDefinitionCarriesNoServiceTags() {
    assertThat(defaults.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource").get("tags")
        .isMissingNode()).isTrue();
    assertThat(stringMap(defaults.resource(SecurityGroup.TF_RESOURCE_TYPE, "Services/server-service/SecurityGroup")
        .get("tags"))).isEqualTo(Map.of("Name", "ecs-service-connect-local-server-service"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"server-service", "client-service"})
  void tasksCarryTheServicesTagsAndEcsManagedTagsByDefault(String name) {
    assertThat(service(defaults, name).text("propagate_tags")).isEqualTo("SERVICE");
    assertThat(service(defaults, name).get("enable_ecs_managed_tags").asBoolean()).isTrue();
  }
}
