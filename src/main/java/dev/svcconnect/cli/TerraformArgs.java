package dev.svcconnect.cli;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.config.Display;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments a command passes through to a Terraform subcommand ({@code ./main plan -destroy -out=FILE},
 * {@code ./main output -raw NAME}): checked before anything runs, and every path among them made the user's, since
 * Terraform runs in the stack's directory, not where the user typed the command.
 */
public final class TerraformArgs {
  /**
   * The options of {@code terraform plan} and {@code terraform output} whose value is a file
   * (https://developer.hashicorp.com/terraform/cli/commands/plan, .../commands/output), in either of Terraform's
   * spellings: {@code -out=FILE} or {@code -out FILE}.
   */
  static final Set<String> PATH_OPTIONS = Set.of("-out", "-var-file", "-generate-config-out", "-state",
      "-state-out", "-backup");

  private TerraformArgs() {}

  /**
   * {@code args} as Terraform gets them: relative paths of {@link #PATH_OPTIONS} resolved against the directory the
   * user ran the command from ({@link RunContext#userPath}).
   *
   * @param command the subcommand of {@code ./main} they were given to, for the message
   * @throws IllegalArgumentException for an argument with two leading dashes: Terraform's options take one, and
   *     {@code --summary}-like words are the command's own options misspelt
   */
  public static List<String> of(String command, List<String> args, RunContext run) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("--")) {
        throw new IllegalArgumentException(command + ": " + Display.quote(arg) + " is not an option of ./main "
            + command + ", and Terraform's own options take one dash (e.g. -destroy); see ./main " + command
            + " --help");
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      if (PATH_OPTIONS.contains(name) && eq >= 0) {
        out.add(name + "=" + run.userPath(Path.of(arg.substring(eq + 1))));
      } else if (PATH_OPTIONS.contains(name) && i + 1 < args.size()) {
        out.add(arg);
        out.add(run.userPath(Path.of(args.get(++i))).toString());
      } else {
        out.add(arg);
      }
    }
    return List.copyOf(out);
  }

  /** The value of option {@code name} ({@code -out}) among resolved {@code args}, in either spelling. */
  static Optional<String> value(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).startsWith(name + "=")) {
        return Optional.of(args.get(i).substring(name.length() + 1));
      }
      if (args.get(i).equals(name) && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
    }
    return Optional.empty();
  }
}
