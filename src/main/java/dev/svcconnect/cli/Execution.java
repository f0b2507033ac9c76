package dev.svcconnect.cli;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.config.ConfigException;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.Display;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.policy.PolicyViolation;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.topology.ConfigWarnings;
import dev.svcconnect.topology.Topology;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * How every command that reads the environment file ends: the one place that prints configuration problems,
 * warnings and policy failures, and that turns them, and failed Terraform runs, into the process's exit code.
 */
public final class Execution {
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
  /**
   * Exit code of a deploy whose apply succeeded but left a service on another revision than the one it registered,
   * or with a FAILED deployment (sysexits' EX_UNAVAILABLE: the service is not what was deployed); each service's
   * reason is printed (aws.RolloutCheck).
   */
  public static final int EXIT_ROLLOUT_FAILED = 69;
  /**
   * Exit code of {@code ./main drift} when a service's Service Connect configuration in ECS differs from the stack's,
   * the value Terraform's {@code -detailed-exitcode} gives to "changes" (aws.ServiceConnectDrift); ECS that cannot be
   * asked exits {@value #EXIT_ROLLOUT_FAILED}.
   */
  public static final int EXIT_DRIFT = 2;

  private Execution() {}

  /**
   * Checks the command line and environment ({@link Preflight}), loads {@code run}'s environment file, resolves its
   * target, prints the command's banner (which environment, target, account and region it acts on) and the
   * config's warnings on stderr, and runs {@code action} on it.
   *
   * @param command the subcommand, for the banner
   * @return the action's exit code; {@value #EXIT_BAD_INPUT} for an invalid file or suppression (every problem
   *     printed), {@value #EXIT_POLICY_FAILED} when error rules of the policy suite fail, a failed Terraform run's
   *     own exit code
   * @throws IllegalArgumentException for a bad argument or variable (one line; the caller exits
   *     {@value #EXIT_BAD_INPUT}), before anything is read or written
   */
  public static int run(String command, RunContext run, ToIntFunction<RunContext.Loaded> action) {
    Preflight.check(run);
    try {
      EnvironmentConfig config = ConfigLoader.load(run.configPath());
      // Derived once for the run: the warnings and the stacks read the same topology.
      Topology topology = Topology.of(config);
      RunContext.Loaded loaded = run.with(config, topology);
      run.err().println(banner(command, loaded.target(), config.environment(), "config " + run.configPath()));
      // Warnings never stop a command; they name what is legal but probably not meant.
      ConfigWarnings.of(topology).forEach(w -> run.err().println(w.format(run.configPath().toString())));
      return exitCode(() -> action.applyAsInt(loaded));
    } catch (ConfigException e) {
      // policy.suppressions are checked against the synthesized stacks, so they fail in the action, not at load
      printInvalid(run, e.problems());
      return EXIT_BAD_INPUT;
    } catch (PolicyViolation e) {
      e.report().errorLines().forEach(line -> run.err().println("policy: " + line));
      run.err().println("error: the policy suite failed (" + e.report().errors().size() + " error finding(s));"
          + " nothing was synthesized or applied. Fix the stack or its config, or suppress a finding under"
          + " policy.suppressions with a reason; ./main check shows every rule");
      return EXIT_POLICY_FAILED;
    }
  }

  /**
   * {@code ./main apply PLAN}: reads the saved plan, resolves the target it records (the endpoint variables are
   * checked as for any command on that target; locally, the endpoint must be the one the plan was made against),
   * prints the banner and applies it ({@link Workflow#apply}).
   *
   * @return 0, or a failed Terraform run's exit code
   * @throws IllegalArgumentException one line, before anything runs: not a saved plan, a bad variable
   */
  public static int apply(RunContext run, Path planDir) {
    Terraform.mirror(run.env());
    SavedPlan plan = SavedPlan.read(planDir);
    SavedPlan.Manifest m = plan.manifest();
    DeploymentTarget target = DeploymentTarget.of(m.kind(), m.region(), m.accountId(), run.env());
    if (target.isLocal() && !m.endpoint().orElse("").equals(target.endpoint().orElseThrow().toString())) {
      throw new IllegalArgumentException(DeploymentTarget.ENDPOINT_VARIABLE + ": the plan in "
          + Display.quote(planDir.toString()) + " was made against the emulator at "
          + Display.quote(m.endpoint().orElse("")) + ", not " + target.endpoint().orElseThrow() + "; set "
          + DeploymentTarget.ENDPOINT_VARIABLE + " to it");
    }
    run.err().println(banner("apply", target, m.environment(), "saved plan " + planDir + " (of " + m.config()
        + ")"));
    return exitCode(() -> Workflow.apply(plan, target, run));
  }

  /**
   * The first line every command that acts on an environment prints (stderr): {@code main deploy: environment
   * prod, AWS account 111122223333, region eu-west-1, config config/prod.yaml}; {@code from} says what it was
   * read from.
   */
  static String banner(String command, DeploymentTarget target, String environment, String from) {
    return "main " + command + ": environment " + environment + ", " + target.describe() + ", " + from;
  }

  /**
   * Runs {@code action} and returns its exit code, or a failed Terraform run's own: the one mapping of
   * {@link TerraformFailure} to an exit code (terraform has printed its error by then).
   */
  public static int exitCode(IntSupplier action) {
    try {
      return action.getAsInt();
    } catch (TerraformFailure e) {
      return e.exitCode();
    }
  }

  private static void printInvalid(RunContext run, List<String> problems) {
    problems.forEach(run.err()::println);
    run.err().println("error: " + run.configPath() + " is not valid (" + problems.size()
        + " problem(s)); nothing was synthesized or applied");
  }
}
