package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.service_discovery_http_namespace.ServiceDiscoveryHttpNamespace;
import com.hashicorp.cdktf.providers.aws.service_discovery_private_dns_namespace.ServiceDiscoveryPrivateDnsNamespace;
import com.hashicorp.cdktf.providers.aws.service_discovery_public_dns_namespace.ServiceDiscoveryPublicDnsNamespace;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Platform construct: ECS cluster, Cloud Map HTTP namespace, CloudWatch log group. */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformSynthTest {
  private StackJson stack;
  private Block namespace;

  @BeforeAll
  void synth() {
    stack = SynthFixture.serviceStack(SynthFixture.local());
    namespace = stack.resource(ServiceDiscoveryHttpNamespace.TF_RESOURCE_TYPE, "Platform/Namespace");
  }

  @Test
  void clusterHasTheWalkthroughName() {
    assertThat(Testing.toHaveResourceWithProperties(stack.json(), EcsCluster.TF_RESOURCE_TYPE,
        Map.of("name", "ecs-service-connector-sample-cluster"))).isTrue();
    assertThat(stack.resources(EcsCluster.TF_RESOURCE_TYPE)).hasSize(1);
  }

  @Test
  void clusterServiceConnectDefaultsReferenceTheNamespaceArn() {
    Block cluster = stack.resource(EcsCluster.TF_RESOURCE_TYPE, "Platform/Cluster");
    JsonNode defaults = cluster.get("service_connect_defaults");
    assertThat(defaults.isObject()).as("service_connect_defaults block, got %s", defaults).isTrue();
    assertThat(defaults.path("namespace").textValue())
        .isEqualTo(namespace.ref("arn"))
        .matches("\\$\\{aws_service_discovery_http_namespace\\.[A-Za-z0-9_-]+\\.arn}");
  }

  @Test
  void namespaceIsTheOneHttpNamespaceNamedLocal() {
    assertThat(stack.resources(ServiceDiscoveryHttpNamespace.TF_RESOURCE_TYPE)).hasSize(1);
    assertThat(namespace.text("name")).isEqualTo("local");
    assertThat(Testing.toHaveResourceWithProperties(stack.json(), ServiceDiscoveryHttpNamespace.TF_RESOURCE_TYPE,
        Map.of("name", "local"))).isTrue();
  }

  @Test
  void renamedNamespaceIsCreatedBeforeTheOldOneIsDestroyed() {
    // Cloud Map refuses to delete a namespace that still holds services: the services must move first.
    assertThat(namespace.get("lifecycle").path("create_before_destroy").asBoolean()).isTrue();
  }

  @Test
  void noDnsNamespaceIsCreated() {
    assertThat(stack.resources(ServiceDiscoveryPrivateDnsNamespace.TF_RESOURCE_TYPE)).isEmpty();
    assertThat(stack.resources(ServiceDiscoveryPublicDnsNamespace.TF_RESOURCE_TYPE)).isEmpty();
  }

  @Test
  void logGroupHasTheWalkthroughNameAndFiniteRetention() {
    assertThat(stack.resources(CloudwatchLogGroup.TF_RESOURCE_TYPE)).hasSize(1);
    Block logGroup = stack.resource(CloudwatchLogGroup.TF_RESOURCE_TYPE, "Platform/LogGroup");
    assertThat(logGroup.text("name")).isEqualTo("ecs-service-connect-sample");
    JsonNode retention = logGroup.get("retention_in_days");
    assertThat(retention.isIntegralNumber()).as("retention_in_days is a number, got %s", retention).isTrue();
    // 0 (or no value) would mean "never expire"
    assertThat(retention.intValue()).isEqualTo(30).isPositive();
  }
}
