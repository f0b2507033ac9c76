package dev.svcconnect.naming;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How ECS and IAM name a Secrets Manager secret: the {@code valueFrom} of a container's secret, and the resource a
 * policy grants {@code secretsmanager:GetSecretValue} on. Both take the secret ARN from the config, complete or
 * partial, before it is escaped for Terraform.
 */
public final class SecretReferences {
  /**
   * The end of a complete secret ARN: Secrets Manager appends a hyphen and six random alphanumeric characters to the
   * name (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html), and reads a
   * name ending that way as complete, which is why it advises against such names
   * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html, SecretId).
   */
  private static final Pattern COMPLETE = Pattern.compile(".*:secret:.+-[A-Za-z0-9]{6}$");

  private SecretReferences() {}

  /**
   * The policy resource for the whole secret {@code arn}: the ARN itself when complete, else the partial ARN followed
   * by {@code -??????}, which matches exactly the six characters Secrets Manager appends and nothing longer (unlike
   * {@code -*}; https://docs.aws.amazon.com/secretsmanager/latest/userguide/permissions_grant-limited-resources.html).
   */
  public static String policyResource(String arn) {
    return COMPLETE.matcher(arn).matches() ? arn : arn + "-??????";
  }

  /**
   * A Secrets Manager secret's {@code valueFrom}: the ARN alone for the whole current value, else
   * {@code <arn>:<json-key>:<version-stage>:<version-id>} with the parts not set left empty
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
   */
  public static String valueFrom(String arn, Optional<String> jsonKey, Optional<String> versionStage,
      Optional<String> versionId) {
    if (jsonKey.isEmpty() && versionStage.isEmpty() && versionId.isEmpty()) {
      return arn;
    }
    return arn + ":" + jsonKey.orElse("") + ":" + versionStage.orElse("") + ":" + versionId.orElse("");
  }
}
