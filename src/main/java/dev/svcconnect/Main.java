package dev.svcconnect;

import dev.svcconnect.cli.Emulator;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.report.ReachabilityReport;
import dev.svcconnect.topology.Topology;
import dev.svcconnect.config.ConfigException;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.policy.PolicyReport;
import dev.svcconnect.policy.PolicyViolation;
import dev.svcconnect.stacks.KernelWarmUp;
import dev.svcconnect.target.DeploymentTarget;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/** The command line: parses arguments and configuration, then hands over to {@link Workflow}. */
// INHERIT gives every subcommand --help and --version too.
@Command(name = "main", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    version = "ecs-service-connect-cdktf 0.1.0",
    description = "ECS Service Connect stacks in CDKTF Java: synth, deploy and destroy them, locally on an AWS"
        + " emulator (the default) or on real AWS.",
    subcommands = {Main.Synth.class, Main.Report.class, Main.Check.class, Main.Deploy.class, Main.Plan.class,
        Main.Output.class, Main.Destroy.class, Main.Bootstrap.class, Main.Unlock.class, Main.EmulatorCommand.class,
        dev.svcconnect.cli.Watch.class})
public final class Main {
  /** Names the environment file when --config is not given. */
  public static final String CONFIG_VARIABLE = "SVCCONNECT_CONFIG";
  static final String DEFAULT_CONFIG = "config/local.yaml";
  /**
   * Exit code for bad configuration, arguments or environment (sysexits' EX_USAGE): distinct from plan's
   * -detailed-exitcode values, where 2 means "changes".
   */
  public static final int EXIT_BAD_INPUT = 64;
  /**
   * Exit code when an error rule of the policy suite fails (sysexits' EX_DATAERR: the input is well-formed but the
   * stack it describes is not acceptable); nothing is synthesized or applied.
   */
  public static final int EXIT_POLICY_FAILED = 65;

  @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Environment file (default: $" + CONFIG_VARIABLE + ", else " + DEFAULT_CONFIG + ").")
  Path config;

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  Main(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    KernelWarmUp.startFor(args);
    // No wait for the warm-up here: exiting ends it (a bad config need not wait for the kernel to start).
    System.exit(execute(args, System.getenv(), System.out, System.err));
  }

  /** Runs one command; returns the process exit code, with jsii free for the caller to use again. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    KernelWarmUp.startFor(args);
    try {
      return execute(args, env, out, err);
    } finally {
      KernelWarmUp.await();
    }
  }

  private static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main(env, out, err));
    cli.setParameterExceptionHandler((e, line) -> {
      CommandLine command = e.getCommandLine();
      command.getErr().println("error: " + e.getMessage());
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr())) {
        command.usage(command.getErr());
      }
      return EXIT_BAD_INPUT;
    });
    cli.setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      err.println("error: " + e.getMessage());
      return e instanceof IllegalArgumentException ? EXIT_BAD_INPUT : 1;
    });
    return cli.execute(args);
  }

  private Path configPath() {
    return Optional.ofNullable(config)
        .or(() -> Optional.ofNullable(env.get(CONFIG_VARIABLE)).filter(s -> !s.isBlank()).map(Path::of))
        .orElse(Path.of(DEFAULT_CONFIG));
  }

  /** Loads the config and resolves the target; prints every config problem and returns empty on bad input. */
  private int withWorkflow(Function<Workflow, Integer> action) {
    EnvironmentConfig cfg;
    try {
      cfg = ConfigLoader.load(configPath());
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      err.println("error: " + configPath() + " is not valid (" + e.problems().size()
          + " problem(s)); nothing was synthesized or applied");
      return EXIT_BAD_INPUT;
    }
    // Warnings never stop a command; they name what is legal but probably not meant.
    Topology.of(cfg).warnings().forEach(w -> err.println(w.format(configPath().toString())));
    DeploymentTarget target = DeploymentTarget.resolve(cfg, env);
    Path outdir = Path.of(Optional.ofNullable(env.get("CDKTF_OUTDIR")).orElse("cdktf.out"));
    try {
      return action.apply(new Workflow(cfg, target, outdir, env, Path.of(".svcconnect"), out));
    } catch (ConfigException e) {
      // policy.suppressions are checked against the synthesized stacks, so they fail here rather than at load
      e.problems().forEach(err::println);
      err.println("error: " + configPath() + " is not valid (" + e.problems().size()
          + " problem(s)); nothing was synthesized or applied");
      return EXIT_BAD_INPUT;
    } catch (PolicyViolation e) {
      e.report().errorLines().forEach(line -> err.println("policy: " + line));
      err.println("error: the policy suite failed (" + e.report().errors().size() + " error finding(s)); nothing"
          + " was synthesized or applied. Fix the stack or its config, or suppress a finding under"
          + " policy.suppressions with a reason; ./main check shows every rule");
      return EXIT_POLICY_FAILED;
    }
  }

  /** The approval switch of the commands that change infrastructure. */
  static final class AutoApprove {
    @Option(names = "--auto-approve", description = "Do not ask for approval (real AWS; local runs never ask).")
    boolean autoApprove;
  }

  @Command(name = "synth", description = "Write the stacks as Terraform JSON under cdktf.out/ (or $CDKTF_OUTDIR).")
  static final class Synth implements Callable<Integer> {
    @ParentCommand Main main;

    @Override
    public Integer call() {
      return main.withWorkflow(w -> {
        w.synth();
        return 0;
      });
    }
  }

  @Command(name = "report", description = "Who reaches which Service Connect endpoint, and why: for every service"
      + " and the bastion, does the alias resolve there and do the security groups admit it. Computed from the"
      + " synthesized stack.")
  static final class Report implements Callable<Integer> {
    @ParentCommand Main main;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default), markdown, mermaid or json")
    String format;

    @Override
    public Integer call() {
      ReachabilityReport.Format parsed = ReachabilityReport.format(format);
      return main.withWorkflow(w -> {
        main.out.print(w.report(parsed));
        return 0;
      });
    }
  }

  @Command(name = "deploy", description = "Synth and apply. Local: starts the emulator if needed and creates the"
      + " state bucket first, without asking. AWS: asks for approval unless --auto-approve.")
  static final class Deploy implements Callable<Integer> {
    @ParentCommand Main main;
    @CommandLine.Mixin AutoApprove approval;

    @Override
    public Integer call() {
      return main.withWorkflow(w -> w.deploy(approval.autoApprove));
    }
  }

  @Command(name = "plan", description = "Synth and show what deploy would change. Exit code: 0 no changes,"
      + " 2 changes, 1 error.")
  static final class Plan implements Callable<Integer> {
    @ParentCommand Main main;
    @CommandLine.Parameters(paramLabel = "TERRAFORM_ARG", description = "Passed to terraform plan, e.g. -out=FILE.")
    List<String> extra = List.of();
    @Option(names = "--summary", paramLabel = "FILE", description = "Plan every stack and write a Markdown review"
        + " (counts, risks, replaced or destroyed resources, the full plan) for a pull-request comment.")
    Path summary;

    @Override
    public Integer call() {
      return main.withWorkflow(w -> summary == null ? w.plan(extra) : w.planSummary(summary, extra));
    }
  }

  @Command(name = "output", description = "Print the deployed stack's outputs.")
  static final class Output implements Callable<Integer> {
    @ParentCommand Main main;

    @Override
    public Integer call() {
      return main.withWorkflow(Workflow::output);
    }
  }

  @Command(name = "destroy", description = "Destroy the service stack; locally the state bucket too. AWS: asks"
      + " for approval unless --auto-approve.")
  static final class Destroy implements Callable<Integer> {
    @ParentCommand Main main;
    @CommandLine.Mixin AutoApprove approval;

    @Override
    public Integer call() {
      return main.withWorkflow(w -> w.destroy(approval.autoApprove));
    }
  }

  @Command(name = "bootstrap", description = "Create or update the Terraform state bucket (stack state-bootstrap)."
      + " Needed once per AWS environment; deploy does it by itself locally.")
  static final class Bootstrap implements Callable<Integer> {
    @ParentCommand Main main;
    @CommandLine.Mixin AutoApprove approval;
    @Option(names = "--import", description = "The bucket exists but this machine has no bootstrap state (lost or"
        + " never here): import the bucket and its settings into a fresh state first, then apply as usual.")
    boolean importExisting;

    @Override
    public Integer call() {
      return main.withWorkflow(w -> w.bootstrap(approval.autoApprove, importExisting));
    }
  }

  @Command(name = "unlock", description = "Release a state lock that a killed run left behind (terraform"
      + " force-unlock, with deploy's init and environment). Make sure no other run is active first. AWS: asks"
      + " for approval unless --auto-approve.")
  static final class Unlock implements Callable<Integer> {
    @ParentCommand Main main;
    @CommandLine.Mixin AutoApprove approval;
    @Option(names = "--stack", paramLabel = "STACK", defaultValue = dev.svcconnect.stacks.ServiceConnectStack.ID,
        description = "service-connect (default) or state-bootstrap.")
    String stack;
    @CommandLine.Parameters(paramLabel = "LOCK_ID", description = "The ID printed under 'Lock Info:' by the run"
        + " that failed to get the lock.")
    String lockId;

    @Override
    public Integer call() {
      // bad arguments fail before the config is read or anything is synthesized
      dev.svcconnect.cli.Unlock.check(stack, lockId);
      return main.withWorkflow(w -> w.unlock(stack, lockId, approval.autoApprove));
    }
  }

  @Command(name = "check", description = "Run the policy suite alone and print every rule's verdict on every"
      + " resource (pass, fail, suppressed, opted-out). Writes nothing. Exit code: 0 when no error rule fails, "
      + EXIT_POLICY_FAILED + " otherwise.")
  static final class Check implements Callable<Integer> {
    @ParentCommand Main main;
    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json")
    String format = "text";

    @Override
    public Integer call() {
      if (!format.equals("text") && !format.equals("json")) {
        throw new IllegalArgumentException("--format: '" + format + "' is not a format; expected text or json");
      }
      return main.withWorkflow(w -> {
        PolicyReport report = w.check();
        main.out.print(format.equals("json") ? report.json().toPrettyString() + System.lineSeparator()
            : report.text());
        return report.passes() ? 0 : EXIT_POLICY_FAILED;
      });
    }
  }

  @Command(name = "emulator", description = "Manage the local AWS emulator at $AWS_ENDPOINT_URL (default "
      + DeploymentTarget.DEFAULT_ENDPOINT + ").")
  static final class EmulatorCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @CommandLine.Parameters(paramLabel = "ACTION", description = "start, stop or status") String action;

    @Override
    public Integer call() {
      String url = Optional.ofNullable(main.env.get(DeploymentTarget.ENDPOINT_VARIABLE)).filter(s -> !s.isBlank())
          .orElse(DeploymentTarget.DEFAULT_ENDPOINT);
      Emulator emulator = new Emulator(DeploymentTarget.parseEndpoint(url), Path.of(".svcconnect"));
      switch (action) {
        case "start" -> {
          emulator.ensureRunning(main.out);
          main.out.println("Emulator answers at " + url);
          return 0;
        }
        case "stop" -> {
          if (emulator.stop()) {
            main.out.println("Stopped the emulator at " + url);
            return 0;
          }
          main.out.println("No emulator started by ./main is running at " + url
              + (emulator.answers() ? " (something else answers there; it was left alone)" : ""));
          return 0;
        }
        case "status" -> {
          boolean answers = emulator.answers();
          main.out.println(url + (answers ? " answers" : " does not answer")
              + (emulator.startedProcess().map(p -> " (emulator pid " + p.pid() + ", started by ./main)")
                  .orElse("")));
          return answers ? 0 : 3;
        }
        default -> throw new IllegalArgumentException("emulator: '" + action
            + "' is not an action; expected start, stop or status");
      }
    }
  }
}
