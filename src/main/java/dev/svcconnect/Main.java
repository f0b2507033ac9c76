package dev.svcconnect;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.app.Synthesizer;
import dev.svcconnect.cli.Cancellation;
import dev.svcconnect.cli.Emulator;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.cli.Preflight;
import dev.svcconnect.cli.TerraformArgs;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.Display;
import dev.svcconnect.policy.PolicyReport;
import dev.svcconnect.report.ReachabilityReport;
import dev.svcconnect.target.DeploymentTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * The command line: parses the arguments, builds the run's {@link RunContext} once, and hands each command over to
 * {@link Execution#run} and {@link Workflow}.
 */
// INHERIT gives every subcommand --help and --version too.
@Command(name = "main", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    version = "ecs-service-connect-cdktf 0.1.0",
    description = "ECS Service Connect stacks in CDKTF Java: synth, deploy and destroy them, locally on an AWS"
        + " emulator (the default) or on real AWS.",
    subcommands = {Main.Synth.class, Main.Report.class, Main.Check.class, Main.Deploy.class, Main.Plan.class,
        Main.Drift.class, Main.Apply.class, Main.Output.class, Main.Destroy.class, Main.Bootstrap.class, Main.Unlock.class,
        Main.EmulatorCommand.class, Main.Watch.class, Main.SchemaCommand.class})
public final class Main {
  /** Names the environment file when --config is not given. */
  public static final String CONFIG_VARIABLE = RunContext.CONFIG_VARIABLE;
  static final String DEFAULT_CONFIG = RunContext.DEFAULT_CONFIG;
  /** Bad configuration, arguments or environment: {@link Execution#EXIT_BAD_INPUT}. */
  public static final int EXIT_BAD_INPUT = Execution.EXIT_BAD_INPUT;
  /** An error rule of the policy suite failed: {@link Execution#EXIT_POLICY_FAILED}. */
  public static final int EXIT_POLICY_FAILED = Execution.EXIT_POLICY_FAILED;

  /**
   * Marks the subcommands that build the stacks (and so need the jsii kernel): the one list of them. The kernel's
   * warm-up starts for them ({@link #synthesizes}; for those that {@link Synthesizes#reusesCurrentSynth} only when
   * their synth will likely run, {@link #mayReuseSynth}), the launcher records its class-data archive after them (from
   * {@code launcher/synthesizing-commands}, which a test keeps equal to {@link #synthesizingCommands()}).
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface Synthesizes {
    /**
     * Whether the command skips the synth when its output is current ({@code cli/SynthCache}), and so starts the
     * warm-up itself once its config file is known ({@link Workflow#warmUpUnlessSynthSkipped}).
     */
    boolean reusesCurrentSynth() default false;
  }

  /** --config as typed; null when not given. */
  private String config;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * --config, before or after the command name. Given twice, at the same level or at two, it is refused rather than
   * the last one silently winning; an empty one is refused with the rule.
   */
  @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Environment file (default: $" + CONFIG_VARIABLE + ", else " + DEFAULT_CONFIG + "). A relative"
          + " path is relative to the directory you run ./main from.")
  void config(String file) {
    if (config != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--config: given twice ("
          + Display.quote(config) + " and " + Display.quote(file) + "); give it once, before or after the command");
    }
    if (file.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--config: '' is empty; give the path of an"
          + " environment file, e.g. --config " + DEFAULT_CONFIG);
    }
    config = file;
  }

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  Main(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    // SIGTERM, SIGINT and SIGHUP reach a running Terraform, which stops gracefully (cli/Cancellation)
    Cancellation.install(System.err);
    Optional<String> badNode = synthesizes(args) ? Preflight.kernel(System.getenv()) : Optional.empty();
    if (badNode.isPresent()) {
      System.err.println("error: " + badNode.get());
      System.exit(EXIT_BAD_INPUT);
    }
    if (synthesizes(args) && !mayReuseSynth(args)) {
      Synthesizer.startWarmUp();
    }
    // No wait for the warm-up here: exiting ends it (a bad config need not wait for the kernel to start).
    System.exit(execute(args, System.getenv(), System.out, System.err));
  }

  /** Runs one command; returns the process exit code, with jsii free for the caller to use again. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Optional<String> badNode = synthesizes(args) ? Preflight.kernel(env) : Optional.empty();
    if (badNode.isPresent()) {
      err.println("error: " + badNode.get());
      return EXIT_BAD_INPUT;
    }
    if (synthesizes(args) && !mayReuseSynth(args)) {
      Synthesizer.startWarmUp();
    }
    try {
      return execute(args, env, out, err);
    } finally {
      Synthesizer.awaitWarmUp();
    }
  }

  /**
   * Whether the command a command line names is marked {@link Synthesizes#reusesCurrentSynth} (plan, deploy): it
   * starts the kernel's warm-up itself. Read before picocli parses the line, as {@link #synthesizes}.
   */
  static boolean mayReuseSynth(String[] args) {
    Map<String, Class<?>> commands = Arrays.stream(Main.class.getAnnotation(Command.class).subcommands())
        .collect(Collectors.toMap(c -> c.getAnnotation(Command.class).name(), c -> c));
    return Arrays.stream(args).filter(commands::containsKey).findFirst()
        .map(name -> commands.get(name).getAnnotation(Synthesizes.class))
        .map(Synthesizes::reusesCurrentSynth).orElse(false);
  }

  /** The names of the subcommands marked {@link Synthesizes}, in declaration order. */
  public static List<String> synthesizingCommands() {
    return Arrays.stream(Main.class.getAnnotation(Command.class).subcommands())
        .filter(c -> c.isAnnotationPresent(Synthesizes.class))
        .map(c -> c.getAnnotation(Command.class).name())
        .toList();
  }

  /**
   * Whether a command line names a command that builds the stacks (options may come before it); read before
   * picocli parses it, so that the kernel starts while the arguments and the config are read.
   */
  static boolean synthesizes(String[] args) {
    Set<String> names = synthesizingCommands().stream().collect(Collectors.toSet());
    return Arrays.stream(args).anyMatch(names::contains);
  }

  /**
   * The command line as every run parses it, for one run ({@code env}, {@code out}, {@code err}); the docs' examples
   * and help texts are checked against the same model (CliExamplesTest).
   */
  static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main(env, out, err));
    // Terraform's own options pass through plan and output without "--" (./main plan -destroy): an option that is
    // not ./main's is a positional argument of the command that has them, and an error of those that have none.
    cli.setUnmatchedOptionsArePositionalParams(true);
    // -compact-warnings is Terraform's, not -c with "ompact-warnings" attached: no clustered short options
    cli.setPosixClusteredShortOptionsAllowed(false);
    return cli;
  }

  private static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine cli = commandLine(env, out, err);
    cli.setParameterExceptionHandler((e, line) -> {
      err.println("error: " + oneLine(e));
      return EXIT_BAD_INPUT;
    });
    cli.setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      err.println("error: " + escaped(e.getMessage() == null ? e.toString() : e.getMessage()));
      return e instanceof IllegalArgumentException ? EXIT_BAD_INPUT : 1;
    });
    return cli.execute(args);
  }

  /**
   * A command-line error as one line: what is wrong, the value (quoted, capped and escaped by {@link Display}), and
   * where the help is, instead of picocli's message and usage block.
   */
  private static String oneLine(CommandLine.ParameterException e) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName().replaceFirst("^main", "./main");
    String help = "; see " + name + " --help";
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      List<String> suggestions = u.getSuggestions();
      String kind = arg.startsWith("-") ? "an option" : "a command or argument";
      return name + ": " + Display.quote(arg) + " is not " + kind + " of " + name
          + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)") + help;
    }
    if (e.getCause() instanceof CommandLine.TypeConversionException bad) {
      // an EnumOption's own line names the option, the value and the choices: nothing to add
      return escaped(bad.getMessage());
    }
    return escaped(e.getMessage()) + (e.getMessage().contains("--help") ? "" : help);
  }

  /** {@code text} on one line: control characters escaped as {@link Display} does, the text itself kept whole. */
  private static String escaped(String text) {
    StringBuilder b = new StringBuilder();
    // Display caps a value; a message is ours, so it is escaped in pieces of Display's size and kept whole
    for (int i = 0; i < text.length(); i += Display.MAX_CHARS) {
      b.append(Display.plain(text.substring(i, Math.min(text.length(), i + Display.MAX_CHARS))));
    }
    return b.toString();
  }

  /** The run's context, from --config and the environment. */
  private RunContext context() {
    return RunContext.of(config, env, out, err);
  }

  /**
   * Runs {@code action} of subcommand {@code command} on this run's loaded config through {@link Execution#run},
   * which reports what fails.
   */
  private int withWorkflow(String command, ToIntFunction<Workflow> action) {
    return Execution.run(command, context(), loaded -> action.applyAsInt(new Workflow(loaded)));
  }

  /**
   * An enum option as picocli parses it: the command line spells each constant by {@code spelling}, a bad value
   * fails with {@code parse}'s own message (one line, exit 64), and the spellings are the completion candidates
   * (shown in help as {@code ${COMPLETION-CANDIDATES}}). A subclass per enum gives picocli a class to instantiate.
   */
  abstract static class EnumOption<E extends Enum<E>> implements CommandLine.ITypeConverter<E>, Iterable<String> {
    private final Class<E> type;
    private final Function<String, E> parse;
    private final Function<E, String> spelling;

    EnumOption(Class<E> type, Function<String, E> parse, Function<E, String> spelling) {
      this.type = type;
      this.parse = parse;
      this.spelling = spelling;
    }

    @Override
    public E convert(String value) {
      try {
        return parse.apply(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }

    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(type.getEnumConstants()).map(spelling).iterator();
    }

    static String lowercase(Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A subcommand that runs one {@link Workflow} step on the run's loaded config, through {@link #withWorkflow} under
   * the name its {@code @Command} gives it.
   */
  abstract static class WorkflowStep implements Callable<Integer> {
    @ParentCommand Main main;

    /**
     * The step to run once the config is loaded. Called before the config is read, so arguments it checks here are
     * refused first.
     */
    abstract ToIntFunction<Workflow> step();

    @Override
    public Integer call() {
      return main.withWorkflow(getClass().getAnnotation(Command.class).name(), step());
    }
  }

  /** A {@link WorkflowStep} that changes infrastructure, and so has the approval switch. */
  abstract static class ApprovedStep extends WorkflowStep {
    @Option(names = "--auto-approve", description = "Do not ask for approval (real AWS; local runs never ask).")
    boolean autoApprove;
  }

  @Synthesizes
  @Command(name = "synth", description = "Write the stacks as Terraform JSON under cdktf.out/ (or $CDKTF_OUTDIR).")
  static final class Synth extends WorkflowStep {
    @Override
    ToIntFunction<Workflow> step() {
      return w -> {
        w.synth();
        return 0;
      };
    }
  }

  @Synthesizes
  @Command(name = "report", description = "Who reaches which Service Connect endpoint, and why: for every service"
      + " and the bastion, does the alias resolve there and do the security groups admit it. Computed from the"
      + " synthesized stack.")
  static final class Report extends WorkflowStep {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatOption.class,
        completionCandidates = FormatOption.class, description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    ReachabilityReport.Format format;

    static final class FormatOption extends EnumOption<ReachabilityReport.Format> {
      FormatOption() {
        super(ReachabilityReport.Format.class, ReachabilityReport::format, EnumOption::lowercase);
      }
    }

    @Override
    ToIntFunction<Workflow> step() {
      return w -> {
        main.out.print(w.report(format));
        return 0;
      };
    }
  }

  @Synthesizes(reusesCurrentSynth = true)
  @Command(name = "deploy", description = "Synth and apply. Local: starts the emulator if needed and creates the"
      + " state bucket first, without asking. AWS: asks for approval unless --auto-approve.",
      footer = {"", "Examples:", "  ./main deploy", "  ./main deploy --config config/aws-example.yaml",
          "  ./main --config config/aws-example.yaml deploy --auto-approve"})
  static final class Deploy extends ApprovedStep {
    @Override
    ToIntFunction<Workflow> step() {
      Workflow.warmUpUnlessSynthSkipped(main.context());
      return w -> w.deploy(autoApprove);
    }
  }

  @Synthesizes(reusesCurrentSynth = true)
  @Command(name = "plan", description = {"Synth and show what deploy would change: terraform plan of the service"
      + " stack. Exit code: 0 no changes, 2 changes, 1 error.",
      "Terraform's own options pass through, no \"--\" needed: ./main plan -destroy. Relative paths in them (-out=,"
      + " -var-file=) are relative to the directory you run ./main from."},
      footer = {"", "Examples:", "  ./main plan -destroy", "  ./main plan --out plan.d",
          "  ./main apply plan.d"})
  static final class Plan extends WorkflowStep {
    @CommandLine.Parameters(paramLabel = "TERRAFORM_ARG", description = "Passed to terraform plan, e.g. -destroy,"
        + " -target=ADDRESS, -var-file=FILE.")
    List<String> extra = List.of();
    @Option(names = "--summary", paramLabel = "FILE", description = "Plan every stack and write a Markdown review"
        + " (counts, risks, replaced or destroyed resources, the full plan) for a pull-request comment.")
    Path summary;
    @Option(names = "--out", paramLabel = "DIR", description = "Save the plan to DIR (created, or replaced if it"
        + " holds a saved plan): the plan file and the synthesized stack it was made from, which ./main apply DIR"
        + " applies exactly.")
    Path savedPlan;

    @Override
    ToIntFunction<Workflow> step() {
      RunContext run = main.context();
      if (summary == null) {
        Workflow.warmUpUnlessSynthSkipped(run);
      } else {
        Synthesizer.startWarmUp(); // a review always synthesizes
      }
      List<String> args = TerraformArgs.of("plan", extra, run);
      Optional<Path> saved = Optional.ofNullable(savedPlan).map(run::userPath);
      saved.ifPresent(dir -> Workflow.checkSavedPlan(dir, args));
      return w -> summary == null ? w.plan(args, saved) : w.planSummary(run.userPath(summary), args, saved);
    }
  }

  @Synthesizes
  @Command(name = "drift", description = {"Compare the Service Connect configuration of every deployed ECS service"
      + " with the synthesized stack's (ECS DescribeServices), which terraform plan cannot see with provider 5.x."
      + " One line per difference on stdout: SERVICE: FIELD: expected X, live Y. Exit code: 0 no drift, "
      + Execution.EXIT_DRIFT + " drift, " + Execution.EXIT_ROLLOUT_FAILED + " ECS cannot be asked, 1 error."},
      footer = {"", "Example:", "  ./main drift --config config/prod.yaml"})
  static final class Drift extends WorkflowStep {
    @Override
    ToIntFunction<Workflow> step() {
      return Workflow::drift;
    }
  }

  @Command(name = "apply", description = {"Apply a saved plan (./main plan --out DIR) exactly, without asking:"
      + " the plan was the review. Terraform refuses a plan whose state has changed since (\"Saved plan is"
      + " stale\"): plan again. Reads no environment file: the plan records its environment and target."},
      footer = {"", "Example:", "  ./main plan --out plan.d", "  ./main apply plan.d"})
  static final class Apply implements Callable<Integer> {
    @ParentCommand Main main;
    @CommandLine.Parameters(paramLabel = "PLAN", description = "The directory ./main plan --out wrote.")
    String plan;

    @Override
    public Integer call() {
      if (main.config != null) {
        throw new IllegalArgumentException("apply: --config is not read: a saved plan records the environment it"
            + " was made for (" + dev.svcconnect.cli.SavedPlan.MANIFEST + ")");
      }
      RunContext run = main.context();
      return Execution.apply(run, run.userPath(Path.of(plan)));
    }
  }

  @Synthesizes
  @Command(name = "output", description = {"Print the deployed stack's outputs, and nothing else, on stdout:"
      + " terraform output. Terraform's own options pass through: -json, -raw NAME, NAME."},
      footer = {"", "Examples:", "  ./main output -json", "  ./main output -raw cluster_name"})
  static final class Output extends WorkflowStep {
    @CommandLine.Parameters(paramLabel = "TERRAFORM_ARG", description = "Passed to terraform output, e.g. -json,"
        + " -raw NAME, NAME.")
    List<String> args = List.of();

    @Override
    ToIntFunction<Workflow> step() {
      List<String> terraformArgs = TerraformArgs.of("output", args, main.context());
      return w -> w.output(terraformArgs);
    }
  }

  @Synthesizes
  @Command(name = "destroy", description = "Destroy the service stack; locally the state bucket too. AWS: asks"
      + " for approval unless --auto-approve.", footer = {"", "Example:", "  ./main destroy"})
  static final class Destroy extends ApprovedStep {
    @Override
    ToIntFunction<Workflow> step() {
      return w -> w.destroy(autoApprove);
    }
  }

  @Synthesizes
  @Command(name = "bootstrap", description = "Create or update the Terraform state bucket (stack state-bootstrap)."
      + " Needed once per AWS environment; deploy does it by itself locally.")
  static final class Bootstrap extends ApprovedStep {
    @Option(names = "--import", description = "The bucket exists but this machine has no bootstrap state (lost or"
        + " never here): import the bucket and its settings into a fresh state first, then apply as usual.")
    boolean importExisting;

    @Override
    ToIntFunction<Workflow> step() {
      return w -> w.bootstrap(autoApprove, importExisting);
    }
  }

  @Synthesizes
  @Command(name = "unlock", description = "Release a state lock that a killed run left behind (terraform"
      + " force-unlock, with deploy's init and environment). Make sure no other run is active first. AWS: asks"
      + " for approval unless --auto-approve.")
  static final class Unlock extends ApprovedStep {
    @Option(names = "--stack", paramLabel = "STACK", defaultValue = dev.svcconnect.stacks.ServiceConnectStack.ID,
        converter = StackOption.class, completionCandidates = StackOption.class,
        description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    dev.svcconnect.cli.Unlock.Stack stack;
    @CommandLine.Parameters(paramLabel = "LOCK_ID", description = "The ID printed under 'Lock Info:' by the run"
        + " that failed to get the lock.")
    String lockId;

    static final class StackOption extends EnumOption<dev.svcconnect.cli.Unlock.Stack> {
      StackOption() {
        super(dev.svcconnect.cli.Unlock.Stack.class, dev.svcconnect.cli.Unlock.Stack::of,
            dev.svcconnect.cli.Unlock.Stack::id);
      }
    }

    @Override
    ToIntFunction<Workflow> step() {
      // bad arguments fail before the config is read or anything is synthesized
      dev.svcconnect.cli.Unlock.check(lockId);
      return w -> w.unlock(stack, lockId, autoApprove);
    }
  }

  @Synthesizes
  @Command(name = "check", description = "Run the policy suite alone and print every rule's verdict on every"
      + " resource (pass, fail, suppressed, opted-out). Writes nothing. Exit code: 0 when no error rule fails, "
      + EXIT_POLICY_FAILED + " otherwise.")
  static final class Check extends WorkflowStep {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatOption.class,
        completionCandidates = FormatOption.class, description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    /** How {@code check} prints the suite's verdicts. */
    enum Format {
      TEXT, JSON;

      static Format of(String name) {
        return Arrays.stream(values()).filter(f -> EnumOption.lowercase(f).equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("--format: " + Display.quote(name) + " is not a format;"
                + " expected "
                + Arrays.stream(values()).map(EnumOption::lowercase).collect(Collectors.joining(" or "))));
      }
    }

    static final class FormatOption extends EnumOption<Format> {
      FormatOption() {
        super(Format.class, Format::of, EnumOption::lowercase);
      }
    }

    @Override
    ToIntFunction<Workflow> step() {
      return w -> {
        PolicyReport report = w.check();
        main.out.print(format == Format.JSON ? report.json().toPrettyString() + System.lineSeparator()
            : report.text());
        return report.passes() ? 0 : EXIT_POLICY_FAILED;
      };
    }
  }

  @Command(name = "schema", description = "Print the JSON Schema of the environment file"
      + " (schema/environment.schema.json), e.g. for an editor or a CI check.")
  static final class SchemaCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Override
    public Integer call() {
      main.out.print(dev.svcconnect.config.ConfigSchema.text());
      return 0;
    }
  }

  @Command(name = "emulator", description = "Manage the local AWS emulator at $AWS_ENDPOINT_URL (default "
      + DeploymentTarget.DEFAULT_ENDPOINT + ").",
      subcommands = {EmulatorCommand.Start.class, EmulatorCommand.Stop.class, EmulatorCommand.Status.class})
  static final class EmulatorCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    /** Whatever is not a subcommand: named in the error, with the subcommands there are. */
    @CommandLine.Parameters(arity = "0..1", hidden = true) String unknown;

    @Override
    public Integer call() {
      List<String> actions = List.copyOf(spec.subcommands().keySet());
      String expected = "expected " + String.join(", ", actions.subList(0, actions.size() - 1)) + " or "
          + actions.get(actions.size() - 1);
      if (unknown == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "emulator: no action given; " + expected);
      }
      throw new IllegalArgumentException("emulator: " + Display.quote(unknown) + " is not an action; " + expected);
    }

    /** The emulator at the endpoint the environment names, and that endpoint as the messages spell it. */
    Emulator emulator() {
      return new Emulator(DeploymentTarget.localEndpoint(main.env), RunContext.STATE_DIR);
    }

    /** A subcommand that acts on {@link #emulator()}. */
    abstract static class Action implements Callable<Integer> {
      @ParentCommand EmulatorCommand parent;

      /** Acts on {@code emulator}, printing to {@code main}'s streams; returns the exit code. */
      abstract int run(Emulator emulator, Main main);

      @Override
      public Integer call() {
        return run(parent.emulator(), parent.main);
      }
    }

    @Command(name = "start", description = "Start the emulator unless something answers at the endpoint already.")
    static final class Start extends Action {
      @Override
      int run(Emulator emulator, Main main) {
        emulator.ensureRunning(main.err);
        main.out.println("Emulator answers at " + emulator.endpoint());
        return 0;
      }
    }

    @Command(name = "stop", description = "Stop the emulator that ./main started at the endpoint; leave anything"
        + " else alone.")
    static final class Stop extends Action {
      @Override
      int run(Emulator emulator, Main main) {
        if (emulator.stop()) {
          main.out.println("Stopped the emulator at " + emulator.endpoint());
          return 0;
        }
        main.out.println("No emulator started by ./main is running at " + emulator.endpoint()
            + (emulator.answers() ? " (something else answers there; it was left alone)" : ""));
        return 0;
      }
    }

    @Command(name = "status", description = "Whether this project's emulator answers at the endpoint. Exit code: 0"
        + " it does, 3 nothing answers, 4 something else answers there (a plain moto_server, another emulator, or"
        + " this project's from another checkout).")
    static final class Status extends Action {
      @Override
      int run(Emulator emulator, Main main) {
        Emulator.Identity identity = emulator.identify();
        String started = emulator.startedProcess().map(p -> " (emulator pid " + p.pid() + ", started by ./main)")
            .orElse("");
        main.out.println(emulator.endpoint() + switch (identity) {
          case OURS -> " answers: this project's emulator" + started;
          case OTHER_VERSION -> " answers: this project's emulator with another version of its extension" + started;
          case FOREIGN -> " answers, but not with this project's emulator";
          case NOTHING -> " does not answer";
        });
        return switch (identity) {
          case OURS -> 0;
          case NOTHING -> 3;
          case OTHER_VERSION, FOREIGN -> 4;
        };
      }
    }
  }

  @Synthesizes
  @Command(name = "watch", description = "Synth, then synth again whenever the environment file changes (the JVM and"
      + " jsii kept warm). A change to pom.xml, src/main or schema/ rebuilds and restarts. Stop it with Ctrl-C.")
  static final class Watch implements Callable<Integer> {
    @ParentCommand Main main;

    @Override
    public Integer call() throws IOException, InterruptedException {
      return new dev.svcconnect.cli.Watch(main.context(), Path.of("")).run();
    }
  }
}
