package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.known;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.local;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.quoted;
import static dev.svcconnect.config.ConfigYaml.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.EnvironmentConfig.CircuitBreaker;
import dev.svcconnect.config.EnvironmentConfig.Deployment;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.ServiceConnect;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Rules of the services list: names, a service's own task definition, deployment settings, the Service Connect
 * endpoints each service publishes, the endpoints services call and the bastion reaches, the retired keys of the
 * old schema, and the walkthrough's services when none are written.
 */
@UnitTier
class ServiceRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  private static final String ECS_RULE = "may only contain letters, digits, hyphens and underscores";
  private static final String SC_NAME_RULE = "may only contain lowercase letters, digits, '_' and '-', and must not"
      + " start with '-'";
  /** ECS's rule for a client alias (ServiceConnectClientAlias.dnsName), exactly: see the schema. */
  private static final String DNS_NAME_RULE = "must be a DNS name of lowercase letters, digits, '_' and '-' in labels"
      + " of 1-63 characters between single dots, not starting with '-'";
  /** A DNS name of 128 characters: labels of 63, 61 and 2. */
  private static final String DNS_NAME_128 = "a".repeat(63) + "." + "b".repeat(61) + ".cc";
  private static final String LOG_PREFIX_RULE = "must not contain ':' or '*'";
  /** The first endpoint of the first service, as a field path. */
  private static final String E0 = X + "services[0].serviceConnect.endpoints[0].";
  private static final String FLAT_SERVICE_CONNECT = "is no longer supported; endpoints are listed under"
      + " serviceConnect.endpoints (a list), e.g. endpoints: [{portName: nginx, discoveryName: nginx-server}]";
  /** A task of its own with two named ports, for a service publishing more than one endpoint. */
  private static final String TWO_PORTS = "    task: {portMappings: [{name: http, containerPort: 80},"
      + " {name: admin, containerPort: 8080}]}\n";
  /** A task of its own whose only port speaks plain TCP. */
  private static final String REDIS_TASK = "    task: {portMappings: [{name: redis, containerPort: 6379, appProtocol:"
      + " tcp}]}\n";

  /** A minimal document whose services are the given list items (each starting with "  - "). */
  private static String services(String items) {
    return minimal("services:\n" + items);
  }

  /** One list item: a service publishing the shared task's port 'nginx' under its own name, plus more fields. */
  private static String service(String name, String more) {
    return "  - name: " + name + "\n    serviceConnect: {endpoints: [{portName: nginx, discoveryName: " + name
        + "}]}\n" + more;
  }

  /** One list item: a service whose endpoints are the given flow mappings, plus more fields. */
  private static String publisher(String name, String endpoints, String more) {
    return "  - name: " + name + "\n" + more + "    serviceConnect: {endpoints: [" + endpoints + "]}\n";
  }

  /** One list item: a client-only service (it publishes nothing), plus more fields. */
  private static String client(String name, String more) {
    return "  - name: " + name + "\n" + more;
  }

  static Stream<Arguments> serviceRules() {
    return Stream.of(
        fails("failsOnEmptyServiceList", minimal("services: []\n"),
            X + "services: needs at least one entry"),
        fails("failsOnServiceWithoutName", services("  - desiredCount: 1\n"),
            X + "services[0].name: is required"),
        fails("failsOnServiceNameWithSpace", services(client("web service", "")),
            X + "services[0].name: 'web service' " + ECS_RULE),
        fails("failsOnServiceNameOf256Characters", services(client(repeat('s', 256), "")),
            X + "services[0].name: " + quoted(repeat('s', 256)) + " is 256 characters long; at most 255"),
        fails("failsOnDuplicateServiceNames", services(service("web", "") + client("web", "")),
            X + "services[1].name: service name 'web' is already used by services[0]"),
        fails("failsOnServiceNamedBastion", services(client("bastion", "")),
            X + "services[0].name: 'bastion' is reserved for the bastion host, which names what it reaches under"
                + " bastion.reaches"),
        fails("failsOnServiceNamedLikeTheVpcEndpointsGroup", services(client("vpc-endpoints", "")),
            X + "services[0].name: 'vpc-endpoints' is reserved for the security group of network.vpcEndpoints,"
                + " which is named like a service's"),
        fails("failsOnNegativeDesiredCount", services(service("web", "    desiredCount: -1\n")),
            X + "services[0].desiredCount: -1 is out of range (0-1000)"),
        fails("failsOnDesiredCountAbove1000", services(service("web", "    desiredCount: 1001\n")),
            X + "services[0].desiredCount: 1001 is out of range (0-1000)"),
        fails("failsOnStringForExecuteCommand", services(client("web", "    enableExecuteCommand: 'yes'\n")),
            X + "services[0].enableExecuteCommand: expected true or false, got string 'yes'"));
  }

  static Stream<Arguments> ownTaskRules() {
    return Stream.of(
        fails("failsOnOwnFamilyOfTheSharedTask",
            services(client("web", "") + client("api", "    task: {family: nginx}\n")),
            X + "services[1].task.family: task definition family 'nginx' is already used by task"),
        fails("failsOnDefaultOwnFamilyOfTheSharedTask",
            services(client("nginx", "    task: {image: httpd}\n") + client("web", "")),
            X + "services[0].task.family: task definition family 'nginx' is already used by task"),
        fails("failsOnTwoServicesWithOneOwnFamily",
            services(client("web", "    task: {family: app}\n") + client("api", "    task: {family: app}\n")),
            X + "services[1].task.family: task definition family 'app' is already used by services[0]"),
        fails("failsOnOwnFamilyOfAnotherServicesDefault",
            services(client("web", "    task: {image: httpd}\n") + client("api", "    task: {family: web}\n")),
            X + "services[1].task.family: task definition family 'web' is already used by services[0]"),
        fails("failsOnOwnFamilyWithColon", services(client("web", "    task: {family: 'web:1'}\n")),
            X + "services[0].task.family: 'web:1' " + ECS_RULE),
        fails("failsOnOwnTaskThatIsNotAFargateSize", services(client("web", "    task: {cpu: 300}\n")),
            X + "services[0].task.cpu: 300 is not a Fargate CPU size; expected one of [256, 512, 1024, 2048, 4096,"
                + " 8192, 16384]"),
        fails("failsOnUnknownOwnTaskField", services(client("web", "    task: {memory: 512}\n")),
            X + "services[0].task.memory: unknown field" + known("services", 0, "task")),
        fails("failsOnStringForOwnTask", services(client("web", "    task: httpd\n")),
            X + "services[0].task: expected a mapping, got string 'httpd'"),
        fails("failsOnEndpointPortOnlyOnTheSharedTask", services(publisher("web", "{portName: nginx}",
                "    task: {portMappings: [{name: http, containerPort: 8080}]}\n")),
            E0 + "portName: Port Mapping 'nginx' does not exist on the task definition."),
        fails("failsOnMisspelledTaskKey", services(client("web", "    tsak: {image: httpd}\n")),
            X + "services[0].tsak: unknown field (did you mean 'task'?)" + known("services", 0)));
  }

  static Stream<Arguments> deploymentRules() {
    return Stream.of(
        fails("failsOnUnknownCircuitBreakerMode", services(client("web", "    deployment: {circuitBreaker: pause}\n")),
            X + "services[0].deployment.circuitBreaker: 'pause' is not a circuit-breaker mode; expected rollback,"
                + " fail or none"),
        fails("failsOnUnquotedOffWhichYamlReadsAsABoolean",
            services(client("web", "    deployment: {circuitBreaker: off}\n")),
            X + "services[0].deployment.circuitBreaker: 'off' is not a circuit-breaker mode; expected rollback,"
                + " fail or none"),
        fails("failsOnCircuitBreakerInUppercase", local("circuitBreaker: rollback", "circuitBreaker: ROLLBACK"),
            X + "services[0].deployment.circuitBreaker: 'ROLLBACK' is not a circuit-breaker mode; expected rollback,"
                + " fail or none"),
        fails("failsOnNegativeMinimumHealthyPercent", local("minimumHealthyPercent: 100", "minimumHealthyPercent: -1"),
            X + "services[0].deployment.minimumHealthyPercent: -1 is out of range (0-100)"),
        fails("failsOnMinimumHealthyPercentAbove100", local("minimumHealthyPercent: 100", "minimumHealthyPercent: 101"),
            X + "services[0].deployment.minimumHealthyPercent: 101 is out of range (0-100)"),
        fails("failsOnMaximumPercentBelow100", local("maximumPercent: 200", "maximumPercent: 99"),
            X + "services[0].deployment.maximumPercent: 99 is out of range (100-1000)"),
        fails("failsOnMaximumPercentAbove1000", local("maximumPercent: 200", "maximumPercent: 1001"),
            X + "services[0].deployment.maximumPercent: 1001 is out of range (100-1000)"),
        fails("failsOnMaximumPercentThatDoesNotExceedMinimum", local("maximumPercent: 200", "maximumPercent: 100"),
            X + "services[0].deployment.maximumPercent: 100 must exceed minimumHealthyPercent (100), or ECS can"
                + " neither start a new task nor stop an old one"),
        fails("failsOnStringForMinimumHealthyPercent",
            local("minimumHealthyPercent: 100", "minimumHealthyPercent: 100%"),
            X + "services[0].deployment.minimumHealthyPercent: expected an integer, got string '100%'"));
  }

  static Stream<Arguments> serviceConnectRules() {
    return Stream.of(
        fails("failsOnLogStreamPrefixWithColon",
            local("logStreamPrefix: svccon-traffic-server", "logStreamPrefix: 'svccon:server'"),
            X + "services[0].serviceConnect.logStreamPrefix: 'svccon:server' " + LOG_PREFIX_RULE),
        fails("failsOnLogStreamPrefixWithAsterisk",
            local("logStreamPrefix: svccon-traffic-server", "logStreamPrefix: 'svccon-*'"),
            X + "services[0].serviceConnect.logStreamPrefix: 'svccon-*' " + LOG_PREFIX_RULE),
        fails("failsOnEmptyLogStreamPrefix", local("logStreamPrefix: svccon-traffic-server", "logStreamPrefix: ''"),
            X + "services[0].serviceConnect.logStreamPrefix: must not be empty"),
        fails("failsOnLogStreamPrefixOf513Characters",
            local("logStreamPrefix: svccon-traffic-server", "logStreamPrefix: " + repeat('l', 513)),
            X + "services[0].serviceConnect.logStreamPrefix: " + quoted(repeat('l', 513))
                + " is 513 characters long; at most 512"),
        fails("failsOnStringForEndpoints", services(client("web", "    serviceConnect: {endpoints: nginx}\n")),
            X + "services[0].serviceConnect.endpoints: expected a list, got string 'nginx'"),
        fails("failsOnStringInEndpoints", services(client("web", "    serviceConnect: {endpoints: [nginx]}\n")),
            X + "services[0].serviceConnect.endpoints[0]: expected a mapping, got string 'nginx'"));
  }

  static Stream<Arguments> endpointRules() {
    return Stream.of(
        fails("failsOnEndpointWithoutPortName", services(publisher("web", "{discoveryName: web}", "")),
            E0 + "portName: is required"),
        fails("failsOnPortNameNotOnTheTaskDefinition",
            services(publisher("web", "{portName: http, discoveryName: web}", "")),
            E0 + "portName: Port Mapping 'http' does not exist on the task definition."),
        fails("failsOnPortPublishedTwiceByOneService",
            services(publisher("web", "{portName: nginx, discoveryName: web}, {portName: nginx, discoveryName: www}",
                "")),
            X + "services[0].serviceConnect.endpoints[1].portName: port 'nginx' is already published by"
                + " services[0].serviceConnect.endpoints[0]"),
        fails("failsOnDiscoveryNameWithUppercase",
            services(publisher("web", "{portName: nginx, discoveryName: Web, dnsName: web.local}", "")),
            E0 + "discoveryName: 'Web' " + SC_NAME_RULE),
        fails("failsOnDiscoveryNameWithLeadingHyphen",
            services(publisher("web", "{portName: nginx, discoveryName: -web, dnsName: web.local}", "")),
            E0 + "discoveryName: '-web' " + SC_NAME_RULE),
        fails("failsOnDiscoveryNameWithDot",
            services(publisher("web", "{portName: nginx, discoveryName: web.api, dnsName: web.local}", "")),
            E0 + "discoveryName: 'web.api' " + SC_NAME_RULE),
        fails("failsOnDiscoveryNameOf65Characters", services(publisher("web",
                "{portName: nginx, discoveryName: " + repeat('d', 65) + ", dnsName: web.local}", "")),
            E0 + "discoveryName: '" + repeat('d', 65) + "' is 65 characters long; at most 64"),
        fails("failsOnDuplicateDiscoveryNames",
            services(service("web", "") + publisher("api", "{portName: nginx, discoveryName: web, dnsName: api.local}",
                "")),
            X + "services[1].serviceConnect.endpoints[0].discoveryName: Cannot create multiple services with the"
                + " discoveryName 'web'."),
        fails("failsOnDuplicateDiscoveryNamesWithinOneService", services(publisher("web",
                "{portName: http, discoveryName: web}, {portName: admin, discoveryName: web, dnsName: admin.local}",
                TWO_PORTS)),
            X + "services[0].serviceConnect.endpoints[1].discoveryName: Cannot create multiple services with the"
                + " discoveryName 'web'."),
        fails("failsOnDuplicateDiscoveryNamesByDefault",
            services(publisher("web", "{portName: nginx}", "") + publisher("api", "{portName: nginx}", "")),
            X + "services[1].serviceConnect.endpoints[0].discoveryName: Cannot create multiple services with the"
                + " discoveryName 'nginx'."),
        fails("failsOnDnsNameWithUppercase",
            services(publisher("web", "{portName: nginx, discoveryName: web, dnsName: Web.local}", "")),
            E0 + "dnsName: 'Web.local' " + DNS_NAME_RULE),
        fails("failsOnDnsNameWithEmptyLabel",
            services(publisher("web", "{portName: nginx, discoveryName: web, dnsName: web..local}", "")),
            E0 + "dnsName: 'web..local' " + DNS_NAME_RULE),
        fails("failsOnDnsNameWithLabelOf64Characters", services(publisher("web",
                "{portName: nginx, discoveryName: web, dnsName: " + repeat('w', 64) + ".local}", "")),
            E0 + "dnsName: '" + repeat('w', 64) + ".local' " + DNS_NAME_RULE),
        fails("failsOnDnsNameStartingWithHyphen",
            services(publisher("web", "{portName: nginx, discoveryName: web, dnsName: -web.local}", "")),
            E0 + "dnsName: '-web.local' " + DNS_NAME_RULE),
        // ECS: "The name can include up to 127 characters" (ServiceConnectClientAlias)
        fails("failsOnDnsNameOf128Characters", services(publisher("web",
                "{portName: nginx, discoveryName: web, dnsName: " + DNS_NAME_128 + "}", "")),
            E0 + "dnsName: '" + DNS_NAME_128 + "' is 128 characters long; at most 127"),
        fails("failsOnDnsNameOf254Characters", services(publisher("web",
                "{portName: nginx, discoveryName: web, dnsName: " + dnsName(254) + "}", "")),
            E0 + "dnsName: " + quoted(dnsName(254)) + " is 254 characters long; at most 127"),
        fails("failsOnEmptyDnsName", services(publisher("web", "{portName: nginx, discoveryName: web, dnsName: ''}",
                "")),
            E0 + "dnsName: must not be empty"),
        fails("failsOnEmptyDiscoveryName", services(publisher("web", "{portName: nginx, discoveryName: ''}", "")),
            E0 + "discoveryName: must not be empty"),
        fails("failsOnDuplicateClientAlias",
            services(service("web", "") + publisher("api", "{portName: nginx, discoveryName: api, dnsName: web.local}",
                "")),
            X + "services[1].serviceConnect.endpoints[0].dnsName: client alias web.local:80 is already published by"
                + " services[0].serviceConnect.endpoints[0]"),
        fails("failsOnDuplicateClientAliasByDefaultPort", services(publisher("web",
                "{portName: http, discoveryName: web}, {portName: admin, discoveryName: admin, dnsName: web.local,"
                    + " clientAliasPort: 80}", TWO_PORTS)),
            X + "services[0].serviceConnect.endpoints[1].dnsName: client alias web.local:80 is already published by"
                + " services[0].serviceConnect.endpoints[0]"),
        fails("failsOnClientAliasPortAbove65535", local("clientAliasPort: 80\n  - name: client-service",
                "clientAliasPort: 70000\n  - name: client-service"),
            E0 + "clientAliasPort: 70000 is out of range (1-65535)"),
        fails("failsOnClientAliasPortZero",
            services(publisher("web", "{portName: nginx, discoveryName: web, clientAliasPort: 0}", "")),
            E0 + "clientAliasPort: 0 is out of range (1-65535)"),
        fails("failsOnNegativeIdleTimeout",
            services(publisher("web", "{portName: nginx, discoveryName: web, idleTimeoutSec: -1}", "")),
            E0 + "idleTimeoutSec: -1 is out of range (0-2147483647)"),
        fails("failsOnNegativePerRequestTimeout",
            services(publisher("web", "{portName: nginx, discoveryName: web, perRequestTimeoutSec: -15}", "")),
            E0 + "perRequestTimeoutSec: -15 is out of range (0-2147483647)"),
        fails("failsOnPerRequestTimeoutOnTcpPort",
            services(publisher("cache", "{portName: redis, perRequestTimeoutSec: 5}", REDIS_TASK)),
            E0 + "perRequestTimeoutSec: port 'redis' speaks tcp, which has no requests to time out; remove it, or"
                + " give the port an appProtocol"),
        fails("failsOnIdleTimeoutOnTcpPort",
            services(publisher("cache", "{portName: redis, idleTimeoutSec: 3600}", REDIS_TASK)),
            E0 + "idleTimeoutSec: port 'redis' speaks tcp, and the AWS provider 5.x sends perRequestTimeoutSeconds 0"
                + " with any timeout, which ECS refuses for tcp; remove it to keep AWS's 1-hour default, or give the"
                + " port an appProtocol"),
        fails("failsOnIdleTimeoutAloneOnHttpPort",
            services(publisher("web", "{portName: nginx, discoveryName: web, idleTimeoutSec: 120}", "")),
            E0 + "idleTimeoutSec: set perRequestTimeoutSec too: with an idle timeout alone the AWS provider 5.x sends"
                + " perRequestTimeoutSeconds 0, which turns the per-request timeout off"),
        fails("failsOnStringForIdleTimeout",
            services(publisher("web", "{portName: nginx, discoveryName: web, idleTimeoutSec: 5s}", "")),
            E0 + "idleTimeoutSec: expected an integer, got string '5s'"),
        fails("failsOnMisspelledEndpointField",
            services(publisher("web", "{portName: nginx, discoveryName: web, idleTimeout: 5}", "")),
            E0 + "idleTimeout: unknown field (did you mean 'idleTimeoutSec'?)"
                + known("services", 0, "serviceConnect", "endpoints", 0)));
  }

  static Stream<Arguments> callRules() {
    return Stream.of(
        fails("failsOnCallToUnknownEndpoint",
            services(service("web", "") + service("api", "") + client("worker", "    calls: [ghost]\n")),
            X + "services[2].calls[0]: no endpoint has the discovery name 'ghost' (published: web, api)"),
        fails("failsOnCallWhenNothingIsPublished", services(client("worker", "    calls: [ghost]\n")),
            X + "services[0].calls[0]: no endpoint has the discovery name 'ghost' (none is published)"),
        fails("failsOnCallToClientOnlyService",
            services(service("web", "") + client("worker", "") + client("cron", "    calls: [worker]\n")),
            X + "services[2].calls[0]: 'worker' is a client-only service: it publishes no endpoint to call"),
        fails("failsOnCallToServiceNameInsteadOfDiscoveryName",
            services(publisher("web-service", "{portName: http, discoveryName: web}, {portName: admin,"
                + " discoveryName: web-admin}", TWO_PORTS) + client("worker", "    calls: [web-service]\n")),
            X + "services[1].calls[0]: 'web-service' is a service, not an endpoint; name one of its discovery names:"
                + " web, web-admin"),
        fails("failsOnCallListedTwice", services(service("web", "") + client("worker", "    calls: [web, web]\n")),
            X + "services[1].calls[1]: 'web' is listed twice"),
        fails("failsOnEveryBrokenCallInOrder", services(service("web", "")
                + client("worker", "    calls: [ghost, web]\n") + client("cron", "    calls: [worker]\n")),
            X + "services[1].calls[0]: no endpoint has the discovery name 'ghost' (published: web)",
            X + "services[2].calls[0]: 'worker' is a client-only service: it publishes no endpoint to call"),
        fails("failsOnReachToUnknownEndpoint", services(service("web", "")) + "bastion: {reaches: [ghost]}\n",
            X + "bastion.reaches[0]: no endpoint has the discovery name 'ghost' (published: web)"),
        fails("failsOnReachToServiceName", local("reaches: [nginx-server]", "reaches: [server-service]"),
            X + "bastion.reaches[0]: 'server-service' is a service, not an endpoint; name one of its discovery names:"
                + " nginx-server"),
        fails("failsOnReachToClientOnlyService",
            services(service("web", "") + client("worker", "")) + "bastion: {reaches: [worker]}\n",
            X + "bastion.reaches[0]: 'worker' is a client-only service: it publishes no endpoint to call"),
        fails("failsOnReachListedTwice", local("reaches: [nginx-server]", "reaches: [nginx-server, nginx-server]"),
            X + "bastion.reaches[1]: 'nginx-server' is listed twice"),
        fails("failsOnReachWhileBastionDisabled", local("enabled: true", "enabled: false"),
            X + "bastion.reaches: the bastion is disabled (bastion.enabled), so it reaches nothing"),
        fails("failsOnReachOfTheDefaultServicesWhileBastionDisabled",
            minimal("bastion: {enabled: false, reaches: [nginx-server]}\n"),
            X + "bastion.reaches: the bastion is disabled (bastion.enabled), so it reaches nothing"),
        fails("failsOnReachOfUnknownEndpointOfTheDefaultServices", minimal("bastion: {reaches: [nginx]}\n"),
            X + "bastion.reaches[0]: no endpoint has the discovery name 'nginx' (published: nginx-server,"
                + " nginx-client)"));
  }

  static Stream<Arguments> retiredKeys() {
    return Stream.of(
        fails("failsOnAllowFrom", services(service("web", "    allowFrom: [worker]\n") + client("worker", "")),
            X + "services[0].allowFrom: is no longer supported; list the endpoints each caller talks to under its"
                + " 'calls:' (and the bastion's under bastion.reaches); the security-group rules are derived from"
                + " them"),
        fails("failsOnEmptyAllowFrom", services(service("web", "    allowFrom: []\n")),
            X + "services[0].allowFrom: is no longer supported; list the endpoints each caller talks to under its"
                + " 'calls:' (and the bastion's under bastion.reaches); the security-group rules are derived from"
                + " them"),
        fails("failsOnDependsOn",
            local("calls: [nginx-server]", "calls: [nginx-server]\n    dependsOn: [server-service]"),
            X + "services[1].dependsOn: is no longer supported; the deploy order is derived from 'calls:' (a caller"
                + " deploys after what it calls)"),
        fails("failsOnFlatPortName", services(client("web", "    serviceConnect: {portName: nginx}\n")),
            X + "services[0].serviceConnect.portName: " + FLAT_SERVICE_CONNECT),
        fails("failsOnFlatServiceConnectOfTheOldSchema", services(client("web", "    serviceConnect: {portName: nginx,"
                + " discoveryName: web, dnsName: web.local, clientAliasPort: 80, logStreamPrefix: web}\n")),
            X + "services[0].serviceConnect.portName: " + FLAT_SERVICE_CONNECT,
            X + "services[0].serviceConnect.discoveryName: " + FLAT_SERVICE_CONNECT,
            X + "services[0].serviceConnect.dnsName: " + FLAT_SERVICE_CONNECT,
            X + "services[0].serviceConnect.clientAliasPort: " + FLAT_SERVICE_CONNECT));
  }

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(serviceRules(), ownTaskRules(), deploymentRules(), serviceConnectRules(), endpointRules(),
        callRules(), retiredKeys()).flatMap(rows -> rows);
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("zeroDesiredCount", services(service("web", "    desiredCount: 0\n")),
            c -> c.services().get(0).desiredCount(), 0),
        accepts("desiredCountOf1000", services(service("web", "    desiredCount: 1000\n")),
            c -> c.services().get(0).desiredCount(), 1000),
        accepts("executeCommandDisabled", services(service("web", "    enableExecuteCommand: false\n")),
            c -> c.services().get(0).options().enableExecuteCommand(), false),
        accepts("sharedTaskWhenNoneIsWritten", services(client("web", "")),
            c -> List.of(c.services().get(0).ownTask(), c.services().get(0).task().equals(c.task())),
            List.of(false, true)),
        accepts("ownTaskFamilyDefaultsToServiceName", services(client("web", "    task: {image: httpd}\n")),
            c -> List.of(c.services().get(0).ownTask(), c.services().get(0).task().family()), List.of(true, "web")),
        accepts("ownTaskTakesTheTaskDefaultsNotTheSharedTasks",
            minimal("task: {image: httpd, cpu: 512, memoryMiB: 1024}\n") + "services:\n"
                + client("web", "    task: {family: web}\n"),
            c -> c.services().get(0).task(), new EnvironmentConfig.Task("web", 256, 512, "X86_64", "nginx", "nginx",
                List.of(PortMapping.named("nginx", 80, "http")))),
        accepts("ownFamilyOfTheSharedTaskWhenNoServiceUsesIt", services(client("web", "    task: {family: nginx}\n")),
            c -> c.services().get(0).task().family(), "nginx"),
        accepts("ownTasksWithDistinctFamilies",
            services(client("web", "    task: {image: httpd}\n") + client("api", "    task: {family: api_v2}\n")),
            c -> c.services().stream().map(s -> s.task().family()).toList(), List.of("web", "api_v2")),
        accepts("deploymentDefaults", services(client("web", "")),
            c -> c.services().get(0).deployment(), new Deployment(CircuitBreaker.ROLLBACK, 100, 200)),
        accepts("circuitBreakerNone", services(client("web", "    deployment: {circuitBreaker: none}\n")),
            c -> c.services().get(0).deployment().circuitBreaker(), CircuitBreaker.NONE),
        accepts("circuitBreakerFail", services(client("web", "    deployment: {circuitBreaker: fail}\n")),
            c -> c.services().get(0).deployment().circuitBreaker(), CircuitBreaker.FAIL),
        accepts("stopAllThenStartDeployment",
            services(client("web", "    deployment: {minimumHealthyPercent: 0, maximumPercent: 100}\n")),
            c -> c.services().get(0).deployment(), new Deployment(CircuitBreaker.ROLLBACK, 0, 100)),
        accepts("maximumPercentOf1000", services(client("web", "    deployment: {maximumPercent: 1000}\n")),
            c -> c.services().get(0).deployment().maximumPercent(), 1000),
        accepts("clientOnlyWithoutServiceConnect", services(client("worker", "")),
            c -> c.services().get(0).serviceConnect(), new ServiceConnect("svccon-traffic-worker", List.of())),
        accepts("clientOnlyWithEmptyEndpoints", services(client("worker", "    serviceConnect: {endpoints: []}\n")),
            c -> c.services().get(0).serviceConnect().clientOnly(), true),
        accepts("logStreamPrefixOf512Characters",
            services(client("web", "    serviceConnect: {logStreamPrefix: " + repeat('l', 512) + "}\n")),
            c -> c.services().get(0).serviceConnect().logStreamPrefix(), repeat('l', 512)),
        accepts("endpointDefaults", services(publisher("web", "{portName: nginx}", "")),
            c -> c.services().get(0).serviceConnect().endpoints(),
            List.of(new Endpoint("nginx", "nginx", "nginx.local", 80, Optional.empty(), Optional.empty()))),
        accepts("dnsNameInTheClusterNamespace",
            minimal("cluster: {namespace: internal}\n") + "services:\n" + service("web", ""),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).dnsName(), "web.internal"),
        accepts("clientAliasPortDefaultsToTheContainerPort", services(publisher("web", "{portName: admin}", TWO_PORTS)),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).alias(), "admin.local:8080"),
        accepts("explicitDnsNameAndPort", services(publisher("web",
                "{portName: nginx, discoveryName: web_1, dnsName: www.example, clientAliasPort: 8080}", "")),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).alias(), "www.example:8080"),
        accepts("sameDnsNameOnDifferentPorts", services(service("web", "")
                + publisher("api", "{portName: nginx, discoveryName: api, dnsName: web.local, clientAliasPort: 8080}",
                    "")),
            c -> c.services().stream().map(s -> s.serviceConnect().endpoints().get(0).alias()).toList(),
            List.of("web.local:80", "web.local:8080")),
        accepts("samePortPublishedByTwoServices", services(service("web", "") + service("api", "")),
            c -> c.services().stream().map(s -> s.serviceConnect().endpoints().get(0).portName()).toList(),
            List.of("nginx", "nginx")),
        accepts("severalEndpointsOfOneService", services(publisher("web",
                "{portName: http, discoveryName: web}, {portName: admin, discoveryName: web-admin}", TWO_PORTS)),
            c -> c.services().get(0).serviceConnect().endpoints().stream().map(Endpoint::alias).toList(),
            List.of("web.local:80", "web-admin.local:8080")),
        accepts("clientAliasPort65535",
            services(publisher("web", "{portName: nginx, discoveryName: web, clientAliasPort: 65535}", "")),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).clientAliasPort(), 65535),
        accepts("clientAliasPort1",
            services(publisher("web", "{portName: nginx, discoveryName: web, clientAliasPort: 1}", "")),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).clientAliasPort(), 1),
        // ECS documents 64; the Cloud Map service it is the name of takes labels of 63 (AwsLimitsTest)
        accepts("discoveryNameOf63Characters", services(publisher("web",
                "{portName: nginx, discoveryName: " + repeat('d', 63) + ", dnsName: web.local}", "")),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).discoveryName(), repeat('d', 63)),
        accepts("dnsNameOf127Characters", services(publisher("web",
                "{portName: nginx, discoveryName: web, dnsName: " + dnsName(127) + "}", "")),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).dnsName(), dnsName(127)),
        // ECS allows underscores in a client alias's DNS name (ServiceConnectClientAlias), so the default
        // <discoveryName>.<namespace> of a discovery name with one is accepted too
        accepts("dnsNameWithUnderscore",
            services(publisher("web", "{portName: nginx, discoveryName: web, dnsName: web_1.local}", "")),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).dnsName(), "web_1.local"),
        accepts("defaultDnsNameOfADiscoveryNameStartingWithUnderscore",
            services(publisher("web", "{portName: nginx, discoveryName: _web}", "")),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).dnsName(), "_web.local"),
        accepts("timeouts", services(publisher("web",
                "{portName: nginx, discoveryName: web, idleTimeoutSec: 0, perRequestTimeoutSec: 15}", "")),
            c -> {
              Endpoint e = c.services().get(0).serviceConnect().endpoints().get(0);
              return List.of(e.idleTimeoutSec(), e.perRequestTimeoutSec());
            },
            List.of(Optional.of(0), Optional.of(15))),
        accepts("noTimeoutOnTcpPort", services(publisher("cache", "{portName: redis}", REDIS_TASK)),
            c -> {
              Endpoint e = c.services().get(0).serviceConnect().endpoints().get(0);
              return List.of(e.idleTimeoutSec(), e.perRequestTimeoutSec());
            },
            List.of(Optional.empty(), Optional.empty())),
        accepts("perRequestTimeoutAloneGetsEcsIdleDefault", services(publisher("api",
                "{portName: rpc, perRequestTimeoutSec: 30}",
                "    task: {portMappings: [{name: rpc, containerPort: 50051, appProtocol: grpc}]}\n")),
            c -> {
              Endpoint e = c.services().get(0).serviceConnect().endpoints().get(0);
              return List.of(e.idleTimeoutSec(), e.perRequestTimeoutSec());
            },
            List.of(Optional.of(300), Optional.of(30))),
        accepts("callToAnEndpointDeclaredLater", services(client("worker", "    calls: [web]\n") + service("web", "")),
            c -> c.services().get(0).calls(), List.of("web")),
        accepts("callToItsOwnEndpoint", services(service("web", "    calls: [web]\n")),
            c -> c.services().get(0).calls(), List.of("web")),
        accepts("callsToSeveralEndpointsInTheirOrder", services(service("web", "") + service("api", "")
                + client("worker", "    calls: [api, web]\n")),
            c -> c.services().get(2).calls(), List.of("api", "web")),
        accepts("discoveryNameThatIsAlsoAServiceName", services(publisher("api", "{portName: nginx, discoveryName:"
                + " web}", "") + publisher("web", "{portName: nginx, discoveryName: api}", "")
                + client("worker", "    calls: [web]\n")),
            c -> c.services().get(2).calls(), List.of("web")),
        accepts("explicitEmptyCalls", services(service("web", "    calls: []\n")),
            c -> c.services().get(0).calls(), List.of()),
        accepts("reachesWrittenEndpoints", services(service("web", "") + service("api", ""))
                + "bastion: {reaches: [api, web]}\n",
            c -> c.bastion().reaches(), List.of("api", "web")),
        accepts("reachesNothingWhenWrittenEmpty", minimal("bastion: {reaches: []}\n"),
            c -> c.bastion().reaches(), List.of()),
        accepts("reachesAnotherDefaultEndpoint", minimal("bastion: {reaches: [nginx-client]}\n"),
            c -> c.bastion().reaches(), List.of("nginx-client")));
  }

  @Test
  void defaultServicesAreTheWalkthroughs() {
    EnvironmentConfig config = ConfigYaml.parse(ConfigYaml.MINIMAL);

    assertThat(config.services()).extracting(Service::name).containsExactly("server-service", "client-service");
    assertThat(config.services()).extracting(s -> s.serviceConnect().endpoints())
        .containsExactly(
            List.of(new Endpoint("nginx", "nginx-server", "nginx-server.local", 80, Optional.empty(),
                Optional.empty())),
            List.of(new Endpoint("nginx", "nginx-client", "nginx-client.local", 80, Optional.empty(),
                Optional.empty())));
  }

  @Test
  void defaultClientCallsTheServer() {
    EnvironmentConfig config = ConfigYaml.parse(ConfigYaml.MINIMAL);

    assertThat(config.services()).extracting(Service::calls).containsExactly(List.of(), List.of("nginx-server"));
  }

  @Test
  void defaultServicesShareTheTaskWithSafeDeployments() {
    EnvironmentConfig config = ConfigYaml.parse(ConfigYaml.MINIMAL);

    assertThat(config.services()).allSatisfy(s -> {
      assertThat(s.ownTask()).isFalse();
      assertThat(s.task()).isEqualTo(config.task());
      assertThat(s.deployment()).isEqualTo(new Deployment(CircuitBreaker.ROLLBACK, 100, 200));
    });
  }

  @Test
  void defaultBastionReachesTheServer() {
    EnvironmentConfig config = ConfigYaml.parse(ConfigYaml.MINIMAL);

    assertThat(config.bastion().reaches()).containsExactly("nginx-server");
  }

  @Test
  void writtenServicesWithoutReachesLeaveTheBastionReachingNothing() {
    EnvironmentConfig config = ConfigYaml.parse(services(service("nginx-server", "")));

    assertThat(config.bastion().enabled()).isTrue();
    assertThat(config.bastion().reaches()).isEmpty();
  }

  @Test
  void disabledBastionOfTheDefaultServicesReachesNothing() {
    EnvironmentConfig config = ConfigYaml.parse(minimal("bastion: {enabled: false}\n"));

    assertThat(config.bastion().reaches()).isEmpty();
  }

  @Test
  void defaultServicesFollowTheClusterNamespace() {
    EnvironmentConfig config = ConfigYaml.parse(minimal("cluster: {namespace: svc.internal}\n"));

    assertThat(config.services()).extracting(s -> s.serviceConnect().endpoints().get(0).alias())
        .containsExactly("nginx-server.svc.internal:80", "nginx-client.svc.internal:80");
  }

  /** A valid DNS name of exactly {@code length} characters: labels of up to 63 letters joined by dots. */
  private static String dnsName(int length) {
    StringBuilder name = new StringBuilder();
    char label = 'a';
    while (name.length() < length) {
      if (!name.isEmpty()) {
        name.append('.');
      }
      int room = length - name.length();
      name.append(String.valueOf(label++).repeat(Math.min(63, room)));
    }
    return name.toString();
  }
}
