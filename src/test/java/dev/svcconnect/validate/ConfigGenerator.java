package dev.svcconnect.validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;

/**
 * Environment files over the schema, from a seed: every section, each field left out (its default) or given a value
 * the schema accepts, often at its limits, and often one the stack derives names from near AWS's limits; template
 * sequences in the fields whose characters admit them. Most load; the rest break a rule between fields or a derived
 * limit, which is the loader's to refuse: the property is about what it accepts. The same seed gives the same files.
 */
final class ConfigGenerator {
  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2");
  private static final List<String> VPC_CIDRS = List.of("10.0.0.0/16", "172.16.0.0/16", "192.168.0.0/20",
      "10.20.0.0/22", "10.1.0.0/24");
  private static final List<Integer> CPUS = List.of(256, 512, 1024, 2048, 4096, 8192, 16384);
  private static final List<Integer> RETENTIONS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
      731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
  private static final List<String> PROTOCOLS = List.of("http", "http2", "grpc", "tcp");
  /** Text Terraform would evaluate, for the fields whose characters admit it (not images: a reference grammar). */
  private static final List<String> TEMPLATES = List.of("${file(\"/etc/hostname\")}", "${path.cwd}",
      "%{if true}x%{endif}", "$${escaped}", "${TfToken[TOKEN.0]}");
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String ALNUM = LOWER + "0123456789";
  private static final String ECS = ALNUM + "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  private static final Dump YAML = new Dump(DumpSettings.builder().build());

  private final SplittableRandom random;

  ConfigGenerator(long seed) {
    random = new SplittableRandom(seed);
  }

  /** The next environment file, as YAML text. */
  String next() {
    Map<String, Object> root = new LinkedHashMap<>();
    String environment = word(LOWER, 1) + word(ALNUM + "-", chance(0.2) ? 19 : random.nextInt(0, 8));
    root.put("environment", environment);
    String region = pick(REGIONS);
    Map<String, Object> target = new LinkedHashMap<>();
    if (chance(0.5)) {
      target.put("kind", "aws");
      target.put("region", region);
      if (chance(0.5)) {
        // Not starting with 0: unquoted, the YAML writer would leave it a number that the loader calls ambiguous.
        target.put("accountId", word("123456789", 1) + word("0123456789", 11));
      }
    } else if (chance(0.5)) {
      target.put("region", region);
    }
    putIfAny(root, "target", target);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("bucket", word(LOWER, 1) + word(ALNUM + "-", random.nextInt(2, chance(0.1) ? 61 : 20)) + "x");
    if (chance(0.3)) {
      state.put("key", word(ALNUM, 1) + word(ALNUM + "/_.-", random.nextInt(0, chance(0.1) ? 1000 : 40)) + "x");
    }
    root.put("state", state);
    root.put("network", network());
    Map<String, Object> cluster = new LinkedHashMap<>();
    if (chance(0.5)) {
      cluster.put("name", word(ECS, random.nextInt(1, chance(0.1) ? 256 : 30)));
    }
    if (chance(0.5)) {
      cluster.put("namespace", dnsName(random.nextInt(1, chance(0.1) ? 110 : 30)));
    }
    putIfAny(root, "cluster", cluster);
    Map<String, Object> logs = new LinkedHashMap<>();
    if (chance(0.5)) {
      logs.put("group", "/" + word(ALNUM + "._-/#", random.nextInt(1, chance(0.1) ? 511 : 30)));
    }
    if (chance(0.5)) {
      logs.put("retentionDays", pick(RETENTIONS));
    }
    putIfAny(root, "logs", logs);
    int serviceCount = chance(0.15) ? 0 : random.nextInt(1, 6);
    // Without a services list, the walkthrough's services publish the shared task's default port (nginx).
    Task shared = task(null, serviceCount == 0);
    root.put("task", shared.yaml);
    List<Map<String, Object>> services = new ArrayList<>();
    List<String> published = new ArrayList<>();
    List<List<String>> publishedBy = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    boolean insights = chance(0.8);
    for (int i = 0; i < serviceCount; i++) {
      String name = chance(0.1) ? word(ECS, random.nextInt(150, 231)) : "s" + i + word(ECS, random.nextInt(0, 12));
      if (!names.add(name)) {
        continue;
      }
      Map<String, Object> service = new LinkedHashMap<>();
      service.put("name", name);
      Task task = shared;
      if (chance(0.3)) {
        task = task("f" + i, false);
        service.put("task", task.yaml);
      }
      List<String> mine = new ArrayList<>();
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (Map<String, Object> port : task.ports) {
        if (port.containsKey("name") && chance(0.6)) {
          endpoints.add(endpoint(name, port, i, mine, region));
        }
      }
      Map<String, Object> connect = new LinkedHashMap<>();
      if (chance(0.2)) {
        connect.put("logStreamPrefix", chance(0.5) ? pick(TEMPLATES) + "/proxy" : word(ALNUM, 10));
      }
      connect.put("endpoints", endpoints);
      service.put("serviceConnect", connect);
      options(service, task, !endpoints.isEmpty(), insights);
      services.add(service);
      published.addAll(mine);
      publishedBy.add(mine);
    }
    // Calls: endpoints of other services, each once.
    for (int i = 0; i < services.size(); i++) {
      List<String> others = new ArrayList<>(published);
      others.removeAll(publishedBy.get(i));
      List<String> calls = subset(others);
      if (!calls.isEmpty()) {
        services.get(i).put("calls", calls);
      }
    }
    if (!services.isEmpty()) {
      root.put("services", services);
    }
    root.put("bastion", bastion(services.isEmpty() ? List.of() : subset(published)));
    if (chance(0.4)) {
      Map<String, Object> tags = new LinkedHashMap<>();
      int n = random.nextInt(1, chance(0.1) ? 47 : 5);
      for (int t = 0; t < n; t++) {
        tags.put("Tag " + t + word(ALNUM + "_.:/=+-@", random.nextInt(0, 10)), word(ALNUM + " _.:/=+-@",
            random.nextInt(0, chance(0.1) ? 256 : 20)));
      }
      root.put("tags", tags);
    }
    Map<String, Object> security = new LinkedHashMap<>();
    security.put("containerInsights", insights);
    security.put("kmsKeys", chance(0.3));
    security.put("vpcFlowLogs", chance(0.3));
    root.put("security", security);
    return YAML.dumpToString(root);
  }

  private Map<String, Object> network() {
    Map<String, Object> n = new LinkedHashMap<>();
    String cidr = pick(VPC_CIDRS);
    int vpcPrefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    int azs = random.nextInt(1, 7);
    // Room for 2 x azs subnets: at least log2(2 x azs) more bits than the VPC's prefix, at most /28.
    int minBits = 32 - Integer.numberOfLeadingZeros(2 * azs - 1);
    if (vpcPrefix + minBits > 28) {
      azs = 1;
      minBits = 1;
    }
    n.put("vpcCidr", cidr);
    n.put("availabilityZones", azs);
    n.put("subnetPrefixLength", random.nextInt(vpcPrefix + minBits, 29));
    n.put("natGateways", pick(List.of("none", "one", "perAz")));
    if (chance(0.3)) {
      // a random subset of the endpoints, in a random order
      List<String> endpoints = new ArrayList<>(List.of("ssm", "ssmmessages", "ec2messages", "ecr.api", "ecr.dkr",
          "logs", "s3"));
      endpoints.removeIf(e -> chance(0.5));
      for (int i = endpoints.size() - 1; i > 0; i--) {
        Collections.swap(endpoints, i, random.nextInt(i + 1));
      }
      n.put("vpcEndpoints", endpoints);
    }
    return n;
  }

  /** A task definition and its named and unnamed ports. */
  private record Task(Map<String, Object> yaml, List<Map<String, Object>> ports) {}

  /** A task definition; {@code defaultPorts}: the schema's default port mappings (nginx on 80). */
  private Task task(String family, boolean defaultPorts) {
    Map<String, Object> t = new LinkedHashMap<>();
    if (family != null || chance(0.5)) {
      t.put("family", (family == null ? "" : family) + word(ECS, random.nextInt(1, chance(0.1) ? 40 : 12)));
    }
    int cpu = pick(CPUS);
    t.put("cpu", cpu);
    // Twice or four times the CPU units in MiB: a valid Fargate pair at every size.
    int memory = cpu * (chance(0.5) ? 2 : 4);
    t.put("memoryMiB", memory);
    if (chance(0.3)) {
      t.put("cpuArchitecture", "ARM64");
    }
    t.put("containerName", "app" + word(ECS, random.nextInt(0, 8)));
    // A tag, or a digest: both forms of the reference grammar.
    t.put("image", chance(0.2) ? "public.ecr.aws/nginx/nginx@sha256:" + word("0123456789abcdef", 64)
        : "public.ecr.aws/nginx/nginx:" + word(ALNUM, 4));
    List<Map<String, Object>> ports = new ArrayList<>();
    int count = defaultPorts ? 0 : random.nextInt(1, 5);
    for (int p = 0; p < count; p++) {
      Map<String, Object> port = new LinkedHashMap<>();
      if (chance(0.85)) {
        port.put("name", "p" + p + word(ALNUM + "_-", random.nextInt(0, chance(0.1) ? 62 : 8)));
        if (chance(0.6)) {
          port.put("appProtocol", pick(PROTOCOLS));
        }
      }
      port.put("containerPort", 1000 + p * 1000 + random.nextInt(0, 999));
      ports.add(port);
    }
    if (!defaultPorts) {
      t.put("portMappings", ports);
    }
    if (chance(0.4)) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("command", chance(0.5) ? "curl -f http://localhost:${PORT}/ || exit 1"
          : List.of("CMD-SHELL", "echo " + pick(TEMPLATES)));
      h.put("intervalSec", random.nextInt(5, 301));
      h.put("timeoutSec", random.nextInt(2, 61));
      h.put("retries", random.nextInt(1, 11));
      h.put("startPeriodSec", random.nextInt(0, 301));
      t.put("healthCheck", h);
      if (chance(0.5)) {
        t.put("readinessGate", Map.of("enabled", true));
      }
    }
    if (cpu > 256 && chance(0.3)) {
      t.put("containerCpu", cpu - 256);
      t.put("containerMemoryMiB", memory - 64);
    }
    return new Task(t, ports);
  }

  private Map<String, Object> endpoint(String service, Map<String, Object> port, int i, List<String> mine,
      String region) {
    Map<String, Object> e = new LinkedHashMap<>();
    String portName = (String) port.get("name");
    e.put("portName", portName);
    String discovery = "d" + i + "-" + mine.size() + word(ALNUM + "_-", random.nextInt(0, chance(0.1) ? 58 : 6)) + "x";
    e.put("discoveryName", discovery);
    mine.add(discovery);
    if (chance(0.2)) {
      e.put("dnsName", discovery + "." + dnsName(random.nextInt(1, 20)));
    }
    if (chance(0.2)) {
      e.put("clientAliasPort", random.nextInt(1, 65536));
    }
    // Timeouts: none on a tcp port; a per-request timeout alone, or both (ServiceRules: an idle timeout alone is
    // refused, since the provider would send a per-request 0 with it)
    if (!"tcp".equals(port.getOrDefault("appProtocol", "http")) && chance(0.3)) {
      e.put("perRequestTimeoutSec", random.nextInt(0, 120));
      if (chance(0.5)) {
        e.put("idleTimeoutSec", random.nextInt(0, 7200));
      }
    }
    if (chance(0.1)) {
      String account = word("0123456789", 12);
      Map<String, Object> tls = new LinkedHashMap<>();
      tls.put("privateCaArn", "arn:aws:acm-pca:" + region + ":" + account
          + ":certificate-authority/0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4");
      tls.put("roleArn", "arn:aws:iam::" + account + ":role/" + service.substring(0, Math.min(20,
          service.length())).replaceAll("[^\\w+=,.@-]", "x"));
      e.put("tls", tls);
    }
    return e;
  }

  private void options(Map<String, Object> service, Task task, boolean publishes, boolean insights) {
    if (chance(0.5)) {
      service.put("desiredCount", random.nextInt(0, 5));
    }
    if (chance(0.3)) {
      service.put("enableExecuteCommand", chance(0.5));
    }
    if (chance(0.3)) {
      service.put("platformVersion", pick(List.of("LATEST", "1.4.0")));
    }
    Map<String, Object> deployment = new LinkedHashMap<>();
    if (chance(0.3)) {
      deployment.put("circuitBreaker", pick(List.of("rollback", "fail", "none")));
      int min = random.nextInt(0, 101);
      deployment.put("minimumHealthyPercent", min);
      deployment.put("maximumPercent", Math.max(min + 1, 100) + random.nextInt(0, 100));
    }
    if (chance(0.2)) {
      deployment.put("alarms", Map.of("names", List.of(chance(0.5) ? pick(TEMPLATES) : "alarm-" + word(ALNUM, 6))));
    }
    if (chance(0.2)) {
      deployment.put("waitForSteadyState", true);
    }
    if (chance(0.2)) {
      deployment.put("ignoreTaskDefinitionChanges", true);
    }
    putIfAny(service, "deployment", deployment);
    if (chance(0.3)) {
      Map<String, Object> scaling = new LinkedHashMap<>();
      int max = random.nextInt(1, 20);
      scaling.put("maxTasks", max);
      scaling.put("minTasks", random.nextInt(1, max + 1));
      service.remove("desiredCount");
      if (chance(0.5)) {
        scaling.put("memoryPercent", random.nextInt(1, 101));
      }
      boolean httpPort = task.ports.stream().anyMatch(p -> p.containsKey("name")
          && !"tcp".equals(p.getOrDefault("appProtocol", "http")));
      if (publishes && httpPort && insights && chance(0.3)) {
        scaling.put("requestsPerTaskPerMinute", random.nextInt(1, 1000));
      }
      service.put("scaling", scaling);
    }
    if (chance(0.3)) {
      Map<String, Object> tags = new LinkedHashMap<>();
      tags.put("Team", word(ALNUM + " ", random.nextInt(0, 20)));
      service.put("tags", tags);
    }
  }

  private Map<String, Object> bastion(List<String> reaches) {
    Map<String, Object> b = new LinkedHashMap<>();
    if (chance(0.3)) {
      b.put("enabled", false);
      return b;
    }
    if (chance(0.5)) {
      b.put("name", chance(0.3) ? "${timestamp()}" : word(ALNUM + " ._-:/()#,@[]+=&;{}!$*", random.nextInt(1,
          chance(0.1) ? 198 : 20)));
    }
    if (chance(0.5)) {
      b.put("instanceType", "t3.micro");
      b.put("amiParameter", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    }
    if (chance(0.3)) {
      b.put("rootVolumeGiB", random.nextInt(8, 100));
    }
    if (!reaches.isEmpty()) {
      b.put("reaches", reaches);
    }
    return b;
  }

  /** A DNS name of about {@code length} characters: labels of up to 20 lowercase letters and digits. */
  private String dnsName(int length) {
    StringBuilder name = new StringBuilder();
    while (name.length() < length) {
      if (!name.isEmpty()) {
        name.append('.');
      }
      name.append(word(LOWER, 1)).append(word(ALNUM, random.nextInt(0, 20)));
    }
    return name.toString();
  }

  private List<String> subset(List<String> from) {
    List<String> out = new ArrayList<>();
    for (String s : from) {
      if (chance(0.3)) {
        out.add(s);
      }
    }
    return out;
  }

  private static void putIfAny(Map<String, Object> parent, String key, Map<String, Object> child) {
    if (!child.isEmpty()) {
      parent.put(key, child);
    }
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private String word(String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
