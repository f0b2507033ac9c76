package dev.svcconnect.policy;

import static dev.svcconnect.tfjson.StackDocument.block;
import static dev.svcconnect.tfjson.StackDocument.blocks;
import static dev.svcconnect.tfjson.StackDocument.parsed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.tfjson.StackDocument.Resource;
import dev.svcconnect.tfjson.StackDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every rule of the policy suite, in report order: their data ({@value #CATALOGUE}, beside this class) and their
 * checks, which read the synthesized JSON only.
 */
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
  /** The rules' data, in report order, beside this class: each names its check, a method of this class. */
  static final String CATALOGUE = "rules.yaml";
  private static final Set<String> FIELDS = Set.of("id", "severity", "title", "reason", "mirrors", "fix",
      "resourceTypes", "costSwitch", "onAwsTwin", "check", "localException");
  private static final MethodType CHECK = MethodType.methodType(Optional.class, Resource.class, StackDocument.class,
      PolicyContext.class);
  private static final List<Rule> ALL = load();

  private Rules() {}

  /**
   * Reads {@value #CATALOGUE}: every entry's fields as Rule documents them, its check the static method of this class
   * it names, with {@link Rule.Check}'s parameters.
   *
   * @throws IllegalStateException naming the entry and the field, when the catalogue is not as described (a build
   *     error: the file ships in the jar)
   */
  private static List<Rule> load() {
    List<?> entries;
    try (InputStream in = Rules.class.getResourceAsStream(CATALOGUE)) {
      entries = (List<?>) new Load(LoadSettings.builder().build()).loadFromInputStream(
          Objects.requireNonNull(in, CATALOGUE));
    } catch (IOException e) {
      throw new UncheckedIOException(CATALOGUE, e);
    }
    List<Rule> rules = new ArrayList<>();
    for (Object entry : entries) {
      Map<?, ?> m = (Map<?, ?>) entry;
      String id = String.valueOf(m.get("id"));
      m.keySet().stream().filter(k -> !FIELDS.contains(k)).findFirst().ifPresent(k -> {
        throw new IllegalStateException(CATALOGUE + ": rule " + id + ": unknown field " + k);
      });
      Optional<CostSwitch> costSwitch = Optional.ofNullable(m.get("costSwitch")).map(field -> Arrays.stream(
          CostSwitch.values()).filter(c -> c.field().equals(field)).findFirst().orElseThrow(() ->
          new IllegalStateException(CATALOGUE + ": rule " + id + ": costSwitch " + field + " is no CostSwitch's field")));
      rules.add(new Rule(id,
          Severity.valueOf(String.valueOf(m.containsKey("severity") ? m.get("severity") : "error")
              .toUpperCase(Locale.ROOT)),
          text(m, id, "title"), text(m, id, "reason"), texts(m, id, "mirrors"), text(m, id, "fix"),
          texts(m, id, "resourceTypes"), costSwitch, Boolean.TRUE.equals(m.get("onAwsTwin")),
          check(id, text(m, id, "check")),
          m.containsKey("localException") ? Optional.of(text(m, id, "localException")) : Optional.empty()));
    }
    return List.copyOf(rules);
  }

  private static String text(Map<?, ?> entry, String id, String field) {
    if (!(entry.get(field) instanceof String value) || value.isBlank()) {
      throw new IllegalStateException(CATALOGUE + ": rule " + id + ": " + field + " must be a non-empty string");
    }
    return value;
  }

  private static List<String> texts(Map<?, ?> entry, String id, String field) {
    if (!(entry.get(field) instanceof List<?> values) || values.isEmpty()
        || !values.stream().allMatch(String.class::isInstance)) {
      throw new IllegalStateException(CATALOGUE + ": rule " + id + ": " + field + " must be a list of strings");
    }
    return values.stream().map(String.class::cast).toList();
  }

  /** The method of this class named {@code name}, as a check; a check's own exceptions pass through unwrapped. */
  private static Rule.Check check(String id, String name) {
    MethodHandle method;
    try {
      method = MethodHandles.lookup().findStatic(Rules.class, name, CHECK);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(CATALOGUE + ": rule " + id + ": check " + name + " is not a method of Rules"
          + " taking (Resource, StackDocument, PolicyContext)", e);
    }
    return (resource, stack, context) -> {
      try {
        @SuppressWarnings("unchecked")
        Optional<String> failure = (Optional<String>) method.invokeExact(resource, stack, context);
        return failure;
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    };
  }

  public static List<Rule> all() {
    return ALL;
  }

  public static Optional<Rule> byId(String id) {
    return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
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
      if (open && !listenerOfInternetFacingLoadBalancer(r, rule, s)) {
        String ports = rule.has("from_port") ? " ports " + rule.path("from_port").asText() + "-"
            + rule.path("to_port").asText() : " all ports";
        return fail("ingress from anywhere on" + ports);
      }
    }
    return Optional.empty();
  }

  /**
   * A world-open rule that is the way in to an internet-facing load balancer: a rule of a group that only such load
   * balancers use, on exactly one port that one of them listens on. FSBP EC2.18 likewise authorizes unrestricted
   * ingress on listener ports (its default authorizedTcpPorts are 80 and 443:
   * https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18).
   */
  private static boolean listenerOfInternetFacingLoadBalancer(Resource r, JsonNode rule, StackDocument s) {
    if (!r.type().equals("aws_vpc_security_group_ingress_rule")) {
      return false;
    }
    Optional<Resource> group = s.referenced(r.get("security_group_id"));
    if (group.isEmpty() || !rule.path("from_port").equals(rule.path("to_port"))) {
      return false;
    }
    List<Resource> users = s.resources().stream().filter(x -> usesGroup(x, group.get())).toList();
    List<Resource> balancers = users.stream().filter(x -> x.type().equals("aws_lb")).toList();
    if (balancers.isEmpty() || balancers.size() != users.size()
        || balancers.stream().anyMatch(lb -> isTrue(lb.get("internal")))) {
      return false;
    }
    int port = rule.path("from_port").asInt(-1);
    return balancers.stream().flatMap(lb -> s.referencing("aws_lb_listener", "load_balancer_arn", lb).stream())
        .anyMatch(l -> l.get("port").asInt(-2) == port);
  }

  /** Whether {@code r} attaches {@code group} (security_groups, vpc_security_group_ids or a service's network). */
  private static boolean usesGroup(Resource r, Resource group) {
    List<JsonNode> lists = List.of(r.get("security_groups"), r.get("vpc_security_group_ids"),
        block(r.body(), "network_configuration").path("security_groups"));
    for (JsonNode list : lists) {
      for (JsonNode v : list) {
        if (StackDocument.refersTo(v, group)) {
          return true;
        }
      }
    }
    return false;
  }

  // Load balancers

  private static Optional<String> httpsListener(Resource lb, StackDocument s, PolicyContext c) {
    if (isTrue(lb.get("internal"))) {
      return Optional.empty();
    }
    List<Resource> listeners = s.referencing("aws_lb_listener", "load_balancer_arn", lb);
    if (listeners.stream().noneMatch(l -> l.get("protocol").asText("").equals("HTTPS"))) {
      return fail("internet-facing and no HTTPS listener");
    }
    for (Resource l : listeners) {
      if (l.get("protocol").asText("HTTP").equals("HTTP")) {
        JsonNode action = block(l.body(), "default_action");
        boolean redirects = action.path("type").asText("").equals("redirect")
            && block(action, "redirect").path("protocol").asText("").equals("HTTPS");
        if (!redirects) {
          return fail("HTTP listener on port " + l.get("port").asText() + " does not redirect to HTTPS");
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> tlsPolicy(Resource l, StackDocument s, PolicyContext c) {
    if (!l.get("protocol").asText("").equals("HTTPS")) {
      return Optional.empty();
    }
    String policy = l.get("ssl_policy").asText("");
    return policy.startsWith("ELBSecurityPolicy-TLS13-") ? Optional.empty()
        : fail("ssl_policy is " + (policy.isEmpty() ? "not set (AWS's default is ELBSecurityPolicy-2016-08)"
            : "'" + policy + "'"));
  }

  private static Optional<String> dropInvalidHeaders(Resource lb, StackDocument s, PolicyContext c) {
    return isTrue(lb.get("drop_invalid_header_fields")) ? Optional.empty()
        : fail("drop_invalid_header_fields is not true");
  }

  private static Optional<String> deletionProtection(Resource lb, StackDocument s, PolicyContext c) {
    return isTrue(lb.get("enable_deletion_protection")) ? Optional.empty()
        : fail("enable_deletion_protection is not true");
  }

  private static Optional<String> accessLogs(Resource lb, StackDocument s, PolicyContext c) {
    JsonNode logs = block(lb.body(), "access_logs");
    return isTrue(logs.path("enabled")) && !blank(logs.path("bucket")) ? Optional.empty()
        : fail("access_logs is not enabled with a bucket");
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

  private static Optional<String> secretKms(Resource r, StackDocument s, PolicyContext c) {
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

  // ECR

  private static Optional<String> ecrImmutableTags(Resource r, StackDocument s, PolicyContext c) {
    String mutability = r.get("image_tag_mutability").asText("MUTABLE");
    return mutability.equals("IMMUTABLE") ? Optional.empty()
        : fail("image_tag_mutability is " + mutability + ", not IMMUTABLE");
  }

  private static Optional<String> ecrScanOnPush(Resource r, StackDocument s, PolicyContext c) {
    return isTrue(block(r.body(), "image_scanning_configuration").path("scan_on_push")) ? Optional.empty()
        : fail("image_scanning_configuration.scan_on_push is not true");
  }

  private static Optional<String> ecrLifecyclePolicy(Resource r, StackDocument s, PolicyContext c) {
    return s.referencing("aws_ecr_lifecycle_policy", "repository", r).isEmpty()
        ? fail("no aws_ecr_lifecycle_policy for this repository") : Optional.empty();
  }

  /**
   * SSE-KMS with a named key: without {@code kms_key}, KMS encryption uses the AWS-managed aws/ecr key, whose policy
   * no one controls (https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html).
   */
  private static Optional<String> ecrKmsEncrypted(Resource r, StackDocument s, PolicyContext c) {
    JsonNode encryption = block(r.body(), "encryption_configuration");
    String type = encryption.path("encryption_type").asText("AES256");
    if (!type.equals("KMS")) {
      return fail("encryption_configuration.encryption_type is " + type + ", not KMS");
    }
    return blank(encryption.path("kms_key")) ? fail("encryption_configuration.kms_key is not set (the AWS-managed"
        + " aws/ecr key)") : Optional.empty();
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

  private static Optional<String> s3Encrypted(Resource bucket, StackDocument stack, PolicyContext context) {
    return s3Encryption(bucket, stack, false);
  }

  private static Optional<String> s3KmsEncrypted(Resource bucket, StackDocument stack, PolicyContext context) {
    return s3Encryption(bucket, stack, true).or(() -> backendKms(bucket, context));
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
