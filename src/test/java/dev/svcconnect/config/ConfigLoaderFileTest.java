package dev.svcconnect.config;

import dev.svcconnect.support.Fixtures;
import static dev.svcconnect.config.ConfigYaml.FILE;
import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.known;
import static dev.svcconnect.config.ConfigYaml.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.svcconnect.config.EnvironmentConfig.Bastion;
import dev.svcconnect.config.EnvironmentConfig.CircuitBreaker;
import dev.svcconnect.config.EnvironmentConfig.Cluster;
import dev.svcconnect.config.EnvironmentConfig.Deployment;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.Logs;
import dev.svcconnect.config.EnvironmentConfig.NatGateways;
import dev.svcconnect.config.EnvironmentConfig.Network;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.ServiceConnect;
import dev.svcconnect.config.EnvironmentConfig.State;
import dev.svcconnect.config.EnvironmentConfig.Target;
import dev.svcconnect.config.EnvironmentConfig.TargetKind;
import dev.svcconnect.config.EnvironmentConfig.Task;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole files: the shipped environments, the defaults, and the problems that stop a file before its fields. */
@UnitTier
class ConfigLoaderFileTest {
  private static final String ARM64_AMI = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
  private static final Bastion WALKTHROUGH_BASTION = new Bastion(true, "bastion-host", "t4g.medium", ARM64_AMI, 8,
      List.of("nginx-server"));
  private static final Task WALKTHROUGH_TASK =
      new Task("nginx", 256, 512, "X86_64", "nginx", "nginx", List.of(PortMapping.named("nginx", 80, "http")));

  private static EnvironmentConfig local;

  @BeforeAll
  static void loadLocal() {
    local = ConfigLoader.load(Fixtures.LOCAL);
  }

  @Test
  void loadsLocalYaml() {
    assertThat(local.source()).isEqualTo(Fixtures.LOCAL);
    assertThat(local.environment()).isEqualTo("local");
    assertThat(local.target()).isEqualTo(new Target(TargetKind.LOCAL, "us-east-1", Optional.empty()));
    assertThat(local.state())
        .isEqualTo(new State("ecs-service-connect-tfstate-local", "service-connect/terraform.tfstate", "us-east-1"));
    assertThat(local.network()).isEqualTo(new Network("10.0.0.0/16", 2, 24, NatGateways.ONE));
    assertThat(local.cluster()).isEqualTo(new Cluster("ecs-service-connector-sample-cluster", "local"));
    assertThat(local.logs()).isEqualTo(new Logs("ecs-service-connect-sample", 30));
    assertThat(local.task()).isEqualTo(WALKTHROUGH_TASK);
    assertThat(local.bastion()).isEqualTo(WALKTHROUGH_BASTION);
    assertThat(local.tags()).isEqualTo(Map.of("Project", "ecs-service-connect-sample"));
  }

  @Test
  void localYamlHasTheWalkthroughServices() {
    assertThat(local.services()).extracting(Service::name).containsExactly("server-service", "client-service");

    Service server = local.service("server-service").orElseThrow();
    assertThat(server.desiredCount()).isEqualTo(1);
    assertThat(server.options().enableExecuteCommand()).isTrue();
    assertThat(server.task()).isEqualTo(WALKTHROUGH_TASK);
    assertThat(server.ownTask()).isFalse();
    assertThat(server.deployment()).isEqualTo(new Deployment(CircuitBreaker.ROLLBACK, 100, 200));
    assertThat(server.serviceConnect()).isEqualTo(new ServiceConnect("svccon-traffic-server", List.of(
        new Endpoint("nginx", "nginx-server", "nginx-server.local", 80, Optional.empty(), Optional.empty()))));
    assertThat(server.serviceConnect().endpoints().get(0).alias()).isEqualTo("nginx-server.local:80");
    assertThat(server.calls()).isEmpty();

    Service client = local.service("client-service").orElseThrow();
    assertThat(client.serviceConnect()).isEqualTo(new ServiceConnect("svccon-traffic-client", List.of(
        new Endpoint("nginx", "nginx-client", "nginx-client.local", 80, Optional.empty(), Optional.empty()))));
    assertThat(client.calls()).containsExactly("nginx-server");

    assertThat(local.service("bastion")).isEmpty();
  }

  @Test
  void loadsAwsExampleYaml() {
    EnvironmentConfig aws = ConfigLoader.load(Fixtures.AWS);

    assertThat(aws.environment()).isEqualTo("prod");
    assertThat(aws.target()).isEqualTo(new Target(TargetKind.AWS, "eu-west-1", Optional.of("111122223333")));
    assertThat(aws.state()).isEqualTo(new State("example-ecs-service-connect-tfstate-111122223333",
        "service-connect/terraform.tfstate", "eu-west-1"));
    assertThat(aws.network()).isEqualTo(new Network("10.20.0.0/16", 2, 22, NatGateways.PER_AZ));
    assertThat(aws.cluster()).isEqualTo(new Cluster("ecs-service-connector-sample-cluster", "local"));
    assertThat(aws.logs()).isEqualTo(new Logs("ecs-service-connect-sample", 90));
    assertThat(aws.task().image()).isEqualTo("public.ecr.aws/nginx/nginx:stable");
    assertThat(aws.task().portMappings()).containsExactly(PortMapping.named("nginx", 80, "http"));
    assertThat(aws.services()).extracting(Service::name, Service::desiredCount, s -> s.options().enableExecuteCommand())
        .containsExactly(
            tuple("server-service", 2, true),
            tuple("client-service", 1, true));
    assertThat(aws.service("server-service").orElseThrow().serviceConnect().endpoints().get(0).alias())
        .isEqualTo("nginx-server.local:80");
    assertThat(aws.services()).extracting(Service::calls).containsExactly(List.of(), List.of("nginx-server"));
    assertThat(aws.bastion()).isEqualTo(WALKTHROUGH_BASTION);
    assertThat(aws.security()).isEqualTo(new SecurityConfig(true, true, true, List.of()));
    assertThat(aws.tags())
        .isEqualTo(Map.of("Project", "ecs-service-connect-sample", "Owner", "platform-team"));
  }

  @Test
  void minimalFileYieldsTheWalkthroughDefaults() {
    Path file = Path.of("src/test/resources/config/minimal.yaml");
    EnvironmentConfig minimal = ConfigLoader.load(file);

    // local.yaml spells out every default, so apart from its tags the two must be equal field by field.
    assertThat(minimal).isEqualTo(new EnvironmentConfig(file, local.environment(), local.target(), local.state(),
        local.network(), local.cluster(), local.logs(), local.task(), local.services(), local.bastion(), Map.of(),
        local.security()));
    // And the defaults themselves, not only their agreement with local.yaml:
    assertThat(minimal.target()).isEqualTo(new Target(TargetKind.LOCAL, "us-east-1", Optional.empty()));
    assertThat(minimal.state().key()).isEqualTo("service-connect/terraform.tfstate");
    assertThat(minimal.network()).isEqualTo(new Network("10.0.0.0/16", 2, 24, NatGateways.ONE));
    assertThat(minimal.cluster()).isEqualTo(new Cluster("ecs-service-connector-sample-cluster", "local"));
    assertThat(minimal.logs()).isEqualTo(new Logs("ecs-service-connect-sample", 30));
    assertThat(minimal.task()).isEqualTo(WALKTHROUGH_TASK);
    assertThat(minimal.bastion()).isEqualTo(WALKTHROUGH_BASTION);
    assertThat(minimal.security()).isEqualTo(new SecurityConfig(true, false, false, List.of()));
    assertThat(minimal.services()).extracting(s -> s.serviceConnect().endpoints().get(0).alias())
        .containsExactly("nginx-server.local:80", "nginx-client.local:80");
  }

  /**
   * Every schema problem at once, in the schema's field order; the rules between fields (the file also breaks some:
   * vpcCidr's host bits, memoryMiB for cpu 256, an unknown port, unknown endpoints) wait until the schema passes.
   */
  @Test
  void reportsEverySchemaProblemTogetherInFieldOrder() {
    Path file = Path.of("src/test/resources/config/many-problems.yaml");
    String f = file + ": ";

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(e.problems()).containsExactly(
        f + "environment: 'Local' must be 1-20 characters of lowercase letters, digits and hyphens, starting with a"
            + " letter",
        f + "target.kind: 'azure' is not a target kind; expected local or aws",
        f + "state.bucket: 'Tf_State' may only contain lowercase letters, digits, '.' and '-', and must start and"
            + " end with a letter or digit",
        f + "cluster.name: 'my cluster' may only contain letters, digits, hyphens and underscores",
        f + "logs.retentionDays: 10 is not a CloudWatch Logs retention; expected one of [1, 3, 5, 7, 14, 30, 60, 90,"
            + " 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
        f + "bastion.rootVolumeGiB: 4 is out of range (8-16384)",
        f + "services[0].desiredCount: -1 is out of range (0-1000)",
        f + "tags.aws:team: key 'aws:team' must not start with 'aws:', which AWS reserves",
        f + "owner: unknown field" + known());
    assertThat(e).hasMessage(String.join(System.lineSeparator(), e.problems()));
  }

  @Test
  void reportsEveryRuleBetweenFieldsTogetherInReadingOrder() {
    Path file = Path.of("src/test/resources/config/many-rule-problems.yaml");
    String f = file + ": ";

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(e.problems()).containsExactly(
        f + "target.accountId: only applies to target kind aws; the local emulator has no real account",
        f + "network.vpcCidr: '10.0.1.0/16' is not a network address (did you mean 10.0.0.0/16?)",
        f + "task.memoryMiB: 4096 MiB is not valid with cpu 256; Fargate accepts 512, 1024 or 2048 MiB",
        f + "services[0].serviceConnect.endpoints[0].portName: Port Mapping 'http' does not exist on the task"
            + " definition.",
        f + "services[0].calls[0]: no endpoint has the discovery name 'api' (published: web)",
        f + "bastion.reaches[0]: no endpoint has the discovery name 'ghost' (published: web)");
  }

  @Test
  void parsedConfigIsImmutable() {
    assertThatThrownBy(() -> local.services().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> local.tags().put("Owner", "me")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> local.task().portMappings().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> local.services().get(1).calls().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void failsOnMissingFile() {
    Path file = Path.of("config/does-not-exist.yaml");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(e.problems()).containsExactly("config/does-not-exist.yaml: no such file");
  }

  @Test
  void failsOnADirectoryOrDeviceBeforeReadingIt(@TempDir Path dir) {
    // a device has no size to refuse it by: /dev/zero would be read until the heap is gone
    for (Path special : List.of(dir, Path.of("/dev/zero"))) {
      ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(special));

      assertThat(e.problems()).containsExactly(special + ": is not a regular file (a directory, device, FIFO or"
          + " socket); an environment file is a regular YAML file");
    }
  }

  @Test
  void failsOnFileLargerThanOneMebibyte(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("huge.yaml");
    Files.writeString(file, padded(ConfigYaml.MINIMAL, 1024 * 1024 + 1));

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(e.problems())
        .containsExactly(file + ": file is 1048577 bytes; an environment file may be at most 1048576 bytes");
  }

  @Test
  void loadsFileOfExactlyOneMebibyte(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("big.yaml");
    Files.writeString(file, padded(ConfigYaml.MINIMAL, 1024 * 1024));

    assertThat(Files.size(file)).isEqualTo(ConfigLoader.MAX_BYTES);
    assertThat(ConfigLoader.load(file).environment()).isEqualTo("test");
  }

  @Test
  void failsOnEmptyFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("empty.yaml");
    Files.writeString(file, "");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(e.problems()).containsExactly(
        file + ": file is empty; expected a mapping with at least 'environment' and 'state.bucket'");
  }

  @Test
  void failsOnBlankOrCommentOnlyText() {
    String empty = X + "file is empty; expected a mapping with at least 'environment' and 'state.bucket'";
    assertThat(problems(" \n\t\n")).containsExactly(empty);
    assertThat(problems("# nothing but a comment\n")).containsExactly(empty);
    assertThat(problems("---\n")).containsExactly(empty);
  }

  @Test
  void failsOnTextThatIsNotYaml() {
    assertThat(problems("environment: local\n  state: x\n")).containsExactly(X + "not valid YAML: line 2: mapping"
        + " values are not allowed here" + System.lineSeparator() + "      state: x" + System.lineSeparator()
        + "           ^");
  }

  @Test
  void failsOnTopLevelList() {
    assertThat(problems("- environment: local\n")).containsExactly(X + "top level must be a mapping, got a list");
  }

  @Test
  void failsOnTopLevelScalar() {
    assertThat(problems("environment local\n"))
        .containsExactly(X + "top level must be a mapping, got string 'environment local'");
    assertThat(problems("42\n")).containsExactly(X + "top level must be a mapping, got number 42");
  }

  @Test
  void failsOnDuplicateTopLevelKey() {
    assertThat(problems("environment: local\nstate: {bucket: tfstate-bucket}\nenvironment: prod\n"))
        .containsExactly(X + "environment: line 3: duplicate key (first written on line 1); a key may appear once in a"
            + " mapping");
  }

  @Test
  void failsOnDuplicateNestedKey() {
    Path file = Path.of("src/test/resources/config/duplicate-key.yaml");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(e.problems()).containsExactly(file + ": state.bucket: line 4: duplicate key (first written on line 3);"
        + " a key may appear once in a mapping");
  }

  @Test
  void parseReportsProblemsUnderTheGivenFileName() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(Path.of("config/other.yaml"), "state: {bucket: tfstate-bucket}\n"));

    assertThat(e.problems()).containsExactly("config/other.yaml: environment: is required");
    assertThat(ConfigLoader.parse(FILE, ConfigYaml.MINIMAL).source()).isEqualTo(FILE);
  }

  /** {@code yaml} followed by a comment that brings the UTF-8 size to exactly {@code bytes}. */
  private static String padded(String yaml, int bytes) {
    int room = bytes - yaml.getBytes(StandardCharsets.UTF_8).length - 2;
    return yaml + "#" + "x".repeat(room) + "\n";
  }
}
