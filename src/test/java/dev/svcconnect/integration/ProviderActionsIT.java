package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.iam.ProviderActions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.svcconnect.tiers.EmulatorTier;
import dev.svcconnect.topology.Topology;

/**
 * Keeps {@code src/test/resources/iam/provider-actions.yaml} true to the provider in use: deploys every option at
 * once (all-options.yaml with the bastion and VPC flow logs on) on its own emulator, deploys it again with one more
 * default tag (an update of everything taggable), and destroys it, with {@code TF_LOG_PROVIDER=DEBUG}. Every AWS
 * request the provider logs names its resource type and API operation; each must be an action of that type's row.
 * A provider upgrade that calls something new fails here, before a deploy role lacks it.
 *
 * <p>What the emulator cannot exercise (the calls ECR makes to KMS as the deploying principal, the bucket policy,
 * updates this run does not make) stays checked only by the table's sources; DeployRolePolicyTest checks the policies
 * against the table.
 */
@EmulatorTier
@ExtendWith(EmulatorExtension.class)
class ProviderActionsIT {
  private static final Path LOGS = Path.of("target/provider-actions-it");
  /** The provider's logging (aws-sdk-go-base) names the service as in the SDK; IAM prefixes them differently. */
  private static final Map<String, String> IAM_PREFIX = Map.ofEntries(
      Map.entry("EC2", "ec2"), Map.entry("ECS", "ecs"), Map.entry("IAM", "iam"), Map.entry("S3", "s3"),
      Map.entry("CloudWatch Logs", "logs"), Map.entry("ServiceDiscovery", "servicediscovery"),
      Map.entry("Application Auto Scaling", "application-autoscaling"), Map.entry("SSM", "ssm"),
      Map.entry("CloudWatch", "cloudwatch"), Map.entry("KMS", "kms"), Map.entry("STS", "sts"),
      Map.entry("ECR", "ecr"));
  /**
   * S3 operations authorized under another action name
   * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html).
   */
  private static final Map<String, String> S3_ACTIONS = Map.ofEntries(
      Map.entry("HeadBucket", "ListBucket"), Map.entry("ListObjectVersions", "ListBucketVersions"),
      Map.entry("DeleteObjects", "DeleteObject"),
      Map.entry("GetBucketAccelerateConfiguration", "GetAccelerateConfiguration"),
      Map.entry("GetBucketCors", "GetBucketCORS"), Map.entry("GetBucketEncryption", "GetEncryptionConfiguration"),
      Map.entry("PutBucketEncryption", "PutEncryptionConfiguration"),
      Map.entry("DeleteBucketEncryption", "PutEncryptionConfiguration"),
      Map.entry("GetBucketLifecycleConfiguration", "GetLifecycleConfiguration"),
      Map.entry("GetBucketReplication", "GetReplicationConfiguration"),
      Map.entry("GetObjectLockConfiguration", "GetBucketObjectLockConfiguration"),
      Map.entry("GetPublicAccessBlock", "GetBucketPublicAccessBlock"),
      Map.entry("PutPublicAccessBlock", "PutBucketPublicAccessBlock"),
      Map.entry("DeletePublicAccessBlock", "PutBucketPublicAccessBlock"));
  /**
   * Calls AWS authorizes without any permission, which a row need not list: data.aws_caller_identity's
   * sts:GetCallerIdentity ("No permissions are required",
   * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html; provider-actions.yaml's header).
   */
  private static final Set<String> NO_PERMISSION = Set.of("sts:GetCallerIdentity");
  private static final Pattern FIELD = Pattern.compile("(?:^|\\s)([a-z_.]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

  @Test
  void everyCallTheProviderMakesIsAnActionOfItsTypesRow(TestEmulator emulator) throws Exception {
    Files.createDirectories(LOGS);
    String options = Files.readString(Path.of("src/test/resources/topology/all-options.yaml"))
        .replace("bastion:\n  enabled: false\n", "bastion:\n  enabled: true\n  reaches: [api]\n");
    assertThat(options).contains("reaches: [api]");
    options = options.replace("security:\n  kmsKeys: true\n", "security:\n  kmsKeys: true\n  vpcFlowLogs: true\n");
    assertThat(options).contains("vpcFlowLogs: true");
    String retagged = options.replace("tags:\n  Project: options\n", "tags:\n  Project: options\n  Trace: update\n");
    assertThat(retagged).contains("Trace: update");

    EnvironmentConfig first = ConfigLoader.parse(Path.of("trace.yaml"), options);
    EnvironmentConfig second = ConfigLoader.parse(Path.of("trace.yaml"), retagged);
    assertThat(workflow(emulator, first, "deploy").deploy(true)).as("deploy").isZero();
    assertThat(workflow(emulator, second, "update").deploy(true)).as("deploy with one more tag").isZero();
    assertThat(workflow(emulator, second, "destroy").destroy(true)).as("destroy").isZero();

    ProviderActions table = ProviderActions.load();
    Set<String> traced = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    for (String step : List.of("deploy", "update", "destroy")) {
      for (String record : records(LOGS.resolve(step + ".tflog"))) {
        if (!record.contains("HTTP Request Sent")) {
          continue;
        }
        Map<String, String> f = fields(record);
        // a request of no resource or data source is the provider's own set-up (the account id)
        String type = f.containsKey("tf_resource_type") ? f.get("tf_resource_type")
            : f.containsKey("tf_data_source_type") ? "data." + f.get("tf_data_source_type")
            : ProviderActions.PROVIDER;
        String action = action(f.get("rpc.service"), f.get("rpc.method"));
        traced.add(type + " " + action);
        if (!NO_PERMISSION.contains(action) && table.entry(type).map(e -> !e.all().contains(action)).orElse(true)) {
          missing.add(type + ": " + action + " (" + f.get("tf_rpc") + ")");
        }
      }
    }
    Files.writeString(LOGS.resolve("traced.txt"), String.join("\n", traced) + "\n");
    assertThat(traced).as("requests traced").hasSizeGreaterThan(100);
    assertThat(missing).as("calls missing from " + ProviderActions.FILE).isEmpty();
  }

  /** The workflow of ./main, with the provider's debug log of this step in target/provider-actions-it. */
  private static Workflow workflow(TestEmulator emulator, EnvironmentConfig config, String step) throws IOException {
    Path log = LOGS.resolve(step + ".tflog").toAbsolutePath();
    Files.deleteIfExists(log);
    Map<String, String> env = new HashMap<>(emulator.env);
    env.put("TF_LOG_PROVIDER", "DEBUG");
    env.put("TF_LOG_PATH", log.toString());
    return new Workflow(emulator.context(config.source(), env).with(config, Topology.of(config)));
  }

  static String action(String service, String operation) {
    String prefix = IAM_PREFIX.get(service);
    assertThat(prefix).as("IAM prefix of service %s", service).isNotNull();
    return prefix + ":" + (prefix.equals("s3") ? S3_ACTIONS.getOrDefault(operation, operation) : operation);
  }

  /** The log's records: a record starts with a timestamp; a request body may continue it on further lines. */
  private static List<String> records(Path log) throws IOException {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.matches("^\\d{4}-\\d\\d-\\d\\dT.*")) {
        if (current != null) {
          out.add(current.toString());
        }
        current = new StringBuilder(line);
      } else if (current != null) {
        current.append('\n').append(line);
      }
    }
    if (current != null) {
      out.add(current.toString());
    }
    return out;
  }

  private static Map<String, String> fields(String record) {
    Map<String, String> out = new HashMap<>();
    Matcher m = FIELD.matcher(record);
    while (m.find()) {
      String v = m.group(2);
      out.putIfAbsent(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
    }
    return out;
  }
}
