package dev.svcconnect.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.app.RunContext;
import dev.svcconnect.app.Synthesizer;
import dev.svcconnect.aws.RolloutCheck;
import dev.svcconnect.aws.SdkClients;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.plan.PlanDifferences;
import dev.svcconnect.plan.PlanSummary;
import dev.svcconnect.policy.PolicyReport;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.plan.StackPlan;
import dev.svcconnect.report.Reachability;
import dev.svcconnect.report.ReachabilityReport;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.stacks.Stacks;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.target.EmulatorGap;
import dev.svcconnect.topology.Topology;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What each command does, in order: emulator (local only), synth, state bucket, then the service stack. The
 * command line and the emulator integration test both go through here. A Terraform run that fails throws
 * {@link TerraformFailure} with its exit code, which {@link Execution} makes the process's; methods that return an
 * exit code return only the ones that are not failures (0, or plan's 2 for "changes").
 */
public final class Workflow {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EnvironmentConfig config;
  private final Topology topology;
  private final DeploymentTarget target;
  private final Path outdir;
  private final Map<String, String> env;
  private final Path stateDir;
  /** The command's result only (RunContext's output discipline). */
  private final PrintStream out;
  /** Everything else: progress, what was written, hints. */
  private final PrintStream err;

  /**
   * The commands of one run: its loaded config, topology and target, outdir, state dir, environment, result
   * stream and diagnostics stream.
   */
  public Workflow(RunContext.Loaded loaded) {
    this.config = loaded.config();
    this.topology = loaded.topology();
    this.target = loaded.target();
    this.outdir = loaded.run().outdir();
    this.env = loaded.run().env();
    this.stateDir = loaded.run().stateDir();
    this.out = loaded.run().out();
    this.err = loaded.run().err();
  }

  /** Analyzes the service stack's Terraform JSON, built in memory: the report reads what would be applied. */
  public String report(ReachabilityReport.Format format) {
    StackDocument service = Synthesizer.documents(config, topology, target).stream()
        .filter(d -> d.stackId().equals(ServiceConnectStack.ID)).findFirst().orElseThrow();
    return ReachabilityReport.render(Reachability.of(ServiceConnectStack.ID, service.root()), format);
  }

  /** The policy suite alone, on a throwaway synth: {@code ./main check}. */
  public PolicyReport check() {
    return Synthesizer.check(config, topology, target);
  }

  /**
   * Writes both stacks, if they pass the policy suite, and their provider lock files; prints what was written and
   * the suite's summary and warnings.
   *
   * @throws dev.svcconnect.policy.PolicyViolation when error rules fail; nothing is written
   */
  public Stacks.Synthesized synth() {
    return synth(new ArrayList<>());
  }

  /** {@link #synth()}, adding each line it printed to {@code printed}. */
  private Stacks.Synthesized synth(List<String> printed) {
    // Written only if the policy suite passes; an error finding throws PolicyViolation with nothing written.
    PolicyReport report = Synthesizer.synth(config, topology, target, outdir);
    Stacks.Synthesized stacks = new Stacks.Synthesized(outdir);
    printed.add("Synthesized " + stacks.bootstrapDir() + " and " + stacks.serviceDir() + " (" + target.describe()
        + ")");
    printed.add("Policy suite: " + report.summary() + " (./main check for details)");
    report.warnings().forEach(f -> printed.add("warning: " + f.resource().display() + ": " + f.rule().id() + ": "
        + f.detail() + "; fix: " + f.rule().fix()));
    printed.forEach(err::println);
    lockProviders(stacks);
    return stacks;
  }

  private void lockProviders(Stacks.Synthesized stacks) {
    Terraform tf = terraform();
    for (Path dir : List.of(stacks.bootstrapDir(), stacks.serviceDir())) {
      if (tf.lockProvidersFromMirror(dir) != 0) {
        throw new IllegalStateException("terraform providers lock failed in " + dir + " with the provider mirror $"
            + Terraform.MIRROR_VARIABLE);
      }
    }
  }

  // --- Synth skipped when the output is what it would write (issue 17; SynthCache) ---
  /**
   * For plan and deploy, before the environment file is parsed: starts the jsii kernel's warm-up
   * ({@link Synthesizer#startWarmUp}) unless the synth will most likely be skipped ({@link SynthCache#probablyCurrent}:
   * the file's bytes and the rest as at the last synth into {@code run}'s outdir). On a skip the warm-up's node
   * would only compete with Terraform for the CPU; when the forecast is wrong, the synth starts the kernel itself.
   */
  public static void warmUpUnlessSynthSkipped(RunContext run) {
    if (!SynthCache.probablyCurrent(run.configPath(), run.outdir(), run.env())) {
      Synthesizer.startWarmUp();
    }
  }

  /**
   * Plan and deploy: {@link #synth()}, unless the output directory holds exactly what the last synth with the same
   * config, environment and build wrote ({@link SynthCache}); then its lines are printed again and nothing is
   * synthesized. {@code ./main synth} always synthesizes.
   */
  Stacks.Synthesized synthUnlessCurrent() {
    SynthCache cache = SynthCache.of(config, target, outdir, env);
    Optional<List<String>> printed = cache.current();
    if (printed.isPresent()) {
      printed.get().forEach(err::println);
      err.println("(not synthesized again: the config, environment and build are those of the last synth, and its"
          + " output is unchanged)");
      Stacks.Synthesized stacks = new Stacks.Synthesized(outdir);
      lockProviders(stacks);
      return stacks;
    }
    cache.forget();
    List<String> lines = new ArrayList<>();
    Stacks.Synthesized stacks = synth(lines);
    cache.record(lines);
    return stacks;
  }
  // --- end of the synth skip ---

  /** Terraform with this target's environment (credentials, endpoint, provider mirror), writing to this run's streams. */
  public Terraform terraform() {
    return Terraform.create(env, target.processEnvironment(), outdir, out, err);
  }

  /**
   * Locally: this project's emulator answers, started if nothing did. An emulator started elsewhere may be a plain
   * moto_server, or another checkout's: refused now, not after a half-applied stack.
   */
  private void ensureEmulator() {
    if (!target.isLocal()) {
      return;
    }
    new Emulator(target.endpoint().orElseThrow(), stateDir).ensureRunning(err);
  }

  /**
   * Local target whose emulator does not answer: whatever was deployed on it is gone with it. One that answers must
   * be this project's ({@link Emulator#requireOurs}).
   */
  private boolean localEmulatorIsGone() {
    if (!target.isLocal()) {
      return false;
    }
    Emulator emulator = new Emulator(target.endpoint().orElseThrow(), stateDir);
    if (!emulator.answers()) {
      return true;
    }
    emulator.requireOurs();
    return false;
  }

  /** Creates or updates the state bucket; returns 0 (a failed Terraform run throws {@link TerraformFailure}). */
  public int bootstrap(boolean autoApprove) {
    return bootstrap(autoApprove, false);
  }

  /**
   * Creates or updates the state bucket; {@code importExisting} first adopts an existing one ({@link BootstrapImport}).
   * Returns 0; a failed Terraform run throws {@link TerraformFailure}.
   */
  public int bootstrap(boolean autoApprove, boolean importExisting) {
    ensureEmulator();
    Stacks.Synthesized stacks = synth();
    Path stateFile = bootstrapStateFile(stacks);
    StateBucketCheck.forgetApplied(stateFile);
    if (importExisting) {
      // the import's progress, like every step before the apply's result, goes to the diagnostics stream
      BootstrapImport.run(terraform(), stacks.bootstrapDir(), config.state().bucket(),
          autoApprove || target.approvesImplicitly(), err);
    } else {
      Terraform tf = terraform();
      tf.init(stacks.bootstrapDir());
      tf.require(stacks.bootstrapDir(), withApproval(List.of("apply", "-input=false"), autoApprove));
      StateBucketCheck.recordApplied(stacks.bootstrapDir(), stateFile);
    }
    return 0;
  }

  // --- The bootstrap stack's run skipped when it would change nothing (issue 17; StateBucketCheck) ---
  /**
   * The state bucket before the service stack (deploy, plan locally): a step, its output on stderr; skipped when
   * {@link #bootstrapIsCurrent}.
   */
  private void applyBootstrap(Terraform tf, Stacks.Synthesized stacks, SdkClients aws) {
    Path stateFile = bootstrapStateFile(stacks);
    if (bootstrapIsCurrent(stacks, stateFile, aws)) {
      err.println("State bucket " + config.state().bucket() + ": has the settings of the bootstrap stack last applied"
          + " from here; its Terraform run is skipped");
      return;
    }
    StateBucketCheck.forgetApplied(stateFile);
    tf.init(stacks.bootstrapDir());
    tf.step(stacks.bootstrapDir(), withApproval(List.of("apply", "-input=false"), true));
    StateBucketCheck.recordApplied(stacks.bootstrapDir(), stateFile);
  }

  /**
   * Whether the bootstrap stack is the one last applied from here and the bucket still has its settings. Only the
   * local target applies the bootstrap stack before a plan or deploy, so the bucket's ARN is in partition aws.
   */
  private boolean bootstrapIsCurrent(Stacks.Synthesized stacks, Path stateFile, SdkClients aws) {
    if (!StateBucketCheck.stampMatches(stacks.bootstrapDir(), stateFile)) {
      return false; // first deploy, or the bootstrap stack changed: no S3 call needed to know
    }
    return StateBucketCheck.upToDate(stacks.bootstrapDir(), stateFile, aws.s3(), "aws");
  }

  private Path bootstrapStateFile(Stacks.Synthesized stacks) {
    return stacks.bootstrapDir().resolve(StateBootstrapStack.statePath(config.environment())).normalize();
  }
  // --- end of the bootstrap skip ---

  /**
   * Local: emulator, state bucket, service stack, without asking. AWS: the service stack, asking first. Before the
   * service stack's apply, refuses names that AWS keeps unique per account and another state holds
   * ({@link NameCheck}: {@link Execution#EXIT_BAD_INPUT}, nothing of the service stack applied). Then checks
   * that every service runs the revision the apply registered ({@link #checkRollout}). Returns 0, or
   * {@link Execution#EXIT_ROLLOUT_FAILED} when a service does not; a failed Terraform run throws
   * {@link TerraformFailure}.
   */
  public int deploy(boolean autoApprove) {
    // One set of SDK clients for the command's checks: each client costs its build once (issue 17).
    try (SdkClients aws = SdkClients.of(target)) {
      Prepared p = prepare(aws);
      initService(p.tf(), p.stacks());
      ServiceState state = ServiceState.of(aws, config.state(), p.stacks().serviceDir(), p.tf().environment());
      // A name AWS keeps unique per account that another state holds: refused before the service stack is applied.
      int names = NameCheck.run(state, aws, config, target, err);
      if (names != 0) {
        return names;
      }
      // apply ends by printing the stack's outputs
      p.tf().require(p.stacks().serviceDir(), withApproval(List.of("apply", "-input=false"), autoApprove));
      return checkRollout(state, aws);
    }
  }

  /**
   * After deploy's apply: asks ECS whether each service's PRIMARY deployment runs the task definition revision the
   * apply registered (the stack's {@value ServiceConnectStack#TASK_DEFINITIONS_OUTPUT} output, read from the state
   * the apply wrote), and prints one line per service. Terraform reports success for a deployment the circuit
   * breaker rolled back (aws.RolloutCheck).
   *
   * @return 0, or {@link Execution#EXIT_ROLLOUT_FAILED} when a service is missing, runs another revision or its
   *     deployment failed, or when the state or ECS cannot be read (credentials, network)
   */
  private int checkRollout(ServiceState state, SdkClients aws) {
    Map<String, String> registered;
    try {
      registered = state.stringMapOutput(ServiceConnectStack.TASK_DEFINITIONS_OUTPUT);
    } catch (SdkException e) {
      err.println("rollout: cannot read the state " + state.url() + ": " + e.getMessage());
      err.println("error: the apply succeeded, but which revision it registered for each service is unknown; check"
          + " with ./main output -json " + ServiceConnectStack.TASK_DEFINITIONS_OUTPUT + " and aws ecs"
          + " describe-services, then deploy again");
      return Execution.EXIT_ROLLOUT_FAILED;
    }
    return checkRollout(registered, config.cluster().name(), aws, out, err);
  }

  /** {@link RolloutCheck#report} of {@code registered} in {@code cluster}, as an exit code. */
  private static int checkRollout(Map<String, String> registered, String cluster, SdkClients aws, PrintStream out,
      PrintStream err) {
    return RolloutCheck.report(aws.ecs(), cluster, registered, out, err) ? 0 : Execution.EXIT_ROLLOUT_FAILED;
  }

  /**
   * {@code ./main drift}: the stacks synthesized and the service stack initialized (nothing applied, the emulator not
   * started), then each service's Service Connect configuration compared with what ECS runs ({@link Drift}).
   *
   * @return 0 no drift, {@link Execution#EXIT_DRIFT} drift found, {@link Execution#EXIT_ROLLOUT_FAILED} when ECS (or
   *     locally the emulator) cannot be asked
   */
  public int drift() {
    if (localEmulatorIsGone()) {
      err.println("drift: nothing answers at " + target.endpoint().orElseThrow() + ", so nothing is deployed there"
          + " to compare; ./main deploy first");
      return Execution.EXIT_ROLLOUT_FAILED;
    }
    Stacks.Synthesized stacks = synth();
    Terraform tf = terraform();
    initService(tf, stacks);
    return Drift.run(tf, stacks.serviceDir(), config.source(), target, out, err);
  }

  /**
   * What deploy and plan share: the emulator answering (locally), the stacks synthesized, and locally the state
   * bucket applied, since the service stack's backend needs it.
   */
  private record Prepared(Terraform tf, Stacks.Synthesized stacks) {}

  private Prepared prepare(SdkClients aws) {
    ensureEmulator();
    Stacks.Synthesized stacks = synthUnlessCurrent();
    Terraform tf = terraform();
    if (target.isLocal()) {
      applyBootstrap(tf, stacks, aws);
    }
    return new Prepared(tf, stacks);
  }

  private void initService(Terraform tf, Stacks.Synthesized stacks) {
    try {
      tf.init(stacks.serviceDir());
    } catch (TerraformFailure e) {
      if (!target.isLocal()) {
        err.println("terraform init failed; if the state bucket " + config.state().bucket() + " does not exist yet,"
            + " create it first with: ./main bootstrap --config " + config.source());
      }
      throw e;
    }
  }

  /**
   * Plans the service stack; returns terraform's {@code -detailed-exitcode}: 0 no changes, 2 changes (an error
   * throws {@link TerraformFailure}). Locally the state bucket is created first, since the plan needs its backend.
   *
   * @param extraArgs passed to {@code terraform plan}, paths already the user's ({@link TerraformArgs#of})
   */
  public int plan(List<String> extraArgs) {
    return plan(extraArgs, Optional.empty());
  }

  /**
   * {@link #plan(List)}, saving the plan to {@code savedPlan} when given ({@link SavedPlan}: {@code ./main apply}
   * applies exactly it).
   *
   * @throws IllegalArgumentException when {@code savedPlan} cannot take a plan, or {@code -out} is given too
   */
  public int plan(List<String> extraArgs, Optional<Path> savedPlan) {
    savedPlan.ifPresent(dir -> checkSavedPlan(dir, extraArgs));
    Prepared p;
    try (SdkClients aws = SdkClients.of(target)) {
      p = prepare(aws);
    }
    initService(p.tf(), p.stacks());
    Optional<SavedPlan> saved = savedPlan.map(dir -> beginSavedPlan(dir, p.stacks()));
    List<String> args = new ArrayList<>(List.of("plan", "-input=false", "-detailed-exitcode"));
    args.addAll(extraArgs);
    Optional<String> planFile = saved.map(s -> s.planFile(ServiceConnectStack.ID).toString())
        .or(() -> TerraformArgs.value(extraArgs, "-out"));
    if (planFile.isEmpty() && target.isLocal()) {
      planFile = Optional.of(p.stacks().serviceDir().resolve("local.tfplan").toAbsolutePath().toString());
    }
    if (planFile.isPresent() && TerraformArgs.value(extraArgs, "-out").isEmpty()) {
      args.add("-out=" + planFile.get());
    }
    int rc;
    try {
      rc = p.tf().run(p.stacks().serviceDir(), args.toArray(String[]::new));
    } catch (RuntimeException e) {
      saved.ifPresent(s -> finishSavedPlan(s, false));
      throw e;
    }
    saved.ifPresent(s -> finishSavedPlan(s, rc == 0 || rc == 2));
    if (rc != 0 && rc != 2) {
      throw new TerraformFailure(rc, Terraform.describe(p.stacks().serviceDir(), "plan"));
    }
    if (rc == 2 && target.isLocal()) {
      reportEmulatorGaps(p.tf(), p.stacks().serviceDir(), planFile.get());
    }
    return rc;
  }

  /**
   * A saved plan can go to {@code dir}, and Terraform's own {@code -out} is not given as well: checked by the command
   * line before anything runs, and here again.
   *
   * @throws IllegalArgumentException one line naming {@code --out}
   */
  public static void checkSavedPlan(Path dir, List<String> extraArgs) {
    if (TerraformArgs.value(extraArgs, "-out").isPresent()) {
      throw new IllegalArgumentException("plan: --out and Terraform's -out both name a plan; use --out DIR (the"
          + " saved plan ./main apply applies)");
    }
    SavedPlan.checkTarget(dir);
  }

  /** The saved plan of the service stack about to be planned, with the stack as synthesized. */
  private SavedPlan beginSavedPlan(Path dir, Stacks.Synthesized stacks) {
    return SavedPlan.begin(dir, new SavedPlan.Manifest(config.environment(), config.source().toString(),
        config.target().kind(), target.region(), target.accountId(), target.endpoint().map(Object::toString),
        List.of(ServiceConnectStack.ID)), List.of(stacks.serviceDir()));
  }

  /** Completes {@code saved} when the plan succeeded, else removes it: an applicable plan is a whole one. */
  private void finishSavedPlan(SavedPlan saved, boolean planned) {
    if (!planned) {
      saved.discard();
      return;
    }
    saved.complete();
    err.println("Saved the plan to " + saved.dir() + "; apply exactly it with: ./main apply " + saved.dir());
  }

  /**
   * Applies the saved plan {@code plan}, exactly: each stack's directory as it was planned is initialized, then
   * {@code terraform apply PLANFILE}, which asks nothing (the plan was reviewed) and refuses a plan whose state has
   * moved on ("Saved plan is stale"). Locally the emulator the plan was made against must still answer.
   *
   * @return 0 (a failed Terraform run throws {@link TerraformFailure})
   */
  public static int apply(SavedPlan plan, DeploymentTarget target, RunContext run) {
    if (target.isLocal()) {
      Emulator emulator = new Emulator(target.endpoint().orElseThrow(), run.stateDir());
      if (!emulator.answers()) {
        run.err().println("Nothing answers at " + emulator.endpoint() + ": the emulator this plan was made against"
            + " is gone, and with it the state; deploy or plan again");
        return 1;
      }
      emulator.requireOurs();
    }
    // terraform.rc for the provider mirror goes beside the plan's stacks, as synth puts it beside its own
    Terraform tf = Terraform.create(run.env(), target.processEnvironment(), plan.dir(), run.out(), run.err());
    for (String stack : plan.manifest().stacks()) {
      Path dir = plan.stackDir(stack);
      tf.init(dir);
      tf.require(dir, "apply", "-input=false", plan.planFile(stack).toString());
    }
    if (!plan.manifest().stacks().contains(ServiceConnectStack.ID)) {
      return 0;
    }
    // The same check as deploy's: a reviewed plan can be rolled back by the circuit breaker just the same.
    Path serviceDir = plan.stackDir(ServiceConnectStack.ID);
    Terraform.Result cluster = tf.capture(serviceDir, "output", "-raw", ServiceConnectStack.CLUSTER_NAME_OUTPUT);
    if (cluster.exitCode() != 0) {
      throw new TerraformFailure(cluster.exitCode(), Terraform.describe(serviceDir, "output"));
    }
    Terraform.Result output = tf.capture(serviceDir, "output", "-json", ServiceConnectStack.TASK_DEFINITIONS_OUTPUT);
    if (output.exitCode() != 0) {
      throw new TerraformFailure(output.exitCode(), Terraform.describe(serviceDir, "output"));
    }
    Map<String, String> registered;
    try {
      registered = JSON.readValue(output.stdout(), new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("terraform output -json printed no JSON map", e);
    }
    try (SdkClients aws = SdkClients.of(target)) {
      return checkRollout(registered, cluster.stdout().strip(), aws, run.out(), run.err());
    }
  }

  /** After a local plan with changes: which of them are listed emulator gaps (docs/emulator.md). */
  private void reportEmulatorGaps(Terraform tf, Path serviceDir, String planFile) {
    PlanDifferences.gapReport(EmulatorGap.planDifferences(), () -> {
      Terraform.Result json = tf.capture(serviceDir, "show", "-json", planFile);
      try {
        return json.exitCode() == 0 ? JSON.readTree(json.stdout()) : JSON.createObjectNode();
      } catch (IOException e) {
        throw new UncheckedIOException("terraform show -json printed no JSON", e);
      }
    }).forEach(err::println);
  }

  /** Every reviewed stack's plan, their Markdown review, and terraform's -detailed-exitcode over all of them. */
  public record Review(List<StackPlan> plans, String markdown, int exitCode) {}

  /**
   * Plans every stack whose state is reachable into one review. The bootstrap stack's state is a local file, so on
   * AWS it is reviewed only where that file exists (not in a CI runner).
   */
  public Review review(List<String> extraArgs) {
    return review(extraArgs, Optional.empty());
  }

  /**
   * {@link #review(List)}, saving the service stack's plan to {@code savedPlan} when given (as
   * {@link #plan(List, Optional)} does): the plan the review shows is the plan {@code ./main apply} applies.
   */
  public Review review(List<String> extraArgs, Optional<Path> savedPlan) {
    savedPlan.ifPresent(dir -> checkSavedPlan(dir, extraArgs));
    ensureEmulator();
    Stacks.Synthesized stacks = synth();
    Terraform tf = terraform();
    // A failed Terraform run becomes a failed plan in the review, not the end of the command.
    List<StackPlan> plans = new ArrayList<>();
    try (SdkClients aws = SdkClients.of(target)) {
      if (target.isLocal()) {
        applyBootstrap(tf, stacks, aws);
      }
    } catch (TerraformFailure e) {
      plans.add(StackPlan.failed(StateBootstrapStack.ID, e.exitCode(), "applying the state bucket failed"));
    }
    if (plans.isEmpty()) {
      Path bootstrapState = stacks.bootstrapDir().resolve(StateBootstrapStack.statePath(config.environment()));
      if (target.isLocal() || Files.exists(bootstrapState)) {
        try {
          tf.init(stacks.bootstrapDir());
          plans.add(planStack(tf, stacks.bootstrapDir(), StateBootstrapStack.ID, extraArgs));
        } catch (TerraformFailure e) {
          plans.add(StackPlan.failed(StateBootstrapStack.ID, e.exitCode(), "terraform init failed"));
        }
      }
      try {
        initService(tf, stacks);
        Optional<SavedPlan> saved = savedPlan.map(dir -> beginSavedPlan(dir, stacks));
        StackPlan service = planStack(tf, stacks.serviceDir(), ServiceConnectStack.ID, extraArgs,
            saved.map(s -> s.planFile(ServiceConnectStack.ID))
                .orElse(stacks.serviceDir().resolve("review.tfplan").toAbsolutePath()));
        saved.ifPresent(s -> finishSavedPlan(s, !service.failed()));
        plans.add(service);
      } catch (TerraformFailure e) {
        plans.add(StackPlan.failed(ServiceConnectStack.ID, e.exitCode(), "terraform init failed"));
      }
    }
    String title = "Terraform plan of environment " + config.environment() + " (" + target.describe() + ", config "
        + config.source() + ")";
    return new Review(plans, PlanSummary.render(title, plans), PlanSummary.exitCode(plans));
  }

  /** {@link #review} written to {@code summaryFile}; returns its exit code. */
  public int planSummary(Path summaryFile, List<String> extraArgs) {
    return planSummary(summaryFile, extraArgs, Optional.empty());
  }

  /** {@link #review(List, Optional)} written to {@code summaryFile}; returns its exit code. */
  public int planSummary(Path summaryFile, List<String> extraArgs, Optional<Path> savedPlan) {
    Review review = review(extraArgs, savedPlan);
    try {
      Files.createDirectories(summaryFile.toAbsolutePath().getParent());
      Files.writeString(summaryFile, review.markdown(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the plan summary " + summaryFile, e);
    }
    err.println("Wrote the plan review to " + summaryFile);
    return review.exitCode();
  }

  /** Plans one initialized stack into a review: terraform plan -out, then show -json and show. */
  public static StackPlan planStack(Terraform tf, Path stackDir, String stackId, List<String> extraArgs) {
    return planStack(tf, stackDir, stackId, extraArgs, stackDir.resolve("review.tfplan").toAbsolutePath());
  }

  /** {@link #planStack(Terraform, Path, String, List)} with the plan saved to {@code planFile}. */
  static StackPlan planStack(Terraform tf, Path stackDir, String stackId, List<String> extraArgs, Path planFile) {
    List<String> args = new ArrayList<>(List.of("plan", "-input=false", "-detailed-exitcode", "-out=" + planFile));
    args.addAll(extraArgs);
    int rc = tf.run(stackDir, args.toArray(String[]::new));
    if (rc != 0 && rc != 2) {
      return StackPlan.failed(stackId, rc, "terraform plan failed with exit code " + rc + "; see its output");
    }
    Terraform.Result json = tf.capture(stackDir, "show", "-json", planFile.toString());
    Terraform.Result text = tf.capture(stackDir, "show", "-no-color", planFile.toString());
    if (json.exitCode() != 0 || text.exitCode() != 0) {
      return StackPlan.failed(stackId, 1, "terraform show failed for " + planFile);
    }
    try {
      return StackPlan.parse(stackId, rc, JSON.readTree(json.stdout()), text.stdout());
    } catch (IOException e) {
      throw new UncheckedIOException("terraform show -json printed no JSON", e);
    }
  }

  /**
   * Prints the deployed service stack's outputs, and nothing else, on the result stream: {@code terraform output}
   * with {@code args} ({@code -json}, {@code -raw NAME}, {@code NAME}). Returns 0, or 1 when the local emulator is
   * gone.
   */
  public int output(List<String> args) {
    if (localEmulatorIsGone()) {
      err.println("Nothing answers at " + target.endpoint().orElseThrow() + ": nothing is deployed locally.");
      return 1;
    }
    Stacks.Synthesized stacks = synth();
    Terraform tf = terraform();
    tf.init(stacks.serviceDir());
    List<String> command = new ArrayList<>(List.of("output"));
    command.addAll(args);
    tf.require(stacks.serviceDir(), command.toArray(String[]::new));
    return 0;
  }

  /**
   * Destroys the service stack; locally also the state bucket, so that the emulator is left empty. On AWS the
   * bucket (prevent_destroy) keeps the state history. Returns 0; a failed Terraform run throws
   * {@link TerraformFailure}.
   */
  public int destroy(boolean autoApprove) {
    if (localEmulatorIsGone()) {
      out.println("Nothing answers at " + target.endpoint().orElseThrow()
          + ": the emulator and everything deployed on it are already gone.");
      return 0;
    }
    Stacks.Synthesized stacks = synth();
    Terraform tf = terraform();
    if (target.isLocal() && !localStateBucketIsDeployed(tf, stacks)) {
      // a second destroy: the service stack's backend (the bucket) is gone, and so is everything it managed
      out.println("Nothing to destroy: the state bucket " + config.state().bucket() + " is not deployed at "
          + target.endpoint().orElseThrow() + ", so neither is anything whose state it kept.");
      return 0;
    }
    tf.init(stacks.serviceDir());
    tf.require(stacks.serviceDir(), withApproval(List.of("destroy", "-input=false"), autoApprove));
    if (target.isLocal()) {
      tf.init(stacks.bootstrapDir());
      tf.require(stacks.bootstrapDir(), "destroy", "-input=false", "-auto-approve");
    } else {
      out.println("The state bucket " + config.state().bucket() + " is kept (prevent_destroy); it holds the state"
          + " history of this environment.");
    }
    return 0;
  }

  /**
   * Releases the state lock {@code lockId} of {@code stack} that a killed run left behind ({@code terraform
   * force-unlock}, after the same init as deploy). AWS: terraform asks first unless {@code autoApprove}.
   */
  public int unlock(Unlock.Stack stack, String lockId, boolean autoApprove) {
    Unlock.check(lockId);
    if (localEmulatorIsGone()) {
      err.println("Nothing answers at " + target.endpoint().orElseThrow()
          + ": the emulator, and any lock kept in it, is gone; nothing was unlocked.");
      return 1;
    }
    Stacks.Synthesized stacks = synth();
    String lockObject = stack == Unlock.Stack.SERVICE_CONNECT
        ? ServiceState.lockUrl(config.state(), stacks.serviceDir(), terraform().environment())
        : "local state " + stacks.bootstrapDir().resolve(StateBootstrapStack.statePath(config.environment()))
            .normalize();
    return Unlock.run(terraform(), stacks, stack, lockId, autoApprove || target.approvesImplicitly(), lockObject,
        out, err);
  }

  /** Whether the local bootstrap state holds the state bucket, i.e. ./main created it and has not destroyed it. */
  private boolean localStateBucketIsDeployed(Terraform tf, Stacks.Synthesized stacks) {
    if (!Files.exists(stacks.bootstrapDir().resolve(StateBootstrapStack.statePath(config.environment())))) {
      return false;
    }
    if (tf.tryInit(stacks.bootstrapDir()) != 0) {
      return true; // let the destroy itself report what is wrong
    }
    Terraform.Result list = tf.capture(stacks.bootstrapDir(), "state", "list");
    return list.exitCode() != 0 || list.stdout().lines().anyMatch(a -> a.startsWith("aws_s3_bucket."));
  }

  private String[] withApproval(List<String> args, boolean autoApprove) {
    List<String> all = new ArrayList<>(args);
    if (autoApprove || target.approvesImplicitly()) {
      all.add("-auto-approve");
    }
    return all.toArray(String[]::new);
  }
}
