package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.bucket;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.local;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.quoted;
import static dev.svcconnect.config.ConfigYaml.repeat;

import dev.svcconnect.config.EnvironmentConfig.NatGateways;
import dev.svcconnect.config.EnvironmentConfig.TargetKind;
import dev.svcconnect.config.EnvironmentConfig.VpcEndpoint;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Rules of the environment name and the target, state, network, cluster and logs sections. */
@UnitTier
class EnvironmentRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  private static final String BUCKET_CHARS = "may only contain lowercase letters, digits, '.' and '-', and must start"
      + " and end with a letter or digit";
  private static final String RESERVED = "must not use a prefix or suffix that S3 reserves (xn--, sthree-,"
      + " amzn-s3-demo-, -s3alias, --ol-s3, .mrap, --x-s3, --table-s3)";
  private static final String SLASH_RULE = "must not start or end with '/'";
  private static final String ENV_RULE = "must be 1-20 characters of lowercase letters, digits and hyphens, starting"
      + " with a letter";
  private static final String ECS_RULE = "may only contain letters, digits, hyphens and underscores";
  private static final String DNS_RULE = "is not a DNS name: dot-separated labels of 1-63 lowercase letters, digits"
      + " or '-', not starting or ending with '-'";
  private static final String CIDR_RULE = "is not an IPv4 CIDR block of /16 to /28 (a.b.c.d/n, octets 0-255 without"
      + " leading zeros)";
  private static final String RETENTIONS = "[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,"
      + " 1827, 2192, 2557, 2922, 3288, 3653]";

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(
        // environment
        fails("failsOnUppercaseEnvironment", local("environment: local", "environment: Local"),
            X + "environment: 'Local' " + ENV_RULE),
        fails("failsOnEnvironmentStartingWithDigit", local("environment: local", "environment: '1local'"),
            X + "environment: '1local' " + ENV_RULE),
        fails("failsOnEnvironmentWithUnderscore", local("environment: local", "environment: my_env"),
            X + "environment: 'my_env' " + ENV_RULE),
        fails("failsOnEnvironmentOf21Characters", local("environment: local", "environment: a" + repeat('b', 20)),
            X + "environment: 'a" + repeat('b', 20) + "' " + ENV_RULE),
        fails("failsOnEmptyEnvironment", local("environment: local", "environment: ''"),
            X + "environment: must not be empty"),

        // target
        fails("failsOnUnknownTargetKind", local("kind: local", "kind: azure"),
            X + "target.kind: 'azure' is not a target kind; expected local or aws"),
        fails("failsOnTargetKindInUppercase", local("kind: local", "kind: AWS"),
            X + "target.kind: 'AWS' is not a target kind; expected local or aws"),
        fails("failsOnRegionWithoutNumber", local("region: us-east-1", "region: us-east"),
            X + "target.region: 'us-east' is not an AWS region name (e.g. us-east-1)"),
        fails("failsOnRegionInUppercase", local("region: us-east-1", "region: US-EAST-1"),
            X + "target.region: 'US-EAST-1' is not an AWS region name (e.g. us-east-1)"),
        fails("failsOnAvailabilityZoneAsRegion", local("region: us-east-1", "region: us-east-1a"),
            X + "target.region: 'us-east-1a' is not an AWS region name (e.g. us-east-1)"),
        fails("failsOnShortAccountId", minimal("target: {kind: aws, accountId: '12345'}\n"),
            X + "target.accountId: '12345' is not an AWS account id (12 digits, quoted in YAML)"),
        fails("failsOnAccountIdWithLetters", minimal("target: {kind: aws, accountId: '12345678901a'}\n"),
            X + "target.accountId: '12345678901a' is not an AWS account id (12 digits, quoted in YAML)"),
        fails("failsOnUnquotedAccountId", minimal("target: {kind: aws, accountId: 123456789012}\n"),
            X + "target.accountId: expected a string, got number 123456789012"),
        fails("failsOnAccountIdOnLocalTarget", local("region: us-east-1", "region: us-east-1\n  accountId: '123456789012'"),
            X + "target.accountId: only applies to target kind aws; the local emulator has no real account"),

        // state
        fails("failsOnMissingBucket", local("bucket: ecs-service-connect-tfstate-local\n", ""),
            X + "state.bucket: is required"),
        fails("failsOnBucketOf2Characters", bucket("ab"),
            X + "state.bucket: 'ab' must be 3-63 characters long"),
        fails("failsOnBucketOf64Characters", bucket(repeat('b', 64)),
            X + "state.bucket: '" + repeat('b', 64) + "' must be 3-63 characters long"),
        fails("failsOnBucketWithUppercase", bucket("TfState"),
            X + "state.bucket: 'TfState' " + BUCKET_CHARS),
        fails("failsOnBucketWithUnderscore", bucket("tf_state"),
            X + "state.bucket: 'tf_state' " + BUCKET_CHARS),
        fails("failsOnBucketStartingWithHyphen", bucket("-tfstate"),
            X + "state.bucket: '-tfstate' " + BUCKET_CHARS),
        fails("failsOnBucketEndingWithDot", bucket("tfstate."),
            X + "state.bucket: 'tfstate.' " + BUCKET_CHARS),
        fails("failsOnBucketWithAdjacentDots", bucket("tf..state"),
            X + "state.bucket: 'tf..state' must not contain '..', '.-' or '-.'"),
        fails("failsOnBucketWithDotHyphen", bucket("tf.-state"),
            X + "state.bucket: 'tf.-state' must not contain '..', '.-' or '-.'"),
        fails("failsOnBucketFormattedAsIpAddress", bucket("192.168.5.4"),
            X + "state.bucket: '192.168.5.4' must not be formatted as an IP address"),
        fails("failsOnBucketPrefixXn", bucket("xn--tfstate"),
            X + "state.bucket: 'xn--tfstate' " + RESERVED),
        fails("failsOnBucketPrefixSthree", bucket("sthree-tfstate"),
            X + "state.bucket: 'sthree-tfstate' " + RESERVED),
        fails("failsOnBucketPrefixAmznS3Demo", bucket("amzn-s3-demo-tfstate"),
            X + "state.bucket: 'amzn-s3-demo-tfstate' " + RESERVED),
        fails("failsOnBucketSuffixS3alias", bucket("tfstate-s3alias"),
            X + "state.bucket: 'tfstate-s3alias' " + RESERVED),
        fails("failsOnBucketSuffixOlS3", bucket("tfstate--ol-s3"),
            X + "state.bucket: 'tfstate--ol-s3' " + RESERVED),
        fails("failsOnBucketSuffixMrap", bucket("tfstate.mrap"),
            X + "state.bucket: 'tfstate.mrap' " + RESERVED),
        fails("failsOnBucketSuffixXS3", bucket("tfstate--x-s3"),
            X + "state.bucket: 'tfstate--x-s3' " + RESERVED),
        fails("failsOnBucketSuffixTableS3", bucket("tfstate--table-s3"),
            X + "state.bucket: 'tfstate--table-s3' " + RESERVED),
        fails("failsOnEmptyStateKey", local("key: service-connect/terraform.tfstate", "key: ''"),
            X + "state.key: must not be empty"),
        fails("failsOnAbsoluteStateKey", local("key: service-connect/terraform.tfstate", "key: /terraform.tfstate"),
            X + "state.key: '/terraform.tfstate' " + SLASH_RULE),
        fails("failsOnStateKeyEndingWithSlash", local("key: service-connect/terraform.tfstate", "key: service-connect/"),
            X + "state.key: 'service-connect/' " + SLASH_RULE),
        // S3 keys are at most 1024 bytes, and the lock file is <key>.tflock: 1017 characters of S3's safe ones
        fails("failsOnStateKeyOf1018Characters", local("key: service-connect/terraform.tfstate", "key: " + repeat('k', 1018)),
            X + "state.key: " + quoted(repeat('k', 1018)) + " is 1018 characters long; at most 1017"),
        fails("failsOnStateKeyOf1025Characters", local("key: service-connect/terraform.tfstate", "key: " + repeat('k', 1025)),
            X + "state.key: " + quoted(repeat('k', 1025)) + " is 1025 characters long; at most 1017"),
        fails("failsOnBadStateRegion", minimal("  region: eu-west\n"),
            X + "state.region: 'eu-west' is not an AWS region name (e.g. us-east-1)"),
        fails("failsOnBadTargetRegionOnlyOnceWhenStateRegionIsDefaulted", minimal("target: {region: moon-base}\n"),
            X + "target.region: 'moon-base' is not an AWS region name (e.g. us-east-1)"),

        // network
        fails("failsOnVpcCidrWithoutPrefix", local("vpcCidr: 10.0.0.0/16", "vpcCidr: 10.0.0.0"),
            X + "network.vpcCidr: '10.0.0.0' " + CIDR_RULE),
        fails("failsOnVpcCidrWithOctetAbove255", local("vpcCidr: 10.0.0.0/16", "vpcCidr: 10.256.0.0/16"),
            X + "network.vpcCidr: '10.256.0.0/16' " + CIDR_RULE),
        fails("failsOnVpcCidrWithPrefixAbove32", local("vpcCidr: 10.0.0.0/16", "vpcCidr: 10.0.0.0/33"),
            X + "network.vpcCidr: '10.0.0.0/33' " + CIDR_RULE),
        fails("failsOnVpcCidrThatIsAHostName", local("vpcCidr: 10.0.0.0/16", "vpcCidr: vpc.local/16"),
            X + "network.vpcCidr: 'vpc.local/16' " + CIDR_RULE),
        fails("failsOnVpcPrefixShorterThan16", local("vpcCidr: 10.0.0.0/16", "vpcCidr: 10.0.0.0/8"),
            X + "network.vpcCidr: '10.0.0.0/8' " + CIDR_RULE),
        fails("failsOnVpcPrefixLongerThan28", local("vpcCidr: 10.0.0.0/16", "vpcCidr: 10.0.0.0/29"),
            X + "network.vpcCidr: '10.0.0.0/29' " + CIDR_RULE),
        fails("failsOnVpcCidrThatIsNotANetworkAddress", local("vpcCidr: 10.0.0.0/16", "vpcCidr: 10.0.1.0/16"),
            X + "network.vpcCidr: '10.0.1.0/16' is not a network address (did you mean 10.0.0.0/16?)"),
        fails("failsOnVpcCidrWithHostBitsInLastOctet", local("vpcCidr: 10.0.0.0/16", "vpcCidr: 172.16.4.17/22"),
            X + "network.vpcCidr: '172.16.4.17/22' is not a network address (did you mean 172.16.4.0/22?)"),
        fails("failsOnSubnetPrefixEqualToVpcPrefix", local("subnetPrefixLength: 24", "subnetPrefixLength: 16"),
            X + "network.subnetPrefixLength: /16 must be longer than the VPC's /16"),
        fails("failsOnSubnetPrefixLongerThan28", local("subnetPrefixLength: 24", "subnetPrefixLength: 29"),
            X + "network.subnetPrefixLength: 29 is out of range (16-28)"),
        fails("failsOnSubnetsThatDoNotFit",
            minimal("network: {vpcCidr: 10.0.0.0/23, availabilityZones: 3, subnetPrefixLength: 24}\n"),
            X + "network.subnetPrefixLength: 2 x 3 subnets of /24 do not fit in 10.0.0.0/23 (room for 2)"),
        fails("failsOnSixAzsOfSlash20InSlash17",
            minimal("network: {vpcCidr: 10.0.0.0/17, availabilityZones: 6, subnetPrefixLength: 20}\n"),
            X + "network.subnetPrefixLength: 2 x 6 subnets of /20 do not fit in 10.0.0.0/17 (room for 8)"),
        fails("failsOnZeroAvailabilityZones", local("availabilityZones: 2", "availabilityZones: 0"),
            X + "network.availabilityZones: 0 is out of range (1-6)"),
        fails("failsOnSevenAvailabilityZones", local("availabilityZones: 2", "availabilityZones: 7"),
            X + "network.availabilityZones: 7 is out of range (1-6)"),
        fails("failsOnUnknownNatMode", local("natGateways: one", "natGateways: two"),
            X + "network.natGateways: 'two' is not a NAT mode; expected none, one or perAz"),
        fails("failsOnNatModeInWrongCase", local("natGateways: one", "natGateways: perAZ"),
            X + "network.natGateways: 'perAZ' is not a NAT mode; expected none, one or perAz"),
        fails("failsOnUnknownVpcEndpointService", minimal("network: {vpcEndpoints: [ssm, ecr]}\n"),
            X + "network.vpcEndpoints[1]: 'ecr' is not a VPC endpoint service; expected one of [ssm,"
                + " ssmmessages, ec2messages, ecr.api, ecr.dkr, logs, secretsmanager, s3]"),
        fails("failsOnVpcEndpointListedTwice", minimal("network: {vpcEndpoints: [logs, s3, logs]}\n"),
            X + "network.vpcEndpoints[2]: 'logs' is listed twice"),
        fails("failsOnVpcEndpointsAsOneString", minimal("network: {vpcEndpoints: ssm}\n"),
            X + "network.vpcEndpoints: expected a list of strings, got string 'ssm'"),

        // cluster
        fails("failsOnClusterNameWithSpace", local("name: ecs-service-connector-sample-cluster", "name: my cluster"),
            X + "cluster.name: 'my cluster' " + ECS_RULE),
        fails("failsOnClusterNameOf256Characters",
            local("name: ecs-service-connector-sample-cluster", "name: " + repeat('c', 256)),
            X + "cluster.name: " + quoted(repeat('c', 256)) + " is 256 characters long; at most 255"),
        fails("failsOnEmptyClusterName", local("name: ecs-service-connector-sample-cluster", "name: ''"),
            X + "cluster.name: must not be empty"),
        fails("failsOnNamespaceWithUppercase", minimal("cluster: {namespace: Local}\n"),
            X + "cluster.namespace: 'Local' " + DNS_RULE),
        fails("failsOnNamespaceLabelEndingWithHyphen", minimal("cluster: {namespace: svc-.internal}\n"),
            X + "cluster.namespace: 'svc-.internal' " + DNS_RULE),
        fails("failsOnNamespaceWithEmptyLabel", minimal("cluster: {namespace: svc..internal}\n"),
            X + "cluster.namespace: 'svc..internal' " + DNS_RULE),
        fails("failsOnNamespaceWithUnderscore", minimal("cluster: {namespace: my_ns}\n"),
            X + "cluster.namespace: 'my_ns' " + DNS_RULE),
        fails("failsOnNamespaceLabelOf64Characters", minimal("cluster: {namespace: " + repeat('n', 64) + "}\n"),
            X + "cluster.namespace: '" + repeat('n', 64) + "' " + DNS_RULE),
        fails("failsOnNamespaceOf254Characters", minimal("cluster: {namespace: " + dnsName(254) + "}\n"),
            X + "cluster.namespace: " + quoted(dnsName(254)) + " is 254 characters long; at most 253"),
        fails("failsOnEmptyNamespace", minimal("cluster: {namespace: ''}\n"),
            X + "cluster.namespace: must not be empty"),

        // logs
        fails("failsOnLogGroupWithSpace", local("group: ecs-service-connect-sample", "group: my logs"),
            X + "logs.group: 'my logs' may only contain letters, digits and . - _ / #"),
        fails("failsOnLogGroupWithColon", local("group: ecs-service-connect-sample", "group: 'ecs:logs'"),
            X + "logs.group: 'ecs:logs' may only contain letters, digits and . - _ / #"),
        fails("failsOnLogGroupOf513Characters", local("group: ecs-service-connect-sample", "group: " + repeat('g', 513)),
            X + "logs.group: " + quoted(repeat('g', 513)) + " is 513 characters long; at most 512"),
        fails("failsOnRetentionThatCloudWatchDoesNotOffer", local("retentionDays: 30", "retentionDays: 31"),
            X + "logs.retentionDays: 31 is not a CloudWatch Logs retention; expected one of " + RETENTIONS),
        fails("failsOnZeroRetention", local("retentionDays: 30", "retentionDays: 0"),
            X + "logs.retentionDays: 0 is not a CloudWatch Logs retention; expected one of " + RETENTIONS));
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("oneLetterEnvironment", local("environment: local", "environment: a"),
            EnvironmentConfig::environment, "a"),
        accepts("environmentOf20Characters", local("environment: local", "environment: prod-eu-west-1-blue0"),
            EnvironmentConfig::environment, "prod-eu-west-1-blue0"),
        accepts("awsTarget", minimal("target: {kind: aws, region: eu-west-1, accountId: '012345678901'}\n"),
            c -> List.of(c.target().kind(), c.target().region(), c.target().accountId()),
            List.of(TargetKind.AWS, "eu-west-1", Optional.of("012345678901"))),
        accepts("awsTargetWithoutAccountId", minimal("target: {kind: aws}\n"),
            c -> c.target().accountId(), Optional.empty()),
        accepts("govCloudRegion", local("region: us-east-1", "region: us-gov-west-1"),
            c -> c.target().region(), "us-gov-west-1"),
        accepts("isoRegion", local("region: us-east-1", "region: us-isob-east-1"),
            c -> c.target().region(), "us-isob-east-1"),
        accepts("stateRegionDefaultsToTargetRegion", minimal("target: {region: ap-southeast-2}\n"),
            c -> c.state().region(), "ap-southeast-2"),
        accepts("stateRegionOtherThanTargetRegion", minimal("  region: eu-central-1\n"),
            c -> List.of(c.target().region(), c.state().region()), List.of("us-east-1", "eu-central-1")),
        accepts("bucketOf3Characters", bucket("abc"),
            c -> c.state().bucket(), "abc"),
        accepts("bucketOf63Characters", bucket(repeat('b', 63)),
            c -> c.state().bucket(), repeat('b', 63)),
        accepts("bucketWithDotsAndDigits", bucket("tf.state-2.example"),
            c -> c.state().bucket(), "tf.state-2.example"),
        accepts("bucketThatOnlyLooksLikeAnIpAddress", bucket("192.168.5.bucket"),
            c -> c.state().bucket(), "192.168.5.bucket"),
        accepts("bucketWithReservedWordInside", bucket("my-xn--sthree-s3alias-tf"),
            c -> c.state().bucket(), "my-xn--sthree-s3alias-tf"),
        accepts("stateKeyOfOneCharacter", minimal("  key: k\n"), c -> c.state().key(), "k"),
        accepts("stateKeyOf1017Characters", minimal("  key: " + repeat('k', 1017) + "\n"),
            c -> c.state().key(), repeat('k', 1017)),
        accepts("nestedStateKey", minimal("  key: envs/prod/terraform.tfstate\n"),
            c -> c.state().key(), "envs/prod/terraform.tfstate"),
        accepts("subnetPrefixOf28", minimal("network: {vpcCidr: 192.168.0.0/20, subnetPrefixLength: 28}\n"),
            c -> c.network().vpcCidr(), "192.168.0.0/20"),
        accepts("subnetsThatExactlyFill",
            minimal("network: {vpcCidr: 10.0.0.0/22, availabilityZones: 2, subnetPrefixLength: 24}\n"),
            c -> List.of(c.network().availabilityZones(), c.network().subnetPrefixLength()), List.of(2, 24)),
        accepts("sixAvailabilityZones",
            minimal("network: {vpcCidr: 10.0.0.0/16, availabilityZones: 6, subnetPrefixLength: 20}\n"),
            c -> c.network().availabilityZones(), 6),
        accepts("oneAvailabilityZone", minimal("network: {availabilityZones: 1}\n"),
            c -> c.network().availabilityZones(), 1),
        accepts("noNatGateways", local("natGateways: one", "natGateways: none"),
            c -> c.network().natGateways(), NatGateways.NONE),
        accepts("natGatewayPerAz", local("natGateways: one", "natGateways: perAz"),
            c -> c.network().natGateways(), NatGateways.PER_AZ),
        accepts("noVpcEndpointsByDefault", minimal(""), c -> c.network().vpcEndpoints(), Set.of()),
        accepts("everyVpcEndpoint",
            minimal("network: {vpcEndpoints: [s3, secretsmanager, logs, ecr.dkr, ecr.api, ec2messages, ssmmessages,"
                + " ssm]}\n"),
            c -> List.copyOf(c.network().vpcEndpoints()), List.of(VpcEndpoint.values())),
        accepts("clusterNameWithUnderscoreAndUppercase", minimal("cluster: {name: My_Cluster-2}\n"),
            c -> c.cluster().name(), "My_Cluster-2"),
        accepts("clusterNameOf255Characters", minimal("cluster: {name: " + repeat('c', 255) + "}\n"),
            c -> c.cluster().name(), repeat('c', 255)),
        accepts("multiLabelNamespace", minimal("cluster: {namespace: svc-1.internal.example}\n"),
            c -> c.cluster().namespace(), "svc-1.internal.example"),
        // Endpoints with a dnsName of their own: the default one, <discoveryName>.<namespace>, would pass ECS's 127.
        accepts("namespaceOf253Characters", minimal("cluster: {namespace: " + dnsName(253) + "}\n"
                + "services: [{name: web, serviceConnect: {endpoints: [{portName: nginx, dnsName: web.local}]}}]\n"),
            c -> c.cluster().namespace(), dnsName(253)),
        accepts("logGroupWithEveryAllowedSymbol", minimal("logs: {group: '/ecs/Service_Connect-1.x#a'}\n"),
            c -> c.logs().group(), "/ecs/Service_Connect-1.x#a"),
        accepts("logGroupOf512Characters", minimal("logs: {group: " + repeat('g', 512) + "}\n"),
            c -> c.logs().group(), repeat('g', 512)),
        accepts("shortestRetention", minimal("logs: {retentionDays: 1}\n"), c -> c.logs().retentionDays(), 1),
        accepts("longestRetention", minimal("logs: {retentionDays: 3653}\n"), c -> c.logs().retentionDays(), 3653));
  }

  /** A valid DNS name of exactly {@code length} characters: 63-character labels joined by dots. */
  static String dnsName(int length) {
    StringBuilder name = new StringBuilder();
    while (name.length() < length) {
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(repeat('d', Math.min(63, length - name.length())));
    }
    return name.toString();
  }
}
