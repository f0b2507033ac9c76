package dev.svcconnect.topology;

import dev.svcconnect.config.AccountScopedNames;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.CircuitBreaker;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.VpcEndpoint;
import dev.svcconnect.config.NetworkNeeds;
import dev.svcconnect.naming.AwsCli;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

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
  static final String SSM_VPC_DOC = "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html";
  static final String ECR_VPC_DOC = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html";
  /**
   * Fargate stops a task whose awslogs driver cannot start: "ResourceInitializationError: failed to initialize
   * logging driver" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html).
   */
  static final String LOGS_VPC_DOC =
      "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch-logs-and-interface-VPC.html";
  static final String EXEC_DOC = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html";
  /** ECS reads a task's secrets through the task's network when it starts; without a route the task fails to start. */
  static final String SECRETS_VPC_DOC =
      "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html#ecs-setting-up-secrets";

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
    for (AccountScopedNames.ScopedName n : AccountScopedNames.walkthroughNames(config)) {
      warnings.add(new Warning(n.field(), "'" + n.name() + "' is the walkthrough's name (the default), and AWS keeps "
          + n.kind().resource().label() + " names unique per account"
          + (n.kind().resource().global() ? "" : " and region") + ", so"
          + " environment " + config.environment() + " collides with every other environment that keeps it there;"
          + " " + n.fix() + " (./main deploy refuses a name that exists and its state does not own)"));
    }
    String namespace = config.cluster().namespace();
    // an existing namespace's name is its owner's choice, not something to change here
    if (config.cluster().namespaceArn().isEmpty() && (namespace.equals("local") || namespace.endsWith(".local"))) {
      warnings.add(new Warning("cluster.namespace", "'" + namespace + "' makes every name end in .local, which is"
          + " reserved for multicast DNS (RFC 6762): dig and resolvers treat it specially. Service Connect still"
          + " works, since it writes the aliases into each task's /etc/hosts, but a name such as 'internal'"
          + " avoids the clash"));
    }
    List<Service> services = config.services();
    List<String> exec = services.stream().filter(s -> s.options().enableExecuteCommand()).map(Service::name).toList();
    if (config.cluster().existing().isPresent() && !exec.isEmpty()) {
      // The cluster's executeCommandConfiguration decides how sessions are logged and encrypted
      // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ExecuteCommandConfiguration.html).
      warnings.add(new Warning("cluster.existing", "the existing cluster's ECS Exec logging and encryption are its"
          + " owner's, not this stack's: sessions into " + join(exec) + " are logged (or not) as the cluster says"));
    }
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
    network(config, warnings);
  }

  /**
   * Without a NAT gateway the private subnets reach AWS only through {@code network.vpcEndpoints}: one warning per
   * prerequisite that is missing, naming who needs it and the fix. With or without NAT, an interface endpoint that
   * no workload uses is named, since it is billed anyway.
   */
  private static void network(EnvironmentConfig config, List<Warning> warnings) {
    EnvironmentConfig.Network network = config.network();
    String region = config.target().region();
    List<Service> services = config.services();
    Set<VpcEndpoint> listed = network.vpcEndpoints();
    if (network.ownerRouted()) {
      ownerRouted(config, warnings);
    }
    if (!network.hasNat() && !network.ownerRouted()) {
      if (config.bastion().enabled()) {
        missing(warnings, listed, NetworkNeeds.BASTION, "the bastion " + config.bastion().name() + " is reached"
            + " only through SSM Session Manager", "its SSM Agent cannot register, so aws ssm start-session never"
            + " connects", SSM_VPC_DOC);
      }
      onlyThroughNat(warnings, services, s -> NetworkNeeds.publicImages(s.task(), region), "pull",
          "an image outside the private ECR of " + region + " can only be pulled through a NAT gateway, so"
          + " their tasks never start; set natGateways to one, or push the images to ECR in " + region + " and"
          + " add ecr.api, ecr.dkr and s3 to network.vpcEndpoints (" + ECR_VPC_DOC + ")");
      List<String> ecr = services.stream()
          .filter(s -> NetworkNeeds.of(s, region).containsAll(NetworkNeeds.ECR_PULL)).map(Service::name).toList();
      if (!ecr.isEmpty()) {
        missing(warnings, listed, NetworkNeeds.ECR_PULL, String.join(", ", ecr) + " pull images from ECR",
            "Fargate cannot pull them, so their tasks never start", ECR_VPC_DOC);
      }
      secrets(config, warnings);
      if (!services.isEmpty()) {
        missing(warnings, listed, EnumSet.of(VpcEndpoint.LOGS), String.join(", ", services.stream()
            .map(Service::name).toList()) + " log with awslogs", "their tasks cannot reach CloudWatch Logs and"
            + " fail to start (ResourceInitializationError)", LOGS_VPC_DOC);
      }
      List<String> exec = services.stream().filter(s -> s.options().enableExecuteCommand()).map(Service::name).toList();
      if (!exec.isEmpty()) {
        missing(warnings, listed, EnumSet.of(VpcEndpoint.SSMMESSAGES), String.join(", ", exec) + " enable ECS"
            + " Exec in private subnets", "the exec agent cannot reach ssmmessages, so aws ecs execute-command will"
            + " fail", EXEC_DOC);
      }
    }
    Set<VpcEndpoint> used = EnumSet.noneOf(VpcEndpoint.class);
    services.forEach(s -> used.addAll(NetworkNeeds.of(s, region)));
    if (config.bastion().enabled()) {
      used.addAll(NetworkNeeds.BASTION);
    }
    for (VpcEndpoint e : listed) {
      if (!e.gateway() && !used.contains(e)) {
        warnings.add(new Warning("network.vpcEndpoints", e.service() + " serves no workload here (" + unusedReason(e)
            + "), yet an interface endpoint is billed per hour in each availability zone; remove it"
            + " (https://aws.amazon.com/privatelink/pricing/)"));
      }
    }
  }

  /**
   * Without a NAT gateway: the services whose containers read Secrets Manager secrets (or registry credentials) or
   * SSM parameters when their tasks start, without the endpoint of that store; and secrets in another region, which
   * no endpoint of this VPC serves.
   */
  private static void secrets(EnvironmentConfig config, List<Warning> warnings) {
    String region = config.target().region();
    Set<VpcEndpoint> listed = config.network().vpcEndpoints();
    for (VpcEndpoint store : List.of(VpcEndpoint.SECRETSMANAGER, VpcEndpoint.SSM)) {
      List<String> readers = config.services().stream().filter(s -> NetworkNeeds.of(s, region).contains(store))
          .map(Service::name).toList();
      if (!readers.isEmpty()) {
        missing(warnings, listed, EnumSet.of(store), String.join(", ", readers) + " read "
            + (store == VpcEndpoint.SSM ? "SSM parameters" : "Secrets Manager secrets") + " when their tasks start",
            "ECS cannot fetch them, so their tasks never start (ResourceInitializationError)", SECRETS_VPC_DOC);
      }
    }
    onlyThroughNat(warnings, config.services(), s -> NetworkNeeds.secretsInOtherRegions(s.task(), region), "read",
        "a secret outside " + region + " can only be read through a NAT gateway (VPC endpoints serve their own"
        + " region), so their tasks never start; set natGateways to one, or keep the secrets in " + region + " ("
        + SECRETS_VPC_DOC + ")");
  }

  /**
   * Without a NAT gateway: one warning naming, for each thing only a NAT gateway reaches ({@code reached} of a
   * service: an image, a secret), the services that {@code verb} it, then {@code why}; none when nothing is.
   */
  private static void onlyThroughNat(List<Warning> warnings, List<Service> services,
      Function<Service, ? extends Collection<String>> reached, String verb, String why) {
    Map<String, List<String>> users = new LinkedHashMap<>();
    for (Service s : services) {
      reached.apply(s).forEach(thing -> users.computeIfAbsent(thing, k -> new ArrayList<>()).add(s.name()));
    }
    if (!users.isEmpty()) {
      warnings.add(new Warning("network.natGateways", "none, while " + users.entrySet().stream()
          .map(e -> String.join(", ", e.getValue()) + " " + verb + " " + e.getKey())
          .collect(Collectors.joining("; ")) + ": " + why));
    }
  }

  /**
   * An existing VPC's NAT gateways, routes and VPC endpoints are its owner's, and the stack cannot see them: instead
   * of assuming, one warning names what each workload needs to reach from the private subnets (the same needs as
   * {@link NetworkNeeds} derives for the created network).
   */
  private static void ownerRouted(EnvironmentConfig config, List<Warning> warnings) {
    String region = config.target().region();
    List<String> needs = new ArrayList<>();
    for (Service s : config.services()) {
      List<String> images = new ArrayList<>(NetworkNeeds.publicImages(s.task(), region));
      images.addAll(NetworkNeeds.secretsInOtherRegions(s.task(), region));
      List<String> reach = new ArrayList<>();
      if (!images.isEmpty()) {
        reach.add("a NAT gateway for " + String.join(", ", images));
      }
      List<String> endpoints = NetworkNeeds.of(s, region).stream().map(VpcEndpoint::service).toList();
      reach.add(join(endpoints) + " (a NAT gateway or VPC endpoints)");
      needs.add(s.name() + " needs " + String.join(" and ", reach));
    }
    if (config.bastion().enabled()) {
      needs.add("the bastion needs " + join(NetworkNeeds.BASTION.stream().map(VpcEndpoint::service).toList())
          + " for Session Manager");
    }
    if (!needs.isEmpty()) {
      warnings.add(new Warning("network.existing", "NAT gateways, routes and VPC endpoints are the network owner's,"
          + " and the stack cannot check them: from the private subnets, " + String.join("; ", needs)
          + "; without them image pulls, secrets, logs, ECS Exec and Session Manager fail (" + ECR_VPC_DOC + ", "
          + SECRETS_VPC_DOC + ", "
          + LOGS_VPC_DOC + ", " + EXEC_DOC + ", " + SSM_VPC_DOC + ")"));
    }
  }

  /** Why nothing uses {@code endpoint}: the workloads that would, absent. */
  private static String unusedReason(VpcEndpoint endpoint) {
    return switch (endpoint) {
      case EC2MESSAGES -> "the bastion is disabled";
      case SSM -> "the bastion is disabled and no container reads an SSM parameter of this region";
      case SSMMESSAGES -> "the bastion is disabled and no service enables ECS Exec";
      case ECR_API, ECR_DKR -> "no image is in this region's private ECR";
      case SECRETSMANAGER -> "no container reads a Secrets Manager secret or registry credentials of this region";
      default -> "no service";
    };
  }

  /**
   * Warns on {@code network.natGateways} when {@code needed} is not all in {@code listed}: {@code who} needs it,
   * {@code consequence} follows, and the fix is to list what is missing or to add a NAT gateway; {@code doc} is
   * AWS's page on that service's VPC endpoints.
   */
  private static void missing(List<Warning> warnings, Set<VpcEndpoint> listed, Set<VpcEndpoint> needed, String who,
      String consequence, String doc) {
    List<String> absent = needed.stream().filter(e -> !listed.contains(e)).map(VpcEndpoint::service).toList();
    if (!absent.isEmpty()) {
      warnings.add(new Warning("network.natGateways", "none, while " + who + ": without a NAT gateway or "
          + join(absent) + " in network.vpcEndpoints " + consequence + "; add " + join(absent)
          + " to network.vpcEndpoints, or set natGateways to one (" + doc + ")"));
    }
  }

  /** {@code a}, {@code a and b}, {@code a, b and c}. */
  private static String join(List<String> items) {
    return items.size() == 1 ? items.get(0)
        : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }
}
