package dev.svcconnect.prerequisite;

import com.hashicorp.cdktf.TerraformResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a workload (an ECS service's tasks, the bastion, the flow log) needs in place before it starts, because it
 * uses it at run time and Terraform cannot see that from the references alone: nothing in an ECS service refers to
 * the route that takes its subnets to the NAT gateway, or to the policy attached to its execution role. Without the
 * edge, Terraform creates them in parallel, and on a first apply tasks can start before they can pull their image
 * or write their logs (docs/first-apply.md).
 *
 * <p>The constructs that own such resources expose them as a value of this type: {@code Network} the routing of
 * its private subnets, the role owners their roles' policies, the security-group owners their egress rule. The stack
 * combines them per workload and calls {@link #requiredBy} once per workload; nothing else writes these edges.
 *
 * <p>In an existing VPC (network.existing) the routing is the network owner's and already in place, or not, before
 * the stack runs: {@code Network} then exposes no routing prerequisites, and the config warnings
 * (topology.ConfigWarnings) name what each workload must reach instead of assuming it.
 */
public final class RuntimePrerequisites {
  private static final RuntimePrerequisites NONE = new RuntimePrerequisites(List.of());

  /**
   * One prerequisite and its address, read on first use and shared by every value that contains it: each read is a
   * jsii round trip, and the network's routing is a prerequisite of every service.
   */
  private static final class Entry {
    private final TerraformResource resource;
    private String address;

    private Entry(TerraformResource resource) {
      this.resource = resource;
    }

    /**
     * {@code type.name}, as depends_on lists it. Not {@code getFqn()}: that is an interpolation, {@code ${type.name}},
     * which CDKTF unwraps only for what its own dependsOn builders add (through a function jsii does not export).
     */
    private String address() {
      if (address == null) {
        address = resource.getTerraformResourceType() + "." + resource.getFriendlyUniqueId();
      }
      return address;
    }
  }

  private final List<Entry> entries;

  private RuntimePrerequisites(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static RuntimePrerequisites none() {
    return NONE;
  }

  /** The given resources, in order. */
  public static RuntimePrerequisites of(List<? extends TerraformResource> resources) {
    return new RuntimePrerequisites(resources.stream().map(Entry::new).toList());
  }

  public static RuntimePrerequisites of(TerraformResource... resources) {
    return of(List.of(resources));
  }

  /** These and {@code others}, each resource once, in first-seen order. */
  public RuntimePrerequisites and(RuntimePrerequisites... others) {
    Map<TerraformResource, Entry> all = new LinkedHashMap<>();
    entries.forEach(e -> all.putIfAbsent(e.resource, e));
    for (RuntimePrerequisites o : others) {
      o.entries.forEach(e -> all.putIfAbsent(e.resource, e));
    }
    return new RuntimePrerequisites(new ArrayList<>(all.values()));
  }

  /** The resources, in order. */
  public List<TerraformResource> resources() {
    return entries.stream().map(e -> e.resource).toList();
  }

  /**
   * Makes {@code workload} depend on every prerequisite, after whatever it already depends on (its deploy order
   * from the topology): Terraform then creates and updates them first, and destroys the workload first.
   */
  public void requiredBy(TerraformResource workload) {
    if (entries.isEmpty()) {
      return;
    }
    Set<String> dependsOn = new LinkedHashSet<>();
    List<String> current = workload.getDependsOn();
    if (current != null) {
      dependsOn.addAll(current);
    }
    entries.forEach(e -> dependsOn.add(e.address()));
    workload.setDependsOn(new ArrayList<>(dependsOn));
  }
}
