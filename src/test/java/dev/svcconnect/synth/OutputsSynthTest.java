package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.instance.Instance;
import com.hashicorp.cdktf.providers.aws.service_discovery_http_namespace.ServiceDiscoveryHttpNamespace;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The service stack's outputs: what `./main output` shows and the README's walkthrough uses. */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputsSynthTest {
  private StackJson stack;

  @BeforeAll
  void synth() {
    stack = SynthFixture.serviceStack(SynthFixture.local());
  }

  @Test
  void stackHasExactlyTheDocumentedOutputs() {
    assertThat(StackJson.names(stack.outputs())).containsExactlyInAnyOrder(
        "cluster_name", "namespace_arn", "service_names", "service_connect_aliases", "bastion_instance_id",
        "bastion_reaches", "execute_commands", "service_task_definitions");
  }

  @Test
  void clusterNameIsTheClustersName() {
    assertThat(stack.output("cluster_name").textValue())
        .isEqualTo(stack.resource(EcsCluster.TF_RESOURCE_TYPE, "Platform/Cluster").ref("name"));
  }

  @Test
  void namespaceArnIsTheNamespacesArn() {
    assertThat(stack.output("namespace_arn").textValue()).isEqualTo(
        stack.resource(ServiceDiscoveryHttpNamespace.TF_RESOURCE_TYPE, "Platform/Namespace").ref("arn"));
  }

  @Test
  void serviceNamesListTheServicesInDeploymentOrder() {
    assertThat(StackJson.texts(stack.output("service_names"))).containsExactly(
        stack.resource(EcsService.TF_RESOURCE_TYPE, "Services/server-service/Resource").ref("name"),
        stack.resource(EcsService.TF_RESOURCE_TYPE, "Services/client-service/Resource").ref("name"));
  }

  @Test
  void serviceConnectAliasesListEachServicesClientAliases() {
    JsonNode aliases = stack.output("service_connect_aliases");
    assertThat(StackJson.names(aliases)).containsExactlyInAnyOrder("server-service", "client-service");
    assertThat(StackJson.texts(aliases.get("server-service"))).containsExactly("http://nginx-server.local");
    assertThat(StackJson.texts(aliases.get("client-service"))).containsExactly("http://nginx-client.local");
  }

  @Test
  void bastionReachesExplainHowToFindTheTasksOfEachReachedEndpoint() {
    assertThat(StackJson.stringMap(stack.output("bastion_reaches"))).isEqualTo(Map.of("nginx-server",
        "aws servicediscovery discover-instances --region us-east-1 --namespace-name local --service-name"
            + " nginx-server --query 'Instances[].Attributes.AWS_INSTANCE_IPV4' --output text # then: curl"
            + " http://<address>:80"));
  }

  @Test
  void bastionInstanceIdIsTheInstancesId() {
    assertThat(stack.output("bastion_instance_id").textValue())
        .isEqualTo(stack.resource(Instance.TF_RESOURCE_TYPE, "Bastion/Resource").ref("id"));
  }

  @Test
  void executeCommandsCoverEveryServiceWithExecuteCommand() {
    assertThat(StackJson.stringMap(stack.output("execute_commands")).keySet())
        .containsExactlyInAnyOrder("server-service", "client-service");
  }

  @ParameterizedTest
  @ValueSource(strings = {"server-service", "client-service"})
  void executeCommandShellsIntoTheServicesFirstTask(String service) {
    String command = StackJson.stringMap(stack.output("execute_commands")).get(service);
    assertThat(command).startsWith("aws ecs execute-command ");
    List<String> words = Arrays.asList(command.split(" "));
    assertThat(optionValue(words, "--cluster")).isEqualTo("ecs-service-connector-sample-cluster");
    assertThat(optionValue(words, "--container")).isEqualTo("nginx");
    assertThat(optionValue(words, "--region")).isEqualTo("us-east-1");
    assertThat(optionValue(words, "--service-name")).isEqualTo(service);
    assertThat(words).contains("--interactive");
    assertThat(optionValue(words, "--task")).isEqualTo("$(aws");
    assertThat(command).as("terraform output would print double quotes escaped").doesNotContain("\"");
  }

  @Test
  void executeCommandsSayWhatKmsPermissionAUserNeedsOnlyWithACustomerKey() {
    assertThat(stack.outputs().path("execute_commands").path("description").asText()).doesNotContain("kms:");
    StackJson aws = SynthFixture.serviceStack(SynthFixture.aws());
    assertThat(aws.outputs().path("execute_commands").path("description").asText())
        .contains("kms:GenerateDataKey").contains("alias/ecs-service-connect-prod-logs");
  }

  @Test
  void serviceTaskDefinitionsNameTheRevisionEachServiceShouldRun() {
    String shared = stack.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource").ref("arn");
    assertThat(StackJson.stringMap(stack.output(ServiceConnectStack.TASK_DEFINITIONS_OUTPUT)))
        .isEqualTo(Map.of("server-service", shared, "client-service", shared));
  }

  @Test
  void serviceTaskDefinitionsLeaveOutServicesInExternalPipelineMode() {
    StackJson options = SynthFixture.serviceStack(
        ConfigLoader.load(Path.of("src/test/resources/topology/all-options.yaml")));
    // web ignores task definition changes: its pipeline decides what it runs
    assertThat(StackJson.stringMap(options.output(ServiceConnectStack.TASK_DEFINITIONS_OUTPUT)))
        .isEqualTo(Map.of(
            "api", options.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinitions/api/Resource").ref("arn"),
            "worker", options.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource").ref("arn")));
  }

  /** The word after {@code option}; fails unless the option occurs at least once with the same value each time. */
  private static String optionValue(List<String> words, String option) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < words.size() - 1; i++) {
      if (words.get(i).equals(option)) {
        values.add(words.get(i + 1));
      }
    }
    assertThat(values).as("values of %s", option).isNotEmpty();
    assertThat(values.stream().distinct()).as("values of %s", option).hasSize(1);
    return values.get(0);
  }

  @Test
  void everyOutputHasADescription() {
    stack.outputs().properties().forEach(e -> {
      JsonNode description = e.getValue().path("description");
      assertThat(description.isTextual() && !description.textValue().isBlank())
          .as("output %s has a description", e.getKey()).isTrue();
    });
  }
}
