package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.target.DeploymentTarget;
import java.io.IOException;
import java.io.InputStream;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local AWS emulator: moto's server with this project's extension, {@code moto_server_ext.py} and its
 * {@code ext_*.py} modules (resources of this package): what the stacks need from AWS that moto 5.2.1 lacks or gets
 * wrong, Service Connect stored and enforced as ECS does (docs/emulator.md). An emulator of this checkout that
 * already answers at the endpoint is used as is, and anything else there is refused ({@link #requireOurs});
 * otherwise one is started on the endpoint's loopback port and left running, with its pid under {@code stateDir}
 * so that {@code ./main emulator stop} stops exactly the one it started.
 */
public final class Emulator {
  /**
   * The account the emulator reports (STS GetCallerIdentity, every ARN): moto's default (DEFAULT_ACCOUNT_ID in
   * moto/core/models.py), set explicitly so that it is this constant, not an assumption. No real AWS target may use
   * it: config/aws-example.yaml's placeholder differs (ShippedConfigTest).
   */
  public static final String ACCOUNT_ID = "123456789012";
  /**
   * MOTO_IAM_LOAD_MANAGED_POLICIES: without it moto cannot attach AWS-managed policies such as
   * AmazonSSMManagedInstanceCore. MOTO_ACCOUNT_ID: {@link #ACCOUNT_ID}.
   */
  static final Map<String, String> MOTO_ENVIRONMENT = Map.of("MOTO_IAM_LOAD_MANAGED_POLICIES", "true",
      "MOTO_ACCOUNT_ID", ACCOUNT_ID);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The entry point: checks the moto version, loads {@link #MODULES}, runs moto's server. */
  static final String SERVER_SCRIPT = "moto_server_ext.py";
  /** The extension's modules, written beside {@link #SERVER_SCRIPT}; each patches one AWS service of moto. */
  static final List<String> MODULES = List.of("ext_cloudmap.py", "ext_ec2.py", "ext_ecs.py", "ext_elbv2.py",
      "ext_logs.py", "ext_s3.py", "ext_scaling.py");
  /** The version itself lives once, in moto_server_ext.py, which names it when it refuses to start. */
  private static final String INSTALL_HINT = "python3 with moto's server in the version docs/emulator.md names";

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

  /**
   * Makes sure this project's emulator answers, starting one if nothing does.
   *
   * @throws IllegalArgumentException when something else answers there ({@link #requireOurs})
   */
  public void ensureRunning(PrintStream log) {
    if (answers()) {
      requireOurs();
      return;
    }
    if (!isLoopback()) {
      throw new IllegalStateException("nothing answers at " + endpoint + " and it is not a loopback address, so no"
          + " emulator is started there; start one yourself or point AWS_ENDPOINT_URL at a running one");
    }
    log.println("Starting the AWS emulator (moto) at " + endpoint + "; stop it with ./main emulator stop");
    start();
  }

  /** Starts moto's server (with {@link #SERVER_SCRIPT}'s additions) detached from this process; waits for it. */
  public void start() {
    Path logFile = stateDir.resolve("emulator-" + endpoint.getPort() + ".log");
    try {
      Files.createDirectories(stateDir);
      Path script = stateDir.resolve(SERVER_SCRIPT);
      for (String file : concat(SERVER_SCRIPT, MODULES)) {
        try (InputStream in = Emulator.class.getResourceAsStream(file)) {
          Files.write(stateDir.resolve(file), in.readAllBytes());
        }
      }
      ProcessBuilder pb = new ProcessBuilder(List.of("setsid", "python3", script.toString(), "-H",
          endpoint.getHost(), "-p", Integer.toString(endpoint.getPort())));
      pb.environment().putAll(MOTO_ENVIRONMENT);
      pb.redirectErrorStream(true).redirectOutput(logFile.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
      Process process = pb.start();
      process.getOutputStream().close();
      Files.writeString(pidFile(), Long.toString(process.pid()), StandardCharsets.UTF_8);
      Instant deadline = Instant.now().plus(START_TIMEOUT);
      while (!answers()) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the emulator exited with code " + process.exitValue()
              + " before answering: " + lastLine(logFile) + " (see " + logFile + "; it needs " + INSTALL_HINT + ")");
        }
        if (Instant.now().isAfter(deadline)) {
          process.destroy();
          throw new IllegalStateException("the emulator did not answer at " + endpoint + " within "
              + START_TIMEOUT.toSeconds() + " s; see " + logFile);
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the emulator (" + INSTALL_HINT + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the emulator", e);
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new java.util.ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  /** The last non-blank line of the emulator's log: the extension's one-line reason when it refuses to start. */
  private static String lastLine(Path logFile) {
    try {
      return Files.readAllLines(logFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
          .reduce((a, b) -> b).orElse("(no output)");
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** Where this project's emulator says what it is (moto_server_ext.py's MARKER_PATH). */
  static final String MARKER_PATH = "/_svcconnect/emulator";
  /** The name it answers with (moto_server_ext.py's MARKER_NAME). */
  static final String MARKER_NAME = "ecs-service-connect-cdktf";

  /** What answers at the endpoint. */
  public enum Identity {
    /** This project's emulator, running this checkout's extension. */
    OURS,
    /** This project's emulator, running another version of the extension (started from another checkout). */
    OTHER_VERSION,
    /** Something else: a plain moto_server, another emulator, any HTTP server. */
    FOREIGN,
    /** Nothing. */
    NOTHING
  }

  /** Asks the endpoint what it is: the extension answers {@link #MARKER_PATH}; anything else does not. */
  public Identity identify() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(MARKER_PATH)).timeout(Duration.ofSeconds(5))
        .GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode marker = response.statusCode() == 200 ? parse(response.body()) : null;
      if (marker == null || !MARKER_NAME.equals(marker.path("emulator").asText())) {
        return Identity.FOREIGN;
      }
      return extensionDigest().equals(marker.path("extension").asText()) ? Identity.OURS : Identity.OTHER_VERSION;
    } catch (IOException e) {
      return answers() ? Identity.FOREIGN : Identity.NOTHING;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Identity.NOTHING;
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Refuses, before anything is synthesized or applied, an endpoint that answers with anything but this checkout's
   * emulator: a plain moto_server lacks what the local target needs to behave as ECS does (docs/emulator.md).
   *
   * @throws IllegalArgumentException one line naming {@value DeploymentTarget#ENDPOINT_VARIABLE} and the fix
   */
  public void requireOurs() {
    switch (identify()) {
      case OURS, NOTHING -> { }
      case OTHER_VERSION -> throw new IllegalArgumentException(DeploymentTarget.ENDPOINT_VARIABLE + ": the emulator"
          + " at " + endpoint + " runs another version of this project's extension (started from another checkout,"
          + " or before an update); stop it (./main emulator stop, if ./main started it) and run the command again,"
          + " and ./main starts the current one");
      case FOREIGN -> throw new IllegalArgumentException(DeploymentTarget.ENDPOINT_VARIABLE + ": what answers at "
          + endpoint + " is not this project's emulator (moto with moto_server_ext.py, which the local target needs"
          + " to behave as ECS does; a plain moto_server is not enough); stop it, or set "
          + DeploymentTarget.ENDPOINT_VARIABLE + " to a free loopback port and ./main starts its own there");
    }
  }

  /**
   * SHA-256 of the extension's files as this checkout has them: {@link #SERVER_SCRIPT}, then {@link #MODULES} in
   * name order, as moto_server_ext.py computes it over the files it runs.
   */
  static String extensionDigest() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String file : concat(SERVER_SCRIPT, MODULES.stream().sorted().toList())) {
        try (InputStream in = Emulator.class.getResourceAsStream(file)) {
          digest.update(in.readAllBytes());
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the emulator extension's resources", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
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
    // setsid execs python in place, so the pid is moto's own; its werkzeug children follow it.
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
          .filter(h -> h.info().commandLine().map(c -> c.contains(SERVER_SCRIPT)).orElse(true));
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
