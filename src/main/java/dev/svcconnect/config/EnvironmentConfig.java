package dev.svcconnect.config;

import dev.svcconnect.naming.EndpointAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
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

  /**
   * A container port. Only a named port can be published through Service Connect; {@code appProtocol} is
   * {@code tcp} when none is set (ECS then proxies plain TCP).
   */
  public record PortMapping(Optional<String> name, int containerPort, String appProtocol) {
    public static PortMapping named(String name, int containerPort, String appProtocol) {
      return new PortMapping(Optional.of(name), containerPort, appProtocol);
    }
  }

  /**
   * The app container's ECS health check, as ECS writes it ({@code healthCheck} of the container definition).
   * {@code command} starts with {@code CMD} or {@code CMD-SHELL}.
   */
  public record HealthCheck(List<String> command, int intervalSec, int timeoutSec, int retries, int startPeriodSec) {
    public HealthCheck {
      command = List.copyOf(command);
    }
  }

  /**
   * A non-essential container that starts only once the app container is HEALTHY ({@code dependsOn}) and then
   * exits: the task reaches RUNNING, and Service Connect routes to it, only after the app's health check passed.
   */
  public record ReadinessGate(String containerName, String image) {}

  /**
   * A Fargate task definition: the shared default {@code task:}, or a service's own. {@code containerCpu} and
   * {@code containerMemoryMiB} cap the app container so that the Service Connect proxy keeps its headroom.
   */
  public record Task(
      String family,
      int cpu,
      int memoryMiB,
      String cpuArchitecture,
      String containerName,
      String image,
      List<PortMapping> portMappings,
      Optional<HealthCheck> healthCheck,
      Optional<ReadinessGate> readinessGate,
      Optional<Integer> containerCpu,
      Optional<Integer> containerMemoryMiB) {
    public Task {
      portMappings = List.copyOf(portMappings);
    }

    /** A task without health check, readiness gate or container-level reservations (the walkthrough's). */
    public Task(String family, int cpu, int memoryMiB, String cpuArchitecture, String containerName, String image,
        List<PortMapping> portMappings) {
      this(family, cpu, memoryMiB, cpuArchitecture, containerName, image, portMappings, Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Optional<PortMapping> portMapping(String name) {
      return portMappings.stream().filter(p -> p.name().filter(name::equals).isPresent()).findFirst();
    }

    /** Of {@code endpoints}, those on a port that speaks http, http2 or grpc: Service Connect counts their requests. */
    public List<Endpoint> withRequests(List<Endpoint> endpoints) {
      return endpoints.stream()
          .filter(e -> portMapping(e.portName()).filter(p -> !p.appProtocol().equals("tcp")).isPresent())
          .toList();
    }
  }

  /**
   * One endpoint a client-server service publishes into the namespace. {@code dnsName} defaults to
   * {@code discoveryName.namespace}; the timeouts are Service Connect's idle and per-request timeouts.
   */
  public record Endpoint(
      String portName,
      String discoveryName,
      String dnsName,
      int clientAliasPort,
      Optional<Integer> idleTimeoutSec,
      Optional<Integer> perRequestTimeoutSec,
      Optional<Tls> tls) {

    /** An endpoint without TLS. */
    public Endpoint(String portName, String discoveryName, String dnsName, int clientAliasPort,
        Optional<Integer> idleTimeoutSec, Optional<Integer> perRequestTimeoutSec) {
      this(portName, discoveryName, dnsName, clientAliasPort, idleTimeoutSec, perRequestTimeoutSec,
          Optional.empty());
    }

    /**
     * The client alias as Service Connect keys it, {@code dnsName:port} ({@link EndpointAddress#alias}): unique across
     * the namespace. What a client types depends on the port's protocol: see {@link EndpointAddress#url}.
     */
    public String alias() {
      return EndpointAddress.alias(dnsName, clientAliasPort);
    }
  }

  /**
   * Service Connect TLS of one endpoint: the proxy terminates TLS with certificates that ECS issues from the AWS
   * Private CA, assuming {@code roleArn}; {@code kmsKeyArn} encrypts the private keys ECS keeps for them.
   */
  public record Tls(String privateCaArn, String roleArn, Optional<String> kmsKeyArn) {}

  /**
   * A service's Service Connect role: client-server when it publishes endpoints, client-only when it publishes
   * none. Either way its tasks get the namespace's aliases and log their proxy traffic under the prefix.
   */
  public record ServiceConnect(String logStreamPrefix, List<Endpoint> endpoints) {
    public ServiceConnect {
      endpoints = List.copyOf(endpoints);
    }

    public boolean clientOnly() {
      return endpoints.isEmpty();
    }
  }

  /** rollback: a failing deployment stops and returns to the last good revision; fail: it only stops; none. */
  public enum CircuitBreaker { ROLLBACK, FAIL, NONE }

  /**
   * How ECS replaces tasks; the defaults never drop capacity and roll a failing deployment back. {@code alarms}
   * also fail (and roll back) a deployment while one of them is in ALARM; {@code waitForSteadyState} makes apply
   * wait until the deployment is done; {@code ignoreTaskDefinitionChanges} hands the service's task definition to an
   * external pipeline (external-pipeline mode).
   */
  public record Deployment(
      CircuitBreaker circuitBreaker,
      int minimumHealthyPercent,
      int maximumPercent,
      Optional<DeploymentAlarms> alarms,
      boolean waitForSteadyState,
      boolean ignoreTaskDefinitionChanges) {
    /** The defaults of the options newer than the circuit breaker: no alarms, no waiting, the stack owns the task. */
    public Deployment(CircuitBreaker circuitBreaker, int minimumHealthyPercent, int maximumPercent) {
      this(circuitBreaker, minimumHealthyPercent, maximumPercent, Optional.empty(), false, false);
    }
  }

  /** Existing CloudWatch alarms that fail a deployment while in ALARM; {@code rollback} also rolls it back. */
  public record DeploymentAlarms(List<String> names, boolean rollback) {
    public DeploymentAlarms {
      names = List.copyOf(names);
    }
  }

  /**
   * Application Auto Scaling of the service's desired count between {@code minTasks} and {@code maxTasks}: target
   * tracking on CPU always, on memory and on Service Connect requests per task when set.
   */
  public record Scaling(
      int minTasks,
      int maxTasks,
      int cpuPercent,
      Optional<Integer> memoryPercent,
      Optional<Integer> requestsPerTaskPerMinute,
      int scaleInCooldownSec,
      int scaleOutCooldownSec) {}

  /**
   * An ECS service. {@code task} is the shared default unless the service declares its own
   * ({@code ownTask}); {@code calls} names the endpoints (discovery names) its tasks talk to, from which the
   * security-group rules, the deploy order and the redeploy triggers are derived. {@code platformVersion} is the
   * Fargate platform version, empty for AWS's default (LATEST); {@code scaling} is empty when auto scaling is off;
   * {@code tags} go on the service's own resources, in the order written.
   */
  public record Service(
      String name,
      Task task,
      boolean ownTask,
      int desiredCount,
      boolean enableExecuteCommand,
      Deployment deployment,
      ServiceConnect serviceConnect,
      List<String> calls,
      Optional<String> platformVersion,
      Optional<Scaling> scaling,
      Map<String, String> tags) {
    public Service {
      calls = List.copyOf(calls);
      tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** This service with {@code tags} replaced; every other field as it is. */
    public Service withTags(Map<String, String> replacement) {
      return new Service(name, task, ownTask, desiredCount, enableExecuteCommand, deployment, serviceConnect, calls,
          platformVersion, scaling, replacement);
    }
  }

  /** The SSM-managed host outside the namespace; {@code reaches} names the endpoints it may connect to. */
  public record Bastion(
      boolean enabled, String name, String instanceType, String amiParameter, int rootVolumeGiB,
      List<String> reaches) {
    public Bastion {
      reaches = List.copyOf(reaches);
    }
  }

  public Optional<Service> service(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
