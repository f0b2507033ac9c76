package dev.svcconnect.platform;

/**
 * @param clusterName ECS cluster name
 * @param namespaceName Cloud Map HTTP namespace Service Connect publishes into
 * @param logGroupName CloudWatch log group for Service Connect traffic logs and container logs
 * @param logRetentionDays how long those logs are kept
 */
public record PlatformProps(String clusterName, String namespaceName, String logGroupName, int logRetentionDays) {}
