package dev.svcconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.cli.TerraformArgs;
import dev.svcconnect.docs.GeneratedBlock;
import dev.svcconnect.tiers.UnitTier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Issue 20: the README's and the help's examples are checked against the command line itself, so they cannot drift.
 * Every {@code ./main} example in the README and docs/ (shell blocks and inline code) and in the commands' own help
 * footers parses with the model {@link Main} runs, Terraform's pass-through arguments included; the README's
 * commands table names exactly the commands, options and arguments there are; and docs/cli.md shows each command's
 * {@code --help} as the command prints it (a generated block).
 */
@UnitTier
class CliExamplesTest {
  private static final List<Path> DOCS = docs();
  private static final Path CLI_DOC = Path.of("docs/cli.md");
  /** A fenced block's opening line, with its info string. */
  private static final Pattern FENCE = Pattern.compile("^\\s*```(\\S*)\\s*$");
  /** Inline code that starts with ./main. */
  private static final Pattern INLINE = Pattern.compile("`(\\./main(?: [^`]*)?)`");
  /** A row of the README's commands table: its first cell. */
  private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(\\./main[^`]*)` \\|");
  /** Synopsis notation rather than a command one would type: [optional], alternatives a|b (or a\|b), more... */
  private static final Pattern SYNOPSIS = Pattern.compile("\\[|\\.\\.\\.|\\S\\\\?\\|\\S");

  private static List<Path> docs() {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> list = Files.list(Path.of("docs"))) {
      list.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return List.copyOf(files);
  }

  /**
   * One example: where it is written, the command as typed, and whether it is a runnable line (a shell block) or a
   * mention in the text, which may name a command or an option without the values it needs ({@code ./main unlock},
   * {@code ./main plan --out}).
   */
  record Example(String where, String command, boolean mention) {
    @Override
    public String toString() {
      return where + ": " + command;
    }
  }

  /** Every example the docs and the help texts give. */
  static List<Example> examples() throws IOException {
    List<Example> out = new ArrayList<>();
    for (Path file : DOCS) {
      List<String> lines = Files.readAllLines(file);
      String fence = null;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher f = FENCE.matcher(line);
        if (f.matches()) {
          fence = fence == null ? f.group(1) : null;
          continue;
        }
        String where = file + ":" + (i + 1);
        if (fence != null) {
          if (fence.equals("bash") || fence.equals("sh")) {
            for (String command : commands(line)) {
              out.add(new Example(where, command, false));
            }
          }
          continue;
        }
        Matcher m = INLINE.matcher(line);
        while (m.find()) {
          if (!SYNOPSIS.matcher(m.group(1)).find()) {
            for (String command : commands(m.group(1))) {
              out.add(new Example(where, command, true));
            }
          }
        }
      }
    }
    for (Map.Entry<String, CommandLine> command : allCommands().entrySet()) {
      for (String line : help(command.getValue()).lines().toList()) {
        if (line.trim().startsWith("./main ")) {
          out.add(new Example("./main " + command.getKey() + " --help", line.trim(), false));
        }
      }
    }
    return out;
  }

  /**
   * The ./main commands of one shell line: each segment between ;, &&, || and | that starts with ./main, without
   * its redirections.
   */
  private static List<String> commands(String line) {
    String code = line.replaceFirst("\\s+#.*$", "").trim();
    List<String> out = new ArrayList<>();
    for (String segment : code.split(";|&&|\\|\\||\\|")) {
      String s = segment.replaceFirst("\\s+\\d?>.*$", "").trim();
      if (s.startsWith("./main ") || s.equals("./main")) {
        out.add(s);
      }
    }
    return out;
  }

  /** {@code command} split as a shell splits it (quotes removed; variables kept as written). */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  private static CommandLine model() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return Main.commandLine(Map.of(), sink, sink);
  }

  /** Every command by its path after ./main ("" for ./main itself, "emulator start"), in declaration order. */
  private static Map<String, CommandLine> allCommands() {
    Map<String, CommandLine> out = new LinkedHashMap<>();
    collect("", model(), out);
    return out;
  }

  private static void collect(String path, CommandLine command, Map<String, CommandLine> out) {
    out.put(path, command);
    command.getSubcommands().forEach((name, sub) -> {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        collect(path.isEmpty() ? name : path + " " + name, sub, out);
      }
    });
  }

  private static String help(CommandLine command) {
    return command.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  @Test
  void theDocsGiveExamples() throws IOException {
    List<Example> examples = examples();
    assertThat(examples).hasSizeGreaterThan(60);
    assertThat(examples).extracting(Example::command)
        .contains("./main plan --config config/prod.yaml --out prod.plan", "./main apply prod.plan",
            "./main output -json", "./main output -raw cluster_name", "./main plan -destroy");
    assertThat(words("./main synth --config '/tmp/my file.yaml' -x=\"a b\""))
        .containsExactly("./main", "synth", "--config", "/tmp/my file.yaml", "-x=a b");
    assertThat(commands("./main synth --config /tmp/bad.yaml; echo \"exit $?\"  # note"))
        .containsExactly("./main synth --config /tmp/bad.yaml");
    assertThat(commands("./main deploy && ./main check --format json > out.json"))
        .containsExactly("./main deploy", "./main check --format json");
    assertThat(SYNOPSIS.matcher("./main deploy|unlock").find()).isTrue();
    assertThat(SYNOPSIS.matcher("./main output -json | jq .").find()).isFalse();
  }

  /**
   * Each example parses: picocli accepts its commands, options and arguments, and Terraform's arguments among them
   * pass {@link TerraformArgs}'s check. A refused example fails with the line a user would see.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleIsAcceptedByTheCommandLine(Example example) {
    List<String> words = words(example.command());
    String[] args = words.subList(1, words.size()).toArray(String[]::new);
    CommandLine cli = model();
    CommandLine.ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (CommandLine.MissingParameterException e) {
      if (example.mention()) {
        return; // every word it has was accepted; a mention need not give the values
      }
      throw new AssertionError(example + " is refused: " + e.getMessage(), e);
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(example + " is refused: " + e.getMessage(), e);
    }
    CommandLine.ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    Object command = leaf.commandSpec().userObject();
    RunContext run = RunContext.of(null, Map.of(), System.out, System.err);
    if (command instanceof Main.Plan plan) {
      TerraformArgs.of("plan", plan.extra, run);
    } else if (command instanceof Main.Output output) {
      TerraformArgs.of("output", output.args, run);
    }
  }

  /**
   * The README's commands table: one row per command, and each row's synopsis names exactly that command's options
   * (with their parameter labels or choices) and positional arguments.
   */
  @Test
  void theReadmesCommandsTableMatchesTheCommandLine() throws IOException {
    Map<String, CommandLine> commands = allCommands();
    Set<String> leaves = new LinkedHashSet<>();
    commands.forEach((path, c) -> {
      if (!path.isEmpty() && c.getSubcommands().values().stream()
          .allMatch(s -> s.getCommandSpec().usageMessage().hidden())) {
        leaves.add(path);
      }
    });
    Set<String> rows = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      Matcher row = TABLE_ROW.matcher(line);
      if (!row.find()) {
        continue;
      }
      List<String> words = words(row.group(1).replace("\\|", "|"));
      int at = 1;
      String path = "";
      while (at < words.size() && commands.containsKey((path.isEmpty() ? "" : path + " ") + words.get(at))) {
        path = (path.isEmpty() ? "" : path + " ") + words.get(at);
        at++;
      }
      rows.add(path);
      check(path, commands.get(path).getCommandSpec(), words.subList(at, words.size()), problems);
    }
    assertThat(problems).as("the README's commands table against the command line").isEmpty();
    assertThat(rows).as("a row per command").containsExactlyInAnyOrderElementsOf(leaves);
  }

  /** Checks one synopsis ({@code [--format text|json] [--auto-approve] LOCK_ID}) against {@code spec}. */
  private static void check(String path, CommandSpec spec, List<String> synopsis, List<String> problems) {
    Set<String> options = new LinkedHashSet<>();
    Set<String> positionals = new LinkedHashSet<>();
    for (int i = 0; i < synopsis.size(); i++) {
      String word = synopsis.get(i).replaceAll("^\\[|]$", "");
      if (word.startsWith("-")) {
        options.add(word);
        OptionSpec option = spec.findOption(word);
        String next = i + 1 < synopsis.size() ? synopsis.get(i + 1).replaceAll("]$", "") : "";
        if (option == null) {
          problems.add(path + ": " + word + " is not an option of ./main " + path);
        } else if (option.arity().max() > 0) {
          i++;
          // a row shows an option's value by its label (FILE) or by its choices (text|json)
          List<String> choices = new ArrayList<>();
          if (option.completionCandidates() != null) {
            option.completionCandidates().forEach(choices::add);
          }
          if (!next.equals(option.paramLabel()) && !next.equals(String.join("|", choices))) {
            problems.add(path + ": " + word + " is shown with " + next + ", the command line says "
                + option.paramLabel() + (choices.isEmpty() ? "" : " or " + String.join("|", choices)));
          }
        }
      } else {
        positionals.add(word);
      }
    }
    for (OptionSpec option : spec.options()) {
      boolean everywhere = option.inherited() || option.usageHelp() || option.versionHelp()
          || option.longestName().equals("--config");
      if (!everywhere && !option.hidden() && !options.contains(option.longestName())) {
        problems.add(path + ": the row lacks " + option.longestName());
      }
    }
    Set<String> expected = new LinkedHashSet<>();
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        expected.add(p.paramLabel() + (p.isMultiValue() ? "..." : ""));
      }
    }
    if (!positionals.equals(expected)) {
      problems.add(path + ": the row's arguments are " + positionals + ", the command line's " + expected);
    }
  }

  /** docs/cli.md shows every command's --help as it prints it. */
  @Test
  void theHelpOfEveryCommandIsInTheCliDoc() throws IOException {
    StringBuilder block = new StringBuilder();
    allCommands().forEach((path, command) -> {
      String invocation = "./main " + (path.isEmpty() ? "" : path + " ") + "--help";
      block.append("<details><summary><code>").append(invocation).append("</code></summary>\n\n```text\n")
          .append(help(command).stripTrailing()).append("\n```\n\n</details>\n\n");
    });
    new GeneratedBlock(CLI_DOC, "help").check(block.toString().stripTrailing() + "\n");
  }
}
