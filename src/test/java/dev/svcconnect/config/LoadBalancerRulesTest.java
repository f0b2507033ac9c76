package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.known;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.EnvironmentConfig.AccessLogs;
import dev.svcconnect.config.EnvironmentConfig.Ingress;
import dev.svcconnect.config.EnvironmentConfig.LoadBalancer;
import dev.svcconnect.config.EnvironmentConfig.TargetHealthCheck;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.tiers.UnitTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** {@code loadBalancers} and each service's {@code ingress}: defaults, and every rule with its exact line. */
@UnitTier
class LoadBalancerRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  private static final String LB = X + "loadBalancers.web.";
  private static final String IN = X + "services[0].ingress";
  private static final String CERT = "arn:aws:acm:us-east-1:123456789012:certificate/"
      + "0a1b2c3d-0000-4000-8000-00000000abcd";

  /** Service 'web' (publishing the shared task's port 'nginx') with {@code ingress}, and {@code loadBalancers}. */
  private static String behind(String ingress, String loadBalancers) {
    return minimal("services:\n  - name: web\n    serviceConnect: {endpoints: [{portName: nginx, discoveryName:"
        + " web}]}\n    ingress: " + ingress + "\nloadBalancers:\n" + loadBalancers);
  }

  private static String web(String fields) {
    return behind("{loadBalancer: web}", "  web: " + fields + "\n");
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("emptyMappingIsAnInternetFacingHttpLoadBalancerOpenToAnyone", web("{}"),
            c -> c.loadBalancers().get("web"),
            new LoadBalancer("web", true, 80, 443, Optional.empty(), "ELBSecurityPolicy-TLS13-1-2-2021-06",
                List.of("0.0.0.0/0"), List.of(), false, Optional.empty())),
        accepts("internalAdmitsTheVpcByDefault", web("{scheme: internal}"),
            c -> c.loadBalancers().get("web").allowedCidrs(), List.of("10.0.0.0/16")),
        accepts("internalFollowsTheVpcCidr", web("{scheme: internal}") + "network: {vpcCidr: 10.8.0.0/16}\n",
            c -> c.loadBalancers().get("web").allowedCidrs(), List.of("10.8.0.0/16")),
        accepts("httpsWithCertificate", web("{certificateArn: '" + CERT + "', httpsPort: 8443}"),
            c -> c.loadBalancers().get("web").listenerPorts(), List.of(80, 8443)),
        accepts("everyField", web("{scheme: internal, httpPort: 8080, httpsPort: 443, certificateArn: '" + CERT
                + "', sslPolicy: ELBSecurityPolicy-TLS13-1-3-2021-06, allowedCidrs: [10.1.0.0/16],"
                + " allowedSecurityGroupIds: [sg-0123456789abcdef0], deletionProtection: true,"
                + " accessLogs: {bucket: my-logs, prefix: alb/web}}"),
            c -> c.loadBalancers().get("web"),
            new LoadBalancer("web", false, 8080, 443, Optional.of(CERT), "ELBSecurityPolicy-TLS13-1-3-2021-06",
                List.of("10.1.0.0/16"), List.of("sg-0123456789abcdef0"), true,
                Optional.of(new AccessLogs("my-logs", Optional.of("alb/web"))))),
        accepts("ingressDefaultsAreAwsAndCdkDefaults", web("{}"),
            c -> c.services().get(0).ingress().orElseThrow(),
            new Ingress("web", "nginx", "nginx", 80, List.of(), List.of(),
                new TargetHealthCheck("/", "200", 30, 5, 5, 2), 300, 60)),
        accepts("everyIngressField", behind("{loadBalancer: web, portName: nginx, paths: [/api/*], hosts:"
                + " [api.example.com], healthCheck: {path: /healthz, matcher: '200,204', intervalSec: 10,"
                + " timeoutSec: 9, healthyThreshold: 2, unhealthyThreshold: 10}, deregistrationDelaySec: 0,"
                + " healthCheckGracePeriodSec: 0}", "  web: {}\n"),
            c -> c.services().get(0).ingress().orElseThrow(),
            new Ingress("web", "nginx", "nginx", 80, List.of("/api/*"), List.of("api.example.com"),
                new TargetHealthCheck("/healthz", "200,204", 10, 9, 2, 10), 0, 0)),
        accepts("internetFacingInAnExistingVpcUsesItsPublicSubnets", web("{}") + BrownfieldRulesTest.EXISTING
                + "    publicSubnetIds: [subnet-0123456789abcdef2, subnet-0123456789abcdef3]\n",
            c -> c.loadBalancers().get("web").allowedCidrs(), List.of("0.0.0.0/0")),
        accepts("internalInAnExistingVpcWithAllowedCidrs", web("{scheme: internal, allowedCidrs: [10.20.0.0/16]}")
                + BrownfieldRulesTest.EXISTING,
            c -> c.loadBalancers().get("web").allowedCidrs(), List.of("10.20.0.0/16")),
        accepts("noLoadBalancerByDefault", minimal(""), c -> List.of(c.loadBalancers().size(),
            c.services().stream().filter(s -> s.ingress().isPresent()).count()), List.of(0, 0L)),
        accepts("twoServicesShareOneLoadBalancerByPath", minimal("services:\n"
                + "  - name: a\n    ingress: {loadBalancer: web}\n"
                + "  - name: b\n    ingress: {loadBalancer: web, paths: [/b/*]}\n"
                + "loadBalancers:\n  web: {}\n"),
            c -> c.servicesBehind("web").stream().map(s -> s.name()).toList(), List.of("a", "b")));
  }

  static Stream<Arguments> loadBalancerRules() {
    return Stream.of(
        fails("failsOnInternetFacingInAnExistingVpcWithoutPublicSubnets",
            web("{}") + BrownfieldRulesTest.EXISTING,
            LB + "scheme: internet-facing needs public subnets, and network.existing.publicSubnetIds lists none;"
                + " list them, or set scheme: internal"),
        fails("failsOnInternalInAnExistingVpcWithoutAllowedCidrs",
            web("{scheme: internal}") + BrownfieldRulesTest.EXISTING,
            LB + "allowedCidrs: an internal load balancer in network.existing's VPC needs it: the VPC's CIDR is not"
                + " in this file; list the CIDRs that may reach it (e.g. the VPC's)"),
        fails("failsOnBadName", behind("{loadBalancer: Web_1}", "  Web_1: {}\n"),
            X + "loadBalancers.Web_1: key 'Web_1' must be 1-22 lowercase letters, digits and hyphens, starting and"
                + " ending with a letter or digit"),
        fails("failsOnUnknownScheme", web("{scheme: public}"),
            LB + "scheme: 'public' is not a load balancer scheme; expected internet-facing or internal"),
        fails("failsOnHttpsPortWithoutCertificate", web("{httpsPort: 8443}"),
            LB + "httpsPort: only applies to the HTTPS listener, which needs certificateArn"),
        fails("failsOnSslPolicyWithoutCertificate", web("{sslPolicy: ELBSecurityPolicy-TLS13-1-3-2021-06}"),
            LB + "sslPolicy: only applies to the HTTPS listener, which needs certificateArn"),
        fails("failsOnSamePorts", web("{certificateArn: '" + CERT + "', httpPort: 443}"),
            LB + "httpsPort: 443 is also httpPort; the HTTPS and HTTP listeners need a port each"),
        fails("failsOnCertificateThatIsNotAnAcmArn", web("{certificateArn: 'arn:aws:iam::123456789012:server-"
                + "certificate/x'}"),
            LB + "certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' is not an ACM certificate ARN"
                + " (arn:<partition>:acm:<region>:<account>:certificate/<uuid>)"),
        fails("failsOnCertificateOfAnotherRegion", web("{certificateArn: '" + CERT.replace("us-east-1", "eu-west-1")
                + "'}"),
            LB + "certificateArn: '" + CERT.replace("us-east-1", "eu-west-1") + "' is in eu-west-1; a load"
                + " balancer in target.region us-east-1 takes ACM certificates of its own region"),
        fails("failsOnOldTlsPolicy", web("{certificateArn: '" + CERT + "', sslPolicy: ELBSecurityPolicy-2016-08}"),
            LB + "sslPolicy: 'ELBSecurityPolicy-2016-08' is not an ELB security policy; expected"
                + " ELBSecurityPolicy-TLS13-1-2-2021-06, ELBSecurityPolicy-TLS13-1-2-Res-2021-06 or"
                + " ELBSecurityPolicy-TLS13-1-3-2021-06"),
        fails("failsOnPortOutOfRange", web("{httpPort: 0}"),
            LB + "httpPort: 0 is out of range (1-65535)"),
        fails("failsOnBadCidrs", web("{allowedCidrs: [10.0.0.1/16, 10.0.0.0/33, 10.1.0.0/16, 10.1.0.0/16]}"),
            LB + "allowedCidrs[1]: '10.0.0.0/33' is not an IPv4 CIDR (a.b.c.d/n)"),
        fails("failsOnHostBitsAndDuplicateCidrs", web("{allowedCidrs: [10.0.0.1/16, 10.1.0.0/16, 10.1.0.0/16]}"),
            LB + "allowedCidrs[0]: '10.0.0.1/16' is not a network address (did you mean 10.0.0.0/16?)",
            LB + "allowedCidrs[2]: '10.1.0.0/16' is listed twice"),
        fails("failsOnEmptyCidrs", web("{allowedCidrs: []}"),
            LB + "allowedCidrs: needs at least one entry"),
        fails("failsOnBadSecurityGroupId", web("{allowedSecurityGroupIds: [sg-12, sg-0123456789abcdef0,"
                + " sg-0123456789abcdef0]}"),
            LB + "allowedSecurityGroupIds[0]: 'sg-12' is not a security group id (sg- and 8 or 17 hexadecimal"
                + " digits)"),
        fails("failsOnDuplicateSecurityGroupId", web("{allowedSecurityGroupIds: [sg-0123456789abcdef0,"
                + " sg-0123456789abcdef0]}"),
            LB + "allowedSecurityGroupIds[1]: 'sg-0123456789abcdef0' is listed twice"),
        fails("failsOnAccessLogsWithoutBucket", web("{accessLogs: {prefix: x}}"),
            LB + "accessLogs.bucket: is required"),
        fails("failsOnAccessLogPrefixWithAwsLogs", web("{accessLogs: {bucket: logs, prefix: /AWSLogs/}}"),
            LB + "accessLogs.prefix: '/AWSLogs/' must not start or end with '/' nor contain AWSLogs, and may only"
                + " contain letters, digits and ! _ . * ' ( ) / -"),
        fails("failsOnDerivedNameTooLong", behind("{loadBalancer: " + repeat('a', 22) + "}", "  " + repeat('a', 22)
                + ": {}\n").replace("environment: test", "environment: " + repeat('e', 12)),
            X + "loadBalancers." + repeat('a', 22) + ": the load balancer name '" + repeat('e', 12) + "-"
                + repeat('a', 22) + "' derived from it is 35 characters; AWS allows 32"
                + " (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html)"),
        fails("failsOnDerivedInternalPrefix", web("{}").replace("environment: test", "environment: internal"),
            X + "loadBalancers.web: the load balancer name 'internal-web' derived from it begins with internal-,"
                + " which AWS refuses"),
        fails("failsOnUnusedLoadBalancer", web("{}") + "  spare: {}\n",
            X + "loadBalancers.spare: no service names it under ingress.loadBalancer; a load balancer without targets"
                + " only costs money"),
        fails("failsOnGroupNameOfAService", minimal("services:\n  - name: alb-web\n    ingress: {loadBalancer: web}\n"
                + "loadBalancers:\n  web: {}\n"),
            X + "loadBalancers.web: its security group would be named like that of service 'alb-web'; rename one of"
                + " them"),
        fails("failsOnUnknownField", web("{schema: internal}"),
            LB + "schema: unknown field (did you mean 'scheme'?)" + known("loadBalancers", "web")));
  }

  static Stream<Arguments> ingressRules() {
    return Stream.of(
        fails("failsOnUnknownLoadBalancer", behind("{loadBalancer: api}", "  web: {}\n"),
            IN + ".loadBalancer: no load balancer named 'api' under loadBalancers (defined: web)",
            X + "loadBalancers.web: no service names it under ingress.loadBalancer; a load balancer without targets"
                + " only costs money"),
        fails("failsWithoutLoadBalancers", minimal("services:\n  - name: web\n    ingress: {loadBalancer: web}\n"),
            IN + ".loadBalancer: no load balancer named 'web' under loadBalancers (none is defined)"),
        fails("failsWithoutLoadBalancerField", behind("{paths: [/x]}", "  web: {}\n"),
            IN + ".loadBalancer: is required"),
        fails("failsOnUnknownPort", behind("{loadBalancer: web, portName: http}", "  web: {}\n"),
            IN + ".portName: Port Mapping 'http' does not exist on the task definition."),
        fails("failsWithoutNamedPort", minimal("task: {portMappings: [{containerPort: 80}]}\nservices:\n"
                + "  - name: web\n    ingress: {loadBalancer: web}\nloadBalancers:\n  web: {}\n"),
            IN + ": the app container 'nginx' has no named port; name one under portMappings, or set portName"),
        fails("failsOnGrpcPort", minimal("task: {portMappings: [{name: rpc, containerPort: 50051, appProtocol:"
                + " grpc}]}\nservices:\n  - name: web\n    ingress: {loadBalancer: web}\nloadBalancers:\n"
                + "  web: {}\n"),
            IN + ".portName: port 'rpc' speaks grpc, which an Application Load Balancer forwards only from an HTTPS"
                + " listener to a gRPC target group; use an http or http2 port"),
        fails("failsOnTimeoutNotBelowInterval", behind("{loadBalancer: web, healthCheck: {intervalSec: 5,"
                + " timeoutSec: 5}}", "  web: {}\n"),
            IN + ".healthCheck.timeoutSec: 5 must be less than intervalSec (5)"),
        fails("failsOnHealthCheckRanges", behind("{loadBalancer: web, healthCheck: {intervalSec: 301,"
                + " healthyThreshold: 1, unhealthyThreshold: 11}}", "  web: {}\n"),
            IN + ".healthCheck.intervalSec: 301 is out of range (5-300)",
            IN + ".healthCheck.healthyThreshold: 1 is out of range (2-10)",
            IN + ".healthCheck.unhealthyThreshold: 11 is out of range (2-10)"),
        fails("failsOnBadMatcher", behind("{loadBalancer: web, healthCheck: {matcher: '100-599'}}", "  web: {}\n"),
            IN + ".healthCheck.matcher: '100-599' must be HTTP codes 200-499: a code, a comma-separated list or a"
                + " range (200-299)"),
        fails("failsOnRelativeHealthPath", behind("{loadBalancer: web, healthCheck: {path: health}}", "  web: {}\n"),
            IN + ".healthCheck.path: 'health' must start with '/' and contain no whitespace"),
        fails("failsOnBadPathPattern", behind("{loadBalancer: web, paths: [api/*, '/a b']}", "  web: {}\n"),
            IN + ".paths[0]: 'api/*' must start with '/' and may only contain letters, digits and _ - . $ / ~ \" ' @ :"
                + " + & * ?",
            IN + ".paths[1]: '/a b' must start with '/' and may only contain letters, digits and _ - . $ / ~ \" ' @ :"
                + " + & * ?"),
        fails("failsOnBadHost", behind("{loadBalancer: web, hosts: ['api_example.com']}", "  web: {}\n"),
            IN + ".hosts[0]: 'api_example.com' may only contain letters, digits and - . * ?"),
        fails("failsOnMoreThanFiveConditionValues", behind("{loadBalancer: web, paths: [/a, /b, /c], hosts: [a, b,"
                + " c]}", "  web: {}\n"),
            IN + ".hosts: 3 paths and 3 hosts make 6 condition values; a listener rule takes at most 5"),
        fails("failsOnDeregistrationDelayOutOfRange", behind("{loadBalancer: web, deregistrationDelaySec: 3601}",
                "  web: {}\n"),
            IN + ".deregistrationDelaySec: 3601 is out of range (0-3600)"),
        fails("failsOnNegativeGracePeriod", behind("{loadBalancer: web, healthCheckGracePeriodSec: -1}",
                "  web: {}\n"),
            IN + ".healthCheckGracePeriodSec: -1 is out of range (0-2147483647)"),
        fails("failsOnTwoDefaultServices", minimal("services:\n  - name: a\n    ingress: {loadBalancer: web}\n"
                + "  - name: b\n    ingress: {loadBalancer: web}\nloadBalancers:\n  web: {}\n"),
            X + "services[1].ingress: load balancer 'web' already forwards by default (no paths or hosts) to"
                + " services[0].ingress; give one of them paths or hosts"),
        fails("failsOnSameConditions", minimal("services:\n  - name: a\n    ingress: {loadBalancer: web, paths: [/x,"
                + " /y]}\n  - name: b\n    ingress: {loadBalancer: web, paths: [/y, /x]}\nloadBalancers:\n"
                + "  web: {}\n"),
            X + "services[1].ingress: the same paths and hosts as services[0].ingress on load balancer 'web'; only"
                + " the first rule would ever match"));
  }

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(loadBalancerRules(), ingressRules()).flatMap(rows -> rows);
  }

  /**
   * The README's claim: three lines put the walkthrough's client behind a public load balancer. The fixture the
   * emulator IT deploys differs from the test copy of config/local.yaml by exactly those lines (and its comment).
   */
  @Test
  void threeLinesPutTheClientBehindAPublicLoadBalancer() throws Exception {
    List<String> local = Files.readAllLines(Fixtures.LOCAL);
    List<String> alb = Files.readAllLines(Path.of("src/test/resources/topology/alb-minimal.yaml"));
    List<String> added = new ArrayList<>();
    for (String line : alb) {
      if (!line.isBlank() && !line.startsWith("#") && !local.contains(line)) {
        added.add(line);
      }
    }
    assertThat(added).containsExactly("    ingress: {loadBalancer: web}", "loadBalancers:", "  web: {}");
    assertThat(alb).as("nothing of config/local.yaml but its comments is left out")
        .containsAll(local.stream().filter(l -> !l.startsWith("#")).toList());
    EnvironmentConfig config = ConfigLoader.load(Path.of("src/test/resources/topology/alb-minimal.yaml"));
    assertThat(config.loadBalancers().get("web").internetFacing()).isTrue();
    assertThat(config.servicesBehind("web")).extracting(s -> s.name()).containsExactly("client-service");
  }
}
