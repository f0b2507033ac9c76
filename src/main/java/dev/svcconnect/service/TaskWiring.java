package dev.svcconnect.service;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import dev.svcconnect.naming.Partition;
import dev.svcconnect.naming.Naming;
import java.util.Optional;

/**
 * What a {@link FargateTaskDefinition} is wired to, beside the task it renders.
 *
 * @param logGroup where the containers write their own logs (stream prefix = container name), and where the
 *     cluster's ECS Exec sessions are logged from inside the task
 * @param key the stack's customer-managed KMS key, when there is one (security.kmsKeys): it encrypts the ECS Exec
 *     sessions, the secrets the stack creates and the ECR repositories the task's containers run images from
 * @param naming the environment's names: the roles are {@code <naming.name(family)>-execution} and {@code -task}
 * @param region the log group's region
 * @param partition the stack's partition, for the execution role's managed policy
 */
public record TaskWiring(CloudwatchLogGroup logGroup, Optional<KmsKey> key, Naming naming, String region,
    Partition partition) {}
