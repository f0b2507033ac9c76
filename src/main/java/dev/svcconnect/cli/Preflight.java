package dev.svcconnect.cli;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.config.Display;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The command line's paths and the environment, checked before anything is read, started or written: each misuse is
 * one line naming the argument or variable and the rule, and the command exits 64 with nothing written (an existing
 * synth output left as it was). A device file or FIFO given as the environment file is refused before it is opened
 * (reading {@code /dev/zero} would never end, a FIFO would block); the synth output directory and the provider
 * mirror are checked before the stacks are rewritten; the endpoint is {@code DeploymentTarget}'s to check.
 */
public final class Preflight {
  /** The node the jsii kernel runs on, when not the one on PATH (honoured by jsii and by the launcher). */
  public static final String JSII_NODE_VARIABLE = "JSII_NODE";

  private Preflight() {}

  /**
   * {@value #JSII_NODE_VARIABLE}, checked before the jsii kernel starts: an executable file, by path or on PATH. It
   * names a program, never a shell command (the launcher quotes it).
   *
   * @return the one-line error, or empty when the variable is unset or names an executable
   */
  public static Optional<String> kernel(Map<String, String> env) {
    String node = env.get(JSII_NODE_VARIABLE);
    if (node == null || node.isEmpty()) {
      return Optional.empty();
    }
    boolean found;
    if (node.contains("/")) {
      Path file = RunContext.userPath(env, Path.of(node));
      found = Files.isRegularFile(file) && Files.isExecutable(file);
    } else {
      String path = Optional.ofNullable(env.get("PATH")).orElse("");
      found = !node.equals(".") && !node.equals("..") && Stream.of(path.split(File.pathSeparator))
          .filter(d -> !d.isEmpty()).map(d -> Path.of(d, node))
          .anyMatch(f -> Files.isRegularFile(f) && Files.isExecutable(f));
    }
    return found ? Optional.empty() : Optional.of(JSII_NODE_VARIABLE + ": " + Display.quote(node) + " is not an"
        + " executable file (a path, or a name on PATH); set it to the node program the jsii kernel should run on,"
        + " or unset it");
  }

  /**
   * What every command that reads the environment file checks first: the file's kind, the synth output directory
   * and the provider mirror.
   *
   * @throws IllegalArgumentException one line naming the argument or variable
   */
  public static void check(RunContext run) {
    configFile(run.configPath(), run.configOrigin());
    outdir(run.outdir(), run.env().containsKey(RunContext.OUTDIR_VARIABLE));
    Terraform.mirror(run.env());
  }

  /**
   * An existing environment file must be a regular file (a missing one is the loader's to report: "no such file").
   * The check reads the file's type only; nothing is opened.
   */
  static void configFile(Path file, String origin) {
    Optional<String> kind = kind(file);
    if (kind.isPresent()) {
      String name = origin.equals("default") ? file.toString() : origin;
      throw new IllegalArgumentException(name + ": " + Display.quote(file.toString()) + " is " + kind.get()
          + ", not a file; an environment file is a regular YAML file");
    }
  }

  /** The synth output directory: a directory, or a name CDKTF can create (its parent exists). */
  static void outdir(Path outdir, boolean fromVariable) {
    String name = fromVariable ? RunContext.OUTDIR_VARIABLE : RunContext.OUTDIR_VARIABLE + " (not set, default "
        + RunContext.DEFAULT_OUTDIR + ")";
    String shown = Display.quote(outdir.toString());
    if (outdir.toString().isEmpty()) {
      throw new IllegalArgumentException(name + ": is empty; name the directory synth writes the stacks to, or"
          + " unset it for " + RunContext.DEFAULT_OUTDIR);
    }
    if (Files.exists(outdir)) {
      if (!Files.isDirectory(outdir)) {
        throw new IllegalArgumentException(name + ": " + shown + " is " + kind(outdir).orElse("a file") + ", not a"
            + " directory; synth writes the stacks into a directory (created if missing)");
      }
      return;
    }
    Path parent = outdir.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(name + ": " + shown + " cannot be created: its parent "
          + Display.quote(parent.toString()) + (Files.exists(parent) ? " is not a directory" : " does not exist")
          + "; create it first, or name another directory");
    }
  }

  /**
   * What {@code file} is when it exists and is not a regular file: "a directory", "a FIFO (named pipe)", "a
   * character device", "a block device", "a socket"; empty for a regular file or nothing. Symbolic links are
   * followed.
   */
  static Optional<String> kind(Path file) {
    if (!Files.exists(file) || Files.isRegularFile(file)) {
      return Optional.empty();
    }
    if (Files.isDirectory(file)) {
      return Optional.of("a directory");
    }
    try {
      // the POSIX file type bits of st_mode (S_IFMT): the JDK exposes them on Linux and macOS as unix:mode
      int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
      return Optional.of(switch (type) {
        case 0010000 -> "a FIFO (named pipe)";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      });
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.of("a special file (a device, FIFO or socket)");
    }
  }
}
