package dev.svcconnect.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.AccountScopedNames.Kind;
import dev.svcconnect.config.AccountScopedNames.ScopedName;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.tiers.UnitTier;
import org.junit.jupiter.api.Test;

/** The names AWS keeps unique per account that a config gives, and the fields that set them (issue 14). */
@UnitTier
class AccountScopedNamesTest {
  @Test
  void theWalkthroughNamesItsClusterNamespaceLogGroupFamilyRolesAndInstanceProfile() {
    assertThat(AccountScopedNames.of(ConfigLoader.load(Fixtures.LOCAL)))
        .extracting(n -> n.kind() + " " + n.name() + " <- " + n.field()).containsExactly(
            "ECS_CLUSTER ecs-service-connector-sample-cluster <- cluster.name",
            "CLOUD_MAP_NAMESPACE local <- cluster.namespace",
            "LOG_GROUP ecs-service-connect-sample <- logs.group",
            "TASK_FAMILY nginx <- task.family",
            "IAM_ROLE ecs-service-connect-local-nginx-execution <- environment",
            "IAM_ROLE ecs-service-connect-local-nginx-task <- environment",
            "IAM_ROLE ecs-service-connect-local-bastion <- environment",
            "IAM_INSTANCE_PROFILE ecs-service-connect-local-bastion <- environment");
  }

  @Test
  void aTaskOfItsOwnIsNamedByItsServicesField() {
    EnvironmentConfig config = ConfigLoader.parse(ConfigYaml.FILE, ConfigYaml.minimal("""
        bastion: {enabled: false}
        services:
          - name: web
            task: {family: web}
        """));

    assertThat(AccountScopedNames.of(config)).filteredOn(n -> n.kind() == Kind.TASK_FAMILY)
        .extracting(ScopedName::field).containsExactly("services[0].task.family");
  }

  @Test
  void flowLogsAddTheirLogGroupAndRole() {
    EnvironmentConfig config = ConfigLoader.parse(ConfigYaml.FILE, ConfigYaml.minimal(
        "security: {vpcFlowLogs: true}\n"));

    assertThat(AccountScopedNames.of(config)).extracting(n -> n.kind() + " " + n.name())
        .contains("LOG_GROUP ecs-service-connect-test-flow-logs", "IAM_ROLE ecs-service-connect-test-flow-logs");
  }

  @Test
  void onlyAnotherEnvironmentsWalkthroughNamesAreFlagged() {
    assertThat(AccountScopedNames.walkthroughNames(ConfigLoader.load(Fixtures.LOCAL))).isEmpty();
    assertThat(AccountScopedNames.walkthroughNames(ConfigLoader.parse(ConfigYaml.FILE, ConfigYaml.minimal(""))))
        .extracting(ScopedName::field).containsExactly("cluster.name", "cluster.namespace", "logs.group",
            "task.family");
  }
}
