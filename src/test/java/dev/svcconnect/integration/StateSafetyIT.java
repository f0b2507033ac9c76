package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.aws.S3Objects;
import dev.svcconnect.cli.Terraform;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.plan.PlanDifferences;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.target.EmulatorGap;
import dev.svcconnect.tiers.EmulatorTier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * State safety on the emulator, through the real launcher ({@code ./main deploy|plan|unlock|destroy} as
 * subprocesses) and Terraform's S3 backend with {@code use_lockfile}: two deploys at once, an apply killed with
 * SIGKILL and {@code ./main unlock}, the README's state-restore runbook, and destroying twice. One emulator and one
 * deployment are shared by the ordered steps, each building on the previous one.
 *
 * <p>The stack is the small one ({@link SmallStack#LOCAL}). Locking, interruption and restore do not depend on what
 * the resources are, and every apply here is on the critical path of CI.
 *
 * <p>Two working directories stand for two machines deploying the same environment (a workstation and CI): each
 * has its own synth output and its own copy of the bootstrap stack's local state, and they share the S3 state. On
 * AWS, deploy does not touch the bootstrap stack, so the S3 state is the only thing such runs share.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class StateSafetyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path LOGS = Path.of("target/state-safety-it");
  /** The same stack with one more default tag: every tagged resource gets an in-place update. */
  private static final String TAGGED = SmallStack.LOCAL + """
      tags:
        Reliability: interrupted
      """;
  /** Another default tag: the update that SIGTERM interrupts. */
  private static final String TERMINATED = SmallStack.LOCAL + """
      tags:
        Reliability: terminated
      """;
  private static final String VPC_NAME = "ecs-service-connect-local-vpc";

  private TestEmulator emulator;
  private AwsClients aws;
  private EnvironmentConfig config;
  private Path machineA;
  private Path machineB;
  private String bucket;
  private String key;
  private String lineage;

  @BeforeAll
  void bootstrap(TestEmulator emulator) throws IOException, InterruptedException {
    Files.createDirectories(LOGS);
    this.emulator = emulator;
    machineA = Files.createDirectories(emulator.work.resolve("a"));
    machineB = Files.createDirectories(emulator.work.resolve("b"));
    Files.writeString(emulator.work.resolve("small.yaml"), SmallStack.LOCAL);
    Files.writeString(emulator.work.resolve("tagged.yaml"), TAGGED);
    Files.writeString(emulator.work.resolve("terminated.yaml"), TERMINATED);
    config = ConfigLoader.load(emulator.work.resolve("small.yaml"));
    bucket = config.state().bucket();
    key = config.state().key();
    aws = emulator.aws(config.target().region());

    assertThat(main(machineA, "0-bootstrap", "bootstrap", "-c", config("small.yaml")).waitFor()).isZero();
    // machine B knows the bucket too: it has the bootstrap state, as the README asks users to keep it
    Path state = Path.of(".terraform-state", config.environment(), StateBootstrapStack.ID + ".tfstate");
    Files.createDirectories(machineB.resolve(state).getParent());
    Files.copy(machineA.resolve(state), machineB.resolve(state));
  }

  private String config(String name) {
    return emulator.work.resolve(name).toString();
  }

  private static Path log(String step) {
    return LOGS.resolve(step + ".log");
  }

  /** Starts {@code ./main ARGS} for one machine; its output goes to target/state-safety-it/STEP.log. */
  private Process main(Path machine, String step, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("./main"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(step).toFile());
    pb.environment().putAll(emulator.env);
    pb.environment().put("CDKTF_OUTDIR", machine.resolve("cdktf.out").toString());
    // the build under test is the one Maven just made: the launcher must not rebuild it mid-verify
    pb.environment().put("SVCCONNECT_NO_BUILD", "1");
    pb.environment().remove("SVCCONNECT_CONFIG");
    return pb.start();
  }

  private int run(Path machine, String step, String... args) throws IOException, InterruptedException {
    Process p = main(machine, step, args);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as(step + " finished").isTrue();
    return p.exitValue();
  }

  private static String read(String step) throws IOException {
    return Files.readString(log(step), StandardCharsets.UTF_8);
  }

  /** Terraform with the environment ./main gives it, for reading plans in a machine's synthesized stack. */
  private Terraform terraform(Path machine) {
    return Terraform.create(emulator.env, DeploymentTarget.resolve(config, emulator.env).processEnvironment(),
        machine.resolve("cdktf.out"));
  }

  /** How many resources the small stack declares, read from the synth the bootstrap step wrote. */
  private int synthesizedResources() throws IOException {
    JsonNode stack = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        serviceDir(machineA).resolve("cdk.tf.json").toFile());
    int n = 0;
    for (JsonNode byName : stack.path("resource")) {
      n += byName.size();
    }
    return n;
  }

  private Path serviceDir(Path machine) {
    return machine.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID);
  }

  /** Plans the service stack in {@code machine} and returns every attribute the plan would change. */
  private List<PlanDifferences.Difference> plan(Path machine, String step) throws IOException {
    Terraform tf = terraform(machine);
    Path planFile = machine.resolve(step + ".tfplan");
    Terraform.Result plan = tf.capture(serviceDir(machine), "plan", "-input=false", "-detailed-exitcode",
        "-out=" + planFile);
    Files.writeString(log(step), plan.stdout());
    assertThat(plan.exitCode()).as("plan exit code (0 no changes, 2 changes); see " + log(step)).isIn(0, 2);
    Terraform.Result shown = tf.capture(serviceDir(machine), "show", "-json", planFile.toString());
    return PlanDifferences.of(JSON.readTree(shown.stdout()));
  }

  private static void assertNoDifference(List<PlanDifferences.Difference> differences) {
    assertThat(differences).as("differences of the plan").isEmpty();
  }

  private JsonNode stateObject(String versionId) throws IOException {
    return JSON.readTree(aws.s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId))
        .asByteArray());
  }

  /** The state object's versions, newest first (S3's documented order). */
  private List<ObjectVersion> stateVersions() {
    return aws.s3.listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions().stream()
        .filter(v -> v.key().equals(key)).toList();
  }

  private boolean lockFileExists() {
    return S3Objects.exists(aws.s3, bucket, key + ".tflock");
  }

  private JsonNode lockInfo() throws IOException {
    return JSON.readTree(aws.s3.getObjectAsBytes(b -> b.bucket(bucket).key(key + ".tflock")).asByteArray());
  }

  private static int managedResources(JsonNode state) {
    int n = 0;
    for (JsonNode r : state.path("resources")) {
      if (r.path("mode").asText().equals("managed")) {
        n += r.path("instances").size();
      }
    }
    return n;
  }

  /** What a duplicate would show: more than one tagged VPC, cluster or set of services. */
  private void assertExactlyOneDeployment() {
    var vpcs = aws.ec2.describeVpcs(b -> b.filters(Filter.builder().name("tag:Name").values(VPC_NAME).build()))
        .vpcs();
    assertThat(vpcs).as("VPCs named " + VPC_NAME).hasSize(1);
    var clusters = aws.ecs.describeClusters(b -> b.clusters(config.cluster().name())).clusters();
    assertThat(clusters).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo("ACTIVE"));
    assertThat(aws.ecs.listServices(b -> b.cluster(config.cluster().name())).serviceArns())
        .extracting(arn -> arn.substring(arn.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrder("server-service", "client-service");
    assertThat(aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces()).hasSize(1);
    assertThat(aws.ec2.describeSubnets(b -> b.filters(
        Filter.builder().name("vpc-id").values(vpcs.get(0).vpcId()).build())).subnets()).hasSize(4);
  }

  private static final Pattern APPLIED = Pattern.compile("Apply complete! Resources: (\\d+) added, (\\d+) changed,"
      + " (\\d+) destroyed");

  /** The counts of the last "Apply complete!" line: the service stack's, which is applied after the bucket. */
  private static int[] applied(String log) {
    Matcher m = APPLIED.matcher(log);
    int[] last = null;
    while (m.find()) {
      last = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }
    assertThat(last).as("an Apply complete! line").isNotNull();
    return last;
  }

  @Test
  @Order(1)
  void twoDeploysAtOnceOneProceedsAndTheOtherFailsFastOnTheLock() throws Exception {
    Instant start = Instant.now();
    Process a = main(machineA, "1-deploy-a", "deploy", "-c", config("small.yaml"));
    Process b = main(machineB, "1-deploy-b", "deploy", "-c", config("small.yaml"));
    Map<String, CompletableFuture<Instant>> ended = Map.of(
        "a", a.onExit().thenApply(p -> Instant.now()), "b", b.onExit().thenApply(p -> Instant.now()));
    assertThat(a.waitFor(10, TimeUnit.MINUTES) && b.waitFor(10, TimeUnit.MINUTES)).isTrue();

    boolean aWon = a.exitValue() == 0;
    assertThat(List.of(a.exitValue(), b.exitValue())).as("exit codes of a and b").containsExactlyInAnyOrder(0, 1);
    String winner = aWon ? "a" : "b";
    String loser = aWon ? "b" : "a";
    String loserLog = read("1-deploy-" + loser);
    // Terraform's lock error, from the S3 conditional write (If-None-Match) of the lock file
    assertThat(loserLog).contains("Error acquiring the state lock")
        .contains("PreconditionFailed")
        .contains("Path:      " + bucket + "/" + key)
        .contains("Operation: OperationTypeApply");
    assertThat(loserLog).as("the loser planned and changed nothing").doesNotContain("Creating...")
        .doesNotContain("Plan: ");
    Duration loserTook = Duration.between(start, ended.get(loser).get());
    Duration winnerTook = Duration.between(start, ended.get(winner).get());
    Files.writeString(log("1-race-timing"), "winner " + winner + " took " + winnerTook.toSeconds() + " s, loser "
        + loser + " failed after " + loserTook.toSeconds() + " s\n");
    assertThat(loserTook).as("the loser fails fast, while the winner still holds the lock").isLessThan(winnerTook);

    int added = applied(read("1-deploy-" + winner))[0];
    assertThat(added).isEqualTo(synthesizedResources());
    // the state object: one lineage across every version written, the latest holding what the winner applied
    List<ObjectVersion> versions = stateVersions();
    assertThat(versions).isNotEmpty();
    JsonNode latest = stateObject(versions.get(0).versionId());
    lineage = latest.path("lineage").asText();
    List<Integer> serials = new ArrayList<>();
    for (ObjectVersion v : versions) {
      JsonNode state = stateObject(v.versionId());
      assertThat(state.path("lineage").asText()).as("lineage of version " + v.versionId()).isEqualTo(lineage);
      serials.add(state.path("serial").asInt());
    }
    assertThat(serials).as("serials, newest first").isSortedAccordingTo((x, y) -> Integer.compare(y, x))
        .doesNotHaveDuplicates();
    assertThat(managedResources(latest)).isEqualTo(added);
    assertThat(lockFileExists()).as("the winner released the lock").isFalse();
    assertExactlyOneDeployment();
  }

  @Test
  @Order(2)
  void rerunAfterTheRaceConverges() throws Exception {
    JsonNode before = stateObject(stateVersions().get(0).versionId());

    // the machine that lost the race deploys again: nothing is created, destroyed or duplicated
    assertThat(run(machineB, "2-rerun-b", "deploy", "-c", config("small.yaml"))).isZero();
    int[] counts = applied(read("2-rerun-b"));
    assertThat(counts[0]).as("added").isZero();
    assertThat(counts[2]).as("destroyed").isZero();
    JsonNode after = stateObject(stateVersions().get(0).versionId());
    assertThat(after.path("lineage").asText()).isEqualTo(lineage);
    assertThat(after.path("serial").asInt()).isGreaterThanOrEqualTo(before.path("serial").asInt());
    assertExactlyOneDeployment();
    // the plan after this apply is checked after the next step's rerun, which must converge as well
  }

  /** The terraform process of a ./main run, and the provider plugins it started. */
  private static List<ProcessHandle> terraformTree(Process main, String subcommand) {
    List<ProcessHandle> tree = new ArrayList<>();
    main.descendants()
        .filter(h -> h.info().command().map(c -> c.endsWith("/terraform")).orElse(false))
        .filter(h -> h.info().arguments().map(a -> List.of(a).contains(subcommand)).orElse(false))
        .forEach(tf -> {
          tree.add(tf);
          tf.descendants().forEach(tree::add);
        });
    return tree;
  }

  private static boolean serviceStackUpdateStarted(String log) {
    // deploy's name check is the last step before the service stack's apply (init may be skipped, and print nothing)
    int serviceApply = log.indexOf("names: read the state");
    return serviceApply >= 0 && log.indexOf("Modifying...", serviceApply) >= 0;
  }

  private static final Pattern STOPPED = Pattern.compile("main: SIGTERM received: terraform apply in \\S+"
      + "service-connect stopped \\(exit (\\d+)\\)");

  /**
   * Issue 14, cancellation: SIGTERM to ./main alone (as a CI runner or a process manager sends it; Ctrl-C reaches
   * ./main the same way) while terraform applies. ./main forwards it, terraform stops gracefully (it finishes the
   * calls in flight, saves the state and releases the lock), ./main reports the lock free and exits with
   * terraform's status; no terraform or provider process is left running. The update it interrupts is completed by
   * the next step, whose tag change touches every tagged resource again.
   */
  @Test
  @Order(3)
  void sigtermMidApplyStopsTerraformGracefullyAndLeavesTheStateUnlocked() throws Exception {
    Process deploy = main(machineA, "3-deploy-terminated", "deploy", "-c", config("terminated.yaml"));
    Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
    while (!serviceStackUpdateStarted(read("3-deploy-terminated"))) {
      assertThat(deploy.isAlive()).as("deploy still running; see " + log("3-deploy-terminated")).isTrue();
      assertThat(Instant.now()).as("an update started").isBefore(deadline);
      Thread.sleep(50);
    }
    List<ProcessHandle> tree = terraformTree(deploy, "apply");
    assertThat(tree).as("terraform apply and its provider").hasSizeGreaterThanOrEqualTo(2);

    // ./main only: the launcher execs the JVM, so the process started is ./main itself, terraform its grandchild
    Process kill = new ProcessBuilder("kill", "-s", "TERM", Long.toString(deploy.pid())).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -s TERM").isZero();
    assertThat(deploy.waitFor(3, TimeUnit.MINUTES)).as("./main ends once terraform has stopped").isTrue();

    String log = read("3-deploy-terminated");
    Matcher stopped = STOPPED.matcher(log);
    assertThat(stopped.find()).as("./main says terraform stopped; see " + log("3-deploy-terminated")).isTrue();
    int terraformStatus = Integer.parseInt(stopped.group(1));
    assertThat(deploy.exitValue()).as("./main exits with terraform's status")
        .isEqualTo(terraformStatus != 0 ? terraformStatus : 128 + 15).isNotZero();
    assertThat(log).as("terraform's graceful stop").contains("Gracefully shutting down");
    assertThat(log).contains("main: the state lock of service-connect is free");
    assertThat(tree).as("no terraform or provider process survives ./main").noneMatch(ProcessHandle::isAlive);
    assertThat(lockFileExists()).as("terraform released the lock").isFalse();
    JsonNode state = stateObject(stateVersions().get(0).versionId());
    assertThat(state.path("lineage").asText()).isEqualTo(lineage);
    assertThat(managedResources(state)).as("a whole state, saved by terraform").isEqualTo(synthesizedResources());
  }

  @Test
  @Order(4)
  void applyKilledMidwayLeavesALockThatUnlockReleasesAndTheRerunConverges() throws Exception {
    ObjectVersion stateBefore = stateVersions().get(0);
    int serialBefore = stateObject(stateBefore.versionId()).path("serial").asInt();

    // an update of every tagged resource; killed as soon as terraform reports the first one in flight. The tag
    // reaches the state bucket too, so only updates after the service stack's S3 backend is set up count.
    Process deploy = main(machineA, "3-deploy-killed", "deploy", "-c", config("tagged.yaml"));
    Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
    while (!serviceStackUpdateStarted(read("3-deploy-killed"))) {
      assertThat(deploy.isAlive()).as("deploy still running; see " + log("3-deploy-killed")).isTrue();
      assertThat(Instant.now()).as("an update started").isBefore(deadline);
      Thread.sleep(50);
    }
    List<ProcessHandle> tree = terraformTree(deploy, "apply");
    assertThat(tree).as("terraform apply and its provider").hasSizeGreaterThanOrEqualTo(2);
    tree.forEach(ProcessHandle::destroyForcibly); // SIGKILL: terraform gets no chance to save or unlock
    assertThat(deploy.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(deploy.exitValue()).as("./main passes on terraform's 128 + SIGKILL").isEqualTo(137);
    String killedLog = read("3-deploy-killed");
    assertThat(killedLog.substring(killedLog.indexOf("names: read the state")))
        .as("the service stack's apply never completed").doesNotContain("Apply complete!");

    assertThat(lockFileExists()).as("the killed apply's lock is left behind").isTrue();
    JsonNode lock = lockInfo();
    String lockId = lock.path("ID").asText();
    assertThat(lock.path("Operation").asText()).isEqualTo("OperationTypeApply");
    assertThat(lock.path("Path").asText()).isEqualTo(bucket + "/" + key);
    // the state object is a whole state of the same lineage, whatever terraform managed to save before the kill
    JsonNode stateAfterKill = stateObject(stateVersions().get(0).versionId());
    assertThat(stateAfterKill.path("lineage").asText()).isEqualTo(lineage);
    assertThat(stateAfterKill.path("serial").asInt()).isGreaterThanOrEqualTo(serialBefore);
    assertThat(managedResources(stateAfterKill)).isEqualTo(synthesizedResources());

    // another run's lock ID releases nothing
    String otherId = "00000000-0000-0000-0000-000000000000";
    assertThat(run(machineB, "3-unlock-wrong-id", "unlock", "-c", config("tagged.yaml"), otherId)).isEqualTo(1);
    assertThat(lockFileExists()).isTrue();
    assertThat(lockInfo().path("ID").asText()).isEqualTo(lockId);

    assertThat(run(machineB, "3-unlock", "unlock", "-c", config("tagged.yaml"), lockId)).isZero();
    assertThat(read("3-unlock")).contains("Released the state lock " + lockId + " of stack service-connect (s3://"
        + bucket + "/" + key + ".tflock)");
    assertThat(lockFileExists()).as("unlock removed the lock file").isFalse();

    assertThat(run(machineA, "3-rerun", "deploy", "-c", config("tagged.yaml"))).isZero();
    int[] counts = applied(read("3-rerun"));
    assertThat(counts[0]).as("added").isZero();
    assertThat(counts[2]).as("destroyed").isZero();
    assertExactlyOneDeployment();
    var vpc = aws.ec2.describeVpcs(b -> b.filters(Filter.builder().name("tag:Name").values(VPC_NAME).build()))
        .vpcs().get(0);
    assertThat(vpc.tags()).anySatisfy(t -> {
      assertThat(t.key()).isEqualTo("Reliability");
      assertThat(t.value()).isEqualTo("interrupted");
    });
    // idempotency: apply, then plan again (EmulatorDeployIT does the same for the full default stack)
    assertNoDifference(plan(machineA, "3-plan-after-rerun"));
  }

  @Test
  @Order(5)
  void runbookRestoresThePreviousStateVersionAndThePlanReturnsToIt() throws Exception {
    String good = stateVersions().get(0).versionId();
    byte[] goodBytes = aws.s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(good)).asByteArray();

    // the accident: resources dropped from the state by mistake; the next plan would create them a second time
    Terraform tf = terraform(machineA);
    List<String> dropped = tf.capture(serviceDir(machineA), "state", "list").stdout().lines()
        .filter(a -> a.startsWith("aws_ecs_cluster.") || a.startsWith("aws_cloudwatch_log_group.")).toList();
    assertThat(dropped).hasSize(2);
    List<String> rm = new ArrayList<>(List.of("state", "rm"));
    rm.addAll(dropped);
    assertThat(tf.capture(serviceDir(machineA), rm.toArray(String[]::new)).exitCode()).isZero();
    assertThat(plan(machineA, "4-plan-after-accident").stream()
        .filter(d -> d.actions().equals(List.of("create"))).map(PlanDifferences.Difference::address)
        .collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(dropped);

    // The README's runbook, step by step, with the same S3 calls as its aws s3api commands.
    // 1. No run is active: there is no lock file.
    assertThat(lockFileExists()).isFalse();
    // 2. list-object-versions: newest first; the bad version is the latest, the one to restore is next.
    List<ObjectVersion> versions = stateVersions();
    assertThat(versions.get(0).isLatest()).isTrue();
    String previous = versions.get(1).versionId();
    assertThat(previous).as("the runbook picks the version before the accident").isEqualTo(good);
    // 3. get-object --version-id: check it is the state you expect (serial, resource count).
    JsonNode candidate = stateObject(previous);
    assertThat(managedResources(candidate)).isEqualTo(synthesizedResources());
    // 4. copy-object from that version, without encryption headers: it becomes the latest version, encrypted as
    // the bucket's default says (SSE-KMS); nothing is deleted.
    assertThat(aws.s3.headObject(b -> b.bucket(bucket).key(key).versionId(previous)).serverSideEncryption())
        .as("Terraform's S3 backend (encrypt = true, kms_key_id = alias/aws/s3) writes state versions with SSE-KMS")
        .isEqualTo(ServerSideEncryption.AWS_KMS);
    aws.s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).sourceVersionId(previous)
        .destinationBucket(bucket).destinationKey(key));

    List<ObjectVersion> restored = stateVersions();
    assertThat(restored).hasSize(versions.size() + 1);
    assertThat(aws.s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()).isEqualTo(goodBytes);
    assertThat(aws.s3.headObject(b -> b.bucket(bucket).key(key)).serverSideEncryption())
        .as("the restored version keeps the bucket's SSE-KMS").isEqualTo(ServerSideEncryption.AWS_KMS);
    // 5. plan: back to where it was before the accident, no difference
    assertNoDifference(plan(machineA, "4-plan-after-restore"));
  }

  @Test
  @Order(6)
  void destroyTwiceInARowSucceedsAndLeavesNothing() throws Exception {
    assertThat(run(machineA, "5-destroy", "destroy", "-c", config("tagged.yaml"))).isZero();
    assertThat(run(machineA, "5-destroy-again", "destroy", "-c", config("tagged.yaml"))).isZero();
    assertThat(read("5-destroy-again")).contains("Nothing to destroy");

    // after a race, a kill and a restore: no resource was orphaned or duplicated along the way
    List<String> clusters = aws.ecs.listClusters(b -> b.build()).clusterArns();
    assertThat(clusters.isEmpty() ? List.<software.amazon.awssdk.services.ecs.model.Cluster>of()
        : aws.ecs.describeClusters(b -> b.clusters(clusters)).clusters())
        .allSatisfy(c -> assertThat(c.status()).isEqualTo("INACTIVE")); // moto lists deleted clusters so
    assertThat(aws.ecs.listTaskDefinitions(b -> b.status("ACTIVE")).taskDefinitionArns()).isEmpty();
    assertThat(aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces()).isEmpty();
    assertThat(aws.logs.describeLogGroups(b -> b.build()).logGroups()).isEmpty();
    assertThat(aws.ec2.describeVpcs(b -> b.build()).vpcs()).allSatisfy(v -> assertThat(v.isDefault()).isTrue());
    assertThat(aws.ec2.describeSecurityGroups(b -> b.build()).securityGroups())
        .allSatisfy(g -> assertThat(g.groupName()).isEqualTo("default"));
    assertThat(aws.ec2.describeInstances(b -> b.build()).reservations().stream()
        .flatMap(r -> r.instances().stream()))
        .allSatisfy(i -> assertThat(i.state().name()).isEqualTo(InstanceStateName.TERMINATED));
    assertThat(aws.iam.listRoles(b -> b.build()).roles())
        .noneMatch(r -> r.roleName().startsWith("ecs-service-connect-"));
    assertThat(aws.s3.listBuckets().buckets()).isEmpty();
  }
}
