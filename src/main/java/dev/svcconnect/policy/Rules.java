package dev.svcconnect.policy;

import static dev.svcconnect.tfjson.StackDocument.block;
import static dev.svcconnect.tfjson.StackDocument.blocks;
import static dev.svcconnect.tfjson.StackDocument.parsed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.tfjson.StackDocument.Resource;
import dev.svcconnect.tfjson.StackDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Every rule of the policy suite, in report order. Checks read the synthesized JSON only. */
public final class Rules {
  private static final String ANY_IPV4 = "0.0.0.0/0";
  private static final String ANY_IPV6 = "::/0";
  /**
   * An AWS-managed policy's ARN in any partition, the partition often an interpolation of data.aws_partition:
   * {@code arn:<partition>:iam::aws:policy/[<path>/]<name>}; group 1 is the name.
   */
  private static final Pattern AWS_MANAGED_POLICY = Pattern.compile("^arn:[^:]+:iam::aws:policy/(?:.*/)?([^/]+)$");
  /** AWS-managed policies that grant "*" on "*" or full IAM control. */
  private static final Set<String> ADMIN_POLICIES = Set.of("AdministratorAccess", "IAMFullAccess",
      "PowerUserAccess");
  /** FSBP ECS.8's variable names, plus names that conventionally hold secrets. */
  private static final Pattern SECRET_NAME = Pattern.compile(
      "AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|ECS_ENGINE_AUTH_DATA"
          + "|.*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL).*");
  private static final Pattern ACCESS_KEY_VALUE = Pattern.compile("(AKIA|ASIA)[0-9A-Z]{16}");
  /**
   * Actions that, allowed on every resource, let a principal raise its own privileges (Checkov CKV_AWS_286),
   * expose credentials (CKV_AWS_287), exfiltrate data (CKV_AWS_288) or manage permissions (CKV_AWS_289).
   */
  static final List<String> DANGEROUS_ACTIONS = List.of(
      // privilege escalation and permissions management
      "iam:AddUserToGroup", "iam:AttachGroupPolicy", "iam:AttachRolePolicy", "iam:AttachUserPolicy",
      "iam:CreateLoginProfile", "iam:CreatePolicyVersion", "iam:PassRole", "iam:PutGroupPolicy",
      "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:SetDefaultPolicyVersion", "iam:UpdateAssumeRolePolicy",
      "iam:UpdateLoginProfile", "iam:CreateRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy",
      "lambda:CreateFunction", "lambda:UpdateFunctionCode", "glue:UpdateDevEndpoint",
      "cloudformation:CreateStack", "datapipeline:CreatePipeline",
      // credentials exposure
      "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateServiceSpecificCredential",
      "iam:ResetServiceSpecificCredential", "sts:AssumeRole", "sts:GetFederationToken", "sts:GetSessionToken",
      "ec2:GetPasswordData", "redshift:GetClusterCredentials", "rds-db:Connect", "sso:GetRoleCredentials",
      "cognito-identity:GetCredentialsForIdentity", "lightsail:GetInstanceAccessDetails",
      // data exfiltration
      "s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
      "secretsmanager:GetSecretValue", "rds:CopyDBSnapshot", "rds:CreateDBSnapshot");
  private static final List<String> POLICY_TYPES = List.of("aws_iam_role_policy", "aws_iam_policy",
      "aws_iam_user_policy", "aws_iam_group_policy");

  private static final List<Rule> ALL = List.of(
      rule("ecs-service-no-public-ip", "ECS services give their tasks no public IP",
          "a task with a public IP is reachable from the internet whatever its security group intends",
          List.of("CKV_AWS_333", "ECS.2"),
          "set network_configuration.assign_public_ip = false and run the tasks in private subnets",
          List.of("aws_ecs_service"), Rules::servicePublicIp),
      rule("ecs-container-logging", "Every container of a task definition has a log configuration",
          "without a log driver a container's output is lost, and with it the trail of an incident",
          List.of("ECS.9"), "give each container a logConfiguration (logDriver awslogs and its options)",
          List.of("aws_ecs_task_definition"), Rules::containerLogging),
      rule("ecs-no-secrets-in-environment", "No secrets in containers' plain environment variables",
          "environment values are readable by anyone who can describe the task definition; secrets belong in"
              + " Secrets Manager or SSM parameters",
          List.of("ECS.8"), "move the value to Secrets Manager or SSM Parameter Store and reference it under"
              + " the container's secrets",
          List.of("aws_ecs_task_definition"), Rules::secretsInEnvironment),
      rule("ecs-distinct-roles", "Task definitions use different execution and task roles",
          "the execution role can pull images and read secrets for every task; the code in the task should not"
              + " hold those rights",
          List.of("CKV_AWS_249"), "give the task definition its own task role, separate from execution_role_arn",
          List.of("aws_ecs_task_definition"), Rules::distinctRoles),
      switched(rule("ecs-container-insights", "ECS clusters have Container Insights on",
          "without it there are no per-service CPU, memory and task-count metrics to alarm on",
          List.of("CKV_AWS_65", "ECS.12"),
          "set security.containerInsights: true (cluster setting containerInsights = enabled)",
          List.of("aws_ecs_cluster"), Rules::containerInsights), CostSwitch.CONTAINER_INSIGHTS),
      rule("ecs-exec-logging", "ECS Exec sessions are logged",
          "an interactive shell into a production task must leave an audit trail",
          List.of("CKV_AWS_223"), "set the cluster's configuration.execute_command_configuration.logging to"
              + " OVERRIDE with a cloud_watch_log_group_name (or DEFAULT), never NONE",
          List.of("aws_ecs_cluster"), Rules::execLogging),
      switched(rule("ecs-exec-encrypted", "ECS Exec sessions and their logs are encrypted with a customer key",
          "the session channel and its log then need a key you control and can audit",
          List.of("CKV_AWS_224"), "set security.kmsKeys: true (execute_command_configuration.kms_key_id and"
              + " cloud_watch_encryption_enabled)",
          List.of("aws_ecs_cluster"), Rules::execEncrypted), CostSwitch.KMS_KEYS),
      rule("sg-no-world-ingress", "No security group admits traffic from 0.0.0.0/0 or ::/0, on any port",
          "a world-open port is found by scanners within minutes",
          List.of("CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "EC2.18", "EC2.19"),
          "admit other security groups (referenced_security_group_id) or a narrow CIDR instead",
          List.of("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"),
          Rules::worldIngress),
      rule("sg-descriptions", "Security groups and their rules have descriptions",
          "a rule nobody can explain is a rule nobody dares to remove",
          List.of("CKV_AWS_23"), "set description on the group and on every rule",
          List.of("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule",
              "aws_vpc_security_group_egress_rule"), Rules::descriptions),
      rule("default-sg-restricted", "Each VPC's default security group has no rules",
          "anything launched without a group lands in the default one, which admits its own members and all"
              + " egress unless it is emptied",
          List.of("CKV2_AWS_12", "EC2.2"), "add an aws_default_security_group for the VPC with no ingress or egress",
          List.of("aws_vpc"), Rules::defaultSecurityGroup),
      switched(rule("vpc-flow-logs", "Each VPC has flow logs",
          "without them there is no record of which connections were made or rejected",
          List.of("CKV2_AWS_11", "EC2.6"), "set security.vpcFlowLogs: true (an aws_flow_log for the VPC)",
          List.of("aws_vpc"), Rules::flowLogs), CostSwitch.VPC_FLOW_LOGS),
      rule("subnet-no-public-ip-on-launch", "Subnets do not assign public IPs on launch",
          "otherwise every instance or task launched there is on the internet by default",
          List.of("CKV_AWS_130", "EC2.15"), "set map_public_ip_on_launch = false",
          List.of("aws_subnet"), Rules::subnetPublicIp),
      rule("instance-imdsv2", "EC2 instances require IMDSv2",
          "IMDSv1 answers plain GETs, so a server-side request forgery can read the instance role's credentials",
          List.of("CKV_AWS_79", "EC2.8"), "set metadata_options.http_tokens = \"required\"",
          List.of("aws_instance"), Rules::imdsv2),
      rule("ebs-encrypted", "EBS volumes are encrypted",
          "an unencrypted volume or snapshot can be read by whoever gets a copy",
          List.of("CKV_AWS_8", "CKV_AWS_3", "EC2.3"),
          "set encrypted = true on root_block_device, every ebs_block_device and aws_ebs_volume",
          List.of("aws_instance", "aws_ebs_volume"), Rules::ebsEncrypted),
      rule("instance-no-public-ip", "EC2 instances have no public IP",
          "a public IP puts the host on the internet; the bastion is reached through SSM instead",
          List.of("CKV_AWS_88", "EC2.9"), "set associate_public_ip_address = false and use a private subnet",
          List.of("aws_instance"), Rules::instancePublicIp),
      rule("instance-ssm-managed", "EC2 instances have an instance role that lets SSM manage them",
          "without it the host cannot be reached through Session Manager or patched by SSM",
          List.of("CKV2_AWS_41", "SSM.1"),
          "give the instance an instance profile whose role has AmazonSSMManagedInstanceCore attached",
          List.of("aws_instance"), Rules::ssmManaged),
      rule("log-retention", "Log groups have a retention period",
          "logs kept forever cost money forever; a set retention is a decision",
          List.of("CKV_AWS_66"), "set retention_in_days (logs.retentionDays)",
          List.of("aws_cloudwatch_log_group"), Rules::logRetention),
      switched(rule("log-group-kms", "Log groups are encrypted with a customer-managed KMS key",
          "a key you control lets you audit and revoke access to the logs independently of IAM on the group",
          List.of("CKV_AWS_158"), "set security.kmsKeys: true (kms_key_id on the log group)",
          List.of("aws_cloudwatch_log_group"), Rules::logGroupKms), CostSwitch.KMS_KEYS),
      rule("iam-no-wildcard-admin", "No IAM policy allows \"*\" or \"<service>:*\" actions on \"*\" resources",
          "a wildcard on a wildcard is administrator access to a service, or to the account",
          List.of("IAM.1", "CKV_AWS_290", "CKV_AWS_355"),
          "list the actions the principal needs and the resources it needs them on",
          concat(POLICY_TYPES, List.of("aws_iam_role_policy_attachment")), Rules::wildcardAdmin),
      rule("iam-no-service-wildcard-actions", "No IAM policy allows \"*\" or \"<service>:*\" actions, on any"
              + " resource",
          "a service wildcard grants every action of the service on those resources, ones AWS adds later"
              + " included: deleting, sharing or re-permissioning them as well as using them",
          List.of("IAM.21"), "list the actions the principal needs (wildcards within an action name, such as"
              + " s3:Get*, are allowed)",
          POLICY_TYPES, Rules::serviceWildcardActions),
      rule("iam-no-privilege-escalation", "No IAM policy allows privilege escalation, credential exposure or data"
              + " exfiltration actions on \"*\"",
          "iam:PassRole, iam:Put*Policy, sts:AssumeRole, s3:GetObject and the like on every resource let a"
              + " principal become or read anything",
          List.of("CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_289"),
          "scope these actions to the specific roles, buckets, parameters or secrets",
          POLICY_TYPES, Rules::privilegeEscalation),
      rule("s3-versioning", "S3 buckets are versioned",
          "the state bucket's versions are how an overwritten or corrupted state is restored",
          List.of("CKV_AWS_21", "S3.14"), "add aws_s3_bucket_versioning with status Enabled",
          List.of("aws_s3_bucket"), Rules::s3Versioning),
      rule("s3-encrypted", "S3 buckets are encrypted by default",
          "state files hold every attribute of every resource, secrets included",
          List.of("CKV_AWS_19"), "add aws_s3_bucket_server_side_encryption_configuration",
          List.of("aws_s3_bucket"), (r, s, c) -> s3Encryption(r, s, false)),
      rule("s3-kms-encrypted", "S3 buckets are encrypted with AWS KMS by default, and so is the state written to them",
          "SSE-KMS puts reading the objects behind a KMS permission as well as an S3 one",
          List.of("CKV_AWS_145", "S3.17"),
          "set sse_algorithm = \"aws:kms\" (the AWS-managed aws/s3 key has no monthly fee) with bucket_key_enabled,"
              + " and kms_key_id on every S3 backend that stores its state in the bucket",
          List.of("aws_s3_bucket"), (r, s, c) -> s3Encryption(r, s, true).or(() -> backendKms(r, c))),
      rule("s3-public-access-blocked", "S3 buckets block public access on all four counts",
          "one public ACL or policy would publish the state, and every secret in it",
          List.of("CKV2_AWS_6", "S3.8"), "add aws_s3_bucket_public_access_block with all four settings true",
          List.of("aws_s3_bucket"), Rules::s3PublicAccess),
      new Rule("s3-tls-only", Severity.ERROR, "S3 buckets refuse requests not made over TLS",
          "plain-HTTP requests expose the state and credentials in transit",
          List.of("S3.5"), "add a bucket policy denying s3:* when aws:SecureTransport is false",
          List.of("aws_s3_bucket"), Optional.empty(), true, Rules::s3TlsOnly));

  private Rules() {}

  public static List<Rule> all() {
    return ALL;
  }

  public static Optional<Rule> byId(String id) {
    return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  private static Rule rule(String id, String title, String reason, List<String> mirrors, String fix,
      List<String> types, Rule.Check check) {
    return new Rule(id, Severity.ERROR, title, reason, mirrors, fix, types, Optional.empty(), false, check);
  }

  private static Rule switched(Rule r, CostSwitch s) {
    return new Rule(r.id(), r.severity(), r.title(), r.reason(), r.mirrors(), r.fix(), r.resourceTypes(),
        Optional.of(s), r.onAwsTwin(), r.check());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Optional<String> fail(String message) {
    return Optional.of(message);
  }

  private static boolean isTrue(JsonNode v) {
    return v.isBoolean() ? v.booleanValue() : v.isTextual() && v.textValue().equalsIgnoreCase("true");
  }

  private static boolean blank(JsonNode v) {
    return !v.isTextual() || v.textValue().isBlank();
  }

  // ECS

  private static Optional<String> servicePublicIp(Resource r, StackDocument s, PolicyContext c) {
    return isTrue(block(r.body(), "network_configuration").path("assign_public_ip"))
        ? fail("network_configuration.assign_public_ip is true") : Optional.empty();
  }

  private static List<JsonNode> containers(Resource r) {
    List<JsonNode> out = new ArrayList<>();
    parsed(r.get("container_definitions")).ifPresent(defs -> defs.forEach(out::add));
    return out;
  }

  private static Optional<String> containerLogging(Resource r, StackDocument s, PolicyContext c) {
    if (containers(r).isEmpty()) {
      return fail("container_definitions is not a JSON list of containers");
    }
    List<String> without = containers(r).stream()
        .filter(ct -> blank(ct.path("logConfiguration").path("logDriver")))
        .map(ct -> ct.path("name").asText("?")).toList();
    return without.isEmpty() ? Optional.empty() : fail("container(s) " + without + " have no logConfiguration.logDriver");
  }

  private static Optional<String> secretsInEnvironment(Resource r, StackDocument s, PolicyContext c) {
    List<String> found = new ArrayList<>();
    for (JsonNode ct : containers(r)) {
      for (JsonNode env : ct.path("environment")) {
        String name = env.path("name").asText("");
        String value = env.path("value").asText("");
        if (SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches()
            || ACCESS_KEY_VALUE.matcher(value).find()) {
          found.add(ct.path("name").asText("?") + "." + name);
        }
      }
    }
    return found.isEmpty() ? Optional.empty() : fail("plain environment variable(s) " + found + " look like secrets");
  }

  private static Optional<String> distinctRoles(Resource r, StackDocument s, PolicyContext c) {
    JsonNode exec = r.get("execution_role_arn");
    JsonNode task = r.get("task_role_arn");
    return exec.isTextual() && exec.equals(task)
        ? fail("execution_role_arn and task_role_arn are the same role (" + exec.textValue() + ")")
        : Optional.empty();
  }

  private static Optional<String> containerInsights(Resource r, StackDocument s, PolicyContext c) {
    for (JsonNode setting : blocks(r.body(), "setting")) {
      if (setting.path("name").asText("").equals("containerInsights")) {
        String value = setting.path("value").asText("");
        return value.equals("enabled") || value.equals("enhanced") ? Optional.empty()
            : fail("setting containerInsights is '" + value + "'");
      }
    }
    return fail("no containerInsights setting");
  }

  private static JsonNode execConfig(Resource r) {
    return block(block(r.body(), "configuration"), "execute_command_configuration");
  }

  private static Optional<String> execLogging(Resource r, StackDocument s, PolicyContext c) {
    JsonNode exec = execConfig(r);
    if (exec.isMissingNode()) {
      return fail("no configuration.execute_command_configuration, so ECS Exec sessions are not logged");
    }
    String logging = exec.path("logging").asText("DEFAULT");
    if (logging.equals("NONE")) {
      return fail("execute_command_configuration.logging is NONE");
    }
    JsonNode log = block(exec, "log_configuration");
    if (logging.equals("OVERRIDE") && blank(log.path("cloud_watch_log_group_name"))
        && blank(log.path("s3_bucket_name"))) {
      return fail("execute_command_configuration.logging is OVERRIDE but log_configuration names no log group"
          + " or bucket");
    }
    return Optional.empty();
  }

  private static Optional<String> execEncrypted(Resource r, StackDocument s, PolicyContext c) {
    JsonNode exec = execConfig(r);
    if (blank(exec.path("kms_key_id"))) {
      return fail("execute_command_configuration.kms_key_id is not set");
    }
    JsonNode log = block(exec, "log_configuration");
    if (!isTrue(log.path("cloud_watch_encryption_enabled")) && !isTrue(log.path("s3_bucket_encryption_enabled"))) {
      return fail("execute_command_configuration.log_configuration does not enable log encryption");
    }
    return Optional.empty();
  }

  // Security groups and network

  private static boolean worldCidr(JsonNode list, String any) {
    for (JsonNode cidr : list) {
      if (cidr.asText("").equals(any)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> worldIngress(Resource r, StackDocument s, PolicyContext c) {
    List<JsonNode> rules = switch (r.type()) {
      case "aws_security_group" -> blocks(r.body(), "ingress");
      case "aws_security_group_rule" -> r.get("type").asText("").equals("ingress") ? List.of(r.body()) : List.of();
      default -> List.of(r.body());
    };
    for (JsonNode rule : rules) {
      boolean open = worldCidr(rule.path("cidr_blocks"), ANY_IPV4) || worldCidr(rule.path("ipv6_cidr_blocks"), ANY_IPV6)
          || rule.path("cidr_ipv4").asText("").equals(ANY_IPV4) || rule.path("cidr_ipv6").asText("").equals(ANY_IPV6);
      if (open) {
        String ports = rule.has("from_port") ? " ports " + rule.path("from_port").asText() + "-"
            + rule.path("to_port").asText() : " all ports";
        return fail("ingress from anywhere on" + ports);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> descriptions(Resource r, StackDocument s, PolicyContext c) {
    if (r.type().equals("aws_security_group")) {
      JsonNode d = r.get("description");
      // The provider's default description says nothing about the group.
      if (blank(d) || d.textValue().equals("Managed by Terraform")) {
        return fail("the security group has no description");
      }
      for (String kind : List.of("ingress", "egress")) {
        for (JsonNode rule : blocks(r.body(), kind)) {
          if (blank(rule.path("description"))) {
            return fail("an inline " + kind + " rule has no description");
          }
        }
      }
      return Optional.empty();
    }
    return blank(r.get("description")) ? fail("the rule has no description") : Optional.empty();
  }

  private static Optional<String> defaultSecurityGroup(Resource vpc, StackDocument s, PolicyContext c) {
    List<Resource> groups = s.referencing("aws_default_security_group", "vpc_id", vpc);
    if (groups.isEmpty()) {
      return fail("no aws_default_security_group manages this VPC's default group, so it keeps AWS's rules"
          + " (all traffic between members, all egress)");
    }
    for (Resource g : groups) {
      if (!blocks(g.body(), "ingress").isEmpty() || !blocks(g.body(), "egress").isEmpty()) {
        return fail(g.path() + " keeps ingress or egress rules");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> flowLogs(Resource vpc, StackDocument s, PolicyContext c) {
    return s.referencing("aws_flow_log", "vpc_id", vpc).isEmpty() ? fail("no aws_flow_log for this VPC")
        : Optional.empty();
  }

  private static Optional<String> subnetPublicIp(Resource r, StackDocument s, PolicyContext c) {
    return isTrue(r.get("map_public_ip_on_launch")) ? fail("map_public_ip_on_launch is true") : Optional.empty();
  }

  // EC2

  private static Optional<String> imdsv2(Resource r, StackDocument s, PolicyContext c) {
    JsonNode md = block(r.body(), "metadata_options");
    if (md.path("http_endpoint").asText("").equals("disabled") || md.path("http_tokens").asText("").equals("required")) {
      return Optional.empty();
    }
    return fail("metadata_options.http_tokens is " + (md.has("http_tokens") ? "'" + md.path("http_tokens").asText()
        + "'" : "not set (IMDSv1 stays allowed)"));
  }

  private static Optional<String> ebsEncrypted(Resource r, StackDocument s, PolicyContext c) {
    if (r.type().equals("aws_ebs_volume")) {
      return isTrue(r.get("encrypted")) ? Optional.empty() : fail("encrypted is not true");
    }
    if (!isTrue(block(r.body(), "root_block_device").path("encrypted"))) {
      return fail("root_block_device.encrypted is not true");
    }
    for (JsonNode ebs : blocks(r.body(), "ebs_block_device")) {
      if (!isTrue(ebs.path("encrypted"))) {
        return fail("ebs_block_device " + ebs.path("device_name").asText("?") + " is not encrypted");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> instancePublicIp(Resource r, StackDocument s, PolicyContext c) {
    JsonNode assign = r.get("associate_public_ip_address");
    if (isTrue(assign)) {
      return fail("associate_public_ip_address is true");
    }
    Optional<Resource> subnet = s.referenced(r.get("subnet_id"));
    if (!assign.isBoolean() && subnet.isPresent() && isTrue(subnet.get().get("map_public_ip_on_launch"))) {
      return fail("its subnet " + subnet.get().path() + " maps public IPs on launch and"
          + " associate_public_ip_address is not false");
    }
    return Optional.empty();
  }

  private static Optional<String> ssmManaged(Resource r, StackDocument s, PolicyContext c) {
    Optional<Resource> profile = s.referenced(r.get("iam_instance_profile"));
    if (profile.isEmpty()) {
      return fail("iam_instance_profile does not name an instance profile of this stack");
    }
    Optional<Resource> role = s.referenced(profile.get().get("role"));
    if (role.isEmpty()) {
      return fail("instance profile " + profile.get().path() + " has no role of this stack");
    }
    boolean core = s.referencing("aws_iam_role_policy_attachment", "role", role.get()).stream()
        .anyMatch(a -> awsManagedPolicy(a.get("policy_arn").asText("")).filter("AmazonSSMManagedInstanceCore"::equals)
            .isPresent());
    return core ? Optional.empty()
        : fail("role " + role.get().path() + " does not have AmazonSSMManagedInstanceCore attached");
  }

  /** The name of the AWS-managed policy {@code arn} names, in whatever partition; empty for any other ARN. */
  private static Optional<String> awsManagedPolicy(String arn) {
    java.util.regex.Matcher m = AWS_MANAGED_POLICY.matcher(arn);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  // Logs

  private static Optional<String> logRetention(Resource r, StackDocument s, PolicyContext c) {
    JsonNode days = r.get("retention_in_days");
    return days.canConvertToInt() && days.asInt() > 0 ? Optional.empty()
        : fail("retention_in_days is not set, so the logs never expire");
  }

  private static Optional<String> logGroupKms(Resource r, StackDocument s, PolicyContext c) {
    return blank(r.get("kms_key_id")) ? fail("kms_key_id is not set") : Optional.empty();
  }

  // IAM

  /** The Allow statements of a policy document as (actions, resources, notAction) triples. */
  private record Allow(List<String> actions, List<String> resources, boolean notAction) {}

  private static List<Allow> allows(JsonNode document) {
    List<Allow> out = new ArrayList<>();
    JsonNode statements = document.path("Statement");
    List<JsonNode> list = new ArrayList<>();
    if (statements.isArray()) {
      statements.forEach(list::add);
    } else if (statements.isObject()) {
      list.add(statements);
    }
    for (JsonNode st : list) {
      if (!st.path("Effect").asText("").equals("Allow")) {
        continue;
      }
      boolean notAction = st.has("NotAction");
      // NotResource allows everything but the listed resources: as broad as "*" for these rules.
      List<String> resources = st.has("NotResource") ? List.of("*") : strings(st.path("Resource"));
      out.add(new Allow(strings(notAction ? st.path("NotAction") : st.path("Action")), resources, notAction));
    }
    return out;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isTextual()) {
      out.add(n.textValue());
    } else {
      n.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  private static Optional<String> wildcardAdmin(Resource r, StackDocument s, PolicyContext c) {
    if (r.type().equals("aws_iam_role_policy_attachment")) {
      Optional<String> name = awsManagedPolicy(r.get("policy_arn").asText(""));
      return name.filter(ADMIN_POLICIES::contains).isPresent()
          ? fail("attaches the AWS-managed " + name.get()) : Optional.empty();
    }
    Optional<JsonNode> doc = parsed(r.get("policy"));
    if (doc.isEmpty()) {
      return fail("policy is not a JSON document the suite can read");
    }
    for (Allow a : allows(doc.get())) {
      if (!a.resources().contains("*")) {
        continue;
      }
      if (a.notAction()) {
        return fail("allows everything except " + a.actions() + " (NotAction) on \"*\"");
      }
      for (String action : a.actions()) {
        if (action.equals("*") || action.endsWith(":*")) {
          return fail("allows \"" + action + "\" on \"*\"");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * FSBP IAM.21 (https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21): an Allow of
   * {@code *} or {@code <service>:*}, or a NotAction (everything but), whatever the resource.
   */
  private static Optional<String> serviceWildcardActions(Resource r, StackDocument s, PolicyContext c) {
    Optional<JsonNode> doc = parsed(r.get("policy"));
    if (doc.isEmpty()) {
      return fail("policy is not a JSON document the suite can read");
    }
    for (Allow a : allows(doc.get())) {
      if (a.notAction()) {
        return fail("allows everything except " + a.actions() + " (NotAction) on " + a.resources());
      }
      for (String action : a.actions()) {
        if (action.equals("*") || action.endsWith(":*")) {
          return fail("allows \"" + action + "\" on " + a.resources());
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> privilegeEscalation(Resource r, StackDocument s, PolicyContext c) {
    Optional<JsonNode> doc = parsed(r.get("policy"));
    if (doc.isEmpty()) {
      return fail("policy is not a JSON document the suite can read");
    }
    List<String> hits = new ArrayList<>();
    for (Allow a : allows(doc.get())) {
      if (!a.resources().contains("*")) {
        continue;
      }
      for (String dangerous : DANGEROUS_ACTIONS) {
        boolean granted = a.notAction()
            ? a.actions().stream().noneMatch(p -> glob(p).matcher(dangerous).matches())
            : a.actions().stream().anyMatch(p -> glob(p).matcher(dangerous).matches());
        if (granted && !hits.contains(dangerous)) {
          hits.add(dangerous);
        }
      }
    }
    return hits.isEmpty() ? Optional.empty() : fail("allows " + hits + " on \"*\"");
  }

  /** IAM action patterns: case-insensitive, with * and ? wildcards. */
  private static Pattern glob(String pattern) {
    StringBuilder re = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      re.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
  }

  // S3

  private static Optional<String> s3Versioning(Resource bucket, StackDocument s, PolicyContext c) {
    if (isTrue(block(bucket.body(), "versioning").path("enabled"))) {
      return Optional.empty();
    }
    boolean enabled = s.referencing("aws_s3_bucket_versioning", "bucket", bucket).stream()
        .anyMatch(v -> block(v.body(), "versioning_configuration").path("status").asText("").equals("Enabled"));
    return enabled ? Optional.empty() : fail("no aws_s3_bucket_versioning with status Enabled for this bucket");
  }

  private static Optional<String> s3Encryption(Resource bucket, StackDocument s, boolean kms) {
    List<String> algorithms = new ArrayList<>();
    for (Resource enc : s.referencing("aws_s3_bucket_server_side_encryption_configuration", "bucket", bucket)) {
      for (JsonNode rule : blocks(enc.body(), "rule")) {
        algorithms.add(block(rule, "apply_server_side_encryption_by_default").path("sse_algorithm").asText(""));
      }
    }
    if (algorithms.isEmpty()) {
      return fail("no aws_s3_bucket_server_side_encryption_configuration for this bucket");
    }
    boolean ok = algorithms.stream().allMatch(a -> kms ? a.startsWith("aws:kms") : !a.isEmpty());
    return ok ? Optional.empty() : fail("default encryption uses " + algorithms + (kms ? ", not aws:kms" : ""));
  }

  /**
   * A backend with {@code encrypt = true} but no {@code kms_key_id} asks S3 for SSE-S3 (AES256) on every state and
   * lock write, which overrides the bucket's SSE-KMS default (Terraform's S3 backend:
   * https://developer.hashicorp.com/terraform/language/backend/s3, {@code encrypt} and {@code kms_key_id}).
   */
  private static Optional<String> backendKms(Resource bucket, PolicyContext c) {
    String name = bucket.get("bucket").asText("");
    for (StackDocument stack : c.stacks()) {
      JsonNode backend = stack.root().path("terraform").path("backend").path("s3");
      if (backend.path("bucket").asText("").equals(name) && blank(backend.path("kms_key_id"))) {
        return fail("stack " + stack.stackId() + "'s S3 backend writes its state to this bucket without kms_key_id,"
            + " so S3 stores it with SSE-S3 (AES256), not aws:kms");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> s3PublicAccess(Resource bucket, StackDocument s, PolicyContext c) {
    List<String> settings = List.of("block_public_acls", "block_public_policy", "ignore_public_acls",
        "restrict_public_buckets");
    for (Resource pab : s.referencing("aws_s3_bucket_public_access_block", "bucket", bucket)) {
      List<String> off = settings.stream().filter(k -> !isTrue(pab.get(k))).toList();
      return off.isEmpty() ? Optional.empty() : fail("public access block leaves " + off + " off");
    }
    return fail("no aws_s3_bucket_public_access_block for this bucket");
  }

  private static Optional<String> s3TlsOnly(Resource bucket, StackDocument s, PolicyContext c) {
    for (Resource policy : s.referencing("aws_s3_bucket_policy", "bucket", bucket)) {
      Optional<JsonNode> doc = parsed(policy.get("policy"));
      for (JsonNode st : doc.map(d -> d.path("Statement")).orElse(StackDocument.MAPPER.createArrayNode())) {
        boolean deny = st.path("Effect").asText("").equals("Deny");
        JsonNode principal = st.path("Principal");
        boolean everyone = principal.asText("").equals("*") || principal.path("AWS").asText("").equals("*");
        boolean allS3 = strings(st.path("Action")).stream().anyMatch(a -> a.equals("s3:*") || a.equals("*"));
        boolean insecure = st.path("Condition").path("Bool").path("aws:SecureTransport").asText("").equals("false");
        List<String> resources = strings(st.path("Resource"));
        boolean coversObjects = resources.stream().anyMatch(x -> x.endsWith("/*"));
        boolean coversBucket = resources.stream().anyMatch(x -> !x.endsWith("/*"));
        if (deny && everyone && allS3 && insecure && coversObjects && coversBucket) {
          return Optional.empty();
        }
      }
    }
    return fail("no bucket policy denies s3:* to everyone when aws:SecureTransport is false, on the bucket and"
        + " its objects");
  }
}
