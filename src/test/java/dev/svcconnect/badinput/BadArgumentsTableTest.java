package dev.svcconnect.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.Main;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.tiers.UnitTier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table for the command line and the environment (issue 12's "Command line and environment", issue
 * 20's target confusion), beside {@link BadConfigTableTest}'s environment files: each row is a misuse, run through
 * the real command line, that must end with exactly one line on stderr naming the argument or variable and the rule,
 * exit 64, nothing on stdout, no stack trace, and an existing synth output left byte for byte as it was (and nothing
 * else written). Values echoed in a line are capped at 200 characters with control characters escaped.
 */
@UnitTier
class BadArgumentsTableTest {
  /** TEST-NET-1: were anything ever accepted, no emulator could be started or reached there. */
  private static final String UNREACHABLE_ENDPOINT = "http://192.0.2.1:9";
  private static final String HUGE = "\u001b[31m" + "x".repeat(1_000_000);
  /** {@link #HUGE} as a message shows it: quoted, escaped, 200 characters and an ellipsis. */
  private static final String HUGE_SHOWN = "'\\u001B[31m" + "x".repeat(200 - 5) + "…'";

  @TempDir static Path dir;

  /**
   * One misuse: the command line, the environment on top of the base one (or null to remove a variable), and the
   * one line it must print. Paths are written relative to the test's directory as {@code {dir}}.
   */
  record Row(String name, List<String> args, Map<String, String> env, String line) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Row row(String name, String line, Map<String, String> env, String... args) {
    return new Row(name, List.of(args), env, line);
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  static Stream<Row> rows() {
    String aws = Fixtures.AWS.toString();
    String targetAws = ", but the target is AWS (target.kind: aws), which never uses an emulator endpoint; unset ";
    String endpoint = " is not an emulator endpoint (";
    String endpointRule = "); expected http(s)://host:port, e.g. http://127.0.0.1:4566";
    String configRule = ", not a file; an environment file is a regular YAML file";
    return Stream.of(
        // the environment file, by --config or SVCCONNECT_CONFIG: refused before it is opened
        row("config-dev-zero", "--config: '/dev/zero' is a character device" + configRule, env(),
            "synth", "--config", "/dev/zero"),
        row("config-fifo", "--config: '{dir}/fifo' is a FIFO (named pipe)" + configRule, env(),
            "deploy", "--config", "{dir}/fifo"),
        row("config-directory", "--config: '{dir}' is a directory" + configRule, env(), "plan", "--config", "{dir}"),
        row("config-variable-device", "SVCCONNECT_CONFIG: '/dev/null' is a character device" + configRule,
            env("SVCCONNECT_CONFIG", "/dev/null"), "synth"),
        row("config-empty", "--config: '' is empty; give the path of an environment file, e.g. --config"
            + " config/local.yaml; see ./main --help", env(), "synth", "--config", ""),
        row("config-twice-at-two-levels", "--config: given twice ('" + aws + "' and '{dir}/other.yaml'); give it"
            + " once, before or after the command; see ./main --help", env(),
            "--config", aws, "deploy", "--config", "{dir}/other.yaml"),
        row("config-twice-at-one-level", "option '--config' (FILE) should be specified only once; see ./main"
            + " deploy --help", env(), "deploy", "-c", aws, "-c", "{dir}/other.yaml"),
        // the synth output directory: found before anything is synthesized
        row("outdir-is-a-file", "CDKTF_OUTDIR: '{dir}/a-file' is a file, not a directory; synth writes the stacks"
            + " into a directory (created if missing)", env("CDKTF_OUTDIR", "{dir}/a-file"), "synth"),
        row("outdir-under-a-missing-parent", "CDKTF_OUTDIR: '{dir}/missing/out' cannot be created: its parent"
            + " '{dir}/missing' does not exist; create it first, or name another directory",
            env("CDKTF_OUTDIR", "{dir}/missing/out"), "deploy"),
        row("outdir-under-a-file", "CDKTF_OUTDIR: '{dir}/a-file/out' cannot be created: its parent '{dir}/a-file'"
            + " is not a directory; create it first, or name another directory",
            env("CDKTF_OUTDIR", "{dir}/a-file/out"), "synth"),
        // the emulator endpoint, for the local target
        row("endpoint-port-out-of-range", "AWS_ENDPOINT_URL: 'http://127.0.0.1:99999'" + endpoint
            + "port 99999 is not 1-65535" + endpointRule, env("AWS_ENDPOINT_URL", "http://127.0.0.1:99999"), "synth"),
        row("endpoint-port-past-int", "AWS_ENDPOINT_URL: 'http://127.0.0.1:99999999999'" + endpoint
            + "its port is not 1-65535" + endpointRule, env("AWS_ENDPOINT_URL", "http://127.0.0.1:99999999999"),
            "deploy"),
        row("endpoint-garbage", "AWS_ENDPOINT_URL: 'not a url'" + endpoint + "it is not a URL" + endpointRule,
            env("AWS_ENDPOINT_URL", "not a url"), "plan"),
        row("endpoint-no-port", "AWS_ENDPOINT_URL: 'http://localhost'" + endpoint + "it names no port"
            + endpointRule, env("AWS_ENDPOINT_URL", "http://localhost"), "synth"),
        row("endpoint-no-host", "AWS_ENDPOINT_URL: 'http://:4566'" + endpoint + "it names no host"
            + endpointRule, env("AWS_ENDPOINT_URL", "http://:4566"), "synth"),
        row("endpoint-ftp", "AWS_ENDPOINT_URL: 'ftp://127.0.0.1:21'" + endpoint + "the scheme must be http or"
            + " https" + endpointRule, env("AWS_ENDPOINT_URL", "ftp://127.0.0.1:21"), "synth"),
        row("endpoint-with-path", "AWS_ENDPOINT_URL: 'http://127.0.0.1:4566/x?y'" + endpoint + "it has more than a"
            + " scheme, host and port" + endpointRule, env("AWS_ENDPOINT_URL", "http://127.0.0.1:4566/x?y"),
            "synth"),
        row("endpoint-huge-with-escape", "AWS_ENDPOINT_URL: " + HUGE_SHOWN + endpoint + "it is not a URL"
            + endpointRule, env("AWS_ENDPOINT_URL", HUGE), "emulator", "status"),
        // an AWS target never uses an emulator endpoint (issue 20)
        row("aws-target-with-endpoint", "AWS_ENDPOINT_URL: set to 'http://127.0.0.1:4566'" + targetAws
            + "AWS_ENDPOINT_URL for commands on this environment", env("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
            "bootstrap", "--config", aws, "--auto-approve"),
        row("aws-target-with-service-endpoint", "AWS_ENDPOINT_URL_S3: set to 'http://127.0.0.1:4566'" + targetAws
            + "AWS_ENDPOINT_URL_S3 for commands on this environment",
            env("AWS_ENDPOINT_URL", null, "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4566"),
            "deploy", "--config", aws),
        row("aws-target-with-bad-endpoint", "AWS_ENDPOINT_URL: set to 'garbage'" + targetAws
            + "AWS_ENDPOINT_URL for commands on this environment", env("AWS_ENDPOINT_URL", "garbage"),
            "synth", "--config", aws),
        // the provider mirror: found before the stacks are rewritten
        row("mirror-not-a-directory", "SVCCONNECT_PROVIDER_MIRROR: '{dir}/a-file' is not a directory; expected a"
            + " provider mirror (terraform providers mirror DIR), or unset it to install from the registry",
            env("SVCCONNECT_PROVIDER_MIRROR", "{dir}/a-file"), "synth"),
        row("mirror-without-providers", "SVCCONNECT_PROVIDER_MIRROR: '{dir}' holds no registry.terraform.io/"
            + "hashicorp/ providers; expected a provider mirror (terraform providers mirror DIR), or unset it to"
            + " install from the registry", env("SVCCONNECT_PROVIDER_MIRROR", "{dir}"), "deploy"),
        // the node the jsii kernel runs on: a program, never a shell command
        row("jsii-node-shell-command", "JSII_NODE: 'node $(touch {dir}/pwned)' is not an executable file (a path,"
            + " or a name on PATH); set it to the node program the jsii kernel should run on, or unset it",
            env("JSII_NODE", "node $(touch {dir}/pwned)"), "synth"),
        row("jsii-node-missing", "JSII_NODE: '{dir}/no-node' is not an executable file (a path, or a name on"
            + " PATH); set it to the node program the jsii kernel should run on, or unset it",
            env("JSII_NODE", "{dir}/no-node"), "deploy"),
        // commands, options and arguments
        row("unknown-command", "./main: 'deploi' is not a command or argument of ./main (did you mean deploy or"
            + " plan or apply?); see ./main --help", env(), "deploi"),
        row("unknown-option", "./main deploy: '--auto-aprove' is not an option of ./main deploy (did you mean"
            + " --auto-approve?); see ./main deploy --help", env(), "deploy", "--auto-aprove"),
        row("unknown-option-huge", "./main synth: " + HUGE_SHOWN + " is not a command or argument of ./main synth;"
            + " see ./main synth --help", env(), "synth", HUGE),
        row("plan-double-dash-argument", "plan: '--sumary' is not an option of ./main plan, and Terraform's own"
            + " options take one dash (e.g. -destroy); see ./main plan --help", env(), "plan", "--sumary", "x"),
        row("output-double-dash-argument", "output: '--json' is not an option of ./main output, and Terraform's own"
            + " options take one dash (e.g. -destroy); see ./main output --help", env(), "output", "--json"),
        row("plan-out-is-a-file", "--out: '{dir}/a-file' is a file; a saved plan is a directory (it is created if"
            + " missing)", env(), "plan", "--out", "{dir}/a-file"),
        row("plan-out-holds-other-files", "--out: '{dir}/other' is a directory that holds other files, not a saved"
            + " plan; name a new or empty directory", env(), "plan", "--out", "{dir}/other"),
        row("plan-out-twice", "plan: --out and Terraform's -out both name a plan; use --out DIR (the saved plan"
            + " ./main apply applies)", env(), "plan", "--out", "{dir}/plan.d", "-out={dir}/p.tfplan"),
        row("apply-not-a-plan", "apply: '{dir}' is not a saved plan (it has no plan.json); make one with ./main plan"
            + " --out DIR", env(), "apply", "{dir}"),
        row("apply-with-config", "apply: --config is not read: a saved plan records the environment it was made"
            + " for (plan.json)", env(), "apply", "--config", aws, "{dir}"),
        row("apply-without-plan", "Missing required parameter: 'PLAN'; see ./main apply --help", env(), "apply"),
        row("apply-against-another-emulator", "AWS_ENDPOINT_URL: the plan in '{dir}/local-plan' was made against the"
            + " emulator at 'http://127.0.0.1:4566', not " + UNREACHABLE_ENDPOINT + "; set AWS_ENDPOINT_URL to it",
            env(), "apply", "{dir}/local-plan"),
        row("apply-aws-plan-with-endpoint", "AWS_ENDPOINT_URL: set to '" + UNREACHABLE_ENDPOINT + "'" + targetAws
            + "AWS_ENDPOINT_URL for commands on this environment", env(), "apply", "{dir}/aws-plan"),
        row("unlock-escape-in-lock-id", "unlock: '\\u001B[2Jclear' is not a Terraform lock ID; copy the ID printed"
            + " under 'Lock Info:' by the run that failed (8-4-4-4-12 hex digits)", env(), "unlock",
            "\u001b[2Jclear"),
        row("drift-unknown-option", "./main drift: '--service' is not an option of ./main drift; see ./main drift"
            + " --help", env(), "drift", "--service", "server-service"),
        row("drift-extra-argument", "./main drift: 'server-service' is not a command or argument of ./main drift;"
            + " see ./main drift --help", env(), "drift", "server-service"),
        row("drift-config-fifo", "--config: '{dir}/fifo' is a FIFO (named pipe)" + configRule, env(),
            "drift", "--config", "{dir}/fifo"),
        row("drift-aws-target-with-endpoint", "AWS_ENDPOINT_URL: set to 'http://127.0.0.1:4566'" + targetAws
            + "AWS_ENDPOINT_URL for commands on this environment", env("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
            "drift", "--config", aws),
        row("report-format-huge", "--format: " + HUGE_SHOWN + " is not a report format; expected text, markdown,"
            + " mermaid or json", env(), "report", "--format", HUGE),
        row("emulator-unknown-action", "emulator: 're\\nstart' is not an action; expected start, stop or status",
            env(), "emulator", "re\nstart"));
  }

  private static String expand(String s) {
    return s == null ? null : s.replace("{dir}", dir.toString());
  }

  @Test
  void tableHasEveryKindOfTheIssues() {
    assertThat(rows().count()).isGreaterThanOrEqualTo(35);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  @Timeout(20) // a FIFO or /dev/zero must be refused, not read
  void failsWithOneLine(Row row) throws IOException, InterruptedException {
    fixtures();
    Map<Path, String> before = tree(dir);

    Map<String, String> env = new HashMap<>(Map.of("CDKTF_OUTDIR", dir.resolve("cdktf.out").toString(),
        "AWS_ENDPOINT_URL", UNREACHABLE_ENDPOINT, "SVCCONNECT_CONFIG", Fixtures.LOCAL.toString(),
        "PATH", System.getenv("PATH")));
    row.env().forEach((k, v) -> {
      if (v == null) {
        env.remove(k);
      } else {
        env.put(k, expand(v));
      }
    });
    String[] args = row.args().stream().map(BadArgumentsTableTest::expand).toArray(String[]::new);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(rc).as(stderr).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(stderr.lines()).as("one line").containsExactly("error: " + expand(row.line()));
    assertThat(stderr).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing on stdout").isEmpty();
    assertThat(tree(dir)).as("the previous synth and every other file left byte for byte as they were")
        .containsExactlyInAnyOrderEntriesOf(before);
  }

  /**
   * The files the rows name, and an outdir as a previous synth leaves it, written before each row: a FIFO, a file,
   * a directory of other files.
   */
  private static void fixtures() throws IOException, InterruptedException {
    Path stack = dir.resolve("cdktf.out/stacks/service-connect");
    Files.createDirectories(stack);
    Files.writeString(dir.resolve("cdktf.out/manifest.json"), "{\"version\": \"0.19.2\", \"stacks\": {}}\n");
    Files.writeString(stack.resolve("cdk.tf.json"), "{\"resource\": {\"aws_vpc\": {\"Vpc\": {}}}}\n");
    Files.writeString(dir.resolve("a-file"), "not a directory\n");
    Files.createDirectories(dir.resolve("other"));
    Files.writeString(dir.resolve("other/notes.txt"), "mine\n");
    savedPlan("local-plan", "\"kind\": \"local\", \"region\": \"us-east-1\", \"endpoint\":"
        + " \"http://127.0.0.1:4566\"");
    savedPlan("aws-plan", "\"kind\": \"aws\", \"region\": \"eu-west-1\", \"accountId\": \"111122223333\"");
    if (!Files.exists(dir.resolve("fifo"))) {
      Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).inheritIO().start();
      assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
    }
  }

  /** A saved plan as ./main plan --out writes one, for {@code target} (the manifest's target fields). */
  private static void savedPlan(String name, String target) throws IOException {
    Path stack = Files.createDirectories(dir.resolve(name).resolve("stacks/service-connect"));
    Files.writeString(stack.resolve("cdk.tf.json"), "{}\n");
    Files.writeString(stack.resolve("plan.tfplan"), "not applied: the command stops before terraform runs\n");
    Files.writeString(dir.resolve(name).resolve("plan.json"), "{\"format\": 1, \"environment\": \"e\","
        + " \"config\": \"config/e.yaml\", \"target\": {" + target + "}, \"stacks\": [\"service-connect\"]}\n");
  }

  /** Every entry under {@code root}: a regular file with its bytes, anything else with its kind. */
  private static Map<Path, String> tree(Path root) {
    Function<Path, String> content = f -> {
      try {
        return Files.isRegularFile(f) ? new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
            : Files.isDirectory(f) ? "(directory)" : "(special)";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    try (Stream<Path> files = Files.walk(root)) {
      Map<Path, String> out = new LinkedHashMap<>();
      files.sorted().forEach(f -> out.put(root.relativize(f), content.apply(f)));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
