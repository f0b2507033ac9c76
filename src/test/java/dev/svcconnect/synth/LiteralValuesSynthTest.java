package dev.svcconnect.synth;

import static dev.svcconnect.support.TemplateText.FILE_FUNCTION;
import static dev.svcconnect.support.TemplateText.LOOP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.instance.Instance;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import dev.svcconnect.support.TemplateText;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tfjson.Interpolations;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.tiers.SynthTier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Config text reaches the synthesized JSON escaped, so that Terraform reads it as the literal text (its escapes
 * $${ and %%{): template sequences in tag keys and values, the app's command, the health check, the gate's command
 * (CDKTF's own token marker), alarm names, the proxy's log stream prefix and a name that is part of descriptions.
 * The expected strings are written out here, escapes and all; that Terraform turns them back into the config's text
 * is LiteralValuesDeployIT's to show.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiteralValuesSynthTest {
  private static final String ESCAPED_FILE = "$${file(\"/etc/hostname\")}";
  private static final String ESCAPED_LOOP = "%%{ for x in [1] }x%%{ endfor }";

  private StackJson stack;
  private JsonNode app;
  private JsonNode gate;

  @BeforeAll
  void synth() {
    stack = SynthFixture.serviceStack(TemplateText.withTemplateTags());
    JsonNode containers = stack.resource(EcsTaskDefinition.TF_RESOURCE_TYPE, "TaskDefinition/Resource")
        .parsed("container_definitions");
    app = containers.get(0);
    gate = containers.get(1);
  }

  @Test
  void theStackEvaluatesNothingButItsOwnReferences() {
    assertThat(Interpolations.foreign(stack.document())).isEmpty();
  }

  @Test
  void defaultTagsAreEscapedKeyAndValue() {
    JsonNode tags = stack.provider("aws").path("default_tags").get(0).path("tags");
    assertThat(tags.path("k" + ESCAPED_FILE).asText()).isEqualTo(ESCAPED_FILE + " " + ESCAPED_LOOP);
    assertThat(tags.has(TemplateText.TAG_KEY)).isFalse();
  }

  @Test
  void serviceTagsAreEscapedOnTheServiceAndItsSecurityGroup() {
    String key = "service-k" + ESCAPED_FILE;
    String value = ESCAPED_FILE + " " + ESCAPED_LOOP;
    assertThat(stack.resource(EcsService.TF_RESOURCE_TYPE, "Services/web/Resource").get("tags").path(key).asText())
        .isEqualTo(value);
    assertThat(stack.resource(SecurityGroup.TF_RESOURCE_TYPE, "Services/web/SecurityGroup").get("tags").path(key)
        .asText()).isEqualTo(value);
  }

  @Test
  void commandIsEscapedInTheContainerDefinitions() {
    assertThat(app.path("command").get(0).asText()).isEqualTo(ESCAPED_FILE);
  }

  @Test
  void aFieldWrittenAsIsIsEscapedInTheContainerDefinitions() {
    assertThat(app.path("workingDirectory").asText()).isEqualTo("/" + ESCAPED_FILE);
  }

  @Test
  void healthCheckKeepsTheShellsVariableForTheShell() {
    assertThat(StackJson.texts(app.path("healthCheck").path("command"))).containsExactly("CMD-SHELL",
        "curl -f http://localhost:$${PORT}/health " + ESCAPED_LOOP + " || exit 1");
  }

  @Test
  void cdktfTokenMarkerInAValueIsSplitNotResolved() {
    assertThat(gate.path("command").get(0).asText())
        .isEqualTo("registry.example/$${Tf%{if false}%{endif}Token[TOKEN.0]}:1");
  }

  @Test
  void alarmNamesAndTheLogStreamPrefixAreEscaped() {
    Block service = stack.resource(EcsService.TF_RESOURCE_TYPE, "Services/web/Resource");
    assertThat(StackJson.texts(StackDocument.block(service.body(), "alarms").path("alarm_names")))
        .containsExactly(ESCAPED_FILE, ESCAPED_LOOP);
    JsonNode log = StackDocument.block(StackDocument.block(service.body(), "service_connect_configuration"),
        "log_configuration");
    assertThat(log.path("options").path("awslogs-stream-prefix").asText())
        .isEqualTo("$${path.cwd}/%%{ if true }proxy%%{ endif }");
  }

  @Test
  void bastionNameIsEscapedInItsNameTagAndDescriptions() {
    String name = "$${timestamp()}";
    assertThat(stack.resource(Instance.TF_RESOURCE_TYPE, "Bastion/Resource").get("tags").path("Name").asText())
        .isEqualTo(name);
    assertThat(stack.resource(SecurityGroup.TF_RESOURCE_TYPE, "Bastion/SecurityGroup").text("description"))
        .isEqualTo("Bastion " + name + ": no ingress, reached through SSM Session Manager");
    assertThat(stack.resource(IamRole.TF_RESOURCE_TYPE, "Bastion/Role").text("description"))
        .isEqualTo("Lets SSM manage bastion " + name);
  }

  @Test
  void theConfigTextItselfAppearsNowhereUnescaped() {
    List<String> raw = List.of(FILE_FUNCTION, LOOP, "${PORT}", "${timestamp()}", "${TfToken[");
    String json = stack.json().replace("$${", "").replace("%%{", "");
    raw.forEach(text -> assertThat(json).doesNotContain(text));
  }

  @Test
  void theOwnReferencesStayReferences() {
    // The log group's name in the container definitions is the stack's reference, not escaped text.
    Block logGroup = stack.resource(CloudwatchLogGroup.TF_RESOURCE_TYPE, "Platform/LogGroup");
    assertThat(app.path("logConfiguration").path("options").path("awslogs-group").asText())
        .isEqualTo(logGroup.ref("name"));
  }
}
