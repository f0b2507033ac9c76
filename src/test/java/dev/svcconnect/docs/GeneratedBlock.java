package dev.svcconnect.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated block of a Markdown file: the lines between {@code <!-- BEGIN GENERATED: name -->} and
 * {@code <!-- END GENERATED: name -->}, which only a generator writes. {@link #check} fails when the committed block
 * differs from what the generator produces now; with {@code DOCS_UPDATE=1} (or {@code -Ddocs.update=true}) it
 * rewrites the block instead, leaving the hand-written text around it alone.
 */
public final class GeneratedBlock {
  private final Path file;
  private final String begin;
  private final String end;

  /**
   * @param file the Markdown file, relative to the project root (the tests' working directory)
   * @param name the block's name, as written in its markers
   */
  public GeneratedBlock(Path file, String name) {
    this.file = file;
    this.begin = "<!-- BEGIN GENERATED: " + name + " -->";
    this.end = "<!-- END GENERATED: " + name + " -->";
  }

  /** Whether this run rewrites generated blocks instead of checking them. */
  public static boolean updating() {
    return "1".equals(System.getenv("DOCS_UPDATE")) || Boolean.getBoolean("docs.update");
  }

  /**
   * Checks (or, when {@link #updating()}, rewrites) the block against {@code generated}, a Markdown text that ends
   * with a newline.
   *
   * @throws IOException when the file cannot be read or written
   * @throws AssertionError when the markers are missing, or the committed block differs while not updating
   */
  public void check(String generated) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    assertThat(from).as("%s has the marker %s", file, begin).isNotNegative();
    assertThat(to).as("%s has the marker %s after its begin marker", file, end).isGreaterThan(from);
    String committed = text.substring(from + begin.length() + 1, to);
    if (updating()) {
      Files.writeString(file, text.substring(0, from + begin.length() + 1) + generated + text.substring(to),
          StandardCharsets.UTF_8);
      return;
    }
    assertThat(committed)
        .as("the generated block '%s' of %s is stale; regenerate it with DOCS_UPDATE=1 ./mvnw -B test -Dtest=%s",
            begin, file, callerTestClass())
        .isEqualTo(generated);
  }

  private static String callerTestClass() {
    return StackWalker.getInstance().walk(frames -> frames
        .map(StackWalker.StackFrame::getClassName)
        .filter(c -> c.endsWith("Test") && !c.equals(GeneratedBlock.class.getName()))
        .findFirst().map(c -> c.substring(c.lastIndexOf('.') + 1)).orElse("<the docs test>"));
  }
}
