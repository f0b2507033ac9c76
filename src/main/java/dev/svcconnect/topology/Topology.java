package dev.svcconnect.topology;

import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.naming.EndpointAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the stack derives from the declared topology (who publishes which endpoint, who calls it), so that no
 * security-group rule, deploy-order edge or redeploy trigger is ever written by hand:
 * <ul>
 *   <li>{@link #links()}: one (caller, endpoint) pair per {@code calls:}/{@code reaches:} entry, each one ingress
 *       rule on the endpoint's container port;</li>
 *   <li>{@link #dependsOn}: a caller deploys after the services it calls, except inside a call cycle, where
 *       Terraform cannot order both ways: there the earliest-declared member goes first (it alone does not wait
 *       for the members it calls); {@link #deferredCalls()} lists those calls, which {@link ConfigWarnings}
 *       reports;</li>
 *   <li>{@link #endpointsDigest}: a digest of what a caller calls, which changes exactly when one of those
 *       endpoints is added, removed or re-aliased, and so redeploys exactly that caller.</li>
 * </ul>
 * Computed once per command from a validated config, and handed to whatever needs it (the warnings, the stack).
 */
public final class Topology {
  /** The bastion's name as a caller. */
  public static final String BASTION = "bastion";

  /** An endpoint as published: by which service, on which container port. */
  public record Published(Service service, Endpoint endpoint, PortMapping port) {
    public String discoveryName() {
      return endpoint.discoveryName();
    }

    /** The port callers' traffic enters the task on: the proxy's ingressPortOverride, else the container port. */
    public int ingressPort() {
      return endpoint.ingressPortOverride().orElse(port.containerPort());
    }

    /** What a client uses, as {@link EndpointAddress#url} formats it. */
    public String url() {
      return EndpointAddress.url(port.appProtocol(), endpoint.dnsName(), endpoint.clientAliasPort());
    }
  }

  /** One declared call: {@code caller} is a service name or {@link #BASTION}. */
  public record Link(String caller, Published target) {}

  /**
   * A call left out of the deploy order to break a call cycle: {@code caller} deploys without waiting for
   * {@code callee}, so its first tasks do not know {@code callee}'s endpoints.
   *
   * @param cycle a shortest call path from the caller through the callee back to the caller, for messages
   */
  public record DeferredCall(Service caller, String callee, List<String> cycle) {
    public DeferredCall {
      cycle = List.copyOf(cycle);
    }
  }

  private final EnvironmentConfig config;
  private final Map<String, Published> endpoints = new LinkedHashMap<>();
  private final List<Link> links = new ArrayList<>();
  private final Map<String, List<String>> dependsOn = new LinkedHashMap<>();
  private final List<DeferredCall> deferredCalls = new ArrayList<>();

  private Topology(EnvironmentConfig config) {
    this.config = config;
    for (Service s : config.services()) {
      for (Endpoint e : s.serviceConnect().endpoints()) {
        endpoints.put(e.discoveryName(), new Published(s, e, s.task().portMapping(e.portName()).orElseThrow()));
      }
    }
    for (Service s : config.services()) {
      s.calls().forEach(name -> links.add(new Link(s.name(), endpoints.get(name))));
    }
    if (config.bastion().enabled()) {
      config.bastion().reaches().forEach(name -> links.add(new Link(BASTION, endpoints.get(name))));
    }
    orderDeployments();
  }

  /** Derives everything from a validated config; every name in it resolves. */
  public static Topology of(EnvironmentConfig config) {
    return new Topology(config);
  }

  /** The config it was derived from. */
  public EnvironmentConfig config() {
    return config;
  }

  /** Every published endpoint by discovery name, in declaration order. */
  public Map<String, Published> endpoints() {
    return endpoints;
  }

  public List<Link> links() {
    return links;
  }

  /** The links into {@code service}'s endpoints, in declaration order of the callers. */
  public List<Link> linksInto(Service service) {
    return links.stream().filter(l -> l.target().service().name().equals(service.name())).toList();
  }

  /** Services the named service must deploy after (never a cycle). */
  public List<String> dependsOn(String service) {
    return dependsOn.getOrDefault(service, List.of());
  }

  /**
   * Whether a caller deploys after the named service (it is in some {@link #dependsOn}): then its deployment must
   * have completed before the caller's starts, so that the caller's new tasks find its endpoints
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html).
   */
  public boolean awaitedByCallers(String service) {
    return dependsOn.values().stream().anyMatch(callees -> callees.contains(service));
  }

  /** The services in an order where everything one depends on comes first; declaration order otherwise. */
  public List<Service> deployOrder() {
    List<Service> ordered = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    while (ordered.size() < config.services().size()) {
      for (Service s : config.services()) {
        if (!placed.contains(s.name()) && placed.containsAll(dependsOn(s.name()))) {
          ordered.add(s);
          placed.add(s.name());
          break; // restart from the top so that declaration order wins among the ready ones
        }
      }
    }
    return ordered;
  }

  /**
   * A digest of the endpoints {@code service} calls, as its tasks see them (discovery name, alias, protocol, and
   * the Private CA when the endpoint speaks TLS: the caller's proxy, too, is configured only at task start), or
   * empty when it calls nothing. Stable across synths: the same topology gives the same digest.
   */
  public Optional<String> endpointsDigest(Service service) {
    List<String> lines = service.calls().stream().map(endpoints::get)
        .map(p -> p.discoveryName() + " " + EndpointAddress.alias(p.endpoint().dnsName(),
                p.endpoint().clientAliasPort()) + " " + p.port().appProtocol()
            + p.endpoint().tls().map(tls -> " tls " + tls.privateCaArn()).orElse(""))
        .sorted()
        .toList();
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join("\n", lines)
          .getBytes(StandardCharsets.UTF_8));
      return Optional.of("sha256:" + HexFormat.of().formatHex(hash));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The calls left out of the deploy order to break call cycles, in declaration order of the callers. */
  public List<DeferredCall> deferredCalls() {
    return Collections.unmodifiableList(deferredCalls);
  }

  // Deploy order

  private void orderDeployments() {
    List<Service> services = config.services();
    Map<String, List<String>> calls = new LinkedHashMap<>();
    for (Service s : services) {
      calls.put(s.name(), s.calls().stream().map(n -> endpoints.get(n).service().name())
          .filter(callee -> !callee.equals(s.name())).distinct().toList());
    }
    Map<String, Integer> component = stronglyConnected(calls);
    Set<List<String>> deferred = deferredCalls(calls);
    for (Service s : services) {
      List<String> after = new ArrayList<>();
      for (String callee : calls.get(s.name())) {
        if (!deferred.contains(List.of(s.name(), callee))) {
          after.add(callee);
        } else {
          deferredCalls.add(new DeferredCall(s, callee, cycle(s.name(), callee, calls, component)));
        }
      }
      dependsOn.put(s.name(), after);
    }
  }

  /**
   * The (caller, callee) calls left out of the deploy order: while the calls still hold a cycle, the
   * earliest-declared member of each cycle stops waiting for the members it calls. Only that member starts without
   * knowing an endpoint; every other member still deploys after what it calls. {@code calls} is in declaration
   * order.
   */
  private static Set<List<String>> deferredCalls(Map<String, List<String>> calls) {
    Map<String, List<String>> kept = new LinkedHashMap<>();
    calls.forEach((caller, callees) -> kept.put(caller, new ArrayList<>(callees)));
    Set<List<String>> deferred = new HashSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      Map<String, Integer> component = stronglyConnected(kept);
      Map<Integer, Integer> size = new HashMap<>();
      Map<Integer, String> first = new LinkedHashMap<>();
      for (String name : kept.keySet()) {
        size.merge(component.get(name), 1, Integer::sum);
        first.putIfAbsent(component.get(name), name);
      }
      for (Map.Entry<Integer, String> c : first.entrySet()) {
        if (size.get(c.getKey()) > 1) {
          String caller = c.getValue();
          List<String> inCycle = kept.get(caller).stream().filter(n -> component.get(n).equals(c.getKey())).toList();
          inCycle.forEach(callee -> deferred.add(List.of(caller, callee)));
          kept.get(caller).removeAll(inCycle);
          changed = true;
        }
      }
    }
    return deferred;
  }

  /** A shortest call path from {@code from} through {@code to} back to {@code from}, for the message. */
  private static List<String> cycle(String from, String to, Map<String, List<String>> calls,
      Map<String, Integer> component) {
    Map<String, String> parent = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(to));
    parent.put(to, to);
    while (!queue.isEmpty()) {
      String node = queue.removeFirst();
      if (node.equals(from)) {
        break;
      }
      for (String next : calls.get(node)) {
        if (!parent.containsKey(next) && component.get(next).equals(component.get(from))) {
          parent.put(next, node);
          queue.addLast(next);
        }
      }
    }
    List<String> back = new ArrayList<>();
    for (String n = from; !n.equals(to); n = parent.get(n)) {
      back.add(0, n);
    }
    List<String> path = new ArrayList<>(List.of(from, to));
    path.addAll(back.subList(0, back.size()));
    if (!path.get(path.size() - 1).equals(from)) {
      path.add(from);
    }
    return path;
  }

  /** Tarjan's algorithm: the component number of each service in the call graph. */
  private static Map<String, Integer> stronglyConnected(Map<String, List<String>> graph) {
    Map<String, Integer> component = new HashMap<>();
    Map<String, Integer> order = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    int[] counter = {0, 0};
    for (String start : graph.keySet()) {
      if (!order.containsKey(start)) {
        strongConnect(start, graph, component, order, low, stack, onStack, counter);
      }
    }
    return component;
  }

  private static void strongConnect(String v, Map<String, List<String>> graph, Map<String, Integer> component,
      Map<String, Integer> order, Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
      int[] counter) {
    order.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : graph.get(v)) {
      if (!order.containsKey(w)) {
        strongConnect(w, graph, component, order, low, stack, onStack, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), order.get(w)));
      }
    }
    if (low.get(v).equals(order.get(v))) {
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.put(w, counter[1]);
      } while (!w.equals(v));
      counter[1]++;
    }
  }
}
