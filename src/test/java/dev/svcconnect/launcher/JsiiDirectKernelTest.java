package dev.svcconnect.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launcher/jsii-direct-kernel.cjs}, started the way {@code ./main} starts the jsii kernel
 * ({@code node --require hook program.js 3<&0 4>&1 1>&2}): the kernel's API traffic on fd 3 goes to and from the
 * process's stdin and stdout, and its console output reaches stderr as the {"stdout"|"stderr": base64} lines that
 * jsii's relay (jsii-runtime.js) writes and the Java runtime unwraps.
 */
@UnitTier
class JsiiDirectKernelTest {
  private static final Path HOOK = Path.of("launcher/jsii-direct-kernel.cjs").toAbsolutePath();

  @TempDir Path dir;

  private record Run(int exit, String stdout, String stderr) {}

  private Run run(String redirections, String script, String stdin) throws IOException, InterruptedException {
    Files.writeString(dir.resolve("probe.js"), script);
    Process p = new ProcessBuilder("sh", "-c",
        "exec node --require '" + HOOK + "' '" + dir.resolve("probe.js") + "' " + redirections)
        .directory(dir.toFile()).start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String wrapped(String tag, String text) {
    return "{\"" + tag + "\":\"" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\"}";
  }

  @Test
  void apiTrafficUsesStdinAndStdoutAndConsoleOutputIsWrappedOnStderr() throws Exception {
    // what program.js does: reads requests from fd 3 and writes responses to fd 3, synchronously
    Run r = run("3<&0 4>&1 1>&2", """
        const fs = require("fs");
        const buf = Buffer.alloc(100);
        const request = buf.subarray(0, fs.readSync(3, buf, 0, buf.length, null)).toString().trim();
        fs.writeSync(3, Buffer.from(JSON.stringify({ok: request}) + "\\n"));
        console.log("a log line");
        console.error("an error line");
        process.stdout.write(Buffer.from("raw bytes"), () => fs.writeSync(3, "written\\n"));
        """, "{\"api\":\"get\"}\n");
    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.stdout()).isEqualTo("{\"ok\":\"{\\\"api\\\":\\\"get\\\"}\"}\nwritten\n");
    assertThat(r.stderr().lines().toList()).containsExactly(
        wrapped("stdout", "a log line\n"), wrapped("stderr", "an error line\n"), wrapped("stdout", "raw bytes"));
  }

  @Test
  void withoutTheRedirectionsItRefusesToStart() throws Exception {
    Run r = run("", "require('fs').writeSync(3, 'lost\\n');", "");
    assertThat(r.exit()).isNotZero();
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr())
        .contains("jsii-direct-kernel.cjs: fds 3 and 4 are not the API pipes; start program.js with 3<&0 4>&1 1>&2");
  }
}
