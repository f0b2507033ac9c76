package dev.svcconnect.naming;

/**
 * The one place for what differs between AWS partitions: {@code aws}, {@code aws-us-gov} (GovCloud) and
 * {@code aws-cn} (China). Every ARN starts with its partition
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html), and an ARN of another partition does not
 * exist in the account: attaching {@code arn:aws:iam::aws:policy/...} in GovCloud fails. A regional service
 * principal ends in the partition's DNS suffix ({@code logs.cn-north-1.amazonaws.com.cn} in China,
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/service_principal). So nothing
 * writes {@code arn:aws:} literally: ARNs and regional principals are built here from what the provider reports
 * ({@code data.aws_partition}), which the stack reads once.
 *
 * @param partition the partition, usually the token of {@code data.aws_partition.partition}
 * @param dnsSuffix its DNS suffix, usually the token of {@code data.aws_partition.dns_suffix}
 * @param reverseDnsPrefix its reverse DNS prefix ({@code com.amazonaws}, {@code cn.com.amazonaws}), usually the
 *     token of {@code data.aws_partition.reverse_dns_prefix}
 */
public record Partition(String partition, String dnsSuffix, String reverseDnsPrefix) {
  /** {@code arn:<partition>:} */
  public String arnPrefix() {
    return "arn:" + partition + ":";
  }

  /**
   * An AWS-managed IAM policy, e.g. {@code AmazonSSMManagedInstanceCore} or
   * {@code service-role/AmazonECSTaskExecutionRolePolicy} (path included): {@code arn:<partition>:iam::aws:policy/<name>}
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies).
   */
  public String managedPolicy(String name) {
    return arnPrefix() + "iam::aws:policy/" + name;
  }

  /** The account's root principal: {@code arn:<partition>:iam::<account>:root}. */
  public String accountRoot(String accountId) {
    return arnPrefix() + "iam::" + accountId + ":root";
  }

  /** Log groups of {@code accountId} in {@code region} matching {@code pattern}, e.g. {@code *}. */
  public String logGroups(String region, String accountId, String pattern) {
    return arnPrefix() + "logs:" + region + ":" + accountId + ":log-group:" + pattern;
  }

  /**
   * An SSM Parameter Store parameter of {@code accountId} in {@code region}, by its name ({@code /a/b} or {@code a}):
   * {@code arn:<partition>:ssm:<region>:<account>:parameter/a/b}, the name's leading {@code /} once
   * (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html).
   */
  public String ssmParameter(String region, String accountId, String name) {
    return arnPrefix() + "ssm:" + region + ":" + accountId + ":parameter" + (name.startsWith("/") ? "" : "/") + name;
  }

  /**
   * A service's regional principal, e.g. {@code logs.eu-west-1.amazonaws.com}: {@code <service>.<region>.<suffix>}.
   * Global principals such as {@code ecs-tasks.amazonaws.com} are the same in every partition.
   */
  public String regionalServicePrincipal(String service, String region) {
    return service + "." + region + "." + dnsSuffix;
  }

  /**
   * A VPC endpoint service's name, e.g. {@code com.amazonaws.eu-west-1.ecr.api}: {@code <reverse DNS prefix>.<region>.
   * <service>} (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html).
   */
  public String endpointServiceName(String region, String service) {
    return reverseDnsPrefix + "." + region + "." + service;
  }
}
