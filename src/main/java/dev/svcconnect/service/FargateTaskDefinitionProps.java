package dev.svcconnect.service;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import java.util.List;
import java.util.Optional;

/**
 * @param family task definition family
 * @param cpu task CPU units (a Fargate size)
 * @param memoryMiB task memory, valid for {@code cpu} on Fargate
 * @param cpuArchitecture X86_64 or ARM64
 * @param containerName the single essential container
 * @param image its image
 * @param portMappings named port mappings; Service Connect refers to them by name
 * @param roleNamePrefix prefix of the execution and task role names
 * @param logGroup where the container writes its own logs (stream prefix = container name), and where the
 *     cluster's ECS Exec sessions are logged from inside the task
 * @param region the log group's region
 * @param execKey the KMS key that encrypts ECS Exec sessions, when there is one (security.kmsKeys)
 */
public record FargateTaskDefinitionProps(
    String family,
    int cpu,
    int memoryMiB,
    String cpuArchitecture,
    String containerName,
    String image,
    List<PortMapping> portMappings,
    String roleNamePrefix,
    CloudwatchLogGroup logGroup,
    String region,
    Optional<KmsKey> execKey) {
  public FargateTaskDefinitionProps {
    portMappings = List.copyOf(portMappings);
  }
}
