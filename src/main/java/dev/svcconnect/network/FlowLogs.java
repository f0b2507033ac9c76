package dev.svcconnect.network;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.flow_log.FlowLog;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.naming.IamDocuments;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.prerequisite.RuntimePrerequisites;
import java.util.Map;
import software.constructs.Construct;

/**
 * VPC flow logs ({@code security.vpcFlowLogs: true}): every accepted and rejected connection of the VPC, delivered
 * to their own log group by a role that may write to that group only.
 */
public final class FlowLogs extends Construct {
  private final FlowLog resource;
  private final RuntimePrerequisites rolePolicies;

  /**
   * @param logs the environment's logs: the flow logs are kept {@code logs.retentionDays()} like every other log
   * @param wiring the VPC, the environment's names and the key, if any
   */
  public FlowLogs(Construct scope, String id, EnvironmentConfig.Logs logs, FlowLogsWiring wiring) {
    super(scope, id);
    Naming naming = wiring.naming();
    String name = naming.flowLogsName();
    CloudwatchLogGroup.Builder group = CloudwatchLogGroup.Builder.create(this, "LogGroup")
        .name(Literal.of(name))
        .retentionInDays(logs.retentionDays());
    wiring.key().ifPresent(k -> group.kmsKeyId(k.getArn()));
    CloudwatchLogGroup logGroup = group.build();

    IamRole role = IamRole.Builder.create(this, "Role")
        .name(Literal.of(name))
        .description(Literal.of(naming.flowLogsRoleDescription()))
        .assumeRolePolicy(IamDocuments.trust("vpc-flow-logs.amazonaws.com"))
        .build();
    IamRolePolicy rolePolicy = IamRolePolicy.Builder.create(this, "RolePolicy")
        .name("deliver-flow-logs")
        .role(role.getId())
        .policy(IamDocuments.policy(IamDocuments.writeToLogGroup(logGroup.getArn())))
        .build();

    // The flow log delivers with its role from the start: without the policy, delivery fails (DeliverLogsStatus).
    rolePolicies = RuntimePrerequisites.of(rolePolicy);
    resource = FlowLog.Builder.create(this, "Resource")
        .vpcId(wiring.vpc().id())
        .trafficType("ALL")
        .logDestinationType("cloud-watch-logs")
        .logDestination(logGroup.getArn())
        .iamRoleArn(role.getArn())
        .tags(Literal.of(naming.nameTag(name)))
        .build();
  }

  public FlowLog resource() {
    return resource;
  }

  /** The role's policy: what the flow log needs to deliver (a run-time prerequisite). */
  public RuntimePrerequisites rolePolicies() {
    return rolePolicies;
  }
}
