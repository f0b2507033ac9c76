package dev.svcconnect.platform;

import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.data_aws_partition.DataAwsPartition;
import com.hashicorp.cdktf.providers.aws.kms_alias.KmsAlias;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import dev.svcconnect.naming.IamDocuments;
import dev.svcconnect.naming.IamDocuments.Condition;
import dev.svcconnect.naming.IamDocuments.Principal;
import dev.svcconnect.naming.IamDocuments.Statement;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import java.util.List;
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
   * @param naming the environment's names: the key's alias is {@link Naming#logsKeyAlias}
   * @param region where CloudWatch Logs uses the key
   */
  public LogsKey(Construct scope, String id, Naming naming, String region) {
    super(scope, id);
    DataAwsCallerIdentity account = DataAwsCallerIdentity.Builder.create(this, "Account").build();
    DataAwsPartition partition = DataAwsPartition.Builder.create(this, "Partition").build();
    String arnPrefix = "arn:" + partition.getPartition() + ":";
    key = KmsKey.Builder.create(this, "Resource")
        .description(Literal.of(naming.logsKeyDescription()))
        .enableKeyRotation(true)
        .deletionWindowInDays(DELETION_WINDOW_DAYS)
        .policy(policy(arnPrefix, account.getAccountId(), Literal.of(region)))
        .build();
    KmsAlias.Builder.create(this, "Alias")
        .name(Literal.of(naming.logsKeyAlias()))
        .targetKeyId(key.getKeyId())
        .build();
  }

  /**
   * The account administers the key through IAM (the default key policy's first statement); CloudWatch Logs in
   * {@code region} may use it for this account's log groups only
   * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
   */
  private static String policy(String arnPrefix, String accountId, String region) {
    return IamDocuments.policy(
        Statement.allow("kms:*", "*")
            .withSid("AccountAdministersTheKeyThroughIam")
            .withPrincipal(Principal.aws(arnPrefix + "iam::" + accountId + ":root")),
        Statement.allow(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                "kms:Describe*"), List.of("*"))
            .withSid("CloudWatchLogsEncryptsThisAccountsLogGroups")
            .withPrincipal(Principal.service("logs." + region + ".amazonaws.com"))
            .withCondition(new Condition("ArnLike", "kms:EncryptionContext:aws:logs:arn",
                arnPrefix + "logs:" + region + ":" + accountId + ":log-group:*")));
  }

  public KmsKey key() {
    return key;
  }
}
