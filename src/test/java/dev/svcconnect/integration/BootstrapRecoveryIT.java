package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.cli.BootstrapImport;
import dev.svcconnect.cli.Terraform;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.plan.PlanDifferences;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.target.DeploymentTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import dev.svcconnect.tiers.EmulatorTier;

/**
 * The runbook of docs/state.md, "Lost bootstrap state", on the emulator through the real launcher: deploy, delete
 * the bootstrap stack's local state file, see a plain {@code ./main bootstrap} fail on the bucket that exists, run
 * {@code ./main bootstrap --import}, and check that the next bootstrap plans no changes and that the bucket, its
 * settings and every state object in it are as they were.
 *
 * <p>Region eu-west-1, like the AWS example: in us-east-1 S3 (and moto) answer a second CreateBucket of your own
 * bucket with 200, so the failure this recovers from would not show.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class BootstrapRecoveryIT {
  private static final Path LOGS = Path.of("target/bootstrap-recovery-it");
  private static final String CONFIG = """
      environment: recovery
      target:
        kind: local
        region: eu-west-1
      state:
        bucket: ecs-service-connect-tfstate-recovery
      network:
        natGateways: none
      bastion:
        enabled: false
      """;

  private TestEmulator emulator;
  private AwsClients aws;
  private EnvironmentConfig config;
  private Path configFile;
  private Path outdir;
  private Path bootstrapState;
  /** Every object version in the bucket after the deploy: key and version id to ETag. */
  private Map<String, String> objectsBefore;
  private final Map<String, Duration> timings = new LinkedHashMap<>();

  @BeforeAll
  void deploy(TestEmulator emulator) throws IOException, InterruptedException {
    Files.createDirectories(LOGS);
    this.emulator = emulator;
    configFile = emulator.work.resolve("recovery.yaml");
    Files.writeString(configFile, CONFIG);
    config = ConfigLoader.load(configFile);
    aws = emulator.aws(config.target().region());
    outdir = emulator.work.resolve("cdktf.out");
    bootstrapState = outdir.resolve("stacks").resolve(StateBootstrapStack.ID)
        .resolve(StateBootstrapStack.statePath(config.environment())).normalize();

    assertThat(main("0-deploy", "deploy")).as("deploy; see " + log("0-deploy")).isZero();
    assertThat(bootstrapState).as("the bootstrap stack's local state").isRegularFile();
    objectsBefore = objectVersions();
    assertThat(objectsBefore.keySet()).as("state objects in the bucket")
        .anyMatch(k -> k.startsWith(config.state().key() + "@"));
  }

  @AfterAll
  void writeTimings() throws IOException {
    Files.writeString(LOGS.resolve("timings.txt"), timings.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue().toMillis() / 1000.0 + " s").collect(Collectors.joining("\n"))
        + "\n");
  }

  private static Path log(String step) {
    return LOGS.resolve(step + ".log");
  }

  private static String read(String step) throws IOException {
    return Files.readString(log(step), StandardCharsets.UTF_8);
  }

  /** Runs {@code ./main ARGS --config <config>}; output to target/bootstrap-recovery-it/STEP.log. */
  private int main(String step, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("./main"));
    command.addAll(List.of(args));
    command.addAll(List.of("--config", configFile.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(step).toFile());
    pb.environment().putAll(emulator.env);
    pb.environment().put("CDKTF_OUTDIR", outdir.toString());
    // the build under test is the one Maven just made: the launcher must not rebuild it mid-verify
    pb.environment().put("SVCCONNECT_NO_BUILD", "1");
    pb.environment().remove("SVCCONNECT_CONFIG");
    Instant start = Instant.now();
    Process p = pb.start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as(step + " finished").isTrue();
    timings.put(step, Duration.between(start, Instant.now()));
    return p.exitValue();
  }

  private Terraform terraform() {
    return Terraform.create(emulator.env, DeploymentTarget.resolve(config, emulator.env).processEnvironment(),
        outdir);
  }

  private Path stackDir(String stack) {
    return outdir.resolve("stacks").resolve(stack);
  }

  private Map<String, String> objectVersions() {
    return aws.s3.listObjectVersions(b -> b.bucket(config.state().bucket())).versions().stream()
        .collect(Collectors.toMap(v -> v.key() + "@" + v.versionId(), v -> v.eTag(), (a, b) -> a,
            LinkedHashMap::new));
  }

  @Test
  @Order(1)
  void withTheBootstrapStateLostAPlainBootstrapFailsOnTheBucketThatExists() throws Exception {
    try (Stream<Path> files = Files.list(bootstrapState.getParent())) {
      for (Path f : files.toList()) {
        Files.delete(f); // the state and its backup: the machine that had them is gone
      }
    }

    assertThat(main("1-bootstrap-without-state", "bootstrap")).isEqualTo(1);
    assertThat(read("1-bootstrap-without-state")).contains("BucketAlreadyOwnedByYou")
        .contains("creating S3 Bucket (" + config.state().bucket() + ")");
    assertThat(objectVersions()).as("the failed bootstrap changed no object").isEqualTo(objectsBefore);
  }

  @Test
  @Order(2)
  void bootstrapImportAdoptsTheBucketAndEverySettingIntoAFreshState() throws Exception {
    assertThat(main("2-bootstrap-import", "bootstrap", "--import")).isZero();

    StackDocument synthesized = StackDocument.read(StateBootstrapStack.ID,
        stackDir(StateBootstrapStack.ID).resolve("cdk.tf.json"));
    String log = read("2-bootstrap-import");
    assertThat(log).contains("Apply complete! Resources: " + synthesized.resources().size() + " imported, 0 added,");
    assertThat(log).contains("0 destroyed.");
    for (StackDocument.Resource r : synthesized.resources()) {
      assertThat(log).contains(r.address() + ": Import complete [id=" + config.state().bucket() + "]");
    }
    Terraform.Result list = terraform().capture(stackDir(StateBootstrapStack.ID), "state", "list");
    assertThat(list.stdout().lines().toList()).as("the new bootstrap state")
        .containsExactlyInAnyOrderElementsOf(synthesized.resources().stream()
            .map(StackDocument.Resource::address).toList());
    assertThat(stackDir(StateBootstrapStack.ID).resolve(BootstrapImport.FILE)).as("import blocks removed")
        .doesNotExist();
  }

  @Test
  @Order(3)
  void thenBootstrapPlansNoChangesAndTheBucketAndItsStateObjectsAreIntact() throws Exception {
    Terraform.Result plan = terraform().capture(stackDir(StateBootstrapStack.ID), "plan", "-input=false",
        "-detailed-exitcode");
    Files.writeString(log("3-plan-bootstrap"), plan.stdout());
    assertThat(plan.exitCode()).as("terraform plan of the bootstrap stack: 0 means no changes; see "
        + log("3-plan-bootstrap")).isZero();
    assertThat(main("3-bootstrap", "bootstrap")).isZero();
    assertThat(read("3-bootstrap")).contains("No changes.")
        .contains("Apply complete! Resources: 0 added, 0 changed, 0 destroyed.");

    String bucket = config.state().bucket();
    assertThat(objectVersions()).as("every object version, the service stack's state included").isEqualTo(
        objectsBefore);
    assertThat(aws.s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
    var rule = aws.s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0);
    assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(rule.bucketKeyEnabled()).isTrue();
    var block = aws.s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
    assertThat(List.of(block.blockPublicAcls(), block.blockPublicPolicy(), block.ignorePublicAcls(),
        block.restrictPublicBuckets())).containsOnly(true);

    // the service stack still finds its state in the bucket, and nothing it manages differs from it
    Terraform tf = terraform();
    Path service = stackDir(ServiceConnectStack.ID);
    Path planFile = emulator.work.resolve("service.tfplan");
    Terraform.Result servicePlan = tf.capture(service, "plan", "-input=false", "-detailed-exitcode",
        "-out=" + planFile);
    Files.writeString(log("3-plan-service"), servicePlan.stdout());
    var shown = tf.capture(service, "show", "-json", planFile.toString());
    assertThat(PlanDifferences.of(StackDocument.MAPPER.readTree(shown.stdout())))
        .as("differences of the service stack's plan; see " + log("3-plan-service")).isEmpty();
    assertThat(servicePlan.exitCode()).as("service plan: 0 means no changes").isZero();
  }
}
