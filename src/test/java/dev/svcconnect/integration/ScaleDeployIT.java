package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.plan.PlanDifferences;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.scale.ScaleTopology;
import dev.svcconnect.tiers.EmulatorTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Scale: 50 client-server services calling each other (a fan-out tree plus one shared service, see
 * {@link ScaleTopology}) deploy onto the emulator with exactly the derived security-group rules, then destroy
 * cleanly.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class ScaleDeployIT {
  private static final int SERVICES = 50;

  private TestEmulator emulator;
  private EnvironmentConfig config;
  private Workflow workflow;
  private AwsClients aws;
  private int deployExitCode;

  @BeforeAll
  void deploy(TestEmulator emulator) {
    this.emulator = emulator;
    config = ConfigLoader.parse(Path.of("scale-50.yaml"), ScaleTopology.yaml(SERVICES, "scale", "scale-tfstate"));
    workflow = emulator.workflow(config);
    aws = emulator.aws(config.target().region());
    // the exit code ./main deploy would end with: a failed terraform run throws TerraformFailure
    deployExitCode = Execution.exitCode(() -> workflow.deploy(false));
  }

  private List<Service> services() {
    List<String> names = IntStream.range(0, SERVICES).mapToObj(ScaleTopology::name).toList();
    List<Service> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i += 10) { // DescribeServices takes at most 10 at a time
      List<String> batch = names.subList(i, Math.min(i + 10, names.size()));
      out.addAll(aws.ecs.describeServices(b -> b.cluster(config.cluster().name()).services(batch)).services());
    }
    return out;
  }

  @Test
  @Order(1)
  void allFiftyServicesAreDeployed() {
    assertThat(deployExitCode).isZero();
    assertThat(services()).hasSize(SERVICES).allSatisfy(s -> assertThat(s.status()).isEqualTo("ACTIVE"));
  }

  @Test
  @Order(2)
  void eachServiceAdmitsExactlyItsCallers() {
    Map<String, Service> byName = services().stream().collect(Collectors.toMap(Service::serviceName,
        Function.identity()));
    Function<String, String> groupOf = name -> byName.get(name).networkConfiguration().awsvpcConfiguration()
        .securityGroups().get(0);
    for (int callee = 0; callee < SERVICES; callee++) {
      String name = ScaleTopology.name(callee);
      List<String> expected = new ArrayList<>();
      for (int caller = 0; caller < SERVICES; caller++) {
        if (ScaleTopology.calls(caller, SERVICES).contains(name)) {
          expected.add(groupOf.apply(ScaleTopology.name(caller)));
        }
      }
      String group = groupOf.apply(name);
      List<SecurityGroupRule> ingress = aws.ec2.describeSecurityGroupRules(b -> b.filters(
              Filter.builder().name("group-id").values(group).build())).securityGroupRules().stream()
          .filter(r -> !r.isEgress()).toList();
      if (config.bastion().reaches().contains(name)) {
        expected.add(bastionGroup());
      }
      List<String> admitted = ingress.stream().map(r -> r.referencedGroupInfo().groupId()).toList();
      assertThat(admitted).as("groups admitted by %s", name).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(ingress).as("ports of %s", name).allSatisfy(r -> {
        assertThat(r.fromPort()).isEqualTo(80);
        assertThat(r.toPort()).isEqualTo(80);
      });
    }
  }

  /** The bastion's security group, by name. */
  private String bastionGroup() {
    String name = "ecs-service-connect-" + config.environment() + "-bastion";
    return aws.ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values(name).build()))
        .securityGroups().get(0).groupId();
  }

  @Test
  @Order(3)
  void rePlanChangesNothing() throws IOException {
    Path planFile = emulator.work.resolve("second.plan");
    assertThat(workflow.plan(List.of("-out=" + planFile))).as("plan exit code (0 no changes)").isZero();
    Path serviceDir = emulator.work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    JsonNode plan = new ObjectMapper().readTree(workflow.terraform().capture(serviceDir, "show", "-json",
        planFile.toString()).stdout());
    assertThat(PlanDifferences.of(plan)).isEmpty();
  }

  @Test
  @Order(4)
  void destroyLeavesNoService() {
    assertThat(workflow.destroy(false)).isZero();
    // moto keeps listing deleted services, as INACTIVE
    assertThat(services()).allSatisfy(s -> assertThat(s.status()).isEqualTo("INACTIVE"));
    assertThat(aws.ec2.describeSecurityGroups(b -> b.build()).securityGroups())
        .allSatisfy(g -> assertThat(g.groupName()).isEqualTo("default"));
    assertThat(aws.s3.listBuckets().buckets()).isEmpty();
  }
}
