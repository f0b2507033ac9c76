package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.cli.Terraform;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.target.EmulatorGap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Every task and service option on ({@code topology/options-task.yaml}: health checks, readiness gate, container
 * reservations, ARM64, platform versions, timeouts and Service Connect TLS): the service stack passes
 * {@code terraform validate}, deploys onto a moto_server of its own, re-plans clean apart from listed
 * {@link EmulatorGap}s, and destroys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaskOptionsDeployIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path OPTIONS = Path.of("src/test/resources/topology/options-task.yaml");

  private TestEmulator emulator;
  private Path work;
  private EnvironmentConfig config;
  private Workflow workflow;
  private AwsClients aws;
  private int deployExitCode;

  @BeforeAll
  void deploy() throws IOException {
    emulator = TestEmulator.start(Files.createTempDirectory("svcconnect-taskopts-it"));
    work = emulator.work;
    config = ConfigLoader.load(OPTIONS);
    workflow = emulator.workflow(config);
    aws = emulator.clients(config.target().region());
    deployExitCode = workflow.deploy(false);
  }

  @AfterAll
  void stopEmulator() {
    if (aws != null) {
      aws.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private Service service(String name) {
    return aws.ecs.describeServices(b -> b.cluster(config.cluster().name()).services(name)).services().get(0);
  }

  private TaskDefinition taskDefinition(String service) {
    String arn = service(service).taskDefinition();
    return aws.ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition();
  }

  @Test
  @Order(1)
  void serviceStackIsValidTerraform() throws IOException {
    Path dir = work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    Terraform.Result result = workflow.terraform().capture(dir, "validate", "-json");
    JsonNode report = JSON.readTree(result.stdout());
    assertThat(report.path("diagnostics")).as(result.stdout()).isEmpty();
    assertThat(report.path("valid").asBoolean()).isTrue();
  }

  @Test
  @Order(1)
  void deployExitsZero() {
    assertThat(deployExitCode).isZero();
  }

  @Test
  @Order(2)
  void apiTaskHasItsHealthCheckReservationsAndGate() {
    TaskDefinition td = taskDefinition("api");
    assertThat(td.containerDefinitions()).extracting(ContainerDefinition::name)
        .containsExactly("api", "readiness-gate");
    ContainerDefinition api = td.containerDefinitions().get(0);
    assertThat(api.healthCheck().command()).containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
    assertThat(List.of(api.healthCheck().interval(), api.healthCheck().timeout(), api.healthCheck().retries(),
        api.healthCheck().startPeriod())).containsExactly(10, 3, 5, 30);
    assertThat(api.cpu()).isEqualTo(768);
    assertThat(api.memory()).isEqualTo(1984);
    ContainerDefinition gate = td.containerDefinitions().get(1);
    assertThat(gate.essential()).isFalse();
    assertThat(gate.dependsOn()).singleElement().satisfies(d -> {
      assertThat(d.containerName()).isEqualTo("api");
      assertThat(d.conditionAsString()).isEqualTo("HEALTHY");
    });
  }

  @Test
  @Order(2)
  void sharedTaskRunsOnArm64WithTheShorthandHealthCheck() {
    TaskDefinition td = taskDefinition("web");
    assertThat(td.runtimePlatform().cpuArchitectureAsString()).isEqualTo("ARM64");
    assertThat(td.containerDefinitions()).singleElement().satisfies(c -> {
      assertThat(c.healthCheck().command()).containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
      assertThat(c.healthCheck().interval()).isEqualTo(30);
    });
  }

  @Test
  @Order(2)
  void servicesRunOnTheirPlatformVersions() {
    assertThat(service("api").platformVersion()).isEqualTo("1.4.0");
    assertThat(service("web").platformVersion()).isEqualTo("LATEST");
  }

  @Test
  @Order(3)
  void secondPlanChangesNothingButListedEmulatorGaps() throws IOException {
    Path planFile = work.resolve("second.plan");
    assertThat(workflow.plan(List.of("-out=" + planFile))).isIn(0, 2);
    Path serviceDir = work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    JsonNode plan = JSON.readTree(workflow.terraform().capture(serviceDir, "show", "-json", planFile.toString())
        .stdout());
    Set<String> allowed = EmulatorGap.planDifferences().stream()
        .map(g -> g.resourceType() + "." + g.attribute()).collect(Collectors.toSet());
    assertThat(PlanDifferences.of(plan))
        .as("differences not listed in EmulatorGap")
        .allSatisfy(d -> assertThat(allowed).contains(d.type() + "." + d.attribute()));
  }

  @Test
  @Order(4)
  void destroyRemovesTheServicesAndTaskDefinitions() {
    assertThat(workflow.destroy(false)).isZero();
    assertThat(aws.ecs.listTaskDefinitions(b -> b.status("ACTIVE")).taskDefinitionArns()).isEmpty();
    assertThat(aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces()).isEmpty();
    assertThat(aws.s3.listBuckets().buckets()).isEmpty();
  }
}
