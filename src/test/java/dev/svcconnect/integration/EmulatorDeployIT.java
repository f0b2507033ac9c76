package dev.svcconnect.integration;

import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.plan.PlanDifferences;
import dev.svcconnect.plan.ResourceChange;
import dev.svcconnect.plan.RiskRules;
import dev.svcconnect.plan.StackPlan;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.service.FargateTaskDefinition;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.state.StateBucket;
import dev.svcconnect.tiers.EmulatorTier;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;

/**
 * Tier 5: deploys the default config onto a moto_server of its own (free loopback port) through the same
 * {@link Workflow} as {@code ./main deploy}, checks what exists through the AWS SDK, re-plans (no difference at
 * all), grows by a third service (no difference after it either), renames the namespace, changes a published
 * protocol, takes the third service out of Service Connect (an in-place update, with task storage and the proxy's log
 * options on the way), turns security.kmsKeys on (the log groups' key associated in place, a clean re-plan), destroys
 * and checks that nothing is left.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class EmulatorDeployIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestEmulator emulator;
  private Path work;
  private EnvironmentConfig config;
  private Workflow workflow;
  private AwsClients aws;
  private int deployExitCode;

  @BeforeAll
  void deploy(TestEmulator emulator) {
    this.emulator = emulator;
    work = emulator.work;
    config = ConfigLoader.load(Fixtures.LOCAL);
    workflow = emulator.workflow(config);
    aws = emulator.aws(config.target().region());
    // the exit code ./main deploy would end with: a failed terraform run throws TerraformFailure
    deployExitCode = Execution.exitCode(() -> workflow.deploy(false));
  }

  @Test
  @Order(1)
  void deployExitsZero() {
    assertThat(deployExitCode).isZero();
  }

  @Test
  @Order(2)
  void clusterIsActive() {
    var clusters = aws.ecs.describeClusters(b -> b.clusters(config.cluster().name())).clusters();
    assertThat(clusters).singleElement().satisfies(c -> {
      assertThat(c.clusterName()).isEqualTo("ecs-service-connector-sample-cluster");
      assertThat(c.status()).isEqualTo("ACTIVE");
    });
  }

  @Test
  @Order(2)
  void namespaceIsAnHttpNamespaceNamedLocal() {
    List<NamespaceSummary> namespaces = aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces();
    assertThat(namespaces).singleElement().satisfies(n -> {
      assertThat(n.name()).isEqualTo("local");
      assertThat(n.typeAsString()).isEqualTo("HTTP");
    });
  }

  private Map<String, Service> services() {
    return aws.ecs.describeServices(b -> b.cluster(config.cluster().name())
            .services("server-service", "client-service"))
        .services().stream().collect(Collectors.toMap(Service::serviceName, s -> s));
  }

  private Map<String, String> subnetNames() {
    return aws.ec2.describeSubnets(b -> b.build()).subnets().stream()
        .filter(s -> s.tags().stream().anyMatch(t -> t.key().equals("Name")))
        .collect(Collectors.toMap(s -> s.subnetId(),
            s -> s.tags().stream().filter(t -> t.key().equals("Name")).findFirst().orElseThrow().value()));
  }

  @Test
  @Order(2)
  void bothServicesRunOnFargateInPrivateSubnetsWithoutPublicIp() {
    Map<String, Service> services = services();
    Map<String, String> subnetNames = subnetNames();
    assertThat(services).containsOnlyKeys("server-service", "client-service");
    for (Service s : services.values()) {
      assertThat(s.launchTypeAsString()).as(s.serviceName()).isEqualTo("FARGATE");
      assertThat(s.desiredCount()).as(s.serviceName()).isEqualTo(1);
      assertThat(s.taskDefinition()).as(s.serviceName()).contains(":task-definition/nginx:");
      var vpc = s.networkConfiguration().awsvpcConfiguration();
      assertThat(vpc.assignPublicIpAsString()).as(s.serviceName()).isEqualTo("DISABLED");
      assertThat(vpc.subnets()).as(s.serviceName()).hasSize(2)
          .allSatisfy(id -> assertThat(subnetNames.get(id)).contains("-private-"));
      assertThat(vpc.securityGroups()).as(s.serviceName()).hasSize(1);
    }
    assertThat(services.get("server-service").networkConfiguration().awsvpcConfiguration().securityGroups())
        .doesNotContainAnyElementsOf(
            services.get("client-service").networkConfiguration().awsvpcConfiguration().securityGroups());
  }

  @Test
  @Order(2)
  void taskDefinitionRunsNginxOnANamedPortWithSeparateRoles() {
    String arn = services().get("server-service").taskDefinition();
    TaskDefinition td = aws.ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition();
    assertThat(td.cpu()).isEqualTo("256");
    assertThat(td.memory()).isEqualTo("512");
    assertThat(td.requiresCompatibilitiesAsStrings()).containsExactly("FARGATE");
    assertThat(td.taskRoleArn()).isNotBlank().isNotEqualTo(td.executionRoleArn());
    ContainerDefinition c = td.containerDefinitions().get(0);
    assertThat(c.name()).isEqualTo("nginx");
    assertThat(c.image()).isEqualTo("nginx");
    assertThat(c.portMappings()).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo("nginx");
      assertThat(p.containerPort()).isEqualTo(80);
      assertThat(p.appProtocolAsString()).isEqualTo("http");
    });
    assertThat(services().get("client-service").taskDefinition()).isEqualTo(arn);
  }

  @Test
  @Order(2)
  void taskRoleAllowsExactlyTheEcsExecChannels() throws IOException {
    String arn = services().get("server-service").taskDefinition();
    String taskRole = aws.ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition().taskRoleArn();
    String roleName = taskRole.substring(taskRole.lastIndexOf('/') + 1);
    List<String> policies = aws.iam.listRolePolicies(b -> b.roleName(roleName)).policyNames();
    // ecs-exec-logging (the session log) is checked in TaskDefinitionSynthTest; here: the channels, exactly
    assertThat(policies).containsExactlyInAnyOrder("ecs-exec", "ecs-exec-logging");
    String document = URLDecoder.decode(aws.iam.getRolePolicy(b -> b.roleName(roleName).policyName("ecs-exec"))
        .policyDocument(), StandardCharsets.UTF_8);
    JsonNode statements = JSON.readTree(document).path("Statement");
    assertThat(statements).hasSize(1);
    Set<String> actions = new java.util.TreeSet<>();
    statements.get(0).path("Action").forEach(a -> actions.add(a.asText()));
    assertThat(actions).containsExactlyInAnyOrderElementsOf(FargateTaskDefinition.ECS_EXEC_ACTIONS);
    assertThat(aws.iam.listAttachedRolePolicies(b -> b.roleName(roleName)).attachedPolicies()).isEmpty();
  }

  @Test
  @Order(2)
  void logGroupHasFiniteRetention() {
    var groups = aws.logs.describeLogGroups(b -> b.logGroupNamePrefix("ecs-service-connect-sample")).logGroups();
    assertThat(groups).singleElement().satisfies(g -> assertThat(g.retentionInDays()).isEqualTo(30));
  }

  private Map<String, SecurityGroup> groupsByName() {
    return aws.ec2.describeSecurityGroups(b -> b.build()).securityGroups().stream()
        .collect(Collectors.toMap(SecurityGroup::groupName, g -> g, (a, b) -> a));
  }

  @Test
  @Order(2)
  void serverAdmitsPort80FromClientAndBastionOnly() {
    Map<String, SecurityGroup> groups = groupsByName();
    String server = groups.get("ecs-service-connect-local-server-service").groupId();
    String client = groups.get("ecs-service-connect-local-client-service").groupId();
    String bastion = groups.get("ecs-service-connect-local-bastion").groupId();
    List<SecurityGroupRule> ingress = aws.ec2.describeSecurityGroupRules(b -> b.filters(
            Filter.builder().name("group-id").values(server).build()))
        .securityGroupRules().stream().filter(r -> !r.isEgress()).toList();
    assertThat(ingress).hasSize(2).allSatisfy(r -> {
      assertThat(r.ipProtocol()).isEqualTo("tcp");
      assertThat(r.fromPort()).isEqualTo(80);
      assertThat(r.toPort()).isEqualTo(80);
      assertThat(r.cidrIpv4()).isNull();
    });
    assertThat(ingress).extracting(r -> r.referencedGroupInfo().groupId())
        .containsExactlyInAnyOrder(client, bastion);
  }

  @Test
  @Order(2)
  void nothingIsOpenToTheWorld() {
    List<SecurityGroupRule> all = aws.ec2.describeSecurityGroupRules(b -> b.build()).securityGroupRules();
    assertThat(all).filteredOn(r -> !r.isEgress())
        .noneMatch(r -> "0.0.0.0/0".equals(r.cidrIpv4()) || "::/0".equals(r.cidrIpv6()));
    Map<String, SecurityGroup> groups = groupsByName();
    String client = groups.get("ecs-service-connect-local-client-service").groupId();
    String bastion = groups.get("ecs-service-connect-local-bastion").groupId();
    assertThat(all).filteredOn(r -> !r.isEgress() && (r.groupId().equals(client) || r.groupId().equals(bastion)))
        .isEmpty();
  }

  private Instance bastion() {
    return aws.ec2.describeInstances(b -> b.filters(
            Filter.builder().name("tag:Name").values("bastion-host").build(),
            Filter.builder().name("instance-state-name").values("running").build()))
        .reservations().stream().flatMap(r -> r.instances().stream()).findFirst().orElseThrow();
  }

  @Test
  @Order(2)
  void bastionIsAnSsmManagedGravitonHostWithImdsv2InAPrivateSubnet() {
    Instance i = bastion();
    assertThat(i.instanceTypeAsString()).isEqualTo("t4g.medium");
    assertThat(i.metadataOptions().httpTokensAsString()).isEqualTo("required");
    assertThat(subnetNames().get(i.subnetId())).contains("-private-");
    assertThat(i.securityGroups()).extracting(g -> g.groupName()).containsExactly("ecs-service-connect-local-bastion");
    assertThat(i.publicIpAddress()).as("no public IP").isNull();
    assertThat(i.networkInterfaces()).singleElement().satisfies(nic -> {
      assertThat(nic.groups()).extracting(g -> g.groupName()).containsExactly("ecs-service-connect-local-bastion");
      assertThat(nic.association()).isNull();
    });
    String profileArn = i.iamInstanceProfile().arn();
    String profileName = profileArn.substring(profileArn.lastIndexOf('/') + 1);
    var roles = aws.iam.getInstanceProfile(b -> b.instanceProfileName(profileName)).instanceProfile().roles();
    assertThat(roles).singleElement().satisfies(role -> assertThat(
            aws.iam.listAttachedRolePolicies(b -> b.roleName(role.roleName())).attachedPolicies())
        .extracting(p -> p.policyArn())
        .containsExactly("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"));
  }

  @Test
  @Order(2)
  void stateLivesInTheS3Bucket() throws IOException {
    byte[] state = aws.s3.getObjectAsBytes(b -> b.bucket(config.state().bucket()).key(config.state().key()))
        .asByteArray();
    JsonNode json = JSON.readTree(state);
    assertThat(json.path("serial").asInt()).isPositive();
    assertThat(json.path("resources").size()).isGreaterThan(30);
    assertThat(aws.s3.getBucketVersioning(b -> b.bucket(config.state().bucket())).statusAsString())
        .isEqualTo("Enabled");
    // What the backend asked for on the write, as S3 recorded it: SSE-KMS with the bucket's key, not the SSE-S3
    // that encrypt = true alone asks for.
    var head = aws.s3.headObject(b -> b.bucket(config.state().bucket()).key(config.state().key()));
    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(head.ssekmsKeyId()).isEqualTo(StateBucket.KMS_KEY);
  }

  @Test
  @Order(3)
  void secondPlanChangesNothing() throws IOException {
    assertThat(differences(workflow, "second")).isEmpty();
  }

  /** Every difference a plan of {@code w} shows; its plan exit code must be 0 or 2. */
  private List<PlanDifferences.Difference> differences(Workflow w, String name) throws IOException {
    return emulator.planDifferences(w, name);
  }


  /** config/local.yaml plus a third service, worker, which the client now also calls: one added calls: entry. */
  static String withWorker(String localYaml) {
    String worker = """
          - name: worker
            serviceConnect:
              endpoints:
                - {portName: nginx, discoveryName: nginx-worker}

        bastion:""";
    String calls = "    calls: [nginx-server]\n";
    if (!localYaml.contains(calls) || !localYaml.contains("\nbastion:")) {
      throw new IllegalStateException("config/local.yaml changed shape; update withWorker");
    }
    return localYaml.replace(calls, "    calls: [nginx-server, nginx-worker]\n").replace("\nbastion:", "\n" + worker);
  }

  @Test
  @Order(4)
  void addingAServicePlansItAndRedeploysExactlyItsCaller() throws IOException {
    EnvironmentConfig three = ConfigLoader.parse(Fixtures.LOCAL,
        withWorker(Files.readString(Fixtures.LOCAL)));
    Workflow grown = emulator.workflow(three);
    Path planFile = work.resolve("grown.plan");
    assertThat(grown.plan(List.of("-out=" + planFile))).isEqualTo(2);
    Path serviceDir = work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    JsonNode plan = JSON.readTree(grown.terraform().capture(serviceDir, "show", "-json", planFile.toString())
        .stdout());
    List<PlanDifferences.Difference> changes = PlanDifferences.of(plan);

    assertThat(changes.stream().filter(d -> d.actions().equals(List.of("create")))
            .map(d -> d.address().replaceAll("_[0-9A-F]{8}$", "")).distinct())
        .containsExactlyInAnyOrder(
            "aws_security_group.Services_worker_SecurityGroup",
            "aws_vpc_security_group_egress_rule.Services_worker_EgressAll",
            "aws_ecs_service.Services_worker",
            "aws_vpc_security_group_ingress_rule.Services_worker_Ingress_client-service_nginx-worker",
            "terraform_data.Services_worker_PublishedProtocols");
    assertThat(changes.stream().filter(d -> !d.actions().equals(List.of("create"))))
        .as("besides the new service, only the caller changes, and only its redeploy trigger")
        .extracting(d -> d.address().replaceAll("_[0-9A-F]{8}$", ""), PlanDifferences.Difference::attribute,
            PlanDifferences.Difference::actions)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("aws_ecs_service.Services_client-service",
            "triggers", List.of("update")));

    assertThat(grown.deploy(false)).isZero();
    Service worker = aws.ecs.describeServices(b -> b.cluster(config.cluster().name()).services("worker"))
        .services().get(0);
    assertThat(worker.status()).isEqualTo("ACTIVE");
    String workerGroup = worker.networkConfiguration().awsvpcConfiguration().securityGroups().get(0);
    String clientGroup = aws.ecs.describeServices(b -> b.cluster(config.cluster().name()).services("client-service"))
        .services().get(0).networkConfiguration().awsvpcConfiguration().securityGroups().get(0);
    List<SecurityGroupRule> ingress = aws.ec2.describeSecurityGroupRules(b -> b.filters(
            Filter.builder().name("group-id").values(workerGroup).build())).securityGroupRules().stream()
        .filter(r -> !r.isEgress()).toList();
    assertThat(ingress).singleElement().satisfies(r -> {
      assertThat(r.fromPort()).isEqualTo(80);
      assertThat(r.toPort()).isEqualTo(80);
      assertThat(r.referencedGroupInfo().groupId()).isEqualTo(clientGroup);
    });
    assertThat(differences(grown, "grown-replan")).as("the plan after adding a service").isEmpty();
  }

  /** The Cloud Map services ECS keeps for the published endpoints of namespace {@code name}, with instance counts. */
  private Map<String, Integer> cloudMapServices(String name) {
    NamespaceSummary ns = aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces().stream()
        .filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    return aws.serviceDiscovery.listServices(b -> b.filters(f -> f.name("NAMESPACE_ID").values(ns.id()).condition("EQ")))
        .services().stream().collect(Collectors.toMap(s -> s.name(),
            s -> aws.serviceDiscovery.listInstances(b -> b.serviceId(s.id())).instances().size()));
  }

  @Test
  @Order(3)
  void serviceConnectIsStoredOnTheDeploymentWithItsCloudMapServices() {
    Service server = services().get("server-service");
    var deployment = server.deployments().get(0);
    assertThat(deployment.serviceConnectConfiguration().enabled()).isTrue();
    assertThat(deployment.serviceConnectConfiguration().services()).singleElement().satisfies(s -> {
      assertThat(s.portName()).isEqualTo("nginx");
      assertThat(s.discoveryName()).isEqualTo("nginx-server");
      assertThat(s.clientAliases()).singleElement().satisfies(a -> assertThat(a.port()).isEqualTo(80));
    });
    assertThat(deployment.serviceConnectResources()).extracting(r -> r.discoveryName())
        .containsExactly("nginx-server");
    assertThat(cloudMapServices("local")).isEqualTo(Map.of("nginx-server", 1, "nginx-client", 1));
    var cluster = aws.ecs.describeClusters(b -> b.clusters(config.cluster().name())).clusters().get(0);
    assertThat(cluster.serviceConnectDefaults().namespace()).startsWith("arn:aws:servicediscovery:")
        .endsWith(aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces().get(0).id());
  }

  @Test
  @Order(5)
  void renamingTheNamespaceMovesEveryServiceBeforeTheOldNamespaceGoes() throws IOException {
    // Cloud Map refuses to delete a namespace that still holds the services ECS created in it: the apply only
    // succeeds when the new namespace exists first and the ECS services have moved (Platform's create_before_destroy).
    String yaml = withWorker(Files.readString(Fixtures.LOCAL));
    assertThat(yaml).contains("namespace: local ");
    Workflow renamed = emulator.workflow(ConfigLoader.parse(Fixtures.LOCAL,
        yaml.replace("namespace: local ", "namespace: internal ")));
    assertThat(renamed.deploy(false)).isZero();
    assertThat(aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces()).extracting(NamespaceSummary::name)
        .containsExactly("internal");
    assertThat(cloudMapServices("internal"))
        .isEqualTo(Map.of("nginx-server", 1, "nginx-client", 1, "nginx-worker", 1));
  }

  @Test
  @Order(6)
  void changingAPublishedPortsProtocolReplacesItsServicesAndTheReviewSaysSo() throws IOException {
    // ECS refuses an UpdateService that changes a published port's appProtocol (the emulator too, with ECS's
    // text): the stack replaces those services instead (ConnectedService's PublishedProtocols).
    String yaml = withWorker(Files.readString(Fixtures.LOCAL)).replace("namespace: local ",
        "namespace: internal ");
    assertThat(yaml).contains("      appProtocol: http\n");
    Workflow http2 = emulator.workflow(ConfigLoader.parse(Fixtures.LOCAL,
        yaml.replace("      appProtocol: http\n", "      appProtocol: http2\n")));
    Path planFile = work.resolve("http2.plan");
    assertThat(http2.plan(List.of("-out=" + planFile))).isEqualTo(2);
    Path serviceDir = work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    StackPlan plan = StackPlan.parse(ServiceConnectStack.ID, 2, JSON.readTree(http2.terraform()
        .capture(serviceDir, "show", "-json", planFile.toString()).stdout()), "");
    assertThat(plan.changes().stream().filter(c -> c.type().equals("aws_ecs_service"))
            .filter(c -> c.action() == ResourceChange.Action.REPLACE).map(c -> c.after().path("name").asText()))
        .containsExactlyInAnyOrder("server-service", "client-service", "worker");
    assertThat(RiskRules.flags(plan)).filteredOn(f -> f.reason().contains("appProtocol")).hasSize(3)
        .allSatisfy(f -> assertThat(f.reason()).contains("{\"nginx\":\"http\"} -> {\"nginx\":\"http2\"}"));

    assertThat(http2.deploy(false)).isZero();
    for (Service s : aws.ecs.describeServices(b -> b.cluster(config.cluster().name())
        .services("server-service", "client-service", "worker")).services()) {
      TaskDefinition td = aws.ecs.describeTaskDefinition(b -> b.taskDefinition(s.taskDefinition())).taskDefinition();
      assertThat(td.containerDefinitions().get(0).portMappings()).singleElement()
          .satisfies(p -> assertThat(p.appProtocolAsString()).isEqualTo("http2"));
      assertThat(s.status()).isEqualTo("ACTIVE");
    }
    assertThat(differences(http2, "http2-replan")).as("the plan after the protocol change").isEmpty();
  }

  /**
   * The http2 config of the previous step with the worker taken out of Service Connect (and given its own task with
   * ephemeral storage and a volume) and the client no longer calling it, and the server's proxy logging
   * non-blocking.
   */
  static String withWorkerOutsideServiceConnect(String http2Yaml) {
    String worker = """
          - name: worker
            serviceConnect:
              endpoints:
                - {portName: nginx, discoveryName: nginx-worker}
        """;
    String outside = """
          - name: worker
            serviceConnect: none
            task:
              ephemeralStorageGiB: 30
              volumes: [tmp]
              containers:
                - name: app
                  image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                  readonlyRootFilesystem: true
                  mountPoints: [{volume: tmp, path: /tmp}]
        """;
    String calls = "    calls: [nginx-server, nginx-worker]\n";
    String serverLogs = "      logStreamPrefix: svccon-traffic-server\n";
    if (!http2Yaml.contains(worker) || !http2Yaml.contains(calls) || !http2Yaml.contains(serverLogs)) {
      throw new IllegalStateException("config/local.yaml changed shape; update withWorkerOutsideServiceConnect");
    }
    return http2Yaml.replace(worker, outside).replace(calls, "    calls: [nginx-server]\n")
        .replace(serverLogs, serverLogs + "      logs: {mode: non-blocking, maxBufferSize: 25m}\n");
  }

  /** The config of step 7: the worker outside Service Connect, the namespace renamed, the protocol http2. */
  private static String outsideYaml() throws IOException {
    return withWorkerOutsideServiceConnect(withWorker(Files.readString(Fixtures.LOCAL))
        .replace("namespace: local ", "namespace: internal ")
        .replace("      appProtocol: http\n", "      appProtocol: http2\n"));
  }

  @Test
  @Order(7)
  void takingAServiceOutOfServiceConnectUpdatesItInPlaceAndReplansClean() throws IOException {
    String yaml = outsideYaml();
    Workflow outside = emulator.workflow(ConfigLoader.parse(Fixtures.LOCAL, yaml));
    Path planFile = work.resolve("outside.plan");
    assertThat(outside.plan(List.of("-out=" + planFile))).isEqualTo(2);
    Path serviceDir = work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    StackPlan plan = StackPlan.parse(ServiceConnectStack.ID, 2, JSON.readTree(outside.terraform()
        .capture(serviceDir, "show", "-json", planFile.toString()).stdout()), "");
    assertThat(plan.changes().stream().filter(c -> c.type().equals("aws_ecs_service"))
            .collect(Collectors.toMap(c -> c.after().path("name").asText(), ResourceChange::action)))
        .as("the worker leaves Service Connect in place; the server's proxy logs and the client's calls change")
        .isEqualTo(Map.of("worker", ResourceChange.Action.UPDATE, "server-service", ResourceChange.Action.UPDATE,
            "client-service", ResourceChange.Action.UPDATE));

    assertThat(outside.deploy(false)).isZero();
    Map<String, Service> services = aws.ecs.describeServices(b -> b.cluster(config.cluster().name())
            .services("server-service", "worker"))
        .services().stream().collect(Collectors.toMap(Service::serviceName, s -> s));
    // ECS reports no Service Connect configuration on a deployment with it off (ext_ecs.py, as ECS)
    assertThat(services.get("worker").deployments().get(0).serviceConnectConfiguration()).isNull();
    assertThat(cloudMapServices("internal")).isEqualTo(Map.of("nginx-server", 1, "nginx-client", 1));
    TaskDefinition td = aws.ecs.describeTaskDefinition(b -> b.taskDefinition(services.get("worker")
        .taskDefinition())).taskDefinition();
    assertThat(td.ephemeralStorage().sizeInGiB()).isEqualTo(30);
    assertThat(td.volumes()).extracting(v -> v.name()).containsExactly("tmp");
    assertThat(td.containerDefinitions().get(0).mountPoints()).singleElement().satisfies(m -> {
      assertThat(m.sourceVolume()).isEqualTo("tmp");
      assertThat(m.containerPath()).isEqualTo("/tmp");
      assertThat(m.readOnly()).isFalse();
    });
    assertThat(services.get("server-service").deployments().get(0).serviceConnectConfiguration().logConfiguration()
        .options()).containsEntry("mode", "non-blocking").containsEntry("max-buffer-size", "25m");
    assertThat(differences(outside, "outside-replan")).as("the plan after leaving Service Connect").isEmpty();
  }

  @Test
  @Order(8)
  void turningKmsKeysOnAssociatesTheKeyWithTheLogGroupsInPlaceAndReplansClean() throws IOException {
    String off = "  kmsKeys: false ";
    String yaml = outsideYaml();
    assertThat(yaml).contains(off);
    EnvironmentConfig keyed = ConfigLoader.parse(Fixtures.LOCAL, yaml.replace(off, "  kmsKeys: true  "));
    Workflow on = emulator.workflow(keyed);
    Map<String, Long> created = aws.logs.describeLogGroups(b -> b.build()).logGroups().stream()
        .collect(Collectors.toMap(LogGroup::logGroupName, LogGroup::creationTime));
    assertThat(created).isNotEmpty();

    assertThat(on.deploy(false)).isZero();
    String alias = new Naming(keyed.environment(), keyed.tags()).logsKeyAlias();
    String key = aws.kms.describeKey(b -> b.keyId(alias)).keyMetadata().arn();
    List<LogGroup> groups = aws.logs.describeLogGroups(b -> b.build()).logGroups();
    assertThat(groups).allSatisfy(g -> assertThat(g.kmsKeyId()).as(g.logGroupName()).isEqualTo(key));
    // the same groups, not new ones: the provider associated the key in place (AssociateKmsKey, which moto 5.2.1
    // answered with HTTP 500 until ext_logs.py), as it does on AWS
    assertThat(groups.stream().collect(Collectors.toMap(LogGroup::logGroupName, LogGroup::creationTime)))
        .isEqualTo(created);
    assertThat(differences(on, "kms-replan")).as("the plan after turning kmsKeys on").isEmpty();
  }

  @Test
  @Order(9)
  void destroyLeavesTheEmulatorEmpty() {
    assertThat(workflow.destroy(false)).isZero();
    // moto keeps listing deleted clusters, as INACTIVE
    List<String> clusters = aws.ecs.listClusters(b -> b.build()).clusterArns();
    assertThat(clusters.isEmpty() ? List.<software.amazon.awssdk.services.ecs.model.Cluster>of()
        : aws.ecs.describeClusters(b -> b.clusters(clusters)).clusters())
        .allSatisfy(c -> assertThat(c.status()).isEqualTo("INACTIVE"));
    assertThat(aws.ecs.listTaskDefinitions(b -> b.status("ACTIVE")).taskDefinitionArns()).isEmpty();
    assertThat(aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces()).isEmpty();
    assertThat(aws.logs.describeLogGroups(b -> b.build()).logGroups()).isEmpty();
    assertThat(aws.ec2.describeVpcs(b -> b.build()).vpcs()).allSatisfy(v -> assertThat(v.isDefault()).isTrue());
    assertThat(aws.ec2.describeInstances(b -> b.build()).reservations().stream()
        .flatMap(r -> r.instances().stream()))
        .allSatisfy(i -> assertThat(i.state().name()).isEqualTo(InstanceStateName.TERMINATED));
    assertThat(aws.ec2.describeAddresses(b -> b.build()).addresses()).isEmpty();
    assertThat(aws.iam.listRoles(b -> b.build()).roles())
        .noneMatch(r -> r.roleName().startsWith("ecs-service-connect-"));
    assertThat(aws.iam.listInstanceProfiles(b -> b.build()).instanceProfiles()).isEmpty();
    assertThat(aws.s3.listBuckets().buckets()).isEmpty();
  }
}
