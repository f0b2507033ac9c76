package dev.svcconnect.synth;

import dev.svcconnect.support.Fixtures;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.Testing;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tfjson.Interpolations;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the stacks the synth tests look at and synthesizes each through {@code Testing.synth(stack, true)}, which
 * also runs the stack's validations. A synth costs seconds (the jsii runtime), so each distinct input is synthesized
 * once per test JVM and shared by every test class that asks for it.
 */
public final class SynthFixture {
  /** The default environment: the test copy of config/local.yaml (Maven runs tests in the project directory). */
  public static final Path LOCAL = Fixtures.LOCAL;
  /** The real-AWS example: the test copy of config/aws-example.yaml. */
  public static final Path AWS = Fixtures.AWS;

  private enum Kind { SERVICE, SERVICE_AS_AWS, BOOTSTRAP, BOOTSTRAP_AS_AWS }

  private record Key(Kind kind, EnvironmentConfig config, Map<String, String> env) {}

  private static final Map<Key, StackJson> CACHE = new HashMap<>();

  private SynthFixture() {}

  public static EnvironmentConfig local() {
    return ConfigLoader.load(LOCAL);
  }

  public static EnvironmentConfig aws() {
    return ConfigLoader.load(AWS);
  }

  /**
   * {@code config/local.yaml} with fragments replaced, given as pairs (fragment, replacement); each fragment must
   * occur exactly once, so a reworded config file breaks the test loudly instead of silently testing the default.
   */
  public static EnvironmentConfig localWith(String... fragmentsAndReplacements) {
    return fileWith(LOCAL, fragmentsAndReplacements);
  }

  /** {@code file} with fragments replaced, as {@link #localWith} does for config/local.yaml. */
  public static EnvironmentConfig fileWith(Path file, String... fragmentsAndReplacements) {
    if (fragmentsAndReplacements.length % 2 != 0) {
      throw new IllegalArgumentException("expected (fragment, replacement) pairs");
    }
    String text = read(file);
    for (int i = 0; i < fragmentsAndReplacements.length; i += 2) {
      String fragment = fragmentsAndReplacements[i];
      int at = text.indexOf(fragment);
      if (at < 0 || text.indexOf(fragment, at + 1) >= 0) {
        throw new IllegalArgumentException("fragment must occur exactly once in " + file + ": " + fragment);
      }
      text = text.substring(0, at) + fragmentsAndReplacements[i + 1] + text.substring(at + fragment.length());
    }
    return ConfigLoader.parse(file, text);
  }

  /** The service stack of {@code config}, its target resolved without any environment variable. */
  public static StackJson serviceStack(EnvironmentConfig config) {
    return serviceStack(config, Map.of());
  }

  /** The service stack of {@code config}, its target resolved from {@code env}. */
  public static synchronized StackJson serviceStack(EnvironmentConfig config, Map<String, String> env) {
    return CACHE.computeIfAbsent(new Key(Kind.SERVICE, config, Map.copyOf(env)), SynthFixture::synth);
  }

  public static synchronized StackJson bootstrapStack(EnvironmentConfig config) {
    return CACHE.computeIfAbsent(new Key(Kind.BOOTSTRAP, config, Map.of()), SynthFixture::synth);
  }

  /**
   * The service stack of {@code config} as target kind aws gets it, whatever its target says (as
   * AcceptedConfigsValidateIT validates all-options.yaml): no emulator endpoints, and the options only AWS honours.
   */
  public static synchronized StackJson serviceStackAsAws(EnvironmentConfig config) {
    return CACHE.computeIfAbsent(new Key(Kind.SERVICE_AS_AWS, config, Map.of()), SynthFixture::synth);
  }

  /** The bootstrap stack of {@code config} as target kind aws gets it (bucket policy, prevent_destroy). */
  public static synchronized StackJson bootstrapStackAsAws(EnvironmentConfig config) {
    return CACHE.computeIfAbsent(new Key(Kind.BOOTSTRAP_AS_AWS, config, Map.of()), SynthFixture::synth);
  }

  private static StackJson synth(Key key) {
    DeploymentTarget resolved = DeploymentTarget.resolve(key.config(), key.env());
    boolean asAws = key.kind() == Kind.SERVICE_AS_AWS || key.kind() == Kind.BOOTSTRAP_AS_AWS;
    DeploymentTarget target = asAws ? resolved.asAws() : resolved;
    App app = Testing.app();
    TerraformStack stack = key.kind() == Kind.SERVICE || key.kind() == Kind.SERVICE_AS_AWS
        ? new ServiceConnectStack(app, key.config(), Topology.of(key.config()), target)
        : new StateBootstrapStack(app, key.config(), target);
    String json = Testing.synth(stack, true);
    // Testing.synth drops every "//" member; toTerraform() is the same configuration with the construct paths.
    JsonNode root = StackDocument.MAPPER.valueToTree(stack.toTerraform());
    JsonNode parsed;
    try {
      parsed = StackDocument.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("Testing.synth returned invalid JSON: " + e.getOriginalMessage(), e);
    }
    if (!StackJson.withoutMetadata(root).equals(parsed)) {
      throw new AssertionError("Testing.synth and toTerraform() disagree beyond the \"//\" metadata:\n" + json);
    }
    StackDocument document = new StackDocument(stack.getNode().getId(), root);
    // What every synth of the program checks: the stack evaluates nothing but its own references.
    Interpolations.requireOwn(List.of(document));
    return new StackJson(json, document);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
