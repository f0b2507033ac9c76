package dev.svcconnect.platform;

import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.kms_alias.KmsAlias;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import dev.svcconnect.naming.Partition;
import dev.svcconnect.naming.IamDocuments;
import dev.svcconnect.naming.IamDocuments.Condition;
import dev.svcconnect.naming.IamDocuments.Principal;
import dev.svcconnect.naming.IamDocuments.Statement;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import java.util.List;
import software.constructs.Construct;

/**
 * The customer-managed KMS key ({@code security.kmsKeys: true}) for the log groups, ECS Exec sessions and the ECR
 * repositories the stack creates. Its policy lets the account administer it through IAM and lets CloudWatch Logs use
 * it for this account's log groups only. ECR needs no statement of its own: it uses the key through grants that the
 * principal creating a repository makes, which the first statement lets IAM policies allow
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html#encryption-customer-managed-key).
 */
public final class LogsKey extends Construct {
  /** The shortest deletion window KMS allows: a destroyed environment stops being billed soonest. */
  static final int DELETION_WINDOW_DAYS = 7;

  private final KmsKey key;

  /**
   * @param naming the environment's names: the key's alias is {@link Naming#logsKeyAlias}
   * @param region where CloudWatch Logs uses the key
   * @param partition the stack's partition, for the key policy's ARNs and the CloudWatch Logs principal
   */
  public LogsKey(Construct scope, String id, Naming naming, String region, Partition partition) {
    super(scope, id);
    DataAwsCallerIdentity account = DataAwsCallerIdentity.Builder.create(this, "Account").build();
    key = KmsKey.Builder.create(this, "Resource")
        .description(Literal.of(naming.logsKeyDescription()))
        .enableKeyRotation(true)
        .deletionWindowInDays(DELETION_WINDOW_DAYS)
        .policy(policy(partition, account.getAccountId(), Literal.of(region)))
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
  private static String policy(Partition partition, String accountId, String region) {
    return IamDocuments.policy(
        Statement.allow("kms:*", "*")
            .withSid("AccountAdministersTheKeyThroughIam")
            .withPrincipal(Principal.aws(partition.accountRoot(accountId))),
        Statement.allow(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                "kms:Describe*"), List.of("*"))
            .withSid("CloudWatchLogsEncryptsThisAccountsLogGroups")
            .withPrincipal(Principal.service(partition.regionalServicePrincipal("logs", region)))
            .withCondition(new Condition("ArnLike", "kms:EncryptionContext:aws:logs:arn",
                partition.logGroups(region, accountId, "*"))));
  }

  public KmsKey key() {
    return key;
  }
}
