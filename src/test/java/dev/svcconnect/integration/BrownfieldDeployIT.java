package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.plan.PlanDifferences;
import dev.svcconnect.report.Reachability;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.target.EmulatorGap;
import dev.svcconnect.tiers.EmulatorTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;

/**
 * Brownfield on the emulator: a network (a VPC with private and public subnets in two availability zones), an ECS
 * cluster and two Cloud Map namespaces are created first through the AWS SDK, standing for another team's stack;
 * {@code topology/brownfield.yaml}, its made-up ids replaced by theirs, then deploys into them. The services run in
 * that cluster and those subnets, their groups live in that VPC, each service joins its namespace by ARN; a re-plan
 * is clean apart from listed gaps ({@link EmulatorGap}); the reachability report of what was deployed finds the
 * declared call reachable and the other namespace cut off; and destroy removes what the stack created while the
 * VPC, subnets, cluster and namespaces are still there, as they were.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class BrownfieldDeployIT {
  private static final Path FIXTURE = Path.of("src/test/resources/topology/brownfield.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REGION = "us-east-1";

  private TestEmulator emulator;
  private AwsClients aws;
  private EnvironmentConfig config;
  private Workflow workflow;
  private int deployExitCode;
  private String vpcId;
  private List<String> privateSubnets;
  private List<String> publicSubnets;
  private String clusterArn;
  private String shopNamespace;
  private String edgeNamespace;

  @BeforeAll
  void deploy(TestEmulator emulator) throws IOException {
    this.emulator = emulator;
    aws = emulator.aws(REGION);
    // The other team's network, cluster and namespaces
    vpcId = aws.ec2.createVpc(b -> b.cidrBlock("10.30.0.0/16")).vpc().vpcId();
    privateSubnets = List.of(subnet("10.30.10.0/24", "us-east-1a"), subnet("10.30.11.0/24", "us-east-1b"));
    publicSubnets = List.of(subnet("10.30.0.0/24", "us-east-1a"), subnet("10.30.1.0/24", "us-east-1b"));
    clusterArn = aws.ecs.createCluster(b -> b.clusterName("shared")).cluster().clusterArn();
    shopNamespace = namespace("shop.internal");
    edgeNamespace = namespace("edge.internal");

    String text = Files.readString(FIXTURE)
        .replace("vpc-0123456789abcdef0", vpcId)
        .replace("[subnet-0123456789abcdef0, subnet-0123456789abcdef1]", String.join(", ", privateSubnets)
            .transform(s -> "[" + s + "]"))
        .replace("[subnet-0123456789abcdef2, subnet-0123456789abcdef3]", String.join(", ", publicSubnets)
            .transform(s -> "[" + s + "]"))
        .replace("arn:aws:ecs:us-east-1:111122223333:cluster/shared", clusterArn)
        .replace("arn:aws:servicediscovery:us-east-1:111122223333:namespace/ns-abcdef0123456789", shopNamespace)
        .replace("arn:aws:servicediscovery:us-east-1:444455556666:namespace/ns-0123456789abcdef", edgeNamespace);
    config = ConfigLoader.parse(FIXTURE, text);
    assertThat(config.network().existing().orElseThrow().vpcId()).isEqualTo(vpcId);
    workflow = emulator.workflow(config);
    deployExitCode = Execution.exitCode(() -> workflow.deploy(false));
  }

  private String subnet(String cidr, String zone) {
    return aws.ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId();
  }

  /** Creates an HTTP namespace (the emulator completes the operation at once) and returns its ARN. */
  private String namespace(String name) {
    aws.serviceDiscovery.createHttpNamespace(b -> b.name(name));
    return namespaces().get(name);
  }

  private Map<String, String> namespaces() {
    return aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces().stream()
        .collect(java.util.stream.Collectors.toMap(NamespaceSummary::name, NamespaceSummary::arn));
  }

  private Service service(String name) {
    return aws.ecs.describeServices(b -> b.cluster(clusterArn).services(name)).services().get(0);
  }

  @Test
  @Order(1)
  void deployExitsZero() {
    assertThat(deployExitCode).isZero();
  }

  @Test
  @Order(2)
  void servicesRunInTheExistingClusterSubnetsAndNamespaces() {
    for (String name : List.of("orders", "checkout", "web")) {
      Service s = service(name);
      assertThat(s.clusterArn()).as(name).isEqualTo(clusterArn);
      // The provider's network_configuration.subnets is a set: it sends them in its own order, which is no fact of
      // the stack (the order of privateSubnets passed by chance until a run drew other ids).
      assertThat(s.networkConfiguration().awsvpcConfiguration().subnets()).as(name)
          .containsExactlyInAnyOrderElementsOf(privateSubnets);
      assertThat(s.deployments().get(0).serviceConnectConfiguration().namespace()).as(name)
          .isEqualTo(name.equals("web") ? edgeNamespace : shopNamespace);
    }
    List<SecurityGroup> groups = aws.ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name")
        .values("ecs-service-connect-brownfield-*").build())).securityGroups();
    assertThat(groups).hasSize(4).allSatisfy(g -> assertThat(g.vpcId()).isEqualTo(vpcId));
  }

  @Test
  @Order(2)
  void aReplanIsCleanApartFromListedGaps() throws IOException {
    Path planFile = emulator.work.resolve("brownfield.plan");
    assertThat(workflow.plan(List.of("-out=" + planFile))).as("plan exit code (0 no changes, 2 changes)")
        .isIn(0, 2);
    Path serviceDir = emulator.work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    JsonNode plan = JSON.readTree(workflow.terraform().capture(serviceDir, "show", "-json", planFile.toString())
        .stdout());
    assertThat(PlanDifferences.of(plan)).allSatisfy(d -> assertThat(EmulatorGap.planDifferences())
        .anyMatch(g -> d.type().equals(g.entry().resourceType()) && d.attribute().equals(g.entry().attribute())));
  }

  @Test
  @Order(2)
  void theReportOfWhatWasDeployedReasonsPerNamespace() throws IOException {
    Path stack = emulator.work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID).resolve("cdk.tf.json");
    Reachability r = Reachability.of(ServiceConnectStack.ID, JSON.readTree(stack.toFile()));
    assertThat(r.path("checkout", "orders").orElseThrow().verdict()).isEqualTo(Reachability.Verdict.REACHABLE);
    assertThat(r.path("web", "orders").orElseThrow().verdict()).isEqualTo(Reachability.Verdict.UNREACHABLE);
    assertThat(r.path("web", "orders").orElseThrow().nameReason())
        .endsWith("Service Connect aliases resolve only within their namespace");
    assertThat(r.path("bastion-host", "orders").orElseThrow().verdict())
        .isEqualTo(Reachability.Verdict.ADDRESS_ONLY);
  }

  @Test
  @Order(3)
  void destroyLeavesWhatTheStackDidNotCreate() {
    assertThat(workflow.destroy(false)).isZero();
    // moto keeps listing deleted services, as INACTIVE
    assertThat(aws.ecs.describeServices(b -> b.cluster(clusterArn).services("orders", "checkout", "web"))
        .services()).allSatisfy(s -> assertThat(s.status()).isEqualTo("INACTIVE"));
    assertThat(aws.ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("vpc-id").values(vpcId)
        .build())).securityGroups()).allSatisfy(g -> assertThat(g.groupName()).isEqualTo("default"));
    // What the stack did not create is still there
    assertThat(aws.ec2.describeVpcs(b -> b.vpcIds(vpcId)).vpcs()).singleElement()
        .satisfies(v -> assertThat(v.cidrBlock()).isEqualTo("10.30.0.0/16"));
    assertThat(aws.ec2.describeSubnets(b -> b.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
        .subnets()).extracting(s -> s.subnetId())
        .containsExactlyInAnyOrderElementsOf(List.of(privateSubnets.get(0), privateSubnets.get(1),
            publicSubnets.get(0), publicSubnets.get(1)));
    assertThat(aws.ecs.describeClusters(b -> b.clusters(clusterArn)).clusters()).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo("ACTIVE"));
    assertThat(namespaces()).containsEntry("shop.internal", shopNamespace)
        .containsEntry("edge.internal", edgeNamespace);
  }
}
