package dev.svcconnect.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.config.EnvironmentConfig.Endpoint;
import dev.svcconnect.config.EnvironmentConfig.Scaling;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.Task;
import dev.svcconnect.config.EnvironmentConfig.VpcEndpoint;
import dev.svcconnect.naming.AwsLimit;
import dev.svcconnect.naming.Naming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS's limits on what the stack derives from the config: every name and description {@link Naming} (and
 * {@code EndpointAddress}) makes of a field is checked against the limit of the resource it lands on
 * ({@link AwsLimit}), names that AWS compares without regard to case are unique that way, and the tags of one
 * resource stay within AWS's quota once the stack's own are added. A problem is reported under the field the user
 * wrote, naming the derived value: {@code task.family: the IAM role name '...' derived from it is 71 characters; IAM
 * allows 64 (url)}. The values are computed by the same methods the constructs call, never re-derived here.
 */
final class DerivedNameRules {
  /** The endpoint's client alias name as the schema describes {@code dnsName}: ECS's limits, in one place. */
  private static final String DNS_NAME_POINTER = "/$defs/endpoint/properties/dnsName";

  private final EnvironmentConfig config;
  private final Naming naming;
  /** Problems already reported, by field and limit: one line per derived kind of value and field. */
  private final Set<String> reported = new HashSet<>();

  private DerivedNameRules(EnvironmentConfig config) {
    this.config = config;
    this.naming = new Naming(config.environment(), config.tags());
  }

  /** Where a derived value comes from: a field the user wrote (or left to its default), and how. */
  private record Source(Section section, String key, String how) {
    static Source of(Section section, String key) {
      return new Source(section, key, "it");
    }

    String field() {
      return section.field(key);
    }
  }

  /**
   * Checks {@code config}'s derived names and tags, reporting under {@code root}'s fields.
   *
   * @param items the services' sections, parallel to {@code config.services()}
   */
  static void check(EnvironmentConfig config, Section root, List<Section> items) {
    new DerivedNameRules(config).checkAll(root, items);
  }

  private void checkAll(Section root, List<Section> items) {
    List<Service> services = config.services();
    Collisions roles = new Collisions(AwsLimit.IAM_ROLE_NAME);
    Collisions groups = new Collisions(AwsLimit.SECURITY_GROUP_NAME);

    if (config.bastion().enabled()) {
      // First: a service whose names collide with the bastion's is reported under the service.
      bastion(root, roles, groups);
    }
    if (config.network().vpcEndpoints().stream().anyMatch(e -> !e.gateway())) {
      vpcEndpoints(root, items, groups);
    }
    if (services.stream().anyMatch(s -> !s.ownTask())) {
      taskDefinition(config.task(), Source.of(root.section("task"), "family"), roles);
    }
    for (int i = 0; i < services.size(); i++) {
      Service s = services.get(i);
      Section item = items.get(i);
      if (s.ownTask()) {
        Section task = item.section("task");
        taskDefinition(s.task(), task.written("family") ? Source.of(task, "family")
            : new Source(item, "name", "it (the service's task family by default)"), roles);
      }
      service(s, item, groups);
    }
    ingressRules(root, items);
    if (config.security().vpcFlowLogs()) {
      flowLogs(root, roles);
    }
    if (config.security().kmsKeys()) {
      // Derived from the environment name alone; its schema keeps the alias far within KMS's limit.
      limit(Source.of(root, "environment"), AwsLimit.KMS_ALIAS_NAME, naming.logsKeyAlias());
      limit(Source.of(root, "environment"), AwsLimit.KMS_KEY_DESCRIPTION, naming.logsKeyDescription());
    }
    Section cluster = root.section("cluster");
    limit(Source.of(cluster, "name"), AwsLimit.NAMESPACE_DESCRIPTION, Naming.namespaceDescription(
        config.cluster().name()));
    topLevelTags(root);
  }

  /**
   * The task definition's two roles (IAM names of at most 64 characters, unique without regard to case), the ECR
   * repositories of its containers that name an ecr image, and the secrets the stack creates for them.
   */
  private void taskDefinition(Task task, Source family, Collisions roles) {
    String execution = naming.executionRoleName(task.family());
    String runtime = naming.taskRoleName(task.family());
    limit(family, AwsLimit.IAM_ROLE_NAME, execution);
    limit(family, AwsLimit.IAM_ROLE_NAME, runtime);
    limit(family, AwsLimit.IAM_ROLE_DESCRIPTION, Naming.executionRoleDescription(task.family()));
    limit(family, AwsLimit.IAM_ROLE_DESCRIPTION, Naming.taskRoleDescription(task.family()));
    roles.add(family, execution);
    roles.add(family, runtime);
    task.containers().stream().filter(c -> c.ecr().isPresent())
        .forEach(c -> limit(family, AwsLimit.ECR_REPOSITORY_NAME, naming.ecrRepositoryName(task.family(), c.name())));
    task.containers().forEach(c -> c.inputs().secrets().stream().filter(s -> s.store().created())
        .forEach(s -> limit(family, AwsLimit.SECRET_NAME, naming.createdSecretName(task.family(), s.name()))));
  }

  /** The service's security group, its scaling policies and the Cloud Map services and aliases of its endpoints. */
  private void service(Service s, Section item, Collisions groups) {
    Source name = Source.of(item, "name");
    String group = naming.serviceSecurityGroupName(s.name());
    limit(name, AwsLimit.SECURITY_GROUP_NAME, group);
    limit(name, AwsLimit.SECURITY_GROUP_DESCRIPTION, Naming.serviceSecurityGroupDescription(s.name()));
    groups.add(name, group);
    s.scaling().ifPresent(scaling -> scalingPolicies(s.name(), scaling, name));
    List<Section> endpoints = item.section("serviceConnect").sections("endpoints");
    for (int j = 0; j < endpoints.size(); j++) {
      endpoint(s.serviceConnect().endpoints().get(j), endpoints.get(j));
    }
  }

  private void scalingPolicies(String service, Scaling scaling, Source name) {
    List<String> metrics = new ArrayList<>(List.of(Naming.CPU_POLICY));
    scaling.memoryPercent().ifPresent(m -> metrics.add(Naming.MEMORY_POLICY));
    scaling.requestsPerTaskPerMinute().ifPresent(r -> metrics.add(Naming.REQUESTS_POLICY));
    // The longest name first: one line for the field, about the policy that breaks the limit most.
    metrics.sort((a, b) -> b.length() - a.length());
    metrics.forEach(m -> limit(name, AwsLimit.SCALING_POLICY_NAME, Naming.scalingPolicyName(service, m)));
  }

  /**
   * ECS creates a Cloud Map service named after the discovery name (the port's name by default), and the client
   * alias defaults to {@code <discoveryName>.<namespace>}, which must be a DNS name ECS accepts (the schema's
   * dnsName rules).
   */
  private void endpoint(Endpoint e, Section f) {
    Source discovery = f.written("discoveryName") ? Source.of(f, "discoveryName")
        : new Source(f, "portName", "it (the default discoveryName)");
    boolean cloudMapOk = limit(discovery, AwsLimit.CLOUD_MAP_SERVICE_NAME, e.discoveryName());
    if (cloudMapOk && !f.written("dnsName")) {
      dnsName(new Source(discovery.section(), discovery.key(), discovery.how() + " and cluster.namespace"),
          e.dnsName());
    }
  }

  private void dnsName(Source source, String dnsName) {
    JsonNode schema = ConfigSchema.tree().at(DNS_NAME_POINTER);
    String url = schema.path("$comment").asText();
    int max = schema.path("maxLength").asInt();
    int length = dnsName.codePointCount(0, dnsName.length());
    String what = "client alias name";
    if (length > max) {
      report(source, what, dnsName, "is " + length + " characters; ECS allows " + max + " (" + url + ")");
    } else if (!Pattern.compile(schema.path("pattern").asText()).matcher(dnsName).find()) {
      report(source, what, dnsName, schema.path(ConfigSchema.PATTERN_MESSAGE).asText() + " (" + url + ")");
    }
  }

  /**
   * Each call (and each endpoint the bastion reaches) is an ingress rule whose description names the caller, the
   * endpoint and its port; it is reported under the call.
   */
  private void ingressRules(Section root, List<Section> items) {
    Map<String, Endpoint> published = new HashMap<>();
    config.services().forEach(s -> s.serviceConnect().endpoints().forEach(e -> published.putIfAbsent(
        e.discoveryName(), e)));
    for (int i = 0; i < items.size(); i++) {
      calls(config.services().get(i).name(), items.get(i), "calls", config.services().get(i).calls(), published);
    }
    if (config.bastion().enabled()) {
      calls(ServiceRules.BASTION, root.section("bastion"), "reaches", config.bastion().reaches(), published);
    }
  }

  private void calls(String caller, Section f, String key, List<String> names, Map<String, Endpoint> published) {
    for (int j = 0; j < names.size(); j++) {
      Endpoint e = published.get(names.get(j));
      if (e != null) {
        limit(Source.of(f, key + "[" + j + "]"), AwsLimit.SECURITY_GROUP_RULE_DESCRIPTION,
            Naming.ingressRuleDescription(caller, e.discoveryName(), e.portName()));
      }
    }
  }

  /** The bastion's name is in its security group's and role's descriptions; its resources share one name. */
  private void bastion(Section root, Collisions roles, Collisions groups) {
    String name = config.bastion().name();
    Source source = Source.of(root.section("bastion"), "name");
    limit(source, AwsLimit.SECURITY_GROUP_DESCRIPTION, Naming.bastionSecurityGroupDescription(name));
    limit(source, AwsLimit.IAM_ROLE_DESCRIPTION, Naming.bastionRoleDescription(name));
    // Derived from the environment alone, within every limit; registered for the collisions with services' names.
    Source environment = Source.of(root, "environment");
    String resource = naming.bastionResourceName();
    limit(environment, AwsLimit.SECURITY_GROUP_NAME, resource);
    limit(environment, AwsLimit.IAM_ROLE_NAME, resource);
    limit(environment, AwsLimit.IAM_INSTANCE_PROFILE_NAME, resource);
    roles.add(resource, "the bastion's");
    groups.add(resource, "the bastion's");
  }

  /**
   * The interface endpoints' security group is named after the environment, like a service's group after the
   * service: registered for the collisions with services' names (an exact match is ServiceRules' reserved name).
   * Each service's HTTPS rule into it names the service and the endpoints it uses.
   */
  private void vpcEndpoints(Section root, List<Section> items, Collisions groups) {
    String group = naming.vpcEndpointsSecurityGroupName();
    limit(Source.of(root, "environment"), AwsLimit.SECURITY_GROUP_NAME, group);
    groups.add(group, "the VPC endpoints'");
    Set<VpcEndpoint> listed = config.network().vpcEndpoints();
    for (int i = 0; i < items.size(); i++) {
      Service s = config.services().get(i);
      List<String> uses = NetworkNeeds.interfacesUsed(NetworkNeeds.of(s, config.target().region()), listed).stream()
          .map(VpcEndpoint::service).toList();
      if (!uses.isEmpty()) {
        limit(Source.of(items.get(i), "name"), AwsLimit.SECURITY_GROUP_RULE_DESCRIPTION,
            Naming.vpcEndpointsIngressRuleDescription(s.name(), uses));
      }
    }
  }

  /** The flow logs' group and role: derived from the environment; the group must not be logs.group's. */
  private void flowLogs(Section root, Collisions roles) {
    Source environment = Source.of(root, "environment");
    String name = naming.flowLogsName();
    limit(environment, AwsLimit.LOG_GROUP_NAME, name);
    limit(environment, AwsLimit.IAM_ROLE_NAME, name);
    limit(environment, AwsLimit.IAM_ROLE_DESCRIPTION, naming.flowLogsRoleDescription());
    roles.add(name, "the VPC flow logs'");
    if (config.logs().group().equals(name)) {
      root.section("logs").error("group", Display.quote(name) + " is the log group of the VPC flow logs"
          + " (security.vpcFlowLogs), and log group names are unique in an account and region ("
          + AwsLimit.LOG_GROUP_NAME.source() + "); choose another name");
    }
  }

  /**
   * Resources with a Name tag carry the stack's tags, the top-level tags and Name: at most
   * {@value AwsLimit#TAGS_PER_RESOURCE} keys.
   */
  private void topLevelTags(Section root) {
    Set<String> keys = new LinkedHashSet<>(Naming.STACK_TAG_KEYS);
    keys.addAll(config.tags().keySet());
    keys.add(Naming.NAME_TAG);
    if (keys.size() > AwsLimit.TAGS_PER_RESOURCE) {
      root.error("tags", config.tags().size() + " tags, the stack's " + Naming.STACK_TAG_KEYS.size() + " ("
          + String.join(", ", Naming.STACK_TAG_KEYS) + ") and Name make " + keys.size() + " on the resources with a"
          + " Name tag; AWS allows at most " + AwsLimit.TAGS_PER_RESOURCE + " per resource ("
          + AwsLimit.TAGS_SOURCE + ")");
    }
  }

  /** Reports {@code value} under {@code source} if it breaks {@code limit}; whether it keeps it. */
  private boolean limit(Source source, AwsLimit limit, String value) {
    Optional<String> violation = limit.violation(value);
    violation.ifPresent(v -> report(source, limit.what(), value, v));
    return violation.isEmpty();
  }

  private void report(Source source, String what, String value, String rule) {
    if (reported.add(source.field() + "\u0000" + what)) {
      source.section().error(source.key(), "the " + what + " " + Display.quote(value) + " derived from "
          + source.how() + " " + rule);
    }
  }

  /**
   * Names that must be unique where AWS compares them without regard to case: two that differ only by case are
   * the same name to AWS. Two identical names come from values already reported as duplicates elsewhere.
   */
  private final class Collisions {
    private final AwsLimit limit;
    /** By identity: the first name and whose it is ("derived from services[0].name", "the bastion's"). */
    private final Map<String, Map.Entry<String, String>> seen = new HashMap<>();

    Collisions(AwsLimit limit) {
      this.limit = limit;
    }

    /** A name derived from a field the user wrote. */
    void add(Source source, String name) {
      Map.Entry<String, String> first = add(name, "derived from " + source.field());
      if (first != null && !first.getKey().equals(name)) {
        report(source, limit.what(), name, "differs only by case from " + Display.quote(first.getKey()) + ", "
            + first.getValue() + "; " + limit.service() + " compares " + limit.what() + "s without regard to case"
            + " (" + limit.source() + ")");
      }
    }

    /** A name of the stack's own; the previous holder of its identity, if any. */
    Map.Entry<String, String> add(String name, String whose) {
      return seen.putIfAbsent(limit.identity(name), Map.entry(name, whose));
    }
  }
}
