package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.EnvironmentConfig.VpcEndpoint;
import dev.svcconnect.tiers.UnitTier;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which VPC endpoints a service's secrets need ({@link NetworkNeeds#of}): the store of each secret, parameter and
 * registry credential of the stack's region, and none for one in another region, which only a NAT gateway reaches
 * ({@link NetworkNeeds#secretsInOtherRegions}).
 */
@UnitTier
class NetworkNeedsTest {
  private static final String SM = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf";
  private static final String SM_ELSEWHERE = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf";
  private static final String SSM_ELSEWHERE = "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/token";

  /** The first service of a config whose one service's one container has {@code more} (flow-mapping members). */
  private static EnvironmentConfig web(String more) {
    return ConfigYaml.parse(minimal("services:\n  - name: web\n    enableExecuteCommand: false\n    task:\n"
        + "      containers:\n        - {name: app, image: nginx" + (more.isEmpty() ? "" : ", " + more) + "}\n"));
  }

  private static Set<VpcEndpoint> needs(EnvironmentConfig c) {
    return NetworkNeeds.of(c.services().get(0), c.target().region());
  }

  @Test
  void noSecretsNeedOnlyLogs() {
    assertThat(needs(web(""))).containsExactly(VpcEndpoint.LOGS);
  }

  @Test
  void secretsManagerSecretNeedsSecretsmanager() {
    assertThat(needs(web("secrets: {DB: {secretsManager: '" + SM + "'}}")))
        .isEqualTo(EnumSet.of(VpcEndpoint.LOGS, VpcEndpoint.SECRETSMANAGER));
  }

  @Test
  void secretsTheStackCreatesNeedSecretsmanager() {
    assertThat(needs(web("secrets: {DB: {create: generated}, LICENSE: {create: operator}}")))
        .isEqualTo(EnumSet.of(VpcEndpoint.LOGS, VpcEndpoint.SECRETSMANAGER));
  }

  @Test
  void registryCredentialsNeedSecretsmanager() {
    assertThat(needs(web("repositoryCredentials: {credentialsParameter: '" + SM + "'}")))
        .isEqualTo(EnumSet.of(VpcEndpoint.LOGS, VpcEndpoint.SECRETSMANAGER));
  }

  @Test
  void parameterByNameOrArnNeedsSsm() {
    assertThat(needs(web("secrets: {A: {ssmParameter: /shop/a}, B: {ssmParameter:"
        + " 'arn:aws:ssm:us-east-1:123456789012:parameter/shop/b'}}")))
        .isEqualTo(EnumSet.of(VpcEndpoint.LOGS, VpcEndpoint.SSM));
  }

  @Test
  void secretsOfAnotherRegionNeedNoEndpointButANatGateway() {
    EnvironmentConfig c = web("secrets: {DB: {secretsManager: '" + SM_ELSEWHERE + "'}, T: {ssmParameter: '"
        + SSM_ELSEWHERE + "'}, U: {ssmParameter: '" + SSM_ELSEWHERE + "'}}");
    assertThat(needs(c)).containsExactly(VpcEndpoint.LOGS);
    assertThat(NetworkNeeds.secretsInOtherRegions(c.services().get(0).task(), c.target().region()))
        .isEqualTo(List.of(SM_ELSEWHERE, SSM_ELSEWHERE));
  }

  @Test
  void secretsOfTheRegionAreNotInOtherRegions() {
    EnvironmentConfig c = web("secrets: {DB: {secretsManager: '" + SM + "'}, T: {ssmParameter: /shop/t}}");
    assertThat(NetworkNeeds.secretsInOtherRegions(c.services().get(0).task(), c.target().region())).isEmpty();
  }
}
