package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.stacks.TerraformSettings;
import dev.svcconnect.stacks.TerraformSettings.ProviderFeature;
import dev.svcconnect.target.DeploymentTarget;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.tfjson.StackDocument.Resource;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The AWS provider's version constraint against what the service stack writes: the bindings know every argument of
 * hashicorp/aws {@value TerraformSettings#BINDINGS_PROVIDER_VERSION}; anything else the stack writes must be in
 * {@link TerraformSettings#NEWER_THAN_BINDINGS} with the version that introduced it, and the constraint must start
 * at the newest of those. Read on {@code topology/all-options.yaml} as an AWS target, which writes every optional
 * block, and on the shipped configs.
 */
@SynthTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderFloorSynthTest {
  private static final String BINDINGS = "com.hashicorp.cdktf.providers.aws.";
  /** Terraform meta-arguments and CDKTF metadata: not provider arguments. */
  private static final Set<String> META = Set.of("//", "depends_on", "lifecycle", "provider", "count", "for_each");

  private final List<StackDocument> stacks = new ArrayList<>();
  private StackDocument allOptions;

  @BeforeAll
  void synth() {
    EnvironmentConfig options = ConfigLoader.load(Path.of("src/test/resources/topology/all-options.yaml"));
    allOptions = SynthFixture.serviceStack(options, Map.of()).document();
    // all-options as the AWS target gets it: TLS and timeouts are written on both targets, waits only matter here
    stacks.add(allOptions);
    stacks.add(SynthFixture.serviceStack(SynthFixture.local()).document());
    stacks.add(SynthFixture.serviceStack(SynthFixture.aws()).document());
    assertThat(DeploymentTarget.resolve(SynthFixture.aws(), Map.of()).isLocal()).isFalse();
  }

  @Test
  void constraintStartsAtTheNewestBlockTheStackWrites() {
    String newest = TerraformSettings.NEWER_THAN_BINDINGS.stream()
        .filter(f -> !writers(allOptions, f).isEmpty())
        .map(ProviderFeature::firstVersion)
        .max(Comparator.comparing(ProviderFloorSynthTest::versionKey))
        .orElseThrow();
    assertThat(newest).isEqualTo("5.37.0");
    for (StackDocument stack : stacks) {
      assertThat(stack.root().path("terraform").path("required_providers").path("aws").path("version").asText())
          .as("required_providers.aws.version of %s", stack.stackId())
          .isEqualTo(">= " + newest + ", < 6.0.0");
    }
  }

  @Test
  void everyListedBlockIsOneTheStackWrites() {
    for (ProviderFeature f : TerraformSettings.NEWER_THAN_BINDINGS) {
      assertThat(writers(allOptions, f)).as("resources of all-options.yaml that write %s.%s", f.resourceType(),
          f.path()).isNotEmpty();
      assertThat(versionKey(f.firstVersion())).as("%s is newer than the bindings", f.path())
          .isGreaterThan(versionKey(TerraformSettings.BINDINGS_PROVIDER_VERSION));
    }
  }

  @Test
  void everyArgumentIsKnownToTheBindingsOrListedWithItsFirstVersion() throws Exception {
    Set<String> listed = new TreeSet<>();
    TerraformSettings.NEWER_THAN_BINDINGS.forEach(f -> listed.add(f.resourceType() + "." + f.path()));
    Set<String> unknown = new TreeSet<>();
    for (StackDocument stack : stacks) {
      List<Resource> blocks = new ArrayList<>(stack.resources());
      blocks.addAll(stack.dataSources());
      for (Resource block : blocks) {
        if (!block.type().startsWith("aws_")) {
          continue; // terraform_data: Terraform's built-in provider, not hashicorp/aws
        }
        String base = (block.data() ? "data_" : "") + block.type().substring(block.data() ? 0 : "aws_".length());
        String prefix = camel(base);
        Class<?> config = Class.forName(BINDINGS + base + "." + prefix + "Config");
        walk(block.type(), block.body(), config, BINDINGS + base + "." + prefix, "", unknown);
      }
    }
    unknown.removeAll(listed);
    assertThat(unknown).as("arguments the bindings (%s) do not know and TerraformSettings.NEWER_THAN_BINDINGS"
        + " does not list", TerraformSettings.BINDINGS_PROVIDER_VERSION).isEmpty();
  }

  /**
   * Records in {@code unknown} every argument path of {@code body} that {@code type} (the bindings' struct for it)
   * has no getter for; descends into nested blocks, whose structs are named after their path.
   */
  private static void walk(String resourceType, JsonNode body, Class<?> type, String classPrefix, String path,
      Set<String> unknown) {
    body.properties().forEach(e -> {
      String key = e.getKey();
      if (path.isEmpty() && META.contains(key)) {
        return;
      }
      String argument = path.isEmpty() ? key : path + "." + key;
      if (!hasGetter(type, "get" + camel(key))) {
        unknown.add(resourceType + "." + argument);
        return;
      }
      Class<?> nested = nestedStruct(classPrefix + camel(argument.replace('.', '_')));
      if (nested != null) {
        JsonNode value = e.getValue();
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
          value.forEach(items::add);
        } else if (value.isObject()) {
          items.add(value);
        }
        items.forEach(item -> walk(resourceType, item, nested, classPrefix, argument, unknown));
      }
    });
  }

  private static boolean hasGetter(Class<?> type, String name) {
    try {
      type.getMethod(name);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static Class<?> nestedStruct(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /** Resources of the feature's type whose JSON has the feature's block. */
  private static List<Resource> writers(StackDocument stack, ProviderFeature f) {
    return stack.resources(f.resourceType()).stream().filter(r -> has(r.body(), f.path().split("\\."), 0)).toList();
  }

  private static boolean has(JsonNode node, String[] path, int i) {
    if (i == path.length) {
      return !node.isMissingNode();
    }
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
    } else {
      items.add(node);
    }
    return items.stream().anyMatch(item -> has(item.path(path[i]), path, i + 1));
  }

  /** snake_case to UpperCamelCase, as the bindings name structs and getters. */
  private static String camel(String snake) {
    StringBuilder out = new StringBuilder();
    for (String part : snake.split("_")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString();
  }

  private static String versionKey(String version) {
    StringBuilder key = new StringBuilder();
    for (String part : version.split("\\.")) {
      key.append(String.format("%06d", Integer.parseInt(part)));
    }
    return key.toString();
  }
}
