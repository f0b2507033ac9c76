package dev.svcconnect.naming;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The IAM policy documents the stack writes, in one place. */
public final class IamDocuments {
  private IamDocuments() {}

  /** A trust policy letting {@code service} (e.g. ecs-tasks.amazonaws.com) assume the role. */
  public static String trust(String service) {
    return Json.write(document(statement("sts:AssumeRole", Map.of("Principal", Map.of("Service", service)))));
  }

  /** Allows {@code actions} on every resource (for APIs such as ssmmessages that have no resource types). */
  public static String allowOnAnyResource(List<String> actions) {
    return Json.write(document(statement(actions, Map.of("Resource", "*"))));
  }

  /**
   * What the ECS Exec agent needs to write session logs to {@code logGroupArn}: streams and events in that group
   * only, plus DescribeLogGroups, which has no resource type; and kms:Decrypt on the session key, if any.
   */
  public static String execSessionLogging(String logGroupArn, Optional<String> kmsKeyArn) {
    List<Map<String, Object>> statements = new ArrayList<>();
    statements.add(statement(List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
        Map.of("Resource", List.of(logGroupArn, logGroupArn + ":*"))));
    statements.add(statement("logs:DescribeLogGroups", Map.of("Resource", "*")));
    kmsKeyArn.ifPresent(arn -> statements.add(statement("kms:Decrypt", Map.of("Resource", arn))));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("Version", "2012-10-17");
    d.put("Statement", statements);
    return Json.write(d);
  }

  private static Map<String, Object> statement(Object action, Map<String, Object> extra) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("Effect", "Allow");
    s.put("Action", action);
    s.putAll(extra);
    return s;
  }

  private static Map<String, Object> document(Map<String, Object> statement) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("Version", "2012-10-17");
    d.put("Statement", List.of(statement));
    return d;
  }
}
