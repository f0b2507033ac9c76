package dev.svcconnect.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.tiers.UnitTier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceConnectClientAlias;
import software.amazon.awssdk.services.ecs.model.ServiceConnectConfiguration;
import software.amazon.awssdk.services.ecs.model.ServiceConnectService;

/**
 * The drift comparison, read from the golden synthesized stack (the default config) against ECS answers built with
 * the SDK's own model: one field differing per test. On the emulator, end to end: ServiceConnectDriftIT.
 */
@UnitTier
class ServiceConnectDriftTest {
  private static final String NS_ARN = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-abc";
  private static List<ServiceConnectDrift.Expected> expected;
  private static ServiceConnectDrift.Expected server;

  @BeforeAll
  static void read() {
    StackDocument golden = StackDocument.read("service-connect", Path.of("src/test/resources/golden/service-connect.json"));
    expected = ServiceConnectDrift.expected(golden, Map.of("namespace_arn", NS_ARN, "cluster_name", "x"));
    server = expected.stream().filter(e -> e.service().equals("server-service")).findFirst().orElseThrow();
  }

  /** server-service as ECS reports it when it runs exactly what the stack declares, changed by {@code edit}. */
  private static Service live(UnaryOperator<ServiceConnectConfiguration.Builder> edit) {
    ServiceConnectConfiguration.Builder sc = ServiceConnectConfiguration.builder().enabled(true).namespace(NS_ARN)
        .logConfiguration(l -> l.logDriver("awslogs"))
        .services(ServiceConnectService.builder().portName("nginx").discoveryName("nginx-server")
            .clientAliases(ServiceConnectClientAlias.builder().port(80).dnsName("nginx-server.local").build())
            .build());
    return Service.builder().serviceName("server-service").status("ACTIVE").deployments(
        Deployment.builder().status("ACTIVE").serviceConnectConfiguration(sc.build()).build(),
        Deployment.builder().status("PRIMARY").serviceConnectConfiguration(edit.apply(sc).build()).build()).build();
  }

  private static List<String> lines(Service live) {
    return ServiceConnectDrift.compare(server, live, null).stream().map(ServiceConnectDrift.Difference::line).toList();
  }

  private static ServiceConnectService.Builder endpoint() {
    return ServiceConnectService.builder().portName("nginx").discoveryName("nginx-server")
        .clientAliases(ServiceConnectClientAlias.builder().port(80).dnsName("nginx-server.local").build());
  }

  @Test
  void readsEveryServiceOfTheStackWithItsClusterNamespaceAndEndpoints() {
    assertThat(expected).extracting(ServiceConnectDrift.Expected::service)
        .containsExactlyInAnyOrder("server-service", "client-service");
    assertThat(server.address()).isEqualTo("aws_ecs_service.Services_server-service_A875E9CA");
    assertThat(server.cluster()).isEqualTo("ecs-service-connector-sample-cluster");
    assertThat(server.enabled()).isTrue();
    // the namespace resource's name, and its ARN from the output that carries the same reference
    assertThat(server.namespaces()).containsExactly("local", NS_ARN);
    assertThat(server.logConfiguration()).isTrue();
    assertThat(server.endpoints()).containsExactly(new ServiceConnectDrift.Endpoint("nginx", "nginx-server",
        java.util.Set.of("nginx-server.local:80"), null, null, null));
  }

  @Test
  void noDifferenceWhenEcsRunsWhatTheStackDeclares() {
    assertThat(lines(live(b -> b))).isEmpty();
    // the namespace as a name is the same namespace
    assertThat(lines(live(b -> b.namespace("local")))).isEmpty();
  }

  @Test
  void serviceConnectTurnedOffIsOneLine() {
    assertThat(lines(live(b -> b.enabled(false)))).containsExactly(
        "server-service: serviceConnect.enabled: expected true, live false");
  }

  /** What ECS really reports once Service Connect is off: no configuration on the PRIMARY deployment at all. */
  @Test
  void aPrimaryDeploymentWithoutConfigurationIsServiceConnectOff() {
    Service off = Service.builder().serviceName("server-service").status("ACTIVE")
        .deployments(Deployment.builder().status("PRIMARY").build()).build();
    assertThat(lines(off)).containsExactly("server-service: serviceConnect.enabled: expected true, live false");
  }

  @Test
  void anotherNamespaceDiffers() {
    assertThat(lines(live(b -> b.namespace("other")))).containsExactly(
        "server-service: serviceConnect.namespace: expected local or " + NS_ARN + ", live other");
  }

  @Test
  void trafficLogsRemovedDiffer() {
    assertThat(lines(live(b -> b.logConfiguration((software.amazon.awssdk.services.ecs.model.LogConfiguration) null))))
        .containsExactly("server-service: serviceConnect.logConfiguration: expected present, live absent");
  }

  @Test
  void portNameDiffers() {
    assertThat(lines(live(b -> b.services(endpoint().portName("admin").build())))).containsExactly(
        "server-service: endpoint nginx-server: portName: expected nginx, live admin");
  }

  @Test
  void clientAliasPortOrDnsNameDiffers() {
    assertThat(lines(live(b -> b.services(endpoint().clientAliases(ServiceConnectClientAlias.builder().port(8080)
        .dnsName("nginx-server.local").build()).build())))).containsExactly(
        "server-service: endpoint nginx-server: clientAliases: expected nginx-server.local:80, live"
            + " nginx-server.local:8080");
    assertThat(lines(live(b -> b.services(endpoint().clientAliases(ServiceConnectClientAlias.builder().port(80)
        .dnsName("web.local").build()).build())))).containsExactly(
        "server-service: endpoint nginx-server: clientAliases: expected nginx-server.local:80, live web.local:80");
    // no dnsName: ECS's default discoveryName.namespace, the same alias
    assertThat(lines(live(b -> b.services(endpoint().clientAliases(ServiceConnectClientAlias.builder().port(80)
        .build()).build())))).isEmpty();
  }

  @Test
  void ingressPortOverrideAddedDiffers() {
    assertThat(lines(live(b -> b.services(endpoint().ingressPortOverride(9000).build())))).containsExactly(
        "server-service: endpoint nginx-server: ingressPortOverride: expected none, live 9000");
  }

  @Test
  void timeoutsDifferOnlyWhereTheStackSetsThem() {
    ServiceConnectDrift.Expected timed = new ServiceConnectDrift.Expected(server.address(), "server-service", "c", true,
        server.namespaces(), "local", true, List.of(new ServiceConnectDrift.Endpoint("nginx", "nginx-server",
            java.util.Set.of("nginx-server.local:80"), null, 300, null)));
    Service live = live(b -> b.services(endpoint().timeout(t -> t.idleTimeoutSeconds(60).perRequestTimeoutSeconds(15))
        .build()));
    assertThat(ServiceConnectDrift.compare(timed, live, null)).extracting(ServiceConnectDrift.Difference::line)
        .containsExactly("server-service: endpoint nginx-server: timeout.idleTimeoutSeconds: expected 300, live 60");
    // the stack without timeouts: ECS's defaults, whatever it reports, are not drift
    assertThat(lines(live)).isEmpty();
  }

  @Test
  void anEndpointMissingOrAddedDiffers() {
    assertThat(lines(live(b -> b.services(endpoint().discoveryName("web").build())))).containsExactly(
        "server-service: endpoint nginx-server: expected published, live absent",
        "server-service: endpoint web: expected absent, live published");
  }

  @Test
  void aServiceMissingOrInactiveIsDrift() {
    assertThat(ServiceConnectDrift.compare(server, null, "MISSING")).extracting(ServiceConnectDrift.Difference::line)
        .containsExactly("server-service: service: expected ACTIVE in cluster ecs-service-connector-sample-cluster,"
            + " live MISSING");
    assertThat(ServiceConnectDrift.compare(server, live(b -> b).toBuilder().status("INACTIVE").build(), null))
        .extracting(ServiceConnectDrift.Difference::live).containsExactly("INACTIVE");
  }

  /**
   * An EcsClient whose DescribeServices returns server-service's configuration, changed by {@code edit}, under each
   * name asked for, except {@code missing}.
   */
  private static class Ecs extends FakeEcs {
    private final String missing;
    private final UnaryOperator<ServiceConnectConfiguration.Builder> edit;

    Ecs(String missing, UnaryOperator<ServiceConnectConfiguration.Builder> edit) {
      this.missing = missing;
      this.edit = edit;
    }

    @Override
    Optional<Service> find(String name) {
      return name.equals(missing) ? Optional.empty() : Optional.of(live(edit).toBuilder().serviceName(name).build());
    }
  }

  /** What {@link ServiceConnectDrift#report} returned and printed on out and err. */
  private record Printed(ServiceConnectDrift.Outcome outcome, String out, String err) {
    static Printed of(EcsClient ecs) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      ServiceConnectDrift.Outcome outcome = ServiceConnectDrift.report(ecs, List.of(server),
          "./main plan --config config/local.yaml", new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Printed(outcome, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void reportPrintsNothingOnStdoutWithoutDrift() {
    Printed printed = Printed.of(new Ecs(null, b -> b));
    assertThat(printed.outcome()).isEqualTo(ServiceConnectDrift.Outcome.NONE);
    assertThat(printed.out()).isEmpty();
    assertThat(printed.err().lines()).containsExactly(
        "drift: none; the 1 service(s) run the stack's Service Connect configuration");
  }

  @Test
  void reportPrintsEachDifferenceOnStdoutAndTheReplacementOnStderr() {
    Printed printed = Printed.of(new Ecs(null, b -> b.enabled(false)));
    assertThat(printed.outcome()).isEqualTo(ServiceConnectDrift.Outcome.DRIFT);
    assertThat(printed.out().lines()).containsExactly(
        "server-service: serviceConnect.enabled: expected true, live false");
    assertThat(printed.err().lines()).containsExactly("drift: 1 of 1 service(s) differ from the stack, which"
        + " terraform plan does not show with provider 5.x; to restore them, replace them (docs/drift.md):",
        "  ./main plan --config config/local.yaml --out drift.plan"
            + " -replace=aws_ecs_service.Services_server-service_A875E9CA && ./main apply drift.plan");
  }

  @Test
  void reportIsUnknownWhenEcsCannotBeAsked() {
    Printed printed = Printed.of(FakeEcs.unreachable());
    assertThat(printed.outcome()).isEqualTo(ServiceConnectDrift.Outcome.UNKNOWN);
    assertThat(printed.out()).isEmpty();
    assertThat(printed.err().lines()).containsExactly(
        "drift: cannot ask ECS for the services: Unable to execute HTTP request: Connection refused",
        "error: whether the services run the stack's Service Connect configuration is unknown");
  }

  /** DescribeServices takes at most 10 services per call (API_DescribeServices.html): 23 services, 3 calls. */
  @Test
  void asksEcsInBatchesOfTenAndReportsWhatItDoesNotReturn() {
    Ecs ecs = new Ecs("s7", b -> b);
    List<ServiceConnectDrift.Expected> many = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      many.add(new ServiceConnectDrift.Expected("aws_ecs_service.s" + i, "s" + i, "c", server.enabled(), server.namespaces(),
          server.namespaceName(), true, server.endpoints()));
    }
    assertThat(ServiceConnectDrift.check(ecs, many)).extracting(ServiceConnectDrift.Difference::line)
        .containsExactly("s7: service: expected ACTIVE in cluster c, live MISSING");
    assertThat(ecs.calls).extracting(List::size).containsExactly(10, 10, 3);
  }
}
