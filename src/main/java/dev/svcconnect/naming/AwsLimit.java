package dev.svcconnect.naming;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS's documented limits on the names and descriptions the stack derives from the config ({@link Naming}): length,
 * characters (or the whole value's form), and whether AWS compares them without regard to case. The one home of
 * each limit; {@code config.DerivedNameRules} checks every derived value against its limit, and the messages cite
 * the source below. Lengths count characters (Unicode code points), as AWS's API references do.
 */
public enum AwsLimit {
  /** IAM role names: 1-64 of {@code [\w+=,.@-]}; "names are not distinguished by case". */
  IAM_ROLE_NAME("IAM role name", "IAM", 64, chars("[\\w+=,.@-]"), "letters, digits and _+=,.@-", true,
      "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html"),
  /** IAM role descriptions: up to 1000 characters of tab, line feed, carriage return, printable ASCII and Latin-1. */
  IAM_ROLE_DESCRIPTION("IAM role description", "IAM", 1000,
      chars("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]"), "printable ASCII and Latin-1 characters", false,
      "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html"),
  /** Instance profile names: 1-128 of {@code [\w+=,.@-]}, case-insensitive like every IAM name. */
  IAM_INSTANCE_PROFILE_NAME("instance profile name", "IAM", 128, chars("[\\w+=,.@-]"),
      "letters, digits and _+=,.@-", true,
      "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html"),
  /**
   * Security group names: up to 255 characters of EC2's set, not starting with {@code sg-}; "names are
   * case-insensitive and must be unique within the VPC".
   */
  SECURITY_GROUP_NAME("security group name", "EC2", 255, chars(Ec2.CHARS), Ec2.CHARS_TEXT, true,
      "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html"),
  /** Security group descriptions: up to 255 characters of the same set. */
  SECURITY_GROUP_DESCRIPTION("security group description", "EC2", 255, chars(Ec2.CHARS), Ec2.CHARS_TEXT, false,
      "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html"),
  /** A rule's description when it references another group: up to 255 characters, the same set without '&'. */
  SECURITY_GROUP_RULE_DESCRIPTION("security group rule description", "EC2", 255,
      chars("[a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=;{}!$*]"), "a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=;{}!$*", false,
      "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UserIdGroupPair.html"),
  /**
   * Cloud Map service names (Service Connect creates one per discovery name): up to 127 characters of dot-separated
   * labels of 1-63 letters, digits, '_' or '-', not starting or ending with '-' (a one-character label is a letter
   * or digit).
   */
  CLOUD_MAP_SERVICE_NAME("Cloud Map service name", "Cloud Map", 127, form(
      "([a-zA-Z0-9_][a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9])(\\.([a-zA-Z0-9_][a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_]"
          + "|[a-zA-Z0-9]))*"),
      "dot-separated labels of 1-63 letters, digits, '_' and '-', neither starting nor ending with '-'"
          + " (a one-character label is a letter or digit)", false,
      "https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html"),
  /** Target-tracking policy names: 1-256 printable characters. */
  SCALING_POLICY_NAME("scaling policy name", "Application Auto Scaling", 256, chars("\\p{Print}"),
      "printable characters", false,
      "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html"),
  /** Log group names: 1-512 of letters, digits and {@code ._-/#}; unique in the account and region. */
  LOG_GROUP_NAME("log group name", "CloudWatch Logs", 512, chars("[.\\-_/#A-Za-z0-9]"),
      "letters, digits and . - _ / #", false,
      "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html"),
  /** KMS alias names: 1-256 of letters, digits and {@code :/_-}. */
  KMS_ALIAS_NAME("KMS alias", "KMS", 256, chars("[a-zA-Z0-9:/_-]"), "letters, digits and :/_-", false,
      "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html"),
  /** Secrets Manager secret names: 1-512 of letters, digits and {@code /_+=.@-}. */
  SECRET_NAME("secret name", "Secrets Manager", 512, chars("[A-Za-z0-9/_+=.@-]"), "letters, digits and /_+=.@-",
      false, "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html"),
  /** Cloud Map namespace descriptions: up to 1024 characters. */
  NAMESPACE_DESCRIPTION("namespace description", "Cloud Map", 1024, null, "", false,
      "https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateHttpNamespace.html"),
  /**
   * ECR repository names: 2-256 characters, lowercase path components of letters and digits joined by single
   * {@code . _ -}, separated by {@code /}.
   */
  ECR_REPOSITORY_NAME("ECR repository name", "ECR", 256,
      form("(?=.{2,})(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*"),
      "2-256 lowercase letters and digits in /-separated parts, joined by single . _ or -", false,
      "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html"),
  /** KMS key descriptions: up to 8192 characters. */
  KMS_KEY_DESCRIPTION("KMS key description", "KMS", 8192, null, "", false,
      "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html");

  /** Tags on one resource: at most 50 that the user (here: the stack) sets; AWS's own aws: tags do not count. */
  public static final int TAGS_PER_RESOURCE = 50;
  /** Where {@link #TAGS_PER_RESOURCE} is documented. */
  public static final String TAGS_SOURCE = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html";

  /** EC2's characters for security group names and descriptions (API_CreateSecurityGroup). */
  private static final class Ec2 {
    static final String CHARS = "[a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]";
    static final String CHARS_TEXT = "a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*";
  }

  private final String what;
  private final String service;
  private final int maxLength;
  /** What the value may hold: each character, or the whole value; null: anything. */
  private final Allowed allowed;
  private final String allowedText;
  private final boolean caseInsensitive;
  private final String source;

  AwsLimit(String what, String service, int maxLength, Allowed allowed, String allowedText,
      boolean caseInsensitive, String source) {
    this.what = what;
    this.service = service;
    this.maxLength = maxLength;
    this.allowed = allowed;
    this.allowedText = allowedText;
    this.caseInsensitive = caseInsensitive;
    this.source = source;
  }

  /** {@code pattern} matches one allowed character, or the whole value. */
  private record Allowed(Pattern pattern, boolean perCharacter) {}

  private static Allowed chars(String characterClass) {
    return new Allowed(Pattern.compile(characterClass), true);
  }

  private static Allowed form(String regex) {
    return new Allowed(Pattern.compile(regex), false);
  }

  /** The AWS service that sets the limit, as messages name it: "IAM". */
  public String service() {
    return service;
  }

  /** What the value is, as messages name it: "IAM role name". */
  public String what() {
    return what;
  }

  /** The AWS documentation page the limit comes from. */
  public String source() {
    return source;
  }

  /**
   * Why {@code value} breaks this limit, as the end of a message ("is 71 characters; IAM allows 64 (url)"), or
   * empty when it does not.
   */
  public Optional<String> violation(String value) {
    int length = value.codePointCount(0, value.length());
    if (length > maxLength) {
      return Optional.of("is " + length + " characters; " + service + " allows " + maxLength + " (" + source + ")");
    }
    if (this == SECURITY_GROUP_NAME && value.toLowerCase(Locale.ROOT).startsWith("sg-")) {
      return Optional.of("starts with 'sg-', which EC2 does not allow (" + source + ")");
    }
    if (allowed == null) {
      return Optional.empty();
    }
    if (allowed.perCharacter()) {
      for (int i = 0; i < value.length(); ) {
        int cp = value.codePointAt(i);
        if (!allowed.pattern().matcher(new String(Character.toChars(cp))).matches()) {
          return Optional.of("contains " + quoteChar(cp) + ", which " + service + " does not allow (allowed: "
              + allowedText + ") (" + source + ")");
        }
        i += Character.charCount(cp);
      }
      return Optional.empty();
    }
    return allowed.pattern().matcher(value).matches() ? Optional.empty()
        : Optional.of("is not " + article() + what + ": " + allowedText + " (" + source + ")");
  }

  /** The key under which two names collide: the name itself, or lower-cased where AWS ignores case. */
  public String identity(String value) {
    return caseInsensitive ? value.toLowerCase(Locale.ROOT) : value;
  }

  private String article() {
    return "aeiouAEIOU".indexOf(what.charAt(0)) >= 0 ? "an " : "a ";
  }

  private static String quoteChar(int cp) {
    if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
      return String.format("U+%04X", cp);
    }
    return "'" + new String(Character.toChars(cp)) + "'";
  }
}
