package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.plan.PlanDifferences;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.support.TemplateText;
import dev.svcconnect.tiers.EmulatorTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Deploys {@code topology/template-text.yaml} onto an emulator of its own, with a {@code file()} of a file only this
 * test writes in place of the fixture's {@code /etc/hostname}, and more alarm names: texts that look like escapes
 * already ({@code $${}, {@code %%{}), CDKTF's three token markers, a lone {@code $}, quotes, backslashes and
 * non-ASCII. Read back through the AWS SDK, every value is the literal text: the app's command, the health check's shell
 * {@code ${PORT}}, the readiness gate's CDKTF token marker, the alarm names, the bastion's Name tag and the
 * descriptions built from it. A re-plan shows no difference (AWS returns what Terraform wrote), and what the file
 * holds appears nowhere: not in AWS, the plan or the state (its outputs included).
 *
 * <p>Tags are not among them: IAM, like the emulator, refuses '$', '{', '%' and quotes in tag keys and values
 * ({@code [\p{L}\p{Z}\p{N}_.:/=+\-@]}, https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html), so the
 * schema refuses them too; that the constructs escape tags anyway is {@code LiteralValuesSynthTest}'s to show.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class LiteralValuesDeployIT {
  /** Texts Terraform's template reading could get wrong, deployed as alarm names after the fixture's two. */
  private static final List<String> ODD_TEXTS = List.of(
      "$${already escaped} and %%{this} and $$${both}",
      "${TfToken[TOKEN.0]} #{TfToken[TOKEN.1]} &{TfToken[TOKEN.2]}",
      "a lone $ and % and {} and a trailing $",
      "quotes \" and backslashes \\ and \\n",
      "\u00fcn\u00efc\u00f6d\u00e9 ${\u00fc} \u2713");

  private TestEmulator emulator;
  private EnvironmentConfig config;
  private Workflow workflow;
  private AwsClients aws;
  private int deployExitCode;
  /** What the local file holds: had Terraform evaluated file(), this would be in AWS. */
  private String secret;
  private String readLocalFile;

  @BeforeAll
  void deploy(TestEmulator emulator) throws IOException {
    this.emulator = emulator;
    secret = "secret-" + UUID.randomUUID();
    Path local = Files.writeString(emulator.work.resolve("local-file"), secret);
    readLocalFile = "${file(\"" + local + "\")}";
    String alarms = "names: ['${file(\"/etc/hostname\")}', '%{ for x in [1] }x%{ endfor }']";
    String fixture = Files.readString(TemplateText.FILE);
    assertThat(fixture).contains(alarms);
    // A JSON array is a YAML 1.2 flow sequence: every text quoted and escaped as JSON does it.
    List<String> names = new ArrayList<>(List.of(readLocalFile, TemplateText.LOOP));
    names.addAll(ODD_TEXTS);
    String text = fixture.replace(alarms, "names: " + new ObjectMapper().writeValueAsString(names))
        .replace(TemplateText.FILE_FUNCTION, readLocalFile);
    config = ConfigLoader.parse(TemplateText.FILE, text);
    workflow = emulator.workflow(config);
    aws = emulator.aws(config.target().region());
    deployExitCode = Execution.exitCode(() -> workflow.deploy(false));
  }

  private Service service() {
    return aws.service(config.cluster().name(), "web");
  }

  private List<ContainerDefinition> containers() {
    return aws.containers(config.cluster().name(), "web");
  }

  @Test
  @Order(1)
  void deployExitsZero() {
    assertThat(deployExitCode).isZero();
  }

  @Test
  @Order(2)
  void commandIsTheLiteralTextNotTheFilesContent() {
    assertThat(containers().get(0).command()).containsExactly(readLocalFile);
  }

  @Test
  @Order(2)
  void aFieldWrittenAsIsArrivesAsWritten() {
    assertThat(containers().get(0).workingDirectory()).isEqualTo("/" + readLocalFile);
  }

  @Test
  @Order(2)
  void healthCheckKeepsTheShellsVariable() {
    assertThat(containers().get(0).healthCheck().command()).containsExactly("CMD-SHELL",
        TemplateText.HEALTH_COMMAND);
  }

  @Test
  @Order(2)
  void cdktfTokenMarkerArrivesAsWritten() {
    assertThat(containers().get(1).command()).containsExactly("registry.example/${TfToken[TOKEN.0]}:1");
  }

  @Test
  @Order(2)
  void alarmNamesArriveAsWritten() {
    List<String> expected = new ArrayList<>(List.of(readLocalFile, TemplateText.LOOP));
    expected.addAll(ODD_TEXTS);
    // alarm_names is a set: Terraform sends them in its own order
    assertThat(service().deploymentConfiguration().alarms().alarmNames())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  @Order(2)
  void bastionNameTagAndDescriptionsAreTheLiteralText() {
    Instance bastion = aws.ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:Name")
            .values("${timestamp()}").build()))
        .reservations().stream().flatMap(r -> r.instances().stream()).findFirst().orElseThrow();
    assertThat(bastion.tags()).extracting(Tag::key, Tag::value).contains(tuple("Name", "${timestamp()}"));
    SecurityGroup group = aws.ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name")
        .values("ecs-service-connect-tmpl-bastion").build())).securityGroups().get(0);
    assertThat(group.description())
        .isEqualTo("Bastion ${timestamp()}: no ingress, reached through SSM Session Manager");
    assertThat(aws.iam.getRole(b -> b.roleName("ecs-service-connect-tmpl-bastion")).role().description())
        .isEqualTo("Lets SSM manage bastion ${timestamp()}");
  }

  @Test
  @Order(3)
  void aReplanIsCleanAndTheLocalFilesContentIsInNeitherAwsNorThePlanNorTheState() throws IOException {
    Path planFile = emulator.work.resolve("literal.plan");
    assertThat(workflow.plan(List.of("-out=" + planFile))).as("plan exit code (0 no changes, 2 changes)")
        .isIn(0, 2);
    Path serviceDir = emulator.work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    String plan = workflow.terraform().capture(serviceDir, "show", "-json", planFile.toString()).stdout();
    // What AWS returns is what Terraform wrote: no value read back differently, so no difference to plan
    assertThat(PlanDifferences.of(new ObjectMapper().readTree(plan))).isEmpty();
    // The state as JSON, its outputs included
    String state = workflow.terraform().capture(serviceDir, "show", "-json").stdout();

    // The literal text (naming the file) is in the plan and the state; what the file holds is not.
    assertThat(plan).contains("local-file").doesNotContain(secret);
    assertThat(state).contains("local-file").contains("\"outputs\"").doesNotContain(secret);
    assertThat(aws.ec2.describeTags(b -> b.maxResults(1000)).tags()).extracting(t -> t.key() + "=" + t.value())
        .noneMatch(t -> t.contains(secret));
  }
}
