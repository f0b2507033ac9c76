package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.known;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.quoted;
import static dev.svcconnect.config.ConfigYaml.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.EnvironmentConfig.DeploymentAlarms;
import dev.svcconnect.config.EnvironmentConfig.Scaling;
import dev.svcconnect.tiers.UnitTier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** A service's production options: auto scaling, deployment alarms, waiting, external pipeline, its own tags. */
@UnitTier
class ServiceOptionRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  private static final String S0 = X + "services[0].";
  private static final String SCALING = S0 + "scaling.";
  private static final String ALARMS = S0 + "deployment.alarms.";
  private static final String TAG_TEXT = "may only contain letters, digits, spaces and _ . : / = + - @";

  /** A service 'web' publishing the shared task's http port 'nginx', with more fields (indented by four). */
  private static String web(String more) {
    return minimal("services:\n  - name: web\n    serviceConnect: {endpoints: [{portName: nginx, discoveryName:"
        + " web}]}\n" + more);
  }

  private static Scaling scaling(int min, int max, int cpu, Optional<Integer> memory, Optional<Integer> requests,
      int in, int out) {
    return new Scaling(min, max, cpu, memory, requests, in, out);
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("scalingOffByDefault", web(""), c -> c.services().get(0).scaling(), Optional.empty()),
        accepts("maxTasksAloneGivesCpuTrackingWithDefaults", web("    scaling: {maxTasks: 4}\n"),
            c -> c.services().get(0).scaling().orElseThrow(),
            scaling(1, 4, 70, Optional.empty(), Optional.empty(), 300, 60)),
        accepts("everyScalingField", web("    desiredCount: 2\n    scaling: {minTasks: 2, maxTasks: 8, cpuPercent: 60,"
                + " memoryPercent: 75, requestsPerTaskPerMinute: 500, scaleInCooldownSec: 0,"
                + " scaleOutCooldownSec: 30}\n"),
            c -> c.services().get(0).scaling().orElseThrow(),
            scaling(2, 8, 60, Optional.of(75), Optional.of(500), 0, 30)),
        accepts("desiredCountDefaultsToMinTasksWithScaling", web("    scaling: {minTasks: 3, maxTasks: 6}\n"),
            c -> c.services().get(0).desiredCount(), 3),
        accepts("percentBounds", web("    scaling: {maxTasks: 5000, cpuPercent: 100, memoryPercent: 1}\n"),
            c -> c.services().get(0).scaling().orElseThrow(),
            scaling(1, 5000, 100, Optional.of(1), Optional.empty(), 300, 60)),
        accepts("alarmsRollBackByDefault", web("    deployment: {alarms: {names: [web-5xx, 'web latency/p99']}}\n"),
            c -> c.services().get(0).deployment().alarms(),
            Optional.of(new DeploymentAlarms(List.of("web-5xx", "web latency/p99"), true))),
        accepts("alarmsWithoutRollback", web("    deployment: {alarms: {names: [a], rollback: false}}\n"),
            c -> c.services().get(0).deployment().alarms().orElseThrow().rollback(), false),
        accepts("noWaitNoExternalPipelineByDefault", web(""),
            c -> List.of(c.services().get(0).deployment().waitForSteadyState(),
                c.services().get(0).deployment().ignoreTaskDefinitionChanges()), List.of(false, false)),
        accepts("waitAndExternalPipeline", web("    deployment: {waitForSteadyState: true,"
                + " ignoreTaskDefinitionChanges: true}\n"),
            c -> List.of(c.services().get(0).deployment().waitForSteadyState(),
                c.services().get(0).deployment().ignoreTaskDefinitionChanges()), List.of(true, true)),
        accepts("serviceTagsInWrittenOrder", web("    tags: {Team: payments, 'cost:center': '4711', Empty: ''}\n"),
            c -> List.copyOf(c.services().get(0).tags().entrySet()),
            List.copyOf(orderedTags("Team", "payments", "cost:center", "4711", "Empty", "").entrySet())),
        accepts("noServiceTagsByDefault", web(""), c -> c.services().get(0).tags(), Map.of()));
  }

  private static Map<String, String> orderedTags(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Stream<Arguments> scalingRules() {
    return Stream.of(
        fails("failsWithoutMaxTasks", web("    scaling: {minTasks: 1}\n"),
            SCALING + "maxTasks: is required (e.g. maxTasks: 4)"),
        fails("failsOnZeroMinTasks", web("    desiredCount: 0\n    scaling: {minTasks: 0, maxTasks: 2}\n"),
            SCALING + "minTasks: 0 is out of range (1-5000)"),
        fails("failsOnMaxTasksAboveTheEcsQuota", web("    scaling: {maxTasks: 5001}\n"),
            SCALING + "maxTasks: 5001 is out of range (1-5000)"),
        fails("failsOnMaxBelowMin", web("    desiredCount: 3\n    scaling: {minTasks: 3, maxTasks: 2}\n"),
            SCALING + "maxTasks: 2 is less than minTasks (3)"),
        fails("failsOnDesiredCountAboveMax", web("    desiredCount: 5\n    scaling: {maxTasks: 4}\n"),
            S0 + "desiredCount: 5 is outside scaling's range (minTasks 1 to maxTasks 4); with scaling on,"
                + " desiredCount is only the count the service starts with"),
        fails("failsOnDesiredCountBelowMin", web("    desiredCount: 1\n    scaling: {minTasks: 2, maxTasks: 4}\n"),
            S0 + "desiredCount: 1 is outside scaling's range (minTasks 2 to maxTasks 4); with scaling on,"
                + " desiredCount is only the count the service starts with"),
        fails("failsOnPercentsOutOfRange", web("    scaling: {maxTasks: 2, cpuPercent: 0, memoryPercent: 101}\n"),
            SCALING + "cpuPercent: 0 is out of range (1-100)",
            SCALING + "memoryPercent: 101 is out of range (1-100)"),
        fails("failsOnNegativeCooldowns",
            web("    scaling: {maxTasks: 2, scaleInCooldownSec: -1, scaleOutCooldownSec: -5}\n"),
            SCALING + "scaleInCooldownSec: -1 is below the minimum (0)",
            SCALING + "scaleOutCooldownSec: -5 is below the minimum (0)"),
        fails("failsOnZeroRequestsPerTask", web("    scaling: {maxTasks: 2, requestsPerTaskPerMinute: 0}\n"),
            SCALING + "requestsPerTaskPerMinute: 0 is below the minimum (1)"),
        fails("failsOnRequestPolicyOfAClientOnlyService",
            minimal("services:\n  - name: worker\n    scaling: {maxTasks: 2, requestsPerTaskPerMinute: 100}\n"),
            SCALING + "requestsPerTaskPerMinute: needs an endpoint: Service Connect counts the requests a service"
                + " receives through the endpoints it publishes, and this service publishes none"),
        fails("failsOnRequestPolicyOfATcpOnlyService",
            minimal("services:\n  - name: cache\n    task: {portMappings: [{name: redis, containerPort: 6379,"
                + " appProtocol: tcp}]}\n    serviceConnect: {endpoints: [{portName: redis}]}\n"
                + "    scaling: {maxTasks: 2, requestsPerTaskPerMinute: 100}\n"),
            SCALING + "requestsPerTaskPerMinute: needs an endpoint whose port speaks http, http2 or grpc: Service"
                + " Connect counts no requests on tcp"),
        fails("failsOnRequestPolicyWithoutContainerInsights",
            web("    scaling: {maxTasks: 2, requestsPerTaskPerMinute: 100}\n")
                + "security: {containerInsights: false}\n",
            SCALING + "requestsPerTaskPerMinute: needs security.containerInsights: true; the requests are divided by"
                + " the running task count, which only Container Insights reports (ECS/ContainerInsights"
                + " RunningTaskCount)"),
        fails("failsOnMisspeltScalingKey", web("    scaling: {maxTasks: 2, cpuPercnt: 50}\n"),
            SCALING + "cpuPercnt: unknown field (did you mean 'cpuPercent'?)" + known("services", 0, "scaling")),
        fails("failsOnScalingThatIsNotAMapping", web("    scaling: 4\n"),
            S0 + "scaling: expected a mapping, got number 4"));
  }

  static Stream<Arguments> deploymentRules() {
    return Stream.of(
        fails("failsOnAlarmsWithoutNames", web("    deployment: {alarms: {rollback: true}}\n"),
            ALARMS + "names: is required (e.g. names: [nginx-server-5xx])"),
        fails("failsOnEmptyAlarmNames", web("    deployment: {alarms: {names: []}}\n"),
            ALARMS + "names: needs at least one entry"),
        fails("failsOnBadAlarmNames", web("    deployment: {alarms: {names: ['', " + repeat('a', 256)
                + ", \"tab\\there\", ok, ok]}}\n"),
            ALARMS + "names[0]: must not be empty",
            ALARMS + "names[1]: " + quoted(repeat('a', 256)) + " is 256 characters long; at most 255",
            ALARMS + "names[2]: 'tab\\there' must not contain control characters"),
        // each alarm once: a rule between list entries, checked once the schema passes
        fails("failsOnAlarmNameListedTwice", web("    deployment: {alarms: {names: [ok, other, ok]}}\n"),
            ALARMS + "names[2]: 'ok' is listed twice"),
        fails("failsOnNonBooleanWait", web("    deployment: {waitForSteadyState: yes please}\n"),
            S0 + "deployment.waitForSteadyState: expected true or false, got string 'yes please'"),
        fails("failsOnNonBooleanExternalPipeline", web("    deployment: {ignoreTaskDefinitionChanges: 1}\n"),
            S0 + "deployment.ignoreTaskDefinitionChanges: expected true or false, got number 1"));
  }

  static Stream<Arguments> tagRules() {
    return Stream.of(
        fails("failsOnTagKeyTooLong", web("    tags: {" + repeat('k', 128) + ": v}\n"),
            S0 + "tags." + repeat('k', 128) + ": key '" + repeat('k', 128) + "' is 128 characters long; at most 127"),
        fails("failsOnAwsPrefix", web("    tags: {'AWS:team': v}\n"),
            S0 + "tags.AWS:team: key 'AWS:team' must not start with 'aws:', which AWS reserves"),
        fails("failsOnNameTag", web("    tags: {Name: web}\n"),
            S0 + "tags.Name: 'Name' is set by the stack: it is the console name of the service's security group"),
        fails("failsOnTagCharacters", web("    tags: {'team!': a, owner: 'x#y'}\n"),
            S0 + "tags.team!: key 'team!' " + TAG_TEXT,
            S0 + "tags.owner: 'x#y' " + TAG_TEXT),
        fails("failsOnTagValueTooLong", web("    tags: {k: " + repeat('v', 257) + "}\n"),
            S0 + "tags.k: " + quoted(repeat('v', 257)) + " is 257 characters long; at most 256"),
        fails("failsOnReusingAStackTag", web("    tags: {Environment: prod}\n"),
            S0 + "tags.Environment: 'Environment' is already a default tag of every resource (Application,"
                + " Environment, ManagedBy); change it under the top-level tags, or use another key"),
        fails("failsOnReusingATopLevelTag", web("    tags: {Project: other}\n") + "tags: {Project: shop}\n",
            S0 + "tags.Project: 'Project' is already a default tag of every resource (Application, Environment,"
                + " ManagedBy, Project); change it under the top-level tags, or use another key"),
        fails("failsOnMoreThanFiftyTags", web("    tags: {" + numberedTags(47) + "}\n"),
            S0 + "tags: 47 tags, the 3 default tags and Name make 51 on the service's security group; AWS allows at"
                + " most 50 per resource (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html)"),
        fails("failsOnNonStringTagValue", web("    tags: {count: 3}\n"),
            S0 + "tags.count: expected a string, got number 3"));
  }

  private static String numberedTags(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append("t").append(i).append(": v");
    }
    return b.toString();
  }

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(scalingRules(), deploymentRules(), tagRules()).flatMap(rows -> rows);
  }

  @Test
  void fortySixServiceTagsFitBesideTheThreeDefaultsAndName() {
    assertThat(ConfigYaml.parse(web("    tags: {" + numberedTags(46) + "}\n")).services().get(0).tags())
        .hasSize(46);
  }

  @Test
  void shippedOptionsTopologyTurnsEveryOptionOn() {
    EnvironmentConfig c = ConfigLoader.load(Path.of("src/test/resources/topology/options-scaling.yaml"));
    assertThat(c.services()).allSatisfy(s -> {
      assertThat(s.scaling()).isPresent();
      assertThat(s.deployment().alarms()).isPresent();
      assertThat(s.tags()).isNotEmpty();
    });
    assertThat(c.services()).anySatisfy(s -> assertThat(s.deployment().waitForSteadyState()).isTrue());
    assertThat(c.services()).anySatisfy(s -> assertThat(s.deployment().ignoreTaskDefinitionChanges()).isTrue());
    assertThat(c.services()).anySatisfy(s -> {
      assertThat(s.scaling().orElseThrow().memoryPercent()).isPresent();
      assertThat(s.scaling().orElseThrow().requestsPerTaskPerMinute()).isPresent();
    });
  }
}
