package dev.svcconnect.network;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.flow_log.FlowLog;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import dev.svcconnect.naming.IamDocuments;
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
        .policy(IamDocuments.policy(IamDocuments.writeToLogGroup(logGroup.getArn())))
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
}
