package dev.svcconnect;

import dev.svcconnect.support.Captured;
import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.tiers.SynthTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./main check, and the policy suite's command-line contract on synth: exit codes, nothing written on failure. */
@SynthTier
class CheckCommandTest {
  @TempDir Path dir;

  private Captured run(String... args) {
    Map<String, String> env = Fixtures.withLocalConfig(Map.of("CDKTF_OUTDIR", dir.resolve("cdktf.out").toString()));
    return Captured.of((out, err) -> Main.run(args, env, out, err));
  }

  private List<Path> written() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> !p.getFileName().toString().endsWith(".yaml")).toList();
    }
  }

  @Test
  void checkPrintsEveryRuleOnTheDefaultConfigAndWritesNothing() throws IOException {
    Captured r = run("check");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Policy suite for " + Fixtures.LOCAL + " (target local)\n");
    assertThat(r.out()).contains("\nPASS       instance-imdsv2 [error] EC2 instances require IMDSv2\n"
        + "           mirrors CKV_AWS_79, EC2.8\n"
        + "  pass       service-connect/Bastion/Resource (aws_instance.Bastion_2B4CEC30)\n");
    assertThat(r.out()).contains("\nOPTED-OUT  vpc-flow-logs [error] Each VPC has flow logs\n");
    assertThat(r.out()).endsWith("\n36 rules: 23 passed, 3 opted out by a cost switch, 0 suppressed, 0 warned,"
        + " 0 failed, 10 not applicable\n");
    assertThat(written()).isEmpty();
  }

  @Test
  void checkPrintsJson() throws IOException {
    Captured r = run("check", "--format", "json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("passed").booleanValue()).isTrue();
    assertThat(json.path("rules")).hasSize(36);
    JsonNode kms = json.path("rules").get(22);
    assertThat(kms.path("id").textValue()).isEqualTo("log-group-kms");
    assertThat(kms.path("verdict").textValue()).isEqualTo("opted-out");
    assertThat(kms.path("switch").textValue()).isEqualTo("security.kmsKeys");
    assertThat(kms.path("results").get(0).path("address").textValue())
        .isEqualTo("aws_cloudwatch_log_group.Platform_LogGroup_6BE60B76");
  }

  @Test
  void checkHasHelp() {
    Captured r = run("check", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: main check").contains("--format=FORMAT");
  }

  @Test
  void failsOnAnUnknownFormat() {
    Captured r = run("check", "--format", "xml");

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("--format: 'xml' is not a format; expected text or json");
  }

  @Test
  void failsSynthOnASuppressionOfAnUnknownRuleWithExit64AndWritesNothing() throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(Fixtures.LOCAL).replace("  suppressions: []\n",
        "  suppressions:\n    - {rule: imdsv1, resource: Bastion/Resource, reason: legacy agent}\n"));

    Captured r = run("synth", "--config", bad.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err().lines()).anyMatch(l -> l.startsWith(bad + ": policy.suppressions[0].rule: 'imdsv1' is not a"
        + " policy rule; known rules: ecs-service-no-public-ip, "));
    assertThat(r.err()).contains("nothing was synthesized or applied");
    assertThat(written()).isEmpty();
  }

  @Test
  void policyFailureHasItsOwnExitCode() {
    assertThat(Main.EXIT_POLICY_FAILED).isNotIn(0, 1, 2, 3, Main.EXIT_BAD_INPUT);
  }
}
