package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.config.AwsFields;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.Container;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.Task;
import dev.svcconnect.tiers.SynthTier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An {@code x-awsField} must not name a member that its construct writes itself: the schema's field and the stack's
 * own value would compete for it, and one would silently win (a container's {@code essential}, written before the
 * AWS fields, would be overwritten; its {@code dependsOn}, written after, would overwrite). AwsFieldsTest compares
 * field names with record components only, and the config's names differ from AWS's ({@code stopTimeoutSec} is
 * {@code stopTimeout}), so the constructs refuse the collision when they write. The fields are put into the records
 * here: the schema has no such field.
 */
@SynthTier
class AwsFieldsSynthTest {
  @Test
  void failsWhenAContainerAwsFieldNamesAMemberTheStackWrites() {
    EnvironmentConfig config = withContainerAwsFields(SynthFixture.local(),
        new AwsFields(Map.of("ContainerDefinition.essential", false)));
    assertThatThrownBy(() -> SynthFixture.serviceStack(config))
        .hasMessageContaining("ContainerDefinition.essential");
  }

  @Test
  void failsWhenAContainerAwsFieldNamesAMemberTheStackWritesAfterIt() {
    EnvironmentConfig config = withContainerAwsFields(ConfigLoader.load(ContainersSynthTest.CONTAINERS),
        new AwsFields(Map.of("ContainerDefinition.dependsOn", List.of())));
    assertThatThrownBy(() -> SynthFixture.serviceStack(config))
        .hasMessageContaining("ContainerDefinition.dependsOn");
  }

  @Test
  void failsWhenAServiceAwsFieldNamesAnArgumentTheStackWrites() {
    EnvironmentConfig local = SynthFixture.local();
    EnvironmentConfig config = withServices(local, new AwsFields(Map.of("aws_ecs_service.propagate_tags", "NONE")));
    assertThatThrownBy(() -> SynthFixture.serviceStack(config))
        .hasMessageContaining("aws_ecs_service.propagate_tags");
  }

  private static Container withAwsFields(Container c, AwsFields fields) {
    return new Container(c.name(), c.image(), c.essential(), c.cpu(), c.memoryMiB(), c.memoryReservationMiB(),
        c.portMappings(), c.healthCheck(), c.dependsOn(), c.ulimits(), c.logStreamPrefix(), c.inputs(),
        c.mountPoints(), c.ecr(), fields, c.options());
  }

  private static Task withAwsFields(Task t, AwsFields fields) {
    return new Task(t.family(), t.cpu(), t.memoryMiB(), t.cpuArchitecture(),
        t.containers().stream().map(c -> withAwsFields(c, fields)).toList(), t.taskRoleStatements(),
        t.ephemeralStorageGiB(), t.volumes());
  }

  /** {@code config} with every container of every task (the shared one and the services') writing {@code fields}. */
  private static EnvironmentConfig withContainerAwsFields(EnvironmentConfig config, AwsFields fields) {
    return new EnvironmentConfig(config.source(), config.environment(), config.target(),
        config.state(), config.network(), config.cluster(), config.logs(), withAwsFields(config.task(), fields),
        config.services().stream().map(s -> new Service(s.name(), withAwsFields(s.task(), fields), s.ownTask(),
            s.desiredCount(), s.deployment(), s.serviceConnect(), s.calls(), s.scaling(), s.tags(), s.ingress(),
            s.awsFields(), s.options())).toList(),
        config.bastion(), config.tags(), config.security());
  }

  /** {@code config} with every service writing {@code fields} to its aws_ecs_service. */
  private static EnvironmentConfig withServices(EnvironmentConfig config, AwsFields fields) {
    return new EnvironmentConfig(config.source(), config.environment(), config.target(), config.state(),
        config.network(), config.cluster(), config.logs(), config.task(),
        config.services().stream().map(s -> new Service(s.name(), s.task(), s.ownTask(), s.desiredCount(),
            s.deployment(), s.serviceConnect(), s.calls(), s.scaling(), s.tags(), s.ingress(), fields,
            s.options())).toList(),
        config.bastion(), config.tags(), config.security());
  }
}
