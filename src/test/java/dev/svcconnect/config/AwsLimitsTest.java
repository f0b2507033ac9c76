package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.quoted;
import static dev.svcconnect.config.ConfigYaml.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each field-level AWS limit of the schema, once at the limit (accepted) and once one past it (refused with its
 * line). The sources are cited in the schema ($comment or description of the field).
 */
@UnitTier
class AwsLimitsTest {
  private static final String HEALTH = "task:\n  healthCheck: {command: 'true', %s: %d}\n";
  private static final String ENDPOINT = "services:\n  - name: web\n    serviceConnect:\n      endpoints: [{portName:"
      + " nginx, %s}]\n";
  private static final String E0 = "services[0].serviceConnect.endpoints[0].";

  private static Arguments limit(String name, String atLimit, String pastLimit, String problem) {
    return Arguments.of(name, atLimit, pastLimit, X + problem);
  }

  private static String state(String field) {
    return minimal("  " + field + "\n");
  }

  static Stream<Arguments> limits() {
    String key1017 = repeat('k', 1017);
    String key1018 = repeat('k', 1018);
    return Stream.of(
        // S3: object keys of at most 1024 bytes, and the Terraform S3 backend adds ".tflock" for the lock
        limit("stateKeyLength", state("key: " + key1017), state("key: " + key1018),
            "state.key: " + quoted(key1018) + " is 1018 characters long; at most 1017"),
        // Terraform's S3 backend: no "//" in the key
        limit("stateKeySlashes", state("key: envs/prod/terraform.tfstate"), state("key: envs//terraform.tfstate"),
            "state.key: 'envs//terraform.tfstate' must not contain '//'"),
        limit("bucketLength", minimal("").replace("tfstate-bucket", repeat('b', 63)),
            minimal("").replace("tfstate-bucket", repeat('b', 64)),
            "state.bucket: '" + repeat('b', 64) + "' must be 3-63 characters long"),
        // Terraform (Go's net.ParseCIDR) refuses leading zeros in an octet
        limit("vpcCidrOctets", minimal("network: {vpcCidr: 10.0.0.0/16}\n"),
            minimal("network: {vpcCidr: 010.0.0.0/16}\n"),
            "network.vpcCidr: '010.0.0.0/16' is not an IPv4 CIDR block of /16 to /28 (a.b.c.d/n, octets 0-255 without"
                + " leading zeros)"),
        // a VPC is /16 to /28 (and this stack's subnets must be longer than the VPC's prefix)
        limit("vpcCidrSize", minimal("network: {vpcCidr: 10.0.0.0/16}\n"), minimal("network: {vpcCidr: 10.0.0.0/15}\n"),
            "network.vpcCidr: '10.0.0.0/15' is not an IPv4 CIDR block of /16 to /28 (a.b.c.d/n, octets 0-255 without"
                + " leading zeros)"),
        // CloudWatch Logs: names up to 512 characters, not starting with aws/
        limit("logGroupPrefix", minimal("logs: {group: ecs/aws/x}\n"), minimal("logs: {group: aws/x}\n"),
            "logs.group: 'aws/x' must not start with 'aws/', which CloudWatch Logs reserves for AWS"),
        limit("logGroupLength", minimal("logs: {group: " + repeat('g', 512) + "}\n"),
            minimal("logs: {group: " + repeat('g', 513) + "}\n"),
            "logs.group: " + quoted(repeat('g', 513)) + " is 513 characters long; at most 512"),
        // Tags: keys 1-128, values 0-256 characters, aws: reserved
        limit("tagKeyLength", minimal("tags: {" + repeat('k', 128) + ": v}\n"),
            minimal("tags: {" + repeat('k', 129) + ": v}\n"),
            "tags." + repeat('k', 129) + ": key '" + repeat('k', 129) + "' is 129 characters long; at most 128"),
        limit("tagValueLength", minimal("tags: {Team: " + repeat('v', 256) + "}\n"),
            minimal("tags: {Team: " + repeat('v', 257) + "}\n"),
            "tags.Team: " + quoted(repeat('v', 257)) + " is 257 characters long; at most 256"),
        limit("tagKeyPrefix", minimal("tags: {'awsx:team': v}\n"), minimal("tags: {'aWs:team': v}\n"),
            "tags.aWs:team: key 'aWs:team' must not start with 'aws:', which AWS reserves"),
        // ECS HealthCheck: interval 5-300, timeout 2-60, retries 1-10, startPeriod 0-300 seconds
        limit("healthCheckIntervalHigh", minimal(HEALTH.formatted("intervalSec", 300)),
            minimal(HEALTH.formatted("intervalSec", 301)), "task.healthCheck.intervalSec: 301 is out of range (5-300)"),
        limit("healthCheckIntervalLow", minimal(HEALTH.formatted("intervalSec", 5)),
            minimal(HEALTH.formatted("intervalSec", 4)), "task.healthCheck.intervalSec: 4 is out of range (5-300)"),
        limit("healthCheckTimeoutHigh", minimal(HEALTH.formatted("timeoutSec", 60)),
            minimal(HEALTH.formatted("timeoutSec", 61)), "task.healthCheck.timeoutSec: 61 is out of range (2-60)"),
        limit("healthCheckTimeoutLow", minimal(HEALTH.formatted("timeoutSec", 2)),
            minimal(HEALTH.formatted("timeoutSec", 1)), "task.healthCheck.timeoutSec: 1 is out of range (2-60)"),
        limit("healthCheckRetriesHigh", minimal(HEALTH.formatted("retries", 10)),
            minimal(HEALTH.formatted("retries", 11)), "task.healthCheck.retries: 11 is out of range (1-10)"),
        limit("healthCheckRetriesLow", minimal(HEALTH.formatted("retries", 1)),
            minimal(HEALTH.formatted("retries", 0)), "task.healthCheck.retries: 0 is out of range (1-10)"),
        limit("healthCheckStartPeriodHigh", minimal(HEALTH.formatted("startPeriodSec", 300)),
            minimal(HEALTH.formatted("startPeriodSec", 301)),
            "task.healthCheck.startPeriodSec: 301 is out of range (0-300)"),
        limit("healthCheckStartPeriodLow", minimal(HEALTH.formatted("startPeriodSec", 0)),
            minimal(HEALTH.formatted("startPeriodSec", -1)),
            "task.healthCheck.startPeriodSec: -1 is out of range (0-300)"),
        // ECS PortMapping.name and ServiceConnectService.discoveryName: up to 64 of [a-z0-9_-], not starting with -
        limit("portNameLength", minimal("task: {portMappings: [{name: " + repeat('p', 64) + "}]}\nservices: [{name:"
                + " w}]\n"), minimal("task: {portMappings: [{name: " + repeat('p', 65) + "}]}\n"),
            "task.portMappings[0].name: '" + repeat('p', 65) + "' is 65 characters long; at most 64"),
        limit("discoveryNameLength", minimal(ENDPOINT.formatted("discoveryName: " + repeat('d', 64))),
            minimal(ENDPOINT.formatted("discoveryName: " + repeat('d', 65))),
            E0 + "discoveryName: '" + repeat('d', 65) + "' is 65 characters long; at most 64"),
        limit("discoveryNameUnderscoreButNoHyphenFirst", minimal(ENDPOINT.formatted("discoveryName: _web")),
            minimal(ENDPOINT.formatted("discoveryName: '-web'")),
            E0 + "discoveryName: '-web' may only contain lowercase letters, digits, '_' and '-', and must not start"
                + " with '-'"),
        // ECS ServiceConnectClientAlias: dnsName up to 127 characters; port up to 65535 (and 0, which we refuse)
        limit("dnsNameLength", minimal(ENDPOINT.formatted("dnsName: " + repeat('a', 63) + "." + repeat('b', 63))),
            minimal(ENDPOINT.formatted("dnsName: " + repeat('a', 63) + "." + repeat('b', 61) + ".cc")),
            E0 + "dnsName: '" + repeat('a', 63) + "." + repeat('b', 61) + ".cc' is 128 characters long; at most 127"),
        limit("clientAliasPortHigh", minimal(ENDPOINT.formatted("clientAliasPort: 65535")),
            minimal(ENDPOINT.formatted("clientAliasPort: 65536")), E0 + "clientAliasPort: 65536 is out of range"
                + " (1-65535)"),
        // ECS TimeoutConfiguration: 0-2147483647 seconds
        limit("idleTimeoutHigh", minimal(ENDPOINT.formatted("idleTimeoutSec: 2147483647, perRequestTimeoutSec: 15")),
            minimal(ENDPOINT.formatted("idleTimeoutSec: 2147483648, perRequestTimeoutSec: 15")),
            E0 + "idleTimeoutSec: 2147483648 is out of range (0-2147483647)"),
        limit("perRequestTimeoutLow", minimal(ENDPOINT.formatted("perRequestTimeoutSec: 0")),
            minimal(ENDPOINT.formatted("perRequestTimeoutSec: -1")),
            E0 + "perRequestTimeoutSec: -1 is out of range (0-2147483647)"),
        // CloudWatch alarm names: 1-255 characters
        limit("alarmNameLength", minimal("services: [{name: web, deployment: {alarms: {names: [" + repeat('a', 255)
                + "]}}}]\n"), minimal("services: [{name: web, deployment: {alarms: {names: [" + repeat('a', 256)
                + "]}}}]\n"),
            "services[0].deployment.alarms.names[0]: " + quoted(repeat('a', 256)) + " is 256 characters long; at most"
                + " 255"),
        // ECS: at most 5000 tasks per service
        limit("maxTasks", minimal("services: [{name: web, scaling: {maxTasks: 5000}}]\n"),
            minimal("services: [{name: web, scaling: {maxTasks: 5001}}]\n"),
            "services[0].scaling.maxTasks: 5001 is out of range (1-5000)"),
        // ECS names: up to 255 letters, digits, hyphens and underscores
        limit("clusterNameLength", minimal("cluster: {name: " + repeat('c', 255) + "}\n"),
            minimal("cluster: {name: " + repeat('c', 256) + "}\n"),
            "cluster.name: " + quoted(repeat('c', 256)) + " is 256 characters long; at most 255"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void acceptsTheLimitAndRefusesOnePast(String name, String atLimit, String pastLimit, String problem) {
    assertThat(ConfigYaml.parse(atLimit).environment()).isEqualTo("test");
    assertThat(ConfigYaml.problems(pastLimit)).containsExactly(problem);
  }
}
