package dev.svcconnect.tfjson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order Terraform applies a configuration in, as it derives it: a block depends on every resource or data source
 * one of its arguments refers to, and on everything its {@code depends_on} lists
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/depends_on). Terraform creates a block only
 * after everything it depends on, transitively. Built from a synthesized stack ({@link #of(StackDocument)}) or from
 * the configuration {@code terraform show -json} prints for a plan ({@link #ofPlan}); addresses are
 * {@code type.name} and {@code data.type.name}.
 */
public final class DependencyGraph {
  /** An interpolation in the synthesized JSON, e.g. {@code ${element(data.aws_x.y.names, 0)}}. */
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([^}]*)}");
  /** A reference to a block inside an expression: {@code aws_x.name} or {@code data.aws_x.name}. */
  private static final Pattern REFERENCE = Pattern.compile(
      "(?<![A-Za-z0-9_.])((?:data\\.)?aws_[a-z0-9_]+\\.[A-Za-z0-9_-]+)");

  private final Map<String, Set<String>> direct;

  private DependencyGraph(Map<String, Set<String>> direct) {
    this.direct = direct;
  }

  /** The graph of a synthesized stack: references in every argument, and depends_on. */
  public static DependencyGraph of(StackDocument stack) {
    Map<String, Set<String>> direct = new LinkedHashMap<>();
    for (StackDocument.Resource block : allBlocks(stack)) {
      Set<String> deps = new LinkedHashSet<>();
      block.body().properties().forEach(field -> {
        if (field.getKey().equals("depends_on")) {
          field.getValue().forEach(d -> deps.add(d.asText()));
        } else if (!field.getKey().equals("//")) {
          collectInterpolations(field.getValue(), deps);
        }
      });
      deps.remove(block.address());
      direct.put(block.address(), deps);
    }
    return new DependencyGraph(direct);
  }

  /**
   * The graph of a plan's configuration ({@code configuration.root_module.resources} of {@code terraform show -json}):
   * each expression's {@code references} and each block's {@code depends_on}.
   */
  public static DependencyGraph ofPlan(JsonNode showJson) {
    Map<String, Set<String>> direct = new LinkedHashMap<>();
    for (JsonNode block : showJson.path("configuration").path("root_module").path("resources")) {
      String address = block.path("address").asText();
      Set<String> deps = new LinkedHashSet<>();
      block.path("depends_on").forEach(d -> deps.add(blockAddress(d.asText())));
      collectReferences(block.path("expressions"), deps);
      deps.remove(address);
      direct.put(address, deps);
    }
    return new DependencyGraph(direct);
  }

  /** Every block's address, in document order. */
  public Set<String> addresses() {
    return Collections.unmodifiableSet(direct.keySet());
  }

  /** What {@code address} depends on directly; empty for an unknown address. */
  public Set<String> directDependencies(String address) {
    return Collections.unmodifiableSet(direct.getOrDefault(address, Set.of()));
  }

  /** Everything Terraform applies before {@code address}: its dependencies, transitively, sorted. */
  public Set<String> dependencies(String address) {
    Set<String> seen = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(directDependencies(address));
    while (!todo.isEmpty()) {
      String next = todo.removeFirst();
      if (seen.add(next)) {
        todo.addAll(directDependencies(next));
      }
    }
    return seen;
  }

  private static Iterable<StackDocument.Resource> allBlocks(StackDocument stack) {
    java.util.List<StackDocument.Resource> all = new java.util.ArrayList<>(stack.resources());
    all.addAll(stack.dataSources());
    return all;
  }

  private static void collectInterpolations(JsonNode node, Set<String> into) {
    if (node.isTextual()) {
      Matcher i = INTERPOLATION.matcher(node.textValue());
      while (i.find()) {
        Matcher r = REFERENCE.matcher(i.group(1));
        while (r.find()) {
          into.add(r.group(1));
        }
      }
    } else {
      node.forEach(child -> collectInterpolations(child, into));
    }
  }

  private static void collectReferences(JsonNode node, Set<String> into) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals("references") && e.getValue().isArray()) {
          e.getValue().forEach(r -> into.add(blockAddress(r.asText())));
        } else {
          collectReferences(e.getValue(), into);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collectReferences(child, into));
    }
  }

  /** {@code aws_x.y.id} and {@code aws_x.y} are both {@code aws_x.y}; {@code data.aws_x.y.names} is data.aws_x.y. */
  private static String blockAddress(String reference) {
    String[] parts = reference.split("\\.");
    int n = reference.startsWith("data.") ? 3 : 2;
    if (parts.length < n) {
      return reference;
    }
    return String.join(".", java.util.Arrays.copyOf(parts, n));
  }
}
