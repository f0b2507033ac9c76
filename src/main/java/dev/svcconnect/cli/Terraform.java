package dev.svcconnect.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the terraform binary in one stack's directory with a fixed environment. */
public final class Terraform {
  /** A directory holding a provider mirror (registry.terraform.io/hashicorp/aws/...) for offline init. */
  public static final String MIRROR_VARIABLE = "SVCCONNECT_PROVIDER_MIRROR";
  private static final java.util.Set<String> COLOR_FLAG_COMMANDS =
      java.util.Set.of("init", "plan", "apply", "destroy", "output", "validate", "show");

  private final Map<String, String> environment;
  private final Path mirror;

  private Terraform(Map<String, String> environment, Path mirror) {
    this.environment = Map.copyOf(environment);
    this.mirror = mirror;
  }

  /**
   * {@code base} plus {@code extra}; when {@value #MIRROR_VARIABLE} is set, a CLI config that installs hashicorp
   * providers only from that mirror is written to {@code configDir} and used instead of the user's.
   */
  public static Terraform create(Map<String, String> base, Map<String, String> extra, Path configDir) {
    Map<String, String> env = new HashMap<>(base);
    env.putAll(extra);
    env.put("CHECKPOINT_DISABLE", "1");
    env.put("TF_IN_AUTOMATION", "1");
    String mirror = env.get(MIRROR_VARIABLE);
    Path mirrorDir = null;
    if (mirror != null && !mirror.isBlank()) {
      mirrorDir = Path.of(mirror).toAbsolutePath();
      if (!Files.isDirectory(mirrorDir)) {
        throw new IllegalArgumentException(MIRROR_VARIABLE + ": '" + mirror + "' is not a directory");
      }
      env.put("TF_CLI_CONFIG_FILE", writeCliConfig(configDir, mirrorDir).toString());
    }
    return new Terraform(env, mirrorDir);
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

  /** Runs terraform with its output on this process's console; returns its exit code. */
  public int run(Path stackDir, String... args) {
    return start(stackDir, List.of(args), true).exitCode();
  }

  /**
   * Runs terraform with its output on this process's console.
   *
   * @throws TerraformFailure when it exits non-zero, named after its subcommand and stack directory
   */
  public void require(Path stackDir, String... args) {
    int rc = run(stackDir, args);
    if (rc != 0) {
      throw new TerraformFailure(rc, describe(stackDir, args));
    }
  }

  /** How a failure names a run: {@code terraform init in cdktf.out/stacks/service-connect}. */
  static String describe(Path stackDir, String... args) {
    return "terraform " + args[0] + " in " + stackDir;
  }

  /** Runs terraform and returns its standard output; its standard error still goes to the console. */
  public Result capture(Path stackDir, String... args) {
    return start(stackDir, List.of(args), false);
  }

  /** What a captured run printed and how it ended. */
  public record Result(int exitCode, String stdout) {}

  private Result start(Path stackDir, List<String> args, boolean inherit) {
    List<String> command = new ArrayList<>();
    command.add("terraform");
    command.addAll(args);
    if (System.console() == null && COLOR_FLAG_COMMANDS.contains(args.get(0)) && !args.contains("-no-color")) {
      command.add(2, "-no-color"); // logs and CI consoles show escape codes as garbage
    }
    ProcessBuilder pb = new ProcessBuilder(command).directory(stackDir.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment);
    pb.redirectInput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
    if (inherit) {
      pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    }
    try {
      Process p = pb.start();
      String out = inherit ? "" : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run terraform (is it installed and on PATH?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while terraform " + args.get(0) + " was running", e);
    }
  }
}
