package dev.svcconnect.service;

import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.Tls;
import dev.svcconnect.naming.Literal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that writes Service Connect arguments the prebuilt bindings (hashicorp/aws 5.23.1) do not know
 * yet, as raw overrides in the provider's own schema; hashicorp/aws 5.100.0, which applies the stack, does. Each
 * block written here is listed in TerraformSettings.NEWER_THAN_BINDINGS with the provider version that introduced
 * it, which sets the stack's provider floor (ProviderFloorSynthTest checks both). When the bindings catch up, these
 * become builder calls and the synthesized JSON stays the same.
 */
final class ServiceConnectOverrides {
  private ServiceConnectOverrides() {}

  /** {@code timeout { idle_timeout_seconds, per_request_timeout_seconds }} of each endpoint that sets one. */
  static void timeouts(EcsService service, List<Endpoint> endpoints) {
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint e = endpoints.get(i);
      if (e.idleTimeoutSec().isEmpty() && e.perRequestTimeoutSec().isEmpty()) {
        continue;
      }
      Map<String, Object> timeout = new LinkedHashMap<>();
      e.idleTimeoutSec().ifPresent(v -> timeout.put("idle_timeout_seconds", v));
      e.perRequestTimeoutSec().ifPresent(v -> timeout.put("per_request_timeout_seconds", v));
      service.addOverride("service_connect_configuration.service." + i + ".timeout", timeout);
    }
  }

  /**
   * {@code tls { issuer_cert_authority { aws_pca_authority_arn }, role_arn, kms_key }} of each endpoint that sets
   * one.
   */
  static void tls(EcsService service, List<Endpoint> endpoints) {
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint e = endpoints.get(i);
      if (e.tls().isEmpty()) {
        continue;
      }
      Tls t = e.tls().get();
      Map<String, Object> tls = new LinkedHashMap<>();
      tls.put("issuer_cert_authority", Map.of("aws_pca_authority_arn", Literal.of(t.privateCaArn())));
      tls.put("role_arn", Literal.of(t.roleArn()));
      t.kmsKeyArn().ifPresent(k -> tls.put("kms_key", Literal.of(k)));
      service.addOverride("service_connect_configuration.service." + i + ".tls", tls);
    }
  }
}
