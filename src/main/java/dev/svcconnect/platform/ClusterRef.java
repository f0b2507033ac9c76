package dev.svcconnect.platform;

/**
 * The ECS cluster the services run in, whether the stack created it or reads an existing one (cluster.existing).
 *
 * @param name the cluster's name (a Terraform token)
 * @param arn its ARN (a token)
 */
public record ClusterRef(String name, String arn) {}
