package dev.svcconnect.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.support.Fixtures;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.UnitTier;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/** Where the SDK clients talk to, as DeploymentTarget decides it; no request is sent. */
@UnitTier
class SdkClientsTest {
  @Test
  void localClientsTalkToTheEmulatorWithItsDummyCredentials() {
    DeploymentTarget local = DeploymentTarget.resolve(ConfigLoader.load(Fixtures.LOCAL),
        Map.of(DeploymentTarget.ENDPOINT_VARIABLE, "http://127.0.0.1:45999"));
    try (SdkClients aws = SdkClients.of(local)) {
      AwsServiceClientConfiguration c = aws.ecs().serviceClientConfiguration();

      assertThat(c.region()).isEqualTo(Region.US_EAST_1);
      assertThat(c.endpointOverride()).contains(URI.create("http://127.0.0.1:45999"));
      AwsCredentialsIdentity credentials = c.credentialsProvider().resolveIdentity().join();
      assertThat(credentials.accessKeyId()).isEqualTo("test");
    }
  }

  @Test
  void awsClientsUseTheConfigsRegionAndTheDefaultCredentialChain() {
    DeploymentTarget aws = DeploymentTarget.resolve(ConfigLoader.load(Fixtures.AWS), Map.of());
    try (SdkClients clients = SdkClients.of(aws)) {
      AwsServiceClientConfiguration c = clients.ecs().serviceClientConfiguration();

      assertThat(c.region()).isEqualTo(Region.of(aws.region()));
      assertThat(c.endpointOverride()).isEmpty();
      assertThat(c.credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
    }
  }

  /** IAM is global: its client signs for the partition's global region whatever the target's region. */
  @Test
  void iamTalksToThePartitionsGlobalEndpoint() {
    DeploymentTarget aws = DeploymentTarget.resolve(ConfigLoader.load(Fixtures.AWS), Map.of());
    DeploymentTarget china = DeploymentTarget.of(EnvironmentConfig.TargetKind.AWS, "cn-north-1", Optional.empty(),
        Map.of());
    try (SdkClients clients = SdkClients.of(aws); SdkClients cn = SdkClients.of(china)) {
      assertThat(clients.iam().serviceClientConfiguration().region()).isEqualTo(Region.AWS_GLOBAL);
      assertThat(cn.iam().serviceClientConfiguration().region()).isEqualTo(Region.AWS_CN_GLOBAL);
      assertThat(clients.logs().serviceClientConfiguration().region()).isEqualTo(Region.of(aws.region()));
      assertThat(clients.serviceDiscovery().serviceClientConfiguration().region()).isEqualTo(Region.of(aws.region()));
    }
  }
}
