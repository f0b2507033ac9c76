package dev.svcconnect.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import dev.svcconnect.tfjson.StackDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceConnectClientAlias;
import software.amazon.awssdk.services.ecs.model.ServiceConnectConfiguration;
import software.amazon.awssdk.services.ecs.model.ServiceConnectService;

/**
 * Service Connect drift the AWS provider cannot see: each {@code aws_ecs_service} of a synthesized stack compared with
 * what ECS runs. ECS reports a service's Service Connect configuration only on its deployments, not on the service
 * (API_Service.html has no such member; API_Deployment.html, serviceConnectConfiguration), and a deployment with
 * Service Connect turned off carries none at all. Provider 5.x reads it from the PRIMARY deployment and keeps its state
 * when the member is absent, so Service Connect turned off outside Terraform never shows in a plan
 * (hashicorp/terraform-provider-aws#42818, fixed in 6.x by #43871). This reads the PRIMARY deployment itself.
 *
 * <p>Compared: enabled, namespace, traffic-log configuration present or not, and per published endpoint (keyed by its
 * discovery name): portName, clientAliases (port, dnsName), ingressPortOverride, and the timeouts the stack sets (a
 * timeout the stack leaves out is ECS's default and not compared).
 */
public final class ServiceConnectDrift {
  /** DescribeServices takes at most this many services per call (API_DescribeServices.html, services). */
  static final int DESCRIBE_LIMIT = RolloutCheck.DESCRIBE_LIMIT;

  private ServiceConnectDrift() {}

  /**
   * One aws_ecs_service as the stack declares it.
   *
   * @param address its Terraform address, for {@code -replace=ADDRESS}
   * @param namespaces every spelling of the namespace that means the declared one: the namespace resource's name and,
   *     once applied, its ARN (from the stack's outputs); empty when the service names no namespace
   * @param namespaceName the namespace's name, for the default client alias {@code discoveryName.namespace}; null when
   *     not known
   */
  public record Expected(String address, String service, String cluster, boolean enabled, Set<String> namespaces, String namespaceName,
      boolean logConfiguration, List<Endpoint> endpoints) {}

  /**
   * One published endpoint. A null field was not set in the stack.
   *
   * @param discoveryName the Cloud Map service name; ECS uses the portName when none is given
   *     (API_ServiceConnectService.html, discoveryName)
   * @param aliases {@code dnsName:port}, the dnsName defaulted to {@code discoveryName.namespace} as ECS does
   *     (API_ServiceConnectClientAlias.html, dnsName)
   * @param idleTimeoutSeconds seconds
   * @param perRequestTimeoutSeconds seconds
   */
  public record Endpoint(String portName, String discoveryName, Set<String> aliases, Integer ingressPortOverride,
      Integer idleTimeoutSeconds, Integer perRequestTimeoutSeconds) {}

  /** One difference: {@code field} of {@code service} is {@code live} in ECS where the stack says {@code expected}. */
  public record Difference(String service, String field, String expected, String live) {
    /** {@code service: field: expected X, live Y}. */
    public String line() {
      return service + ": " + field + ": expected " + expected + ", live " + live;
    }
  }

  /**
   * The services of {@code stack} with the Service Connect configuration it declares. References are resolved from
   * the stack: a cluster or namespace reference to the resource's {@code name}, and any reference that a stack output
   * carries to that output's value in {@code outputs} (how the namespace's ARN becomes known).
   *
   * @param outputs output name to value, as {@code terraform output -json} prints them (string values only are used)
   * @throws IllegalStateException when a service's name or cluster is neither a literal nor resolvable
   */
  public static List<Expected> expected(StackDocument stack, Map<String, String> outputs) {
    List<Expected> all = new ArrayList<>();
    for (StackDocument.Resource r : stack.resources("aws_ecs_service")) {
      String name = literal(stack, r.get("name")).orElseThrow(() -> new IllegalStateException(r.display()
          + ": name is not a literal; cannot ask ECS for it"));
      String cluster = literal(stack, r.get("cluster")).orElseThrow(() -> new IllegalStateException(r.display()
          + ": cluster is neither a literal nor a reference to a cluster's name"));
      JsonNode sc = StackDocument.block(r.body(), "service_connect_configuration");
      boolean enabled = sc.path("enabled").asBoolean(false);
      Set<String> namespaces = new LinkedHashSet<>();
      Optional<String> namespaceName = literal(stack, sc.path("namespace"));
      namespaceName.ifPresent(namespaces::add);
      if (sc.path("namespace").isTextual()) {
        String expression = sc.path("namespace").textValue();
        stack.root().path("output").properties().forEach(o -> {
          if (expression.equals(o.getValue().path("value").asText(null)) && outputs.containsKey(o.getKey())) {
            namespaces.add(outputs.get(o.getKey()));
          }
        });
      }
      List<Endpoint> endpoints = new ArrayList<>();
      for (JsonNode s : StackDocument.blocks(sc, "service")) {
        String portName = s.path("port_name").asText(null);
        String discovery = s.path("discovery_name").isTextual() ? s.path("discovery_name").textValue() : portName;
        Set<String> aliases = new TreeSet<>();
        for (JsonNode a : StackDocument.blocks(s, "client_alias")) {
          String dns = a.path("dns_name").isTextual() ? a.path("dns_name").textValue()
              : namespaceName.map(n -> discovery + "." + n).orElse(discovery);
          aliases.add(dns + ":" + a.path("port").asText());
        }
        JsonNode timeout = StackDocument.block(s, "timeout");
        endpoints.add(new Endpoint(portName, discovery, aliases, integer(s.path("ingress_port_override")),
            integer(timeout.path("idle_timeout_seconds")), integer(timeout.path("per_request_timeout_seconds"))));
      }
      all.add(new Expected(r.address(), name, cluster, enabled, namespaces, namespaceName.orElse(null),
          !StackDocument.block(sc, "log_configuration").isMissingNode(), endpoints));
    }
    return all;
  }

  /** A literal string, or a reference's target resource's literal {@code name}. */
  private static Optional<String> literal(StackDocument stack, JsonNode value) {
    if (!value.isTextual()) {
      return Optional.empty();
    }
    if (!value.textValue().contains("${")) {
      return Optional.of(value.textValue());
    }
    // an existing cluster (cluster.existing) is a data source, named by its cluster_name (a name or an ARN,
    // both of which DescribeServices takes)
    return stack.referenced(value).map(target -> target.get("name"))
        .or(() -> stack.referencedData(value).filter(d -> d.type().equals("aws_ecs_cluster"))
            .map(d -> d.get("cluster_name")))
        .filter(n -> n.isTextual() && !n.textValue().contains("${")).map(JsonNode::textValue);
  }

  private static Integer integer(JsonNode value) {
    return value.isIntegralNumber() || (value.isTextual() && value.textValue().matches("[0-9]+"))
        ? value.asInt() : null;
  }

  /**
   * Asks ECS for every service of {@code expected}, per cluster in batches of {@value #DESCRIBE_LIMIT}, and compares.
   *
   * @return the differences, in {@code expected}'s order; empty when ECS runs what the stack declares
   * @throws software.amazon.awssdk.core.exception.SdkException when ECS cannot be asked (credentials, network)
   */
  public static List<Difference> check(EcsClient ecs, List<Expected> expected) {
    Map<String, List<String>> byCluster = new LinkedHashMap<>();
    expected.forEach(e -> byCluster.computeIfAbsent(e.cluster(), c -> new ArrayList<>()).add(e.service()));
    Map<String, Service> found = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    byCluster.forEach((cluster, names) -> {
      for (int i = 0; i < names.size(); i += DESCRIBE_LIMIT) {
        List<String> batch = names.subList(i, Math.min(names.size(), i + DESCRIBE_LIMIT));
        DescribeServicesResponse r = ecs.describeServices(b -> b.cluster(cluster).services(batch));
        r.services().forEach(s -> found.put(cluster + "/" + s.serviceName(), s));
        for (Failure f : r.failures()) {
          failures.put(cluster + "/" + f.arn().substring(f.arn().lastIndexOf('/') + 1), f.reason());
        }
      }
    });
    List<Difference> differences = new ArrayList<>();
    for (Expected e : expected) {
      String key = e.cluster() + "/" + e.service();
      differences.addAll(compare(e, found.get(key), failures.get(key)));
    }
    return differences;
  }

  /** What {@link #report} found. */
  public enum Outcome {
    /** Every service runs the stack's Service Connect configuration. */
    NONE,
    /** At least one service differs. */
    DRIFT,
    /** ECS could not be asked. */
    UNKNOWN
  }

  /**
   * {@link #check}, printed: each difference as {@link Difference#line} on {@code out}; on {@code err} a summary and,
   * for drift, the command that replaces the drifted services ({@code plan} is how to call {@code ./main plan} for
   * this environment, e.g. {@code ./main plan --config config/prod.yaml}).
   *
   * @return the outcome; {@link Outcome#UNKNOWN} when ECS cannot be asked (said on {@code err})
   */
  public static Outcome report(EcsClient ecs, List<Expected> expected, String plan, PrintStream out,
      PrintStream err) {
    List<Difference> differences;
    try {
      differences = check(ecs, expected);
    } catch (SdkException e) {
      err.println("drift: cannot ask ECS for the services: " + e.getMessage());
      err.println("error: whether the services run the stack's Service Connect configuration is unknown");
      return Outcome.UNKNOWN;
    }
    differences.forEach(d -> out.println(d.line()));
    if (differences.isEmpty()) {
      err.println("drift: none; the " + expected.size() + " service(s) run the stack's Service Connect"
          + " configuration");
      return Outcome.NONE;
    }
    List<String> drifted = differences.stream().map(Difference::service).distinct().toList();
    String replace = expected.stream().filter(e -> drifted.contains(e.service()))
        .map(e -> " -replace=" + e.address()).collect(Collectors.joining());
    err.println("drift: " + drifted.size() + " of " + expected.size() + " service(s) differ from the stack, which"
        + " terraform plan does not show with provider 5.x; to restore them, replace them (docs/drift.md):");
    err.println("  " + plan + " --out drift.plan" + replace + " && ./main apply drift.plan");
    return Outcome.DRIFT;
  }

  /**
   * Compares one service: a pure function of the declared configuration and ECS's answer.
   *
   * @param live the service as DescribeServices returned it; null when ECS did not return it
   * @param failure DescribeServices' failure reason for it (e.g. MISSING), or null
   */
  public static List<Difference> compare(Expected expected, Service live, String failure) {
    String name = expected.service();
    List<Difference> d = new ArrayList<>();
    if (live == null || !"ACTIVE".equals(live.status())) {
      String why = live != null ? live.status() : failure != null ? failure : "MISSING";
      d.add(new Difference(name, "service", "ACTIVE in cluster " + expected.cluster(), why));
      return d;
    }
    ServiceConnectConfiguration sc = live.deployments().stream().filter(x -> "PRIMARY".equals(x.status()))
        .findFirst().map(x -> x.serviceConnectConfiguration()).orElse(null);
    boolean liveEnabled = sc != null && Boolean.TRUE.equals(sc.enabled());
    if (expected.enabled() != liveEnabled) {
      d.add(new Difference(name, "serviceConnect.enabled", String.valueOf(expected.enabled()),
          String.valueOf(liveEnabled)));
      return d;
    }
    if (!liveEnabled) {
      return d;
    }
    if (!expected.namespaces().isEmpty() && (sc.namespace() == null
        || !expected.namespaces().contains(sc.namespace()))) {
      d.add(new Difference(name, "serviceConnect.namespace", String.join(" or ", expected.namespaces()),
          String.valueOf(sc.namespace())));
    }
    if (expected.logConfiguration() != (sc.logConfiguration() != null)) {
      d.add(new Difference(name, "serviceConnect.logConfiguration", present(expected.logConfiguration()),
          present(sc.logConfiguration() != null)));
    }
    Map<String, ServiceConnectService> liveEndpoints = new LinkedHashMap<>();
    for (ServiceConnectService s : sc.services()) {
      liveEndpoints.put(s.discoveryName() != null ? s.discoveryName() : s.portName(), s);
    }
    for (Endpoint want : expected.endpoints()) {
      ServiceConnectService got = liveEndpoints.remove(want.discoveryName());
      String field = "endpoint " + want.discoveryName();
      if (got == null) {
        d.add(new Difference(name, field, "published", "absent"));
        continue;
      }
      differ(d, name, field + ": portName", want.portName(), got.portName());
      Set<String> gotAliases = new TreeSet<>();
      for (ServiceConnectClientAlias a : got.clientAliases()) {
        String dns = a.dnsName() != null ? a.dnsName()
            : expected.namespaceName() != null ? want.discoveryName() + "." + expected.namespaceName()
            : want.discoveryName();
        gotAliases.add(dns + ":" + a.port());
      }
      differ(d, name, field + ": clientAliases", want.aliases(), gotAliases);
      differ(d, name, field + ": ingressPortOverride", want.ingressPortOverride(), got.ingressPortOverride());
      if (want.idleTimeoutSeconds() != null) {
        differ(d, name, field + ": timeout.idleTimeoutSeconds", want.idleTimeoutSeconds(),
            got.timeout() == null ? null : got.timeout().idleTimeoutSeconds());
      }
      if (want.perRequestTimeoutSeconds() != null) {
        differ(d, name, field + ": timeout.perRequestTimeoutSeconds", want.perRequestTimeoutSeconds(),
            got.timeout() == null ? null : got.timeout().perRequestTimeoutSeconds());
      }
    }
    liveEndpoints.keySet().forEach(extra -> d.add(new Difference(name, "endpoint " + extra, "absent", "published")));
    return d;
  }

  private static void differ(List<Difference> d, String service, String field, Object expected, Object live) {
    if (!Objects.equals(expected, live)) {
      d.add(new Difference(service, field, shown(expected), shown(live)));
    }
  }

  private static String shown(Object value) {
    if (value instanceof Set<?> s) {
      return s.isEmpty() ? "none" : String.join(",", s.stream().map(String::valueOf).toList());
    }
    return value == null ? "none" : value.toString();
  }

  private static String present(boolean present) {
    return present ? "present" : "absent";
  }
}
