package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.known;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.EnvironmentConfig.HealthCheck;
import dev.svcconnect.config.EnvironmentConfig.Container;
import dev.svcconnect.config.EnvironmentConfig.Tls;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The production options of tasks and services: health check, readiness gate, container reservations with the
 * Service Connect proxy's headroom, Fargate platform version, and Service Connect TLS per endpoint.
 */
@UnitTier
class TaskOptionRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  private static final String CURL = "curl -f http://localhost/ || exit 1";
  private static final String CA = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/"
      + "0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4";
  private static final String ROLE = "arn:aws:iam::123456789012:role/ecs-service-connect-tls";
  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
  private static final String E0 = X + "services[0].serviceConnect.endpoints[0].tls.";
  private static final String COMMAND_RULE = "must start with CMD (arguments run directly) or CMD-SHELL (one string"
      + " run by the container's shell), e.g. [CMD-SHELL, 'curl -f http://localhost/ || exit 1']; or write the"
      + " shell command as a plain string";

  /** The shared task with {@code fields} added (flow-mapping entries). */
  private static String task(String fields) {
    return minimal("task: {" + fields + "}\n");
  }

  /** One service publishing nginx with {@code serviceFields} and, on its endpoint, {@code endpointFields}. */
  private static String service(String serviceFields, String endpointFields) {
    return minimal("services:\n  - name: web\n" + serviceFields
        + "    serviceConnect:\n      endpoints:\n        - {portName: nginx" + endpointFields + "}\n");
  }

  private static String tls(String fields) {
    return service("", ", tls: {" + fields + "}");
  }

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(
        // health check
        fails("failsOnHealthCheckWithoutCommand", task("healthCheck: {intervalSec: 30}"),
            X + "task.healthCheck.command: is required (e.g. command: curl -f http://localhost/ || exit 1)"),
        fails("failsOnHealthCheckCommandWithoutCmdPrefix", task("healthCheck: {command: [curl, -f, 'http://x/']}"),
            X + "task.healthCheck.command: " + COMMAND_RULE),
        fails("failsOnEmptyHealthCheckCommandList", task("healthCheck: {command: []}"),
            X + "task.healthCheck.command: " + COMMAND_RULE),
        fails("failsOnHealthCheckCommandNone", task("healthCheck: {command: [NONE]}"),
            X + "task.healthCheck.command: NONE turns the image's own health check off; to have none, leave"
                + " healthCheck out"),
        fails("failsOnCmdShellWithTwoStrings", task("healthCheck: {command: [CMD-SHELL, curl, 'http://x/']}"),
            X + "task.healthCheck.command: CMD-SHELL takes exactly one non-blank command string, got 2 argument(s)"),
        fails("failsOnCmdShellWithoutString", task("healthCheck: {command: [CMD-SHELL]}"),
            X + "task.healthCheck.command: CMD-SHELL takes exactly one non-blank command string, got 0 argument(s)"),
        fails("failsOnCmdWithoutProgram", task("healthCheck: {command: [CMD]}"),
            X + "task.healthCheck.command: CMD needs the program to run after it"),
        fails("failsOnBlankShellCommand", task("healthCheck: {command: '  '}"),
            X + "task.healthCheck.command: '  ' must not be blank"),
        fails("failsOnEmptyShellCommand", task("healthCheck: {command: ''}"),
            X + "task.healthCheck.command: must not be empty"),
        fails("failsOnIntervalBelowFive", task("healthCheck: {command: true, intervalSec: 4}"),
            X + "task.healthCheck.command: expected a string or a list of strings, got boolean true",
            X + "task.healthCheck.intervalSec: 4 is out of range (5-300)"),
        fails("failsOnIntervalAbove300", task("healthCheck: {command: x, intervalSec: 301}"),
            X + "task.healthCheck.intervalSec: 301 is out of range (5-300)"),
        // ECS's HealthCheck.timeout: 2-60 seconds (API reference)
        fails("failsOnTimeoutBelowTwo", task("healthCheck: {command: x, timeoutSec: 1}"),
            X + "task.healthCheck.timeoutSec: 1 is out of range (2-60)"),
        fails("failsOnTimeoutAbove60", task("healthCheck: {command: x, timeoutSec: 61}"),
            X + "task.healthCheck.timeoutSec: 61 is out of range (2-60)"),
        fails("failsOnTimeoutAbove120", task("healthCheck: {command: x, timeoutSec: 121}"),
            X + "task.healthCheck.timeoutSec: 121 is out of range (2-60)"),
        fails("failsOnNullHealthCheck", task("healthCheck: ~"),
            X + "task.healthCheck: is empty (YAML null); write a value, or leave the field out"),
        fails("failsOnZeroRetries", task("healthCheck: {command: x, retries: 0}"),
            X + "task.healthCheck.retries: 0 is out of range (1-10)"),
        fails("failsOnElevenRetries", task("healthCheck: {command: x, retries: 11}"),
            X + "task.healthCheck.retries: 11 is out of range (1-10)"),
        fails("failsOnNegativeStartPeriod", task("healthCheck: {command: x, startPeriodSec: -1}"),
            X + "task.healthCheck.startPeriodSec: -1 is out of range (0-300)"),
        fails("failsOnStartPeriodAbove300", task("healthCheck: {command: x, startPeriodSec: 301}"),
            X + "task.healthCheck.startPeriodSec: 301 is out of range (0-300)"),
        fails("failsOnMisspeltHealthCheckField", task("healthCheck: {command: x, interval: 10}"),
            X + "task.healthCheck.interval: unknown field" + known("task", "healthCheck")),
        fails("failsOnHealthCheckThatIsAString", task("healthCheck: 'curl -f http://localhost/'"),
            X + "task.healthCheck: expected a mapping, got string 'curl -f http://localhost/'"),
        // readiness gate
        fails("failsOnReadinessGateWithoutHealthCheck", task("readinessGate: {enabled: true}"),
            X + "task.readinessGate.enabled: the gate waits for container 'nginx' to be HEALTHY, which needs a"
                + " healthCheck on the task"),
        fails("failsOnReadinessGateNamedLikeTheApp",
            task("healthCheck: {command: x}, readinessGate: {enabled: true, containerName: nginx}"),
            X + "task.readinessGate.containerName: 'nginx' is the app container's name (containerName); the gate"
                + " needs a name of its own"),
        fails("failsOnReadinessGateNameWithSpace",
            task("healthCheck: {command: x}, readinessGate: {enabled: true, containerName: 'hold on'}"),
            X + "task.readinessGate.containerName: 'hold on' may only contain letters, digits, hyphens and"
                + " underscores"),
        fails("failsOnReadinessGateImageWithSpace",
            task("healthCheck: {command: x}, readinessGate: {enabled: true, image: 'busy box'}"),
            X + "task.readinessGate.image: 'busy box' "
                + "is not an image reference: [registry[:port]/]repository[:tag][@sha256:<64 lowercase hex digits>], the repository in lowercase letters, digits and . _ - separators"),
        // container reservations and the proxy's headroom
        fails("failsOnContainerCpuWithoutProxyHeadroom", task("cpu: 512, memoryMiB: 1024, containerCpu: 300"),
            X + "task.containerCpu: 300 CPU units plus the Service Connect proxy's 256 exceed the task's cpu 512;"
                + " at most 256 are left for the container"),
        fails("failsOnAnyContainerCpuInTheSmallestTask", task("containerCpu: 128"),
            X + "task.containerCpu: 128 CPU units plus the Service Connect proxy's 256 exceed the task's cpu 256;"
                + " at most 0 are left for the container"),
        fails("failsOnContainerCpuBelowTwo", task("cpu: 512, memoryMiB: 1024, containerCpu: 1"),
            X + "task.containerCpu: 1 is below the minimum (2)"),
        fails("failsOnContainerMemoryWithoutProxyHeadroom", task("containerMemoryMiB: 512"),
            X + "task.containerMemoryMiB: 512 MiB plus the Service Connect proxy's 64 MiB exceed the task's"
                + " memoryMiB 512; at most 448 MiB are left for the container"),
        fails("failsOnContainerMemoryBelowSix", task("containerMemoryMiB: 4"),
            X + "task.containerMemoryMiB: 4 is below the minimum (6)"),
        // platform version
        fails("failsOnPlatformVersionWithoutServiceConnect", service("    platformVersion: 1.3.0\n", ""),
            X + "services[0].platformVersion: '1.3.0' is not a Fargate platform version that runs Service Connect"
                + " and ECS Exec; expected LATEST or 1.4.0"),
        fails("failsOnPlatformVersionInLowercase", service("    platformVersion: latest\n", ""),
            X + "services[0].platformVersion: 'latest' is not a Fargate platform version that runs Service Connect"
                + " and ECS Exec; expected LATEST or 1.4.0"),
        fails("failsOnPlatformVersionAsNumber", service("    platformVersion: 1.4\n", ""),
            X + "services[0].platformVersion: expected a string, got number 1.4"),
        // TLS
        fails("failsOnTlsWithoutCaAndRole", tls(""),
            E0 + "privateCaArn: is required", E0 + "roleArn: is required"),
        fails("failsOnCaArnOfAcm", tls("privateCaArn: 'arn:aws:acm:us-east-1:123456789012:certificate/"
                + "0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4', roleArn: '" + ROLE + "'"),
            E0 + "privateCaArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4'"
                + " is not an AWS Private CA ARN (arn:<partition>:acm-pca:<region>:<account>:certificate-authority/"
                + "<uuid>)"),
        fails("failsOnCaArnWithElevenDigitAccount", tls("privateCaArn: 'arn:aws:acm-pca:us-east-1:12345678901:"
                + "certificate-authority/0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4', roleArn: '" + ROLE + "'"),
            E0 + "privateCaArn: 'arn:aws:acm-pca:us-east-1:12345678901:certificate-authority/"
                + "0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4' is not an AWS Private CA ARN (arn:<partition>:acm-pca:"
                + "<region>:<account>:certificate-authority/<uuid>)"),
        fails("failsOnCaArnOfUnknownPartition", tls("privateCaArn: 'arn:aws-iso:acm-pca:us-east-1:123456789012:"
                + "certificate-authority/0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4', roleArn: '" + ROLE + "'"),
            E0 + "privateCaArn: 'arn:aws-iso:acm-pca:us-east-1:123456789012:certificate-authority/"
                + "0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4' is not an AWS Private CA ARN (arn:<partition>:acm-pca:"
                + "<region>:<account>:certificate-authority/<uuid>)"),
        fails("failsOnRoleArnOfAUser", tls("privateCaArn: '" + CA + "', roleArn: 'arn:aws:iam::123456789012:user/"
                + "tls'"),
            E0 + "roleArn: 'arn:aws:iam::123456789012:user/tls' is not an IAM role ARN (arn:<partition>:iam::"
                + "<account>:role/<name>)"),
        fails("failsOnRoleArnWithRegion", tls("privateCaArn: '" + CA + "', roleArn: 'arn:aws:iam:us-east-1:"
                + "123456789012:role/tls'"),
            E0 + "roleArn: 'arn:aws:iam:us-east-1:123456789012:role/tls' is not an IAM role ARN (arn:<partition>:"
                + "iam::<account>:role/<name>)"),
        fails("failsOnKmsAliasInsteadOfKey", tls("privateCaArn: '" + CA + "', roleArn: '" + ROLE + "', kmsKeyArn:"
                + " 'arn:aws:kms:us-east-1:123456789012:alias/tls'"),
            E0 + "kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/tls' is not a KMS key ARN (arn:<partition>:"
                + "kms:<region>:<account>:key/<key-id>)"),
        fails("failsOnArnsOfAnotherPartition", minimal("target: {region: cn-north-1}\n")
                + "services:\n  - name: web\n    serviceConnect:\n      endpoints:\n        - {portName: nginx, tls:"
                + " {privateCaArn: '" + CA + "', roleArn: '" + ROLE + "'}}\n",
            E0 + "privateCaArn: '" + CA + "' is in partition aws, but target.region cn-north-1 is in aws-cn",
            E0 + "roleArn: '" + ROLE + "' is in partition aws, but target.region cn-north-1 is in aws-cn"),
        fails("failsOnMisspeltTlsField", tls("privateCaArn: '" + CA + "', roleArn: '" + ROLE + "', kmsKey: x"),
            E0 + "kmsKey: unknown field" + known("services", 0, "serviceConnect", "endpoints", 0, "tls")));
  }

  /** The first service's platform version, written to its aws_ecs_service as is. */
  private static Optional<Object> platformVersion(EnvironmentConfig c) {
    return Optional.ofNullable(c.services().get(0).awsFields().of(AwsFields.ECS_SERVICE).get("platform_version"));
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("noHealthCheckByDefault", task("image: nginx"), c -> c.task().healthCheck(), Optional.empty()),
        accepts("shellShorthandWithEcsDefaults", task("healthCheck: {command: '" + CURL + "'}"),
            c -> c.task().healthCheck(),
            Optional.of(new HealthCheck(List.of("CMD-SHELL", CURL), 30, 5, 3, 0))),
        accepts("cmdShellList", task("healthCheck: {command: [CMD-SHELL, '" + CURL + "']}"),
            c -> c.task().healthCheck().orElseThrow().command(), List.of("CMD-SHELL", CURL)),
        accepts("cmdListWithArguments", task("healthCheck: {command: [CMD, /bin/check, --fast]}"),
            c -> c.task().healthCheck().orElseThrow().command(), List.of("CMD", "/bin/check", "--fast")),
        accepts("timingsAtTheirUpperLimits", task("healthCheck: {command: x, intervalSec: 300, timeoutSec: 60,"
                + " retries: 10, startPeriodSec: 300}"),
            c -> c.task().healthCheck(), Optional.of(new HealthCheck(List.of("CMD-SHELL", "x"), 300, 60, 10, 300))),
        accepts("timingsAtTheirLowerLimits", task("healthCheck: {command: x, intervalSec: 5, timeoutSec: 2,"
                + " retries: 1, startPeriodSec: 0}"),
            c -> c.task().healthCheck(), Optional.of(new HealthCheck(List.of("CMD-SHELL", "x"), 5, 2, 1, 0))),
        accepts("noReadinessGateByDefault", task("healthCheck: {command: x}"), c -> c.task().containers().size(), 1),
        accepts("disabledReadinessGateNeedsNoHealthCheck", task("readinessGate: {enabled: false}"),
            c -> c.task().containers().size(), 1),
        accepts("readinessGateDefaults", task("healthCheck: {command: x}, readinessGate: {enabled: true}"),
            c -> c.task().containers().get(1),
            Container.readinessGate("readiness-gate", "public.ecr.aws/docker/library/busybox:stable", "nginx")),
        accepts("readinessGateOfAServicesOwnTask", minimal("services:\n  - name: web\n    task: {healthCheck:"
                + " {command: x}, readinessGate: {enabled: true, containerName: hold, image: alpine:3}}\n"),
            c -> c.services().get(0).task().containers().get(1), Container.readinessGate("hold", "alpine:3", "nginx")),
        accepts("noReservationsByDefault", task("image: nginx"),
            c -> List.of(c.task().containerCpu(), c.task().containerMemoryMiB()),
            List.of(Optional.empty(), Optional.empty())),
        accepts("reservationsThatLeaveExactlyTheHeadroom",
            task("cpu: 512, memoryMiB: 1024, containerCpu: 256, containerMemoryMiB: 960"),
            c -> List.of(c.task().containerCpu(), c.task().containerMemoryMiB()),
            List.of(Optional.of(256), Optional.of(960))),
        accepts("memoryReservationInTheSmallestTask", task("containerMemoryMiB: 448"),
            c -> c.task().containerMemoryMiB(), Optional.of(448)),
        accepts("platformVersionDefaultsToAwsDefault", service("", ""), TaskOptionRulesTest::platformVersion,
            Optional.empty()),
        accepts("platformVersionLatest", service("    platformVersion: LATEST\n", ""),
            TaskOptionRulesTest::platformVersion, Optional.of("LATEST")),
        accepts("platformVersion140", service("    platformVersion: 1.4.0\n", ""),
            TaskOptionRulesTest::platformVersion, Optional.of("1.4.0")),
        accepts("noTlsByDefault", service("", ""),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).tls(), Optional.empty()),
        accepts("tlsWithKmsKey", tls("privateCaArn: '" + CA + "', roleArn: '" + ROLE + "', kmsKeyArn: '" + KEY + "'"),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).tls(),
            Optional.of(new Tls(CA, ROLE, Optional.of(KEY)))),
        accepts("tlsRoleWithPathAndMultiRegionKey", tls("privateCaArn: '" + CA + "', roleArn: 'arn:aws:iam::"
                + "123456789012:role/service-role/tls.role@x', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/"
                + "mrk-0123456789abcdef0123456789abcdef'"),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).tls(),
            Optional.of(new Tls(CA, "arn:aws:iam::123456789012:role/service-role/tls.role@x",
                Optional.of("arn:aws:kms:eu-west-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef")))),
        accepts("tlsOnATcpEndpoint", minimal("task: {portMappings: [{name: redis, containerPort: 6379, appProtocol:"
                + " tcp}]}\nservices:\n  - name: cache\n    serviceConnect:\n      endpoints:\n        - {portName:"
                + " redis, tls: {privateCaArn: '" + CA + "', roleArn: '" + ROLE + "'}}\n"),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).tls().isPresent(), true),
        accepts("tlsInGovCloud", minimal("target: {region: us-gov-west-1}\n") + "services:\n  - name: web\n"
                + "    serviceConnect:\n      endpoints:\n"
                + "        - {portName: nginx, tls: {privateCaArn: 'arn:aws-us-gov:"
                + "acm-pca:us-gov-west-1:123456789012:certificate-authority/0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4',"
                + " roleArn: 'arn:aws-us-gov:iam::123456789012:role/tls'}}\n",
            c -> c.services().get(0).serviceConnect().endpoints().get(0).tls().orElseThrow().roleArn(),
            "arn:aws-us-gov:iam::123456789012:role/tls"));
  }

  @Test
  void threeLinesOfYamlTurnOnAHealthCheckAndTheGate() {
    EnvironmentConfig config = ConfigYaml.parse(minimal("task:\n  healthCheck: {command: '" + CURL + "'}\n"
        + "  readinessGate: {enabled: true}\n"));

    assertThat(config.task().healthCheck()).isPresent();
    assertThat(config.task().containers()).hasSize(2);
  }

  @Test
  void aTcpPortTakesNoTimeout() {
    // AWS TimeoutConfiguration: "Only idleTimeout is allowed for TCP appProtocol."; the provider 5.x adds a
    // per-request 0 to an idle timeout alone, which ECS refuses for tcp.
    String tcp = minimal("task: {portMappings: [{name: redis, containerPort: 6379, appProtocol: tcp}]}\n"
        + "services:\n  - name: cache\n    serviceConnect:\n      endpoints:\n        - {portName: redis, %s}\n");

    assertThat(ConfigYaml.parse(tcp.formatted("discoveryName: cache")).services().get(0).serviceConnect()
        .endpoints().get(0).idleTimeoutSec()).isEmpty();
    assertThat(ConfigYaml.problems(tcp.formatted("idleTimeoutSec: 0"))).containsExactly(X
        + "services[0].serviceConnect.endpoints[0].idleTimeoutSec: port 'redis' speaks tcp, and the AWS provider 5.x"
        + " sends perRequestTimeoutSeconds 0 with any timeout, which ECS refuses for tcp; remove it to keep AWS's"
        + " 1-hour default, or give the port an appProtocol");
    assertThat(ConfigYaml.problems(tcp.formatted("perRequestTimeoutSec: 5"))).containsExactly(X
        + "services[0].serviceConnect.endpoints[0].perRequestTimeoutSec: port 'redis' speaks tcp, which has no"
        + " requests to time out; remove it, or give the port an appProtocol");
  }
}
