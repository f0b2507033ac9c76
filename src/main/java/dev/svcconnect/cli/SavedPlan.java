package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.config.Display;
import dev.svcconnect.config.EnvironmentConfig.TargetKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A saved plan: what {@code ./main plan --out DIR} writes and {@code ./main apply DIR} applies, exactly, the way
 * Atlantis and HCP Terraform apply the plan that was reviewed. One directory per plan:
 *
 * <pre>
 * DIR/plan.json                              {@value #MANIFEST}: environment, config, target, the stacks in apply order
 * DIR/stacks/&lt;stack&gt;/cdk.tf.json              the synthesized stack that was planned
 * DIR/stacks/&lt;stack&gt;/.terraform.lock.hcl      its provider lock file, when synth wrote one
 * DIR/stacks/&lt;stack&gt;/plan.tfplan              Terraform's saved plan (terraform plan -out)
 * </pre>
 *
 * <p>A saved plan holds the stacks whose state is shared: {@code service-connect}, whose state is in S3. The
 * {@code state-bootstrap} stack keeps its state in a local file beside the synth output, so it is never part of one
 * ({@code ./main bootstrap} applies it; locally {@code plan} applies it first, as {@code deploy} does). A stack dir
 * gets Terraform's {@code .terraform} when {@code apply} initializes it; the rest is written once.
 *
 * <p>Terraform's plan file carries the configuration it was made from and the state it was made against; applying it
 * after the state has moved on fails with Terraform's own "Saved plan is stale".
 *
 * <p>Made by {@link #begin} (a new one) or {@link #read} (a complete one, checked).
 *
 * @param dir the plan's directory
 * @param manifest what the plan was made for
 * @param created whether {@link #begin} created {@code dir}, which {@link #discard} then removes too
 */
public record SavedPlan(Path dir, Manifest manifest, boolean created) {
  /** The manifest's name: the file that makes a directory a saved plan. */
  public static final String MANIFEST = "plan.json";
  /** Each stack's Terraform plan file. */
  static final String PLAN_FILE = "plan.tfplan";
  /** The manifest's format; another one is refused rather than guessed at. */
  static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the plan was made for.
   *
   * @param environment the config's {@code environment}
   * @param config the environment file it was synthesized from, as the user named it
   * @param kind, region, accountId, endpoint the target: the local one's emulator URL, an AWS one's pinned account
   * @param stacks the stack ids, in apply order
   */
  public record Manifest(String environment, String config, TargetKind kind, String region,
      Optional<String> accountId, Optional<String> endpoint, List<String> stacks) {}

  /** Where {@code stack}'s synthesized files and plan file are. */
  public Path stackDir(String stack) {
    return dir.resolve("stacks").resolve(stack);
  }

  /** {@code stack}'s Terraform plan file, as an absolute path (Terraform runs in the stack's directory). */
  public Path planFile(String stack) {
    return stackDir(stack).resolve(PLAN_FILE).toAbsolutePath();
  }

  /**
   * Checks that {@code dir} can take a new saved plan before anything is planned: it does not exist, is empty, or
   * holds an earlier saved plan (which is replaced).
   *
   * @throws IllegalArgumentException one line naming {@code --out} when it is a file or a directory of other files
   */
  public static void checkTarget(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--out: " + Display.quote(dir.toString()) + " is a file; a saved plan is a"
          + " directory (it is created if missing)");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent() && !Files.isRegularFile(dir.resolve(MANIFEST))) {
        throw new IllegalArgumentException("--out: " + Display.quote(dir.toString()) + " is a directory that holds"
            + " other files, not a saved plan; name a new or empty directory");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * Starts a saved plan in {@code dir} (replacing an earlier one): copies each stack's synthesized files from
   * {@code synthesized} (stack id to its synth directory, in apply order). The manifest is written by
   * {@link #complete} only once every plan file exists, so a failed plan leaves no applicable directory.
   */
  public static SavedPlan begin(Path dir, Manifest manifest, List<Path> synthesized) {
    checkTarget(dir);
    boolean created = !Files.exists(dir);
    try {
      deleteTree(dir);
      for (int i = 0; i < manifest.stacks().size(); i++) {
        Path to = Files.createDirectories(dir.resolve("stacks").resolve(manifest.stacks().get(i)));
        for (String file : List.of("cdk.tf.json", ".terraform.lock.hcl")) {
          Path from = synthesized.get(i).resolve(file);
          if (Files.exists(from)) {
            Files.copy(from, to.resolve(file));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the saved plan " + dir, e);
    }
    return new SavedPlan(dir, manifest, created);
  }

  /** Writes the manifest: from now on {@code ./main apply DIR} applies this plan. */
  public void complete() {
    ObjectNode m = JSON.createObjectNode();
    m.put("format", FORMAT);
    m.put("environment", manifest.environment());
    m.put("config", manifest.config());
    ObjectNode target = m.putObject("target");
    target.put("kind", manifest.kind().name().toLowerCase(java.util.Locale.ROOT));
    target.put("region", manifest.region());
    manifest.accountId().ifPresent(a -> target.put("accountId", a));
    manifest.endpoint().ifPresent(e -> target.put("endpoint", e));
    ArrayNode stacks = m.putArray("stacks");
    manifest.stacks().forEach(stacks::add);
    try {
      Files.writeString(dir.resolve(MANIFEST), m.toPrettyString() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(MANIFEST), e);
    }
  }

  /** Removes what {@link #begin} wrote, after a failed plan. */
  public void discard() {
    try {
      deleteTree(dir);
      if (created) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the unfinished saved plan " + dir, e);
    }
  }

  /**
   * Reads the saved plan in {@code dir}, checking every file it names exists.
   *
   * @throws IllegalArgumentException one line naming {@code PLAN} when {@code dir} is not a complete saved plan
   */
  public static SavedPlan read(Path dir) {
    String shown = Display.quote(dir.toString());
    Path file = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("apply: " + shown + " is not a saved plan (it has no " + MANIFEST + ");"
          + " make one with ./main plan --out DIR");
    }
    try {
      JsonNode m = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (m.path("format").asInt() != FORMAT) {
        throw new IllegalArgumentException("apply: " + shown + " is a saved plan of format " + m.path("format")
            + ", not " + FORMAT + "; plan again with this version of ./main");
      }
      JsonNode target = m.path("target");
      TargetKind kind = java.util.Arrays.stream(TargetKind.values())
          .filter(k -> k.name().equalsIgnoreCase(target.path("kind").asText())).findFirst()
          .orElseThrow(() -> new IllegalStateException("no target kind"));
      List<String> stacks = new ArrayList<>();
      m.path("stacks").forEach(s -> stacks.add(s.asText()));
      Manifest manifest = new Manifest(m.path("environment").asText(), m.path("config").asText(), kind,
          target.path("region").asText(), text(target, "accountId"), text(target, "endpoint"), List.copyOf(stacks));
      SavedPlan plan = new SavedPlan(dir, manifest, false);
      for (String stack : stacks) {
        if (!stack.matches("[a-z0-9-]+") || !Files.isRegularFile(plan.planFile(stack))
            || !Files.isRegularFile(plan.stackDir(stack).resolve("cdk.tf.json"))) {
          throw new IllegalArgumentException("apply: " + shown + " lacks the plan or the synthesized stack of "
              + Display.quote(stack) + "; plan again with ./main plan --out DIR");
        }
      }
      if (stacks.isEmpty() || manifest.region().isEmpty()) {
        throw new IllegalArgumentException("apply: " + shown + "'s " + MANIFEST + " names no stack or region;"
            + " plan again with ./main plan --out DIR");
      }
      return plan;
    } catch (IOException | IllegalStateException e) {
      throw new IllegalArgumentException("apply: " + shown + "'s " + MANIFEST + " is not readable JSON; plan again"
          + " with ./main plan --out DIR");
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }
}
