package dev.svcconnect.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.svcconnect.config.EnvironmentConfig.Bastion;
import dev.svcconnect.config.EnvironmentConfig.Cluster;
import dev.svcconnect.config.EnvironmentConfig.Logs;
import dev.svcconnect.config.EnvironmentConfig.NatGateways;
import dev.svcconnect.config.EnvironmentConfig.Network;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.ServiceConnect;
import dev.svcconnect.config.EnvironmentConfig.State;
import dev.svcconnect.config.EnvironmentConfig.Target;
import dev.svcconnect.config.EnvironmentConfig.TargetKind;
import dev.svcconnect.config.EnvironmentConfig.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses an environment file into an {@link EnvironmentConfig}, applying every default and every rule in one pass.
 * All problems are reported together; nothing downstream runs unless this succeeds. The defaults reproduce the
 * reference walkthrough and are documented once, here and in the README's configuration reference.
 */
public final class ConfigLoader {
  /** Larger files are refused before parsing: an environment file is a few kilobytes. */
  static final long MAX_BYTES = 1024 * 1024;

  private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9-]{0,19}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]");
  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
  private static final Pattern ECS_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
  private static final Pattern SC_NAME = Pattern.compile("[a-z0-9_][a-z0-9_-]{0,63}");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("([a-z][a-z0-9-]*)\\.([a-z0-9]+)");
  private static final Pattern GRAVITON_FAMILY = Pattern.compile("a1|[a-z]+[0-9]+[a-z]*g[a-z]*");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IPV4 = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+");
  private static final List<Integer> RETENTION_DAYS =
      List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
          3653);
  /** ECS appProtocol values, plus "tcp" for a port without one (Service Connect then proxies plain TCP). */
  private static final List<String> APP_PROTOCOLS = List.of("http", "http2", "grpc", "tcp");
  private static final List<String> ARCHITECTURES = List.of("X86_64", "ARM64");

  private ConfigLoader() {}

  /** Loads and validates {@code file}; throws {@link ConfigException} listing every broken rule. */
  public static EnvironmentConfig load(Path file) {
    String name = file.toString();
    YamlFields.Problems problems = new YamlFields.Problems(name);
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        problems.addWhole("file is " + size + " bytes; an environment file may be at most " + MAX_BYTES + " bytes");
        throw new ConfigException(problems.lines());
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      problems.addWhole("no such file");
      throw new ConfigException(problems.lines());
    } catch (IOException e) {
      problems.addWhole("cannot be read: " + e.getMessage());
      throw new ConfigException(problems.lines());
    }
    return parse(file, text);
  }

  /** Validates YAML text as if it had been read from {@code file}. */
  public static EnvironmentConfig parse(Path file, String text) {
    YamlFields.Problems problems = new YamlFields.Problems(file.toString());
    JsonNode root;
    try {
      YAMLMapper mapper = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
      root = text.isBlank() ? null : mapper.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
      problems.addWhole("not valid YAML: " + where + e.getOriginalMessage());
      throw new ConfigException(problems.lines());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      problems.addWhole("file is empty; expected a mapping with at least 'environment' and 'state.bucket'");
      throw new ConfigException(problems.lines());
    }
    if (!root.isObject()) {
      problems.addWhole("top level must be a mapping, got " + YamlFields.describe(root));
      throw new ConfigException(problems.lines());
    }
    EnvironmentConfig config = new Reader(new YamlFields(problems, "", (ObjectNode) root)).read(file);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.lines());
    }
    return config;
  }

  /** One pass over the document; each method reads one section and checks its own rules. */
  private static final class Reader {
    private final YamlFields root;

    Reader(YamlFields root) {
      this.root = root;
    }

    EnvironmentConfig read(Path file) {
      String environment = root.requiredString("environment");
      if (!environment.isEmpty() && !ENVIRONMENT.matcher(environment).matches()) {
        root.error("environment", "'" + environment
            + "' must be 1-20 characters of lowercase letters, digits and hyphens, starting with a letter");
      }
      Target target = target(root.object("target"));
      State state = state(root.object("state"), target);
      Network network = network(root.object("network"));
      Cluster cluster = cluster(root.object("cluster"));
      Logs logs = logs(root.object("logs"));
      Task task = task(root.object("task"));
      Bastion bastion = bastion(root.object("bastion"));
      List<Service> services = services(task, bastion, cluster);
      Map<String, String> tags = tags();
      SecurityConfig security = SecurityConfigReader.read(root.object("security"), root.object("policy"));
      root.finish();
      return new EnvironmentConfig(file, environment, target, state, network, cluster, logs, task, services, bastion,
          tags, security);
    }

    private Target target(YamlFields f) {
      String kindText = f.string("kind", "local");
      TargetKind kind = switch (kindText) {
        case "local" -> TargetKind.LOCAL;
        case "aws" -> TargetKind.AWS;
        default -> {
          f.error("kind", "'" + kindText + "' is not a target; expected local or aws");
          yield TargetKind.LOCAL;
        }
      };
      String region = f.string("region", "us-east-1");
      checkRegion(f, "region", region);
      Optional<String> accountId = f.optionalString("accountId");
      accountId.ifPresent(id -> {
        if (!ACCOUNT_ID.matcher(id).matches()) {
          f.error("accountId", "'" + id + "' is not an AWS account id (12 digits, quoted in YAML)");
        } else if (kind == TargetKind.LOCAL) {
          f.error("accountId", "only applies to target kind aws; the local emulator has no real account");
        }
      });
      f.finish();
      return new Target(kind, region, accountId);
    }

    private State state(YamlFields f, Target target) {
      String bucket = f.requiredString("bucket");
      if (!bucket.isEmpty()) {
        bucketRule(bucket).ifPresent(rule -> f.error("bucket", "'" + bucket + "' " + rule));
      }
      String key = f.string("key", "service-connect/terraform.tfstate");
      if (key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.length() > 1024) {
        f.error("key", "'" + key + "' must be a relative object key of 1-1024 characters, not starting or ending"
            + " with '/'");
      }
      // Only a region written here is checked: the default is target.region, which target() already checked.
      Optional<String> region = f.optionalString("region");
      region.ifPresent(r -> checkRegion(f, "region", r));
      f.finish();
      return new State(bucket, key, region.orElse(target.region()));
    }

    private Network network(YamlFields f) {
      String cidr = f.string("vpcCidr", "10.0.0.0/16");
      int azs = f.integer("availabilityZones", 2);
      int subnetPrefix = f.integer("subnetPrefixLength", 24);
      String natText = f.string("natGateways", "one");
      NatGateways nat = switch (natText) {
        case "none" -> NatGateways.NONE;
        case "one" -> NatGateways.ONE;
        case "perAz" -> NatGateways.PER_AZ;
        default -> {
          f.error("natGateways", "'" + natText + "' is not a NAT mode; expected none, one or perAz");
          yield NatGateways.ONE;
        }
      };
      if (azs < 1 || azs > 6) {
        f.error("availabilityZones", azs + " is out of range (1-6)");
      }
      Optional<Cidr> vpc = Cidr.parse(cidr);
      if (vpc.isEmpty()) {
        f.error("vpcCidr", "'" + cidr + "' is not an IPv4 CIDR block (a.b.c.d/n)");
      } else if (vpc.get().prefix() < 16 || vpc.get().prefix() > 28) {
        f.error("vpcCidr", "'" + cidr + "' has prefix /" + vpc.get().prefix() + "; a VPC must be /16 to /28");
      } else if (!vpc.get().isNetworkAddress()) {
        f.error("vpcCidr", "'" + cidr + "' is not a network address (did you mean " + vpc.get().network() + "?)");
      } else if (subnetPrefix <= vpc.get().prefix() || subnetPrefix > 28) {
        f.error("subnetPrefixLength", "/" + subnetPrefix + " must be longer than the VPC's /" + vpc.get().prefix()
            + " and at most /28");
      } else if (azs >= 1 && azs <= 6) {
        long room = 1L << (subnetPrefix - vpc.get().prefix());
        if (2L * azs > room) {
          f.error("subnetPrefixLength", "2 x " + azs + " subnets of /" + subnetPrefix + " do not fit in " + cidr
              + " (room for " + room + ")");
        }
      }
      f.finish();
      return new Network(cidr, azs, subnetPrefix, nat);
    }

    private Cluster cluster(YamlFields f) {
      String name = f.string("name", "ecs-service-connector-sample-cluster");
      checkEcsName(f, "name", name);
      String namespace = f.string("namespace", "local");
      dnsNameRule(namespace).ifPresent(rule -> f.error("namespace", "'" + namespace + "' " + rule));
      f.finish();
      return new Cluster(name, namespace);
    }

    private Logs logs(YamlFields f) {
      String group = f.string("group", "ecs-service-connect-sample");
      if (!LOG_GROUP.matcher(group).matches()) {
        f.error("group", "'" + group + "' must be 1-512 characters of letters, digits and . - _ / #");
      }
      int retention = f.integer("retentionDays", 30);
      if (!RETENTION_DAYS.contains(retention)) {
        f.error("retentionDays", retention + " is not a CloudWatch Logs retention; expected one of "
            + RETENTION_DAYS);
      }
      f.finish();
      return new Logs(group, retention);
    }

    private Task task(YamlFields f) {
      String family = f.string("family", "nginx");
      checkEcsName(f, "family", family);
      int cpu = f.integer("cpu", 256);
      int memory = f.integer("memoryMiB", 512);
      FargateSizes.rule(cpu, memory).ifPresent(rule -> f.error(FargateSizes.validCpu(cpu) ? "memoryMiB" : "cpu",
          rule));
      String arch = f.string("cpuArchitecture", "X86_64");
      if (!ARCHITECTURES.contains(arch)) {
        f.error("cpuArchitecture", "'" + arch + "' is not a Fargate CPU architecture; expected X86_64 or ARM64");
      }
      String containerName = f.string("containerName", "nginx");
      checkEcsName(f, "containerName", containerName);
      String image = f.string("image", "nginx");
      if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
        f.error("image", "'" + image + "' must be a non-empty image reference without spaces");
      }
      List<PortMapping> ports = new ArrayList<>();
      List<YamlFields> items = f.objects("portMappings").orElse(null);
      if (items == null) {
        ports.add(new PortMapping("nginx", 80, "http"));
      } else if (items.isEmpty()) {
        f.error("portMappings", "at least one port mapping is required");
      } else {
        Set<String> names = new HashSet<>();
        Set<Integer> containerPorts = new HashSet<>();
        for (YamlFields p : items) {
          String name = p.requiredString("name");
          if (!name.isEmpty()) {
            scNameRule(name).ifPresent(rule -> p.error("name", "'" + name + "' " + rule));
            if (!names.add(name)) {
              p.error("name", "port mapping name '" + name + "' is used twice in the task definition");
            }
          }
          int port = p.integer("containerPort", 80);
          checkPort(p, "containerPort", port);
          if (!containerPorts.add(port)) {
            p.error("containerPort", port + " is mapped twice in the task definition");
          }
          String protocol = p.string("appProtocol", "http");
          if (!APP_PROTOCOLS.contains(protocol)) {
            p.error("appProtocol", "'" + protocol + "' is not an application protocol; expected one of " + APP_PROTOCOLS);
          }
          p.finish();
          ports.add(new PortMapping(name, port, protocol));
        }
      }
      f.finish();
      return new Task(family, cpu, memory, arch, containerName, image, ports);
    }

    private Bastion bastion(YamlFields f) {
      boolean enabled = f.bool("enabled", true);
      String name = f.string("name", "bastion-host");
      if (name.isBlank() || name.length() > 255) {
        f.error("name", "'" + name + "' must be 1-255 characters (it is the Name tag)");
      }
      String type = f.string("instanceType", "t4g.medium");
      String ami = f.string("amiParameter", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
      var typeMatch = INSTANCE_TYPE.matcher(type);
      if (!typeMatch.matches()) {
        f.error("instanceType", "'" + type + "' is not an EC2 instance type (family.size, e.g. t4g.medium)");
      } else {
        boolean graviton = GRAVITON_FAMILY.matcher(typeMatch.group(1)).matches();
        if (ami.contains("arm64") && !graviton) {
          f.error("instanceType", "'" + type + "' cannot boot the arm64 AMI of amiParameter; use a Graviton type"
              + " such as t4g.medium");
        } else if (ami.contains("x86_64") && graviton) {
          f.error("instanceType", "'" + type + "' is a Graviton (arm64) type and cannot boot the x86_64 AMI of"
              + " amiParameter");
        }
      }
      if (!ami.startsWith("/") || ami.length() > 2048 || ami.chars().anyMatch(Character::isWhitespace)) {
        f.error("amiParameter", "'" + ami + "' must be an SSM parameter path starting with '/'");
      }
      int rootVolume = f.integer("rootVolumeGiB", 8);
      if (rootVolume < 8 || rootVolume > 16384) {
        f.error("rootVolumeGiB", rootVolume + " is out of range (8-16384; Amazon Linux 2023 needs 8)");
      }
      f.finish();
      return new Bastion(enabled, name, type, ami, rootVolume);
    }

    private List<Service> services(Task task, Bastion bastion, Cluster cluster) {
      List<YamlFields> items = root.objects("services").orElse(null);
      if (items == null) {
        // The defaults obey the same rules as written services: their port must exist, and the bastion may only
        // be a source while it is enabled.
        if (!task.portMappings().isEmpty() && task.portMapping("nginx").isEmpty()) {
          root.error("services", "Port Mapping 'nginx' does not exist on the task definition. The default services"
              + " use it; list the services explicitly.");
        }
        List<String> serverSources = bastion.enabled()
            ? List.of("client-service", EnvironmentConfig.BASTION_SOURCE) : List.of("client-service");
        return List.of(
            new Service("server-service", 1, true,
                new ServiceConnect("nginx", "nginx-server", "nginx-server." + cluster.namespace(), 80, "svccon-traffic-server"),
                serverSources, List.of()),
            new Service("client-service", 1, true,
                new ServiceConnect("nginx", "nginx-client", "nginx-client." + cluster.namespace(), 80, "svccon-traffic-client"),
                List.of(), List.of("server-service")));
      }
      if (items.isEmpty()) {
        root.error("services", "at least one service is required");
      }
      List<Service> services = new ArrayList<>();
      Map<String, String> namePaths = new HashMap<>();
      Map<String, String> discoveryNames = new HashMap<>();
      Map<String, String> aliases = new HashMap<>();
      for (YamlFields s : items) {
        String name = s.requiredString("name");
        if (!name.isEmpty()) {
          checkEcsName(s, "name", name);
          if (name.equals(EnvironmentConfig.BASTION_SOURCE)) {
            s.error("name", "'" + name + "' is reserved for the bastion in allowFrom");
          }
          if (namePaths.putIfAbsent(name, s.path()) != null) {
            s.error("name", "service name '" + name + "' is already used by " + namePaths.get(name));
          }
        }
        int desired = s.integer("desiredCount", 1);
        if (desired < 0 || desired > 1000) {
          s.error("desiredCount", desired + " is out of range (0-1000)");
        }
        boolean exec = s.bool("enableExecuteCommand", true);
        YamlFields sc = s.object("serviceConnect");
        String portName = sc.requiredString("portName");
        if (!portName.isEmpty() && task.portMapping(portName).isEmpty()) {
          sc.error("portName", "Port Mapping '" + portName + "' does not exist on the task definition.");
        }
        String discoveryName = sc.requiredString("discoveryName");
        if (!discoveryName.isEmpty()) {
          scNameRule(discoveryName).ifPresent(rule -> sc.error("discoveryName", "'" + discoveryName + "' " + rule));
          if (discoveryNames.putIfAbsent(discoveryName, s.path()) != null) {
            sc.error("discoveryName", "Cannot create multiple services with the discoveryName '" + discoveryName
                + "'.");
          }
        }
        Optional<String> explicitDnsName = sc.optionalString("dnsName");
        String dnsName = explicitDnsName.orElse(discoveryName.isEmpty() ? "" : discoveryName + "." + cluster.namespace());
        if (explicitDnsName.isPresent() || !dnsName.isEmpty()) {
          dnsNameRule(dnsName).ifPresent(rule -> sc.error("dnsName", "'" + dnsName + "' " + rule));
        }
        int aliasPort = sc.integer("clientAliasPort", 80);
        if (aliasPort < 1 || aliasPort > 65535) {
          sc.error("clientAliasPort", "Client Alias port " + aliasPort + " is not valid.");
        }
        String alias = dnsName + ":" + aliasPort;
        if (!dnsName.isEmpty() && aliases.putIfAbsent(alias, s.path()) != null) {
          sc.error("dnsName", "client alias " + alias + " is already published by " + aliases.get(alias));
        }
        String prefix = sc.string("logStreamPrefix", "svccon-traffic-" + name);
        if (prefix.isEmpty() || prefix.length() > 512 || prefix.contains(":") || prefix.contains("*")) {
          sc.error("logStreamPrefix", "'" + prefix + "' must be 1-512 characters without ':' or '*'");
        }
        sc.finish();
        List<String> allowFrom = s.strings("allowFrom", List.of());
        List<String> dependsOn = s.strings("dependsOn", List.of());
        s.finish();
        services.add(new Service(name, desired, exec,
            new ServiceConnect(portName, discoveryName, dnsName, aliasPort, prefix), allowFrom, dependsOn));
      }
      checkReferences(items, services, bastion);
      return services;
    }

    /** allowFrom and dependsOn may only name services (and the enabled bastion), never themselves or twice. */
    private void checkReferences(List<YamlFields> items, List<Service> services, Bastion bastion) {
      Set<String> names = new HashSet<>();
      services.forEach(s -> names.add(s.name()));
      for (int i = 0; i < services.size(); i++) {
        Service s = services.get(i);
        YamlFields f = items.get(i);
        checkNames(f, "allowFrom", s.name(), s.allowFrom(), source -> {
          if (source.equals(EnvironmentConfig.BASTION_SOURCE)) {
            return bastion.enabled() ? Optional.empty() : Optional.of("the bastion is disabled (bastion.enabled)");
          }
          return names.contains(source) ? Optional.empty() : Optional.of("no service is named '" + source + "'");
        });
        checkNames(f, "dependsOn", s.name(), s.dependsOn(),
            dep -> names.contains(dep) ? Optional.empty() : Optional.of("no service is named '" + dep + "'"));
      }
      findCycle(services).ifPresent(cycle -> root.error("services", "dependsOn forms a cycle: " + cycle));
    }

    private void checkNames(YamlFields f, String key, String self, List<String> refs,
        java.util.function.Function<String, Optional<String>> resolve) {
      Set<String> seen = new HashSet<>();
      for (int j = 0; j < refs.size(); j++) {
        String ref = refs.get(j);
        String field = key + "[" + j + "]";
        if (ref.equals(self)) {
          f.error(field, "a service cannot name itself ('" + ref + "')");
        } else if (!seen.add(ref)) {
          f.error(field, "'" + ref + "' is listed twice");
        } else {
          resolve.apply(ref).ifPresent(rule -> f.error(field, rule));
        }
      }
    }

    private static Optional<String> findCycle(List<Service> services) {
      Map<String, List<String>> edges = new LinkedHashMap<>();
      // a service naming itself is already reported on its own dependsOn entry
      services.forEach(s -> edges.put(s.name(), s.dependsOn().stream().filter(d -> !d.equals(s.name())).toList()));
      Map<String, Integer> state = new HashMap<>();
      for (String start : edges.keySet()) {
        List<String> stack = new ArrayList<>();
        Optional<String> cycle = visit(start, edges, state, stack);
        if (cycle.isPresent()) {
          return cycle;
        }
      }
      return Optional.empty();
    }

    private static Optional<String> visit(String node, Map<String, List<String>> edges, Map<String, Integer> state,
        List<String> stack) {
      int s = state.getOrDefault(node, 0);
      if (s == 2 || !edges.containsKey(node)) {
        return Optional.empty();
      }
      if (s == 1) {
        List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(node), stack.size()));
        cycle.add(node);
        return Optional.of(String.join(" -> ", cycle));
      }
      state.put(node, 1);
      stack.add(node);
      for (String next : edges.get(node)) {
        Optional<String> c = visit(next, edges, state, stack);
        if (c.isPresent()) {
          return c;
        }
      }
      stack.remove(stack.size() - 1);
      state.put(node, 2);
      return Optional.empty();
    }

    private Map<String, String> tags() {
      Map<String, String> tags = root.stringMap("tags");
      for (Map.Entry<String, String> e : tags.entrySet()) {
        String field = "tags." + e.getKey();
        if (e.getKey().isEmpty() || e.getKey().length() > 128) {
          root.error(field, "tag keys must be 1-128 characters");
        } else if (e.getKey().toLowerCase(Locale.ROOT).startsWith("aws:")) {
          root.error(field, "tag keys starting with 'aws:' are reserved by AWS");
        }
        if (e.getValue().length() > 256) {
          root.error(field, "tag values must be at most 256 characters");
        }
      }
      return tags;
    }

    private static void checkRegion(YamlFields f, String key, String region) {
      if (!REGION.matcher(region).matches()) {
        f.error(key, "'" + region + "' is not an AWS region name (e.g. us-east-1)");
      }
    }

    private static void checkEcsName(YamlFields f, String key, String name) {
      if (!ECS_NAME.matcher(name).matches()) {
        f.error(key, "'" + name + "' must be 1-255 characters of letters, digits, hyphens and underscores");
      }
    }

    private static void checkPort(YamlFields f, String key, int port) {
      if (port < 1 || port > 65535) {
        f.error(key, port + " is not a port (1-65535)");
      }
    }
  }

  /** Service Connect port and discovery names: at most 64 of [a-z0-9_-], not starting with a hyphen. */
  static Optional<String> scNameRule(String name) {
    if (name.length() > 64) {
      return Optional.of("is longer than 64 characters");
    }
    if (!SC_NAME.matcher(name).matches()) {
      return Optional.of("must use only lowercase letters, digits, '_' and '-', and not start with '-'");
    }
    return Optional.empty();
  }

  /** A DNS name: dot-separated labels of [a-z0-9-], each 1-63 characters, not starting or ending with '-'. */
  static Optional<String> dnsNameRule(String name) {
    if (name.isEmpty() || name.length() > 253) {
      return Optional.of("must be a DNS name of 1-253 characters");
    }
    for (String label : name.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return Optional.of("is not a DNS name: label '" + label
            + "' must be 1-63 lowercase letters, digits or '-', not starting or ending with '-'");
      }
    }
    return Optional.empty();
  }

  /** S3 bucket naming rules for general purpose buckets. */
  static Optional<String> bucketRule(String bucket) {
    if (bucket.length() < 3 || bucket.length() > 63) {
      return Optional.of("must be 3-63 characters long");
    }
    if (!BUCKET.matcher(bucket).matches()) {
      return Optional.of("may only contain lowercase letters, digits, '.' and '-', and must start and end with a"
          + " letter or digit");
    }
    if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
      return Optional.of("must not contain '..', '.-' or '-.'");
    }
    if (IPV4.matcher(bucket).matches()) {
      return Optional.of("must not be formatted as an IP address");
    }
    if (bucket.startsWith("xn--") || bucket.startsWith("sthree-") || bucket.startsWith("amzn-s3-demo-")
        || bucket.endsWith("-s3alias") || bucket.endsWith("--ol-s3") || bucket.endsWith(".mrap")
        || bucket.endsWith("--x-s3") || bucket.endsWith("--table-s3")) {
      return Optional.of("uses a prefix or suffix reserved by S3");
    }
    return Optional.empty();
  }
}
