package dev.svcconnect.network;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.flow_log.FlowLog;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import dev.svcconnect.naming.IamDocuments;
import dev.svcconnect.naming.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.constructs.Construct;

/**
 * VPC flow logs ({@code security.vpcFlowLogs: true}): every accepted and rejected connection of the VPC, delivered
 * to their own log group by a role that may write to that group only.
 */
public final class FlowLogs extends Construct {
  /**
   * @param name the log group and role name
   * @param retentionDays the log group's retention (logs.retentionDays)
   * @param key the customer key for the log group, when security.kmsKeys is on
   */
  public FlowLogs(Construct scope, String id, Vpc vpc, String name, int retentionDays, Optional<KmsKey> key) {
    super(scope, id);
    CloudwatchLogGroup.Builder group = CloudwatchLogGroup.Builder.create(this, "LogGroup")
        .name(name)
        .retentionInDays(retentionDays);
    key.ifPresent(k -> group.kmsKeyId(k.getArn()));
    CloudwatchLogGroup logGroup = group.build();

    IamRole role = IamRole.Builder.create(this, "Role")
        .name(name)
        .description("Delivers the flow logs of VPC " + name + " to their log group")
        .assumeRolePolicy(IamDocuments.trust("vpc-flow-logs.amazonaws.com"))
        .build();
    IamRolePolicy.Builder.create(this, "RolePolicy")
        .name("deliver-flow-logs")
        .role(role.getId())
        .policy(deliveryPolicy(logGroup.getArn()))
        .build();

    FlowLog.Builder.create(this, "Resource")
        .vpcId(vpc.getId())
        .trafficType("ALL")
        .logDestinationType("cloud-watch-logs")
        .logDestination(logGroup.getArn())
        .iamRoleArn(role.getArn())
        .tags(Map.of("Name", name))
        .build();
  }

  /** Writing to this one group; describing groups has no resource scope in IAM. */
  private static String deliveryPolicy(String logGroupArn) {
    Map<String, Object> write = new LinkedHashMap<>();
    write.put("Effect", "Allow");
    write.put("Action", List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"));
    write.put("Resource", List.of(logGroupArn, logGroupArn + ":*"));
    Map<String, Object> describe = new LinkedHashMap<>();
    describe.put("Effect", "Allow");
    describe.put("Action", "logs:DescribeLogGroups");
    describe.put("Resource", "*");
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("Version", "2012-10-17");
    document.put("Statement", List.of(write, describe));
    return Json.write(document);
  }
}
