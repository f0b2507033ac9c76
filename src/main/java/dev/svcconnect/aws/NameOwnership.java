package dev.svcconnect.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.config.AccountScopedNames.Kind;
import dev.svcconnect.config.AccountScopedNames.ScopedName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.servicediscovery.model.FilterCondition;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceFilter;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceFilterName;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;

/**
 * Before deploy applies anything: does the target account already hold a resource under a name the stack would
 * create ({@link dev.svcconnect.config.AccountScopedNames}) that this environment's state does not own? Such a name
 * belongs to another environment, or was made outside Terraform, and the apply would fail half-way through (a log
 * group, a namespace, a role) or silently share it (a cluster, a task definition family).
 *
 * <p>A name the state holds is owned and costs no call; every other name costs one read call (one page of a list
 * filtered by the name, or one Get).
 */
public final class NameOwnership {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NameOwnership() {}

  /** What the account and the state say about one name. */
  public enum Status {
    /** Nothing of that name exists: the apply creates it. */
    ABSENT,
    /** This state holds it: the apply manages it. */
    OWNED,
    /** It exists and this state does not hold it. */
    FOREIGN
  }

  /** One name's status. */
  public record Verdict(ScopedName name, Status status) {
    /**
     * The one line that refuses a {@link Status#FOREIGN} name: {@code <file>: <field>: <kind> '<name>' already exists
     * in <where> ...; <fix>}.
     *
     * @param file the environment file, as the command line names it
     * @param where the target, as its banner names it, with the state object
     */
    public String line(String file, String where) {
      ScopedName n = name;
      return file + ": " + n.field() + ": " + n.kind().resource().label() + " '" + n.name() + "' already exists in " + where
          + ", and this environment's state does not own it (another environment's, or made outside Terraform); "
          + n.fix() + ", or import it into this state if this environment should manage it";
    }
  }

  /**
   * The names of each kind that a state holds: the {@link Kind#attribute()} of every managed resource of the kind's
   * Terraform type.
   *
   * @param stateJson what {@code terraform state pull} prints; blank (no state written yet) owns nothing
   * @throws UncheckedIOException when it is not JSON
   */
  public static Map<Kind, Set<String>> owned(String stateJson) {
    Map<Kind, Set<String>> owned = new EnumMap<>(Kind.class);
    if (stateJson.isBlank()) {
      return owned;
    }
    JsonNode state;
    try {
      state = JSON.readTree(stateJson);
    } catch (IOException e) {
      throw new UncheckedIOException("terraform state pull printed no JSON", e);
    }
    for (JsonNode r : state.path("resources")) {
      if (!r.path("mode").asText().equals("managed")) {
        continue;
      }
      for (Kind kind : Kind.values()) {
        if (kind.resource().terraformType().equals(r.path("type").asText())) {
          for (JsonNode instance : r.path("instances")) {
            JsonNode value = instance.path("attributes").path(kind.resource().attribute());
            if (value.isTextual()) {
              owned.computeIfAbsent(kind, k -> new HashSet<>()).add(value.asText());
            }
          }
        }
      }
    }
    return owned;
  }

  /**
   * The status of each of {@code names}: {@link Status#OWNED} when {@code owned} holds it (no call), else whether
   * {@code exists} finds it in the account.
   *
   * @param exists asks the account; called only for names the state does not hold
   * @return one verdict per name, in order
   */
  public static List<Verdict> check(List<ScopedName> names, Map<Kind, Set<String>> owned,
      Predicate<ScopedName> exists) {
    List<Verdict> verdicts = new ArrayList<>();
    for (ScopedName n : names) {
      boolean holds = owned.getOrDefault(n.kind(), Set.of()).contains(n.name());
      verdicts.add(new Verdict(n, holds ? Status.OWNED : exists.test(n) ? Status.FOREIGN : Status.ABSENT));
    }
    return verdicts;
  }

  /**
   * Whether the account (and for regional kinds the region) of {@code aws} holds a resource named {@code name}: one
   * read call.
   *
   * @throws software.amazon.awssdk.core.exception.SdkException when AWS cannot be asked (credentials, network,
   *     permissions)
   */
  public static boolean exists(SdkClients aws, ScopedName name) {
    String n = name.name();
    return switch (name.kind()) {
      // a deleted cluster stays listed for a while as INACTIVE; a new one of that name can be created
      case ECS_CLUSTER -> aws.ecs().describeClusters(b -> b.clusters(n)).clusters().stream()
          .anyMatch(c -> n.equals(c.clusterName()) && !"INACTIVE".equals(c.status()));
      case CLOUD_MAP_NAMESPACE -> aws.serviceDiscovery().listNamespaces(b -> b.filters(NamespaceFilter.builder()
              .name(NamespaceFilterName.HTTP_NAME).condition(FilterCondition.EQ).values(n).build()))
          .namespaces().stream().anyMatch(s -> n.equals(httpName(s)));
      // the pages are fetched lazily: one call unless the name prefixes a page's worth of others
      case LOG_GROUP -> aws.logs().describeLogGroupsPaginator(b -> b.logGroupNamePrefix(n)).logGroups().stream()
          .anyMatch(g -> n.equals(g.logGroupName()));
      // ACTIVE only: a destroyed environment leaves its family INACTIVE for good, and nobody deploys from it any more
      case TASK_FAMILY -> aws.ecs().listTaskDefinitionFamiliesPaginator(b -> b.familyPrefix(n)
          .status(TaskDefinitionFamilyStatus.ACTIVE)).families().stream().anyMatch(n::equals);
      case IAM_ROLE -> iamHas(() -> aws.iam().getRole(b -> b.roleName(n)));
      case IAM_INSTANCE_PROFILE -> iamHas(() -> aws.iam().getInstanceProfile(b -> b.instanceProfileName(n)));
    };
  }

  /** Whether the IAM Get call {@code get} finds its entity: IAM answers NoSuchEntity when there is none. */
  private static boolean iamHas(Runnable get) {
    try {
      get.run();
      return true;
    } catch (NoSuchEntityException e) {
      return false;
    }
  }

  /** The name DiscoverInstances knows a namespace by (its HTTP name), else its name. */
  private static String httpName(NamespaceSummary s) {
    if (s.properties() != null && s.properties().httpProperties() != null
        && s.properties().httpProperties().httpName() != null) {
      return s.properties().httpProperties().httpName();
    }
    return s.name();
  }
}
