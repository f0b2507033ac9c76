package dev.svcconnect.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.config.EnvironmentConfig.Bastion;
import dev.svcconnect.config.EnvironmentConfig.Cluster;
import dev.svcconnect.config.EnvironmentConfig.ExistingNetwork;
import dev.svcconnect.config.EnvironmentConfig.LoadBalancer;
import dev.svcconnect.config.EnvironmentConfig.Logs;
import dev.svcconnect.config.EnvironmentConfig.Network;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.State;
import dev.svcconnect.config.EnvironmentConfig.Target;
import dev.svcconnect.config.EnvironmentConfig.TargetKind;
import dev.svcconnect.config.EnvironmentConfig.Task;
import dev.svcconnect.config.EnvironmentConfig.VpcEndpoint;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses an environment file into an {@link EnvironmentConfig}. In order, each step stopping at its problems: the
 * file itself (size, UTF-8), YAML 1.2 ({@link YamlTree}), the schema (every violation at once, {@link ConfigSchema},
 * whose defaults are then filled in), and the rules that relate fields to each other (here and in the rule classes
 * of this package). Nothing downstream runs unless this succeeds.
 */
public final class ConfigLoader {
  /** Larger files are refused before parsing: an environment file is a few kilobytes. */
  static final long MAX_BYTES = 1024 * 1024;

  private ConfigLoader() {}

  /**
   * Loads and validates {@code file}.
   *
   * @return the validated config, every default applied
   * @throws ConfigException listing every broken rule as {@code file: field: rule}
   */
  public static EnvironmentConfig load(Path file) {
    ConfigSchema.prepare();
    String name = file.toString();
    Problems problems = new Problems(name);
    String text;
    try {
      // a device or FIFO has no size to refuse it by: /dev/zero would be read forever, a FIFO would block
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw problems.whole("is not a regular file (a directory, device, FIFO or socket); an environment file is"
            + " a regular YAML file");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw problems.whole("file is " + size + " bytes; an environment file may be at most " + MAX_BYTES + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw problems.whole("no such file");
    } catch (CharacterCodingException e) {
      throw problems.whole("is not UTF-8 text; an environment file is YAML in UTF-8");
    } catch (IOException e) {
      throw problems.whole("cannot be read: " + e.getMessage());
    }
    return parse(file, text);
  }

  /**
   * Validates YAML text as if it had been read from {@code file}.
   *
   * @return the validated config, every default applied
   * @throws ConfigException listing every broken rule as {@code file: field: rule}
   */
  public static EnvironmentConfig parse(Path file, String text) {
    ConfigSchema.prepare();
    Problems problems = new Problems(file.toString());
    YamlTree.Result yaml = YamlTree.parse(text, problems).orElseThrow(() -> new ConfigException(problems.lines()));
    JsonNode written = yaml.root();
    if (written == null) {
      throw problems.whole("file is empty; expected a mapping with at least 'environment' and 'state.bucket'");
    }
    if (!written.isObject()) {
      throw problems.whole("top level must be a mapping, got " + Display.describe(written));
    }
    JsonNode filled = ConfigSchema.withDefaults(written);
    ConfigSchema.validate(filled).forEach(v -> problems.add(v.path(), v.rule()));
    problems.throwIfAny();
    EnvironmentConfig config = new Reader(Section.root(problems, filled, written)).read(file);
    problems.throwIfAny();
    return config;
  }

  /** Reads the validated tree into records and checks the rules between fields, section by section. */
  private static final class Reader {
    private final Section root;

    Reader(Section root) {
      this.root = root;
    }

    EnvironmentConfig read(Path file) {
      String environment = root.text("environment");
      Target target = target(root.section("target"));
      State state = state(root.section("state"), target);
      Network network = network(root.section("network"));
      Cluster cluster = cluster(root.section("cluster"), target);
      ownedElsewhere(root.section("security"), network, cluster);
      Logs logs = root.section("logs").bind(Logs.class);
      Task task = ServiceRules.task(root.section("task"), Optional.empty(), target.region());
      Section bastionFields = root.section("bastion");
      Map<String, LoadBalancer> loadBalancers = LoadBalancerRules.loadBalancers(root, network, environment,
          target.region());
      ServiceRules serviceRules = new ServiceRules(cluster, target.region(), loadBalancers);
      List<Service> services = serviceRules.services(root, task);
      LoadBalancerRules.check(root, loadBalancers, services, serviceRules.items());
      Bastion bastion = bastion(bastionFields, services);
      serviceRules.checkReferences(services, bastionFields, bastion);
      Map<String, String> tags = root.textMap("tags");
      SecurityConfig security = SecurityConfigReader.read(root.section("security"), root.section("policy"));
      serviceRules.checkOptions(services, security, tags);
      EnvironmentConfig config = new EnvironmentConfig(file, environment, target, state, network, cluster, logs, task,
          services, bastion, tags, security, loadBalancers);
      DerivedNameRules.check(config, root, serviceRules.items());
      return config;
    }

    private Target target(Section f) {
      Target target = f.bind(Target.class);
      if (target.accountId().isPresent() && target.kind() == TargetKind.LOCAL) {
        f.error("accountId", "only applies to target kind aws; the local emulator has no real account");
      }
      return target;
    }

    /** The bucket's region defaults to the target's. */
    private State state(Section f, Target target) {
      return f.bind(State.class, Map.of("region", f.optionalText("region").orElse(target.region())));
    }

    /**
     * An existing cluster's name is the last part of its ARN (or the name written); an existing namespace must be
     * in the target's region. The cluster's own name may not be written beside cluster.existing, which names it.
     */
    private Cluster cluster(Section f, Target target) {
      Optional<String> existing = f.optionalText("existing");
      Optional<String> namespaceArn = f.optionalText("namespaceArn");
      namespaceArn.ifPresent(arn -> ServiceRules.checkNamespaceRegion(f, "namespaceArn", arn, target.region()));
      String name = f.text("name");
      if (existing.isPresent()) {
        String written = existing.get();
        name = written.substring(written.lastIndexOf('/') + 1);
        if (f.written("name")) {
          f.error("name", "cannot be set with cluster.existing, which names the cluster");
        }
        if (written.startsWith("arn:") && !written.split(":")[3].equals(target.region())) {
          f.error("existing", "the cluster is in " + written.split(":")[3] + ", the target in " + target.region()
              + "; a service runs in a cluster of its own Region");
        }
      }
      return f.bind(Cluster.class, Map.of("name", name));
    }

    /**
     * What an existing VPC's or cluster's owner decides, refused rather than ignored: the created network's shape,
     * NAT and VPC endpoints, flow logs (the VPC's), and Container Insights (a cluster setting).
     */
    private void ownedElsewhere(Section security, Network network, Cluster cluster) {
      if (network.existing().isPresent() && security.written("vpcFlowLogs") && security.bool("vpcFlowLogs")) {
        security.error("vpcFlowLogs", "cannot be set with network.existing: the VPC's flow logs are its owner's");
      }
      if (cluster.existing().isPresent() && security.written("containerInsights")) {
        security.error("containerInsights", "cannot be set with cluster.existing: Container Insights is a setting of"
            + " the existing cluster, its owner's");
      }
    }

    /**
     * An existing VPC: every subnet once, in one list only. That they are in the VPC and the private ones in
     * distinct availability zones (the created network's spread) is checked at plan time (network.Network), since
     * only AWS knows.
     */
    private Optional<ExistingNetwork> existing(Section parent) {
      if (!parent.has("existing")) {
        return Optional.empty();
      }
      for (String key : List.of("vpcCidr", "availabilityZones", "subnetPrefixLength", "natGateways",
          "vpcEndpoints")) {
        if (parent.written(key)) {
          parent.error(key, "cannot be set with network.existing: the existing VPC's "
              + (key.equals("natGateways") || key.equals("vpcEndpoints") ? "routing" : "shape") + " is its owner's");
        }
      }
      Section f = parent.section("existing");
      List<String> privateIds = f.texts("privateSubnetIds");
      List<String> publicIds = f.texts("publicSubnetIds");
      Map<String, String> seen = new HashMap<>();
      for (String key : List.of("privateSubnetIds", "publicSubnetIds")) {
        List<String> ids = key.equals("privateSubnetIds") ? privateIds : publicIds;
        for (int i = 0; i < ids.size(); i++) {
          String field = key + "[" + i + "]";
          String first = seen.putIfAbsent(ids.get(i), field);
          if (first != null) {
            f.error(field, Display.quote(ids.get(i)) + " is already listed as " + first);
          }
        }
      }
      return Optional.of(f.bind(ExistingNetwork.class));
    }

    /** The schema checked the CIDR's syntax and size; here: a network address, and room for the subnets. */
    private Network network(Section f) {
      Optional<ExistingNetwork> existing = existing(f);
      String cidr = f.text("vpcCidr");
      int azs = f.integer("availabilityZones");
      int subnetPrefix = f.integer("subnetPrefixLength");
      Cidr vpc = Cidr.parse(cidr).orElseThrow();
      if (!vpc.isNetworkAddress()) {
        f.error("vpcCidr", Display.quote(cidr) + " is not a network address (did you mean " + vpc.network() + "?)");
      } else if (subnetPrefix <= vpc.prefix()) {
        f.error("subnetPrefixLength", "/" + subnetPrefix + " must be longer than the VPC's /" + vpc.prefix());
      } else {
        long room = 1L << (subnetPrefix - vpc.prefix());
        if (2L * azs > room) {
          f.error("subnetPrefixLength", "2 x " + azs + " subnets of /" + subnetPrefix + " do not fit in " + cidr
              + " (room for " + room + ")");
        }
      }
      Set<VpcEndpoint> endpoints = EnumSet.noneOf(VpcEndpoint.class);
      List<String> services = f.texts("vpcEndpoints");
      for (int i = 0; i < services.size(); i++) {
        // the schema's enum admits only known services
        if (!endpoints.add(VpcEndpoint.of(services.get(i)).orElseThrow())) {
          f.error("vpcEndpoints[" + i + "]", Display.quote(services.get(i)) + " is listed twice");
        }
      }
      if (existing.isPresent()) {
        // availabilityZones counts the subnets given; the created network's other fields do not apply
        return f.bind(Network.class, Map.of("availabilityZones", existing.get().privateSubnetIds().size(),
            "vpcEndpoints", Set.of(), "existing", existing));
      }
      return f.bind(Network.class, Map.of("vpcEndpoints", endpoints, "existing", existing));
    }

    /**
     * The instance type must boot the AMI's architecture. Without a services list the bastion reaches what the
     * default services call, the walkthrough's topology (the schema's description of bastion.reaches says so).
     */
    private Bastion bastion(Section f, List<Service> services) {
      boolean enabled = f.bool("enabled");
      String type = f.text("instanceType");
      String ami = f.text("amiParameter");
      boolean graviton = GRAVITON_FAMILY.matcher(type.substring(0, type.indexOf('.'))).matches();
      if (ami.contains("arm64") && !graviton) {
        f.error("instanceType", Display.quote(type) + " cannot boot the arm64 AMI of amiParameter; use a Graviton"
            + " type such as t4g.medium");
      } else if (ami.contains("x86_64") && graviton) {
        f.error("instanceType", Display.quote(type) + " is a Graviton (arm64) type and cannot boot the x86_64 AMI of"
            + " amiParameter");
      }
      List<String> reaches = f.texts("reaches");
      if (!f.written("reaches") && !root.written("services") && enabled) {
        reaches = services.stream().flatMap(s -> s.calls().stream()).distinct().toList();
      }
      return f.bind(Bastion.class, Map.of("reaches", reaches));
    }
  }

  /** Graviton (arm64) instance families: a1, or a g after the generation digit (t4g, m7g, c7gn). */
  private static final Pattern GRAVITON_FAMILY = Pattern.compile("a1|[a-z]+[0-9]+[a-z]*g[a-z]*");
}
