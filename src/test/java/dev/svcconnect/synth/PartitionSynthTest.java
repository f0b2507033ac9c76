package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.data_aws_partition.DataAwsPartition;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing the stacks write assumes the commercial partition: no {@code arn:aws:} literal anywhere (an ARN of another
 * partition does not exist in a GovCloud or China account), every ARN built from {@code data.aws_partition}, and the
 * CloudWatch Logs principal of the KMS key policy ending in the partition's DNS suffix. Checked on the shipped
 * configs and on a GovCloud and a China config (src/test/resources/partitions), whose user-supplied values carry no
 * ARN.
 */
@SynthTier
class PartitionSynthTest {
  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("local.yaml", SynthFixture.local()),
        Arguments.of("aws-example.yaml", SynthFixture.aws()),
        Arguments.of("partitions/govcloud.yaml", load("govcloud.yaml")),
        Arguments.of("partitions/china.yaml", load("china.yaml")));
  }

  /** The configs with a customer KMS key (security.kmsKeys), whose key policy names principals. */
  static Stream<Arguments> kmsConfigs() {
    return configs().filter(a -> ((EnvironmentConfig) a.get()[1]).security().kmsKeys());
  }

  private static EnvironmentConfig load(String file) {
    return ConfigLoader.load(Path.of("src/test/resources/partitions").resolve(file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void noStackWritesACommercialArn(String name, EnvironmentConfig config) {
    for (StackJson stack : List.of(SynthFixture.serviceStack(config), SynthFixture.bootstrapStack(config))) {
      List<String> literals = new ArrayList<>();
      strings(stack.root(), literals);
      assertThat(literals).as("values of %s/%s holding arn:aws:", name, stack.document().stackId())
          .noneMatch(v -> v.contains("arn:aws:"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void managedPolicyArnsAreThePartitions(String name, EnvironmentConfig config) {
    StackJson stack = SynthFixture.serviceStack(config);
    Block partition = stack.dataSource(DataAwsPartition.TF_RESOURCE_TYPE, "Partition");
    List<Block> attachments = stack.resources(IamRolePolicyAttachment.TF_RESOURCE_TYPE);
    assertThat(attachments).as("policy attachments of %s", name).isNotEmpty();
    assertThat(attachments).allSatisfy(a -> assertThat(a.text("policy_arn"))
        .startsWith("arn:" + partition.ref("partition") + ":iam::aws:policy/"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kmsConfigs")
  void keyPolicyNamesTheLogsPrincipalAndAccountInThePartition(String name, EnvironmentConfig config) {
    StackJson stack = SynthFixture.serviceStack(config);
    Block partition = stack.dataSource(DataAwsPartition.TF_RESOURCE_TYPE, "Partition");
    JsonNode statements = stack.resource(KmsKey.TF_RESOURCE_TYPE, "LogsKey/Resource").parsed("policy")
        .path("Statement");
    assertThat(statements.get(0).path("Principal").path("AWS").asText())
        .startsWith("arn:" + partition.ref("partition") + ":iam::");
    assertThat(statements.get(1).path("Principal").path("Service").asText())
        .isEqualTo("logs." + config.target().region() + "." + partition.ref("dns_suffix"));
  }

  /** Every string value under {@code node} (object keys are names, not values), with the construct metadata left out. */
  private static void strings(JsonNode node, List<String> into) {
    if (node.isTextual()) {
      into.add(node.textValue());
    } else if (node.isObject()) {
      node.properties().forEach(e -> {
        if (!e.getKey().equals("//")) {
          strings(e.getValue(), into);
        }
      });
    } else {
      node.forEach(child -> strings(child, into));
    }
  }
}
