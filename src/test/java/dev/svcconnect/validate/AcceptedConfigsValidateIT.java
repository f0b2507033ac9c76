package dev.svcconnect.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.app.Synthesizer;
import dev.svcconnect.cli.Terraform;
import dev.svcconnect.config.AwsLimitsTest;
import dev.svcconnect.config.ConfigException;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.scale.ScaleTopology;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.Stacks;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tiers.ValidateTier;
import dev.svcconnect.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property: every config the loader accepts synthesizes into stacks that pass {@code terraform validate} against
 * the real provider. Fed with every fixture that loads ({@code config/}, {@code src/test/resources/topology/} and
 * {@code src/test/resources/config/}; {@code all-options.yaml} also as an AWS target), 50 services calling each other
 * ({@code ScaleTopology}), every file {@code AwsLimitsTest} accepts at an AWS limit, and
 * {@value #DEFAULT_COUNT} files from {@link ConfigGenerator} (seed {@value #DEFAULT_SEED}; {@code -Dgenerated.seed=}
 * and {@code -Dgenerated.count=} change them). A failure names the config and prints its YAML, so that it can be
 * replayed.
 *
 * <p>For speed, {@value #BATCH} configs share one {@code terraform init} and one {@code validate}: each stack
 * becomes a module of one root configuration, without its backend block (which a module may not have and
 * {@code init -backend=false} does not read) and without its {@code provider} block, so that the modules share one
 * provider instance. Terraform starts one provider process per provider configuration in use, and starting the AWS
 * provider costs seconds, far more than validating a stack's resources. The provider blocks, which depend on the
 * target, region, account and top-level tags alone, are validated as Terraform reads them, at the root of each
 * stack, by {@link TerraformValidateIT} (both shipped configs, so both targets, and template text in the tags).
 * Batches are synthesized while Terraform validates the one before.
 */
@ValidateTier
class AcceptedConfigsValidateIT {
  static final long DEFAULT_SEED = 20240612L;
  static final int DEFAULT_COUNT = 300;
  static final long SEED = Long.getLong("generated.seed", DEFAULT_SEED);
  static final int COUNT = Integer.getInteger("generated.count", DEFAULT_COUNT);
  /** Configs per root configuration: two modules each. */
  static final int BATCH = 60;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Path> FIXTURE_DIRS = List.of(Path.of("config"), Path.of("src/test/resources/topology"),
      Path.of("src/test/resources/config"));

  /**
   * One accepted config: where it came from and its text, for the failure message; {@code aws}: synthesized for an
   * AWS target whatever its {@code target.kind}.
   */
  private record Case(String name, String yaml, EnvironmentConfig config, boolean aws) {
    Case(String name, String yaml, EnvironmentConfig config) {
      this(name, yaml, config, false);
    }
  }

  /** Every production option at once, as an AWS target gets it (the emulator needs no steady-state wait). */
  private static final Path ALL_OPTIONS = Path.of("src/test/resources/topology/all-options.yaml");

  @Test
  void everyAcceptedConfigIsValidTerraform(@TempDir Path work) throws Exception {
    long start = System.nanoTime();
    List<Case> cases = new ArrayList<>(fixtures());
    cases.add(new Case(ALL_OPTIONS + " as an AWS target", Files.readString(ALL_OPTIONS),
        ConfigLoader.load(ALL_OPTIONS), true));
    String scale = ScaleTopology.yaml(50, "scale", "scale-tfstate");
    cases.add(new Case("50 services (ScaleTopology)", scale, ConfigLoader.parse(Path.of("scale-50.yaml"), scale)));
    int fixtures = cases.size();
    AwsLimitsTest.acceptedAtTheLimits().forEach((name, yaml) -> cases.add(new Case("AwsLimitsTest " + name
        + " at the limit", yaml, ConfigLoader.parse(Path.of("at-limit-" + name + ".yaml"), yaml))));
    int atLimits = cases.size() - fixtures;
    ConfigGenerator generator = new ConfigGenerator(SEED);
    for (int i = 0; i < COUNT; i++) {
      String yaml = generator.next();
      try {
        cases.add(new Case("generated #" + i + " (seed " + SEED + ")", yaml,
            ConfigLoader.parse(Path.of("generated-" + i + ".yaml"), yaml)));
      } catch (ConfigException refused) {
        // The loader's to refuse; the property is about what it accepts (ConfigGeneratorTest: most of it).
      }
    }
    int generated = cases.size() - fixtures - atLimits;
    Terraform tf = Terraform.create(System.getenv(), Map.of(), work);
    List<String> failures = new ArrayList<>();
    long synthNanos = 0;
    ExecutorService terraform = Executors.newSingleThreadExecutor();
    try {
      List<Future<List<String>>> batches = new ArrayList<>();
      for (int from = 0; from < cases.size(); from += BATCH) {
        List<Case> batch = cases.subList(from, Math.min(from + BATCH, cases.size()));
        long synthStart = System.nanoTime();
        Path root = synthesize(work.resolve("batch" + from), batch);
        synthNanos += System.nanoTime() - synthStart;
        batches.add(terraform.submit(() -> validate(tf, root, batch)));
      }
      for (Future<List<String>> b : batches) {
        failures.addAll(b.get());
      }
    } finally {
      terraform.shutdownNow();
    }
    System.out.printf("AcceptedConfigsValidateIT: %d fixtures, %d configs at AWS limits, %d of %d generated configs"
        + " (seed %d) accepted; %d stacks validated in %d batches in %d s (synth %d s)%n", fixtures, atLimits,
        generated, COUNT, SEED, 2 * cases.size(), (cases.size() + BATCH - 1) / BATCH,
        (System.nanoTime() - start) / 1_000_000_000L, synthNanos / 1_000_000_000L);

    assertThat(generated).as("generated configs accepted").isGreaterThan(COUNT / 2);
    assertThat(failures).as("configs the loader accepts but terraform validate refuses").isEmpty();
  }

  /** Every fixture that loads (the bad ones under src/test/resources/config/ are the loader's to refuse). */
  private static List<Case> fixtures() throws IOException {
    List<Case> out = new ArrayList<>();
    for (Path dir : FIXTURE_DIRS) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          try {
            out.add(new Case(f.toString(), Files.readString(f), ConfigLoader.load(f)));
          } catch (ConfigException refused) {
            // a fixture of a refused file
          }
        }
      }
    }
    assertThat(out).extracting(Case::name).contains("config/local.yaml", "config/aws-example.yaml",
        "src/test/resources/topology/all-options.yaml", "src/test/resources/topology/template-text.yaml",
        "src/test/resources/config/minimal.yaml");
    return out;
  }

  /** Both stacks of each case as modules {@code c<i>_<stack>} of one root configuration; returns the root. */
  private static Path synthesize(Path root, List<Case> batch) throws IOException {
    Map<String, Object> modules = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      EnvironmentConfig config = batch.get(i).config();
      Path out = Files.createDirectories(root.resolve("synth" + i));
      DeploymentTarget target = DeploymentTarget.resolve(config, Map.of());
      Stacks.Synthesized synthesized = Synthesizer.synthUnchecked(config, Topology.of(config),
          batch.get(i).aws() ? target.asAws() : target, out);
      for (String stack : List.of(StateBootstrapStack.ID, ServiceConnectStack.ID)) {
        String module = "c" + i + "_" + stack;
        ObjectNode doc = (ObjectNode) JSON.readTree(synthesized.stackDir(stack).resolve("cdk.tf.json").toFile());
        ((ObjectNode) doc.path("terraform")).remove("backend");
        doc.remove("provider");
        Files.createDirectories(root.resolve(module));
        JSON.writeValue(root.resolve(module).resolve("cdk.tf.json").toFile(), doc);
        modules.put(module, Map.of("source", "./" + module));
      }
    }
    JSON.writeValue(root.resolve("main.tf.json").toFile(), Map.of("module", modules));
    return root;
  }

  /** One init and one validate of the batch's root; each error diagnostic with its config's name and text. */
  private static List<String> validate(Terraform tf, Path root, List<Case> batch) {
    if (tf.run(root, "init", "-backend=false", "-input=false") != 0) {
      return List.of("terraform init failed in " + root);
    }
    Terraform.Result result = tf.capture(root, "validate", "-json");
    JsonNode report;
    try {
      report = JSON.readTree(result.stdout());
    } catch (IOException e) {
      throw new UncheckedIOException("terraform validate printed no JSON: " + result.stdout(), e);
    }
    List<String> failures = new ArrayList<>();
    for (JsonNode d : report.path("diagnostics")) {
      String file = d.path("range").path("filename").asText();
      String module = file.contains("/") ? file.substring(0, file.indexOf('/')) : file;
      String where = module;
      String yaml = "";
      if (module.matches("c\\d+_.*")) {
        Case c = batch.get(Integer.parseInt(module.substring(1, module.indexOf('_'))));
        where = c.name() + ", " + module;
        yaml = "\n" + c.yaml();
      }
      failures.add(where + ": " + d.path("severity").asText() + ": " + d.path("summary").asText() + ": "
          + d.path("detail").asText() + yaml);
    }
    if (failures.isEmpty() && (!report.path("valid").asBoolean() || result.exitCode() != 0)) {
      failures.add("terraform validate of " + root + " is not valid: " + result.stdout());
    }
    return failures;
  }
}
