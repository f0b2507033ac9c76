package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.report.Reachability;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Task storage (ephemeral storage, task volumes and mount points) and the per-service Service Connect options (the
 * proxy's logs, a service outside Service Connect), on ({@code topology/options-storage-connect.yaml}) and off (the
 * default stack writes none of them, and its proxy logs as before).
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadOptionsSynthTest {
  static final Path OPTIONS = Path.of("src/test/resources/topology/options-storage-connect.yaml");

  private StackJson on;
  private StackJson off;
  private Block shopTask;
  private JsonNode shopContainers;

  @BeforeAll
  void synth() {
    on = SynthFixture.serviceStack(ConfigLoader.load(OPTIONS));
    off = SynthFixture.serviceStack(SynthFixture.local());
    shopTask = on.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinitions/shop/Resource");
    shopContainers = shopTask.parsed("container_definitions");
  }

  private JsonNode serviceConnect(StackJson stack, String service) {
    return StackDocument.block(stack.resource(EcsService.TF_RESOURCE_TYPE, "Services/" + service + "/Resource")
        .body(), "service_connect_configuration");
  }

  @Test
  void ephemeralStorageIsTheTasksSize() {
    assertThat(StackDocument.block(shopTask.body(), "ephemeral_storage").path("size_in_gib").intValue())
        .isEqualTo(50);
  }

  @Test
  void volumesAreNamedBindMounts() {
    JsonNode volumes = shopTask.get("volume");
    assertThat(volumes).hasSize(2);
    assertThat(List.of(StackJson.names(volumes.get(0)), StackJson.names(volumes.get(1))))
        .allSatisfy(keys -> assertThat(keys).containsExactly("name"));
    assertThat(List.of(volumes.get(0).path("name").textValue(), volumes.get(1).path("name").textValue()))
        .containsExactly("tmp", "spool");
  }

  @Test
  void eachContainerMountsItsVolumesWithEveryFieldWritten() {
    JsonNode app = shopContainers.get(0).path("mountPoints");
    assertThat(app).hasSize(2);
    assertThat(app.get(0).toString()).isEqualTo("{\"sourceVolume\":\"tmp\",\"containerPath\":\"/tmp\","
        + "\"readOnly\":false}");
    assertThat(app.get(1).path("containerPath").textValue()).isEqualTo("/var/spool/shop");
    JsonNode shipper = shopContainers.get(1).path("mountPoints");
    assertThat(shipper.toString()).isEqualTo("[{\"sourceVolume\":\"spool\",\"containerPath\":\"/spool\","
        + "\"readOnly\":true}]");
  }

  @Test
  void theDefaultTaskWritesNoStorage() {
    Block task = off.resources(EcsTaskDefinition.TF_RESOURCE_TYPE).get(0);
    assertThat(StackJson.names(task.body())).doesNotContain("ephemeral_storage", "volume");
    assertThat(task.parsed("container_definitions").get(0).has("mountPoints")).isFalse();
  }

  @Test
  void imageByDigestIsWrittenAsIs() {
    assertThat(shopContainers.get(0).path("image").textValue()).isEqualTo("public.ecr.aws/nginx/nginx@sha256:"
        + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  }

  @Test
  void proxyLogOptionsJoinTheStacksOwn() {
    JsonNode log = StackDocument.block(serviceConnect(on, "shop"), "log_configuration");
    assertThat(log.path("log_driver").textValue()).isEqualTo("awslogs");
    assertThat(StackJson.names(log.path("options"))).containsExactly("awslogs-group", "awslogs-region",
        "awslogs-stream-prefix", "max-buffer-size", "mode");
    assertThat(List.of(log.path("options").path("mode").textValue(),
        log.path("options").path("max-buffer-size").textValue())).containsExactly("non-blocking", "25m");
  }

  @Test
  void proxyLogsOffWriteNoLogConfiguration() {
    JsonNode sc = serviceConnect(on, "web");
    assertThat(sc.path("enabled").booleanValue()).isTrue();
    assertThat(StackJson.names(sc)).doesNotContain("log_configuration");
  }

  @Test
  void theDefaultProxyLogsAsBefore() {
    JsonNode log = StackDocument.block(serviceConnect(off, "server-service"), "log_configuration");
    assertThat(StackJson.names(log.path("options"))).containsExactly("awslogs-group", "awslogs-region",
        "awslogs-stream-prefix");
  }

  @Test
  void aServiceOutsideServiceConnectHasNoServiceConnectBlock() {
    assertThat(StackJson.names(on.resource(EcsService.TF_RESOURCE_TYPE, "Services/worker/Resource").body()))
        .doesNotContain("service_connect_configuration");
  }

  @Test
  void aServiceOutsideServiceConnectIsNoAliasOutputAndNobodysCallee() {
    assertThat(StackJson.names(on.output("service_connect_aliases"))).containsExactly("shop", "web");
    assertThat(on.resources(VpcSecurityGroupIngressRule.TF_RESOURCE_TYPE, r -> r.path().contains("worker")))
        .isEmpty();
    assertThat(on.findResource("terraform_data", "Services/worker/PublishedProtocols")).isEmpty();
  }

  @Test
  void theReportSaysAServiceOutsideServiceConnectResolvesNoAlias() {
    Reachability r = Reachability.of("stack", on.root());
    Reachability.Path path = r.path("worker", "shop").orElseThrow();
    assertThat(path.resolves()).isFalse();
    assertThat(path.nameReason()).isEqualTo("worker has Service Connect off, so its tasks get no aliases");
    assertThat(r.endpoints()).extracting(Reachability.Endpoint::service).doesNotContain("worker");
  }
}
