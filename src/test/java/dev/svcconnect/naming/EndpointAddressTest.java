package dev.svcconnect.naming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import org.junit.jupiter.api.Test;

/** The URL and alias a client in the namespace uses for an endpoint. */
@UnitTier
class EndpointAddressTest {
  @Test
  void httpUrlLeavesOutPort80() {
    assertThat(EndpointAddress.url("http", "orders.internal", 80)).isEqualTo("http://orders.internal");
  }

  @Test
  void httpUrlKeepsAnyOtherPort() {
    assertThat(EndpointAddress.url("http2", "orders.internal", 8080)).isEqualTo("http://orders.internal:8080");
  }

  @Test
  void grpcAndTcpEndpointsAreAddressedByTheirAlias() {
    assertThat(EndpointAddress.url("grpc", "rates.internal", 80)).isEqualTo("rates.internal:80");
    assertThat(EndpointAddress.url("tcp", "cache.internal", 6379)).isEqualTo("cache.internal:6379");
  }

  @Test
  void aliasIsDnsNameAndPort() {
    assertThat(EndpointAddress.alias("web.internal", 80)).isEqualTo("web.internal:80");
  }
}
