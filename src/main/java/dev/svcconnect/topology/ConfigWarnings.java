package dev.svcconnect.topology;

import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.CircuitBreaker;
import dev.svcconnect.config.EnvironmentConfig.NatGateways;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.naming.AwsCli;
import java.util.ArrayList;
import java.util.List;

/**
 * The lints of a validated config: what is legal but probably not meant. They never stop a command; the command
 * line prints them before it runs. Some read the config alone, some the graph {@link Topology} derived from it (call
 * cycles, callers per security group), so they take the one topology computed for the command.
 */
public final class ConfigWarnings {
  /**
   * AWS's default quota of inbound rules per security group, adjustable in Service Quotas
   * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
   */
  static final int INBOUND_RULES_QUOTA = 60;

  private ConfigWarnings() {}

  /** One warning: {@code field} is the config path it is about. */
  public record Warning(String field, String message) {
    /** {@code <file>: warning: <field>: <message>}, as the command line prints it. */
    public String format(String file) {
      return file + ": warning: " + field + ": " + message;
    }
  }

  /**
   * The warnings about {@code topology}'s config: the calls a cycle leaves out of the deploy order first, then the
   * settings, in the order of the config file.
   */
  public static List<Warning> of(Topology topology) {
    List<Warning> warnings = new ArrayList<>();
    EnvironmentConfig config = topology.config();
    topology.deferredCalls().forEach(call -> warnings.add(cycle(config, topology, call)));
    settings(config, topology, warnings);
    return warnings;
  }

  /** Names the endpoints the caller's first tasks will not know, and the command that redeploys it. */
  private static Warning cycle(EnvironmentConfig config, Topology topology, Topology.DeferredCall call) {
    Service caller = call.caller();
    List<String> names = caller.calls().stream()
        .filter(n -> topology.endpoints().get(n).service().name().equals(call.callee()))
        .toList();
    int i = config.services().indexOf(caller);
    int j = caller.calls().indexOf(names.get(0));
    return new Warning("services[" + i + "].calls[" + j + "]",
        "calls form a cycle (" + String.join(" -> ", call.cycle()) + "); Terraform cannot deploy both first, so "
            + caller.name() + " (declared first) deploys before " + call.callee() + " and its first tasks do not"
            + " know " + String.join(", ", names) + ". Redeploy it once after the first deploy: "
            + AwsCli.forceNewDeployment(config.target().region(), config.cluster().name(), caller.name()));
  }

  private static void settings(EnvironmentConfig config, Topology topology, List<Warning> warnings) {
    String namespace = config.cluster().namespace();
    if (namespace.equals("local") || namespace.endsWith(".local")) {
      warnings.add(new Warning("cluster.namespace", "'" + namespace + "' makes every name end in .local, which is"
          + " reserved for multicast DNS (RFC 6762): dig and resolvers treat it specially. Service Connect still"
          + " works, since it writes the aliases into each task's /etc/hosts, but a name such as 'internal'"
          + " avoids the clash"));
    }
    List<Service> services = config.services();
    for (int i = 0; i < services.size(); i++) {
      Service s = services.get(i);
      String path = "services[" + i + "]";
      if (s.deployment().circuitBreaker() == CircuitBreaker.NONE) {
        warnings.add(new Warning(path + ".deployment.circuitBreaker", "none: a deployment whose tasks never get"
            + " healthy retries forever instead of failing; 'rollback' returns to the last working revision"));
      }
      if (s.deployment().minimumHealthyPercent() < 100 && s.desiredCount() > 0) {
        warnings.add(new Warning(path + ".deployment.minimumHealthyPercent", s.deployment().minimumHealthyPercent()
            + " lets a deployment stop running tasks before their replacements are healthy, dropping capacity;"
            + " 100 keeps it"));
      }
      for (int j = 0; j < s.serviceConnect().endpoints().size(); j++) {
        String dns = s.serviceConnect().endpoints().get(j).dnsName();
        boolean ownName = !dns.endsWith("." + namespace);
        if (ownName && (dns.equals("local") || dns.endsWith(".local"))) {
          warnings.add(new Warning(path + ".serviceConnect.endpoints[" + j + "].dnsName", "'" + dns + "' ends in"
              + " .local, which is reserved for multicast DNS (RFC 6762)"));
        }
      }
    }
    for (int i = 0; i < services.size(); i++) {
      int rules = topology.linksInto(services.get(i)).size();
      if (rules > INBOUND_RULES_QUOTA) {
        warnings.add(new Warning("services[" + i + "]", rules + " callers make " + rules + " inbound rules on the"
            + " security group of " + services.get(i).name() + ", more than AWS's default quota of "
            + INBOUND_RULES_QUOTA + " per security group; raise 'Inbound or outbound rules per security group' in"
            + " Service Quotas before deploying to AWS"));
      }
    }
    List<String> exec = services.stream().filter(Service::enableExecuteCommand).map(Service::name).toList();
    if (config.network().natGateways() == NatGateways.NONE && !exec.isEmpty()) {
      warnings.add(new Warning("network.natGateways", "none, while " + String.join(", ", exec) + " enable ECS"
          + " Exec in private subnets: the exec agent cannot reach ssmmessages without a NAT gateway or an"
          + " ssmmessages VPC endpoint, so aws ecs execute-command will fail"));
    }
  }
}
