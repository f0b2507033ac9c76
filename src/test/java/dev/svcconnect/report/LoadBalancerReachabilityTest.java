package dev.svcconnect.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.report.Reachability.Path;
import dev.svcconnect.report.Reachability.Verdict;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.tiers.SynthTier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The report from the internet down, on alb-options.yaml: the client behind the internet-facing load balancer
 * local-web (HTTP 80 redirecting, HTTPS 443), the server behind the internal local-internal (8080, the VPC and
 * 192.168.0.0/24).
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadBalancerReachabilityTest {
  private Reachability report;

  @BeforeAll
  void analyze() {
    report = Reachability.of("service-connect", SynthFixture.serviceStack(
        ConfigLoader.load(java.nio.file.Path.of("src/test/resources/topology/alb-options.yaml"))).root());
  }

  private Path path(String source, String endpoint) {
    return report.path(source, endpoint).orElseThrow(() -> new AssertionError(source + " -> " + endpoint));
  }

  @Test
  void sourcesStartFromTheInternet() {
    assertThat(report.sources()).extracting(Reachability.Source::name).containsExactly("internet",
        "alb local-internal", "alb local-web", "client-service", "server-service", "bastion-host");
    assertThat(report.endpoints()).extracting(Reachability.Endpoint::discoveryName).containsExactly(
        "alb local-internal:8080", "alb local-web:80", "alb local-web:443", "nginx-client", "nginx-server");
  }

  @Test
  void theInternetReachesTheInternetFacingListenersAndNothingElse() {
    assertThat(path("internet", "alb local-web:80").verdict()).isEqualTo(Verdict.REACHABLE);
    Path https = path("internet", "alb local-web:443");
    assertThat(https.verdict()).isEqualTo(Verdict.REACHABLE);
    assertThat(https.nameReason()).isEqualTo("alb local-web is internet-facing: its DNS name resolves to public"
        + " addresses");
    assertThat(https.networkReason()).isEqualTo("the security group of alb local-web admits 0.0.0.0/0 (anyone) on"
        + " tcp/443");
    Path internal = path("internet", "alb local-internal:8080");
    assertThat(internal.verdict()).isEqualTo(Verdict.UNREACHABLE);
    assertThat(internal.nameReason()).isEqualTo("alb local-internal is internal: its DNS name resolves to private"
        + " addresses, which the internet cannot route to");
    assertThat(path("internet", "nginx-client").verdict()).isEqualTo(Verdict.UNREACHABLE);
    assertThat(path("internet", "nginx-client").nameReason()).isEqualTo("the tasks of client-service have no public"
        + " address");
  }

  @Test
  void eachLoadBalancerReachesItsServiceByTaskAddressOnly() {
    Path web = path("alb local-web", "nginx-client");
    assertThat(web.verdict()).isEqualTo(Verdict.ADDRESS_ONLY);
    assertThat(web.networkReason()).isEqualTo("the security group of client-service admits that of alb local-web on"
        + " tcp/80");
    assertThat(path("alb local-internal", "nginx-server").verdict()).isEqualTo(Verdict.ADDRESS_ONLY);
    assertThat(path("alb local-web", "nginx-server").verdict()).isEqualTo(Verdict.UNREACHABLE);
    assertThat(path("alb local-internal", "nginx-client").verdict()).isEqualTo(Verdict.UNREACHABLE);
  }

  @Test
  void workloadsInTheVpcReachTheInternalListenerThroughTheVpcCidr() {
    Path client = path("client-service", "alb local-internal:8080");
    assertThat(client.verdict()).isEqualTo(Verdict.REACHABLE);
    assertThat(client.nameReason()).isEqualTo("alb local-internal is internal and client-service is in its VPC");
    assertThat(client.networkReason()).isEqualTo("the security group of alb local-internal admits 10.0.0.0/16 (the"
        + " whole VPC) on tcp/8080");
    assertThat(path("bastion-host", "alb local-internal:8080").verdict()).isEqualTo(Verdict.REACHABLE);
    assertThat(report.paths()).noneMatch(p -> p.source().name().equals(p.endpoint().service())
        && p.endpoint().entry());
  }

  @Test
  void theMermaidDiagramDrawsTheEntry() {
    String mermaid = ReachabilityReport.mermaid(report);
    assertThat(mermaid).contains("  n0[\"internet\"]\n");
    assertThat(mermaid).contains("  n0 -->|\"https://local-web (its DNS name)\"| n2\n");
    assertThat(mermaid).contains("  n2 -.->|\"tcp/80 by address; nginx-client.local does not resolve\"| n3\n");
  }
}
