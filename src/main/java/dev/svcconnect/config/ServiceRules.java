package dev.svcconnect.config;

import dev.svcconnect.config.EnvironmentConfig.Bastion;
import dev.svcconnect.config.EnvironmentConfig.CircuitBreaker;
import dev.svcconnect.config.EnvironmentConfig.Cluster;
import dev.svcconnect.config.EnvironmentConfig.Deployment;
import dev.svcconnect.config.EnvironmentConfig.DeploymentAlarms;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.HealthCheck;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.config.EnvironmentConfig.ReadinessGate;
import dev.svcconnect.config.EnvironmentConfig.Scaling;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.ServiceConnect;
import dev.svcconnect.config.EnvironmentConfig.Task;
import dev.svcconnect.config.EnvironmentConfig.Tls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of task definitions, services and the Service Connect topology: the endpoints each service publishes
 * and the endpoints each service ({@code calls}) and the bastion ({@code reaches}) talk to. Everything the stack
 * derives (security-group rules, deploy order, redeploy triggers) trusts what passed here.
 */
final class ServiceRules {
  /** ServiceConnectClientAlias.dnsName: "up to 127 characters" (ECS API reference). */
  static final int MAX_CLIENT_ALIAS_DNS_NAME = 127;

  private static final List<String> APP_PROTOCOLS = List.of("http", "http2", "grpc", "tcp");
  private static final List<String> ARCHITECTURES = List.of("X86_64", "ARM64");
  static final String DEFAULT_FAMILY = "nginx";
  /** The bastion's name as a caller in the derived topology (Topology.BASTION): no service may take it. */
  private static final String BASTION = "bastion";

  private final Cluster cluster;
  /** The target region: TLS ARNs must be in its partition. */
  private final String region;
  /** The written service items, parallel to the services read from them; empty for the default services. */
  private List<YamlFields> items = List.of();

  ServiceRules(Cluster cluster, String region) {
    this.cluster = cluster;
    this.region = region;
  }

  /** A task definition section; absent fields take the walkthrough's values, the family {@code family}. */
  static Task task(YamlFields f, String family) {
    family = f.string("family", family);
    ConfigLoader.checkEcsName(f, "family", family);
    int cpu = f.integer("cpu", 256);
    int memory = f.integer("memoryMiB", 512);
    FargateSizes.rule(cpu, memory).ifPresent(rule -> f.error(FargateSizes.validCpu(cpu) ? "memoryMiB" : "cpu",
        rule));
    String arch = f.string("cpuArchitecture", "X86_64");
    if (!ARCHITECTURES.contains(arch)) {
      f.error("cpuArchitecture", "'" + arch + "' is not a Fargate CPU architecture; expected X86_64 or ARM64");
    }
    String containerName = f.string("containerName", "nginx");
    ConfigLoader.checkEcsName(f, "containerName", containerName);
    String image = f.string("image", "nginx");
    if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      f.error("image", "'" + image + "' must be a non-empty image reference without spaces");
    }
    List<PortMapping> ports = new ArrayList<>();
    List<YamlFields> items = f.objects("portMappings").orElse(null);
    if (items == null) {
      ports.add(PortMapping.named("nginx", 80, "http"));
    } else if (items.isEmpty()) {
      f.error("portMappings", "at least one port mapping is required");
    } else {
      Set<String> names = new HashSet<>();
      Set<Integer> containerPorts = new HashSet<>();
      for (YamlFields p : items) {
        ports.add(portMapping(p, names, containerPorts));
      }
    }
    Optional<HealthCheck> healthCheck = TaskOptionRules.healthCheck(f);
    Optional<ReadinessGate> gate = TaskOptionRules.readinessGate(f, containerName, healthCheck);
    Optional<Integer> containerCpu = TaskOptionRules.containerCpu(f, cpu);
    Optional<Integer> containerMemory = TaskOptionRules.containerMemoryMiB(f, memory);
    f.finish();
    return new Task(family, cpu, memory, arch, containerName, image, ports, healthCheck, gate, containerCpu,
        containerMemory);
  }

  private static PortMapping portMapping(YamlFields p, Set<String> names, Set<Integer> containerPorts) {
    Optional<String> name = p.optionalString("name");
    name.ifPresent(n -> {
      if (n.isEmpty()) {
        p.error("name", "must not be empty");
      } else {
        ConfigLoader.scNameRule(n).ifPresent(rule -> p.error("name", "'" + n + "' " + rule));
      }
      if (!names.add(n)) {
        p.error("name", "port mapping name '" + n + "' is used twice in the task definition");
      }
    });
    int port = p.integer("containerPort", 80);
    ConfigLoader.checkPort(p, "containerPort", port);
    if (!containerPorts.add(port)) {
      p.error("containerPort", port + " is mapped twice in the task definition");
    }
    Optional<String> protocol = p.optionalString("appProtocol");
    protocol.ifPresent(proto -> {
      if (!APP_PROTOCOLS.contains(proto)) {
        p.error("appProtocol", "'" + proto + "' is not an application protocol; expected one of " + APP_PROTOCOLS);
      } else if (name.isEmpty()) {
        p.error("appProtocol", "needs a name: ECS only accepts an application protocol on a named port mapping");
      }
    });
    p.finish();
    // A named port speaks HTTP unless told otherwise, as in the walkthrough; an unnamed one is plain TCP.
    return new PortMapping(name, port, protocol.orElse(name.isPresent() ? "http" : "tcp"));
  }

  /** The services list, or the walkthrough's two services when the key is absent. */
  List<Service> services(YamlFields root, Task shared) {
    List<YamlFields> items = root.objects("services").orElse(null);
    if (items == null) {
      return defaultServices(root, shared);
    }
    if (items.isEmpty()) {
      root.error("services", "at least one service is required");
    }
    this.items = items;
    List<Service> services = new ArrayList<>();
    Map<String, String> namePaths = new HashMap<>();
    Map<String, String> discoveryNames = new HashMap<>();
    Map<String, String> aliases = new HashMap<>();
    for (YamlFields s : items) {
      String name = s.requiredString("name");
      if (!name.isEmpty()) {
        ConfigLoader.checkEcsName(s, "name", name);
        if (name.equals(BASTION)) {
          s.error("name", "'" + BASTION + "' is reserved for the bastion host, which names what it reaches under"
              + " bastion.reaches");
        } else if (namePaths.putIfAbsent(name, s.path()) != null) {
          s.error("name", "service name '" + name + "' is already used by " + namePaths.get(name));
        }
      }
      int desired = s.integer("desiredCount", 1);
      if (desired < 0 || desired > 1000) {
        s.error("desiredCount", desired + " is out of range (0-1000)");
      }
      boolean exec = s.bool("enableExecuteCommand", true);
      // Read even when absent, so that 'task: ~' takes the default and a misspelled key can suggest 'task'.
      YamlFields taskFields = s.object("task");
      boolean ownTask = s.has("task");
      Task task = ownTask ? task(taskFields, name.isEmpty() ? DEFAULT_FAMILY : name) : shared;
      Deployment deployment = deployment(s.object("deployment"));
      ServiceConnect sc = serviceConnect(s.object("serviceConnect"), name, task, discoveryNames, aliases);
      List<String> calls = s.strings("calls", List.of());
      Optional<String> platformVersion = TaskOptionRules.platformVersion(s);
      Optional<Scaling> scaling = ServiceOptionRules.scaling(s,
          s.has("desiredCount") ? Optional.of(desired) : Optional.empty(), task, sc.endpoints());
      if (scaling.isPresent() && !s.has("desiredCount")) {
        desired = scaling.get().minTasks(); // scaling on: a service starts with its minimum unless told otherwise
      }
      Map<String, String> tags = ServiceOptionRules.tags(s);
      s.retired("allowFrom", "list the endpoints each caller talks to under its 'calls:' (and the bastion's under"
          + " bastion.reaches); the security-group rules are derived from them");
      s.retired("dependsOn", "the deploy order is derived from 'calls:' (a caller deploys after what it calls)");
      s.finish();
      services.add(new Service(name, task, ownTask, desired, exec, deployment, sc, calls, platformVersion, scaling,
          tags));
    }
    checkFamilies(items, services, shared);
    return services;
  }

  private List<Service> defaultServices(YamlFields root, Task shared) {
    // The defaults obey the same rule as written services: the port they publish must exist.
    if (!shared.portMappings().isEmpty() && shared.portMapping("nginx").isEmpty()) {
      root.error("services", "Port Mapping 'nginx' does not exist on the task definition. The default services"
          + " use it; list the services explicitly.");
    }
    Deployment deployment = new Deployment(CircuitBreaker.ROLLBACK, 100, 200);
    return List.of(
        new Service("server-service", shared, false, 1, true, deployment,
            new ServiceConnect("svccon-traffic-server", List.of(endpoint("nginx-server"))), List.of(),
            Optional.empty(), Optional.empty(), Map.of()),
        new Service("client-service", shared, false, 1, true, deployment,
            new ServiceConnect("svccon-traffic-client", List.of(endpoint("nginx-client"))),
            List.of("nginx-server"), Optional.empty(), Optional.empty(), Map.of()));
  }

  private Endpoint endpoint(String discoveryName) {
    return new Endpoint("nginx", discoveryName, discoveryName + "." + cluster.namespace(), 80, Optional.empty(),
        Optional.empty());
  }

  private static Deployment deployment(YamlFields f) {
    String breakerText = f.onOffString("circuitBreaker", "rollback");
    CircuitBreaker breaker = switch (breakerText) {
      case "rollback" -> CircuitBreaker.ROLLBACK;
      case "fail" -> CircuitBreaker.FAIL;
      case "none" -> CircuitBreaker.NONE;
      default -> {
        f.error("circuitBreaker", "'" + breakerText + "' is not a circuit-breaker mode; expected rollback, fail or none");
        yield CircuitBreaker.ROLLBACK;
      }
    };
    int min = f.integer("minimumHealthyPercent", 100);
    int max = f.integer("maximumPercent", 200);
    if (min < 0 || min > 100) {
      f.error("minimumHealthyPercent", min + " is out of range (0-100)");
    }
    if (max < 100 || max > 1000) {
      f.error("maximumPercent", max + " is out of range (100-1000)");
    } else if (max <= min) {
      f.error("maximumPercent", max + " must exceed minimumHealthyPercent (" + min
          + "), or ECS can neither start a new task nor stop an old one");
    }
    Optional<DeploymentAlarms> alarms = ServiceOptionRules.alarms(f);
    // Off by default: apply would block until every deployment settles (up to the provider's 20-minute timeout),
    // and the circuit breaker already rolls back a deployment that never does.
    boolean wait = f.bool("waitForSteadyState", false);
    boolean external = f.bool("ignoreTaskDefinitionChanges", false);
    f.finish();
    return new Deployment(breaker, min, max, alarms, wait, external);
  }

  private ServiceConnect serviceConnect(YamlFields sc, String serviceName, Task task,
      Map<String, String> discoveryNames, Map<String, String> aliases) {
    String prefix = sc.string("logStreamPrefix", "svccon-traffic-" + serviceName);
    if (prefix.isEmpty() || prefix.length() > 512 || prefix.contains(":") || prefix.contains("*")) {
      sc.error("logStreamPrefix", "'" + prefix + "' must be 1-512 characters without ':' or '*'");
    }
    for (String old : List.of("portName", "discoveryName", "dnsName", "clientAliasPort")) {
      sc.retired(old, "endpoints are listed under serviceConnect.endpoints (a list), e.g. endpoints: [{portName:"
          + " nginx, discoveryName: nginx-server}]");
    }
    List<Endpoint> endpoints = new ArrayList<>();
    Map<String, String> portNames = new HashMap<>();
    for (YamlFields e : sc.objects("endpoints").orElse(List.of())) {
      endpoints.add(endpoint(e, task, portNames, discoveryNames, aliases));
    }
    sc.finish();
    return new ServiceConnect(prefix, endpoints);
  }

  private Endpoint endpoint(YamlFields e, Task task, Map<String, String> portNames,
      Map<String, String> discoveryNames, Map<String, String> aliases) {
    String portName = e.requiredString("portName");
    Optional<PortMapping> port = portName.isEmpty() ? Optional.empty() : task.portMapping(portName);
    if (!portName.isEmpty()) {
      if (port.isEmpty()) {
        e.error("portName", "Port Mapping '" + portName + "' does not exist on the task definition.");
      } else if (portNames.putIfAbsent(portName, e.path()) != null) {
        e.error("portName", "port '" + portName + "' is already published by " + portNames.get(portName));
      }
    }
    // ECS names the endpoint after its port when no discovery name is given; so do we.
    String discoveryName = e.string("discoveryName", portName);
    boolean duplicate = false;
    if (discoveryName.isEmpty() && e.has("discoveryName")) {
      e.error("discoveryName", "must not be empty");
    } else if (!discoveryName.isEmpty()) {
      ConfigLoader.scNameRule(discoveryName).ifPresent(rule -> e.error("discoveryName", "'" + discoveryName + "' "
          + rule));
      if (discoveryNames.putIfAbsent(discoveryName, e.path()) != null) {
        e.error("discoveryName", "Cannot create multiple services with the discoveryName '" + discoveryName + "'.");
        duplicate = true;
      }
    }
    Optional<String> explicitDnsName = e.optionalString("dnsName");
    String dnsName = explicitDnsName.orElse(discoveryName.isEmpty() ? "" : discoveryName + "." + cluster.namespace());
    if (!dnsName.isEmpty() || explicitDnsName.isPresent()) {
      Optional<String> rule = ConfigLoader.dnsNameRule(dnsName);
      rule.ifPresent(r -> e.error("dnsName", "'" + dnsName + "' " + r));
      // "The name can include up to 127 characters."
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectClientAlias.html
      if (rule.isEmpty() && dnsName.length() > MAX_CLIENT_ALIAS_DNS_NAME) {
        e.error("dnsName", "'" + dnsName + "' is longer than the " + MAX_CLIENT_ALIAS_DNS_NAME
            + " characters ECS allows for a client alias");
      }
    }
    int aliasPort = e.integer("clientAliasPort", port.map(PortMapping::containerPort).orElse(80));
    if (aliasPort < 1 || aliasPort > 65535) {
      e.error("clientAliasPort", "Client Alias port " + aliasPort + " is not valid.");
    }
    String alias = dnsName + ":" + aliasPort;
    // A defaulted alias of a duplicate discovery name collides too; that is the same mistake, reported once.
    boolean sameMistake = duplicate && explicitDnsName.isEmpty();
    if (!dnsName.isEmpty() && !sameMistake && aliases.putIfAbsent(alias, e.path()) != null) {
      e.error("dnsName", "client alias " + alias + " is already published by " + aliases.get(alias));
    }
    Optional<Integer> idle = timeout(e, "idleTimeoutSec");
    Optional<Integer> perRequest = timeout(e, "perRequestTimeoutSec");
    if (perRequest.isPresent() && port.filter(p -> p.appProtocol().equals("tcp")).isPresent()) {
      e.error("perRequestTimeoutSec", "port '" + portName + "' speaks tcp, which has no requests to time out;"
          + " set idleTimeoutSec only, or give the port an appProtocol");
    }
    Optional<Tls> tls = TaskOptionRules.tls(e, region);
    e.finish();
    return new Endpoint(portName, discoveryName, dnsName, aliasPort, idle, perRequest, tls);
  }

  private static Optional<Integer> timeout(YamlFields e, String key) {
    Optional<Integer> value = e.optionalInteger(key);
    value.filter(v -> v < 0).ifPresent(v -> e.error(key, v + " is negative; 0 turns the timeout off"));
    return value.filter(v -> v >= 0);
  }

  /** Task definition families are one namespace: a service's own family may not collide with another's. */
  private static void checkFamilies(List<YamlFields> items, List<Service> services, Task shared) {
    Map<String, String> families = new LinkedHashMap<>();
    if (services.stream().anyMatch(s -> !s.ownTask())) {
      families.put(shared.family(), "task");
    }
    for (int i = 0; i < services.size(); i++) {
      Service s = services.get(i);
      if (s.ownTask() && families.putIfAbsent(s.task().family(), items.get(i).path()) != null) {
        items.get(i).error("task.family", "task definition family '" + s.task().family() + "' is already used by "
            + families.get(s.task().family()));
      }
    }
  }

  /** The checks of each written service's options that need the rest of the file (see ServiceOptionRules). */
  void checkOptions(List<Service> services, SecurityConfig security, Map<String, String> topLevelTags) {
    for (int i = 0; i < items.size() && i < services.size(); i++) {
      ServiceOptionRules.checkAgainstEnvironment(items.get(i), services.get(i), security, topLevelTags);
    }
  }

  /**
   * {@code calls} of every service and {@code reaches} of the bastion must name published endpoints (discovery
   * names), each once. {@code bastionFields} is where reach problems are reported.
   */
  void checkReferences(List<Service> services, YamlFields bastionFields, Bastion bastion) {
    Map<String, Service> publishers = new LinkedHashMap<>();
    for (Service s : services) {
      s.serviceConnect().endpoints().forEach(e -> publishers.putIfAbsent(e.discoveryName(), s));
    }
    for (int i = 0; i < items.size() && i < services.size(); i++) {
      checkEndpointNames(items.get(i), "calls", services.get(i).calls(), publishers, services);
    }
    if (!bastion.enabled() && !bastion.reaches().isEmpty()) {
      bastionFields.error("reaches", "the bastion is disabled (bastion.enabled), so it reaches nothing");
    } else {
      checkEndpointNames(bastionFields, "reaches", bastion.reaches(), publishers, services);
    }
  }

  private static void checkEndpointNames(YamlFields f, String key, List<String> names,
      Map<String, Service> publishers, List<Service> services) {
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < names.size(); j++) {
      String ref = names.get(j);
      String field = key + "[" + j + "]";
      if (!seen.add(ref)) {
        f.error(field, "'" + ref + "' is listed twice");
      } else if (!publishers.containsKey(ref)) {
        f.error(field, unknownEndpoint(ref, publishers, services));
      }
    }
  }

  private static String unknownEndpoint(String ref, Map<String, Service> publishers, List<Service> services) {
    Optional<Service> byName = services.stream().filter(s -> s.name().equals(ref)).findFirst();
    if (byName.isPresent() && byName.get().serviceConnect().clientOnly()) {
      return "'" + ref + "' is a client-only service: it publishes no endpoint to call";
    }
    if (byName.isPresent()) {
      return "'" + ref + "' is a service, not an endpoint; name one of its discovery names: "
          + String.join(", ", byName.get().serviceConnect().endpoints().stream().map(Endpoint::discoveryName)
              .toList());
    }
    String known = publishers.isEmpty() ? "none is published" : "published: " + String.join(", ", publishers.keySet());
    return "no endpoint has the discovery name '" + ref + "' (" + known + ")";
  }
}
