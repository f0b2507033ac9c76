package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.support.Fixtures;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The small stacks the emulator ITs deploy when what they test does not depend on the resources (locking, name checks,
 * rollbacks, drift): no bastion and no NAT gateway, about three quarters of the default's resources, so that every
 * apply on CI's critical path is shorter.
 */
final class SmallStack {
  /** The walkthrough's environment {@code local} with the schema's defaults, but no NAT gateway and no bastion. */
  static final String LOCAL = """
      environment: local
      state:
        bucket: ecs-service-connect-tfstate-local
        key: service-connect/terraform.tfstate
      network:
        natGateways: none
      bastion:
        enabled: false
      """;

  private SmallStack() {}

  /**
   * The test copy of config/local.yaml ({@link Fixtures#LOCAL}) with one availability zone, no NAT gateway and no
   * bastion; the same two services.
   */
  static String ofLocalFile() throws IOException {
    return replace(Files.readString(Fixtures.LOCAL), "availabilityZones: 2", "availabilityZones: 1",
        "natGateways: one ", "natGateways: none", "bastion:\n  enabled: true", "bastion:\n  enabled: false",
        "  reaches: [nginx-server]", "  reaches: []");
  }

  /** {@code text} with each {@code from} (which must occur) replaced by the {@code to} after it. */
  static String replace(String text, String... fromTo) {
    for (int i = 0; i < fromTo.length; i += 2) {
      assertThat(text).contains(fromTo[i]);
      text = text.replace(fromTo[i], fromTo[i + 1]);
    }
    return text;
  }
}
