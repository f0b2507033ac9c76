package dev.svcconnect.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.naming.EndpointAddress;
import dev.svcconnect.tfjson.StackDocument;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who can reach which Service Connect endpoint, computed from a synthesized stack (its Terraform JSON), not from
 * the config that produced it: so it checks what will actually be applied. For every source (the internet and each
 * Application Load Balancer when the stack has one, each ECS service and each EC2 instance) and every entry (a load
 * balancer's listener) and published endpoint it answers two questions, the way AWS decides them:
 * <ul>
 *   <li>does the alias resolve there? Service Connect writes its aliases into {@code /etc/hosts} of tasks of
 *       Service Connect-enabled services of the endpoint's namespace, at task start, and nowhere else: not in DNS,
 *       so never on an instance;</li>
 *   <li>does the network admit it? an ingress rule on one of the endpoint service's security groups must reference
 *       one of the source's groups (or 0.0.0.0/0) for TCP on the endpoint's container port.</li>
 * </ul>
 * A load balancer's listener resolves (its DNS name is public) for everyone when it is internet-facing and inside
 * the VPC when it is internal; a CIDR rule admits a source in the VPC when the CIDR holds the whole VPC (a narrower
 * one is not assumed to hold the source's address). The internet reaches nothing but internet-facing listeners:
 * the stack gives nothing else a public address. A load balancer reaches its targets by task address (target type
 * ip), so its paths to endpoints are "by task address only".
 */
public final class Reachability {

  public enum Verdict {
    REACHABLE, ADDRESS_ONLY, BLOCKED, UNREACHABLE;

    /** How the report writes it: the constant's name in lower case, but "by task address only". */
    public String label() {
      return this == ADDRESS_ONLY ? "by task address only" : name().toLowerCase(Locale.ROOT);
    }
  }

  /** The source that stands for every address outside the VPC. */
  public static final String INTERNET = "internet";
  /** The kind of a load balancer, as a source and as the service of its listeners. */
  public static final String LOAD_BALANCER = "load balancer";
  private static final String ANY_IPV4 = "0.0.0.0/0";

  /**
   * Something that opens connections: the internet, a load balancer, an ECS service ({@code namespace} set when
   * Service Connect is on) or an instance.
   */
  public record Source(String name, String kind, Optional<String> namespace, Set<String> securityGroups) {}

  /**
   * A published endpoint and where its tasks listen: {@code containerPort} is the port callers' traffic enters the
   * task on, the Service Connect proxy's {@code ingress_port_override} when the endpoint has one (ECS:
   * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html), else the container
   * port.
   */
  public record Endpoint(String service, String discoveryName, String dnsName, int aliasPort, int containerPort,
      String appProtocol, String namespace, Set<String> securityGroups, Optional<Boolean> internetFacing) {
    /** A Service Connect endpoint. */
    public Endpoint(String service, String discoveryName, String dnsName, int aliasPort, int containerPort,
        String appProtocol, String namespace, Set<String> securityGroups) {
      this(service, discoveryName, dnsName, aliasPort, containerPort, appProtocol, namespace, securityGroups,
          Optional.empty());
    }

    /** Whether it is a load balancer's listener rather than a Service Connect endpoint. */
    public boolean entry() {
      return internetFacing.isPresent();
    }

    /**
     * What a client in the namespace uses, as {@link EndpointAddress#url} formats it; for a listener, its scheme and
     * the load balancer's DNS name (known only once it exists), the port left out when it is the scheme's default.
     */
    public String url() {
      if (entry()) {
        boolean https = appProtocol.equals("https");
        return appProtocol + "://" + dnsName + (aliasPort == (https ? 443 : 80) ? "" : ":" + aliasPort);
      }
      return EndpointAddress.url(appProtocol, dnsName, aliasPort);
    }
  }

  /** A named port mapping of a task definition. */
  private record NamedPort(int containerPort, String appProtocol) {}

  /** The answer for one (source, endpoint) pair, with the reason for each half. */
  public record Path(Source source, Endpoint endpoint, boolean resolves, String nameReason, boolean admitted,
      String networkReason, Verdict verdict) {}

  private record Rule(String group, Optional<String> referencedGroup, Optional<String> cidr, String protocol,
      int fromPort, int toPort) {}

  private final String stack;
  private final List<Source> sources = new ArrayList<>();
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final List<Path> paths = new ArrayList<>();
  private Optional<dev.svcconnect.config.Cidr> vpcCidr = Optional.empty();

  private Reachability(String stack) {
    this.stack = stack;
  }

  public static Reachability of(String stack, JsonNode root) {
    Reachability r = new Reachability(stack);
    r.analyze(new StackDocument(stack, root));
    return r;
  }

  public String stack() {
    return stack;
  }

  public List<Source> sources() {
    return sources;
  }

  public List<Endpoint> endpoints() {
    return endpoints;
  }

  public List<Path> paths() {
    return paths;
  }

  public Optional<Path> path(String source, String discoveryName) {
    return paths.stream()
        .filter(p -> p.source().name().equals(source) && p.endpoint().discoveryName().equals(discoveryName))
        .findFirst();
  }

  private void analyze(StackDocument doc) {
    List<StackDocument.Resource> balancers = new ArrayList<>(doc.resources("aws_lb"));
    balancers.sort(Comparator.comparing(r -> r.get("name").asText(r.name())));
    List<Endpoint> entries = new ArrayList<>();
    if (!balancers.isEmpty()) {
      sources.add(new Source(INTERNET, INTERNET, Optional.empty(), Set.of()));
    }
    for (StackDocument.Resource lb : balancers) {
      String name = "alb " + lb.get("name").asText(lb.name());
      Set<String> groups = groups(doc, lb.get("security_groups"));
      boolean internetFacing = !lb.get("internal").asBoolean(false);
      sources.add(new Source(name, LOAD_BALANCER, Optional.empty(), groups));
      List<StackDocument.Resource> listeners = new ArrayList<>(doc.referencing("aws_lb_listener", "load_balancer_arn",
          lb));
      listeners.sort(Comparator.comparing(l -> l.get("port").asInt()));
      for (StackDocument.Resource l : listeners) {
        int port = l.get("port").asInt();
        String protocol = l.get("protocol").asText("HTTP").toLowerCase(java.util.Locale.ROOT);
        entries.add(new Endpoint(name, name + ":" + port, lb.get("name").asText(lb.name()) + " (its DNS name)", port,
            port, protocol, "", groups, Optional.of(internetFacing)));
      }
    }
    vpcCidr = doc.resources("aws_vpc").stream().findFirst()
        .flatMap(v -> dev.svcconnect.config.Cidr.parse(v.get("cidr_block").asText("")));
    List<StackDocument.Resource> services = new ArrayList<>(doc.resources("aws_ecs_service"));
    services.sort(Comparator.comparing(r -> r.get("name").asText()));
    for (StackDocument.Resource s : services) {
      String name = s.get("name").asText();
      Set<String> groups = groups(doc, StackDocument.block(s.body(), "network_configuration").path("security_groups"));
      JsonNode sc = StackDocument.block(s.body(), "service_connect_configuration");
      // A namespace the stack creates is known by its name; an existing one (joined by ARN) by its ARN.
      Optional<String> namespace = sc.path("enabled").asBoolean(false)
          ? doc.referenced(sc.path("namespace")).map(n -> n.get("name").asText())
              .or(() -> Optional.of(sc.path("namespace").asText("")).filter(ns -> !ns.isEmpty()))
          : Optional.empty();
      sources.add(new Source(name, "ECS service", namespace, groups));
      Map<String, NamedPort> ports = doc.referenced(s.get("task_definition")).map(Reachability::namedPorts)
          .orElse(Map.of());
      for (JsonNode published : StackDocument.blocks(sc, "service")) {
        String discovery = published.path("discovery_name").asText(published.path("port_name").asText());
        JsonNode alias = StackDocument.block(published, "client_alias");
        NamedPort port = ports.getOrDefault(published.path("port_name").asText(), new NamedPort(0, "tcp"));
        String ns = namespace.orElse("");
        int ingressPort = published.path("ingress_port_override").asInt(port.containerPort());
        endpoints.add(new Endpoint(name, discovery, alias.path("dns_name").asText(discovery + "." + ns),
            alias.path("port").asInt(port.containerPort()), ingressPort, port.appProtocol(), ns, groups));
      }
    }
    List<StackDocument.Resource> instances = new ArrayList<>(doc.resources("aws_instance"));
    instances.sort(Comparator.comparing(r -> r.get("tags").path("Name").asText(r.name())));
    for (StackDocument.Resource i : instances) {
      sources.add(new Source(i.get("tags").path("Name").asText(i.name()), "EC2 instance", Optional.empty(),
          groups(doc, i.get("vpc_security_group_ids"))));
    }
    endpoints.sort(Comparator.comparing(Endpoint::discoveryName));
    endpoints.addAll(0, entries);

    List<Rule> rules = new ArrayList<>();
    for (StackDocument.Resource r : doc.resources("aws_vpc_security_group_ingress_rule")) {
      doc.referenced(r.get("security_group_id")).ifPresent(group -> rules.add(new Rule(group.address(),
          doc.referenced(r.get("referenced_security_group_id")).map(StackDocument.Resource::address),
          Optional.ofNullable(r.body().get("cidr_ipv4")).map(JsonNode::asText), r.get("ip_protocol").asText(),
          r.get("from_port").asInt(0), r.get("to_port").asInt(65535))));
    }

    for (Source source : sources) {
      for (Endpoint endpoint : endpoints) {
        if (endpoint.entry() && endpoint.service().equals(source.name())) {
          continue;
        }
        paths.add(path(source, endpoint, rules));
      }
    }
  }

  private Path path(Source source, Endpoint endpoint, List<Rule> rules) {
    boolean internet = source.kind().equals(INTERNET);
    boolean resolves;
    String nameReason;
    if (endpoint.entry()) {
      boolean publicEntry = endpoint.internetFacing().orElseThrow();
      resolves = publicEntry || !internet;
      nameReason = publicEntry ? endpoint.service() + " is internet-facing: its DNS name resolves to public addresses"
          : internet ? endpoint.service() + " is internal: its DNS name resolves to private addresses, which the"
              + " internet cannot route to"
          : endpoint.service() + " is internal and " + source.name() + " is in its VPC";
    } else if (internet) {
      resolves = false;
      nameReason = "the tasks of " + endpoint.service() + " have no public address";
    } else if (source.namespace().isEmpty()) {
      resolves = false;
      nameReason = source.kind().equals("EC2 instance")
          ? source.name() + " is outside the namespace: Service Connect writes its aliases into /etc/hosts of"
              + " the namespace's tasks, not into DNS"
          : source.kind().equals(LOAD_BALANCER)
              ? source.name() + " is outside the namespace: it sends to its targets' task addresses (target type ip)"
              : source.name() + " has Service Connect off, so its tasks get no aliases";
    } else if (!source.namespace().get().equals(endpoint.namespace())) {
      // "Tasks that run in a namespace can use short names to connect to services in the namespace"
      // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectConfiguration.html): a task
      // gets the aliases of its own namespace only.
      resolves = false;
      nameReason = source.name() + " is in namespace " + source.namespace().get() + ", the endpoint in "
          + endpoint.namespace() + ": Service Connect aliases resolve only within their namespace";
    } else {
      resolves = true;
      nameReason = source.name() + " is a Service Connect service of namespace " + endpoint.namespace();
    }
    Optional<String> admittedBy = rules.stream()
        .filter(r -> endpoint.securityGroups().contains(r.group()))
        .filter(r -> r.protocol().equals("-1") || (r.protocol().equals("tcp")
            && r.fromPort() <= endpoint.containerPort() && endpoint.containerPort() <= r.toPort()))
        .map(r -> r.referencedGroup().filter(source.securityGroups()::contains)
            .map(g -> "that of " + source.name())
            .or(() -> r.cidr().filter(ANY_IPV4::equals).map(c -> ANY_IPV4 + " (anyone)"))
            .or(() -> r.cidr().filter(c -> !internet && holdsVpc(c)).map(c -> c + " (the whole VPC)")))
        .flatMap(Optional::stream)
        .findFirst();
    String port = "tcp/" + endpoint.containerPort();
    String networkReason = admittedBy
        .map(by -> "the security group of " + endpoint.service() + " admits " + by + " on " + port)
        .orElse("no ingress rule of the security group of " + endpoint.service() + " admits " + source.name()
            + " on " + port);
    // From the internet, only an internet-facing listener has an address to send to.
    boolean routable = !internet || endpoint.internetFacing().orElse(false);
    Verdict verdict = !routable ? Verdict.UNREACHABLE
        : resolves
        ? (admittedBy.isPresent() ? Verdict.REACHABLE : Verdict.BLOCKED)
        : (admittedBy.isPresent() ? Verdict.ADDRESS_ONLY : Verdict.UNREACHABLE);
    return new Path(source, endpoint, resolves, nameReason, admittedBy.isPresent(), networkReason, verdict);
  }

  /** Whether CIDR {@code text} holds every address of the stack's VPC. */
  private boolean holdsVpc(String text) {
    return vpcCidr.flatMap(vpc -> dev.svcconnect.config.Cidr.parse(text).map(c -> c.contains(vpc))).orElse(false);
  }

  /** Named port mappings of a task definition's containers, from its container_definitions JSON. */
  private static Map<String, NamedPort> namedPorts(StackDocument.Resource taskDefinition) {
    Map<String, NamedPort> ports = new LinkedHashMap<>();
    StackDocument.parsed(taskDefinition.get("container_definitions")).ifPresent(containers -> {
      for (JsonNode container : containers) {
        for (JsonNode p : container.path("portMappings")) {
          if (p.hasNonNull("name")) {
            ports.put(p.get("name").asText(), new NamedPort(p.path("containerPort").asInt(),
                p.path("appProtocol").asText("tcp")));
          }
        }
      }
    });
    return ports;
  }

  /** The security groups a list of references names, as Terraform addresses. */
  private static Set<String> groups(StackDocument doc, JsonNode list) {
    Set<String> out = new LinkedHashSet<>();
    list.forEach(v -> doc.referenced(v).ifPresent(g -> out.add(g.address())));
    return out;
  }
}
