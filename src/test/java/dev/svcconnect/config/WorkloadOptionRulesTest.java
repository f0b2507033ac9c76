package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.EnvironmentConfig.MountPoint;
import dev.svcconnect.config.EnvironmentConfig.ProxyLogs;
import dev.svcconnect.config.EnvironmentConfig.ServiceConnect;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Image references (tag or digest), task storage (ephemeral storage, volumes, mount points), a service outside
 * Service Connect ({@code serviceConnect: none}) and the proxy's logs: each field on, off and every failing path.
 */
@UnitTier
class WorkloadOptionRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  private static final String T = X + "task.";
  private static final String APP = "name: app, image: nginx, portMappings: [{name: nginx, containerPort: 80}]";
  private static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String IMAGE_RULE = " is not an image reference: [registry[:port]/]repository[:tag]"
      + "[@sha256:<64 lowercase hex digits>], the repository in lowercase letters, digits and . _ - separators";

  /** The shared task with {@code volumes} and the containers as flow-sequence items. */
  private static String task(String volumes, String... containers) {
    return minimal("task:\n  volumes: " + volumes + "\n  containers:\n" + Stream.of(containers)
        .map(c -> "    - {" + c + "}\n").reduce("", String::concat));
  }

  /** The default services, replaced by {@code services} (YAML under services:). */
  private static String services(String services) {
    return minimal("services:\n" + services);
  }

  @ParameterizedTest(name = "accepts image {0}")
  @ValueSource(strings = {"nginx", "nginx:1.27", "nginx@" + DIGEST, "nginx:1.27@" + DIGEST,
      "public.ecr.aws/docker/library/busybox:stable", "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:v1.2_3",
      "localhost:5000/app", "registry.example.com:443/a/b/c__d-e.f:latest", "ghcr.io/org/app-name:sha-1a2b3c"})
  void acceptsImageReference(String image) {
    assertThat(ConfigYaml.parse(minimal("task:\n  image: '" + image + "'\n")).task().image()).isEqualTo(image);
  }

  static Stream<String> badImages() {
    return Stream.of("Nginx", "nginx:", "nginx@sha256:0123", "nginx@sha512:ab", ":1.0", "nginx/", "nginx:-1",
        "registry.example.com/App:1", "nginx@" + DIGEST.toUpperCase(java.util.Locale.ROOT).replace("SHA", "sha"),
        "a..b/c", "${file(\"/etc/hostname\")}", "nginx:" + "a".repeat(129));
  }

  @ParameterizedTest(name = "fails on image {0}")
  @MethodSource("badImages")
  void failsOnImageOutsideTheReferenceGrammar(String image) {
    assertThat(ConfigYaml.problems(minimal("task:\n  image: '" + image + "'\n")))
        .containsExactly(T + "image: " + Display.quote(image) + IMAGE_RULE);
  }

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(
        fails("failsOnEphemeralStorageOfFargatesDefault", minimal("task:\n  ephemeralStorageGiB: 20\n"),
            T + "ephemeralStorageGiB: 20 is out of range (21-200)"),
        fails("failsOnEphemeralStorageAboveFargate", minimal("task:\n  ephemeralStorageGiB: 201\n"),
            T + "ephemeralStorageGiB: 201 is out of range (21-200)"),
        fails("failsOnUnknownVolume", task("[cache]", APP + ", mountPoints: [{volume: cache, path: /c},"
                + " {volume: tmp, path: /tmp}]"),
            T + "containers[0].mountPoints[1].volume: the task has no volume 'tmp' (task.volumes: cache)"),
        fails("failsOnMountWithoutVolumes", minimal("task:\n  containers:\n    - {" + APP + ", mountPoints:"
                + " [{volume: tmp, path: /tmp}]}\n"),
            T + "containers[0].mountPoints[0].volume: the task has no volume 'tmp' (task.volumes: none)"),
        fails("failsOnVolumeListedTwice", task("[tmp, tmp]", APP + ", mountPoints: [{volume: tmp, path: /tmp}]"),
            T + "volumes[1]: volume 'tmp' is listed twice"),
        fails("failsOnVolumeMountedNowhere", minimal("task:\n  volumes: [tmp]\n"),
            T + "volumes[0]: volume 'tmp' is mounted by no container; mount it under a container's mountPoints"
                + " or remove it"),
        fails("failsOnVolumeNameOutsideEcsCharacters", task("['a b']", APP + ", mountPoints: [{volume: 'a b',"
                + " path: /x}]"),
            T + "volumes[0]: 'a b' may only contain letters, digits, '_' and '-'"),
        fails("failsOnSamePathTwice", task("[a, b]", APP + ", mountPoints: [{volume: a, path: /data},"
                + " {volume: b, path: /data/}]"),
            T + "containers[0].mountPoints[1].path: '/data/' is already a mount point of the container"
                + " (task.containers[0].mountPoints[0])"),
        fails("failsOnRelativePath", task("[a]", APP + ", mountPoints: [{volume: a, path: data}]"),
            T + "containers[0].mountPoints[0].path: 'data' must be an absolute path"),
        fails("failsOnMountWithoutPath", task("[a]", APP + ", mountPoints: [{volume: a}]"),
            T + "containers[0].mountPoints[0].path: is required"),
        fails("failsOnCallsOutsideServiceConnect", services("  - name: server\n    serviceConnect: {endpoints:"
                + " [{portName: nginx, discoveryName: server}]}\n  - name: worker\n    serviceConnect: none\n"
                + "    calls: [server]\n"),
            X + "services[1].calls: the service is outside Service Connect (serviceConnect: none), so its tasks"
                + " have no aliases to call; remove calls, or drop serviceConnect: none"),
        fails("failsOnCallingAServiceOutsideServiceConnect", services("  - name: worker\n    serviceConnect: none\n"
                + "  - name: client\n    calls: [worker]\n"),
            X + "services[1].calls[0]: 'worker' is outside Service Connect (serviceConnect: none): it publishes no"
                + " endpoint to call"),
        fails("failsOnBastionReachingAServiceOutsideServiceConnect", minimal("services:\n  - name: worker\n"
                + "    serviceConnect: none\nbastion:\n  reaches: [worker]\n"),
            X + "bastion.reaches[0]: 'worker' is outside Service Connect (serviceConnect: none): it publishes no"
                + " endpoint to call"),
        fails("failsOnServiceConnectOff", services("  - name: worker\n    serviceConnect: off\n"),
            X + "services[0].serviceConnect: 'off' must be none (outside Service Connect) or a mapping"),
        fails("failsOnServiceConnectList", services("  - name: worker\n    serviceConnect: []\n"),
            X + "services[0].serviceConnect: expected a mapping or a string, got a list"),
        fails("failsOnProxyLogsNone", services("  - name: web\n    serviceConnect: {logs: none}\n"),
            X + "services[0].serviceConnect.logs: 'none' must be off or a mapping of awslogs options"),
        fails("failsOnProxyLogsUnknownMode", services("  - name: web\n    serviceConnect: {logs: {mode: fast}}\n"),
            X + "services[0].serviceConnect.logs.mode: 'fast' is not an awslogs mode; expected blocking or"
                + " non-blocking"),
        fails("failsOnBufferWithoutNonBlocking", services("  - name: web\n    serviceConnect: {logs:"
                + " {mode: blocking, maxBufferSize: 25m}}\n"),
            X + "services[0].serviceConnect.logs.maxBufferSize: is the buffer of mode non-blocking; set mode:"
                + " non-blocking or remove it"),
        fails("failsOnBufferSizeWithoutNumber", services("  - name: web\n    serviceConnect: {logs:"
                + " {mode: non-blocking, maxBufferSize: m}}\n"),
            X + "services[0].serviceConnect.logs.maxBufferSize: 'm' must be a size such as 25m: a number, then b,"
                + " k, m or g"),
        fails("failsOnPrefixWithLogsOff", services("  - name: web\n    serviceConnect: {logs: off,"
                + " logStreamPrefix: p}\n"),
            X + "services[0].serviceConnect.logStreamPrefix: names the proxy's log streams, but logs is off"));
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("noEphemeralStorageByDefault", minimal(""), c -> c.task().ephemeralStorageGiB(), Optional.empty()),
        accepts("ephemeralStorageAtFargatesMaximum", minimal("task:\n  ephemeralStorageGiB: 200\n"),
            c -> c.task().ephemeralStorageGiB(), Optional.of(200)),
        accepts("noVolumesByDefault", minimal(""), c -> c.task().volumes(), List.of()),
        accepts("volumesInOrder", task("[spool, tmp]", APP + ", mountPoints: [{volume: tmp, path: /tmp}]",
                "name: side, image: busybox, mountPoints: [{volume: spool, path: /s, readOnly: true}]"),
            c -> c.task().volumes(), List.of("spool", "tmp")),
        accepts("mountPointReadWriteByDefault", task("[tmp]", APP + ", mountPoints: [{volume: tmp, path: /tmp}]"),
            c -> c.task().app().mountPoints(), List.of(new MountPoint("tmp", "/tmp", false))),
        accepts("oneVolumeInTwoContainers", task("[spool]", APP + ", mountPoints: [{volume: spool, path: /w}]",
                "name: side, image: busybox, mountPoints: [{volume: spool, path: /r, readOnly: true}]"),
            c -> c.task().containers().get(1).mountPoints(), List.of(new MountPoint("spool", "/r", true))),
        accepts("serviceConnectByDefault", minimal(""), c -> c.services().get(0).serviceConnect().enabled(), true),
        accepts("serviceConnectNone", services("  - name: worker\n    serviceConnect: none\n"),
            c -> c.services().get(0).serviceConnect(), ServiceConnect.NONE),
        accepts("outsideServiceConnectIsNotClientOnly", services("  - name: worker\n    serviceConnect: none\n"),
            c -> c.services().get(0).serviceConnect().clientOnly(), false),
        accepts("proxyLogsDefault", minimal(""), c -> c.services().get(0).serviceConnect().logs(),
            Optional.of(ProxyLogs.DEFAULT)),
        accepts("proxyLogsOff", services("  - name: web\n    serviceConnect: {logs: off}\n"),
            c -> c.services().get(0).serviceConnect().logs(), Optional.empty()),
        accepts("proxyLogsNonBlocking", services("  - name: web\n    serviceConnect: {logs: {mode: non-blocking,"
                + " maxBufferSize: 25m}}\n"),
            c -> c.services().get(0).serviceConnect().logs(),
            Optional.of(new ProxyLogs(Optional.of("non-blocking"), Optional.of("25m")))));
  }
}
