package dev.svcconnect.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntBiFunction;

/**
 * What one in-process run of a command returned and printed: its exit code, its stdout and its stderr (UTF-8).
 *
 * @param exitCode what the command returned
 * @param out what it printed on the stdout stream it was given
 * @param err what it printed on the stderr stream it was given
 */
public record Captured(int exitCode, String out, String err) {
  /**
   * Runs {@code command} (e.g. {@link dev.svcconnect.Main#run} with its arguments and environment) with a stdout and a
   * stderr stream that capture what it prints.
   */
  public static Captured of(ToIntBiFunction<PrintStream, PrintStream> command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = command.applyAsInt(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Captured(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
