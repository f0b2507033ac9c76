package dev.svcconnect.policy;

import static dev.svcconnect.policy.PolicyFixture.remove;
import static dev.svcconnect.policy.PolicyFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.SecurityConfig;
import dev.svcconnect.policy.Finding.Status;
import dev.svcconnect.policy.PolicyFixture.Doc;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.tiers.SynthTier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every rule passes on the shipped configs and fails, with its message, when one attribute of the synthesized stack
 * is broken. The stacks are synthesized once; each test breaks a copy.
 */
@SynthTier
class PolicyRulesTest {
  private static final String SERVER = "Services/server-service/";
  private static final Path SECRETS = Path.of("src/test/resources/topology/options-secrets.yaml");
  private static PolicyFixture local;
  private static PolicyFixture aws;

  @BeforeAll
  static void synth() {
    local = new PolicyFixture(SynthFixture.local());
    aws = new PolicyFixture(SynthFixture.aws());
  }

  /** The single finding of {@code ruleId} on the resource whose path ends with {@code pathSuffix}. */
  private static Finding finding(PolicyReport report, String ruleId, String pathSuffix) {
    List<Finding> matches = report.findings(ruleId).stream()
        .filter(f -> f.resource().path().endsWith("/" + pathSuffix)).toList();
    assertThat(matches).as("findings of %s on */%s", ruleId, pathSuffix).hasSize(1);
    return matches.get(0);
  }

  private static void assertFails(PolicyReport report, String ruleId, String pathSuffix, String detail) {
    Finding f = finding(report, ruleId, pathSuffix);
    assertThat(f.status()).as("%s on %s", ruleId, pathSuffix).isEqualTo(Status.FAIL);
    assertThat(f.detail()).isEqualTo(detail);
    assertThat(report.passes()).isFalse();
    assertThat(report.errorLines()).anySatisfy(line -> assertThat(line)
        .startsWith(f.resource().path() + " (" + f.resource().address() + "): " + ruleId + ": " + detail)
        .endsWith("; fix: " + f.rule().fix()));
  }

  private static PolicyReport breakService(Consumer<ObjectNode> edit) {
    return local.evaluate(Doc.SERVICE, edit);
  }

  /** Rewrites the task definition's container_definitions JSON string. */
  private static Consumer<ObjectNode> editContainer(Consumer<ObjectNode> edit) {
    return root -> {
      ObjectNode td = resource(root, "aws_ecs_task_definition", "TaskDefinition/Resource");
      ArrayNode defs = (ArrayNode) StackDocument.parsed(td.path("container_definitions")).orElseThrow();
      edit.accept((ObjectNode) defs.get(0));
      td.put("container_definitions", defs.toString());
    };
  }

  private static Consumer<ObjectNode> setPolicy(String type, String path, String document) {
    return root -> resource(root, type, path).put("policy", document);
  }

  private static String readme() {
    try {
      return Files.readString(Path.of("README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // The shipped configs

  @Test
  void defaultStackPassesEveryRuleWithoutSuppressionApartFromTheCostSwitches() {
    PolicyReport report = local.evaluate();

    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).isEmpty();
    assertThat(report.findings()).noneMatch(f -> f.status() == Status.SUPPRESSED);
    Set<String> optedOut = Rules.all().stream().filter(r -> report.verdict(r).equals("opted-out"))
        .map(Rule::id).collect(Collectors.toSet());
    assertThat(optedOut).containsExactlyInAnyOrder("ecs-exec-encrypted", "vpc-flow-logs", "log-group-kms");
    // The load-balancer, ECR and created-secret rules have nothing to check without a load balancer, a repository or
    // a secret the stack creates (LoadBalancerPolicyTest, EcrPolicyTest and SecretPolicyTest have them).
    assertThat(Rules.all()).allSatisfy(r -> assertThat(report.verdict(r)).as(r.id())
        .isIn(notApplicableByDefault(r) ? List.of("n/a") : List.of("pass", "opted-out")));
    assertThat(report.summary()).isEqualTo("36 rules: 23 passed, 3 opted out by a cost switch, 0 suppressed,"
        + " 0 warned, 0 failed, 10 not applicable");
    // The Quick start's sample output shows this line for config/local.yaml: it must not drift from the suite.
    assertThat(readme()).as("README's sample output").contains("Policy suite: " + report.summary());
  }

  @Test
  void awsExampleWithEverySwitchOnPassesEveryRule() {
    PolicyReport report = aws.evaluate();

    assertThat(Rules.all()).allSatisfy(r -> assertThat(report.verdict(r)).as(r.id())
        .isEqualTo(notApplicableByDefault(r) ? "n/a" : "pass"));
  }

  /** The rules on resources the shipped configs do not create: load balancers, ECR repositories and secrets. */
  private static boolean notApplicableByDefault(Rule r) {
    return r.id().startsWith("alb-") || r.id().startsWith("ecr-") || r.id().equals("secret-kms");
  }

  @Test
  void everyRuleHasAnIdReasonMirrorsAndFix() {
    assertThat(Rules.all()).extracting(Rule::id).doesNotHaveDuplicates();
    assertThat(Rules.all()).allSatisfy(r -> {
      assertThat(r.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
      assertThat(r.title()).isNotBlank();
      assertThat(r.reason()).isNotBlank();
      assertThat(r.fix()).isNotBlank();
      assertThat(r.mirrors()).isNotEmpty().allMatch(m -> m.matches("CKV2?_AWS_[0-9]+|[A-Z0-9]+\\.[0-9]+"));
      assertThat(r.resourceTypes()).isNotEmpty();
    });
  }

  @Test
  void everyCheckMethodOfRulesIsTheCheckOfExactlyOneRule() throws Exception {
    List<String> named = new org.snakeyaml.engine.v2.api.Load(
        org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
        .loadAllFromInputStream(Rules.class.getResourceAsStream(Rules.CATALOGUE)).iterator().next() instanceof
        List<?> entries ? entries.stream().map(e -> (String) ((java.util.Map<?, ?>) e).get("check")).toList()
        : List.of();
    List<String> methods = java.util.Arrays.stream(Rules.class.getDeclaredMethods())
        .filter(m -> java.lang.reflect.Modifier.isStatic(m.getModifiers()))
        .filter(m -> java.util.Arrays.equals(m.getParameterTypes(), new Class<?>[] {
            dev.svcconnect.tfjson.StackDocument.Resource.class, dev.svcconnect.tfjson.StackDocument.class,
            PolicyContext.class}))
        .map(java.lang.reflect.Method::getName).toList();

    assertThat(named).hasSize(Rules.all().size()).doesNotHaveDuplicates();
    assertThat(methods).containsExactlyInAnyOrderElementsOf(named);
  }

  // ECS

  @Test
  void failsAServiceThatAssignsPublicIps() {
    PolicyReport r = breakService(root -> ((ObjectNode) resource(root, "aws_ecs_service", SERVER + "Resource")
        .path("network_configuration")).put("assign_public_ip", true));
    assertFails(r, "ecs-service-no-public-ip", SERVER + "Resource", "network_configuration.assign_public_ip is true");
  }

  @Test
  void failsAContainerWithoutLogConfiguration() {
    PolicyReport r = breakService(editContainer(c -> c.remove("logConfiguration")));
    assertFails(r, "ecs-container-logging", "TaskDefinition/Resource",
        "container(s) [nginx] have no logConfiguration.logDriver");
  }

  @Test
  void failsASecretNamedVariableInTheEnvironment() {
    PolicyReport r = breakService(editContainer(c -> c.putArray("environment").addObject()
        .put("name", "DB_PASSWORD").put("value", "hunter2")));
    assertFails(r, "ecs-no-secrets-in-environment", "TaskDefinition/Resource",
        "plain environment variable(s) [nginx.DB_PASSWORD] look like secrets");
  }

  @Test
  void failsAnAccessKeyValueUnderAHarmlessName() {
    PolicyReport r = breakService(editContainer(c -> c.putArray("environment").addObject()
        .put("name", "UPSTREAM").put("value", "AKIAIOSFODNN7EXAMPLE")));
    assertFails(r, "ecs-no-secrets-in-environment", "TaskDefinition/Resource",
        "plain environment variable(s) [nginx.UPSTREAM] look like secrets");
  }

  @Test
  void failsATaskDefinitionWhoseTaskRoleIsItsExecutionRole() {
    PolicyReport r = breakService(root -> {
      ObjectNode td = resource(root, "aws_ecs_task_definition", "TaskDefinition/Resource");
      td.set("task_role_arn", td.path("execution_role_arn"));
    });
    assertFails(r, "ecs-distinct-roles", "TaskDefinition/Resource",
        "execution_role_arn and task_role_arn are the same role"
            + " (${aws_iam_role.TaskDefinition_ExecutionRole_CD27E380.arn})");
  }

  @Test
  void failsAClusterWithContainerInsightsDisabledWhileTheSwitchIsOn() {
    PolicyReport r = breakService(root -> ((ObjectNode) resource(root, "aws_ecs_cluster", "Platform/Cluster")
        .path("setting").get(0)).put("value", "disabled"));
    assertFails(r, "ecs-container-insights", "Platform/Cluster", "setting containerInsights is 'disabled'");
  }

  @Test
  void failsAClusterWithoutExecLogging() {
    PolicyReport r = breakService(root -> resource(root, "aws_ecs_cluster", "Platform/Cluster").remove("configuration"));
    assertFails(r, "ecs-exec-logging", "Platform/Cluster",
        "no configuration.execute_command_configuration, so ECS Exec sessions are not logged");
  }

  @Test
  void failsAClusterThatSwitchesExecLoggingOff() {
    PolicyReport r = breakService(root -> ((ObjectNode) resource(root, "aws_ecs_cluster", "Platform/Cluster")
        .path("configuration").path("execute_command_configuration")).put("logging", "NONE"));
    assertFails(r, "ecs-exec-logging", "Platform/Cluster", "execute_command_configuration.logging is NONE");
  }

  @Test
  void failsExecWithoutACustomerKeyOnceKmsKeysIsOn() {
    PolicyReport r = local.evaluate(new SecurityConfig(true, true, false, List.of()));
    assertFails(r, "ecs-exec-encrypted", "Platform/Cluster", "execute_command_configuration.kms_key_id is not set");
  }

  @Test
  void failsExecWithAKeyButUnencryptedLogs() {
    PolicyReport r = aws.evaluate(Doc.SERVICE, root -> ((ObjectNode) resource(root, "aws_ecs_cluster",
        "Platform/Cluster").path("configuration").path("execute_command_configuration").path("log_configuration"))
        .put("cloud_watch_encryption_enabled", false));
    assertFails(r, "ecs-exec-encrypted", "Platform/Cluster",
        "execute_command_configuration.log_configuration does not enable log encryption");
  }

  // Security groups and network

  @Test
  void failsAnIngressRuleOpenToTheWorld() {
    PolicyReport r = breakService(root -> {
      ObjectNode rule = resource(root, "aws_vpc_security_group_ingress_rule", SERVER + "Ingress/client-service/nginx-server");
      rule.remove("referenced_security_group_id");
      rule.put("cidr_ipv4", "0.0.0.0/0");
    });
    assertFails(r, "sg-no-world-ingress", SERVER + "Ingress/client-service/nginx-server", "ingress from anywhere on ports 80-80");
  }

  @Test
  void failsAnInlineIngressOpenToIpv6() {
    PolicyReport r = breakService(root -> resource(root, "aws_security_group", SERVER + "SecurityGroup")
        .putArray("ingress").addObject().put("from_port", 0).put("to_port", 65535).put("protocol", "tcp")
        .put("description", "everyone").putArray("ipv6_cidr_blocks").add("::/0"));
    assertFails(r, "sg-no-world-ingress", SERVER + "SecurityGroup", "ingress from anywhere on ports 0-65535");
  }

  @Test
  void failsASecurityGroupWithTheProvidersDefaultDescription() {
    PolicyReport r = breakService(root -> resource(root, "aws_security_group", SERVER + "SecurityGroup")
        .put("description", "Managed by Terraform"));
    assertFails(r, "sg-descriptions", SERVER + "SecurityGroup", "the security group has no description");
  }

  @Test
  void failsARuleWithoutDescription() {
    PolicyReport r = breakService(root -> resource(root, "aws_vpc_security_group_egress_rule", SERVER + "EgressAll")
        .remove("description"));
    assertFails(r, "sg-descriptions", SERVER + "EgressAll", "the rule has no description");
  }

  @Test
  void failsAVpcWhoseDefaultSecurityGroupIsNotManaged() {
    PolicyReport r = breakService(root -> remove(root, "aws_default_security_group", "Network/DefaultSecurityGroup"));
    assertFails(r, "default-sg-restricted", "Network/Resource", "no aws_default_security_group manages this VPC's"
        + " default group, so it keeps AWS's rules (all traffic between members, all egress)");
  }

  @Test
  void failsADefaultSecurityGroupThatKeepsRules() {
    PolicyReport r = breakService(root -> resource(root, "aws_default_security_group", "Network/DefaultSecurityGroup")
        .putArray("egress").addObject().put("protocol", "-1").put("from_port", 0).put("to_port", 0));
    assertFails(r, "default-sg-restricted", "Network/Resource",
        "service-connect/Network/DefaultSecurityGroup keeps ingress or egress rules");
  }

  @Test
  void failsAVpcWithoutFlowLogsOnceTheSwitchIsOn() {
    PolicyReport r = local.evaluate(new SecurityConfig(true, false, true, List.of()));
    assertFails(r, "vpc-flow-logs", "Network/Resource", "no aws_flow_log for this VPC");
  }

  @Test
  void failsASubnetThatMapsPublicIps() {
    PolicyReport r = breakService(root -> resource(root, "aws_subnet", "Network/Public/Subnet0/Resource")
        .put("map_public_ip_on_launch", true));
    assertFails(r, "subnet-no-public-ip-on-launch", "Network/Public/Subnet0/Resource",
        "map_public_ip_on_launch is true");
  }

  // EC2

  @Test
  void failsAnInstanceThatAllowsImdsV1() {
    PolicyReport r = breakService(root -> ((ObjectNode) resource(root, "aws_instance", "Bastion/Resource")
        .path("metadata_options")).put("http_tokens", "optional"));
    assertFails(r, "instance-imdsv2", "Bastion/Resource", "metadata_options.http_tokens is 'optional'");
  }

  @Test
  void failsAnUnencryptedRootVolume() {
    PolicyReport r = breakService(root -> ((ObjectNode) resource(root, "aws_instance", "Bastion/Resource")
        .path("root_block_device")).put("encrypted", false));
    assertFails(r, "ebs-encrypted", "Bastion/Resource", "root_block_device.encrypted is not true");
  }

  @Test
  void failsAnInstanceWithAPublicIp() {
    PolicyReport r = breakService(root -> resource(root, "aws_instance", "Bastion/Resource")
        .put("associate_public_ip_address", true));
    assertFails(r, "instance-no-public-ip", "Bastion/Resource", "associate_public_ip_address is true");
  }

  @Test
  void failsAnInstanceInAPublicIpSubnetThatDoesNotRefuseOne() {
    PolicyReport r = breakService(root -> {
      resource(root, "aws_instance", "Bastion/Resource").remove("associate_public_ip_address");
      resource(root, "aws_subnet", "Network/Private/Subnet0/Resource").put("map_public_ip_on_launch", true);
    });
    assertFails(r, "instance-no-public-ip", "Bastion/Resource", "its subnet service-connect/Network/Private/Subnet0/"
        + "Resource maps public IPs on launch and associate_public_ip_address is not false");
  }

  @Test
  void failsAnInstanceWhoseRoleLacksSsmCore() {
    PolicyReport r = breakService(root -> remove(root, "aws_iam_role_policy_attachment", "Bastion/SsmManagedInstanceCore"));
    assertFails(r, "instance-ssm-managed", "Bastion/Resource",
        "role service-connect/Bastion/Role does not have AmazonSSMManagedInstanceCore attached");
  }

  @Test
  void failsAnInstanceWithoutInstanceProfile() {
    PolicyReport r = breakService(root -> resource(root, "aws_instance", "Bastion/Resource").remove("iam_instance_profile"));
    assertFails(r, "instance-ssm-managed", "Bastion/Resource",
        "iam_instance_profile does not name an instance profile of this stack");
  }

  // Logs

  @Test
  void failsALogGroupWithoutRetention() {
    PolicyReport r = breakService(root -> resource(root, "aws_cloudwatch_log_group", "Platform/LogGroup")
        .remove("retention_in_days"));
    assertFails(r, "log-retention", "Platform/LogGroup", "retention_in_days is not set, so the logs never expire");
  }

  @Test
  void failsALogGroupWithoutKeyOnceKmsKeysIsOn() {
    PolicyReport r = local.evaluate(new SecurityConfig(true, true, false, List.of()));
    assertFails(r, "log-group-kms", "Platform/LogGroup", "kms_key_id is not set");
  }

  // IAM

  @Test
  void failsAStarActionOnStar() {
    PolicyReport r = breakService(setPolicy("aws_iam_role_policy", "TaskDefinition/TaskRoleExecPolicy",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
    assertFails(r, "iam-no-wildcard-admin", "TaskDefinition/TaskRoleExecPolicy", "allows \"*\" on \"*\"");
  }

  @Test
  void failsAServiceWildcardOnStar() {
    PolicyReport r = breakService(setPolicy("aws_iam_role_policy", "TaskDefinition/TaskRoleExecPolicy",
        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"ssmmessages:OpenDataChannel\",\"s3:*\"],"
            + "\"Resource\":[\"*\"]}}"));
    assertFails(r, "iam-no-wildcard-admin", "TaskDefinition/TaskRoleExecPolicy", "allows \"s3:*\" on \"*\"");
  }

  @Test
  void failsAnAdministratorAccessAttachment() {
    PolicyReport r = breakService(root -> resource(root, "aws_iam_role_policy_attachment",
        "TaskDefinition/ExecutionRolePolicy").put("policy_arn", "arn:aws:iam::aws:policy/AdministratorAccess"));
    assertFails(r, "iam-no-wildcard-admin", "TaskDefinition/ExecutionRolePolicy",
        "attaches the AWS-managed AdministratorAccess");
  }

  @Test
  void failsAnAdministratorAccessAttachmentOfAnotherPartition() {
    PolicyReport r = breakService(root -> resource(root, "aws_iam_role_policy_attachment",
        "TaskDefinition/ExecutionRolePolicy").put("policy_arn", "arn:aws-us-gov:iam::aws:policy/AdministratorAccess"));
    assertFails(r, "iam-no-wildcard-admin", "TaskDefinition/ExecutionRolePolicy",
        "attaches the AWS-managed AdministratorAccess");
  }

  @Test
  void failsAnAdministratorAccessAttachmentInTheProvidersPartition() {
    PolicyReport r = breakService(root -> resource(root, "aws_iam_role_policy_attachment",
        "TaskDefinition/ExecutionRolePolicy").put("policy_arn",
            "arn:${data.aws_partition.Partition.partition}:iam::aws:policy/AdministratorAccess"));
    assertFails(r, "iam-no-wildcard-admin", "TaskDefinition/ExecutionRolePolicy",
        "attaches the AWS-managed AdministratorAccess");
  }

  @Test
  void failsAServiceWildcardOnOneResource() {
    PolicyReport r = breakService(setPolicy("aws_iam_role_policy", "TaskDefinition/TaskRoleExecPolicy",
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:*\"],"
            + "\"Resource\":\"arn:aws:s3:::shop/*\"}]}"));
    assertFails(r, "iam-no-service-wildcard-actions", "TaskDefinition/TaskRoleExecPolicy",
        "allows \"s3:*\" on [arn:aws:s3:::shop/*]");
  }

  @Test
  void failsNotActionOnOneResource() {
    PolicyReport r = breakService(setPolicy("aws_iam_role_policy", "TaskDefinition/TaskRoleExecPolicy",
        "{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"s3:DeleteObject\","
            + "\"Resource\":\"arn:aws:s3:::shop/*\"}]}"));
    assertFails(r, "iam-no-service-wildcard-actions", "TaskDefinition/TaskRoleExecPolicy",
        "allows everything except [s3:DeleteObject] (NotAction) on [arn:aws:s3:::shop/*]");
  }

  @Test
  void passesAServiceWildcardThatIsDenied() {
    PolicyReport r = breakService(setPolicy("aws_iam_role_policy", "TaskDefinition/TaskRoleExecPolicy",
        "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"arn:aws:s3:::shop/*\"}]}"));
    assertThat(finding(r, "iam-no-service-wildcard-actions", "TaskDefinition/TaskRoleExecPolicy").status())
        .isEqualTo(Status.PASS);
  }

  /** A task role statement of the config goes through the suite like the stack's own policies. */
  @Test
  void failsAStarActionInATaskRoleStatementOfTheConfig() {
    PolicyReport r = new PolicyFixture(SynthFixture.fileWith(SECRETS, "actions: [s3:GetObject, s3:ListBucket]",
        "actions: [\"*\"]")).evaluate();
    assertFails(r, "iam-no-service-wildcard-actions", "TaskDefinitions/shop/TaskRoleStatementsPolicy",
        "allows \"*\" on [arn:aws:s3:::shop-assets, arn:aws:s3:::shop-assets/*]");
  }

  @Test
  void failsAStarResourceInATaskRoleStatementOfTheConfig() {
    PolicyReport r = new PolicyFixture(SynthFixture.fileWith(SECRETS, "resources: [\"arn:aws:s3:::shop-assets\","
        + " \"arn:aws:s3:::shop-assets/*\"]", "resources: [\"*\"]")).evaluate();
    assertFails(r, "iam-no-privilege-escalation", "TaskDefinitions/shop/TaskRoleStatementsPolicy",
        "allows [s3:GetObject] on \"*\"");
  }

  /** A plain environment variable of the config goes through ecs-no-secrets-in-environment (ECS.8). */
  @Test
  void failsASecretNamedVariableInTheEnvironmentOfTheConfig() {
    PolicyReport r = new PolicyFixture(SynthFixture.fileWith(SECRETS, "LOG_LEVEL: info", "API_TOKEN: abc"))
        .evaluate();
    assertFails(r, "ecs-no-secrets-in-environment", "TaskDefinitions/shop/Resource",
        "plain environment variable(s) [app.API_TOKEN] look like secrets");
  }

  @Test
  void theSecretsFixturePassesEveryRule() {
    PolicyReport r = new PolicyFixture(ConfigLoader.load(SECRETS)).evaluate();
    assertThat(r.errorLines()).isEmpty();
    assertThat(r.passes()).isTrue();
  }

  @Test
  void failsPassRoleOnEveryRole() {
    PolicyReport r = breakService(setPolicy("aws_iam_role_policy", "TaskDefinition/TaskRoleExecPolicy",
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:PassRole\",\"ssm:GetParameter\"],\"Resource\":\"*\"}]}"));
    assertFails(r, "iam-no-privilege-escalation", "TaskDefinition/TaskRoleExecPolicy",
        "allows [iam:PassRole, ssm:GetParameter] on \"*\"");
  }

  @Test
  void failsAnActionPatternThatCoversAnEscalation() {
    PolicyReport r = breakService(setPolicy("aws_iam_role_policy", "TaskDefinition/TaskRoleExecPolicy",
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:Put*Policy\",\"Resource\":\"*\"}]}"));
    assertFails(r, "iam-no-privilege-escalation", "TaskDefinition/TaskRoleExecPolicy",
        "allows [iam:PutGroupPolicy, iam:PutRolePolicy, iam:PutUserPolicy] on \"*\"");
  }

  // State bucket

  private static final String BUCKET = "StateBucket/Resource";

  @Test
  void failsAnUnversionedBucket() {
    PolicyReport r = local.evaluate(Doc.BOOTSTRAP, root -> remove(root, "aws_s3_bucket_versioning",
        "StateBucket/Versioning"));
    assertFails(r, "s3-versioning", BUCKET, "no aws_s3_bucket_versioning with status Enabled for this bucket");
  }

  @Test
  void failsABucketWithoutDefaultEncryption() {
    PolicyReport r = local.evaluate(Doc.BOOTSTRAP, root -> remove(root,
        "aws_s3_bucket_server_side_encryption_configuration", "StateBucket/Encryption"));
    assertFails(r, "s3-encrypted", BUCKET, "no aws_s3_bucket_server_side_encryption_configuration for this bucket");
  }

  @Test
  void failsABucketEncryptedWithoutKms() {
    PolicyReport r = local.evaluate(Doc.BOOTSTRAP, root -> ((ObjectNode) resource(root,
        "aws_s3_bucket_server_side_encryption_configuration", "StateBucket/Encryption").path("rule").get(0)
        .path("apply_server_side_encryption_by_default")).put("sse_algorithm", "AES256"));
    assertFails(r, "s3-kms-encrypted", BUCKET, "default encryption uses [AES256], not aws:kms");
    assertThat(finding(r, "s3-encrypted", BUCKET).status()).isEqualTo(Status.PASS);
  }

  @Test
  void failsABucketWhoseBackendWritesStateWithoutKms() {
    assertThat(finding(local.evaluate(), "s3-kms-encrypted", BUCKET).status()).isEqualTo(Status.PASS);
    PolicyReport r = local.evaluate(Doc.SERVICE, root -> ((ObjectNode) root.path("terraform").path("backend")
        .path("s3")).remove("kms_key_id"));
    assertFails(r, "s3-kms-encrypted", BUCKET, "stack service-connect's S3 backend writes its state to this bucket"
        + " without kms_key_id, so S3 stores it with SSE-S3 (AES256), not aws:kms");
  }

  @Test
  void failsABucketThatAllowsPublicPolicies() {
    PolicyReport r = local.evaluate(Doc.BOOTSTRAP, root -> resource(root, "aws_s3_bucket_public_access_block",
        "StateBucket/PublicAccessBlock").put("block_public_policy", false));
    assertFails(r, "s3-public-access-blocked", BUCKET, "public access block leaves [block_public_policy] off");
  }

  @Test
  void failsAnAwsBucketWithoutTheTlsPolicy() {
    PolicyReport r = aws.evaluate(Doc.BOOTSTRAP, root -> remove(root, "aws_s3_bucket_policy", "StateBucket/Policy"));
    assertFails(r, "s3-tls-only", BUCKET, "no bucket policy denies s3:* to everyone when aws:SecureTransport is"
        + " false, on the bucket and its objects");
  }

  @Test
  void failsATlsPolicyThatDoesNotCoverTheObjects() {
    PolicyReport r = aws.evaluate(Doc.BOOTSTRAP, root -> {
      ObjectNode policy = resource(root, "aws_s3_bucket_policy", "StateBucket/Policy");
      JsonNode doc = StackDocument.parsed(policy.path("policy")).orElseThrow();
      String bucketArn = doc.path("Statement").get(0).path("Resource").get(0).asText();
      ((ObjectNode) doc.path("Statement").get(0)).putArray("Resource").add(bucketArn);
      policy.put("policy", doc.toString());
    });
    assertFails(r, "s3-tls-only", BUCKET, "no bucket policy denies s3:* to everyone when aws:SecureTransport is"
        + " false, on the bucket and its objects");
  }

  @Test
  void evaluatesTheTlsRuleOfTheLocalTargetOnWhatAwsWouldSynthesize() {
    // The local bucket has no policy (emulator gap); the rule reads the AWS twin and says so.
    assertThat(local.bootstrap.path("resource").has("aws_s3_bucket_policy")).isFalse();
    Finding pass = finding(local.evaluate(), "s3-tls-only", BUCKET);
    assertThat(pass.status()).isEqualTo(Status.PASS);
    assertThat(pass.detail()).isEqualTo("evaluated on what target kind aws synthesizes from this config; the local"
        + " target leaves this out (emulator gap STATE_BUCKET_TLS_POLICY)");

    PolicyReport broken = local.evaluate(Doc.TWIN, root -> remove(root, "aws_s3_bucket_policy", "StateBucket/Policy"));
    assertFails(broken, "s3-tls-only", BUCKET, "no bucket policy denies s3:* to everyone when aws:SecureTransport"
        + " is false, on the bucket and its objects");
  }
}
