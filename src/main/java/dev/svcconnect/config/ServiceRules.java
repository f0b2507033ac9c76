package dev.svcconnect.config;

import dev.svcconnect.config.EnvironmentConfig.Bastion;
import dev.svcconnect.config.EnvironmentConfig.Cluster;
import dev.svcconnect.config.EnvironmentConfig.Deployment;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.Ingress;
import dev.svcconnect.config.EnvironmentConfig.LoadBalancer;
import dev.svcconnect.config.EnvironmentConfig.Namespace;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.config.EnvironmentConfig.ProxyLogs;
import dev.svcconnect.config.EnvironmentConfig.Scaling;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.ServiceConnect;
import dev.svcconnect.config.EnvironmentConfig.Task;
import dev.svcconnect.config.EnvironmentConfig.Tls;
import dev.svcconnect.naming.EndpointAddress;
import dev.svcconnect.naming.Naming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of task definitions, services and the Service Connect topology that relate fields to each other: the
 * endpoints each service publishes and the endpoints each service ({@code calls}) and the bastion ({@code reaches})
 * talk to, uniqueness across the file, and the defaults that depend on another field. Types, ranges and patterns
 * are the schema's. Everything the stack derives (security-group rules, deploy order, redeploy triggers) trusts
 * what passed here.
 */
final class ServiceRules {
  /** The bastion's name as a caller in the derived topology (Topology.BASTION): no service may take it. */
  static final String BASTION = "bastion";
  /** The stream prefix of a service's proxy logs when serviceConnect.logStreamPrefix is left out. */
  static final String LOG_STREAM_PREFIX = "svccon-traffic-";
  /**
   * ECS's idle timeout for http, http2 and grpc ports, in seconds ("The idleTimeout default for HTTP/HTTP2/GRPC is
   * 5 minutes", https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TimeoutConfiguration.html).
   */
  static final int HTTP_IDLE_TIMEOUT_SEC = 300;

  private final Cluster cluster;
  /** The target region: TLS ARNs must be in its partition. */
  private final String region;
  /** The service items, parallel to the services read from them. */
  private List<Section> items = List.of();

  /** The load balancers a service's ingress may name. */
  private final Map<String, LoadBalancer> loadBalancers;

  ServiceRules(Cluster cluster, String region, Map<String, LoadBalancer> loadBalancers) {
    this.cluster = cluster;
    this.region = region;
    this.loadBalancers = loadBalancers;
  }

  /**
   * A task definition section: the shared {@code task} ({@code serviceName} empty; the schema defaults its family)
   * or a service's own (family default: the service's name).
   */
  static Task task(Section f, Optional<String> serviceName, String region) {
    String family = f.optionalText("family").or(() -> serviceName).orElseThrow();
    int cpu = f.integer("cpu");
    int memory = f.integer("memoryMiB");
    FargateSizes.rule(cpu, memory).ifPresent(rule -> f.error(FargateSizes.validCpu(cpu) ? "memoryMiB" : "cpu",
        rule));
    List<String> volumes = ContainerRules.volumes(f);
    return f.bind(Task.class, Map.of(
        "family", family,
        "volumes", volumes,
        "containers", ContainerRules.containers(f, cpu, memory, region, volumes),
        "taskRoleStatements", ContainerInputRules.taskRoleStatements(f, region)));
  }

  /** The services list: the written one, or the schema's default (the walkthrough's two services). */
  List<Service> services(Section root, Task shared) {
    List<Section> items = root.sections("services");
    this.items = items;
    List<Service> services = new ArrayList<>();
    Map<String, String> namePaths = new HashMap<>();
    Map<String, String> discoveryNames = new HashMap<>();
    Map<String, String> aliases = new HashMap<>();
    Set<String> missingDefaultPorts = new java.util.LinkedHashSet<>();
    for (Section s : items) {
      String name = s.text("name");
      if (name.equals(BASTION)) {
        s.error("name", "'" + BASTION + "' is reserved for the bastion host, which names what it reaches under"
            + " bastion.reaches");
      } else if (name.equals(Naming.VPC_ENDPOINTS)) {
        s.error("name", "'" + name + "' is reserved for the security group of network.vpcEndpoints, which is named"
            + " like a service's");
      } else if (namePaths.putIfAbsent(name, s.path()) != null) {
        s.error("name", "service name " + Display.quote(name) + " is already used by " + namePaths.get(name));
      }
      boolean ownTask = s.has("task");
      Task task = ownTask ? task(s.section("task"), Optional.of(name), region) : shared;
      Deployment deployment = deployment(s.section("deployment"));
      ServiceConnect sc = serviceConnect(s, task, discoveryNames, aliases, missingDefaultPorts);
      Optional<Scaling> scaling = s.optionalSection("scaling").map(f -> ServiceOptionRules.scaling(f, s, task,
          sc.endpoints()));
      // With scaling on, a service starts with its minimum unless told otherwise.
      int desired = scaling.isPresent() && !s.written("desiredCount") ? scaling.get().minTasks()
          : s.integer("desiredCount");
      Optional<Ingress> ingress = s.optionalSection("ingress").map(f -> LoadBalancerRules.ingress(f, task,
          loadBalancers));
      services.add(s.bind(Service.class, Map.of(
          "task", task,
          "ownTask", ownTask,
          "desiredCount", desired,
          "deployment", deployment,
          "serviceConnect", sc,
          "scaling", scaling,
          "ingress", ingress,
          "tags", ServiceOptionRules.tags(s))));
    }
    // The default services obey the same rule as written ones, reported where the user can act on it.
    missingDefaultPorts.forEach(port -> root.error("services", "Port Mapping " + Display.quote(port) + " does not"
        + " exist on the task definition. The default services use it; list the services explicitly."));
    checkFamilies(items, services, shared);
    return services;
  }

  private static Deployment deployment(Section f) {
    int min = f.integer("minimumHealthyPercent");
    int max = f.integer("maximumPercent");
    if (max <= min) {
      f.error("maximumPercent", max + " must exceed minimumHealthyPercent (" + min
          + "), or ECS can neither start a new task nor stop an old one");
    }
    return f.bind(Deployment.class, Map.of("alarms", f.optionalSection("alarms").map(ServiceOptionRules::alarms)));
  }

  private ServiceConnect serviceConnect(Section service, Task task, Map<String, String> discoveryNames,
      Map<String, String> aliases, Set<String> missingDefaultPorts) {
    if (service.isText("serviceConnect")) {
      return ServiceConnect.NONE; // the schema allows one string: none
    }
    Section sc = service.section("serviceConnect");
    String prefix = sc.optionalText("logStreamPrefix").orElse(LOG_STREAM_PREFIX + service.text("name"));
    Optional<ProxyLogs> logs = proxyLogs(sc);
    Optional<Namespace> own = sc.optionalSection("namespace").map(n -> namespace(n, region));
    String namespaceName = own.orElse(cluster.defaultNamespace()).name();
    List<Endpoint> endpoints = new ArrayList<>();
    Map<String, String> portNames = new HashMap<>();
    for (Section e : sc.sections("endpoints")) {
      endpoints.add(endpoint(e, task, namespaceName, portNames, discoveryNames, aliases, service.isWritten()
          ? null : missingDefaultPorts));
    }
    Map<Integer, Integer> ingressPorts = new HashMap<>();
    List<Section> items = sc.sections("endpoints");
    for (int i = 0; i < endpoints.size(); i++) {
      int index = i;
      endpoints.get(i).ingressPortOverride().filter(p -> ingressPorts.putIfAbsent(p, index) != null).ifPresent(p ->
          items.get(index).error("ingressPortOverride", p + " is already the proxy's port of "
              + items.get(ingressPorts.get(p)).path()));
    }
    return new ServiceConnect(true, prefix, logs, endpoints, own);
  }

  /** {@code serviceConnect.logs}: empty when off; a buffer size only in non-blocking mode, the only one with a buffer. */
  private static Optional<ProxyLogs> proxyLogs(Section sc) {
    if (sc.isText("logs")) {
      if (sc.written("logStreamPrefix")) {
        sc.error("logStreamPrefix", "names the proxy's log streams, but logs is off");
      }
      return Optional.empty(); // the schema allows one string: off
    }
    Section f = sc.section("logs");
    ProxyLogs logs = f.bind(ProxyLogs.class);
    if (logs.maxBufferSize().isPresent() && !logs.mode().equals(Optional.of("non-blocking"))) {
      f.error("maxBufferSize", "is the buffer of mode non-blocking; set mode: non-blocking or remove it");
    }
    return Optional.of(logs);
  }

  /** An existing namespace ({@code arn} and {@code name}) joined by a service: its ARN in the target's region. */
  private static Namespace namespace(Section f, String region) {
    Namespace namespace = f.bind(Namespace.class);
    checkNamespaceRegion(f, "arn", namespace.arn().orElseThrow(), region);
    return namespace;
  }

  /**
   * A Service Connect namespace must be in the service's and cluster's Region
   * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectConfiguration.html); the schema's
   * pattern has checked the ARN's shape, whose fourth part is the region.
   */
  static void checkNamespaceRegion(Section f, String key, String arn, String region) {
    String arnRegion = arn.split(":")[3];
    if (!arnRegion.equals(region)) {
      f.error(key, "the namespace is in " + arnRegion + ", the target in " + region + "; Service Connect needs a"
          + " namespace in the service's Region");
    }
  }

  /**
   * One endpoint. ECS's defaults: the discovery name is the port's name, the client alias is
   * discoveryName.namespace on the container port. {@code missingDefaultPorts} collects the ports of the default
   * services that the task lacks (null for a written service, whose endpoint reports its own).
   */
  private Endpoint endpoint(Section e, Task task, String namespaceName, Map<String, String> portNames,
      Map<String, String> discoveryNames, Map<String, String> aliases, Set<String> missingDefaultPorts) {
    String portName = e.text("portName");
    Optional<PortMapping> port = task.portMapping(portName);
    if (port.isEmpty() && missingDefaultPorts != null) {
      missingDefaultPorts.add(portName);
    } else if (port.isEmpty()) {
      e.error("portName", "Port Mapping " + Display.quote(portName) + " does not exist on the task definition.");
    } else if (portNames.putIfAbsent(portName, e.path()) != null) {
      e.error("portName", "port " + Display.quote(portName) + " is already published by " + portNames.get(portName));
    }
    String discoveryName = e.optionalText("discoveryName").orElse(portName);
    boolean duplicate = discoveryNames.putIfAbsent(discoveryName, e.path()) != null;
    if (duplicate) {
      e.error("discoveryName", "Cannot create multiple services with the discoveryName '" + discoveryName + "'.");
    }
    Optional<String> explicitDnsName = e.optionalText("dnsName");
    String dnsName = explicitDnsName.orElse(EndpointAddress.defaultDnsName(discoveryName, namespaceName));
    int aliasPort = e.optionalInteger("clientAliasPort").or(() -> port.map(PortMapping::containerPort)).orElse(0);
    String alias = EndpointAddress.alias(dnsName, aliasPort);
    // A defaulted alias of a duplicate discovery name collides too; that is the same mistake, reported once.
    boolean sameMistake = duplicate && explicitDnsName.isEmpty();
    if (port.isPresent() && !sameMistake && aliases.putIfAbsent(alias, e.path()) != null) {
      e.error("dnsName", "client alias " + alias + " is already published by " + aliases.get(alias));
    }
    Optional<Integer> idle = timeouts(e, portName, port);
    Optional<Tls> tls = e.optionalSection("tls").map(t -> TaskOptionRules.tls(t, region));
    Endpoint endpoint = e.bind(Endpoint.class, Map.of("discoveryName", discoveryName, "dnsName", dnsName,
        "clientAliasPort", aliasPort, "idleTimeoutSec", idle, "tls", tls));
    endpoint.ingressPortOverride().filter(p -> task.portMappings().stream().anyMatch(m -> m.containerPort() == p))
        .ifPresent(p -> e.error("ingressPortOverride", p + " is a container port of the task; the Service Connect"
            + " proxy listens on a port of its own in the task's network namespace"));
    return endpoint;
  }

  /**
   * The idle timeout to write, and the timeout rules that follow from what reaches ECS. The AWS provider 5.x writes
   * a {@code timeout} block with both values, 0 for the one left out (seen on the emulator's recorded request,
   * docs/topology.md#timeouts), and 0 turns a timeout off. So: a per-request timeout alone gets the idle timeout
   * ECS would have used (5 minutes for http, http2 and grpc); an idle timeout alone is refused, since ECS
   * documents no per-request default to write instead; a tcp port takes no timeout at all, since ECS refuses the
   * per-request 0 the provider adds. Rules: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TimeoutConfiguration.html
   *
   * @return the idle timeout in seconds for the endpoint's {@code timeout} block, empty when it writes none
   */
  private static Optional<Integer> timeouts(Section e, String portName, Optional<PortMapping> port) {
    Optional<Integer> idle = e.optionalInteger("idleTimeoutSec");
    Optional<Integer> perRequest = e.optionalInteger("perRequestTimeoutSec");
    boolean tcp = port.filter(p -> p.appProtocol().equals("tcp")).isPresent();
    if (tcp && perRequest.isPresent()) {
      e.error("perRequestTimeoutSec", "port " + Display.quote(portName) + " speaks tcp, which has no requests to"
          + " time out; remove it, or give the port an appProtocol");
    } else if (tcp && idle.isPresent()) {
      e.error("idleTimeoutSec", "port " + Display.quote(portName) + " speaks tcp, and the AWS provider 5.x sends"
          + " perRequestTimeoutSeconds 0 with any timeout, which ECS refuses for tcp; remove it to keep AWS's"
          + " 1-hour default, or give the port an appProtocol");
    } else if (idle.isPresent() && perRequest.isEmpty()) {
      e.error("idleTimeoutSec", "set perRequestTimeoutSec too: with an idle timeout alone the AWS provider 5.x"
          + " sends perRequestTimeoutSeconds 0, which turns the per-request timeout off");
    } else if (perRequest.isPresent() && idle.isEmpty()) {
      return Optional.of(HTTP_IDLE_TIMEOUT_SEC);
    }
    return idle;
  }

  /** Task definition families are one namespace: a service's own family may not collide with another's. */
  private static void checkFamilies(List<Section> items, List<Service> services, Task shared) {
    Map<String, String> families = new LinkedHashMap<>();
    if (services.stream().anyMatch(s -> !s.ownTask())) {
      families.put(shared.family(), "task");
    }
    for (int i = 0; i < services.size(); i++) {
      Service s = services.get(i);
      if (s.ownTask() && families.putIfAbsent(s.task().family(), items.get(i).path()) != null) {
        items.get(i).error("task.family", "task definition family " + Display.quote(s.task().family())
            + " is already used by " + families.get(s.task().family()));
      }
    }
  }

  /** The service items, parallel to the services {@link #services} read from them. */
  List<Section> items() {
    return items;
  }

  /** The checks of each service's options that need the rest of the file (see ServiceOptionRules). */
  void checkOptions(List<Service> services, SecurityConfig security, Map<String, String> topLevelTags) {
    for (int i = 0; i < items.size(); i++) {
      ServiceOptionRules.checkAgainstEnvironment(items.get(i), services.get(i), security, topLevelTags);
    }
  }

  /**
   * {@code calls} of every service and {@code reaches} of the bastion must name published endpoints (discovery
   * names), each once. {@code bastionFields} is where reach problems are reported.
   */
  void checkReferences(List<Service> services, Section bastionFields, Bastion bastion) {
    Map<String, Service> publishers = new LinkedHashMap<>();
    for (Service s : services) {
      s.serviceConnect().endpoints().forEach(e -> publishers.putIfAbsent(e.discoveryName(), s));
    }
    for (int i = 0; i < items.size(); i++) {
      Service s = services.get(i);
      if (!s.serviceConnect().enabled() && !s.calls().isEmpty()) {
        // Its tasks run no proxy and get no aliases: a call by alias would not resolve.
        items.get(i).error("calls", "the service is outside Service Connect (serviceConnect: none), so its tasks"
            + " have no aliases to call; remove calls, or drop serviceConnect: none");
      } else {
        checkEndpointNames(items.get(i), "calls", s.calls(), publishers, services);
        checkSameNamespace(items.get(i), s, publishers);
      }
    }
    if (!bastion.enabled() && !bastion.reaches().isEmpty()) {
      bastionFields.error("reaches", "the bastion is disabled (bastion.enabled), so it reaches nothing");
    } else {
      checkEndpointNames(bastionFields, "reaches", bastion.reaches(), publishers, services);
    }
  }

  /**
   * A service calls only endpoints of its own namespace: Service Connect gives a task the aliases of its namespace
   * and no other ("Tasks that run in a namespace can use short names to connect to services in the namespace",
   * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectConfiguration.html), so a call
   * across namespaces could never resolve.
   */
  private void checkSameNamespace(Section f, Service caller, Map<String, Service> publishers) {
    Namespace own = caller.serviceConnect().namespace().orElse(cluster.defaultNamespace());
    for (int j = 0; j < caller.calls().size(); j++) {
      Service target = publishers.get(caller.calls().get(j));
      if (target == null) {
        continue;
      }
      Namespace theirs = target.serviceConnect().namespace().orElse(cluster.defaultNamespace());
      if (!theirs.equals(own)) {
        f.error("calls[" + j + "]", Display.quote(caller.calls().get(j)) + " is published in namespace "
            + theirs.display() + ", " + caller.name() + " is in " + own.display() + "; Service Connect aliases"
            + " resolve only within their namespace");
      }
    }
  }

  private static void checkEndpointNames(Section f, String key, List<String> names,
      Map<String, Service> publishers, List<Service> services) {
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < names.size(); j++) {
      String ref = names.get(j);
      String field = key + "[" + j + "]";
      if (!seen.add(ref)) {
        f.error(field, Display.quote(ref) + " is listed twice");
      } else if (!publishers.containsKey(ref)) {
        f.error(field, unknownEndpoint(ref, publishers, services));
      }
    }
  }

  private static String unknownEndpoint(String ref, Map<String, Service> publishers, List<Service> services) {
    Optional<Service> byName = services.stream().filter(s -> s.name().equals(ref)).findFirst();
    if (byName.isPresent() && !byName.get().serviceConnect().enabled()) {
      return Display.quote(ref) + " is outside Service Connect (serviceConnect: none): it publishes no endpoint to"
          + " call";
    }
    if (byName.isPresent() && byName.get().serviceConnect().clientOnly()) {
      return Display.quote(ref) + " is a client-only service: it publishes no endpoint to call";
    }
    if (byName.isPresent()) {
      return Display.quote(ref) + " is a service, not an endpoint; name one of its discovery names: "
          + String.join(", ", byName.get().serviceConnect().endpoints().stream().map(Endpoint::discoveryName)
              .toList());
    }
    String known = publishers.isEmpty() ? "none is published" : "published: " + String.join(", ", publishers.keySet());
    return "no endpoint has the discovery name " + Display.quote(ref) + " (" + known + ")";
  }
}
