package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.local;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.ServiceConnect;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules of the services list: names, Service Connect endpoints, and the allowFrom / dependsOn references. */
class ServiceRulesTest {
  private static final String ECS_RULE = "must be 1-255 characters of letters, digits, hyphens and underscores";
  private static final String SC_NAME_RULE = "must use only lowercase letters, digits, '_' and '-', and not start"
      + " with '-'";
  private static final String LABEL_RULE = "' must be 1-63 lowercase letters, digits or '-', not starting or ending"
      + " with '-'";

  /** A minimal document whose services are the given list items (each starting with "  - "). */
  private static String services(String items) {
    return minimal("services:\n" + items);
  }

  /** One list item: a service called {@code name} publishing the default port as {@code name}, plus more fields. */
  private static String service(String name, String more) {
    return "  - name: " + name + "\n    serviceConnect: {portName: nginx, discoveryName: " + name + "}\n" + more;
  }

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        fails("failsOnEmptyServiceList", minimal("services: []\n"),
            X + "services: at least one service is required"),
        fails("failsOnServiceWithoutName", services("  - serviceConnect: {portName: nginx, discoveryName: web}\n"),
            X + "services[0].name: is required"),
        fails("failsOnServiceNameWithSpace",
            services("  - name: web service\n    serviceConnect: {portName: nginx, discoveryName: web}\n"),
            X + "services[0].name: 'web service' " + ECS_RULE),
        fails("failsOnDuplicateServiceNames", services(service("web", "") + """
              - name: web
                serviceConnect: {portName: nginx, discoveryName: web2}
            """),
            X + "services[1].name: service name 'web' is already used by services[0]"),
        fails("failsOnServiceNamedBastion", services(service("bastion", "")),
            X + "services[0].name: 'bastion' is reserved for the bastion in allowFrom"),
        fails("failsOnNegativeDesiredCount", services(service("web", "    desiredCount: -1\n")),
            X + "services[0].desiredCount: -1 is out of range (0-1000)"),
        fails("failsOnDesiredCountAbove1000", services(service("web", "    desiredCount: 1001\n")),
            X + "services[0].desiredCount: 1001 is out of range (0-1000)"),
        fails("failsOnMissingServiceConnect", services("  - name: web\n"),
            X + "services[0].serviceConnect.portName: is required",
            X + "services[0].serviceConnect.discoveryName: is required"),
        fails("failsOnPortNameNotOnTheTaskDefinition", local("portName: nginx\n      discoveryName: nginx-server",
                "portName: http\n      discoveryName: nginx-server"),
            X + "services[0].serviceConnect.portName: Port Mapping 'http' does not exist on the task definition."),
        fails("failsOnDiscoveryNameWithUppercase", services("""
              - name: web
                serviceConnect: {portName: nginx, discoveryName: Web, dnsName: web.local}
            """),
            X + "services[0].serviceConnect.discoveryName: 'Web' " + SC_NAME_RULE),
        fails("failsOnDiscoveryNameWithLeadingHyphen", services("""
              - name: web
                serviceConnect: {portName: nginx, discoveryName: -web, dnsName: web.local}
            """),
            X + "services[0].serviceConnect.discoveryName: '-web' " + SC_NAME_RULE),
        fails("failsOnDiscoveryNameOf65Characters", services("  - name: web\n    serviceConnect: {portName: nginx,"
                + " discoveryName: " + repeat('d', 65) + ", dnsName: web.local}\n"),
            X + "services[0].serviceConnect.discoveryName: '" + repeat('d', 65) + "' is longer than 64 characters"),
        fails("failsOnDuplicateDiscoveryNames", services(service("web", "") + """
              - name: api
                serviceConnect: {portName: nginx, discoveryName: web, dnsName: api.local}
            """),
            X + "services[1].serviceConnect.discoveryName: Cannot create multiple services with the discoveryName"
                + " 'web'."),
        fails("failsOnDuplicateDiscoveryNamesAndTheirDefaultAliases", services(service("web", "") + """
              - name: api
                serviceConnect: {portName: nginx, discoveryName: web}
            """),
            X + "services[1].serviceConnect.discoveryName: Cannot create multiple services with the discoveryName"
                + " 'web'.",
            X + "services[1].serviceConnect.dnsName: client alias web.local:80 is already published by services[0]"),
        fails("failsOnDefaultDnsNameThatIsNotADnsName", services(service("_web", "")),
            X + "services[0].serviceConnect.dnsName: '_web.local' is not a DNS name: label '_web" + LABEL_RULE),
        fails("failsOnDnsNameWithUnderscore", services("""
              - name: web
                serviceConnect: {portName: nginx, discoveryName: web, dnsName: web_1.local}
            """),
            X + "services[0].serviceConnect.dnsName: 'web_1.local' is not a DNS name: label 'web_1" + LABEL_RULE),
        fails("failsOnDnsNameWithEmptyLabel", services("""
              - name: web
                serviceConnect: {portName: nginx, discoveryName: web, dnsName: web..local}
            """),
            X + "services[0].serviceConnect.dnsName: 'web..local' is not a DNS name: label '" + LABEL_RULE),
        fails("failsOnEmptyDnsName", services("""
              - name: web
                serviceConnect: {portName: nginx, discoveryName: web, dnsName: ''}
            """),
            X + "services[0].serviceConnect.dnsName: '' must be a DNS name of 1-253 characters"),
        fails("failsOnDuplicateClientAlias", services(service("web", "") + """
              - name: api
                serviceConnect: {portName: nginx, discoveryName: api, dnsName: web.local}
            """),
            X + "services[1].serviceConnect.dnsName: client alias web.local:80 is already published by services[0]"),
        fails("failsOnClientAliasPortAbove65535", local("clientAliasPort: 80\n      logStreamPrefix: svccon-traffic-server",
                "clientAliasPort: 70000\n      logStreamPrefix: svccon-traffic-server"),
            X + "services[0].serviceConnect.clientAliasPort: Client Alias port 70000 is not valid."),
        fails("failsOnClientAliasPortZero", services("""
              - name: web
                serviceConnect: {portName: nginx, discoveryName: web, clientAliasPort: 0}
            """),
            X + "services[0].serviceConnect.clientAliasPort: Client Alias port 0 is not valid."),
        fails("failsOnLogStreamPrefixWithColon", local("logStreamPrefix: svccon-traffic-server",
                "logStreamPrefix: 'svccon:server'"),
            X + "services[0].serviceConnect.logStreamPrefix: 'svccon:server' must be 1-512 characters without ':'"
                + " or '*'"),
        fails("failsOnLogStreamPrefixWithAsterisk", local("logStreamPrefix: svccon-traffic-server",
                "logStreamPrefix: 'svccon-*'"),
            X + "services[0].serviceConnect.logStreamPrefix: 'svccon-*' must be 1-512 characters without ':' or '*'"),
        fails("failsOnEmptyLogStreamPrefix", local("logStreamPrefix: svccon-traffic-server", "logStreamPrefix: ''"),
            X + "services[0].serviceConnect.logStreamPrefix: '' must be 1-512 characters without ':' or '*'"),
        fails("failsOnLogStreamPrefixOf513Characters", local("logStreamPrefix: svccon-traffic-server",
                "logStreamPrefix: " + repeat('l', 513)),
            X + "services[0].serviceConnect.logStreamPrefix: '" + repeat('l', 513) + "' must be 1-512 characters"
                + " without ':' or '*'"),
        fails("failsOnAllowFromUnknownService",
            local("allowFrom: [client-service, bastion]", "allowFrom: [client-service, ghost]"),
            X + "services[0].allowFrom[1]: no service is named 'ghost'"),
        fails("failsOnAllowFromItself",
            local("allowFrom: [client-service, bastion]", "allowFrom: [server-service, bastion]"),
            X + "services[0].allowFrom[0]: a service cannot name itself ('server-service')"),
        fails("failsOnAllowFromListedTwice",
            local("allowFrom: [client-service, bastion]", "allowFrom: [client-service, bastion, client-service]"),
            X + "services[0].allowFrom[2]: 'client-service' is listed twice"),
        fails("failsOnAllowFromDisabledBastion", local("enabled: true", "enabled: false"),
            X + "services[0].allowFrom[1]: the bastion is disabled (bastion.enabled)"),
        fails("failsOnDependsOnUnknownService", local("dependsOn: [server-service]", "dependsOn: [server]"),
            X + "services[1].dependsOn[0]: no service is named 'server'"),
        fails("failsOnDependsOnListedTwice",
            local("dependsOn: [server-service]", "dependsOn: [server-service, server-service]"),
            X + "services[1].dependsOn[1]: 'server-service' is listed twice"),
        fails("failsOnDependsOnBastion", local("dependsOn: [server-service]", "dependsOn: [bastion]"),
            X + "services[1].dependsOn[0]: no service is named 'bastion'"),
        fails("failsOnDependsOnItself", local("dependsOn: [server-service]", "dependsOn: [client-service]"),
            X + "services[1].dependsOn[0]: a service cannot name itself ('client-service')"),
        fails("failsOnDependsOnCycleOfTwo", local("allowFrom: [client-service, bastion]",
                "allowFrom: [client-service, bastion]\n    dependsOn: [client-service]"),
            X + "services: dependsOn forms a cycle: server-service -> client-service -> server-service"),
        fails("failsOnDependsOnCycleOfThree", services(service("a", "    dependsOn: [b]\n")
                + service("b", "    dependsOn: [c]\n") + service("c", "    dependsOn: [a]\n")
                + service("d", "    dependsOn: [a]\n")),
            X + "services: dependsOn forms a cycle: a -> b -> c -> a"),
        fails("failsOnCycleBehindAnAcyclicStart", services(service("a", "    dependsOn: [b]\n")
                + service("b", "    dependsOn: [c]\n") + service("c", "    dependsOn: [b]\n")),
            X + "services: dependsOn forms a cycle: b -> c -> b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void failsOnBrokenRule(String name, String yaml, List<String> expected) {
    assertThat(ConfigYaml.problems(yaml)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> validValues() {
    return Stream.of(
        accepts("zeroDesiredCount", services(service("web", "    desiredCount: 0\n")),
            c -> c.services().get(0).desiredCount(), 0),
        accepts("desiredCountOf1000", services(service("web", "    desiredCount: 1000\n")),
            c -> c.services().get(0).desiredCount(), 1000),
        accepts("executeCommandDisabled", services(service("web", "    enableExecuteCommand: false\n")),
            c -> c.services().get(0).enableExecuteCommand(), false),
        accepts("serviceConnectDefaults", services(service("web", "")),
            c -> c.services().get(0).serviceConnect(),
            new ServiceConnect("nginx", "web", "web.local", 80, "svccon-traffic-web")),
        accepts("dnsNameInTheClusterNamespace", minimal("cluster: {namespace: internal}\n") + "services:\n"
                + service("web", ""),
            c -> c.services().get(0).serviceConnect().dnsName(), "web.internal"),
        accepts("explicitDnsNameAndPort", services("""
              - name: web
                serviceConnect: {portName: nginx, discoveryName: web_1, dnsName: www.example, clientAliasPort: 8080}
            """),
            c -> c.services().get(0).serviceConnect().url(), "http://www.example:8080"),
        accepts("sameDnsNameOnDifferentPorts", services(service("web", "") + """
              - name: api
                serviceConnect: {portName: nginx, discoveryName: api, dnsName: web.local, clientAliasPort: 8080}
            """),
            c -> c.services().stream().map(s -> s.serviceConnect().url()).toList(),
            List.of("http://web.local", "http://web.local:8080")),
        accepts("clientAliasPort65535", services("""
              - name: web
                serviceConnect: {portName: nginx, discoveryName: web, clientAliasPort: 65535}
            """),
            c -> c.services().get(0).serviceConnect().clientAliasPort(), 65535),
        accepts("discoveryNameOf64Characters", services("  - name: web\n    serviceConnect: {portName: nginx,"
                + " discoveryName: " + repeat('d', 64) + ", dnsName: web.local}\n"),
            c -> c.services().get(0).serviceConnect().discoveryName(), repeat('d', 64)),
        accepts("logStreamPrefixOf512Characters", services("  - name: web\n    serviceConnect: {portName: nginx,"
                + " discoveryName: web, logStreamPrefix: " + repeat('l', 512) + "}\n"),
            c -> c.services().get(0).serviceConnect().logStreamPrefix(), repeat('l', 512)),
        accepts("allowFromServicesAndBastion", services(service("web", "    allowFrom: [api, bastion]\n")
                + service("api", "")),
            c -> c.services().get(0).allowFrom(), List.of("api", "bastion")),
        accepts("dependsOnChain", services(service("a", "    dependsOn: [b, c]\n")
                + service("b", "    dependsOn: [c]\n") + service("c", "")),
            c -> c.services().stream().map(Service::dependsOn).toList(),
            List.of(List.of("b", "c"), List.of("c"), List.of())),
        accepts("explicitEmptyReferenceLists", services(service("web", "    allowFrom: []\n    dependsOn: []\n")),
            c -> List.of(c.services().get(0).allowFrom(), c.services().get(0).dependsOn()),
            List.of(List.of(), List.of())));
  }

  @ParameterizedTest(name = "accepts {0}")
  @MethodSource("validValues")
  void acceptsValidValue(String name, String yaml, Function<EnvironmentConfig, Object> actual, Object expected) {
    assertThat(actual.apply(ConfigYaml.parse(yaml))).isEqualTo(expected);
  }

  @Test
  void defaultServicesFollowTheClusterNamespace() {
    EnvironmentConfig config = ConfigYaml.parse(minimal("cluster: {namespace: svc.internal}\n"));

    assertThat(config.services()).extracting(s -> s.serviceConnect().dnsName())
        .containsExactly("nginx-server.svc.internal", "nginx-client.svc.internal");
  }

  @Test
  void defaultServicesDoNotAdmitADisabledBastion() {
    EnvironmentConfig config = ConfigYaml.parse(minimal("bastion: {enabled: false}\n"));

    assertThat(config.service("server-service").orElseThrow().allowFrom()).containsExactly("client-service");
  }

  @Test
  void defaultServicesAdmitTheEnabledBastion() {
    EnvironmentConfig config = ConfigYaml.parse(ConfigYaml.MINIMAL);

    assertThat(config.service("server-service").orElseThrow().allowFrom())
        .containsExactly("client-service", EnvironmentConfig.BASTION_SOURCE);
  }
}
