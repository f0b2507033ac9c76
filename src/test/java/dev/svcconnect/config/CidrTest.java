package dev.svcconnect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.tiers.UnitTier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@UnitTier
class CidrTest {

  @Test
  void parsesAddressAndPrefix() {
    Cidr cidr = Cidr.parse("10.20.0.0/16").orElseThrow();

    assertThat(cidr.address()).isEqualTo(0x0A140000L);
    assertThat(cidr.prefix()).isEqualTo(16);
    assertThat(cidr).hasToString("10.20.0.0/16");
  }

  @Test
  void parsesTheExtremes() {
    assertThat(Cidr.parse("0.0.0.0/0")).contains(new Cidr(0L, 0));
    assertThat(Cidr.parse("255.255.255.255/32")).contains(new Cidr(0xFFFFFFFFL, 32));
  }

  @ParameterizedTest(name = "fails on ''{0}''")
  @ValueSource(strings = {"", "10.0.0.0", "10.0.0/16", "10.0.0.0.0/16", "256.0.0.0/16", "10.0.0.0/33",
      "10.0.0.0/", "10.0.0.0/016", " 10.0.0.0/16", "10.0.0.0/16 ", "a.b.c.d/16", "10.0.0.0\\16", "1000.0.0.0/8"})
  void failsOnTextThatIsNotACidrBlock(String text) {
    assertThat(Cidr.parse(text)).isEmpty();
  }

  @Test
  void knowsANetworkAddress() {
    assertThat(Cidr.parse("10.0.0.0/16").orElseThrow().isNetworkAddress()).isTrue();
    assertThat(Cidr.parse("10.0.1.0/24").orElseThrow().isNetworkAddress()).isTrue();
    assertThat(Cidr.parse("10.0.0.1/32").orElseThrow().isNetworkAddress()).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().isNetworkAddress()).isTrue();
    assertThat(Cidr.parse("10.0.1.0/16").orElseThrow().isNetworkAddress()).isFalse();
    assertThat(Cidr.parse("10.0.0.1/31").orElseThrow().isNetworkAddress()).isFalse();
    assertThat(Cidr.parse("1.0.0.0/0").orElseThrow().isNetworkAddress()).isFalse();
  }

  @Test
  void networkClearsTheHostBits() {
    assertThat(Cidr.parse("10.0.1.0/16").orElseThrow().network()).hasToString("10.0.0.0/16");
    assertThat(Cidr.parse("172.16.4.17/22").orElseThrow().network()).hasToString("172.16.4.0/22");
    assertThat(Cidr.parse("192.168.255.255/1").orElseThrow().network()).hasToString("128.0.0.0/1");
    assertThat(Cidr.parse("192.168.255.255/0").orElseThrow().network()).hasToString("0.0.0.0/0");
    assertThat(Cidr.parse("10.0.0.7/32").orElseThrow().network()).hasToString("10.0.0.7/32");
  }

  @Test
  void subnetCarvesBlocksInOrderLikeCidrsubnet() {
    Cidr vpc = Cidr.parse("10.0.0.0/16").orElseThrow();

    assertThat(vpc.subnet(24, 0)).hasToString("10.0.0.0/24");
    assertThat(vpc.subnet(24, 1)).hasToString("10.0.1.0/24");
    assertThat(vpc.subnet(24, 255)).hasToString("10.0.255.0/24");
    assertThat(vpc.subnet(16, 0)).hasToString("10.0.0.0/16");
    assertThat(Cidr.parse("10.20.0.0/16").orElseThrow().subnet(22, 3)).hasToString("10.20.12.0/22");
    assertThat(Cidr.parse("10.0.0.0/28").orElseThrow().subnet(32, 15)).hasToString("10.0.0.15/32");
  }

  @Test
  void subnetStartsFromTheNetworkAddress() {
    assertThat(Cidr.parse("10.0.7.9/16").orElseThrow().subnet(24, 2)).hasToString("10.0.2.0/24");
  }

  @Test
  void failsOnSubnetThatDoesNotFit() {
    Cidr vpc = Cidr.parse("10.0.0.0/16").orElseThrow();

    assertThatThrownBy(() -> vpc.subnet(24, 256)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subnet /24 #256 does not fit in 10.0.0.0/16");
    assertThatThrownBy(() -> vpc.subnet(24, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subnet /24 #-1 does not fit in 10.0.0.0/16");
    assertThatThrownBy(() -> vpc.subnet(15, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subnet /15 #0 does not fit in 10.0.0.0/16");
    assertThatThrownBy(() -> vpc.subnet(33, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subnet /33 #0 does not fit in 10.0.0.0/16");
  }
}
