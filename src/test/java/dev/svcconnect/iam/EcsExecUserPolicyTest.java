package dev.svcconnect.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.iam.IamPolicy.Request;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.synth.StackJson;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.tiers.SynthTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/iam/ecs-exec-user-policy.json, the policy of a person who pastes an {@code execute_commands} output, against
 * config/aws-example.yaml (security.kmsKeys: true) as synthesized: it allows what the printed command calls
 * (ListTasks in the cluster, ExecuteCommand on its tasks) and, since the cluster encrypts ECS Exec sessions with the
 * environment's key, kms:GenerateDataKey on that key
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html#ecs-exec-required-kms-permissions);
 * nothing of another cluster or key.
 */
@SynthTier
class EcsExecUserPolicyTest {
  static final Path POLICY = Path.of("docs/iam/ecs-exec-user-policy.json");
  private static final EnvironmentConfig AWS = SynthFixture.aws();
  private static final StackJson STACK = SynthFixture.serviceStack(AWS);
  private static final String ACCOUNT = AWS.target().accountId().orElseThrow();
  private static final String REGION = AWS.target().region();
  private static final String KEY = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final IamPolicy USER = IamPolicy.load(POLICY, Map.of("REGION", REGION, "ACCOUNT_ID", ACCOUNT,
      "CLUSTER", AWS.cluster().name(), "LOGS_KEY_ARN", KEY));

  private static String task(String cluster) {
    return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task/" + cluster + "/0123456789abcdef0123456789abcdef";
  }

  private static Map<String, String> inCluster(String cluster) {
    return Map.of("ecs:cluster", "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/" + cluster);
  }

  @Test
  void allowsWhatThePrintedCommandCallsInThisClusterOnly() {
    String command = STACK.output("execute_commands").path("client-service").asText();
    assertThat(command).startsWith("aws ecs execute-command ").contains("$(aws ecs list-tasks ");
    String cluster = AWS.cluster().name();

    assertThat(USER.allows(new Request("ecs:ListTasks", "*", inCluster(cluster)))).isTrue();
    assertThat(USER.allows(new Request("ecs:ExecuteCommand", task(cluster)))).isTrue();
    assertThat(USER.allows(new Request("ecs:ListTasks", "*", inCluster(cluster + "-other")))).isFalse();
    assertThat(USER.allows(new Request("ecs:ExecuteCommand", task(cluster + "-other")))).isFalse();
  }

  @Test
  void allowsGenerateDataKeyOnTheKeyTheClusterEncryptsSessionsWith() {
    StackJson.Block cluster = STACK.resources("aws_ecs_cluster").get(0);
    String sessionKey = cluster.get("configuration").path("execute_command_configuration").path("kms_key_id")
        .asText();
    StackJson.Block key = STACK.resources("aws_kms_key").get(0);
    assertThat(sessionKey).as("ECS Exec sessions are encrypted with the environment's key").isEqualTo(key.ref("arn"));
    StackJson.Block alias = STACK.resources("aws_kms_alias").get(0);
    assertThat(alias.get("target_key_id").asText()).isEqualTo(key.ref("key_id"));

    assertThat(USER.allows(new Request("kms:GenerateDataKey", KEY))).isTrue();
    assertThat(USER.allows(new Request("kms:GenerateDataKey", KEY.replace("1234abcd", "9999abcd")))).isFalse();
    assertThat(USER.allows(new Request("kms:Decrypt", KEY))).as("the task role decrypts, not the user").isFalse();
    // the key whose ARN the docs tell the reader to fill in is this one
    assertThat(alias.text("name")).isEqualTo(new Naming(AWS.environment(), Map.of()).logsKeyAlias());
  }

  @Test
  void theDocsSayHowToFillEveryPlaceholderAndTheOutputNamesThePolicy() throws IOException {
    String aws = Files.readString(Path.of("docs/aws.md"));
    IamPolicy.placeholders(POLICY).forEach(p -> assertThat(aws).as("docs/aws.md names <%s>", p)
        .contains("`<" + p + ">`"));
    Matcher alias = Pattern.compile("--key-id (alias/\\S+)").matcher(aws);
    assertThat(alias.find()).as("docs/aws.md says how to find the key's ARN").isTrue();
    assertThat(alias.group(1).replace("<environment>", AWS.environment()))
        .isEqualTo(STACK.resources("aws_kms_alias").get(0).text("name"));
    assertThat(aws).contains("ecs-exec.html#ecs-exec-required-kms-permissions");
    assertThat(STACK.outputs().path("execute_commands").path("description").asText()).contains(POLICY.toString());
  }
}
