package dev.svcconnect.naming;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that derives resource names, descriptions and tags from the config, so they never drift between
 * resources: the constructs render what these methods return, and the config's limit checks
 * ({@code config.DerivedNameRules}) check the same values against AWS's limits ({@link AwsLimit}). Names the
 * walkthrough fixes (cluster, services, log group, bastion) come from the config as written.
 *
 * <p>Every value is the raw text AWS will hold; a construct passes it through {@link Literal#of} on its way into
 * Terraform.
 */
public record Naming(String environment, Map<String, String> extraTags) {
  /** The application name used as prefix and tag. */
  public static final String APPLICATION = "ecs-service-connect";
  /** The keys of the tags the stack itself sets on every resource; a service's own tags may not reuse them. */
  public static final List<String> STACK_TAG_KEYS = List.of("Application", "Environment", "ManagedBy");
  /** The key of the console name tag the stack sets on the resources that show one. */
  public static final String NAME_TAG = "Name";
  /** What the bastion's role, instance profile and security group are named after: {@code <prefix>-bastion}. */
  static final String BASTION = "bastion";

  public Naming {
    extraTags = Map.copyOf(extraTags);
  }

  /** {@code ecs-service-connect-<environment>}: prefix for IAM and network names, unique per environment. */
  public String prefix() {
    return APPLICATION + "-" + environment;
  }

  /** {@code <prefix>-<suffix>}. */
  public String name(String suffix) {
    return prefix() + "-" + suffix;
  }

  /** Tags every taggable resource gets through the provider's {@code default_tags}. */
  public Map<String, String> defaultTags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Application", APPLICATION);
    tags.put("Environment", environment);
    tags.put("ManagedBy", "cdktf");
    tags.putAll(extraTags);
    return tags;
  }

  /** The Name tag the EC2 console shows. */
  public Map<String, String> nameTag(String name) {
    return Map.of(NAME_TAG, name);
  }

  // Task definition roles

  /** The ECR repository the stack creates for container {@code container} of task family {@code family}. */
  public String ecrRepositoryName(String family, String container) {
    return prefix() + "/" + family + "/" + container;
  }

  /**
   * The Secrets Manager secret the stack creates for variable {@code variable} of task family {@code family}
   * ({@code secrets.<variable>.create}): {@code <prefix>/<family>/<variable>}. The variable's name has no hyphen, so
   * the name never ends like the {@code -} and six characters Secrets Manager appends to a secret's ARN
   * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html, Name).
   */
  public String createdSecretName(String family, String variable) {
    return prefix() + "/" + family + "/" + variable;
  }

  public static String createdSecretDescription(String family, String variable) {
    return "Variable " + variable + " of task family " + family;
  }

  /** The execution role of task family {@code family}: image pull and log delivery. */
  public String executionRoleName(String family) {
    return name(family) + "-execution";
  }

  public static String executionRoleDescription(String family) {
    return "Pulls the image and ships logs for task family " + family;
  }

  /**
   * The task role of task family {@code family}: what the app's code may do (ECS Exec channels and session logs
   * only).
   */
  public String taskRoleName(String family) {
    return name(family) + "-task";
  }

  public static String taskRoleDescription(String family) {
    return "Runtime role of task family " + family + ": ECS Exec channels and session logs only";
  }

  // Services

  /** The security group of ECS service {@code service} (and its Name tag). */
  public String serviceSecurityGroupName(String service) {
    return name(service);
  }

  public static String serviceSecurityGroupDescription(String service) {
    return "Tasks of ECS service " + service;
  }

  /** The description of the ingress rule that admits {@code caller} to an endpoint on port {@code portName}. */
  public static String ingressRuleDescription(String caller, String discoveryName, String portName) {
    return caller + " calls " + discoveryName + " (port " + portName + ")";
  }

  // Load balancers

  /**
   * The AWS name of load balancer {@code name} ({@code loadBalancers.<name>}): {@code <environment>-<name>}, since
   * AWS allows 32 characters (config's LoadBalancerRules checks them).
   */
  public String loadBalancerName(String name) {
    return environment + "-" + name;
  }

  /** What follows the prefix in the name of load balancer {@code name}'s security group: {@code alb-<name>}. */
  public static String loadBalancerGroupSuffix(String name) {
    return "alb-" + name;
  }

  /** The security group of load balancer {@code name} (and its Name tag). */
  public String loadBalancerSecurityGroupName(String name) {
    return name(loadBalancerGroupSuffix(name));
  }

  public static String loadBalancerSecurityGroupDescription(String name) {
    return "Application Load Balancer " + name + ": its listener ports only";
  }

  /** The description of the rule that admits {@code source} (a CIDR or a group id) to a listener port. */
  public static String listenerIngressDescription(String source, int port) {
    return source + " to listener port " + port;
  }

  /** The description of the rules that let load balancer {@code name} reach {@code service} on its target port. */
  public static String targetRuleDescription(String name, String service, int port) {
    return "load balancer " + name + " forwards to " + service + " on port " + port;
  }

  /** The metrics of a service's target-tracking policies, as their names end ({@link #scalingPolicyName}). */
  public static final String CPU_POLICY = "cpu";
  public static final String MEMORY_POLICY = "memory";
  public static final String REQUESTS_POLICY = "requests";

  /** The name of a service's target-tracking policy on {@code metric} ({@link #CPU_POLICY}, ...). */
  public static String scalingPolicyName(String service, String metric) {
    return service + "-" + metric;
  }

  // Platform

  public static String namespaceDescription(String cluster) {
    return "Service Connect namespace of cluster " + cluster;
  }

  /** The KMS alias of the logs key ({@code security.kmsKeys}). */
  public String logsKeyAlias() {
    return "alias/" + name("logs");
  }

  public String logsKeyDescription() {
    return "Encrypts the log groups, ECS Exec sessions and ECR repositories of " + name("logs");
  }

  // Bastion

  /** The bastion's security group, role and instance profile: {@code <prefix>-bastion}. */
  public String bastionResourceName() {
    return name(BASTION);
  }

  public static String bastionSecurityGroupDescription(String bastionName) {
    return "Bastion " + bastionName + ": no ingress, reached through SSM Session Manager";
  }

  public static String bastionRoleDescription(String bastionName) {
    return "Lets SSM manage bastion " + bastionName;
  }

  // VPC endpoints

  /** What the interface endpoints' security group is named after: {@code <prefix>-vpc-endpoints}. */
  public static final String VPC_ENDPOINTS = "vpc-endpoints";

  /** The interface endpoints' security group (network.vpcEndpoints), named like a service's. */
  public String vpcEndpointsSecurityGroupName() {
    return name(VPC_ENDPOINTS);
  }

  public static final String VPC_ENDPOINTS_SECURITY_GROUP_DESCRIPTION =
      "Interface VPC endpoints: HTTPS from the workloads that use them, nothing else";

  /** The Name tag of the VPC endpoint of AWS service {@code service} ({@code ecr.api}). */
  public String vpcEndpointName(String service) {
    return name(service + "-endpoint");
  }

  /** The description of the rule that admits {@code workload} to the interface endpoints of {@code services}. */
  public static String vpcEndpointsIngressRuleDescription(String workload, List<String> services) {
    return workload + " calls " + String.join(", ", services) + " over HTTPS";
  }

  // Flow logs

  /** The flow logs' log group, role and Name tag ({@code security.vpcFlowLogs}). */
  public String flowLogsName() {
    return name("flow-logs");
  }

  public String flowLogsRoleDescription() {
    return "Delivers the flow logs of VPC " + flowLogsName() + " to their log group";
  }
}
