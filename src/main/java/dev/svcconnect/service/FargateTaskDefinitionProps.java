package dev.svcconnect.service;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import dev.svcconnect.config.EnvironmentConfig.HealthCheck;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.config.EnvironmentConfig.ReadinessGate;
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
 * @param healthCheck the app container's ECS health check, if any
 * @param readinessGate the container that starts once the app container is HEALTHY, if any
 * @param containerCpu the app container's CPU units, if capped (headroom for the Service Connect proxy)
 * @param containerMemoryMiB the app container's hard memory limit, if capped
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
    Optional<KmsKey> execKey,
    Optional<HealthCheck> healthCheck,
    Optional<ReadinessGate> readinessGate,
    Optional<Integer> containerCpu,
    Optional<Integer> containerMemoryMiB) {
  public FargateTaskDefinitionProps {
    portMappings = List.copyOf(portMappings);
  }
}
