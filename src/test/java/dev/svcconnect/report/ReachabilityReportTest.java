package dev.svcconnect.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.report.Reachability.Verdict;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reachability report over synthesized stacks. For the default config it must say what the walkthrough
 * observed: the client reaches http://nginx-server.local; the bastion is admitted on port 80 but the name does not
 * resolve there.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReachabilityReportTest {
  private Reachability walkthrough;
  private Reachability shop;

  @BeforeAll
  void analyze() {
    walkthrough = Reachability.of("service-connect", SynthFixture.serviceStack(SynthFixture.local()).root());
    shop = Reachability.of("service-connect", SynthFixture.serviceStack(
        ConfigLoader.load(Path.of("src/test/resources/topology/shop.yaml"))).root());
  }

  @Test
  void vpcEndpointsChangeNothingInTheReport() {
    Reachability withEndpoints = Reachability.of("service-connect", SynthFixture.serviceStack(SynthFixture.localWith(
        "natGateways: one", "natGateways: none\n  vpcEndpoints: [ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr,"
            + " logs, s3]")).root());

    assertThat(withEndpoints.sources()).extracting(Reachability.Source::name)
        .containsExactlyElementsOf(walkthrough.sources().stream().map(Reachability.Source::name).toList());
    assertThat(ReachabilityReport.text(withEndpoints)).isEqualTo(ReachabilityReport.text(walkthrough));
  }

  @Test
  void defaultConfigTextReportIsExactlyThis() {
    assertThat(ReachabilityReport.text(walkthrough)).isEqualTo("""
        Service Connect reachability, from the synthesized stack service-connect

        SOURCE          ENDPOINT                   NAME              NETWORK          VERDICT
        client-service  http://nginx-client.local  resolves          denied tcp/80    blocked
        client-service  http://nginx-server.local  resolves          admitted tcp/80  reachable
        server-service  http://nginx-client.local  resolves          denied tcp/80    blocked
        server-service  http://nginx-server.local  resolves          denied tcp/80    blocked
        bastion-host    http://nginx-client.local  does not resolve  denied tcp/80    unreachable
        bastion-host    http://nginx-server.local  does not resolve  admitted tcp/80  by task address only

        Why, where the network admits the source:
          client-service -> nginx-server.local: reachable
            name:    client-service is a Service Connect service of namespace local
            network: the security group of server-service admits that of client-service on tcp/80
          bastion-host -> nginx-server.local: by task address only
            name:    bastion-host is outside the namespace: Service Connect writes its aliases into \
        /etc/hosts of the namespace's tasks, not into DNS
            network: the security group of server-service admits that of bastion-host on tcp/80
            so:      connect to a task's address on tcp/80 (aws servicediscovery discover-instances \
        --namespace-name local --service-name nginx-server)

        blocked: the name resolves, but no security-group rule admits the source; a call declared under \
        calls: derives that rule.
        unreachable: the name does not resolve there and no rule admits the source.
        """);
  }

  @Test
  void defaultConfigMermaidIsExactlyThis() {
    assertThat(ReachabilityReport.mermaid(walkthrough)).isEqualTo("""
        flowchart LR
          subgraph ns_local["namespace local"]
            n0["client-service"]
            n1["server-service"]
          end
          n2["bastion-host<br/>EC2 instance, outside the namespace"]
          n0 -->|"http://nginx-server.local"| n1
          n2 -.->|"tcp/80 by address; nginx-server.local does not resolve"| n1
        """);
  }

  @Test
  void clientReachesTheServerByName() {
    Reachability.Path p = walkthrough.path("client-service", "nginx-server").orElseThrow();
    assertThat(p.resolves()).isTrue();
    assertThat(p.admitted()).isTrue();
    assertThat(p.verdict()).isEqualTo(Verdict.REACHABLE);
  }

  @Test
  void bastionIsAdmittedButTheNameDoesNotResolveThere() {
    Reachability.Path p = walkthrough.path("bastion-host", "nginx-server").orElseThrow();
    assertThat(p.resolves()).isFalse();
    assertThat(p.nameReason()).contains("outside the namespace");
    assertThat(p.admitted()).isTrue();
    assertThat(p.networkReason()).isEqualTo("the security group of server-service admits that of bastion-host on tcp/80");
    assertThat(p.verdict()).isEqualTo(Verdict.ADDRESS_ONLY);
  }

  @Test
  void undeclaredCallsAreBlockedEvenThoughTheNameResolves() {
    Reachability.Path p = walkthrough.path("server-service", "nginx-client").orElseThrow();
    assertThat(p.resolves()).isTrue();
    assertThat(p.admitted()).isFalse();
    assertThat(p.verdict()).isEqualTo(Verdict.BLOCKED);
  }

  @Test
  void everySourceMeetsEveryEndpoint() {
    assertThat(walkthrough.sources()).extracting(Reachability.Source::name)
        .containsExactly("client-service", "server-service", "bastion-host");
    assertThat(walkthrough.paths()).hasSize(3 * 2);
    assertThat(shop.paths()).hasSize(5 * 4);
  }

  @Test
  void exactlyTheDeclaredCallsAreReachableInALargerTopology() {
    assertThat(shop.paths().stream().filter(p -> p.verdict() == Verdict.REACHABLE)
            .map(p -> p.source().name() + "->" + p.endpoint().discoveryName()))
        .containsExactlyInAnyOrder("orders->payments", "payments->orders-rpc", "web->orders", "web->payments",
            "web->cache");
    assertThat(shop.paths().stream().filter(p -> p.verdict() == Verdict.ADDRESS_ONLY)
            .map(p -> p.source().name() + "->" + p.endpoint().discoveryName()))
        .containsExactly("bastion-host->orders");
  }

  @Test
  void networkIsJudgedOnTheContainerPortNotTheAliasPort() {
    Reachability.Path p = shop.path("web", "orders").orElseThrow();
    assertThat(p.endpoint().aliasPort()).isEqualTo(80);
    assertThat(p.endpoint().containerPort()).isEqualTo(8080);
    assertThat(p.networkReason()).endsWith("on tcp/8080");
  }

  @Test
  void tcpAndGrpcEndpointsAreHostAndPort() {
    assertThat(shop.path("web", "cache").orElseThrow().endpoint().url()).isEqualTo("cache.internal:6379");
    assertThat(shop.path("web", "orders").orElseThrow().endpoint().url()).isEqualTo("http://orders.internal");
  }

  @Test
  void markdownHasOneRowPerPath() {
    String md = ReachabilityReport.markdown(walkthrough);
    assertThat(md.lines()).hasSize(2 + 6);
    assertThat(md).contains("| client-service | `http://nginx-server.local` | yes | yes: the security group of"
        + " server-service admits that of client-service on tcp/80 | **reachable** |");
  }

  @Test
  void jsonCarriesEveryPathWithItsVerdict() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(ReachabilityReport.json(walkthrough));
    assertThat(doc.path("paths")).hasSize(6);
    JsonNode bastion = doc.path("paths").get(5);
    assertThat(bastion.path("source").textValue()).isEqualTo("bastion-host");
    assertThat(bastion.path("endpoint").textValue()).isEqualTo("nginx-server");
    assertThat(bastion.path("resolves").booleanValue()).isFalse();
    assertThat(bastion.path("admitted").booleanValue()).isTrue();
    assertThat(bastion.path("verdict").textValue()).isEqualTo("address_only");
  }

  @Test
  void failsOnUnknownFormat() {
    assertThatThrownBy(() -> ReachabilityReport.format("xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--format: 'xml' is not a report format; expected text, markdown, mermaid or json");
  }
}
