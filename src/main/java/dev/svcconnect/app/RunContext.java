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
 * log), the process environment, where output and diagnostics go, and the directory the user ran the command from.
 *
 * <p>Output discipline: {@code out} carries only a command's result (outputs, plan text, report, check, schema);
 * everything else (banners, synth, init, warnings) goes to {@code err}, so that {@code ./main output -json | jq}
 * works.
 *
 * @param configPath the environment file: {@code --config}, else {@value #CONFIG_VARIABLE}, else
 *     {@value #DEFAULT_CONFIG} (the project's); a relative path given by the user is resolved by {@link #userPath}
 * @param outdir where synth writes the stacks: {@value #OUTDIR_VARIABLE}, else {@value #DEFAULT_OUTDIR}
 * @param stateDir where the emulator's pid and log files go
 * @param env the process environment (the endpoint, the provider mirror, credentials)
 * @param out a command's result, and nothing else
 * @param err diagnostics: banners, progress, configuration problems, warnings, policy failures
 * @param configOrigin what named {@code configPath}, for messages: {@code --config}, {@value #CONFIG_VARIABLE} or
 *     {@code default}
 * @param callerDir the directory the user ran {@code ./main} from ({@value #CALLER_DIR_VARIABLE}, which the
 *     launcher sets before it changes to the project directory), else this process's working directory
 */
public record RunContext(Path configPath, Path outdir, Path stateDir, Map<String, String> env, PrintStream out,
    PrintStream err, String configOrigin, Path callerDir) {
  /** Names the environment file when --config is not given. */
  public static final String CONFIG_VARIABLE = "SVCCONNECT_CONFIG";
  public static final String DEFAULT_CONFIG = "config/local.yaml";
  /** The synth output directory; CDKTF's own App and CLI read the same variable. */
  public static final String OUTDIR_VARIABLE = "CDKTF_OUTDIR";
  public static final String DEFAULT_OUTDIR = "cdktf.out";
  public static final Path STATE_DIR = Path.of(".svcconnect");
  /** The directory ./main was run from: the launcher runs the JVM in the project directory. */
  public static final String CALLER_DIR_VARIABLE = "SVCCONNECT_CALLER_DIR";
  /** {@link #configOrigin} of a --config option. */
  public static final String CONFIG_OPTION = "--config";

  public RunContext {
    env = Map.copyOf(env);
  }

  /** A context whose config path was given as is, run from this process's working directory (tests). */
  public RunContext(Path configPath, Path outdir, Path stateDir, Map<String, String> env, PrintStream out,
      PrintStream err) {
    this(configPath, outdir, stateDir, env, out, err, CONFIG_OPTION, Path.of(""));
  }

  /**
   * The context of a command line: {@code configOption} is {@code --config} (null when not given), {@code env} the
   * process environment. Relative paths the user gave (the option, {@value #CONFIG_VARIABLE}) are the user's:
   * resolved against {@value #CALLER_DIR_VARIABLE}.
   */
  public static RunContext of(String configOption, Map<String, String> env, PrintStream out, PrintStream err) {
    Path callerDir = callerDir(env);
    Path config;
    String origin;
    if (configOption != null) {
      config = userPath(callerDir, Path.of(configOption));
      origin = CONFIG_OPTION;
    } else if (env.get(CONFIG_VARIABLE) != null && !env.get(CONFIG_VARIABLE).isBlank()) {
      config = userPath(callerDir, Path.of(env.get(CONFIG_VARIABLE)));
      origin = CONFIG_VARIABLE;
    } else {
      config = Path.of(DEFAULT_CONFIG);
      origin = "default";
    }
    Path outdir = Path.of(Optional.ofNullable(env.get(OUTDIR_VARIABLE)).orElse(DEFAULT_OUTDIR));
    return new RunContext(config, outdir, STATE_DIR, env, out, err, origin, callerDir);
  }

  /**
   * A path the user typed, as this process opens it: relative to the directory the user ran the command from.
   * From the project directory (the usual case) it stays as typed, so that messages repeat the user's words.
   */
  public Path userPath(Path typed) {
    return userPath(callerDir, typed);
  }

  /** {@link #userPath(Path)} for the caller directory that {@code env} names: for paths read before a context exists. */
  public static Path userPath(Map<String, String> env, Path typed) {
    return userPath(callerDir(env), typed);
  }

  private static Path callerDir(Map<String, String> env) {
    return Optional.ofNullable(env.get(CALLER_DIR_VARIABLE)).filter(s -> !s.isBlank()).map(Path::of)
        .orElse(Path.of(""));
  }

  private static Path userPath(Path callerDir, Path typed) {
    if (typed.isAbsolute() || callerDir.toAbsolutePath().normalize().equals(Path.of("").toAbsolutePath())) {
      return typed;
    }
    return callerDir.toAbsolutePath().resolve(typed).normalize();
  }

  /**
   * This context with {@code config}, loaded from {@link #configPath}, the {@code topology} derived from it for this
   * run ({@link Topology#of}, once), and its target resolved from {@link #env}.
   *
   * @throws IllegalArgumentException when the environment names a bad endpoint, or any endpoint for an AWS target
   */
  public Loaded with(EnvironmentConfig config, Topology topology) {
    return new Loaded(this, config, topology, DeploymentTarget.resolve(config, env));
  }

  /** A run whose configuration is loaded, whose topology is derived and whose target is resolved. */
  public record Loaded(RunContext run, EnvironmentConfig config, Topology topology, DeploymentTarget target) {}
}
