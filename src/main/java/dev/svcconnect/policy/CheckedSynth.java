package dev.svcconnect.policy;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.stacks.Stacks;
import dev.svcconnect.target.DeploymentTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Synth behind the policy suite: the stacks are synthesized into a staging directory next to the output directory,
 * checked, and moved into place only if no error rule fails. A failing synth leaves the output directory as it was.
 */
public final class CheckedSynth {
  private CheckedSynth() {}

  /**
   * Synthesizes both stacks into {@code outdir} if they pass the suite; otherwise throws {@link PolicyViolation}
   * (error rules failed) or {@code ConfigException} (a bad suppression), having written nothing there.
   */
  public static PolicyReport synth(EnvironmentConfig config, DeploymentTarget target, Path outdir) {
    return synth(config, target, outdir, Rules.all());
  }

  static PolicyReport synth(EnvironmentConfig config, DeploymentTarget target, Path outdir, List<Rule> rules) {
    Path out = outdir.toAbsolutePath().normalize();
    Path staging = null;
    try {
      Files.createDirectories(out.getParent());
      staging = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".staging-");
      Stacks.synth(config, target, staging);
      PolicyReport report = evaluate(config, target, staging, rules);
      if (!report.passes()) {
        throw new PolicyViolation(report);
      }
      publish(staging, out);
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the synth output next to " + out, e);
    } finally {
      if (staging != null) {
        deleteTree(staging);
      }
    }
  }

  /** The suite alone, for {@code ./main check}: synthesizes into a temporary directory and removes it. */
  public static PolicyReport check(EnvironmentConfig config, DeploymentTarget target) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("svcconnect-check-");
      Stacks.synth(config, target, dir);
      return evaluate(config, target, dir, Rules.all());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary synth directory", e);
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  /** Reads the synthesized stacks under {@code synthDir} and runs the suite on them. */
  static PolicyReport evaluate(EnvironmentConfig config, DeploymentTarget target, Path synthDir, List<Rule> rules) {
    Stacks.Synthesized s = new Stacks.Synthesized(synthDir);
    List<StackDocument> stacks = List.of(
        StackDocument.read(StateBootstrapStack.ID, s.bootstrapDir().resolve("cdk.tf.json")),
        StackDocument.read(ServiceConnectStack.ID, s.serviceDir().resolve("cdk.tf.json")));
    Optional<StackDocument> twin = target.isLocal() ? Optional.of(awsBootstrap(config, target)) : Optional.empty();
    return PolicySuite.evaluate(new PolicyContext(config.source(), stacks, config.security(), target.isLocal(),
        twin), rules);
  }

  /** The state-bootstrap stack as target kind aws synthesizes it from the same config, never written anywhere. */
  static StackDocument awsBootstrap(EnvironmentConfig config, DeploymentTarget target) {
    Path unused = Path.of(System.getProperty("java.io.tmpdir"), "svcconnect-aws-twin-not-written");
    App app = new App(AppConfig.builder().outdir(unused.toString()).stackTraces(false).build());
    StateBootstrapStack stack = new StateBootstrapStack(app, config, target.asAws());
    return new StackDocument(StateBootstrapStack.ID, StackDocument.MAPPER.valueToTree(stack.toTerraform()));
  }

  /** Moves every staged file into {@code out}, replacing what is there; other files (.terraform/) are kept. */
  private static void publish(Path staging, Path out) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(staging)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      Path dest = out.resolve(staging.relativize(file).toString());
      Files.createDirectories(dest.getParent());
      try {
        Files.move(file, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(file, dest, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the staging directory " + dir, e);
    }
  }
}
