package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.quoted;
import static dev.svcconnect.config.ConfigYaml.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import org.junit.jupiter.api.Test;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each field-level AWS limit of the schema, once at the limit (accepted) and once one past it (refused with its
 * line). The sources are cited in the schema ($comment or description of the field).
 */
@UnitTier
public class AwsLimitsTest {
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
        // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html,
        // https://developer.hashicorp.com/terraform/language/backend/s3)
        limit("stateKeyLength", state("key: " + key1017), state("key: " + key1018),
            "state.key: " + quoted(key1018) + " is 1018 characters long; at most 1017"),
        // Terraform's S3 backend: no "//" in the key (https://developer.hashicorp.com/terraform/language/backend/s3)
        limit("stateKeySlashes", state("key: envs/prod/terraform.tfstate"), state("key: envs//terraform.tfstate"),
            "state.key: 'envs//terraform.tfstate' must not contain '//'"),
        // S3: bucket names of 3-63 characters
        // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html)
        limit("bucketLength", minimal("").replace("tfstate-bucket", repeat('b', 63)),
            minimal("").replace("tfstate-bucket", repeat('b', 64)),
            "state.bucket: '" + repeat('b', 64) + "' must be 3-63 characters long"),
        // Terraform (Go's net.ParseCIDR) refuses leading zeros in an octet (https://pkg.go.dev/net#ParseCIDR)
        limit("vpcCidrOctets", minimal("network: {vpcCidr: 10.0.0.0/16}\n"),
            minimal("network: {vpcCidr: 010.0.0.0/16}\n"),
            "network.vpcCidr: '010.0.0.0/16' is not an IPv4 CIDR block of /16 to /28 (a.b.c.d/n, octets 0-255 without"
                + " leading zeros)"),
        // a VPC is /16 to /28 (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html)
        limit("vpcCidrSize", minimal("network: {vpcCidr: 10.0.0.0/16}\n"), minimal("network: {vpcCidr: 10.0.0.0/15}\n"),
            "network.vpcCidr: '10.0.0.0/15' is not an IPv4 CIDR block of /16 to /28 (a.b.c.d/n, octets 0-255 without"
                + " leading zeros)"),
        // CloudWatch Logs: names up to 512 characters, not starting with aws/
        // (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html)
        limit("logGroupPrefix", minimal("logs: {group: ecs/aws/x}\n"), minimal("logs: {group: aws/x}\n"),
            "logs.group: 'aws/x' must not start with 'aws/', which CloudWatch Logs reserves for AWS"),
        limit("logGroupLength", minimal("logs: {group: " + repeat('g', 512) + "}\n"),
            minimal("logs: {group: " + repeat('g', 513) + "}\n"),
            "logs.group: " + quoted(repeat('g', 513)) + " is 513 characters long; at most 512"),
        // Tags: keys 1-128, values 0-256 characters, aws: reserved
        // (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html); EC2's tag keys (the VPC, subnets,
        // security groups and the bastion carry every tag): at most 127
        // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html)
        limit("tagKeyLength", minimal("tags: {" + repeat('k', 127) + ": v}\n"),
            minimal("tags: {" + repeat('k', 128) + ": v}\n"),
            "tags." + repeat('k', 128) + ": key '" + repeat('k', 128) + "' is 128 characters long; at most 127"),
        limit("tagValueLength", minimal("tags: {Team: " + repeat('v', 256) + "}\n"),
            minimal("tags: {Team: " + repeat('v', 257) + "}\n"),
            "tags.Team: " + quoted(repeat('v', 257)) + " is 257 characters long; at most 256"),
        limit("tagKeyPrefix", minimal("tags: {'awsx:team': v}\n"), minimal("tags: {'aWs:team': v}\n"),
            "tags.aWs:team: key 'aWs:team' must not start with 'aws:', which AWS reserves"),
        // ECS HealthCheck: interval 5-300, timeout 2-60, retries 1-10, startPeriod 0-300 seconds
        // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html)
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
        // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html,
        // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html)
        limit("portNameLength", minimal("task: {portMappings: [{name: " + repeat('p', 64) + "}]}\nservices: [{name:"
                + " w}]\n"), minimal("task: {portMappings: [{name: " + repeat('p', 65) + "}]}\n"),
            "task.portMappings[0].name: '" + repeat('p', 65) + "' is 65 characters long; at most 64"),
        // ECS documents up to 64 (the schema's limit); the Cloud Map service of that name takes labels of 63
        // (derivedLimits), so 64 is reached only as the Cloud Map check's "one past"
        limit("discoveryNameLength", minimal(ENDPOINT.formatted("discoveryName: " + repeat('d', 63)
                + ", dnsName: web.local")),
            minimal(ENDPOINT.formatted("discoveryName: " + repeat('d', 65) + ", dnsName: web.local")),
            E0 + "discoveryName: '" + repeat('d', 65) + "' is 65 characters long; at most 64"),
        limit("discoveryNameUnderscoreButNoHyphenFirst", minimal(ENDPOINT.formatted("discoveryName: _web")),
            minimal(ENDPOINT.formatted("discoveryName: '-web'")),
            E0 + "discoveryName: '-web' may only contain lowercase letters, digits, '_' and '-', and must not start"
                + " with '-'"),
        // ECS ServiceConnectClientAlias: dnsName up to 127 characters; port up to 65535 (and 0, which we refuse)
        // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectClientAlias.html)
        limit("dnsNameLength", minimal(ENDPOINT.formatted("dnsName: " + repeat('a', 63) + "." + repeat('b', 63))),
            minimal(ENDPOINT.formatted("dnsName: " + repeat('a', 63) + "." + repeat('b', 61) + ".cc")),
            E0 + "dnsName: '" + repeat('a', 63) + "." + repeat('b', 61) + ".cc' is 128 characters long; at most 127"),
        limit("clientAliasPortHigh", minimal(ENDPOINT.formatted("clientAliasPort: 65535")),
            minimal(ENDPOINT.formatted("clientAliasPort: 65536")), E0 + "clientAliasPort: 65536 is out of range"
                + " (1-65535)"),
        // ECS TimeoutConfiguration: 0-2147483647 seconds
        // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TimeoutConfiguration.html)
        limit("idleTimeoutHigh", minimal(ENDPOINT.formatted("idleTimeoutSec: 2147483647, perRequestTimeoutSec: 15")),
            minimal(ENDPOINT.formatted("idleTimeoutSec: 2147483648, perRequestTimeoutSec: 15")),
            E0 + "idleTimeoutSec: 2147483648 is out of range (0-2147483647)"),
        limit("perRequestTimeoutLow", minimal(ENDPOINT.formatted("perRequestTimeoutSec: 0")),
            minimal(ENDPOINT.formatted("perRequestTimeoutSec: -1")),
            E0 + "perRequestTimeoutSec: -1 is out of range (0-2147483647)"),
        // CloudWatch alarm names: 1-255 characters
        // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html)
        limit("alarmNameLength", minimal("services: [{name: web, deployment: {alarms: {names: [" + repeat('a', 255)
                + "]}}}]\n"), minimal("services: [{name: web, deployment: {alarms: {names: [" + repeat('a', 256)
                + "]}}}]\n"),
            "services[0].deployment.alarms.names[0]: " + quoted(repeat('a', 256)) + " is 256 characters long; at most"
                + " 255"),
        // ECS: at most 5000 tasks per service
        // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html)
        limit("maxTasks", minimal("services: [{name: web, scaling: {maxTasks: 5000}}]\n"),
            minimal("services: [{name: web, scaling: {maxTasks: 5001}}]\n"),
            "services[0].scaling.maxTasks: 5001 is out of range (1-5000)"),
        // ECS names: up to 255 letters, digits, hyphens and underscores
        // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html)
        limit("clusterNameLength", minimal("cluster: {name: " + repeat('c', 255) + "}\n"),
            minimal("cluster: {name: " + repeat('c', 256) + "}\n"),
            "cluster.name: " + quoted(repeat('c', 256)) + " is 256 characters long; at most 255"));
  }

  private static final String IAM = " (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html)";
  private static final String EC2_GROUP =
      " (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html)";
  private static final String EC2_RULE =
      " (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UserIdGroupPair.html)";
  private static final String CLOUD_MAP = " (https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html)";
  private static final String CLOUD_MAP_FORM = " is not a Cloud Map service name: dot-separated labels of 1-63 letters,"
      + " digits, '_' and '-', neither starting nor ending with '-' (a one-character label is a letter or digit)"
      + CLOUD_MAP;
  private static final String ECS_ALIAS =
      " (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectClientAlias.html)";
  private static final String TAGS = " (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html)";
  /** What the environment "test" prefixes every derived name with. */
  private static final String PREFIX = "ecs-service-connect-test-";

  /** One service publishing {@code endpoint} (a flow mapping's fields) on the shared task's nginx port. */
  private static String publisher(String name, String endpoint) {
    return "  - name: " + name + "\n    serviceConnect:\n      endpoints: [{portName: nginx, " + endpoint + "}]\n";
  }

  /** A valid DNS name of exactly {@code length} characters: labels of at most 63 letters joined by dots. */
  private static String dnsName(int length) {
    StringBuilder name = new StringBuilder();
    while (name.length() < length) {
      if (!name.isEmpty()) {
        name.append('.');
      }
      name.append("n".repeat(Math.min(63, length - name.length())));
    }
    return name.toString();
  }

  private static String tags(int n) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append("t").append(i).append(": v");
    }
    return b.append("}").toString();
  }

  /**
   * The limits of what the stack derives from the config (names, descriptions, tags with the stack's own), reported
   * under the field the user wrote and naming the derived value. Sources: naming.AwsLimit.
   */
  static Stream<Arguments> derivedLimits() {
    String family29 = repeat('f', 29);
    String family30 = repeat('f', 30);
    String service230 = repeat('s', 230);
    String service231 = repeat('s', 231);
    String caller = repeat('c', 230);
    String ec2Allowed = "a-z A-Z 0-9 ._-:/()#,@[]+=&;{}!$*";
    return Stream.of(
        // IAM: role names of at most 64 characters; <prefix>-<family>-execution
        limit("roleNameFromTheFamily", minimal("task: {family: " + family29 + "}\n"),
            minimal("task: {family: " + family30 + "}\n"),
            "task.family: the IAM role name '" + PREFIX + family30 + "-execution' derived from it is 65 characters;"
                + " IAM allows 64" + IAM),
        limit("roleNameFromAServiceNameAsItsFamily", minimal("services: [{name: " + family29 + ", task: {}}]\n"),
            minimal("services: [{name: " + family30 + ", task: {}}]\n"),
            "services[0].name: the IAM role name '" + PREFIX + family30 + "-execution' derived from it (the service's"
                + " task family by default) is 65 characters; IAM allows 64" + IAM),
        // EC2: security group names of at most 255 characters; <prefix>-<service>
        limit("securityGroupNameFromTheServiceName", minimal("services: [{name: " + service230 + "}]\n"),
            minimal("services: [{name: " + service231 + "}]\n"),
            "services[0].name: the security group name " + quoted(PREFIX + service231) + " derived from it is 256"
                + " characters; EC2 allows 255" + EC2_GROUP),
        // EC2: security group descriptions of at most 255 characters, of EC2's characters
        limit("securityGroupDescriptionFromTheBastionName", minimal("bastion: {name: " + repeat('b', 198) + "}\n"),
            minimal("bastion: {name: " + repeat('b', 199) + "}\n"),
            "bastion.name: the security group description " + quoted("Bastion " + repeat('b', 199) + ": no ingress,"
                + " reached through SSM Session Manager") + " derived from it is 256 characters; EC2 allows 255"
                + EC2_GROUP),
        limit("securityGroupDescriptionCharacters", minimal("bastion: {name: '" + ec2Allowed + "'}\n"),
            minimal("bastion: {name: 'jump 50%'}\n"),
            "bastion.name: the security group description 'Bastion jump 50%: no ingress, reached through SSM Session"
                + " Manager' derived from it contains '%', which EC2 does not allow (allowed: a-z, A-Z, 0-9, spaces,"
                + " and ._-:/()#,@[]+=&;{}!$*)" + EC2_GROUP),
        // EC2: a rule's description of at most 255 characters; "<caller> calls <endpoint> (port <port>)"
        limit("ingressRuleDescription",
            minimal("services:\n" + publisher("web", "discoveryName: webxy") + "  - {name: " + caller
                + ", calls: [webxy]}\n"),
            minimal("services:\n" + publisher("web", "discoveryName: webxyz") + "  - {name: " + caller
                + ", calls: [webxyz]}\n"),
            "services[1].calls[0]: the security group rule description " + quoted(caller + " calls webxyz (port"
                + " nginx)") + " derived from it is 256 characters; EC2 allows 255" + EC2_RULE),
        // Cloud Map: the service ECS creates for an endpoint is named by its discovery name: labels of 1-63
        limit("cloudMapServiceName", minimal(ENDPOINT.formatted("discoveryName: " + repeat('d', 63))),
            minimal(ENDPOINT.formatted("discoveryName: " + repeat('d', 64))),
            E0 + "discoveryName: the Cloud Map service name '" + repeat('d', 64) + "' derived from it"
                + CLOUD_MAP_FORM),
        limit("cloudMapServiceNameLastCharacter", minimal(ENDPOINT.formatted("discoveryName: web_")),
            minimal(ENDPOINT.formatted("discoveryName: web-")),
            E0 + "discoveryName: the Cloud Map service name 'web-' derived from it" + CLOUD_MAP_FORM),
        limit("cloudMapServiceNameFromThePortName",
            minimal("task: {portMappings: [{name: " + repeat('p', 63) + "}]}\nservices:\n  - name: web\n"
                + "    serviceConnect: {endpoints: [{portName: " + repeat('p', 63) + "}]}\n"),
            minimal("task: {portMappings: [{name: " + repeat('p', 64) + "}]}\nservices:\n  - name: web\n"
                + "    serviceConnect: {endpoints: [{portName: " + repeat('p', 64) + "}]}\n"),
            E0 + "portName: the Cloud Map service name '" + repeat('p', 64) + "' derived from it (the default"
                + " discoveryName)" + CLOUD_MAP_FORM),
        // ECS: the default client alias <discoveryName>.<namespace> is at most 127 characters
        limit("defaultDnsName",
            minimal("cluster: {namespace: " + dnsName(123) + "}\nservices:\n" + publisher("web", "discoveryName: web")),
            minimal("cluster: {namespace: " + dnsName(124) + "}\nservices:\n" + publisher("web", "discoveryName: web")),
            E0 + "discoveryName: the client alias name " + quoted("web." + dnsName(124)) + " derived from it and"
                + " cluster.namespace is 128 characters; ECS allows 127" + ECS_ALIAS),
        // Tags: at most 50 on a resource, counting the stack's own (Application, Environment, ManagedBy) and Name
        limit("tagsWithTheStacksOwn", minimal("tags: " + tags(46) + "\n"), minimal("tags: " + tags(47) + "\n"),
            "tags: 47 tags, the stack's 3 (Application, Environment, ManagedBy) and Name make 51 on the resources with"
                + " a Name tag; AWS allows at most 50 per resource" + TAGS),
        limit("serviceTagsWithTheDefaultsAndName", minimal("services: [{name: web, tags: " + tags(46) + "}]\n"),
            minimal("services: [{name: web, tags: " + tags(47) + "}]\n"),
            "services[0].tags: 47 tags, the 3 default tags and Name make 51 on the service's security group; AWS"
                + " allows at most 50 per resource" + TAGS),
        limit("serviceAndTopLevelTagsTogether",
            minimal("tags: " + tags(20) + "\nservices: [{name: web, tags: " + tags(26).replace("t", "s") + "}]\n"),
            minimal("tags: " + tags(20) + "\nservices: [{name: web, tags: " + tags(27).replace("t", "s") + "}]\n"),
            "services[0].tags: 27 tags, the 23 default tags and Name make 51 on the service's security group; AWS"
                + " allows at most 50 per resource" + TAGS),
        // Names AWS compares without regard to case: security groups in a VPC, IAM roles in an account
        limit("securityGroupNamesIgnoreCase", minimal("services: [{name: web}, {name: web2}]\n"),
            minimal("services: [{name: web}, {name: Web}]\n"),
            "services[1].name: the security group name '" + PREFIX + "Web' derived from it differs only by case from '"
                + PREFIX + "web', derived from services[0].name; EC2 compares security group names without regard"
                + " to case" + EC2_GROUP),
        limit("securityGroupNameOfTheBastionIgnoresCase", minimal("services: [{name: Bastion}]\nbastion: {enabled:"
                + " false}\n"),
            minimal("services: [{name: Bastion}]\n"),
            "services[0].name: the security group name '" + PREFIX + "Bastion' derived from it differs only by case"
                + " from '" + PREFIX + "bastion', the bastion's; EC2 compares security group names without regard to"
                + " case" + EC2_GROUP),
        limit("roleNamesIgnoreCase",
            minimal("services: [{name: a, task: {family: api}}, {name: b, task: {family: api2}}]\n"),
            minimal("services: [{name: a, task: {family: api}}, {name: b, task: {family: Api}}]\n"),
            "services[1].task.family: the IAM role name '" + PREFIX + "Api-execution' derived from it differs only by"
                + " case from '" + PREFIX + "api-execution', derived from services[0].task.family; IAM compares IAM"
                + " role names without regard to case" + IAM),
        limit("roleNamesIgnoreCaseWithTheServiceNameAsFamily",
            minimal("services: [{name: Orders, task: {}}, {name: b, task: {family: orders2}}]\n"),
            minimal("services: [{name: Orders, task: {}}, {name: b, task: {family: orders}}]\n"),
            "services[1].task.family: the IAM role name '" + PREFIX + "orders-execution' derived from it differs only"
                + " by case from '" + PREFIX + "Orders-execution', derived from services[0].name; IAM compares IAM role"
                + " names without regard to case" + IAM),
        // CloudWatch Logs: one log group per name in an account and region
        limit("flowLogsGroupIsNotTheLogGroup", minimal("logs: {group: " + PREFIX + "flow}\nsecurity: {vpcFlowLogs:"
                + " true}\n"),
            minimal("logs: {group: " + PREFIX + "flow-logs}\nsecurity: {vpcFlowLogs: true}\n"),
            "logs.group: '" + PREFIX + "flow-logs' is the log group of the VPC flow logs (security.vpcFlowLogs), and"
                + " log group names are unique in an account and region"
                + " (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html);"
                + " choose another name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("derivedLimits")
  void acceptsTheDerivedLimitAndRefusesOnePast(String name, String atLimit, String pastLimit, String problem) {
    assertThat(ConfigYaml.parse(atLimit).environment()).isEqualTo("test");
    assertThat(ConfigYaml.problems(pastLimit)).containsExactly(problem);
  }

  /**
   * A bastion name outside Latin-1 breaks two limits: EC2's characters in its security group's description and
   * IAM's in its role's (EC2's are a subset of IAM's, so the IAM rule never fails alone).
   */
  @Test
  void bastionNameOutsideLatin1BreaksBothDescriptions() {
    assertThat(ConfigYaml.problems(minimal("bastion: {name: jump-\u0100}\n"))).containsExactly(
        X + "bastion.name: the security group description 'Bastion jump-\u0100: no ingress, reached through SSM"
            + " Session Manager' derived from it contains '\u0100', which EC2 does not allow (allowed: a-z, A-Z, 0-9,"
            + " spaces, and ._-:/()#,@[]+=&;{}!$*)" + EC2_GROUP,
        X + "bastion.name: the IAM role description 'Lets SSM manage bastion jump-\u0100' derived from it contains"
            + " '\u0100', which IAM does not allow (allowed: printable ASCII and Latin-1 characters)" + IAM);
  }

  /**
   * Derived names whose limit no accepted value can reach (the environment's 20 characters, the cluster's 255, a
   * service name short enough for its security group): with every such field at its longest and every option that
   * derives a name on, the file is accepted. Fails when a prefix or a schema limit grows past AWS's.
   */
  @Test
  void acceptsTheLongestValuesWhoseDerivedNamesFit() {
    assertThat(ConfigYaml.parse(LONGEST_VALUES).services()).hasSize(1);
  }

  /** The environment's longest name, and the longest service name and family whose derived names fit. */
  private static final String LONGEST_ENVIRONMENT = "e" + repeat('x', 19);
  private static final String LONGEST_VALUES = "environment: " + LONGEST_ENVIRONMENT + "\nstate: {bucket: b-tfstate}\n"
      + "cluster: {name: " + repeat('c', 255) + "}\n"
      + "security: {kmsKeys: true, vpcFlowLogs: true, containerInsights: true}\n"
      + "task: {family: " + repeat('f', 64 - ("ecs-service-connect-" + LONGEST_ENVIRONMENT + "--execution").length())
      + "}\nservices:\n  - name: " + repeat('s', 255 - ("ecs-service-connect-" + LONGEST_ENVIRONMENT + "-").length())
      + "\n    serviceConnect: {endpoints: [{portName: nginx, discoveryName: web}]}\n"
      + "    scaling: {maxTasks: 2, memoryPercent: 50, requestsPerTaskPerMinute: 100}\n"
      + "bastion: {reaches: [web]}\n";

  /**
   * Every file this class shows accepted, each at an AWS limit (field-level or derived), by case name: the property
   * test of {@code validate} feeds them to {@code terraform validate}, where a limit that is AWS's but not the
   * provider's or Terraform's would show.
   */
  public static Map<String, String> acceptedAtTheLimits() {
    Map<String, String> out = new LinkedHashMap<>();
    Stream.concat(limits(), derivedLimits()).forEach(a -> out.put((String) a.get()[0], (String) a.get()[1]));
    out.put("longestValuesWhoseDerivedNamesFit", LONGEST_VALUES);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void acceptsTheLimitAndRefusesOnePast(String name, String atLimit, String pastLimit, String problem) {
    assertThat(ConfigYaml.parse(atLimit).environment()).isEqualTo("test");
    assertThat(ConfigYaml.problems(pastLimit)).containsExactly(problem);
  }
}
