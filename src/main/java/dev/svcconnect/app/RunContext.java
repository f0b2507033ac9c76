package dev.svcconnect.app;

import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.topology.Topology;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of the program works with, resolved once by {@code Main} from its arguments and environment: the
 * environment file, the synth output directory, the directory of the program's own state (the emulator's pid and
 * log), the process environment, and where output and diagnostics go.
 *
 * @param configPath the environment file: {@code --config}, else {@value #CONFIG_VARIABLE}, else
 *     {@value #DEFAULT_CONFIG}
 * @param outdir where synth writes the stacks: {@value #OUTDIR_VARIABLE}, else {@value #DEFAULT_OUTDIR}
 * @param stateDir where the emulator's pid and log files go
 * @param env the process environment (the endpoint, the provider mirror, credentials)
 * @param out what a command reports
 * @param err diagnostics: configuration problems, warnings, policy failures
 */
public record RunContext(Path configPath, Path outdir, Path stateDir, Map<String, String> env, PrintStream out,
    PrintStream err) {
  /** Names the environment file when --config is not given. */
  public static final String CONFIG_VARIABLE = "SVCCONNECT_CONFIG";
  public static final String DEFAULT_CONFIG = "config/local.yaml";
  /** The synth output directory; CDKTF's own App and CLI read the same variable. */
  public static final String OUTDIR_VARIABLE = "CDKTF_OUTDIR";
  public static final String DEFAULT_OUTDIR = "cdktf.out";
  public static final Path STATE_DIR = Path.of(".svcconnect");

  public RunContext {
    env = Map.copyOf(env);
  }

  /**
   * The context of a command line: {@code configOption} is {@code --config} (null when not given), {@code env} the
   * process environment.
   */
  public static RunContext of(Path configOption, Map<String, String> env, PrintStream out, PrintStream err) {
    Path config = Optional.ofNullable(configOption)
        .or(() -> Optional.ofNullable(env.get(CONFIG_VARIABLE)).filter(s -> !s.isBlank()).map(Path::of))
        .orElse(Path.of(DEFAULT_CONFIG));
    Path outdir = Path.of(Optional.ofNullable(env.get(OUTDIR_VARIABLE)).orElse(DEFAULT_OUTDIR));
    return new RunContext(config, outdir, STATE_DIR, env, out, err);
  }

  /**
   * This context with {@code config}, loaded from {@link #configPath}, the {@code topology} derived from it for this
   * run ({@link Topology#of}, once), and its target resolved from {@link #env}.
   *
   * @throws IllegalArgumentException when the environment names a bad endpoint
   */
  public Loaded with(EnvironmentConfig config, Topology topology) {
    return new Loaded(this, config, topology, DeploymentTarget.resolve(config, env));
  }

  /** A run whose configuration is loaded, whose topology is derived and whose target is resolved. */
  public record Loaded(RunContext run, EnvironmentConfig config, Topology topology, DeploymentTarget target) {}
}
