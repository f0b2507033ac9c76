package dev.svcconnect.app;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import com.hashicorp.cdktf.TerraformStack;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.policy.PolicyContext;
import dev.svcconnect.policy.PolicyReport;
import dev.svcconnect.policy.PolicySuite;
import dev.svcconnect.policy.PolicyViolation;
import dev.svcconnect.policy.Rule;
import dev.svcconnect.policy.Rules;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.stacks.Stacks;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tfjson.Interpolations;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.constructs.IConstruct;

/**
 * The one place that builds a CDKTF {@link App}: every synth of the program goes through here, after the jsii
 * kernel's warm-up ({@link #startWarmUp}) has finished, since the Java jsii runtime is not thread-safe.
 *
 * <p>{@link #synth} is the checked synth behind every command: the stacks are built once, in an App on the real
 * output directory; the policy suite reads their Terraform JSON (what {@code cdk.tf.json} will hold, construct paths
 * included) before anything is written, and only if no error rule fails does that App write them. A failing synth
 * leaves the output directory as it was.
 *
 * <p>Why not synthesize into a staging directory: CDKTF's App prefers {@code $CDKTF_OUTDIR} (which the CDKTF CLI
 * sets) to the outdir it is given, so it would write into the real output directory anyway. Why not a second App
 * for the write: building the stacks is most of a synth's jsii round trips, so that doubled them.
 */
public final class Synthesizer {
  private Synthesizer() {}

  /**
   * Starts the jsii kernel and loads the AWS provider on a background thread, at most once per JVM (see
   * {@link KernelWarmUp}); call it as early as possible in a command that will synthesize.
   */
  public static void startWarmUp() {
    KernelWarmUp.start();
  }

  /** Returns once a started warm-up is over: from then on the calling thread may use jsii. */
  public static void awaitWarmUp() {
    KernelWarmUp.await();
  }

  /**
   * Writes both stacks of {@code config} to {@code outdir} (or {@code $CDKTF_OUTDIR}) if they pass the policy suite.
   * {@code topology} is the one derived from {@code config} for this run, here and in every method below.
   *
   * @return the suite's report (warnings included)
   * @throws PolicyViolation when error rules fail; nothing is written
   * @throws dev.svcconnect.config.ConfigException when a suppression names no rule or resource; nothing is written
   */
  public static PolicyReport synth(EnvironmentConfig config, Topology topology, DeploymentTarget target,
      Path outdir) {
    return synth(config, topology, target, outdir, Rules.all());
  }

  static PolicyReport synth(EnvironmentConfig config, Topology topology, DeploymentTarget target, Path outdir,
      List<Rule> rules) {
    // The App creates its output directory and the stacks/ folder in it when constructed, before any check: a run
    // that writes no stack removes the ones it created.
    Path effective = Path.of(Optional.ofNullable(System.getenv(RunContext.OUTDIR_VARIABLE)).orElse(outdir.toString()));
    List<Path> absent = Stream.of(effective, effective.resolve("stacks")).filter(Files::notExists).toList();
    boolean written = false;
    try {
      App app = app(outdir);
      Stacks.define(app, config, topology, target);
      List<StackDocument> checked = documents(app);
      PolicyReport report = evaluate(config, target, checked, rules);
      if (!report.passes()) {
        throw new PolicyViolation(report);
      }
      written = true;
      app.synth();
      verifyWritten(Path.of(app.getOutdir()), checked);
      return report;
    } finally {
      if (!written) {
        removeEmpty(absent);
      }
    }
  }

  /**
   * Writes both stacks to {@code outdir} without the policy suite: for tests and tools that compare the raw synth
   * output (golden snapshot, {@code terraform validate}, the launcher and CDKTF CLI comparisons). The stacks written
   * still hold only their own references ({@link Interpolations#requireOwn}).
   *
   * @return where the stacks were written
   * @throws IllegalStateException when a written stack would evaluate text that is not its own reference
   */
  public static Stacks.Synthesized synthUnchecked(EnvironmentConfig config, Topology topology,
      DeploymentTarget target, Path outdir) {
    App app = app(outdir);
    Stacks.define(app, config, topology, target);
    app.synth();
    Stacks.Synthesized written = new Stacks.Synthesized(Path.of(app.getOutdir()));
    Interpolations.requireOwn(Stream.of(StateBootstrapStack.ID, ServiceConnectStack.ID)
        .map(id -> StackDocument.read(id, written.stackDir(id).resolve("cdk.tf.json"))).toList());
    return new Stacks.Synthesized(outdir);
  }

  /** Both stacks as Terraform JSON, in memory: nothing written, whatever {@code $CDKTF_OUTDIR} says. */
  public static List<StackDocument> documents(EnvironmentConfig config, Topology topology,
      DeploymentTarget target) {
    return inMemory(app -> Stacks.define(app, config, topology, target));
  }

  /** The policy suite alone, for {@code ./main check}: the stacks are built in memory and never written. */
  public static PolicyReport check(EnvironmentConfig config, Topology topology, DeploymentTarget target) {
    return evaluate(config, target, documents(config, topology, target), Rules.all());
  }

  /** The state-bootstrap stack as target kind aws synthesizes it from the same config, never written anywhere. */
  public static StackDocument awsBootstrap(EnvironmentConfig config, DeploymentTarget target) {
    return inMemory(app -> new StateBootstrapStack(app, config, target.asAws())).get(0);
  }

  /**
   * The stacks {@code define} adds to an App, as Terraform JSON, never synthesized. The App gets a temporary outdir
   * (it creates and writes to its outdir before any synth), removed afterwards.
   */
  private static List<StackDocument> inMemory(Consumer<App> define) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("svcconnect-policy-");
      App app = app(dir);
      define.accept(app);
      return documents(app);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  /** The only App factory: waits for the warm-up first, since jsii may be used by one thread at a time. */
  private static App app(Path outdir) {
    KernelWarmUp.await();
    return new App(AppConfig.builder().outdir(outdir.toString()).stackTraces(false).build());
  }

  /**
   * Each stack of the app as the Terraform JSON its cdk.tf.json holds, in definition order.
   *
   * @throws IllegalStateException when a stack would evaluate text that is not its own reference
   *     ({@link Interpolations#requireOwn}): a config value reached Terraform unescaped
   */
  private static List<StackDocument> documents(App app) {
    List<StackDocument> docs = new ArrayList<>();
    for (IConstruct child : app.getNode().getChildren()) {
      if (child instanceof TerraformStack stack) {
        docs.add(new StackDocument(stack.getNode().getId(), StackDocument.MAPPER.valueToTree(stack.toTerraform())));
      }
    }
    Interpolations.requireOwn(docs);
    return docs;
  }

  private static PolicyReport evaluate(EnvironmentConfig config, DeploymentTarget target, List<StackDocument> stacks,
      List<Rule> rules) {
    Optional<StackDocument> twin = target.isLocal() ? Optional.of(awsBootstrap(config, target)) : Optional.empty();
    return PolicySuite.evaluate(new PolicyContext(config.source(), stacks, config.security(), target.isLocal(),
        twin), rules);
  }

  /**
   * The files written must be the documents checked. If CDKTF ever wrote something else, they are removed, so that
   * nothing unchecked is left to apply.
   */
  private static void verifyWritten(Path outdir, List<StackDocument> checked) {
    for (StackDocument doc : checked) {
      Path file = outdir.resolve("stacks").resolve(doc.stackId()).resolve("cdk.tf.json");
      if (!StackDocument.read(doc.stackId(), file).root().equals(doc.root())) {
        for (StackDocument d : checked) {
          try {
            Files.deleteIfExists(outdir.resolve("stacks").resolve(d.stackId()).resolve("cdk.tf.json"));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
          }
        }
        throw new IllegalStateException(file + " differs from the stack the policy suite checked; it was removed");
      }
    }
  }

  /** Removes the directories of {@code created} that are empty, innermost first. */
  private static void removeEmpty(List<Path> created) {
    for (int i = created.size() - 1; i >= 0; i--) {
      Path dir = created.get(i);
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isEmpty()) {
          Files.delete(dir);
        }
      } catch (IOException e) {
        // not created after all, or not empty: left as it is
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the temporary directory " + dir, e);
    }
  }
}
