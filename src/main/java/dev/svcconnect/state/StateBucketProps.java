package dev.svcconnect.state;

/**
 * @param bucketName the S3 bucket Terraform keeps the service stack's state in
 * @param protect true on real AWS: prevent_destroy, and no force_destroy of a bucket holding state versions
 * @param denyInsecureTransport attach the policy that refuses every request not made over TLS
 */
public record StateBucketProps(String bucketName, boolean protect, boolean denyInsecureTransport) {}
