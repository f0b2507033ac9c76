package dev.svcconnect.platform;

import java.util.Optional;

/**
 * @param clusterName ECS cluster name
 * @param namespaceName Cloud Map HTTP namespace Service Connect publishes into
 * @param logGroupName CloudWatch log group for Service Connect traffic logs, container logs and ECS Exec sessions
 * @param logRetentionDays how long those logs are kept
 * @param containerInsights the cluster's Container Insights setting (security.containerInsights)
 * @param key the customer-managed key for the log group and ECS Exec sessions; empty: CloudWatch's own encryption
 *     and an unencrypted-beyond-TLS Exec channel (security.kmsKeys: false)
 */
public record PlatformProps(
    String clusterName,
    String namespaceName,
    String logGroupName,
    int logRetentionDays,
    boolean containerInsights,
    Optional<LogsKey> key) {}
