package dev.svcconnect.state;

/**
 * How a {@link StateBucket} is protected, as its target allows (see DeploymentTarget#stateBucketProtection).
 *
 * @param preventDestroy prevent_destroy, and no force_destroy of a bucket holding state versions
 * @param denyInsecureTransport attach the policy that refuses every request not made over TLS
 */
public record StateBucketProtection(boolean preventDestroy, boolean denyInsecureTransport) {}
