package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.aws.SdkClients;
import dev.svcconnect.aws.ServiceConnectDrift;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tfjson.StackDocument;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./main drift} once the service stack is synthesized and initialized: the stack's Service Connect
 * configuration against what ECS runs (aws.ServiceConnectDrift), one line per difference on stdout.
 */
final class Drift {
  private Drift() {}

  /**
   * Reads the stack's outputs (the namespace's ARN once applied), compares every service, prints each difference as
   * {@code service: field: expected X, live Y} on stdout and a summary on stderr, with the command that replaces the
   * drifted services of environment file {@code config}.
   *
   * @return 0 no drift, {@link Execution#EXIT_DRIFT} drift found, {@link Execution#EXIT_ROLLOUT_FAILED} when ECS
   *     cannot be asked; a failed {@code terraform output} throws {@link TerraformFailure}
   */
  static int run(Terraform tf, Path serviceDir, Path config, DeploymentTarget target, PrintStream out,
      PrintStream err) {
    Terraform.Result output = tf.capture(serviceDir, "output", "-json");
    if (output.exitCode() != 0) {
      throw new TerraformFailure(output.exitCode(), Terraform.describe(serviceDir, "output"));
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    try {
      StackDocument.MAPPER.readTree(output.stdout()).properties().forEach(o -> {
        JsonNode value = o.getValue().path("value");
        if (value.isTextual()) {
          outputs.put(o.getKey(), value.textValue());
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("terraform output -json printed no JSON", e);
    }
    StackDocument stack = StackDocument.read(ServiceConnectStack.ID, serviceDir.resolve("cdk.tf.json"));
    List<ServiceConnectDrift.Expected> expected = ServiceConnectDrift.expected(stack, outputs);
    ServiceConnectDrift.Outcome outcome;
    try (SdkClients aws = SdkClients.of(target)) {
      outcome = ServiceConnectDrift.report(aws.ecs(), expected, "./main plan --config " + config, out, err);
    }
    return switch (outcome) {
      case NONE -> 0;
      case DRIFT -> Execution.EXIT_DRIFT;
      case UNKNOWN -> Execution.EXIT_ROLLOUT_FAILED;
    };
  }
}
