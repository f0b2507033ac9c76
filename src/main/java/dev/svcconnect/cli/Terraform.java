package dev.svcconnect.cli;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.config.Display;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the terraform binary in one stack's directory with a fixed environment. Where its standard output goes
 * follows the output discipline of {@link RunContext}: a run whose output is the command's result ({@link #run},
 * {@link #require}: plan, apply, output) writes to {@code out}; a step before it ({@link #step}: init, the state
 * bucket's apply before the service stack's) writes to {@code err}. Every run is {@link Cancellation}'s to stop.
 */
public final class Terraform {
  /** A directory holding a provider mirror (registry.terraform.io/hashicorp/aws/...) for offline init. */
  public static final String MIRROR_VARIABLE = "SVCCONNECT_PROVIDER_MIRROR";
  private static final Set<String> COLOR_FLAG_COMMANDS =
      Set.of("init", "plan", "apply", "destroy", "output", "validate", "show", "console", "force-unlock");
  /** The subcommands that take the state lock: after a signal stopped one, the lock's state is reported. */
  private static final Set<String> LOCKING_COMMANDS = Set.of("plan", "apply", "destroy", "refresh", "import");
  /** Terraform's "Lock Info:" block names the lock by its ID. */
  private static final Pattern LOCK_ID = Pattern.compile("ID:\\s+([0-9a-f-]{36})");
  /** setsid(1) runs terraform in a session of its own (see {@link Cancellation}); util-linux has it, macOS not. */
  private static final Optional<Path> SETSID = onPath("setsid");

  private final Map<String, String> environment;
  private final Path mirror;
  private final PrintStream out;
  private final PrintStream err;

  private Terraform(Map<String, String> environment, Path mirror, PrintStream out, PrintStream err) {
    this.environment = Map.copyOf(environment);
    this.mirror = mirror;
    this.out = out;
    this.err = err;
  }

  /** {@link #create(Map, Map, Path, PrintStream, PrintStream)} writing to this process's own streams. */
  public static Terraform create(Map<String, String> base, Map<String, String> extra, Path configDir) {
    return create(base, extra, configDir, System.out, System.err);
  }

  /**
   * {@code base} plus {@code extra}; when {@value #MIRROR_VARIABLE} is set, a CLI config that installs hashicorp
   * providers only from that mirror is written to {@code configDir} and used instead of the user's. Results go to
   * {@code out}, everything else to {@code err}.
   *
   * @throws IllegalArgumentException when the mirror is not one ({@link #mirror})
   */
  public static Terraform create(Map<String, String> base, Map<String, String> extra, Path configDir,
      PrintStream out, PrintStream err) {
    Map<String, String> env = new HashMap<>(base);
    env.putAll(extra);
    env.put("CHECKPOINT_DISABLE", "1");
    env.put("TF_IN_AUTOMATION", "1");
    Optional<Path> mirrorDir = mirror(env);
    mirrorDir.ifPresent(m -> env.put("TF_CLI_CONFIG_FILE", writeCliConfig(configDir, m).toString()));
    return new Terraform(env, mirrorDir.orElse(null), out, err);
  }

  /**
   * The provider mirror that {@value #MIRROR_VARIABLE} in {@code env} names, as an absolute path (a relative one is
   * the user's: {@link RunContext#userPath}); empty when the variable is not set. Checked before anything is
   * synthesized, so a bad one is reported before the stacks are rewritten.
   *
   * @throws IllegalArgumentException one line naming the variable, when it is not a directory that holds the
   *     hashicorp providers (registry.terraform.io/hashicorp/, the layout {@code terraform providers mirror}
   *     writes)
   */
  public static Optional<Path> mirror(Map<String, String> env) {
    String mirror = env.get(MIRROR_VARIABLE);
    if (mirror == null || mirror.isBlank()) {
      return Optional.empty();
    }
    Path dir = RunContext.userPath(env, Path.of(mirror)).toAbsolutePath();
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(MIRROR_VARIABLE + ": " + Display.quote(mirror) + " is not a directory;"
          + " expected a provider mirror (terraform providers mirror DIR), or unset it to install from the registry");
    }
    if (!Files.isDirectory(dir.resolve("registry.terraform.io/hashicorp"))) {
      throw new IllegalArgumentException(MIRROR_VARIABLE + ": " + Display.quote(mirror) + " holds no"
          + " registry.terraform.io/hashicorp/ providers; expected a provider mirror (terraform providers mirror"
          + " DIR), or unset it to install from the registry");
    }
    return Optional.of(dir);
  }

  /**
   * With a mirror, writes the stack's provider lock file from it when there is none. `cdktf deploy` otherwise
   * runs `terraform providers lock`, which asks the registry and fails offline.
   */
  public int lockProvidersFromMirror(Path stackDir) {
    if (mirror == null || Files.exists(stackDir.resolve(".terraform.lock.hcl"))) {
      return 0;
    }
    return capture(stackDir, "providers", "lock", "-fs-mirror=" + mirror).exitCode();
  }

  static Path writeCliConfig(Path dir, Path mirror) {
    String text = """
        # Written by ./main from $%s: hashicorp providers come from this mirror only (offline init).
        provider_installation {
          filesystem_mirror {
            path    = "%s"
            include = ["registry.terraform.io/hashicorp/*"]
          }
          direct {
            exclude = ["registry.terraform.io/hashicorp/*"]
          }
        }
        """.formatted(MIRROR_VARIABLE, mirror.toString().replace("\\", "\\\\").replace("\"", "\\\""));
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("terraform.rc");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Terraform CLI config in " + dir, e);
    }
  }

  public Map<String, String> environment() {
    return environment;
  }

  /** Runs terraform with its output as the command's result ({@code out}); returns its exit code. */
  public int run(Path stackDir, String... args) {
    return start(stackDir, List.of(args), Stdout.RESULT).exitCode();
  }

  /**
   * Runs terraform with its output as the command's result ({@code out}).
   *
   * @throws TerraformFailure when it exits non-zero, named after its subcommand and stack directory
   */
  public void require(Path stackDir, String... args) {
    int rc = run(stackDir, args);
    if (rc != 0) {
      throw new TerraformFailure(rc, describe(stackDir, args));
    }
  }

  /**
   * Runs terraform as a step before the command's result (init, the state bucket before the service stack): its
   * output goes to {@code err}.
   *
   * @throws TerraformFailure when it exits non-zero
   */
  public void step(Path stackDir, String... args) {
    int rc = start(stackDir, List.of(args), Stdout.LOG).exitCode();
    if (rc != 0) {
      throw new TerraformFailure(rc, describe(stackDir, args));
    }
  }

  /** {@link #step}, returning the exit code instead of throwing on a non-zero one. */
  public int tryStep(Path stackDir, String... args) {
    return start(stackDir, List.of(args), Stdout.LOG).exitCode();
  }

  /**
   * {@code terraform init -input=false -reconfigure} in {@code stackDir} as a {@link #step}, unless the last
   * successful init there had the same inputs ({@link InitInputs}: backend and required providers, lock file,
   * provider mirror, terraform binary), in which case nothing runs.
   *
   * @throws TerraformFailure when the init runs and fails
   */
  public void init(Path stackDir) {
    int rc = tryInit(stackDir);
    if (rc != 0) {
      throw new TerraformFailure(rc, describe(stackDir, "init"));
    }
  }

  /** {@link #init}, returning the exit code (0 when skipped) instead of throwing on a non-zero one. */
  public int tryInit(Path stackDir) {
    Optional<InitInputs> inputs = InitInputs.of(stackDir, environment);
    if (inputs.isPresent() && inputs.get().current()) {
      return 0;
    }
    inputs.ifPresent(InitInputs::forget);
    int rc = tryStep(stackDir, "init", "-input=false", "-reconfigure");
    if (rc == 0) {
      inputs.ifPresent(InitInputs::record);
    }
    return rc;
  }

  /** How a failure names a run: {@code terraform init in cdktf.out/stacks/service-connect}. */
  static String describe(Path stackDir, String... args) {
    return "terraform " + args[0] + " in " + stackDir;
  }

  /** Runs terraform and returns its standard output; its standard error goes to {@code err}. */
  public Result capture(Path stackDir, String... args) {
    return start(stackDir, List.of(args), Stdout.CAPTURE);
  }

  /** What a captured run printed and how it ended. */
  public record Result(int exitCode, String stdout) {}

  /** Where a run's standard output goes. */
  private enum Stdout { RESULT, LOG, CAPTURE }

  private Result start(Path stackDir, List<String> args, Stdout stdout) {
    ProcessBuilder pb = processBuilder(stackDir, args);
    pb.redirectInput(ProcessBuilder.Redirect.INHERIT); // Terraform's approval prompt reads the terminal
    boolean ownOut = stdout == Stdout.RESULT && out == System.out;
    pb.redirectOutput(ownOut ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
    pb.redirectError(err == System.err ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
    String what = describe(stackDir, args.toArray(String[]::new));
    Process p = null;
    try {
      p = Cancellation.start(pb, what, false);
      List<Thread> pumps = new ArrayList<>();
      StringBuilder captured = new StringBuilder();
      if (!ownOut) {
        pumps.add(stdout == Stdout.CAPTURE ? collect(p.getInputStream(), captured)
            : pump(p.getInputStream(), stdout == Stdout.RESULT ? out : err));
      }
      if (err != System.err) {
        pumps.add(pump(p.getErrorStream(), err));
      }
      int rc = p.waitFor();
      for (Thread pump : pumps) {
        pump.join();
      }
      Cancellation.finished(p);
      Optional<String> signal = Cancellation.signal();
      if (signal.isPresent()) {
        throw stopped(stackDir, args, rc, signal.get());
      }
      return new Result(rc, captured.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run terraform (is it installed and on PATH?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while terraform " + args.get(0) + " was running", e);
    } finally {
      if (p != null) {
        Cancellation.finished(p);
      }
    }
  }

  private ProcessBuilder processBuilder(Path stackDir, List<String> args) {
    List<String> command = new ArrayList<>();
    SETSID.ifPresent(s -> command.add(s.toString()));
    command.add("terraform");
    int firstArg = command.size();
    command.addAll(args);
    if (System.console() == null && COLOR_FLAG_COMMANDS.contains(args.get(0)) && !args.contains("-no-color")) {
      command.add(firstArg + 1, "-no-color"); // logs and CI consoles show escape codes as garbage
    }
    ProcessBuilder pb = new ProcessBuilder(command).directory(stackDir.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment);
    return pb;
  }

  /**
   * A run that a signal stopped: says so, and for a subcommand that takes the state lock, whether the lock is free
   * now; returns the failure that ends the command with Terraform's status.
   */
  private TerraformFailure stopped(Path stackDir, List<String> args, int rc, String signal) {
    String what = describe(stackDir, args.toArray(String[]::new));
    err.println("main: " + signal + " received: " + what + " stopped (exit " + rc + ")");
    if (LOCKING_COMMANDS.contains(args.get(0))) {
      err.println("main: " + lockState(stackDir));
    }
    return new TerraformFailure(Cancellation.status(rc), what + ", stopped by " + signal + ",");
  }

  /**
   * Whether the state lock of the stack in {@code stackDir} is free: {@code terraform console}, which takes the
   * lock and gives it back and changes nothing, with no input; Terraform names the lock that stops it.
   */
  String lockState(Path stackDir) {
    ProcessBuilder pb = processBuilder(stackDir, List.of("console", "-no-color"));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true);
    String stack = stackDir.getFileName().toString();
    try {
      Process p = Cancellation.start(pb, describe(stackDir, "console"), true);
      String output;
      try (InputStream in = p.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      int rc = p.waitFor();
      Cancellation.finished(p);
      if (rc == 0) {
        return "the state lock of " + stack + " is free (a lock was taken and given back just now)";
      }
      Matcher id = LOCK_ID.matcher(output);
      if (output.contains("Error acquiring the state lock") && id.find()) {
        return "the state lock of " + stack + " is still held (ID " + id.group(1) + "); once no run is active,"
            + " release it with ./main unlock --stack " + stack + " " + id.group(1);
      }
      return "the state lock of " + stack + " could not be checked (terraform console exited " + rc + ")";
    } catch (IOException e) {
      return "the state lock of " + stack + " could not be checked: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "the state lock of " + stack + " was not checked (interrupted)";
    }
  }

  /** Copies {@code in} to {@code to} as it comes, flushing each chunk (a prompt has no line end). */
  private static Thread pump(InputStream in, OutputStream to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          synchronized (to) {
            to.write(buffer, 0, n);
            to.flush();
          }
        }
      } catch (IOException e) {
        // the process ended; what it wrote has been copied
      }
    }, "terraform-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static Thread collect(InputStream in, StringBuilder into) {
    Thread t = new Thread(() -> {
      try (in) {
        into.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the process ended; what it wrote has been read
      }
    }, "terraform-capture");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static Optional<Path> onPath(String program) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
  }
}
