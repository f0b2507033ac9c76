package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.app.RunContext;
import dev.svcconnect.cli.Emulator;
import dev.svcconnect.cli.Terraform;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.plan.PlanDifferences;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.topology.Topology;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's emulator (moto plus the extension) of one test class, on a free loopback port, with workflows that
 * deploy onto it and SDK clients that read it. Test classes get one through {@link EmulatorExtension}.
 */
final class TestEmulator implements AutoCloseable {
  final Path work;
  final URI endpoint;
  final Map<String, String> env;
  private final Emulator emulator;
  private final Map<String, AwsClients> clients = new HashMap<>();

  private TestEmulator(Path work, URI endpoint) {
    this.work = work;
    this.endpoint = endpoint;
    this.emulator = new Emulator(endpoint, work.resolve("state"));
    Map<String, String> e = new HashMap<>(System.getenv());
    e.put(DeploymentTarget.ENDPOINT_VARIABLE, endpoint.toString());
    this.env = Map.copyOf(e);
  }

  /** A loopback port nothing listens on right now. */
  static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static TestEmulator start(Path work) throws IOException {
    TestEmulator t = new TestEmulator(work, URI.create("http://127.0.0.1:" + freeLoopbackPort()));
    t.emulator.start();
    return t;
  }

  /** The ./main code path for {@code config}, synthesizing into {@code <work>/cdktf.out}. */
  Workflow workflow(EnvironmentConfig config) {
    return new Workflow(context(config.source(), env).with(config, Topology.of(config)));
  }

  /** A run of {@code configPath} with {@code env}, synthesizing into {@code <work>/cdktf.out}. */
  RunContext context(Path configPath, Map<String, String> env) {
    return new RunContext(configPath, work.resolve("cdktf.out"), work.resolve("state"), env, System.out,
        System.err);
  }

  /**
   * Plans {@code w}'s service stack into {@code <work>/<name>.plan} (exit 0 or 2) and returns what the plan changes
   * ({@code terraform show -json} of it).
   */
  List<PlanDifferences.Difference> planDifferences(Workflow w, String name) throws IOException {
    Path planFile = work.resolve(name + ".plan");
    assertThat(w.plan(List.of("-out=" + planFile))).as("plan exit code (0 no changes, 2 changes)").isIn(0, 2);
    Path serviceDir = work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
    Terraform.Result shown = w.terraform().capture(serviceDir, "show", "-json", planFile.toString());
    return PlanDifferences.of(new ObjectMapper().readTree(shown.stdout()));
  }

  /** SDK clients for {@code region}, made once and closed with the emulator. */
  AwsClients aws(String region) {
    return clients.computeIfAbsent(region, r -> new AwsClients(endpoint, r));
  }

  @Override
  public void close() {
    clients.values().forEach(AwsClients::close);
    emulator.stop();
  }
}
