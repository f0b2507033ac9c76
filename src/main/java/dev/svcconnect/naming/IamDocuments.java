package dev.svcconnect.naming;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IAM policy documents as typed values, and the one place that renders them as the JSON IAM reads. Every policy the
 * stacks write goes through here: roles' trust policies and inline policies, the KMS key policy and the state
 * bucket policy. The grammar is IAM's
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html): a one-value Action or
 * Resource is written as a string, several as an array, both of which IAM accepts
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
 */
public final class IamDocuments {
  /** The policy language version every document declares (reference_policies_elements_version.html). */
  static final String VERSION = "2012-10-17";

  private IamDocuments() {}

  public enum Effect {
    ALLOW("Allow"), DENY("Deny");

    private final String json;

    Effect(String json) {
      this.json = json;
    }
  }

  /**
   * Who a statement of a resource-based policy (key policy, bucket policy, trust policy) applies to
   * (reference_policies_elements_principal.html).
   *
   * @param type {@code Service} or {@code AWS}; empty for {@link #anyone()}
   * @param id the service principal ({@code logs.eu-west-1.amazonaws.com}) or account/role ARN
   */
  public record Principal(Optional<String> type, String id) {
    public static Principal service(String servicePrincipal) {
      return new Principal(Optional.of("Service"), servicePrincipal);
    }

    public static Principal aws(String arn) {
      return new Principal(Optional.of("AWS"), arn);
    }

    /** {@code "*"}: every principal, anonymous ones included. */
    public static Principal anyone() {
      return new Principal(Optional.empty(), "*");
    }

    Object json() {
      return type.<Object>map(t -> Map.of(t, id)).orElse(id);
    }
  }

  /**
   * One condition of a statement: {@code {operator: {key: value}}}, e.g. {@code Bool aws:SecureTransport false}
   * (reference_policies_elements_condition.html).
   */
  public record Condition(String operator, String key, String value) {
    Object json() {
      return Map.of(operator, Map.of(key, value));
    }
  }

  /**
   * One statement of a permissions policy. {@code principal} is set only in resource-based policies (a key or bucket
   * policy); identity-based policies (a role's inline policy) leave it empty.
   *
   * @param sid an optional statement id, unique in its document
   * @param actions at least one, e.g. {@code logs:PutLogEvents} or {@code kms:*}
   * @param resources at least one ARN, or {@code *}
   */
  public record Statement(Optional<String> sid, Effect effect, Optional<Principal> principal, List<String> actions,
      List<String> resources, Optional<Condition> condition) {
    public Statement {
      actions = List.copyOf(actions);
      resources = List.copyOf(resources);
      if (actions.isEmpty() || resources.isEmpty()) {
        throw new IllegalArgumentException("a statement needs an action and a resource, got " + actions + " on "
            + resources);
      }
    }

    public static Statement allow(List<String> actions, List<String> resources) {
      return new Statement(Optional.empty(), Effect.ALLOW, Optional.empty(), actions, resources, Optional.empty());
    }

    public static Statement allow(String action, String resource) {
      return allow(List.of(action), List.of(resource));
    }

    public static Statement deny(List<String> actions, List<String> resources) {
      return new Statement(Optional.empty(), Effect.DENY, Optional.empty(), actions, resources, Optional.empty());
    }

    public Statement withSid(String id) {
      return new Statement(Optional.of(id), effect, principal, actions, resources, condition);
    }

    public Statement withPrincipal(Principal p) {
      return new Statement(sid, effect, Optional.of(p), actions, resources, condition);
    }

    public Statement withCondition(Condition c) {
      return new Statement(sid, effect, principal, actions, resources, Optional.of(c));
    }

    /** The members in the order of IAM's grammar: Sid, Effect, Principal, Action, Resource, Condition. */
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      sid.ifPresent(s -> m.put("Sid", s));
      m.put("Effect", effect.json);
      principal.ifPresent(p -> m.put("Principal", p.json()));
      m.put("Action", oneOrMany(actions));
      m.put("Resource", oneOrMany(resources));
      condition.ifPresent(c -> m.put("Condition", c.json()));
      return m;
    }
  }

  /** A permissions policy of {@code statements}, as JSON. */
  public static String policy(List<Statement> statements) {
    return document(statements.stream().<Object>map(Statement::json).toList());
  }

  public static String policy(Statement... statements) {
    return policy(List.of(statements));
  }

  /**
   * A role's trust policy letting {@code service} (e.g. ecs-tasks.amazonaws.com) assume the role. Its statement has
   * no Resource (a trust policy's resource is the role itself) and lists Action before Principal, as the stacks
   * have always written it: IAM reads the members in any order, and keeping it keeps every synthesized
   * assume_role_policy unchanged.
   */
  public static String trust(String service) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("Effect", Effect.ALLOW.json);
    s.put("Action", "sts:AssumeRole");
    s.put("Principal", Principal.service(service).json());
    return document(List.of(s));
  }

  /** Allows {@code actions} on every resource (for APIs such as ssmmessages that have no resource types). */
  public static Statement allowOnAnyResource(List<String> actions) {
    return Statement.allow(actions, List.of("*"));
  }

  /**
   * What a service writing into the log group {@code logGroupArn} needs: streams and events in that group only,
   * plus DescribeLogGroups, which has no resource type. The same for the ECS Exec agent
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html, "IAM permissions required for
   * ECS Exec") and for VPC flow logs (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html,
   * without logs:CreateLogGroup: the stack creates the group).
   */
  public static List<Statement> writeToLogGroup(String logGroupArn) {
    return List.of(
        Statement.allow(List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
            List.of(logGroupArn, logGroupArn + ":*")),
        Statement.allow("logs:DescribeLogGroups", "*"));
  }

  private static String document(List<Object> statements) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("Version", VERSION);
    d.put("Statement", new ArrayList<>(statements));
    return Json.write(d);
  }

  private static Object oneOrMany(List<String> values) {
    return values.size() == 1 ? values.get(0) : values;
  }
}
