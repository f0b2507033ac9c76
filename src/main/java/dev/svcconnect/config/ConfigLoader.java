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
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.State;
import dev.svcconnect.config.EnvironmentConfig.Target;
import dev.svcconnect.config.EnvironmentConfig.TargetKind;
import dev.svcconnect.config.EnvironmentConfig.Task;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    } catch (CharacterCodingException e) {
      problems.addWhole("is not UTF-8 text; an environment file is YAML in UTF-8");
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
      Task task = ServiceRules.task(root.object("task"), ServiceRules.DEFAULT_FAMILY);
      YamlFields bastionFields = root.object("bastion");
      Bastion written = bastion(bastionFields);
      ServiceRules serviceRules = new ServiceRules(cluster, target.region());
      List<Service> services = serviceRules.services(root, task);
      // Without a services list, the bastion reaches the walkthrough's server, as it did there.
      Bastion bastion = bastionFields.has("reaches") || root.has("services") || !written.enabled()
          ? written
          : new Bastion(written.enabled(), written.name(), written.instanceType(), written.amiParameter(),
              written.rootVolumeGiB(), List.of("nginx-server"));
      serviceRules.checkReferences(services, bastionFields, bastion);
      Map<String, String> tags = tags();
      SecurityConfig security = SecurityConfigReader.read(root.object("security"), root.object("policy"));
      serviceRules.checkOptions(services, security, tags);
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
      List<String> reaches = f.strings("reaches", List.of());
      f.finish();
      return new Bastion(enabled, name, type, ami, rootVolume, reaches);
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

  }

  static void checkEcsName(YamlFields f, String key, String name) {
    if (!ECS_NAME.matcher(name).matches()) {
      f.error(key, "'" + name + "' must be 1-255 characters of letters, digits, hyphens and underscores");
    }
  }

  static void checkPort(YamlFields f, String key, int port) {
    if (port < 1 || port > 65535) {
      f.error(key, port + " is not a port (1-65535)");
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
