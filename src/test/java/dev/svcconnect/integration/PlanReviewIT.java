package dev.svcconnect.integration;

import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.cli.Terraform;
import dev.svcconnect.cli.Workflow.Review;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.plan.PlanSummary;
import dev.svcconnect.plan.ResourceChange.Action;
import dev.svcconnect.plan.RiskRules;
import dev.svcconnect.plan.StackPlan;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.tiers.EmulatorTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plan review (./main plan --summary) fed with real plans against the emulator: a fresh create, a no-op, an
 * in-place update, a replacement, a security-group widening, drift, and a destroy. Each review is also written to
 * target/plan-reviews/ (docs/example-plan-summary.md is one of them).
 *
 * <p>Two of the reviews also save their plan ({@code ./main plan --summary FILE --out DIR}, what the deploy workflow
 * runs) and {@code ./main apply DIR} applies them (issue 20, "apply what was reviewed"): the fresh create's plan,
 * made before the deploy and the config change, is refused by Terraform's stale-plan check; the in-place update's
 * plan is applied, exactly, and then {@code ./main output -json} and {@code -raw} print the outputs alone.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class PlanReviewIT {
  private static final Path LOCAL = Fixtures.LOCAL;
  private static final Path REVIEWS = Path.of("target/plan-reviews");

  private static final String LOG_GROUP = "ecs-service-connect-sample";

  private TestEmulator emulator;
  private AwsClients aws;
  private String localYaml;
  /** The saved plan of the fresh create, made against an empty state. */
  private Path oldPlan;
  /** The saved plan of the in-place update, made after the deploy. */
  private Path freshPlan;

  @BeforeAll
  void start(TestEmulator emulator) throws IOException {
    this.emulator = emulator;
    aws = emulator.aws("us-east-1");
    localYaml = Files.readString(LOCAL);
    Files.createDirectories(REVIEWS);
  }

  @AfterAll
  void destroy() {
    emulator.workflow(ConfigLoader.load(LOCAL)).destroy(true);
  }

  private Workflow workflow(String from, String to) {
    assertThat(localYaml).contains(from);
    return emulator.workflow(ConfigLoader.parse(LOCAL, localYaml.replace(from, to)));
  }

  private Workflow defaults() {
    return emulator.workflow(ConfigLoader.load(LOCAL));
  }

  private static StackPlan stack(Review review, String id) {
    return review.plans().stream().filter(p -> p.stack().equals(id)).findFirst().orElseThrow();
  }

  private static List<String> reasons(StackPlan plan, String addressPrefix) {
    return RiskRules.flags(plan).stream().filter(f -> f.address().startsWith(addressPrefix))
        .map(RiskRules.Flag::reason).toList();
  }

  private static Review saved(String name, Review review) throws IOException {
    Files.writeString(REVIEWS.resolve(name + ".md"), review.markdown());
    assertThat(review.markdown()).startsWith(PlanSummary.MARKER)
        .hasSizeLessThanOrEqualTo(PlanSummary.COMMENT_BUDGET);
    return review;
  }

  /** What one in-process ./main run printed. */
  private record Run(int exitCode, String out, String err) {}

  /** {@code ./main ARGS} in this JVM, with this class's emulator, synthesizing into a directory of its own. */
  private Run main(String... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.util.Map<String, String> env = new java.util.HashMap<>(emulator.env);
    env.put("CDKTF_OUTDIR", emulator.work.resolve("cli-out").toString());
    env.put(dev.svcconnect.app.RunContext.CONFIG_VARIABLE, LOCAL.toString());
    int rc = dev.svcconnect.Main.run(args, env,
        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    Run run = new Run(rc, out.toString(java.nio.charset.StandardCharsets.UTF_8),
        err.toString(java.nio.charset.StandardCharsets.UTF_8));
    System.err.print(run.err()); // in the IT's report, as a subprocess's stderr would be
    return run;
  }

  private int retentionDays() {
    return aws.logs.describeLogGroups(b -> b.logGroupNamePrefix(LOG_GROUP)).logGroups().get(0).retentionInDays();
  }

  @Test
  @Order(1)
  void freshCreateCountsEveryResourceAsCreated() throws IOException {
    oldPlan = emulator.work.resolve("old-plan");
    Review review = saved("1-fresh-create", defaults().review(List.of(), java.util.Optional.of(oldPlan)));
    assertThat(oldPlan.resolve(dev.svcconnect.cli.SavedPlan.MANIFEST)).as("a complete saved plan").isRegularFile();
    StackPlan service = stack(review, ServiceConnectStack.ID);

    assertThat(review.exitCode()).isEqualTo(2);
    // 44: the walkthrough's 40, the VPC's adopted default security group (policy rule default-sg-restricted), the
    // task role's ECS Exec session-logging policy, and each publishing service's PublishedProtocols (terraform_data
    // that replaces the service when a published port's appProtocol changes)
    assertThat(service.count(Action.CREATE)).isEqualTo(44);
    assertThat(service.count(Action.UPDATE) + service.count(Action.REPLACE) + service.count(Action.DELETE)).isZero();
    assertThat(reasons(service, "aws_iam_role.TaskDefinition_TaskRole")).containsExactly("IAM create: role create");
    assertThat(reasons(service, "aws_ecs_service.Services_server-service"))
        .anySatisfy(r -> assertThat(r).startsWith("Service Connect endpoints change"));
    assertThat(review.markdown()).contains("44 to create, 0 to update, 0 to replace, 0 to destroy")
        .contains("Nothing is replaced or destroyed.");
  }

  @Test
  @Order(2)
  void noOpStackReportsNoChanges() throws IOException {
    assertThat(defaults().deploy(false)).isZero();
    Review review = saved("2-after-deploy", defaults().review(List.of()));
    StackPlan bootstrap = stack(review, StateBootstrapStack.ID);

    assertThat(bootstrap.exitCode()).isZero();
    assertThat(bootstrap.hasChanges()).isFalse();
    assertThat(RiskRules.flags(bootstrap)).isEmpty();
    assertThat(review.markdown()).contains("| `state-bootstrap` | 0 | 0 | 0 | 0 | 0 |");
    assertThat(stack(review, ServiceConnectStack.ID).hasChanges()).as("the service stack re-plans clean").isFalse();
  }

  @Test
  @Order(3)
  void inPlaceUpdateIsCountedAndNotFlagged() throws IOException {
    freshPlan = emulator.work.resolve("fresh-plan");
    Review review = saved("3-in-place-update",
        workflow("retentionDays: 30", "retentionDays: 60").review(List.of(), java.util.Optional.of(freshPlan)));
    StackPlan service = stack(review, ServiceConnectStack.ID);

    assertThat(service.changes()).filteredOn(c -> c.type().equals("aws_cloudwatch_log_group"))
        .singleElement().satisfies(c -> {
          assertThat(c.action()).isEqualTo(Action.UPDATE);
          assertThat(c.after().path("retention_in_days").asInt()).isEqualTo(60);
        });
    assertThat(reasons(service, "aws_cloudwatch_log_group")).isEmpty();
    assertThat(service.count(Action.REPLACE)).as("nothing is replaced").isZero();
  }

  @Test
  @Order(4)
  void namespaceReplacementAndAliasChangesAreFlagged() throws IOException {
    Review review = saved("4-replacement",
        workflow("namespace: local ", "namespace: internal ").review(List.of()));
    StackPlan service = stack(review, ServiceConnectStack.ID);

    assertThat(service.changes()).filteredOn(c -> c.type().equals("aws_service_discovery_http_namespace"))
        .singleElement().satisfies(c -> {
          assertThat(c.action()).isEqualTo(Action.REPLACE);
          assertThat(c.replacePaths()).containsExactly("name");
        });
    assertThat(reasons(service, "aws_service_discovery_http_namespace")).singleElement().satisfies(r ->
        assertThat(r).startsWith("replace (forced by name): every Service Connect service in it loses"));
    assertThat(reasons(service, "aws_ecs_service.Services_client-service"))
        .anySatisfy(r -> assertThat(r).startsWith("Service Connect endpoints change"));
    assertThat(review.markdown()).contains("| `service-connect` | `aws_service_discovery_http_namespace."
        + service.changes().stream().filter(c -> c.type().equals("aws_service_discovery_http_namespace"))
            .findFirst().orElseThrow().address().substring("aws_service_discovery_http_namespace.".length())
        + "` | replace | `name` |");
  }

  @Test
  @Order(5)
  void applyRefusesTheStalePlanAndAppliesTheReviewedOneExactly() {
    // planned before the deploy (and the config changes since): Terraform's own check refuses the old plan
    Run stale = main("apply", oldPlan.toString());
    assertThat(stale.exitCode()).as(stale.err()).isEqualTo(1);
    assertThat(stale.err()).contains("Saved plan is stale")
        .startsWith("main apply: environment local, local emulator at " + emulator.endpoint + ", region us-east-1,"
            + " saved plan " + oldPlan);
    assertThat(stale.out()).as("no result: nothing was applied").doesNotContain("Apply complete!");
    assertThat(retentionDays()).as("the deployed log group, untouched").isEqualTo(30);

    // the plan that was reviewed last is applied as reviewed: the one change it shows, and nothing else
    Run applied = main("apply", freshPlan.toString());
    assertThat(applied.exitCode()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("Apply complete! Resources: 0 added, 1 changed, 0 destroyed.")
        .doesNotContain("Initializing").doesNotContain("main apply:");
    assertThat(applied.err()).contains("Initializing the backend");
    assertThat(retentionDays()).isEqualTo(60);

    // a saved plan applies once: the state it was made against is gone now
    Run again = main("apply", freshPlan.toString());
    assertThat(again.exitCode()).as(again.err()).isEqualTo(1);
    assertThat(again.err()).contains("Saved plan is stale");
  }

  @Test
  @Order(6)
  void outputPrintsTheOutputsAloneWithTerraformsOwnOptions() throws IOException {
    Run json = main("output", "-json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode outputs = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(json.out());
    assertThat(outputs.path("cluster_name").path("value").asText()).isEqualTo("ecs-service-connector-sample-cluster");
    assertThat(json.err()).as("synth and init chatter go to stderr").contains("Synthesized ")
        .contains("Initializing the backend");

    Run raw = main("output", "-raw", "cluster_name");
    assertThat(raw.exitCode()).as(raw.err()).isZero();
    assertThat(raw.out()).as("exactly the value, as terraform output -raw prints it")
        .isEqualTo("ecs-service-connector-sample-cluster");
  }

  @Test
  @Order(7)
  void securityGroupWideningIsFlagged() throws IOException {
    Workflow workflow = defaults();
    Path dir = workflow.synth().serviceDir();
    // a hand-written rule beside the synthesized stack, as a careless change would add one
    Files.writeString(dir.resolve("widen.tf.json"), """
        {"resource": {"aws_vpc_security_group_ingress_rule": {"widen": {
          "security_group_id": "${aws_security_group.Services_server-service_SecurityGroup_DDCB63F9.id}",
          "ip_protocol": "tcp", "from_port": 80, "to_port": 80, "cidr_ipv4": "0.0.0.0/0"}}}}
        """);
    try {
      Terraform tf = workflow.terraform();
      assertThat(tf.run(dir, "init", "-input=false", "-reconfigure")).isZero();
      StackPlan plan = Workflow.planStack(tf, dir, ServiceConnectStack.ID, List.of());
      Files.writeString(REVIEWS.resolve("5-sg-widening.md"), PlanSummary.render("widening", List.of(plan)));

      assertThat(reasons(plan, "aws_vpc_security_group_ingress_rule.widen"))
          .containsExactly("ingress admits 0.0.0.0/0 on tcp 80 — open to the internet");
    } finally {
      Files.delete(dir.resolve("widen.tf.json"));
    }
  }

  @Test
  @Order(8)
  void driftIsFlagged() throws IOException {
    aws.logs.putRetentionPolicy(b -> b.logGroupName(LOG_GROUP).retentionInDays(90));
    // the config last applied: the in-place update's (applyRefusesTheStalePlanAndAppliesTheReviewedOneExactly)
    Review review = saved("6-drift", workflow("retentionDays: 30", "retentionDays: 60").review(List.of()));
    StackPlan service = stack(review, ServiceConnectStack.ID);

    assertThat(service.drift()).filteredOn(d -> d.type().equals("aws_cloudwatch_log_group")).singleElement()
        .satisfies(d -> assertThat(d.attributes()).containsExactly("retention_in_days"));
    assertThat(reasons(service, "aws_cloudwatch_log_group"))
        .containsExactly("drift: retention_in_days changed outside Terraform since the last apply");
    assertThat(service.changes()).filteredOn(c -> c.type().equals("aws_cloudwatch_log_group"))
        .singleElement().satisfies(c -> assertThat(c.action()).isEqualTo(Action.UPDATE));
  }

  @Test
  @Order(9)
  void destroyFlagsEveryStatefulResource() throws IOException {
    Review review = saved("7-destroy", defaults().review(List.of("-destroy")));
    StackPlan service = stack(review, ServiceConnectStack.ID);

    assertThat(service.count(Action.DELETE)).isEqualTo(44);
    assertThat(service.count(Action.CREATE) + service.count(Action.UPDATE)).isZero();
    for (String type : List.of("aws_ecs_service.Services_server-service", "aws_ecs_cluster",
        "aws_service_discovery_http_namespace", "aws_cloudwatch_log_group", "aws_vpc")) {
      assertThat(reasons(service, type)).as(type).anySatisfy(r -> assertThat(r).startsWith("destroy: "));
    }
    assertThat(reasons(service, "aws_ecs_task_definition")).containsExactly("destroy of task definition family nginx");
    assertThat(stack(review, StateBootstrapStack.ID).changes())
        .filteredOn(c -> c.type().equals("aws_s3_bucket")).singleElement()
        .satisfies(c -> assertThat(c.action()).isEqualTo(Action.DELETE));
    assertThat(reasons(stack(review, StateBootstrapStack.ID), "aws_s3_bucket."))
        .anySatisfy(r -> assertThat(r).contains("Terraform state"));
  }
}
