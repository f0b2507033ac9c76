package dev.svcconnect.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One environment, parsed and validated from {@code config/<env>.yaml}. Every instance that exists has passed
 * {@link ConfigLoader}'s rules, so constructs never re-check it.
 */
public record EnvironmentConfig(
    Path source,
    String environment,
    Target target,
    State state,
    Network network,
    Cluster cluster,
    Logs logs,
    Task task,
    List<Service> services,
    Bastion bastion,
    Map<String, String> tags,
    SecurityConfig security) {

  public EnvironmentConfig {
    services = List.copyOf(services);
    tags = Map.copyOf(tags);
  }

  public enum TargetKind { LOCAL, AWS }

  /** Where the stack goes: the local emulator or a real AWS account. */
  public record Target(TargetKind kind, String region, Optional<String> accountId) {}

  /** The S3 state backend; the bucket itself is created by the bootstrap stack. */
  public record State(String bucket, String key, String region) {}

  public enum NatGateways { NONE, ONE, PER_AZ }

  /** Subnet CIDRs are carved from {@code vpcCidr} in order: public subnets first, then private ones. */
  public record Network(String vpcCidr, int availabilityZones, int subnetPrefixLength, NatGateways natGateways) {}

  public record Cluster(String name, String namespace) {}

  public record Logs(String group, int retentionDays) {}

  public record PortMapping(String name, int containerPort, String appProtocol) {}

  /** The Fargate task definition every service runs (the walkthrough shares one). */
  public record Task(
      String family,
      int cpu,
      int memoryMiB,
      String cpuArchitecture,
      String containerName,
      String image,
      List<PortMapping> portMappings) {
    public Task {
      portMappings = List.copyOf(portMappings);
    }

    public Optional<PortMapping> portMapping(String name) {
      return portMappings.stream().filter(p -> p.name().equals(name)).findFirst();
    }
  }

  /** The endpoint a service publishes into the namespace; {@code dnsName} defaults to {@code discoveryName.namespace}. */
  public record ServiceConnect(
      String portName, String discoveryName, String dnsName, int clientAliasPort, String logStreamPrefix) {

    /** What a client in the namespace types: the port is left out when it is HTTP's default. */
    public String url() {
      return "http://" + dnsName + (clientAliasPort == 80 ? "" : ":" + clientAliasPort);
    }
  }

  /**
   * An ECS service. {@code allowFrom} names the sources (other services, or {@code bastion}) its security group
   * admits on the Service Connect port; {@code dependsOn} names services that must be deployed first.
   */
  public record Service(
      String name,
      int desiredCount,
      boolean enableExecuteCommand,
      ServiceConnect serviceConnect,
      List<String> allowFrom,
      List<String> dependsOn) {
    public Service {
      allowFrom = List.copyOf(allowFrom);
      dependsOn = List.copyOf(dependsOn);
    }
  }

  /** The SSM-managed host outside the namespace. */
  public record Bastion(
      boolean enabled, String name, String instanceType, String amiParameter, int rootVolumeGiB) {}

  /** The name sources use in {@code allowFrom} for the bastion. */
  public static final String BASTION_SOURCE = "bastion";

  public Optional<Service> service(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
