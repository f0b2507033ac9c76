package dev.svcconnect.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local AWS emulator (moto_server). Whatever already answers at the endpoint is used as is; otherwise one is
 * started on the endpoint's loopback port and left running, with its pid under {@code stateDir} so that
 * {@code ./main emulator stop} stops exactly the one it started.
 */
public final class Emulator {
  /** Without it moto cannot attach AWS-managed policies such as AmazonSSMManagedInstanceCore. */
  static final Map<String, String> MOTO_ENVIRONMENT = Map.of("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final URI endpoint;
  private final Path stateDir;

  public Emulator(URI endpoint, Path stateDir) {
    this.endpoint = endpoint;
    this.stateDir = stateDir;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** True when anything answers HTTP at the endpoint. */
  public boolean answers() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).GET().build();
    try {
      client.send(request, HttpResponse.BodyHandlers.discarding());
      return true; // any HTTP answer will do: emulators answer / differently
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Makes sure an emulator answers, starting moto_server if nothing does. */
  public void ensureRunning(PrintStream log) {
    if (answers()) {
      return;
    }
    if (!isLoopback()) {
      throw new IllegalStateException("nothing answers at " + endpoint + " and it is not a loopback address, so no"
          + " emulator is started there; start one yourself or point AWS_ENDPOINT_URL at a running one");
    }
    log.println("Starting the AWS emulator (moto_server) at " + endpoint + "; stop it with ./main emulator stop");
    start();
  }

  /** Starts moto_server detached from this process and waits until it answers. */
  public void start() {
    Path logFile = stateDir.resolve("emulator-" + endpoint.getPort() + ".log");
    try {
      Files.createDirectories(stateDir);
      ProcessBuilder pb = new ProcessBuilder(List.of("setsid", "moto_server", "-H", endpoint.getHost(), "-p",
          Integer.toString(endpoint.getPort())));
      pb.environment().putAll(MOTO_ENVIRONMENT);
      pb.redirectErrorStream(true).redirectOutput(logFile.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
      Process process = pb.start();
      process.getOutputStream().close();
      Files.writeString(pidFile(), Long.toString(process.pid()), StandardCharsets.UTF_8);
      Instant deadline = Instant.now().plus(START_TIMEOUT);
      while (!answers()) {
        if (!process.isAlive()) {
          throw new IllegalStateException("moto_server exited with code " + process.exitValue()
              + " before answering; see " + logFile + " (install it with: pip install 'moto[server]')");
        }
        if (Instant.now().isAfter(deadline)) {
          process.destroy();
          throw new IllegalStateException("moto_server did not answer at " + endpoint + " within "
              + START_TIMEOUT.toSeconds() + " s; see " + logFile);
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start moto_server (is it installed and on PATH? pip install"
          + " 'moto[server]'): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the emulator", e);
    }
  }

  /** Stops the emulator this tool started on the endpoint's port; returns false if it started none. */
  public boolean stop() {
    Optional<ProcessHandle> handle = startedProcess();
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (handle.isEmpty()) {
      return false;
    }
    // setsid execs moto_server in place, so the pid is moto's own; its werkzeug children follow it.
    handle.get().descendants().forEach(ProcessHandle::destroy);
    handle.get().destroy();
    handle.get().onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> {
      handle.get().destroyForcibly();
      return null;
    }).join();
    return true;
  }

  /** The emulator process this tool started on this port, if it is still running. */
  public Optional<ProcessHandle> startedProcess() {
    try {
      if (!Files.exists(pidFile())) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile(), StandardCharsets.UTF_8).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(h -> h.info().commandLine().map(c -> c.contains("moto_server")).orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Path pidFile() {
    return stateDir.resolve("emulator-" + endpoint.getPort() + ".pid");
  }

  private boolean isLoopback() {
    try {
      return InetAddress.getByName(endpoint.getHost()).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }
}
