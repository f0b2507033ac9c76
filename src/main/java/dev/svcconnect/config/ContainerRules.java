package dev.svcconnect.config;

import dev.svcconnect.config.EnvironmentConfig.Container;
import dev.svcconnect.config.EnvironmentConfig.EcrImage;
import dev.svcconnect.config.EnvironmentConfig.Dependency;
import dev.svcconnect.config.EnvironmentConfig.HealthCheck;
import dev.svcconnect.config.EnvironmentConfig.MountPoint;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.config.EnvironmentConfig.Secret;
import dev.svcconnect.config.EnvironmentConfig.Ulimit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The containers of a task definition: the single-container shorthand ({@code containerName}, {@code image} or
 * {@code ecr}, {@code portMappings}, {@code healthCheck}, {@code readinessGate}, {@code containerCpu},
 * {@code containerMemoryMiB}) or the {@code containers:} list, read into the same {@link Container} records, and the
 * rules between them (one home: the shorthand and a listed container go through the same checks). Types, ranges and
 * patterns are the schema's; the rules here follow ECS's container definition
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html).
 */
final class ContainerRules {
  /** The shorthand fields, which {@code containers:} replaces. */
  static final List<String> SHORTHAND = List.of("containerName", "image", "ecr", "portMappings", "healthCheck",
      "readinessGate", "containerCpu", "containerMemoryMiB");
  /**
   * The most open files (nofile) a Fargate task may set, soft and hard
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-resource-limits).
   */
  static final int FARGATE_NOFILE_MAX = 1048576;

  private ContainerRules() {}

  /**
   * The task's containers, from {@code containers:} when written, else from the shorthand fields; {@code volumes}
   * are the task's (see {@link #volumes}), which the containers' mount points name; {@code region} is
   * target.region, whose partition the containers' secret ARNs must be in.
   */
  static List<Container> containers(Section task, int taskCpu, int taskMemoryMiB, String region,
      List<String> volumes) {
    List<Container> containers = containers(task, taskCpu, taskMemoryMiB, region, Set.copyOf(volumes));
    Set<String> mounted = new HashSet<>();
    containers.forEach(c -> c.mountPoints().forEach(m -> mounted.add(m.volume())));
    for (int i = 0; i < volumes.size(); i++) {
      if (!mounted.contains(volumes.get(i))) {
        task.error("volumes[" + i + "]", "volume " + Display.quote(volumes.get(i)) + " is mounted by no container;"
            + " mount it under a container's mountPoints or remove it");
      }
    }
    return containers;
  }

  /**
   * {@code volumes}: the names of the task's bind-mount volumes, each once
   * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Volume.html).
   */
  static List<String> volumes(Section task) {
    List<String> volumes = task.texts("volumes");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < volumes.size(); i++) {
      if (!seen.add(volumes.get(i))) {
        task.error("volumes[" + i + "]", "volume " + Display.quote(volumes.get(i)) + " is listed twice");
      }
    }
    return volumes;
  }

  private static List<Container> containers(Section task, int taskCpu, int taskMemoryMiB, String region,
      Set<String> volumes) {
    if (!task.written("containers")) {
      return shorthand(task, taskCpu, taskMemoryMiB);
    }
    SHORTHAND.stream().filter(task::written).forEach(key -> task.error(key, key.equals("readinessGate")
        ? "is the single-container shorthand; with containers, list the gate as a container with dependsOn:"
            + " [{containerName: <app>, condition: HEALTHY}]"
        : "is the single-container shorthand; with containers, set it on the container"));
    Set<String> portNames = new HashSet<>();
    Set<Integer> containerPorts = new HashSet<>();
    Map<String, String> names = new HashMap<>();
    List<Section> items = task.sections("containers");
    List<Container> containers = new ArrayList<>();
    for (Section c : items) {
      String name = c.text("name");
      if (names.putIfAbsent(name, c.path()) != null) {
        c.error("name", "container name " + Display.quote(name) + " is already used by " + names.get(name));
      }
      containers.add(container(c, portNames, containerPorts, region, volumes));
    }
    if (containers.stream().noneMatch(Container::essential)) {
      task.error("containers", "needs at least one essential container; ECS requires one in every task");
    }
    checkDependencies(items, containers);
    checkReservations(task, containers, taskCpu, taskMemoryMiB);
    checkCreatedSecrets(items, containers);
    return containers;
  }

  /**
   * The stack creates one secret per task family and variable name ({@code Naming.createdSecretName}): two
   * containers of a task may not both create one under the same name.
   */
  private static void checkCreatedSecrets(List<Section> items, List<Container> containers) {
    Map<String, String> creators = new HashMap<>();
    for (int i = 0; i < containers.size(); i++) {
      for (Secret s : containers.get(i).inputs().secrets()) {
        String other = s.store().created() ? creators.putIfAbsent(s.name(), containers.get(i).name()) : null;
        if (other != null) {
          items.get(i).section("secrets").error(s.name(), "container " + Display.quote(other) + " of the task"
              + " also has this variable; the stack creates one secret per task family and variable name");
        }
      }
    }
  }

  /** The app container of the shorthand, and its readiness gate when enabled. */
  private static List<Container> shorthand(Section f, int taskCpu, int taskMemoryMiB) {
    String name = f.text("containerName");
    List<PortMapping> ports = new ArrayList<>();
    Set<String> portNames = new HashSet<>();
    Set<Integer> containerPorts = new HashSet<>();
    for (Section p : f.sections("portMappings")) {
      ports.add(portMapping(p, portNames, containerPorts));
    }
    Optional<HealthCheck> healthCheck = f.optionalSection("healthCheck").map(TaskOptionRules::healthCheck);
    Optional<Container> gate = f.optionalSection("readinessGate")
        .flatMap(g -> TaskOptionRules.readinessGate(g, name, healthCheck));
    checkImageSource(f);
    Optional<EcrImage> ecr = f.optionalSection("ecr").map(e -> e.bind(EcrImage.class));
    Container app = Container.app(name, ecr.isPresent() ? "" : f.text("image"), ports, healthCheck,
        TaskOptionRules.containerCpu(f, taskCpu), TaskOptionRules.containerMemoryMiB(f, taskMemoryMiB), ecr);
    List<Container> containers = new ArrayList<>(List.of(app));
    gate.ifPresent(containers::add);
    return containers;
  }

  /**
   * A container of {@code containers:}: its plain fields bound by name ({@link Section#bind}), the rest computed
   * here. The checks run in the order their problems are reported: ports, reservations, health check, image,
   * ulimits, inputs, mount points.
   */
  private static Container container(Section c, Set<String> portNames, Set<Integer> containerPorts, String region,
      Set<String> volumes) {
    List<PortMapping> ports = new ArrayList<>();
    for (Section p : c.sections("portMappings")) {
      ports.add(portMapping(p, portNames, containerPorts));
    }
    Optional<Integer> memory = c.optionalInteger("memoryMiB");
    Optional<Integer> reservation = c.optionalInteger("memoryReservationMiB");
    if (memory.isPresent() && reservation.isPresent() && reservation.get() >= memory.get()) {
      c.error("memoryReservationMiB", reservation.get() + " MiB must be below memoryMiB (" + memory.get()
          + "): ECS takes memory as the hard limit above the reservation");
    }
    Optional<HealthCheck> healthCheck = c.optionalSection("healthCheck").map(TaskOptionRules::healthCheck);
    checkImageSource(c);
    List<Ulimit> ulimits = ulimits(c);
    Container container = c.bind(Container.class, Map.of(
        "image", c.optionalText("image").orElse(""),
        "portMappings", ports,
        "healthCheck", healthCheck,
        "ulimits", ulimits,
        "logStreamPrefix", c.section("logs").optionalText("streamPrefix").orElse(c.text("name")),
        "inputs", ContainerInputRules.inputs(c, region)));
    checkMountPoints(c, container.mountPoints(), volumes);
    return container;
  }

  /**
   * A container names its image exactly once, by {@code image} or by {@code ecr} (a tag in the stack's ECR
   * repository). {@code c} is a container of {@code containers:} or the task itself (the shorthand), whose
   * {@code image} has the schema's default: only a written one counts.
   */
  private static void checkImageSource(Section c) {
    boolean ecr = c.has("ecr");
    if (c.written("image") && ecr) {
      c.error("ecr", "is an alternative to image; set one of them");
    } else if (!c.has("image") && !ecr) {
      c.error("image", "is required unless ecr names a tag in the stack's repository");
    }
    // ECS pulls a private ECR image with the execution role; repositoryCredentials are for other private
    // registries (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html).
    if (ecr && c.has("repositoryCredentials")) {
      c.error("repositoryCredentials", "is for an image in another private registry; a container with ecr pulls from"
          + " the stack's repository with the execution role");
    }
  }

  /**
   * Each mount point names a volume of the task, and each path is mounted once in the container (ECS mounts one
   * volume per container path; https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MountPoint.html).
   */
  private static void checkMountPoints(Section c, List<MountPoint> mounts, Set<String> volumes) {
    List<Section> items = c.sections("mountPoints");
    Map<String, String> paths = new HashMap<>();
    for (int i = 0; i < mounts.size(); i++) {
      MountPoint mount = mounts.get(i);
      Section m = items.get(i);
      if (!volumes.contains(mount.volume())) {
        m.error("volume", "the task has no volume " + Display.quote(mount.volume()) + " (task.volumes: "
            + (volumes.isEmpty() ? "none" : String.join(", ", volumes.stream().sorted().toList())) + ")");
      }
      // "/data" and "/data/" are the same directory
      String path = mount.path().length() > 1 ? mount.path().replaceAll("/+$", "") : mount.path();
      if (paths.putIfAbsent(path, m.path()) != null) {
        m.error("path", Display.quote(mount.path()) + " is already a mount point of the container ("
            + paths.get(path) + ")");
      }
    }
  }

  /**
   * A port mapping; {@code names} and {@code containerPorts} collect the task's so far: the task's containers share
   * one network namespace (awsvpc), and Service Connect finds a port by its name among all of them.
   */
  static PortMapping portMapping(Section p, Set<String> names, Set<Integer> containerPorts) {
    Optional<String> name = p.optionalText("name");
    name.filter(n -> !names.add(n)).ifPresent(n -> p.error("name", "port mapping name " + Display.quote(n)
        + " is used twice in the task definition"));
    int port = p.integer("containerPort");
    if (!containerPorts.add(port)) {
      p.error("containerPort", port + " is mapped twice in the task definition");
    }
    Optional<String> protocol = p.optionalText("appProtocol");
    if (protocol.isPresent() && name.isEmpty()) {
      p.error("appProtocol", "needs a name: ECS only accepts an application protocol on a named port mapping");
    }
    // A named port speaks HTTP unless told otherwise, as in the walkthrough; an unnamed one is plain TCP.
    return p.bind(PortMapping.class, Map.of("appProtocol", protocol.orElse(name.isPresent() ? "http" : "tcp")));
  }

  /** Each limit once; the soft limit at most the hard one; nofile within Fargate's maximum. */
  private static List<Ulimit> ulimits(Section c) {
    List<Ulimit> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Section u : c.sections("ulimits")) {
      Ulimit limit = u.bind(Ulimit.class);
      if (!seen.add(limit.name())) {
        u.error("name", "ulimit " + limit.name() + " is set twice on the container");
      }
      if (limit.softLimit() > limit.hardLimit()) {
        u.error("softLimit", limit.softLimit() + " exceeds hardLimit " + limit.hardLimit());
      }
      if (limit.name().equals("nofile") && limit.hardLimit() > FARGATE_NOFILE_MAX) {
        u.error("hardLimit", limit.hardLimit() + " open files exceed Fargate's maximum of " + FARGATE_NOFILE_MAX);
      }
      out.add(limit);
    }
    return out;
  }

  /**
   * Each dependency names another container of the task, once; HEALTHY needs that container's health check;
   * COMPLETE and SUCCESS cannot be set on an essential container; and the dependencies form no cycle (ECS could
   * start none of the containers on it). Conditions: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
   */
  private static void checkDependencies(List<Section> items, List<Container> containers) {
    Map<String, Container> byName = new LinkedHashMap<>();
    containers.forEach(c -> byName.putIfAbsent(c.name(), c));
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      Set<String> seen = new HashSet<>();
      for (int j = 0; j < c.dependsOn().size(); j++) {
        Dependency d = c.dependsOn().get(j);
        String field = "dependsOn[" + j + "].containerName";
        Container target = byName.get(d.containerName());
        if (d.containerName().equals(c.name())) {
          items.get(i).error(field, "a container cannot depend on itself");
        } else if (target == null) {
          items.get(i).error(field, "no container of the task is named " + Display.quote(d.containerName())
              + " (containers: " + String.join(", ", byName.keySet()) + ")");
        } else if (!seen.add(d.containerName())) {
          items.get(i).error(field, Display.quote(d.containerName()) + " is listed twice");
        } else if (d.condition().equals("HEALTHY") && target.healthCheck().isEmpty()) {
          items.get(i).error("dependsOn[" + j + "].condition", "HEALTHY needs a healthCheck on container "
              + Display.quote(d.containerName()));
        } else if ((d.condition().equals("COMPLETE") || d.condition().equals("SUCCESS")) && target.essential()) {
          items.get(i).error("dependsOn[" + j + "].condition", d.condition() + " cannot be set on essential"
              + " container " + Display.quote(d.containerName()) + ": it must not exit while the task runs");
        }
      }
    }
    cycle(byName).ifPresent(path -> items.get(containers.indexOf(byName.get(path.get(0)))).error("dependsOn",
        "the containers' dependencies form a cycle: " + String.join(" -> ", path)));
  }

  /** The first dependency cycle, as container names from its start back to it; empty when there is none. */
  private static Optional<List<String>> cycle(Map<String, Container> byName) {
    Map<String, Integer> state = new HashMap<>(); // 1: on the current path, 2: done
    for (String start : byName.keySet()) {
      List<String> path = new ArrayList<>();
      Optional<List<String>> found = visit(start, byName, state, path);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> visit(String name, Map<String, Container> byName, Map<String, Integer> state,
      List<String> path) {
    Integer s = state.get(name);
    if (s != null && s == 2) {
      return Optional.empty();
    }
    if (s != null) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      cycle.add(name);
      return Optional.of(cycle);
    }
    state.put(name, 1);
    path.add(name);
    for (Dependency d : byName.get(name).dependsOn()) {
      if (byName.containsKey(d.containerName()) && !d.containerName().equals(name)) {
        Optional<List<String>> found = visit(d.containerName(), byName, state, path);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    path.remove(path.size() - 1);
    state.put(name, 2);
    return Optional.empty();
  }

  /**
   * The containers' CPU and memory reservations, with the Service Connect proxy's recommended headroom
   * ({@link TaskOptionRules#PROXY_CPU}, {@link TaskOptionRules#PROXY_MEMORY_MIB}), must fit in the task. A
   * container's memory counts as its hard limit, or its reservation when it has no limit.
   */
  private static void checkReservations(Section task, List<Container> containers, int taskCpu, int taskMemoryMiB) {
    int cpu = containers.stream().mapToInt(c -> c.cpu().orElse(0)).sum();
    if (cpu > 0 && cpu + TaskOptionRules.PROXY_CPU > taskCpu) {
      task.error("containers", "the containers' cpu (" + cpu + " units) plus the Service Connect proxy's "
          + TaskOptionRules.PROXY_CPU + " exceed the task's cpu " + taskCpu);
    }
    int memory = containers.stream().mapToInt(c -> c.memoryMiB().or(c::memoryReservationMiB).orElse(0)).sum();
    if (memory > 0 && memory + TaskOptionRules.PROXY_MEMORY_MIB > taskMemoryMiB) {
      task.error("containers", "the containers' memory (" + memory + " MiB) plus the Service Connect proxy's "
          + TaskOptionRules.PROXY_MEMORY_MIB + " MiB exceed the task's memoryMiB " + taskMemoryMiB);
    }
  }
}
