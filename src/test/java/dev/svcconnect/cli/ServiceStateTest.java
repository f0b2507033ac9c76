package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Which S3 object {@link ServiceState} reads (the one Terraform's S3 backend uses for the selected workspace), which
 * lock file it probes (that workspace's), and what it takes from it. That the object and its outputs are what {@code terraform state pull} and {@code terraform
 * output -json} print is checked on the emulator (EmulatorRollbackIT).
 */
@UnitTier
class ServiceStateTest {
  private static final String STATE = """
      {"version": 4, "serial": 7, "outputs": {
        "task_definitions": {"value": {"api": "arn:aws:ecs:us-east-1:1:task-definition/api:3"},
          "type": ["object", {"api": "string"}]},
        "cluster_name": {"value": "shop", "type": "string"}},
       "resources": []}
      """;

  @TempDir Path stack;

  @Test
  void theDefaultWorkspaceIsTheKeyItself() {
    assertThat(ServiceState.workspace(stack, Map.of())).isEqualTo("default");
    assertThat(ServiceState.key("service-connect/terraform.tfstate", "default"))
        .isEqualTo("service-connect/terraform.tfstate");
  }

  @Test
  void anotherWorkspaceIsUnderTheBackendsDefaultPrefix() {
    assertThat(ServiceState.key("service-connect/terraform.tfstate", "blue"))
        .isEqualTo("env:/blue/service-connect/terraform.tfstate");
  }

  @Test
  void theWorkspaceIsTfWorkspaceFirstThenTheOneSelectedInTheDataDirectory() throws IOException {
    Files.createDirectories(stack.resolve(".terraform"));
    Files.writeString(stack.resolve(".terraform/environment"), "green");
    assertThat(ServiceState.workspace(stack, Map.of())).isEqualTo("green");
    assertThat(ServiceState.workspace(stack, Map.of("TF_WORKSPACE", "blue"))).isEqualTo("blue");

    Files.createDirectories(stack.resolve("data"));
    Files.writeString(stack.resolve("data/environment"), "red\n");
    assertThat(ServiceState.workspace(stack, Map.of("TF_DATA_DIR", "data"))).isEqualTo("red");
    assertThat(ServiceState.workspace(stack, Map.of("TF_DATA_DIR", stack.resolve("none").toString())))
        .isEqualTo("default");
  }

  @Test
  void theLockProbeAsksForTheSelectedWorkspacesLockFile() throws IOException {
    EnvironmentConfig.State state = new EnvironmentConfig.State("tfstate", "service-connect/terraform.tfstate",
        "us-east-1");
    Files.createDirectories(stack.resolve(".terraform"));
    Files.writeString(stack.resolve(".terraform/environment"), "green");
    List<String> asked = new ArrayList<>();
    // the bucket holds only green's lock file: HeadObject answers any other key with S3's bare 404
    S3Client s3 = new S3Client() {
      @Override
      public HeadObjectResponse headObject(HeadObjectRequest request) {
        asked.add(request.bucket() + "/" + request.key());
        if (request.key().equals("env:/green/service-connect/terraform.tfstate.tflock")) {
          return HeadObjectResponse.builder().build();
        }
        throw (S3Exception) S3Exception.builder().statusCode(404).build();
      }

      @Override
      public String serviceName() {
        return "s3";
      }

      @Override
      public void close() {}
    };

    ServiceState green = ServiceState.of(s3, state, stack, Map.of());
    assertThat(green.locked()).isTrue();
    assertThat(green.lockUrl()).isEqualTo("s3://tfstate/env:/green/service-connect/terraform.tfstate.tflock");
    assertThat(ServiceState.lockUrl(state, stack, Map.of())).isEqualTo(green.lockUrl());
    ServiceState blue = ServiceState.of(s3, state, stack, Map.of("TF_WORKSPACE", "blue"));
    assertThat(blue.locked()).as("green's lock is not blue's").isFalse();
    assertThat(asked).containsExactly("tfstate/env:/green/service-connect/terraform.tfstate.tflock",
        "tfstate/env:/blue/service-connect/terraform.tfstate.tflock");
  }

  @Test
  void aMapOutputIsItsValue() {
    assertThat(ServiceState.stringMapOutput(STATE, "task_definitions", "s3://b/k"))
        .containsExactly(Map.entry("api", "arn:aws:ecs:us-east-1:1:task-definition/api:3"));
  }

  @Test
  void failsForAMissingOrOtherOutputOrNoState() {
    assertThatThrownBy(() -> ServiceState.stringMapOutput(STATE, "services", "s3://b/k"))
        .hasMessage("the state s3://b/k has no map output services");
    assertThatThrownBy(() -> ServiceState.stringMapOutput(STATE, "cluster_name", "s3://b/k"))
        .hasMessage("the state s3://b/k has no map output cluster_name");
    assertThatThrownBy(() -> ServiceState.stringMapOutput("", "task_definitions", "s3://b/k"))
        .hasMessage("the state s3://b/k has no map output task_definitions");
    assertThatThrownBy(() -> ServiceState.stringMapOutput(
        "{\"outputs\": {\"m\": {\"value\": {\"a\": 1}}}}", "m", "s3://b/k"))
        .hasMessage("the output m of the state s3://b/k is not a map of strings");
  }
}
