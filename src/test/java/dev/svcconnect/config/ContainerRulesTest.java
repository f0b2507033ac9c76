package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.svcconnect.config.EnvironmentConfig.Container;
import dev.svcconnect.config.EnvironmentConfig.Dependency;
import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.config.EnvironmentConfig.Ulimit;
import dev.svcconnect.tiers.UnitTier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Several containers per task ({@code containers:}), the single-container shorthand beside it, and Service Connect
 * endpoints on any container's named port with an optional ingressPortOverride.
 */
@UnitTier
class ContainerRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  private static final String T = X + "task.";
  private static final String C = T + "containers";

  /** The shared task with {@code containers} as flow-sequence items, and the default services publishing nginx. */
  private static String containers(String... items) {
    return minimal("task:\n  containers:\n" + Stream.of(items).map(i -> "    - {" + i + "}\n")
        .reduce("", String::concat));
  }

  private static final String APP = "name: app, image: nginx, portMappings: [{name: nginx, containerPort: 80}]";

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(
        fails("failsOnShorthandBesideContainers", minimal("task:\n  image: nginx:1\n  containers:\n    - {" + APP
                + "}\n"),
            T + "image: is the single-container shorthand; with containers, set it on the container"),
        fails("failsOnReadinessGateBesideContainers", minimal("task:\n  readinessGate: {enabled: true}\n"
                + "  containers:\n    - {" + APP + "}\n"),
            T + "readinessGate: is the single-container shorthand; with containers, list the gate as a container"
                + " with dependsOn: [{containerName: <app>, condition: HEALTHY}]"),
        fails("failsOnEmptyContainers", minimal("task:\n  containers: []\n"), C + ": needs at least one entry"),
        fails("failsOnElevenContainers", containers(APP, "name: a1, image: x", "name: a2, image: x",
                "name: a3, image: x", "name: a4, image: x", "name: a5, image: x", "name: a6, image: x",
                "name: a7, image: x", "name: a8, image: x", "name: a9, image: x", "name: a10, image: x"),
            C + ": has 11 entries; at most 10 are allowed"),
        fails("failsOnContainerWithoutImage", containers(APP, "name: side"),
            C + "[1].image: is required unless ecr names a tag in the stack's repository"),
        fails("failsOnDuplicateContainerName", containers(APP, "name: app, image: busybox"),
            C + "[1].name: container name 'app' is already used by task.containers[0]"),
        fails("failsWithoutEssentialContainer", containers(APP + ", essential: false"),
            C + ": needs at least one essential container; ECS requires one in every task"),
        fails("failsOnPortNameUsedByTwoContainers", containers(APP, "name: side, image: x, portMappings: [{name:"
                + " nginx, containerPort: 81}]"),
            C + "[1].portMappings[0].name: port mapping name 'nginx' is used twice in the task definition"),
        fails("failsOnContainerPortMappedByTwoContainers", containers(APP, "name: side, image: x, portMappings:"
                + " [{name: side, containerPort: 80}]"),
            C + "[1].portMappings[0].containerPort: 80 is mapped twice in the task definition"),
        fails("failsOnDependencyOnUnknownContainer", containers(APP + ", dependsOn: [{containerName: db,"
                + " condition: START}]"),
            C + "[0].dependsOn[0].containerName: no container of the task is named 'db' (containers: app)"),
        fails("failsOnDependencyOnItself", containers(APP + ", dependsOn: [{containerName: app, condition:"
                + " START}]"),
            C + "[0].dependsOn[0].containerName: a container cannot depend on itself"),
        fails("failsOnDependencyListedTwice", containers(APP + ", dependsOn: [{containerName: s, condition:"
                + " START}, {containerName: s, condition: START}]", "name: s, image: x"),
            C + "[0].dependsOn[1].containerName: 's' is listed twice"),
        fails("failsOnHealthyWithoutHealthCheck", containers(APP, "name: s, image: x, essential: false,"
                + " dependsOn: [{containerName: app, condition: HEALTHY}]"),
            C + "[1].dependsOn[0].condition: HEALTHY needs a healthCheck on container 'app'"),
        fails("failsOnSuccessOfEssentialContainer", containers(APP + ", dependsOn: [{containerName: s, condition:"
                + " SUCCESS}]", "name: s, image: x"),
            C + "[0].dependsOn[0].condition: SUCCESS cannot be set on essential container 's': it must not exit"
                + " while the task runs"),
        fails("failsOnUnknownCondition", containers(APP + ", dependsOn: [{containerName: s, condition: READY}]",
                "name: s, image: x"),
            C + "[0].dependsOn[0].condition: 'READY' is not a container dependency condition; expected one of"
                + " [START, COMPLETE, SUCCESS, HEALTHY]"),
        fails("failsOnDependencyCycle", containers(APP + ", dependsOn: [{containerName: a, condition: START}]",
                "name: a, image: x, dependsOn: [{containerName: b, condition: START}]",
                "name: b, image: x, dependsOn: [{containerName: app, condition: START}]"),
            C + "[0].dependsOn: the containers' dependencies form a cycle: app -> a -> b -> app"),
        fails("failsOnReservationLargerThanLimit", containers(APP + ", memoryMiB: 256, memoryReservationMiB: 256"),
            C + "[0].memoryReservationMiB: 256 MiB must be below memoryMiB (256): ECS takes memory as the hard"
                + " limit above the reservation"),
        fails("failsOnCpuWithoutProxyHeadroom", containers(APP + ", cpu: 128", "name: s, image: x, cpu: 8"),
            C + ": the containers' cpu (136 units) plus the Service Connect proxy's 256 exceed the task's cpu 256"),
        fails("failsOnMemoryWithoutProxyHeadroom", containers(APP + ", memoryMiB: 256",
                "name: s, image: x, memoryReservationMiB: 200"),
            C + ": the containers' memory (456 MiB) plus the Service Connect proxy's 64 MiB exceed the task's"
                + " memoryMiB 512"),
        fails("failsOnStopTimeoutAboveFargateMaximum", containers(APP + ", stopTimeoutSec: 121"),
            C + "[0].stopTimeoutSec: 121 is out of range (1-120)"),
        fails("failsOnSoftLimitAboveHardLimit", containers(APP + ", ulimits: [{name: nofile, softLimit: 2048,"
                + " hardLimit: 1024}]"),
            C + "[0].ulimits[0].softLimit: 2048 exceeds hardLimit 1024"),
        fails("failsOnNofileAboveFargateMaximum", containers(APP + ", ulimits: [{name: nofile, softLimit: 1024,"
                + " hardLimit: 1048577}]"),
            C + "[0].ulimits[0].hardLimit: 1048577 open files exceed Fargate's maximum of 1048576"),
        fails("failsOnUlimitSetTwice", containers(APP + ", ulimits: [{name: core, softLimit: 0, hardLimit: 0},"
                + " {name: core, softLimit: 0, hardLimit: 0}]"),
            C + "[0].ulimits[1].name: ulimit core is set twice on the container"),
        fails("failsOnRelativeWorkingDirectory", containers(APP + ", workingDirectory: app"),
            C + "[0].workingDirectory: 'app' must be an absolute path"),
        fails("failsOnEndpointOnPortOfNoContainer", containers(APP, "name: s, image: x, portMappings: [{name:"
                + " metrics, containerPort: 9100}]").replace("task:", "services:\n  - name: web\n"
                + "    serviceConnect: {endpoints: [{portName: admin}]}\ntask:"),
            X + "services[0].serviceConnect.endpoints[0].portName: Port Mapping 'admin' does not exist on the task"
                + " definition."),
        fails("failsOnIngressPortOverrideOnAContainerPort", minimal("services:\n  - name: web\n    serviceConnect:"
                + " {endpoints: [{portName: nginx, ingressPortOverride: 80}]}\n"),
            X + "services[0].serviceConnect.endpoints[0].ingressPortOverride: 80 is a container port of the task;"
                + " the Service Connect proxy listens on a port of its own in the task's network namespace"),
        fails("failsOnIngressPortOverrideOutOfRange", minimal("services:\n  - name: web\n    serviceConnect:"
                + " {endpoints: [{portName: nginx, ingressPortOverride: 0}]}\n"),
            X + "services[0].serviceConnect.endpoints[0].ingressPortOverride: 0 is out of range (1-65535)"),
        fails("failsOnIngressPortOverrideTwice", minimal("task: {portMappings: [{name: a, containerPort: 80},"
                + " {name: b, containerPort: 81}]}\nservices:\n  - name: web\n    serviceConnect: {endpoints:"
                + " [{portName: a, ingressPortOverride: 8000}, {portName: b, ingressPortOverride: 8000}]}\n"),
            X + "services[0].serviceConnect.endpoints[1].ingressPortOverride: 8000 is already the proxy's port of"
                + " services[0].serviceConnect.endpoints[0]"));
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("containerDefaults", containers("name: app, image: nginx, portMappings: [{name: nginx}]"),
            c -> c.task().app(), new Container("app", "nginx", true, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(PortMapping.named("nginx", 80, "http")), Optional.empty(), List.of(),
                List.of(), "app", EnvironmentConfig.ContainerInputs.NONE)),
        accepts("awsFieldsInTheSchemasOrder", containers(APP + ", stopTimeoutSec: 5, user: '1'"),
            c -> List.copyOf(c.task().app().awsFields().of(AwsFields.CONTAINER_DEFINITION).entrySet()),
            List.of(Map.entry("user", "1"), Map.entry("stopTimeout", 5))),
        accepts("anAwsFieldAtItsDefaultIsNotWritten", containers(APP + ", readonlyRootFilesystem: false"),
            c -> c.task().app().awsFields(), AwsFields.NONE),
        accepts("imageByDigest", containers(APP.replace("image: nginx", "image: 'nginx@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'")),
            c -> c.task().image(), "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        accepts("ownStreamPrefix", containers(APP + ", logs: {streamPrefix: web/app}"),
            c -> c.task().app().logStreamPrefix(), "web/app"),
        accepts("completeOfANonEssentialInit", containers(APP + ", dependsOn: [{containerName: init, condition:"
                + " COMPLETE}]", "name: init, image: x, essential: false"),
            c -> c.task().app().dependsOn(), List.of(new Dependency("init", "COMPLETE"))),
        accepts("ulimitAtFargateMaximum", containers(APP + ", ulimits: [{name: nofile, softLimit: 1048576,"
                + " hardLimit: 1048576}]"),
            c -> c.task().app().ulimits(), List.of(new Ulimit("nofile", 1048576, 1048576))),
        accepts("sidecarPortPublishedByTheDefaultServices", containers("name: app, image: x", "name: proxy,"
                + " image: nginx, portMappings: [{name: nginx, containerPort: 80}]"),
            c -> c.task().containerOf("nginx").orElseThrow().name(), "proxy"),
        accepts("shorthandIsOneContainer", minimal(""), c -> c.task().containers(), List.of(Container.app("nginx",
            "nginx", List.of(PortMapping.named("nginx", 80, "http")), Optional.empty(), Optional.empty(),
            Optional.empty()))),
        accepts("ingressPortOverride", minimal("services:\n  - name: web\n    serviceConnect: {endpoints:"
                + " [{portName: nginx, ingressPortOverride: 15000}]}\n"),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).ingressPortOverride(), Optional.of(15000)),
        accepts("noIngressPortOverrideByDefault", minimal(""),
            c -> c.services().get(0).serviceConnect().endpoints().get(0).ingressPortOverride(), Optional.empty()));
  }

  @Test
  void theContainersFixtureLoadsEveryField() {
    EnvironmentConfig config = ConfigLoader.load(Path.of("src/test/resources/topology/options-containers.yaml"));
    Container app = config.services().get(0).task().app();

    assertThat(config.services().get(0).task().containers()).extracting(Container::name)
        .containsExactly("app", "agent", "migrate", "ready");
    assertThat(List.of(app.options().command(), app.options().entryPoint()))
        .containsExactly(List.of("serve", "--port", "8080"), List.of("/app/bin/shop"));
    assertThat(app.awsFields().values()).containsExactly(entry("ContainerDefinition.workingDirectory", "/app"),
        entry("ContainerDefinition.user", "1000:1000"), entry("ContainerDefinition.readonlyRootFilesystem", true),
        entry("ContainerDefinition.stopTimeout", 60));
  }
}
