package dev.svcconnect.topology;

import dev.svcconnect.support.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.config.ConfigException;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.tiers.UnitTier;
import dev.svcconnect.topology.Topology.Link;
import dev.svcconnect.topology.ConfigWarnings.Warning;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What is derived from the declared topology: links (one ingress rule each), the deploy order and how a call cycle
 * is broken, the redeploy digest of each caller, and the warnings printed at synth ({@link ConfigWarnings}).
 */
@UnitTier
class TopologyTest {
  /**
   * Only the required fields: the walkthrough's topology, in the walkthrough's environment, whose default names draw
   * no warning ({@link #warnsAboutEveryWalkthroughNameOfAnotherEnvironment} covers the other environments).
   */
  private static final String DEFAULTS = "environment: local\nstate: {bucket: tfstate-bucket}\n";
  /** Required fields, a region of its own, and a namespace that draws no warning of its own. */
  private static final String BASE = DEFAULTS + "target: {region: eu-west-1}\n"
      + "cluster: {name: shop, namespace: internal}\n";
  private static final String LOCAL_NAMESPACE_WARNING = "'local' makes every name end in .local, which is reserved"
      + " for multicast DNS (RFC 6762): dig and resolvers treat it specially. Service Connect still works, since it"
      + " writes the aliases into each task's /etc/hosts, but a name such as 'internal' avoids the clash";
  /** A task of its own with two named ports. */
  private static final String TWO_PORTS =
      "    task: {portMappings: [{name: http, containerPort: 80}, {name: admin, containerPort: 8080}]}\n";

  private static EnvironmentConfig config(String yaml) {
    return ConfigLoader.parse(Path.of("config/x.yaml"), yaml);
  }

  private static Topology topology(String yaml) {
    return Topology.of(config(yaml));
  }

  /** {@link #BASE} with the given service list items. */
  private static String services(String items) {
    return BASE + "services:\n" + items;
  }

  /** A service publishing the shared port as {@code <name>-api}, calling {@code calls} (a YAML flow list). */
  private static String service(String name, String calls) {
    return "  - name: " + name + "\n    serviceConnect: {endpoints: [{portName: nginx, discoveryName: " + name
        + "-api}]}\n    calls: " + calls + "\n";
  }

  /** A client-only service calling {@code calls}. */
  private static String client(String name, String calls) {
    return "  - name: " + name + "\n    calls: " + calls + "\n";
  }

  /** A service {@code name} with {@link #TWO_PORTS}, publishing them as {@code endpoints} (flow mappings). */
  private static String twoPorts(String name, String endpoints, String calls) {
    return "  - name: " + name + "\n" + TWO_PORTS + "    serviceConnect: {endpoints: [" + endpoints + "]}\n"
        + "    calls: " + calls + "\n";
  }

  /** What the command line prints for {@code t}'s config. */
  private static List<Warning> warnings(Topology t) {
    return ConfigWarnings.of(t);
  }

  private static List<String> links(Topology t) {
    return t.links().stream().map(l -> l.caller() + " -> " + l.target().discoveryName()).toList();
  }

  private static List<String> deployOrder(Topology t) {
    return t.deployOrder().stream().map(Service::name).toList();
  }

  private static Optional<String> digest(String yaml, String service) {
    EnvironmentConfig config = config(yaml);
    return Topology.of(config).endpointsDigest(config.service(service).orElseThrow());
  }

  /** Every dependsOn edge points at a service placed earlier in the deploy order: Terraform sees no cycle. */
  private static void assertNoTerraformCycle(Topology t) {
    Set<String> placed = new HashSet<>();
    for (Service s : t.deployOrder()) {
      assertThat(placed).as("%s depends on services placed before it", s.name())
          .containsAll(t.dependsOn(s.name()));
      placed.add(s.name());
    }
  }

  // Links

  @Test
  void defaultTopologyLinksTheClientAndTheBastionToTheServer() {
    Topology t = topology(DEFAULTS);

    assertThat(links(t)).containsExactly("client-service -> nginx-server", "bastion -> nginx-server");
  }

  @Test
  void oneLinkPerCallsEntryInDeclarationOrder() {
    Topology t = topology(services(service("web", "[]") + service("api", "[]")
        + client("worker", "[api-api, web-api]") + client("cron", "[web-api]")));

    assertThat(links(t)).containsExactly("worker -> api-api", "worker -> web-api", "cron -> web-api");
  }

  @Test
  void oneLinkPerReachesEntryAfterTheServicesLinks() {
    Topology t = topology(services(service("web", "[]") + service("api", "[web-api]"))
        + "bastion: {reaches: [api-api, web-api]}\n");

    assertThat(links(t)).containsExactly("api -> web-api", "bastion -> api-api", "bastion -> web-api");
  }

  @Test
  void noLinkWithoutCallsOrReaches() {
    Topology t = topology(services(service("web", "[]") + client("worker", "[]")));

    assertThat(t.links()).isEmpty();
  }

  @Test
  void disabledBastionHasNoLinks() {
    Topology t = topology(DEFAULTS + "bastion: {enabled: false}\n");

    assertThat(links(t)).containsExactly("client-service -> nginx-server");
  }

  @Test
  void selfCallIsALink() {
    Topology t = topology(services(service("web", "[web-api]")));

    assertThat(links(t)).containsExactly("web -> web-api");
  }

  @Test
  void linkTargetsTheEndpointsContainerPort() {
    Topology t = topology(services(twoPorts("web", "{portName: admin, discoveryName: web, clientAliasPort: 80}",
        "[]") + client("worker", "[web]")));

    Link link = t.links().get(0);
    assertThat(link.target().service().name()).isEqualTo("web");
    assertThat(link.target().port().containerPort()).isEqualTo(8080);
    assertThat(link.target().endpoint().clientAliasPort()).isEqualTo(80);
  }

  @Test
  void linksIntoAServiceAreThoseToAnyOfItsEndpoints() {
    EnvironmentConfig config = config(services(twoPorts("web",
        "{portName: http, discoveryName: web}, {portName: admin, discoveryName: web-admin}", "[]")
        + service("api", "[web]") + client("ops", "[web-admin, api-api]")) + "bastion: {reaches: [web]}\n");

    List<Link> into = Topology.of(config).linksInto(config.service("web").orElseThrow());

    assertThat(into).extracting(l -> l.caller() + " -> " + l.target().discoveryName())
        .containsExactly("api -> web", "ops -> web-admin", "bastion -> web");
  }

  @Test
  void endpointsAreKeyedByDiscoveryNameInDeclarationOrder() {
    Topology t = topology(services(client("worker", "[]") + service("web", "[]") + service("api", "[]")));

    assertThat(t.endpoints().keySet()).containsExactly("web-api", "api-api");
    assertThat(t.endpoints().get("api-api").service().name()).isEqualTo("api");
  }

  @Test
  void failsOnAServiceTakingTheBastionsCallerName() {
    assertThatThrownBy(() -> config(services(client(Topology.BASTION, "[]"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config/x.yaml: services[0].name: 'bastion' is reserved for the bastion host, which names what"
            + " it reaches under bastion.reaches");
  }

  // Deploy order

  @Test
  void callerDependsOnTheServiceItCalls() {
    Topology t = topology(DEFAULTS);

    assertThat(t.dependsOn("client-service")).containsExactly("server-service");
    assertThat(t.dependsOn("server-service")).isEmpty();
  }

  @Test
  void onlyACalleeSomeCallerDeploysAfterIsAwaited() {
    Topology t = topology(DEFAULTS);

    assertThat(t.awaitedByCallers("server-service")).isTrue();
    assertThat(t.awaitedByCallers("client-service")).isFalse();
  }

  @Test
  void theCallACycleDefersAwaitsNothing() {
    Topology t = topology(services(service("orders", "[payments-api]") + service("payments", "[orders-api]")));

    // orders does not wait for payments (the deferred call), so payments is awaited by no one
    assertThat(t.awaitedByCallers("orders")).isTrue();
    assertThat(t.awaitedByCallers("payments")).isFalse();
  }

  @Test
  void callerDependsOnACalleeOnceWhateverNumberOfItsEndpointsItCalls() {
    Topology t = topology(services(twoPorts("web",
        "{portName: http, discoveryName: web}, {portName: admin, discoveryName: web-admin}", "[]")
        + client("worker", "[web, web-admin]")));

    assertThat(t.dependsOn("worker")).containsExactly("web");
  }

  @Test
  void callerDependsOnEveryCalleeInCallOrder() {
    Topology t = topology(services(service("web", "[]") + service("api", "[]")
        + client("worker", "[api-api, web-api]")));

    assertThat(t.dependsOn("worker")).containsExactly("api", "web");
  }

  @Test
  void selfCallDoesNotDependOnItself() {
    Topology t = topology(services(service("web", "[web-api]")));

    assertThat(t.dependsOn("web")).isEmpty();
    assertThat(warnings(t)).isEmpty();
  }

  @Test
  void bastionReachesAddNoDependency() {
    Topology t = topology(services(service("web", "[]")) + "bastion: {reaches: [web-api]}\n");

    assertThat(t.dependsOn("web")).isEmpty();
    assertThat(t.dependsOn(Topology.BASTION)).isEmpty();
  }

  @Test
  void calleeDeploysBeforeACallerDeclaredEarlier() {
    Topology t = topology(services(client("worker", "[web-api]") + service("web", "[]")));

    assertThat(deployOrder(t)).containsExactly("web", "worker");
  }

  @Test
  void declarationOrderWinsAmongServicesReadyToDeploy() {
    Topology t = topology(services(client("x", "[z-api]") + service("y", "[]") + service("z", "[]")));

    assertThat(deployOrder(t)).containsExactly("y", "z", "x");
  }

  @Test
  void chainDeploysFromTheLastCallee() {
    Topology t = topology(services(service("a", "[b-api]") + service("b", "[c-api]") + service("c", "[]")));

    assertThat(deployOrder(t)).containsExactly("c", "b", "a");
    assertThat(t.dependsOn("a")).containsExactly("b");
    assertThat(t.dependsOn("b")).containsExactly("c");
  }

  @Test
  void independentServicesDeployInDeclarationOrder() {
    Topology t = topology(services(service("c", "[]") + service("a", "[]") + client("b", "[]")));

    assertThat(deployOrder(t)).containsExactly("c", "a", "b");
  }

  // Call cycles

  @Test
  void twoCycleIsNoTerraformCycle() {
    Topology t = topology(services(service("orders", "[payments-api]") + service("payments", "[orders-api]")));

    assertNoTerraformCycle(t);
    assertThat(t.dependsOn("orders")).isEmpty();
    assertThat(t.dependsOn("payments")).containsExactly("orders");
  }

  @Test
  void twoCycleDeploysTheEarlierDeclaredMemberFirst() {
    Topology t = topology(services(service("payments", "[orders-api]") + service("orders", "[payments-api]")));

    assertThat(deployOrder(t)).containsExactly("payments", "orders");
  }

  @Test
  void twoCycleWarnsOnTheCallThatCannotBeOrdered() {
    Topology t = topology(services(service("orders", "[payments-api]") + service("payments", "[orders-api]")));

    assertThat(warnings(t)).containsExactly(new Warning("services[0].calls[0]", "calls form a cycle (orders ->"
        + " payments -> orders); Terraform cannot deploy both first, so orders (declared first) deploys before"
        + " payments and its first tasks do not know payments-api. Redeploy it once after the first deploy: aws ecs"
        + " update-service --region eu-west-1 --cluster shop --service orders --force-new-deployment"));
  }

  @Test
  void threeCycleIsNoTerraformCycle() {
    Topology t = topology(services(service("a", "[b-api]") + service("b", "[c-api]") + service("c", "[a-api]")));

    assertNoTerraformCycle(t);
  }

  @Test
  void threeCycleDefersOnlyTheEarliestDeclaredMembersCall() {
    Topology t = topology(services(service("a", "[b-api]") + service("b", "[c-api]") + service("c", "[a-api]")));

    assertThat(t.dependsOn("a")).isEmpty();
    assertThat(t.dependsOn("b")).containsExactly("c");
    assertThat(t.dependsOn("c")).containsExactly("a");
  }

  @Test
  void threeCycleDeploysTheEarliestDeclaredMemberFirst() {
    Topology t = topology(services(service("b", "[c-api]") + service("c", "[a-api]") + service("a", "[b-api]")));

    assertThat(deployOrder(t)).containsExactly("b", "a", "c");
  }

  @Test
  void threeCycleWarningNamesTheWholeCyclePath() {
    Topology t = topology(services(service("a", "[b-api]") + service("b", "[c-api]") + service("c", "[a-api]")));

    assertThat(warnings(t)).containsExactly(new Warning("services[0].calls[0]", "calls form a cycle (a -> b -> c ->"
        + " a); Terraform cannot deploy both first, so a (declared first) deploys before b and its first tasks do not"
        + " know b-api. Redeploy it once after the first deploy: aws ecs update-service --region eu-west-1 --cluster"
        + " shop --service a --force-new-deployment"));
  }

  @Test
  void nestedCyclesDeferOneCallPerRemainingCycle() {
    // a <-> b and b <-> c: deferring a's call leaves b <-> c, where b is the earliest-declared member.
    Topology t = topology(services(service("a", "[b-api]") + service("b", "[a-api, c-api]")
        + service("c", "[b-api]")));

    assertNoTerraformCycle(t);
    assertThat(deployOrder(t)).containsExactly("a", "b", "c");
    assertThat(warnings(t)).extracting(Warning::field).containsExactly("services[0].calls[0]", "services[1].calls[1]");
  }

  @Test
  void cycleOfTenDefersOneCall() {
    StringBuilder ring = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      ring.append(service("s" + i, "[s" + (i + 1) % 10 + "-api]"));
    }
    Topology t = topology(services(ring.toString()));

    assertNoTerraformCycle(t);
    assertThat(deployOrder(t)).containsExactly("s0", "s9", "s8", "s7", "s6", "s5", "s4", "s3", "s2", "s1");
    assertThat(warnings(t)).extracting(Warning::field).containsExactly("services[0].calls[0]");
  }

  @Test
  void cycleBehindAnAcyclicCallerKeepsTheCallersDependency() {
    Topology t = topology(services(client("gateway", "[a-api]") + service("a", "[b-api]")
        + service("b", "[a-api]")));

    assertNoTerraformCycle(t);
    assertThat(t.dependsOn("gateway")).containsExactly("a");
    assertThat(deployOrder(t)).containsExactly("a", "gateway", "b");
    assertThat(warnings(t)).extracting(Warning::field).containsExactly("services[1].calls[0]");
  }

  @Test
  void cycleWarningPointsAtTheCallIntoTheCycle() {
    Topology t = topology(services(service("z", "[]") + service("a", "[z-api, b-api]")
        + service("b", "[a-api]")));

    assertThat(warnings(t)).extracting(Warning::field).containsExactly("services[1].calls[1]");
    assertThat(t.dependsOn("a")).containsExactly("z");
  }

  @Test
  void cycleWarningNamesEveryEndpointTheFirstTasksDoNotKnow() {
    Topology t = topology(services(service("a", "[b, b-admin]") + twoPorts("b",
        "{portName: http, discoveryName: b}, {portName: admin, discoveryName: b-admin}", "[a-api]")));

    assertThat(warnings(t)).containsExactly(new Warning("services[0].calls[0]", "calls form a cycle (a -> b -> a);"
        + " Terraform cannot deploy both first, so a (declared first) deploys before b and its first tasks do not"
        + " know b, b-admin. Redeploy it once after the first deploy: aws ecs update-service --region eu-west-1"
        + " --cluster shop --service a --force-new-deployment"));
  }

  // Redeploy digest

  /** Two client-server services that callers below pick from. */
  private static final String SHOP = service("web", "[]") + service("api", "[]");

  @Test
  void noDigestWithoutCalls() {
    String yaml = services(SHOP + client("worker", "[]"));

    assertThat(digest(yaml, "web")).isEmpty();
    assertThat(digest(yaml, "worker")).isEmpty();
  }

  @Test
  void digestIsASha256() {
    assertThat(digest(services(SHOP + client("worker", "[web-api]")), "worker"))
        .hasValueSatisfying(d -> assertThat(d).matches("sha256:[0-9a-f]{64}"));
  }

  @Test
  void digestIsStableForTheSameTopology() {
    String yaml = services(SHOP + client("worker", "[web-api, api-api]"));

    assertThat(digest(yaml, "worker")).isPresent().isEqualTo(digest(yaml, "worker"));
  }

  @Test
  void digestDoesNotDependOnCallOrder() {
    assertThat(digest(services(SHOP + client("worker", "[web-api, api-api]")), "worker"))
        .isEqualTo(digest(services(SHOP + client("worker", "[api-api, web-api]")), "worker"));
  }

  @Test
  void digestChangesWhenACalledEndpointIsAdded() {
    assertThat(digest(services(SHOP + client("worker", "[web-api]")), "worker"))
        .isNotEqualTo(digest(services(SHOP + client("worker", "[web-api, api-api]")), "worker"));
  }

  @Test
  void digestChangesWhenACalledEndpointIsRemoved() {
    assertThat(digest(services(SHOP + client("worker", "[web-api, api-api]")), "worker"))
        .isNotEqualTo(digest(services(SHOP + client("worker", "[api-api]")), "worker"));
  }

  @Test
  void digestChangesWhenACalledEndpointGetsAnotherDnsName() {
    String before = services(SHOP + client("worker", "[web-api]"));
    String after = before.replace("discoveryName: web-api}", "discoveryName: web-api, dnsName: www.internal}");

    assertThat(digest(before, "worker")).isNotEqualTo(digest(after, "worker"));
  }

  @Test
  void digestChangesWhenACalledEndpointGetsAnotherClientAliasPort() {
    String before = services(SHOP + client("worker", "[web-api]"));
    String after = before.replace("discoveryName: web-api}", "discoveryName: web-api, clientAliasPort: 8080}");

    assertThat(digest(before, "worker")).isNotEqualTo(digest(after, "worker"));
  }

  @Test
  void digestChangesWhenACalledEndpointsAppProtocolChanges() {
    String before = services("""
          - name: web
            task: {portMappings: [{name: http, containerPort: 80, appProtocol: http}]}
            serviceConnect: {endpoints: [{portName: http, discoveryName: web}]}
        """ + client("worker", "[web]"));
    String after = before.replace("appProtocol: http}", "appProtocol: http2}");

    assertThat(digest(before, "worker")).isNotEqualTo(digest(after, "worker"));
  }

  @Test
  void digestChangesWhenACalledEndpointTurnsTlsOnOrChangesItsCa() {
    String before = services(SHOP + client("worker", "[web-api]"));
    String tls = "discoveryName: web-api, tls: {privateCaArn: 'arn:aws:acm-pca:eu-west-1:123456789012:"
        + "certificate-authority/0123abcd-0123-0123-0123-0123456789ab', roleArn: 'arn:aws:iam::123456789012:role/sc-tls'}}";
    String on = before.replace("discoveryName: web-api}", tls);
    String otherCa = on.replace("0123456789ab'", "0123456789ac'");

    assertThat(digest(before, "worker")).isNotEqualTo(digest(on, "worker"));
    assertThat(digest(on, "worker")).isNotEqualTo(digest(otherCa, "worker"));
  }

  @Test
  void digestChangesOnlyForTheCallersOfTheChangedEndpoint() {
    String before = services(SHOP + client("worker", "[web-api]") + client("cron", "[api-api]"));
    String after = before.replace("discoveryName: web-api}", "discoveryName: web-api, clientAliasPort: 8080}");

    assertThat(digest(before, "worker")).isNotEqualTo(digest(after, "worker"));
    assertThat(digest(before, "cron")).isEqualTo(digest(after, "cron"));
  }

  @Test
  void digestIgnoresAnotherServiceAdded() {
    String before = services(SHOP + client("worker", "[web-api]"));

    assertThat(digest(before, "worker")).isEqualTo(digest(before + service("billing", "[web-api]"), "worker"));
  }

  @Test
  void digestIgnoresAnUncalledEndpointOfTheCalledService() {
    String before = services(twoPorts("web", "{portName: http, discoveryName: web}", "[]")
        + client("worker", "[web]"));
    String after = before.replace("discoveryName: web}", "discoveryName: web}, {portName: admin, discoveryName: adm}");

    assertThat(digest(before, "worker")).isEqualTo(digest(after, "worker"));
  }

  @Test
  void digestIgnoresWhatTheCalledServiceRuns() {
    String before = services(SHOP + client("worker", "[web-api]"));
    String after = before.replace("  - name: web\n", "  - name: web\n    desiredCount: 3\n    task: {image: httpd}\n");

    assertThat(digest(before, "worker")).isEqualTo(digest(after, "worker"));
  }

  // Warnings

  @Test
  void defaultConfigWarnsOnlyAboutTheLocalNamespace() {
    Topology t = topology(DEFAULTS);

    assertThat(warnings(t)).containsExactly(new Warning("cluster.namespace", LOCAL_NAMESPACE_WARNING));
  }

  @Test
  void localYamlWarnsOnlyAboutItsNamespace() {
    Topology t = Topology.of(ConfigLoader.load(Fixtures.LOCAL));

    assertThat(warnings(t)).containsExactly(new Warning("cluster.namespace", LOCAL_NAMESPACE_WARNING));
  }

  /**
   * The AWS example keeps the walkthrough's names in environment prod: each is named, since a second environment
   * copied from it into the same account would collide with it (issue 14).
   */
  @Test
  void awsExampleWarnsAboutItsNamespaceAndItsWalkthroughNames() {
    Topology t = Topology.of(ConfigLoader.load(Fixtures.AWS));

    assertThat(warnings(t)).extracting(Warning::field).containsExactly("cluster.name", "cluster.namespace",
        "logs.group", "task.family", "cluster.namespace");
    assertThat(warnings(t)).contains(new Warning("cluster.namespace", LOCAL_NAMESPACE_WARNING));
  }

  // Names AWS keeps unique per account (issue 14: two environments in one account)

  @Test
  void warnsAboutEveryWalkthroughNameOfAnotherEnvironment() {
    Topology t = topology(DEFAULTS.replace("environment: local", "environment: staging")
        + "cluster: {namespace: internal}\n");

    assertThat(warnings(t)).containsExactly(
        new Warning("cluster.name", "'ecs-service-connector-sample-cluster' is the walkthrough's name (the default),"
            + " and AWS keeps ECS cluster names unique per account and region, so environment staging collides"
            + " with every other environment that keeps it there; set it to a name of this environment's own, e.g."
            + " 'ecs-service-connect-staging' (./main deploy refuses a name that exists and its state does not"
            + " own)"),
        new Warning("logs.group", "'ecs-service-connect-sample' is the walkthrough's name (the default), and AWS"
            + " keeps CloudWatch log group names unique per account and region, so environment staging collides"
            + " with every other environment that keeps it there; set it to a name of this environment's own, e.g."
            + " 'ecs-service-connect-staging' (./main deploy refuses a name that exists and its state does not"
            + " own)"),
        new Warning("task.family", "'nginx' is the walkthrough's name (the default), and AWS keeps ECS task"
            + " definition family names unique per account and region, so environment staging collides with every"
            + " other environment that keeps it there; set it to a name of this environment's own, e.g."
            + " 'staging-nginx' (./main deploy refuses a name that exists and its state does not own)"));
  }

  @Test
  void warnsAboutTheWalkthroughNamespaceOfAnotherEnvironmentBesidesItsLocalSuffix() {
    Topology t = topology(DEFAULTS.replace("environment: local", "environment: staging")
        + "cluster: {name: shop-staging}\nlogs: {group: shop-staging}\ntask: {family: shop-staging}\n");

    assertThat(warnings(t)).extracting(Warning::field).containsExactly("cluster.namespace", "cluster.namespace");
    assertThat(warnings(t).get(0).message()).startsWith("'local' is the walkthrough's name (the default), and AWS"
        + " keeps Cloud Map namespace names unique per account and region").contains("e.g. 'staging.internal'");
  }

  @Test
  void noNameWarningForNamesTheEnvironmentChose() {
    Topology t = topology(DEFAULTS.replace("environment: local", "environment: staging")
        + "cluster: {name: shop, namespace: internal}\nlogs: {group: shop}\ntask: {family: shop}\n");

    assertThat(warnings(t)).isEmpty();
  }

  @Test
  void noNameWarningForTheWalkthroughsOwnEnvironment() {
    Topology t = topology(DEFAULTS + "cluster: {namespace: internal}\n");

    assertThat(warnings(t)).isEmpty();
  }

  @Test
  void warnsAboutANamespaceUnderLocal() {
    Topology t = topology(DEFAULTS + "cluster: {namespace: svc.local}\n");

    assertThat(warnings(t)).containsExactly(new Warning("cluster.namespace", "'svc.local' makes every name end in"
        + " .local, which is reserved for multicast DNS (RFC 6762): dig and resolvers treat it specially. Service"
        + " Connect still works, since it writes the aliases into each task's /etc/hosts, but a name such as"
        + " 'internal' avoids the clash"));
  }

  @Test
  void noWarningForANamespaceThatOnlyStartsWithLocal() {
    Topology t = topology(DEFAULTS + "cluster: {namespace: localnet}\n");

    assertThat(warnings(t)).isEmpty();
  }

  @Test
  void warnsAboutAnExplicitDnsNameUnderLocal() {
    Topology t = topology(services(client("worker", "[]")
        + "  - name: web\n"
        + "    serviceConnect: {endpoints: [{portName: nginx, discoveryName: web, dnsName: web.local}]}\n"));

    assertThat(warnings(t)).containsExactly(new Warning("services[1].serviceConnect.endpoints[0].dnsName",
        "'web.local' ends in .local, which is reserved for multicast DNS (RFC 6762)"));
  }

  @Test
  void noDnsNameWarningWhenTheNamespaceWarningCoversIt() {
    Topology t = topology(DEFAULTS + "services:\n"
        + "  - name: web\n"
        + "    serviceConnect: {endpoints: [{portName: nginx, discoveryName: web, dnsName: www.local}]}\n");

    assertThat(warnings(t)).extracting(Warning::field).containsExactly("cluster.namespace");
  }

  @Test
  void warnsAboutCircuitBreakerNone() {
    Topology t = topology(services(client("worker", "[]") + client("web", "[]")
        + "    deployment: {circuitBreaker: none}\n"));

    assertThat(warnings(t)).containsExactly(new Warning("services[1].deployment.circuitBreaker", "none: a"
        + " deployment whose tasks never get healthy retries forever instead of failing; 'rollback' returns to the"
        + " last working revision"));
  }

  @Test
  void noWarningForCircuitBreakerThatFailsWithoutRollback() {
    Topology t = topology(services(client("web", "[]") + "    deployment: {circuitBreaker: fail}\n"));

    assertThat(warnings(t)).isEmpty();
  }

  @Test
  void warnsAboutMinimumHealthyPercentThatDropsCapacity() {
    Topology t = topology(services(client("web", "[]") + "    deployment: {minimumHealthyPercent: 50}\n"));

    assertThat(warnings(t)).containsExactly(new Warning("services[0].deployment.minimumHealthyPercent", "50 lets"
        + " a deployment stop running tasks before their replacements are healthy, dropping capacity; 100 keeps it"));
  }

  @Test
  void noCapacityWarningForAServiceScaledToZero() {
    Topology t = topology(services(client("web", "[]")
        + "    desiredCount: 0\n    deployment: {minimumHealthyPercent: 50}\n"));

    assertThat(warnings(t)).isEmpty();
  }

  // Network prerequisites without a NAT gateway (network.vpcEndpoints)

  /** {@link #BASE} without NAT and bastion, with {@code endpoints} (a YAML flow list) and {@code services}. */
  private static Topology noNat(String endpoints, String services) {
    return topology(BASE + "network: {natGateways: none, vpcEndpoints: " + endpoints + "}\n"
        + "bastion: {enabled: false}\nservices:\n" + services);
  }

  /** A client-only service on a task of its own with {@code image}; ECS Exec off unless {@code exec}. */
  private static String imaged(String name, String image, boolean exec) {
    return "  - name: " + name + "\n    task: {image: '" + image + "'}\n    enableExecuteCommand: " + exec + "\n";
  }

  private static final String ECR_IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.0";
  private static final String EXEC_WARNING = "none, while web, api enable ECS Exec in private subnets: without a NAT"
      + " gateway or ssmmessages in network.vpcEndpoints the exec agent cannot reach ssmmessages, so aws ecs"
      + " execute-command will fail; add ssmmessages to network.vpcEndpoints, or set natGateways to one"
      + " (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html)";

  @Test
  void warnsAboutEcsExecWithoutNatGateway() {
    Topology t = noNat("[logs, ecr.api, ecr.dkr, s3]", imaged("web", ECR_IMAGE, true) + imaged("api", ECR_IMAGE, true)
        + imaged("cron", ECR_IMAGE, false));

    assertThat(warnings(t)).containsExactly(new Warning("network.natGateways", EXEC_WARNING));
  }

  @Test
  void noExecWarningWithTheSsmmessagesEndpoint() {
    Topology t = noNat("[logs, ecr.api, ecr.dkr, s3, ssmmessages]", imaged("web", ECR_IMAGE, true));

    assertThat(warnings(t)).isEmpty();
  }

  @Test
  void noNetworkWarningWhenNoServiceEnablesEcsExecAndEverythingHasItsEndpoint() {
    Topology t = noNat("[logs, ecr.api, ecr.dkr, s3]", imaged("web", ECR_IMAGE, false));

    assertThat(warnings(t)).isEmpty();
  }

  @Test
  void warnsThatTheSsmOnlyBastionCannotConnectWithoutNatOrEndpoints() {
    Topology t = topology(BASE + "network: {natGateways: none, vpcEndpoints: [ssm, logs, ecr.api, ecr.dkr, s3]}\n"
        + "bastion: {name: jump}\nservices:\n" + imaged("web", ECR_IMAGE, false));

    assertThat(warnings(t)).containsExactly(new Warning("network.natGateways", "none, while the bastion jump is"
        + " reached only through SSM Session Manager: without a NAT gateway or ssmmessages and ec2messages in"
        + " network.vpcEndpoints its SSM Agent cannot register, so aws ssm start-session never connects; add"
        + " ssmmessages and ec2messages to network.vpcEndpoints, or set natGateways to one"
        + " (https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html)"));
  }

  @Test
  void noBastionWarningWithTheThreeSsmEndpoints() {
    Topology t = topology(BASE + "network: {natGateways: none, vpcEndpoints: [ssm, ssmmessages, ec2messages, logs,"
        + " ecr.api, ecr.dkr, s3]}\nservices:\n" + imaged("web", ECR_IMAGE, true));

    assertThat(warnings(t)).isEmpty();
  }

  @Test
  void warnsThatPublicImagesCannotBePulledWithoutNat() {
    Topology t = noNat("[logs, ecr.api, ecr.dkr, s3]", imaged("web", "nginx", false) + imaged("api", "nginx", false)
        + "  - name: gate\n    enableExecuteCommand: false\n    task:\n      image: '" + ECR_IMAGE + "'\n"
        + "      healthCheck: {command: 'true'}\n      readinessGate: {enabled: true}\n"
        + imaged("cross", "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.0", false));

    assertThat(warnings(t)).containsExactly(new Warning("network.natGateways", "none, while web, api pull nginx;"
        + " gate pull public.ecr.aws/docker/library/busybox:stable; cross pull"
        + " 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.0: an image outside the private ECR of eu-west-1"
        + " can only be pulled through a NAT gateway, so their tasks never start; set natGateways to one, or push the"
        + " images to ECR in eu-west-1 and add ecr.api, ecr.dkr and s3 to network.vpcEndpoints"
        + " (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html)"));
  }

  @Test
  void warnsThatEcrImagesNeedTheEcrAndS3Endpoints() {
    Topology t = noNat("[logs, ecr.api]", imaged("web", ECR_IMAGE, false)
        + imaged("fips", "123456789012.dkr.ecr-fips.eu-west-1.amazonaws.com/shop/web:1.0", false));

    assertThat(warnings(t)).containsExactly(new Warning("network.natGateways", "none, while web, fips pull images"
        + " from ECR: without a NAT gateway or ecr.dkr and s3 in network.vpcEndpoints Fargate cannot pull them, so"
        + " their tasks never start; add ecr.dkr and s3 to network.vpcEndpoints, or set natGateways to one"
        + " (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html)"));
  }

  @Test
  void warnsThatAwslogsNeedsTheLogsEndpoint() {
    Topology t = noNat("[ecr.api, ecr.dkr, s3]", imaged("web", ECR_IMAGE, false) + imaged("api", ECR_IMAGE, false));

    assertThat(warnings(t)).containsExactly(new Warning("network.natGateways", "none, while web, api log with"
        + " awslogs: without a NAT gateway or logs in network.vpcEndpoints their tasks cannot reach CloudWatch Logs"
        + " and fail to start (ResourceInitializationError); add logs to network.vpcEndpoints, or set natGateways"
        + " to one (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch-logs-and-interface-VPC.html)"));
  }

  /** A client-only service whose one container (ECR image, no ports) has {@code inputs}, YAML flow-mapping members. */
  private static String reading(String name, String inputs) {
    return "  - name: " + name + "\n    enableExecuteCommand: false\n    task:\n      containers:\n"
        + "        - {name: app, image: '" + ECR_IMAGE + "', " + inputs + "}\n";
  }

  private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf";
  private static final String ECR_ENDPOINTS = "logs, ecr.api, ecr.dkr, s3";

  @Test
  void warnsThatSecretsAndParametersNeedTheirStoresEndpoints() {
    Topology t = noNat("[" + ECR_ENDPOINTS + "]", reading("web", "secrets: {DB: {secretsManager: '" + SECRET + "'}}")
        + reading("api", "secrets: {TOKEN: {ssmParameter: /shop/token}}")
        + reading("pull", "repositoryCredentials: {credentialsParameter: '" + SECRET + "'}"));

    assertThat(warnings(t)).containsExactly(
        new Warning("network.natGateways", "none, while web, pull read Secrets Manager secrets when their tasks"
            + " start: without a NAT gateway or secretsmanager in network.vpcEndpoints ECS cannot fetch them, so their"
            + " tasks never start (ResourceInitializationError); add secretsmanager to network.vpcEndpoints, or set"
            + " natGateways to one"
            + " (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html#ecs-setting-up-secrets)"),
        new Warning("network.natGateways", "none, while api read SSM parameters when their tasks start: without a"
            + " NAT gateway or ssm in network.vpcEndpoints ECS cannot fetch them, so their tasks never start"
            + " (ResourceInitializationError); add ssm to network.vpcEndpoints, or set natGateways to one"
            + " (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html#ecs-setting-up-secrets)"));
  }

  @Test
  void noSecretsWarningWithTheStoresEndpoints() {
    Topology t = noNat("[" + ECR_ENDPOINTS + ", secretsmanager, ssm]", reading("web", "secrets: {DB: {secretsManager:"
        + " '" + SECRET + "'}, TOKEN: {ssmParameter: 'arn:aws:ssm:eu-west-1:123456789012:parameter/shop/token'}}"));

    assertThat(warnings(t)).isEmpty();
  }

  @Test
  void noSecretsWarningWithANatGateway() {
    Topology t = topology(BASE + "network: {natGateways: one}\nservices:\n" + reading("web", "secrets: {DB:"
        + " {secretsManager: '" + SECRET + "'}, TOKEN: {ssmParameter: /shop/token}}"));

    assertThat(warnings(t)).isEmpty();
  }

  @Test
  void warnsThatSecretsInAnotherRegionNeedANatGatewayWhateverTheEndpoints() {
    String remote = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf";
    Topology t = noNat("[" + ECR_ENDPOINTS + ", secretsmanager, ssm]", reading("web", "secrets: {DB: {secretsManager:"
        + " '" + remote + "'}}") + reading("api", "secrets: {DB: {secretsManager: '" + remote + "'}}"));

    assertThat(warnings(t)).containsExactly(new Warning("network.natGateways", "none, while web, api read " + remote
        + ": a secret outside eu-west-1 can only be read through a NAT gateway (VPC endpoints serve their own region),"
        + " so their tasks never start; set natGateways to one, or keep the secrets in eu-west-1"
        + " (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html#ecs-setting-up-secrets)"),
        // nothing of this region reads from Secrets Manager or SSM: both endpoints are billed for nothing
        new Warning("network.vpcEndpoints", "ssm serves no workload here (the bastion is disabled and no container"
            + " reads an SSM parameter of this region), yet an interface endpoint is billed per hour in each"
            + " availability zone; remove it (https://aws.amazon.com/privatelink/pricing/)"),
        new Warning("network.vpcEndpoints", "secretsmanager serves no workload here (no container reads a Secrets"
            + " Manager secret or registry credentials of this region), yet an interface endpoint is billed per hour"
            + " in each availability zone; remove it (https://aws.amazon.com/privatelink/pricing/)"));
  }

  @Test
  void anExistingNetworkNamesTheSecretStoresAndTheSecretsOnlyANatGatewayReaches() {
    String remote = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf";
    Topology t = topology(BASE + "network:\n  existing:\n    vpcId: vpc-0123456789abcdef0\n"
        + "    privateSubnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]\n"
        + "bastion: {enabled: false}\nservices:\n" + reading("web", "secrets: {DB: {secretsManager: '" + SECRET
        + "'}, OLD: {secretsManager: '" + remote + "'}, TOKEN: {ssmParameter: /shop/token}}"));

    assertThat(warnings(t)).singleElement().satisfies(w -> {
      assertThat(w.field()).isEqualTo("network.existing");
      assertThat(w.message()).contains("web needs a NAT gateway for " + remote + " and ssm, ecr.api, ecr.dkr, logs,"
          + " secretsmanager and s3 (a NAT gateway or VPC endpoints)");
    });
  }

  @Test
  void everyMissingPrerequisiteIsOneWarningInAFixedOrder() {
    Topology t = topology(BASE + "network: {natGateways: none}\nservices:\n" + imaged("web", "nginx", true)
        + imaged("api", ECR_IMAGE, false));

    assertThat(warnings(t)).extracting(Warning::message).extracting(m -> m.substring(0, m.indexOf(':')))
        .containsExactly("none, while the bastion bastion-host is reached only through SSM Session Manager",
            "none, while web pull nginx", "none, while api pull images from ECR", "none, while web, api log with"
            + " awslogs", "none, while web enable ECS Exec in private subnets");
  }

  @Test
  void noNetworkWarningsWithANatGateway() {
    Topology t = topology(BASE + "network: {natGateways: one}\nservices:\n" + imaged("web", "nginx", true)
        + imaged("api", ECR_IMAGE, false));

    assertThat(warnings(t)).isEmpty();
  }

  @Test
  void warnsAboutInterfaceEndpointsNoWorkloadUses() {
    Topology t = topology(BASE + "network: {vpcEndpoints: [s3, ssm, ec2messages, ssmmessages, ecr.api, ecr.dkr]}\n"
        + "bastion: {enabled: false}\nservices:\n" + imaged("web", "nginx", false));

    assertThat(warnings(t)).extracting(Warning::field).containsOnly("network.vpcEndpoints");
    assertThat(warnings(t)).extracting(Warning::message).containsExactly(
        "ssm serves no workload here (the bastion is disabled and no container reads an SSM parameter of this"
            + " region), yet an interface endpoint is billed per hour in each availability zone; remove it"
            + " (https://aws.amazon.com/privatelink/pricing/)",
        "ssmmessages serves no workload here (the bastion is disabled and no service enables ECS Exec), yet an"
            + " interface endpoint is billed per hour in each availability zone; remove it"
            + " (https://aws.amazon.com/privatelink/pricing/)",
        "ec2messages serves no workload here (the bastion is disabled), yet an interface endpoint is billed per hour"
            + " in each availability zone; remove it (https://aws.amazon.com/privatelink/pricing/)",
        "ecr.api serves no workload here (no image is in this region's private ECR), yet an interface endpoint is"
            + " billed per hour in each availability zone; remove it (https://aws.amazon.com/privatelink/pricing/)",
        "ecr.dkr serves no workload here (no image is in this region's private ECR), yet an interface endpoint is"
            + " billed per hour in each availability zone; remove it (https://aws.amazon.com/privatelink/pricing/)");
  }

  @Test
  void cycleWarningsComeBeforeSettingWarnings() {
    Topology t = topology(DEFAULTS + "network: {natGateways: none, vpcEndpoints: [logs, ssm, ssmmessages,"
        + " ec2messages]}\nservices:\n" + service("a", "[b-api]") + "    deployment: {circuitBreaker: none}\n"
        + service("b", "[a-api]"));

    assertThat(warnings(t)).extracting(Warning::field).containsExactly("services[0].calls[0]", "cluster.namespace",
        "services[0].deployment.circuitBreaker", "network.natGateways");
  }

  @Test
  void warningIsFormattedWithFileAndField() {
    Warning w = new Warning("cluster.namespace", "message");

    assertThat(w.format("config/env.yaml")).isEqualTo("config/env.yaml: warning: cluster.namespace: message");
  }

  @Test
  void warnsWhenCallersExceedTheInboundRuleQuotaOfOneSecurityGroup() {
    EnvironmentConfig config = ConfigLoader.parse(Path.of("scale.yaml"),
        dev.svcconnect.scale.ScaleTopology.yaml(100, "scale", "scale-tfstate"));

    assertThat(ConfigWarnings.of(Topology.of(config))).contains(new Warning("services[99]", "99 callers make 99 inbound"
        + " rules on the security group of svc-099, more than AWS's default quota of 60 per security group; raise"
        + " 'Inbound or outbound rules per security group' in Service Quotas before deploying to AWS"));
    assertThat(ConfigWarnings.of(Topology.of(ConfigLoader.parse(Path.of("scale.yaml"),
            dev.svcconnect.scale.ScaleTopology.yaml(61, "scale", "scale-tfstate")))))
        .extracting(Warning::field).doesNotContain("services[60]");
  }
}
