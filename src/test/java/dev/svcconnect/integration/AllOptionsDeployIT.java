package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.cli.Emulator;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.cli.Terraform;
import dev.svcconnect.plan.PlanDifferences;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.app.RunContext;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.tiers.EmulatorTier;
import dev.svcconnect.topology.Topology;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * Every production option at once ({@code topology/all-options.yaml}): the service stack passes
 * {@code terraform validate}, deploys on the emulator with the stored task definitions, scalable targets, policies,
 * tags and VPC endpoints checked through the SDK, re-plans with no difference at all, and stays clean after the
 * scaler changed a desired count and a pipeline deployed its own task-definition revision. A topology change then
 * redeploys the pipeline-owned service without putting the stack's task definition back. Also: a plain moto_server
 * is refused before anything is applied, with this config (which needs its missing tagging calls) and with the
 * default one.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class AllOptionsDeployIT {
  static final Path OPTIONS = Path.of("src/test/resources/topology/all-options.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestEmulator emulator;
  private EnvironmentConfig config;
  private Workflow workflow;
  private AwsClients aws;
  private int deployExitCode;
  private String pipelineRevision;

  @BeforeAll
  void deploy(TestEmulator emulator) {
    this.emulator = emulator;
    config = ConfigLoader.load(OPTIONS);
    workflow = emulator.workflow(config);
    aws = emulator.aws(config.target().region());
    // the exit code ./main deploy would end with: a failed terraform run throws TerraformFailure
    deployExitCode = Execution.exitCode(() -> workflow.deploy(false));
  }

  private Service service(String name) {
    return aws.ecs.describeServices(b -> b.cluster(config.cluster().name()).services(name)).services().get(0);
  }

  /** Every difference a plan of {@code w} shows. */
  private List<PlanDifferences.Difference> differences(Workflow w, String name) throws IOException {
    return emulator.planDifferences(w, name);
  }


  private TaskDefinition taskDefinition(String service) {
    String arn = service(service).taskDefinition();
    return aws.ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition();
  }

  @Test
  @Order(1)
  void serviceStackIsValidTerraform() throws IOException {
    Path dir = emulator.work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    Terraform.Result result = workflow.terraform().capture(dir, "validate", "-json");
    JsonNode report = JSON.readTree(result.stdout());
    assertThat(report.path("diagnostics")).as(result.stdout()).isEmpty();
    assertThat(report.path("valid").asBoolean()).isTrue();
  }

  @Test
  @Order(1)
  void deployExitsZeroWithTheInitialCounts() {
    assertThat(deployExitCode).isZero();
    assertThat(service("api").desiredCount()).isEqualTo(2);
    assertThat(service("web").desiredCount()).isEqualTo(1);
    assertThat(service("worker").desiredCount()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void apiTaskHasItsHealthCheckReservationsAndGate() {
    TaskDefinition td = taskDefinition("api");
    assertThat(td.containerDefinitions()).extracting(ContainerDefinition::name)
        .containsExactly("api", "readiness-gate");
    ContainerDefinition api = td.containerDefinitions().get(0);
    assertThat(api.healthCheck().command())
        .containsExactly("CMD-SHELL", "curl -f http://localhost:8080/ || exit 1");
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
  void webTaskHasItsSidecarAsWritten() {
    TaskDefinition td = taskDefinition("web");
    assertThat(td.containerDefinitions()).extracting(ContainerDefinition::name).containsExactly("web", "agent");
    ContainerDefinition web = td.containerDefinitions().get(0);
    assertThat(web.dependsOn()).singleElement().satisfies(d -> {
      assertThat(d.containerName()).isEqualTo("agent");
      assertThat(d.conditionAsString()).isEqualTo("START");
    });
    ContainerDefinition agent = td.containerDefinitions().get(1);
    assertThat(agent.essential()).isTrue();
    assertThat(agent.memoryReservation()).isEqualTo(64);
    assertThat(agent.command()).containsExactly("agent", "--listen", "9100");
    assertThat(agent.user()).isEqualTo("1000");
    assertThat(agent.readonlyRootFilesystem()).isTrue();
    assertThat(agent.stopTimeout()).isEqualTo(10);
    assertThat(agent.ulimits()).singleElement().satisfies(u -> {
      assertThat(u.nameAsString()).isEqualTo("nofile");
      assertThat(List.of(u.softLimit(), u.hardLimit())).containsExactly(4096, 8192);
    });
    assertThat(agent.logConfiguration().options()).containsEntry("awslogs-stream-prefix", "agent");
  }

  @Test
  @Order(2)
  void sharedTaskRunsOnArm64WithTheShorthandHealthCheckAndReservations() {
    TaskDefinition td = taskDefinition("worker");
    assertThat(td.family()).isEqualTo("worker");
    assertThat(td.runtimePlatform().cpuArchitectureAsString()).isEqualTo("ARM64");
    assertThat(td.containerDefinitions()).singleElement().satisfies(c -> {
      assertThat(c.healthCheck().command()).containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
      assertThat(c.healthCheck().interval()).isEqualTo(30);
      assertThat(c.cpu()).isEqualTo(256);
      assertThat(c.memory()).isEqualTo(960);
    });
  }

  @Test
  @Order(2)
  void theTimeoutsEcsRecordedAreTheOnesTheConfigMeans() {
    // What the provider sent, as the emulator recorded it: a per-request timeout alone arrives with ECS's idle
    // default for http (300), not the 0 the provider fills in for an unset value, which would turn it off.
    var published = service("api").deployments().get(0).serviceConnectConfiguration().services();
    assertThat(published).extracting(s -> s.portName(),
            s -> s.timeout() == null ? null : s.timeout().idleTimeoutSeconds(),
            s -> s.timeout() == null ? null : s.timeout().perRequestTimeoutSeconds())
        .containsExactly(Tuple.tuple("http", 300, 20), Tuple.tuple("grpc", null, null),
            Tuple.tuple("metrics", null, null), Tuple.tuple("redis", null, null));
  }

  @Test
  @Order(2)
  void servicesRunOnTheirPlatformVersions() {
    assertThat(service("api").platformVersion()).isEqualTo("1.4.0");
    assertThat(service("web").platformVersion()).isEqualTo("LATEST");
  }

  @Test
  @Order(2)
  void scalableTargetsAndTheirPoliciesAreRegisteredWithTheirTags() {
    var targets = aws.scaling.describeScalableTargets(b -> b.serviceNamespace("ecs")).scalableTargets();
    assertThat(targets).extracting(t -> t.resourceId(), t -> t.minCapacity(), t -> t.maxCapacity())
        .containsExactlyInAnyOrder(Tuple.tuple("service/opts/api", 2, 8), Tuple.tuple("service/opts/web", 1, 4));
    var api = targets.stream().filter(t -> t.resourceId().equals("service/opts/api")).findFirst().orElseThrow();
    assertThat(aws.scaling.listTagsForResource(b -> b.resourceARN(api.scalableTargetARN())).tags())
        .containsEntry("Team", "payments").containsEntry("Environment", "opts");

    var policies = aws.scaling.describeScalingPolicies(b -> b.serviceNamespace("ecs")).scalingPolicies();
    assertThat(policies).extracting(p -> p.resourceId() + " " + p.policyName() + " " + p.policyTypeAsString())
        .containsExactlyInAnyOrder(
            "service/opts/api api-cpu TargetTrackingScaling",
            "service/opts/api api-memory TargetTrackingScaling",
            "service/opts/api api-requests TargetTrackingScaling",
            "service/opts/web web-cpu TargetTrackingScaling");
    var requests = policies.stream().filter(p -> p.policyName().equals("api-requests")).findFirst().orElseThrow()
        .targetTrackingScalingPolicyConfiguration();
    assertThat(requests.targetValue()).isEqualTo(500.0);
    assertThat(requests.scaleInCooldown()).isEqualTo(600);
    assertThat(requests.scaleOutCooldown()).isEqualTo(30);
  }

  @Test
  @Order(2)
  void aPlainMotoServerIsRefusedBeforeAnythingIsApplied() throws Exception {
    int port = TestEmulator.freeLoopbackPort();
    Path work = Files.createTempDirectory("svcconnect-plain-moto");
    Process plain = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(work.resolve("moto.log").toFile()).start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      Emulator plainEmulator = new Emulator(endpoint, work.resolve("state"));
      for (int i = 0; i < 150 && !plainEmulator.answers(); i++) {
        Thread.sleep(200);
      }
      assertThat(plainEmulator.identify()).isEqualTo(Emulator.Identity.FOREIGN);
      Map<String, String> env = new HashMap<>(emulator.env);
      env.put(DeploymentTarget.ENDPOINT_VARIABLE, endpoint.toString());
      // with scaling (a plain moto_server 5.2 lacks its tagging calls) and without: every config is refused
      for (EnvironmentConfig c : List.of(config, ConfigLoader.load(Fixtures.LOCAL))) {
        Workflow w = new Workflow(new RunContext(c.source(), work.resolve("cdktf.out"), work.resolve("state"), env,
            System.out, System.err).with(c, Topology.of(c)));

        assertThatThrownBy(() -> w.deploy(false))
            .as(c.source().toString())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("AWS_ENDPOINT_URL: what answers at " + endpoint + " is not this project's emulator (moto"
                + " with moto_server_ext.py, which the local target needs to behave as ECS does; a plain"
                + " moto_server is not enough); stop it, or set AWS_ENDPOINT_URL to a free loopback port and ./main"
                + " starts its own there");
      }
      assertThat(work.resolve("cdktf.out")).as("nothing synthesized, nothing applied").doesNotExist();
      try (AwsClients plainAws = new AwsClients(endpoint, config.target().region())) {
        assertThat(plainAws.s3.listBuckets().buckets()).isEmpty();
      }
    } finally {
      plain.descendants().forEach(ProcessHandle::destroy);
      plain.destroy();
      plain.waitFor();
    }
  }

  @Test
  @Order(2)
  void serviceTagsAndDefaultTagsAreOnTheServiceAndPropagateFromIt() {
    Service api = service("api");
    assertThat(api.propagateTagsAsString()).isEqualTo("SERVICE");
    Map<String, String> tags = aws.ecs.listTagsForResource(b -> b.resourceArn(api.serviceArn())).tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
    assertThat(tags).containsEntry("Team", "payments").containsEntry("CostCenter", "4711")
        .containsEntry("Project", "options").containsEntry("Environment", "opts");
  }

  @Test
  @Order(2)
  void serviceTagsAreOnItsTaskDefinitionAndSecurityGroupOnly() {
    var described = aws.ecs.describeTaskDefinition(b -> b.taskDefinition(service("web").taskDefinition())
        .include(TaskDefinitionField.TAGS));
    assertThat(described.tags()).extracting(Tag::key, Tag::value).contains(Tuple.tuple("Team", "storefront"));
    var groups = aws.ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name")
        .values("ecs-service-connect-opts-api", "ecs-service-connect-opts-web").build())).securityGroups();
    assertThat(groups).hasSize(2).allSatisfy(g -> {
      String team = g.groupName().endsWith("-api") ? "payments" : "storefront";
      assertThat(g.tags()).anySatisfy(t -> {
        assertThat(t.key()).isEqualTo("Team");
        assertThat(t.value()).isEqualTo(team);
      });
    });
  }

  @Test
  @Order(2)
  void vpcEndpointsAreStoredWithPrivateDnsTheirGroupAndTheRouteTables() {
    var endpoints = aws.ec2.describeVpcEndpoints(b -> b.build()).vpcEndpoints();
    assertThat(endpoints).extracting(e -> e.serviceName()).containsExactlyInAnyOrder(
        "com.amazonaws.us-east-1.ssmmessages", "com.amazonaws.us-east-1.ecr.api",
        "com.amazonaws.us-east-1.ecr.dkr", "com.amazonaws.us-east-1.logs", "com.amazonaws.us-east-1.secretsmanager",
        "com.amazonaws.us-east-1.s3");
    var group = aws.ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name")
        .values("ecs-service-connect-opts-vpc-endpoints").build())).securityGroups().get(0);
    assertThat(group.ipPermissionsEgress()).as("no egress").isEmpty();
    assertThat(group.ipPermissions()).allSatisfy(p -> {
      assertThat(p.fromPort()).isEqualTo(443);
      assertThat(p.toPort()).isEqualTo(443);
      assertThat(p.ipRanges()).isEmpty();
    });
    assertThat(group.ipPermissions().stream().mapToInt(p -> p.userIdGroupPairs().size()).sum())
        .as("one rule per service").isEqualTo(3);
    assertThat(group.ipPermissions().stream().flatMap(p -> p.userIdGroupPairs().stream())
        .map(pair -> pair.description()))
        .containsExactlyInAnyOrder("api calls ssmmessages, ecr.api, ecr.dkr, logs over HTTPS",
            "web calls ssmmessages, logs, secretsmanager over HTTPS",
            "worker calls ssmmessages, ecr.api, ecr.dkr, logs over HTTPS");
    var privateTables = aws.ec2.describeRouteTables(b -> b.filters(Filter.builder().name("tag:Name")
        .values("ecs-service-connect-opts-private-0", "ecs-service-connect-opts-private-1").build()))
        .routeTables().stream().map(t -> t.routeTableId()).toList();
    assertThat(privateTables).hasSize(2);
    assertThat(endpoints).allSatisfy(e -> {
      if (e.serviceName().endsWith(".s3")) {
        assertThat(e.vpcEndpointTypeAsString()).isEqualTo("Gateway");
        assertThat(e.routeTableIds()).containsExactlyInAnyOrderElementsOf(privateTables);
      } else {
        assertThat(e.vpcEndpointTypeAsString()).isEqualTo("Interface");
        assertThat(e.privateDnsEnabled()).isTrue();
        assertThat(e.subnetIds()).hasSize(2);
        assertThat(e.groups()).extracting(g -> g.groupId()).containsExactly(group.groupId());
      }
    });
  }

  /**
   * The attributes of the state's resources of {@code type}, as the provider read them back from the emulator after
   * creating them: the state object itself, read from the state bucket (no terraform run).
   */
  private List<JsonNode> stateValues(String type) throws IOException {
    JsonNode state = JSON.readTree(aws.s3.getObjectAsBytes(b -> b.bucket(config.state().bucket())
        .key(config.state().key())).asByteArray());
    List<JsonNode> values = new java.util.ArrayList<>();
    state.path("resources").forEach(r -> {
      if (r.path("type").asText().equals(type) && r.path("mode").asText().equals("managed")) {
        r.path("instances").forEach(i -> values.add(i.path("attributes")));
      }
    });
    return values;
  }

  @Test
  @Order(2)
  void sharedTasksRepositoryIsEncryptedWithTheStacksKeyAndItsImageRunsFromIt() throws IOException {
    JsonNode key = stateValues("aws_kms_key").get(0);
    assertThat(stateValues("aws_ecr_repository")).singleElement().satisfies(repository -> {
      assertThat(repository.path("name").asText()).isEqualTo("ecs-service-connect-opts/worker/worker");
      JsonNode encryption = repository.path("encryption_configuration");
      assertThat(encryption).hasSize(1);
      assertThat(encryption.get(0).path("encryption_type").asText()).isEqualTo("KMS");
      assertThat(encryption.get(0).path("kms_key").asText()).isEqualTo(key.path("arn").asText()).startsWith("arn:");
      assertThat(taskDefinition("worker").containerDefinitions().get(0).image())
          .isEqualTo(repository.path("repository_url").asText() + ":v1.0");
    });
  }

  @Test
  @Order(2)
  void webSidecarReadsItsSecretAndItsExecutionRoleMayGetExactlyIt() throws IOException {
    ContainerDefinition agent = taskDefinition("web").containerDefinitions().get(1);
    String secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:opts/agent-token-AbCdEf";
    assertThat(agent.secrets()).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("AGENT_TOKEN");
      assertThat(s.valueFrom()).isEqualTo(secret);
    });
    String role = taskDefinition("web").executionRoleArn().replaceAll(".*/", "");
    JsonNode policy = JSON.readTree(java.net.URLDecoder.decode(aws.iam.getRolePolicy(b -> b.roleName(role)
        .policyName("secrets")).policyDocument(), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(policy.path("Statement")).singleElement().satisfies(s -> {
      assertThat(s.path("Effect").asText()).isEqualTo("Allow");
      assertThat(texts(s.path("Action"))).containsExactly("secretsmanager:GetSecretValue");
      assertThat(texts(s.path("Resource"))).containsExactly(secret);
    });
  }

  /** A policy element that is one string or a list of them. */
  private static List<String> texts(JsonNode node) {
    return node.isArray() ? java.util.stream.StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText)
        .toList() : List.of(node.asText());
  }

  @Test
  @Order(3)
  void rePlanChangesNothing() throws IOException {
    assertThat(differences(workflow, "second")).isEmpty();
  }

  @Test
  @Order(4)
  void desiredCountSetByTheScalerIsNoDrift() throws IOException {
    // What Application Auto Scaling does on AWS: set the service's desired count.
    aws.ecs.updateService(b -> b.cluster(config.cluster().name()).service("api").desiredCount(5));
    assertThat(service("api").desiredCount()).isEqualTo(5);
    assertThat(differences(workflow, "scaled")).isEmpty();
  }

  @Test
  @Order(5)
  void taskDefinitionDeployedByThePipelineIsNoDrift() throws IOException {
    // What an external pipeline does: register a revision of the family with a new image and deploy it.
    TaskDefinition current = aws.ecs.describeTaskDefinition(b -> b.taskDefinition(service("web").taskDefinition()))
        .taskDefinition();
    TaskDefinition next = aws.ecs.registerTaskDefinition(b -> b
        .family(current.family())
        .requiresCompatibilitiesWithStrings(current.requiresCompatibilitiesAsStrings())
        .networkMode(current.networkMode())
        .cpu(current.cpu())
        .memory(current.memory())
        .executionRoleArn(current.executionRoleArn())
        .taskRoleArn(current.taskRoleArn())
        .containerDefinitions(current.containerDefinitions().stream()
            .map(c -> c.toBuilder().image("example/web:2.0").build()).toList()))
        .taskDefinition();
    assertThat(next.revision()).isGreaterThan(current.revision());
    pipelineRevision = next.taskDefinitionArn();
    aws.ecs.updateService(b -> b.cluster(config.cluster().name()).service("web").taskDefinition(pipelineRevision));

    assertThat(differences(workflow, "pipelined")).isEmpty();
  }

  /** all-options.yaml where web also calls api's grpc endpoint: web's redeploy digest changes. */
  static String webAlsoCallsGrpc(String yaml) {
    String calls = "    calls: [api]\n";
    if (!yaml.contains(calls)) {
      throw new IllegalStateException("all-options.yaml changed shape; update webAlsoCallsGrpc");
    }
    return yaml.replace(calls, "    calls: [api, api-grpc]\n");
  }

  @Test
  @Order(6)
  void topologyChangeRedeploysThePipelineServiceOnThePipelinesRevision() throws IOException {
    EnvironmentConfig grown = ConfigLoader.parse(OPTIONS, webAlsoCallsGrpc(Files.readString(OPTIONS)));
    Workflow w = emulator.workflow(grown);
    List<PlanDifferences.Difference> changes = differences(w, "grown");
    assertThat(changes.stream().filter(d -> d.actions().equals(List.of("create")))
            .map(d -> d.address().replaceAll("_[0-9A-F]{8}$", "")).distinct())
        .containsExactly("aws_vpc_security_group_ingress_rule.Services_api_Ingress_web_api-grpc");
    assertThat(changes.stream().filter(d -> !d.actions().equals(List.of("create"))))
        .as("web changes only its trigger; task_definition and desired_count stay ignored")
        .extracting(d -> d.address().replaceAll("_[0-9A-F]{8}$", ""), PlanDifferences.Difference::attribute,
            PlanDifferences.Difference::actions)
        .containsExactly(Tuple.tuple("aws_ecs_service.Services_web", "triggers", List.of("update")));

    assertThat(w.deploy(false)).isZero();
    assertThat(service("web").taskDefinition()).as("the pipeline's revision keeps running").isEqualTo(pipelineRevision);
    assertThat(service("api").desiredCount()).as("the scaler's count stays").isEqualTo(5);
    assertThat(differences(w, "grown-replan")).as("the plan after the topology change").isEmpty();
  }

  @Test
  @Order(7)
  void destroyRemovesWhatTheStackCreated() {
    assertThat(workflow.destroy(false)).isZero();
    // The pipeline's revision of web is the pipeline's, not the stack's: it stays registered.
    assertThat(aws.ecs.listTaskDefinitions(b -> b.status("ACTIVE")).taskDefinitionArns())
        .containsExactly(pipelineRevision);
    assertThat(aws.scaling.describeScalableTargets(b -> b.serviceNamespace("ecs")).scalableTargets()).isEmpty();
    assertThat(aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces()).isEmpty();
    // moto keeps listing deleted services, as INACTIVE
    assertThat(aws.ecs.describeServices(b -> b.cluster(config.cluster().name()).services("api", "web", "worker")).services())
        .allSatisfy(s -> assertThat(s.status()).isEqualTo("INACTIVE"));
    assertThat(aws.ec2.describeSecurityGroups(b -> b.build()).securityGroups())
        .allSatisfy(g -> assertThat(g.groupName()).isEqualTo("default"));
    // moto keeps listing deleted VPC endpoints, as deleted (the state DeleteVpcEndpoints leads to)
    assertThat(aws.ec2.describeVpcEndpoints(b -> b.build()).vpcEndpoints())
        .allSatisfy(e -> assertThat(e.stateAsString()).isEqualTo("deleted"));
    assertThat(aws.s3.listBuckets().buckets()).isEmpty();
  }
}
