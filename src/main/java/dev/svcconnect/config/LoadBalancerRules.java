package dev.svcconnect.config;

import dev.svcconnect.config.EnvironmentConfig.Container;
import dev.svcconnect.config.EnvironmentConfig.Ingress;
import dev.svcconnect.config.EnvironmentConfig.LoadBalancer;
import dev.svcconnect.config.EnvironmentConfig.Network;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.TargetHealthCheck;
import dev.svcconnect.config.EnvironmentConfig.Task;
import dev.svcconnect.naming.Naming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of {@code loadBalancers} and of each service's {@code ingress} that relate fields to each other: the
 * listeners' ports and certificate, the CIDRs the load balancer admits (defaulted by its scheme), the names AWS
 * derives, which service a load balancer forwards to by default and by which rule. Types, ranges and patterns are
 * the schema's (the Elastic Load Balancing API reference).
 */
final class LoadBalancerRules {
  /** What an internet-facing load balancer admits unless {@code allowedCidrs} says otherwise: anyone (IPv4). */
  static final String ANYONE = "0.0.0.0/0";
  /**
   * "You can specify up to five match evaluations per rule"
   * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html): paths and
   * hosts together.
   */
  static final int CONDITION_VALUES_PER_RULE = 5;
  /**
   * A load balancer's name: "must be unique within your AWS account, can have a maximum of 32 characters, must
   * contain only alphanumeric characters or hyphens, must not begin or end with a hyphen, and must not begin with
   * internal-" (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html).
   */
  static final int NAME_MAX = 32;

  private LoadBalancerRules() {}

  /** {@code loadBalancers}, by name in the order written; {@code network} gives an internal one's default CIDR. */
  static Map<String, LoadBalancer> loadBalancers(Section root, Network network, String environment, String region) {
    Map<String, LoadBalancer> out = new LinkedHashMap<>();
    Naming naming = new Naming(environment, Map.of());
    root.sectionsByKey("loadBalancers").forEach((name, f) -> out.put(name, loadBalancer(name, f, network, naming,
        region)));
    return out;
  }

  private static LoadBalancer loadBalancer(String name, Section f, Network network, Naming naming, String region) {
    boolean internetFacing = f.text("scheme").equals("internet-facing");
    Optional<String> certificate = f.optionalText("certificateArn");
    int http = f.integer("httpPort");
    int https = f.integer("httpsPort");
    if (certificate.isEmpty()) {
      for (String key : List.of("httpsPort", "sslPolicy")) {
        if (f.written(key)) {
          f.error(key, "only applies to the HTTPS listener, which needs certificateArn");
        }
      }
    } else if (https == http) {
      f.error("httpsPort", https + " is also httpPort; the HTTPS and HTTP listeners need a port each");
    }
    certificate.ifPresent(arn -> {
      String arnRegion = arn.split(":")[3];
      if (!arnRegion.equals(region)) {
        f.error("certificateArn", Display.quote(arn) + " is in " + arnRegion + "; a load balancer in target.region "
            + region + " takes ACM certificates of its own region");
      }
    });
    // An existing VPC (network.existing) is read at plan time: its public subnets may be none, and its CIDR is not in
    // the file, so an internal load balancer there says whom it admits.
    network.existing().ifPresent(existing -> {
      if (internetFacing && existing.publicSubnetIds().isEmpty()) {
        f.error("scheme", "internet-facing needs public subnets, and network.existing.publicSubnetIds lists none;"
            + " list them, or set scheme: internal");
      }
      if (!internetFacing && !f.has("allowedCidrs")) {
        f.error("allowedCidrs", "an internal load balancer in network.existing's VPC needs it: the VPC's CIDR is not"
            + " in this file; list the CIDRs that may reach it (e.g. the VPC's)");
      }
    });
    List<String> cidrs = f.has("allowedCidrs") ? f.texts("allowedCidrs")
        : List.of(internetFacing ? ANYONE : network.vpcCidr());
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < cidrs.size(); i++) {
      String cidr = cidrs.get(i);
      Optional<Cidr> parsed = Cidr.parse(cidr);
      if (parsed.isEmpty()) {
        f.error("allowedCidrs[" + i + "]", Display.quote(cidr) + " is not an IPv4 CIDR (a.b.c.d/n)");
      } else if (!parsed.get().isNetworkAddress()) {
        f.error("allowedCidrs[" + i + "]", Display.quote(cidr) + " is not a network address (did you mean "
            + parsed.get().network() + "?)");
      } else if (!seen.add(cidr)) {
        f.error("allowedCidrs[" + i + "]", Display.quote(cidr) + " is listed twice");
      }
    }
    List<String> groups = f.texts("allowedSecurityGroupIds");
    Set<String> seenGroups = new LinkedHashSet<>();
    for (int i = 0; i < groups.size(); i++) {
      if (!seenGroups.add(groups.get(i))) {
        f.error("allowedSecurityGroupIds[" + i + "]", Display.quote(groups.get(i)) + " is listed twice");
      }
    }
    String awsName = naming.loadBalancerName(name);
    if (awsName.length() > NAME_MAX) {
      f.error("the load balancer name " + Display.quote(awsName) + " derived from it is " + awsName.length()
          + " characters; AWS allows " + NAME_MAX
          + " (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html)");
    } else if (awsName.startsWith("internal-")) {
      f.error("the load balancer name " + Display.quote(awsName) + " derived from it begins with internal-, which"
          + " AWS refuses");
    }
    return f.bind(LoadBalancer.class, Map.of("name", name, "internetFacing", internetFacing, "allowedCidrs", cidrs));
  }

  /**
   * A service's {@code ingress}, read against its task and the load balancers: the load balancer exists and the
   * port is a named port of the task that speaks HTTP. Default port: the app container's first named port.
   */
  static Ingress ingress(Section f, Task task, Map<String, LoadBalancer> loadBalancers) {
    String lb = f.text("loadBalancer");
    if (!loadBalancers.containsKey(lb)) {
      f.error("loadBalancer", "no load balancer named " + Display.quote(lb) + " under loadBalancers ("
          + (loadBalancers.isEmpty() ? "none is defined" : "defined: " + String.join(", ", loadBalancers.keySet()))
          + ")");
    }
    Optional<String> written = f.optionalText("portName");
    Optional<String> portName = written.or(() -> task.app().portMappings().stream()
        .flatMap(p -> p.name().stream()).findFirst());
    Optional<PortMapping> port = portName.flatMap(task::portMapping);
    if (portName.isEmpty()) {
      f.error("the app container " + Display.quote(task.containerName()) + " has no named port; name one under"
          + " portMappings, or set portName");
    } else if (port.isEmpty()) {
      f.error("portName", "Port Mapping " + Display.quote(portName.get()) + " does not exist on the task definition.");
    } else if (port.get().appProtocol().equals("grpc")) {
      f.error("portName", "port " + Display.quote(portName.get()) + " speaks grpc, which an Application Load"
          + " Balancer forwards only from an HTTPS listener to a gRPC target group; use an http or http2 port");
    }
    Section h = f.section("healthCheck");
    TargetHealthCheck check = h.bind(TargetHealthCheck.class);
    // "The range is 2-120 seconds ... must be less than the health check interval" (API_CreateTargetGroup)
    if (check.timeoutSec() >= check.intervalSec()) {
      h.error("timeoutSec", check.timeoutSec() + " must be less than intervalSec (" + check.intervalSec() + ")");
    }
    List<String> paths = f.texts("paths");
    List<String> hosts = f.texts("hosts");
    if (paths.size() + hosts.size() > CONDITION_VALUES_PER_RULE) {
      f.error("hosts", paths.size() + " paths and " + hosts.size() + " hosts make " + (paths.size() + hosts.size())
          + " condition values; a listener rule takes at most " + CONDITION_VALUES_PER_RULE);
    }
    String container = portName.flatMap(task::containerOf).map(Container::name).orElse(task.containerName());
    return f.bind(Ingress.class, Map.of("portName", portName.orElse(""), "containerName", container,
        "containerPort", port.map(PortMapping::containerPort).orElse(0), "healthCheck", check));
  }

  /**
   * Across the file: each load balancer serves at least one service, at most one of them by default (no paths or
   * hosts) and no two on the same conditions; no service takes the name of a load balancer's security group.
   *
   * @param items the services' sections, parallel to {@code services}
   */
  static void check(Section root, Map<String, LoadBalancer> loadBalancers, List<Service> services,
      List<Section> items) {
    Map<String, Section> sections = root.sectionsByKey("loadBalancers");
    Map<String, String> defaults = new HashMap<>();
    Map<String, String> conditions = new HashMap<>();
    for (int i = 0; i < services.size(); i++) {
      Optional<Ingress> ingress = services.get(i).ingress();
      if (ingress.isEmpty() || !loadBalancers.containsKey(ingress.get().loadBalancer())) {
        continue;
      }
      Ingress in = ingress.get();
      Section f = items.get(i).section("ingress");
      if (in.byDefault()) {
        String earlier = defaults.putIfAbsent(in.loadBalancer(), f.path());
        if (earlier != null) {
          f.error("load balancer " + Display.quote(in.loadBalancer()) + " already forwards by default (no paths or"
              + " hosts) to " + earlier + "; give one of them paths or hosts");
        }
      } else {
        String key = in.loadBalancer() + " " + new java.util.TreeSet<>(in.paths()) + " "
            + new java.util.TreeSet<>(in.hosts());
        String earlier = conditions.putIfAbsent(key, f.path());
        if (earlier != null) {
          f.error("the same paths and hosts as " + earlier + " on load balancer " + Display.quote(in.loadBalancer())
              + "; only the first rule would ever match");
        }
      }
    }
    for (LoadBalancer lb : loadBalancers.values()) {
      Section f = sections.get(lb.name());
      List<String> served = new ArrayList<>();
      services.stream().filter(s -> s.ingress().filter(i -> i.loadBalancer().equals(lb.name())).isPresent())
          .forEach(s -> served.add(s.name()));
      if (served.isEmpty()) {
        f.error("no service names it under ingress.loadBalancer; a load balancer without targets only costs money");
      }
      String groupSuffix = Naming.loadBalancerGroupSuffix(lb.name());
      services.stream().filter(s -> s.name().equals(groupSuffix)).findFirst().ifPresent(s -> f.error("its security"
          + " group would be named like that of service " + Display.quote(s.name()) + "; rename one of them"));
    }
  }
}
