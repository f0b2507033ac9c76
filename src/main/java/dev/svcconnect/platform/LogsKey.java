package dev.svcconnect.platform;

import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.data_aws_partition.DataAwsPartition;
import com.hashicorp.cdktf.providers.aws.kms_alias.KmsAlias;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import dev.svcconnect.naming.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * The customer-managed KMS key ({@code security.kmsKeys: true}) for the log groups and ECS Exec sessions. Its policy
 * lets the account administer it through IAM and lets CloudWatch Logs use it for this account's log groups only.
 */
public final class LogsKey extends Construct {
  /** The shortest deletion window KMS allows: a destroyed environment stops being billed soonest. */
  static final int DELETION_WINDOW_DAYS = 7;

  private final KmsKey key;

  /**
   * @param alias the key's alias, without {@code alias/}
   * @param region where CloudWatch Logs uses the key
   */
  public LogsKey(Construct scope, String id, String alias, String region) {
    super(scope, id);
    DataAwsCallerIdentity account = DataAwsCallerIdentity.Builder.create(this, "Account").build();
    DataAwsPartition partition = DataAwsPartition.Builder.create(this, "Partition").build();
    String arnPrefix = "arn:" + partition.getPartition() + ":";
    key = KmsKey.Builder.create(this, "Resource")
        .description("Encrypts the log groups and ECS Exec sessions of " + alias)
        .enableKeyRotation(true)
        .deletionWindowInDays(DELETION_WINDOW_DAYS)
        .policy(policy(arnPrefix, account.getAccountId(), region))
        .build();
    KmsAlias.Builder.create(this, "Alias")
        .name("alias/" + alias)
        .targetKeyId(key.getKeyId())
        .build();
  }

  private static String policy(String arnPrefix, String accountId, String region) {
    Map<String, Object> admin = new LinkedHashMap<>();
    admin.put("Sid", "AccountAdministersTheKeyThroughIam");
    admin.put("Effect", "Allow");
    admin.put("Principal", Map.of("AWS", arnPrefix + "iam::" + accountId + ":root"));
    admin.put("Action", "kms:*");
    admin.put("Resource", "*");
    Map<String, Object> logs = new LinkedHashMap<>();
    logs.put("Sid", "CloudWatchLogsEncryptsThisAccountsLogGroups");
    logs.put("Effect", "Allow");
    logs.put("Principal", Map.of("Service", "logs." + region + ".amazonaws.com"));
    logs.put("Action", List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*",
        "kms:Describe*"));
    logs.put("Resource", "*");
    logs.put("Condition", Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
        arnPrefix + "logs:" + region + ":" + accountId + ":log-group:*")));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("Version", "2012-10-17");
    document.put("Statement", List.of(admin, logs));
    return Json.write(document);
  }

  public KmsKey key() {
    return key;
  }
}
