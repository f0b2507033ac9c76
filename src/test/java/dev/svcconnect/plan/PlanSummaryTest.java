package dev.svcconnect.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rendering, trimming and exit codes of the plan review; the emulator-fed cases are in PlanReviewIT. */
@UnitTier
class PlanSummaryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static StackPlan plan(int exitCode, String changesJson, String text) {
    return StackPlan.parse("service-connect", exitCode, json("{'resource_changes': " + changesJson + "}"), text);
  }

  private static final String NO_OP = "[{'address': 'aws_vpc.Network', 'type': 'aws_vpc', 'change': {"
      + "'actions': ['no-op'], 'before': {'cidr_block': '10.0.0.0/16'}, 'after': {'cidr_block': '10.0.0.0/16'}}}]";

  @Test
  void noChangesExitZeroAndSayNoChanges() {
    StackPlan p = plan(0, NO_OP, "No changes.");
    String md = PlanSummary.render("Plan", List.of(p));

    assertThat(PlanSummary.exitCode(List.of(p))).isZero();
    assertThat(md).startsWith(PlanSummary.MARKER + "\n## Plan: no changes\n");
    assertThat(md).contains("| `service-connect` | 0 | 0 | 0 | 0 | 0 |").contains("### Risks (0)");
  }

  @Test
  void failsWhenAnyStackFailed() {
    StackPlan failed = StackPlan.failed("state-bootstrap", 1, "Error: no credentials");
    List<StackPlan> plans = List.of(failed, plan(2, NO_OP, ""));

    assertThat(PlanSummary.exitCode(plans)).isEqualTo(1);
    assertThat(PlanSummary.render("Plan", plans)).contains("## Plan: plan failed")
        .contains("| `state-bootstrap` | **plan failed (exit 1)** |").contains("Error: no credentials");
  }

  @Test
  void vpcReplacementIsListedAndFlaggedWithItsCause() {
    StackPlan p = plan(2, "[{'address': 'aws_vpc.Network', 'type': 'aws_vpc', 'change': {"
        + "'actions': ['delete', 'create'], 'before': {'cidr_block': '10.0.0.0/16'},"
        + " 'after': {'cidr_block': '10.1.0.0/16'}, 'replace_paths': [['cidr_block']]}}]", "");
    String md = PlanSummary.render("Plan", List.of(p));

    assertThat(RiskRules.flags(p)).extracting(RiskRules.Flag::reason)
        .containsExactly("replace (forced by cidr_block): everything in the network is replaced with it");
    assertThat(md).contains("0 to create, 0 to update, 1 to replace, 0 to destroy")
        .contains("| `service-connect` | `aws_vpc.Network` | replace | `cidr_block` |")
        .contains("| `service-connect` | `aws_vpc` | 0 | 0 | 1 | 0 |");
  }

  @Test
  void ecrRepositoryReplacedForItsEncryptionIsFlaggedWithWhatBlocksIt() {
    // security.kmsKeys turned on: the repository's encryption_configuration forces a new one
    StackPlan p = plan(2, "[{'address': 'aws_ecr_repository.R', 'type': 'aws_ecr_repository', 'change': {"
        + "'actions': ['delete', 'create'], 'before': {'encryption_configuration': [{'encryption_type': 'AES256',"
        + " 'kms_key': ''}]}, 'after': {'encryption_configuration': [{'encryption_type': 'KMS'}]},"
        + " 'replace_paths': [['encryption_configuration']]}}]", "");

    assertThat(RiskRules.flags(p)).extracting(RiskRules.Flag::reason).containsExactly("replace (forced by"
        + " encryption_configuration): its images go with it; while it holds any, ECR refuses"
        + " (RepositoryNotEmptyException) and the apply stops there: copy the images out and delete them first, then"
        + " push them again");
  }

  @Test
  void ecrRepositoryUpdatedInPlaceIsNotFlagged() {
    StackPlan p = plan(2, "[{'address': 'aws_ecr_repository.R', 'type': 'aws_ecr_repository', 'change': {"
        + "'actions': ['update'], 'before': {'image_scanning_configuration': [{'scan_on_push': true}]},"
        + " 'after': {'image_scanning_configuration': [{'scan_on_push': false}]}}}]", "");

    assertThat(RiskRules.flags(p)).isEmpty();
  }

  @Test
  void taskDefinitionRevisionIsNotFlaggedButAFamilyChangeIs() {
    String revision = "[{'address': 'aws_ecs_task_definition.T', 'type': 'aws_ecs_task_definition', 'change': {"
        + "'actions': ['delete', 'create'], 'before': {'family': 'nginx'}, 'after': {'family': 'nginx'}}}]";
    assertThat(RiskRules.flags(plan(2, revision, ""))).isEmpty();
    assertThat(RiskRules.flags(plan(2, revision.replace("'after': {'family': 'nginx'}",
        "'after': {'family': 'web'}"), ""))).extracting(RiskRules.Flag::reason)
        .containsExactly("task definition family changes from nginx to web");
  }

  @Test
  void ruleAdmittingAPrivateRangeIsFlaggedWithoutTheInternetWarning() {
    StackPlan p = plan(2, "[{'address': 'aws_vpc_security_group_ingress_rule.r',"
        + " 'type': 'aws_vpc_security_group_ingress_rule', 'change': {'actions': ['create'], 'before': null,"
        + " 'after': {'cidr_ipv4': '10.0.0.0/8', 'ip_protocol': 'tcp', 'from_port': 80, 'to_port': 81}}}]", "");
    assertThat(RiskRules.flags(p)).extracting(RiskRules.Flag::reason)
        .containsExactly("ingress admits 10.0.0.0/8 on tcp 80-81");
  }

  @Test
  void ruleReferencingAGroupIsNotFlagged() {
    StackPlan p = plan(2, "[{'address': 'aws_vpc_security_group_ingress_rule.r',"
        + " 'type': 'aws_vpc_security_group_ingress_rule', 'change': {'actions': ['create'], 'before': null,"
        + " 'after': {'referenced_security_group_id': 'sg-1', 'ip_protocol': 'tcp', 'from_port': 80,"
        + " 'to_port': 80}}}]", "");
    assertThat(RiskRules.flags(p)).isEmpty();
  }

  @Test
  void aPublishedPortsProtocolChangeIsFlaggedAsAReplacementButItsFirstCreationIsNot() {
    String change = "[{'address': 'terraform_data.P', 'type': 'terraform_data', 'change': {"
        + "'actions': ['update'], 'before': {'input': {'nginx': 'http'}}, 'after': {'input': {'nginx': 'grpc'}}}}]";
    assertThat(RiskRules.flags(plan(2, change, ""))).extracting(RiskRules.Flag::reason)
        .containsExactly("the appProtocol of a published port changes ({\"nginx\":\"http\"} -> {\"nginx\":\"grpc\"}):"
            + " ECS cannot change it in place, so the service is replaced; its tasks stop and callers lose its"
            + " endpoints until the new one runs");
    assertThat(RiskRules.flags(plan(2, change.replace("'actions': ['update'], 'before': {'input': {'nginx': 'http'}}",
        "'actions': ['create'], 'before': null"), ""))).isEmpty();
  }

  @Test
  void trustPolicyChangeIsFlagged() {
    StackPlan p = plan(2, "[{'address': 'aws_iam_role.r', 'type': 'aws_iam_role', 'change': {"
        + "'actions': ['update'], 'before': {'assume_role_policy': 'a'}, 'after': {'assume_role_policy': 'b'}}}]", "");
    assertThat(RiskRules.flags(p)).extracting(RiskRules.Flag::reason)
        .containsExactly("IAM update: trust policy changes");
  }

  @Test
  void driftOnlyCountsWhenThePlanRevertsOrUsesIt() {
    JsonNode show = json("{'resource_changes': [{'address': 'aws_cloudwatch_log_group.l',"
        + " 'type': 'aws_cloudwatch_log_group', 'change': {'actions': ['update'],"
        + " 'before': {'retention_in_days': 90, 'tags': {}}, 'after': {'retention_in_days': 30, 'tags': {}}}}],"
        + " 'resource_drift': [{'address': 'aws_cloudwatch_log_group.l', 'type': 'aws_cloudwatch_log_group',"
        + " 'change': {'actions': ['update'], 'before': {'retention_in_days': 30, 'tags': null},"
        + " 'after': {'retention_in_days': 90, 'tags': {}}}}]}");
    StackPlan p = StackPlan.parse("service-connect", 2, show, "");

    assertThat(p.drift()).singleElement()
        .satisfies(d -> assertThat(d.attributes()).containsExactly("retention_in_days"));
    assertThat(RiskRules.flags(p)).extracting(RiskRules.Flag::reason)
        .containsExactly("drift: retention_in_days changed outside Terraform since the last apply");
  }

  /** A fresh account: the service is created after its network and roles, which the review spells out. */
  @Test
  void applyOrderCountsWhatEachCreatedWorkloadIsAppliedAfter() {
    JsonNode show = json("{'resource_changes': ["
        + "{'address': 'aws_ecs_service.client', 'type': 'aws_ecs_service', 'change': {'actions': ['create'],"
        + " 'before': null, 'after': {}}},"
        + "{'address': 'aws_ecs_service.server', 'type': 'aws_ecs_service', 'change': {'actions': ['no-op'],"
        + " 'before': {}, 'after': {}}}],"
        + " 'configuration': {'root_module': {'resources': ["
        + "{'address': 'aws_ecs_service.client', 'depends_on': ['aws_ecs_service.server', 'aws_route.private'],"
        + " 'expressions': {'task_definition': {'references': ['aws_ecs_task_definition.td.arn',"
        + " 'aws_ecs_task_definition.td']}, 'network_configuration': [{'subnets': {'references':"
        + " ['aws_subnet.a.id', 'aws_subnet.a']}}]}},"
        + "{'address': 'aws_ecs_service.server', 'depends_on': ['aws_route.private'], 'expressions': {}},"
        + "{'address': 'aws_route.private', 'expressions': {'nat_gateway_id': {'references':"
        + " ['aws_nat_gateway.n.id', 'aws_nat_gateway.n']}}},"
        + "{'address': 'aws_nat_gateway.n', 'expressions': {}},"
        + "{'address': 'aws_ecs_task_definition.td', 'expressions': {'execution_role_arn': {'references':"
        + " ['aws_iam_role.x.arn', 'aws_iam_role.x']}}},"
        + "{'address': 'aws_subnet.a', 'expressions': {'availability_zone': {'references':"
        + " ['data.aws_availability_zones.z.names', 'data.aws_availability_zones.z']}}}]}}}");
    StackPlan p = StackPlan.parse("service-connect", 2, show, "");

    assertThat(p.applyOrder()).singleElement().satisfies(o -> {
      assertThat(o.address()).isEqualTo("aws_ecs_service.client");
      assertThat(o.after()).containsExactly(entry("aws_ecs_service", 1L), entry("aws_ecs_task_definition", 1L),
          entry("aws_iam_role", 1L), entry("aws_nat_gateway", 1L), entry("aws_route", 1L), entry("aws_subnet", 1L));
    });
    assertThat(PlanSummary.render("Plan", List.of(p))).contains("### Apply order (1)")
        .contains("| `service-connect` | `aws_ecs_service.client` | 1 route, 1 NAT gateway, 1 ECS service |");
  }

  @Test
  void applyOrderSaysSoWhenNoWorkloadChanges() {
    assertThat(PlanSummary.render("Plan", List.of(plan(0, NO_OP, ""))))
        .contains("### Apply order (0)\n\nNo service, instance or flow log is created or changed.");
  }

  /** The circuit breaker rolled the last deployment back: the refreshed service runs the older revision. */
  @Test
  void aServiceNotOnTheRevisionTheLastApplyRegisteredIsARisk() {
    String td = "arn:aws:ecs:us-east-1:123456789012:task-definition/nginx:";
    JsonNode show = json("{'resource_changes': [], 'prior_state': {'values': {"
        + "'outputs': {'" + StackPlan.TASK_DEFINITIONS_OUTPUT + "': {'value': {'server-service': '" + td + "4',"
        + " 'client-service': '" + td + "4'}}},"
        + "'root_module': {'resources': ["
        + "{'address': 'aws_ecs_service.server', 'mode': 'managed', 'type': 'aws_ecs_service',"
        + " 'values': {'name': 'server-service', 'task_definition': '" + td + "3'}},"
        + "{'address': 'aws_ecs_service.client', 'mode': 'managed', 'type': 'aws_ecs_service',"
        + " 'values': {'name': 'client-service', 'task_definition': '" + td + "4'}}]}}}}");
    StackPlan p = StackPlan.parse("service-connect", 0, show, "");

    assertThat(p.revisions()).extracting(StackPlan.Revision::service).containsExactly("server-service");
    assertThat(RiskRules.flags(p)).extracting(RiskRules.Flag::address, RiskRules.Flag::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("aws_ecs_service.server", "service server-service runs nginx:3, not"
            + " nginx:4, which the last apply registered: that deployment did not complete (rolled back by the"
            + " circuit breaker, or still in progress); ./main deploy reports why"));
  }

  @Test
  void withoutAPriorStateNoRevisionIsChecked() {
    assertThat(plan(2, NO_OP, "").revisions()).isEmpty();
  }

  @Test
  void longPlansAreTrimmedToTheCommentBudgetWithANote() {
    String text = "x".repeat(200_000);
    String md = PlanSummary.render("Plan", List.of(plan(2, NO_OP, text)));

    assertThat(md.length()).isLessThanOrEqualTo(PlanSummary.COMMENT_BUDGET);
    assertThat(md).contains("… trimmed: the full plan has ").endsWith("```\n\n</details>\n");
  }

  @Test
  void codeFencesInThePlanCannotCloseTheBlock() {
    String md = PlanSummary.render("Plan", List.of(plan(2, NO_OP, "a ``` b")));
    assertThat(md).contains("a ''' b");
  }
}
