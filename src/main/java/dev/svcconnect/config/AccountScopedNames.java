package dev.svcconnect.config;

import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.naming.Naming;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The names the service stack gives that AWS keeps unique per account and region (IAM: per account), each with the
 * config field that sets it: the one list that the synth warning about walkthrough names
 * ({@code topology.ConfigWarnings}) and deploy's ownership check ({@code aws.NameOwnership}) read. Two environments
 * in one account that share such a name collide: the second one's apply fails half-way, or, worse, silently shares
 * the first one's resource.
 *
 * <p>Not listed, because their uniqueness is scoped to something the stack creates anew in each environment:
 * security groups (per VPC), ECS services (per cluster), Service Connect discovery names (per namespace), scaling
 * policies (per scalable target). The KMS alias of {@code security.kmsKeys} is derived from the environment name
 * like the IAM roles listed here, which exist in every environment, so reusing an environment name is caught by
 * them. The state bucket (globally unique) belongs to the bootstrap stack, whose CreateBucket S3 refuses for a
 * bucket that exists, except in us-east-1 for a bucket the account owns (docs/state.md, "Lost bootstrap state").
 */
public final class AccountScopedNames {
  /**
   * The environment whose names the schema's defaults are: the walkthrough's, deployed by config/local.yaml. Any other
   * environment that keeps those names collides with it, or with another copy, in a shared account.
   */
  public static final String WALKTHROUGH_ENVIRONMENT = "local";

  private AccountScopedNames() {}

  /** A kind of resource whose name AWS keeps unique, with the rule's source. */
  public enum Kind {
    /**
     * CreateCluster with the name of an existing cluster returns that cluster instead of failing, and the AWS provider
     * then manages it from a second state (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html;
     * https://github.com/hashicorp/terraform-provider-aws/issues/44817).
     */
    ECS_CLUSTER,
    /**
     * CreateHttpNamespace fails with NamespaceAlreadyExists
     * (https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateHttpNamespace.html). The HTTP name is what
     * DiscoverInstances looks a namespace up by in an account and region, so it is unique whatever the namespace's type
     * (https://docs.aws.amazon.com/cloud-map/latest/api/API_DiscoverInstances.html, NamespaceName); a private DNS
     * namespace's hosted zone is per VPC, but this stack creates HTTP namespaces only.
     */
    CLOUD_MAP_NAMESPACE,
    /**
     * "Log group names must be unique within a Region for an AWS account": CreateLogGroup fails with
     * ResourceAlreadyExistsException (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html).
     */
    LOG_GROUP,
    /**
     * RegisterTaskDefinition into an existing family adds a revision to it instead of failing
     * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html, family): two
     * environments would register, and on destroy deregister, revisions of one family.
     */
    TASK_FAMILY,
    /**
     * IAM is global: role names are unique within the account, whatever the region, and not distinguished by case
     * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html, RoleName); CreateRole fails with
     * EntityAlreadyExists.
     */
    IAM_ROLE,
    /**
     * Instance profile names are unique within the account, like roles
     * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html, InstanceProfileName).
     */
    IAM_INSTANCE_PROFILE;

    /**
     * How AWS and Terraform name such a resource.
     *
     * @param label what AWS calls it: {@code ECS cluster}
     * @param terraformType the Terraform resource type the stack creates it with: {@code aws_ecs_cluster}
     * @param attribute the resource's attribute in the Terraform state that holds the name: {@code name} or
     *     {@code family}
     * @param global unique per account (IAM) rather than per account and region
     */
    public record Resource(String label, String terraformType, String attribute, boolean global) {}

    /** Its label, Terraform type, name attribute and scope. */
    public Resource resource() {
      return switch (this) {
        case ECS_CLUSTER -> new Resource("ECS cluster", "aws_ecs_cluster", "name", false);
        case CLOUD_MAP_NAMESPACE ->
            new Resource("Cloud Map namespace", "aws_service_discovery_http_namespace", "name", false);
        case LOG_GROUP -> new Resource("CloudWatch log group", "aws_cloudwatch_log_group", "name", false);
        case TASK_FAMILY -> new Resource("ECS task definition family", "aws_ecs_task_definition", "family", false);
        case IAM_ROLE -> new Resource("IAM role", "aws_iam_role", "name", true);
        case IAM_INSTANCE_PROFILE -> new Resource("IAM instance profile", "aws_iam_instance_profile", "name", true);
      };
    }
  }

  /**
   * One name the stack gives.
   *
   * @param field the config path that sets it ({@code cluster.name}; {@code environment} for names derived from it)
   * @param fix what to set instead: a name scoped to the environment
   */
  public record ScopedName(Kind kind, String name, String field, String fix) {}

  /**
   * Every name {@code config}'s service stack gives that AWS keeps unique per account (and region), in the order of
   * the config file; each once.
   */
  public static List<ScopedName> of(EnvironmentConfig config) {
    Naming naming = new Naming(config.environment(), config.tags());
    String env = config.environment();
    Set<ScopedName> names = new LinkedHashSet<>();
    String renameEnvironment = "use an environment name no other environment in this account uses";
    // an existing cluster or namespace (cluster.existing, cluster.namespaceArn) is read, not created: not listed
    if (config.cluster().existing().isEmpty()) {
      names.add(new ScopedName(Kind.ECS_CLUSTER, config.cluster().name(), "cluster.name",
          "set it to a name of this environment's own, e.g. '" + naming.prefix() + "'"));
    }
    if (config.cluster().namespaceArn().isEmpty()) {
      names.add(new ScopedName(Kind.CLOUD_MAP_NAMESPACE, config.cluster().namespace(), "cluster.namespace",
          "set it to a name of this environment's own, e.g. '" + env + ".internal'"));
    }
    names.add(new ScopedName(Kind.LOG_GROUP, config.logs().group(), "logs.group",
        "set it to a name of this environment's own, e.g. '" + naming.prefix() + "'"));
    List<Service> services = config.services();
    if (services.stream().anyMatch(s -> !s.ownTask())) {
      family(names, naming, config.task().family(), "task.family");
    }
    for (int i = 0; i < services.size(); i++) {
      Service s = services.get(i);
      if (s.ownTask()) {
        family(names, naming, s.task().family(), "services[" + i + "].task.family");
      }
    }
    if (config.bastion().enabled()) {
      names.add(new ScopedName(Kind.IAM_ROLE, naming.bastionResourceName(), "environment", renameEnvironment));
      names.add(new ScopedName(Kind.IAM_INSTANCE_PROFILE, naming.bastionResourceName(), "environment",
          renameEnvironment));
    }
    if (config.security().vpcFlowLogs()) {
      names.add(new ScopedName(Kind.LOG_GROUP, naming.flowLogsName(), "environment", renameEnvironment));
      names.add(new ScopedName(Kind.IAM_ROLE, naming.flowLogsName(), "environment", renameEnvironment));
    }
    return List.copyOf(names);
  }

  /** A task definition family and its two roles ({@code <prefix>-<family>-execution}, {@code -task}). */
  private static void family(Set<ScopedName> names, Naming naming, String family, String field) {
    names.add(new ScopedName(Kind.TASK_FAMILY, family, field,
        "set it to a name of this environment's own, e.g. '" + naming.environment() + "-" + family + "'"));
    String fix = "use an environment name no other environment in this account uses";
    names.add(new ScopedName(Kind.IAM_ROLE, naming.executionRoleName(family), "environment", fix));
    names.add(new ScopedName(Kind.IAM_ROLE, naming.taskRoleName(family), "environment", fix));
  }

  /**
   * The names of {@code config} that are the walkthrough's (the schema's default for their field) while the
   * environment is not the walkthrough's ({@value #WALKTHROUGH_ENVIRONMENT}): a copy of config/local.yaml renamed
   * to a second environment, which collides with the first in one account. Names the user chose are left alone:
   * deploy's ownership check guards them.
   */
  public static List<ScopedName> walkthroughNames(EnvironmentConfig config) {
    if (config.environment().equals(WALKTHROUGH_ENVIRONMENT)) {
      return List.of();
    }
    List<ScopedName> out = new ArrayList<>();
    for (ScopedName n : of(config)) {
      if (schemaDefault(n.field()).filter(n.name()::equals).isPresent()) {
        out.add(n);
      }
    }
    return out;
  }

  /** The schema's default of a top-level section's field ({@code cluster.name}), if it has one. */
  private static Optional<String> schemaDefault(String field) {
    String[] path = field.split("\\.");
    if (path.length != 2) {
      return Optional.empty();
    }
    return ConfigSchema.keyword(ConfigSchema.facetsAt(List.of(path[0], path[1])), "default")
        .filter(d -> d.isTextual()).map(d -> d.asText());
  }
}
