package dev.svcconnect.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.synth.StackJson;
import dev.svcconnect.synth.SynthFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import dev.svcconnect.tiers.SynthTier;

/**
 * Facts the docs state about the repository that would otherwise drift silently: the layout tree of
 * docs/architecture.md, the bad-config fixture counts of docs/state.md, the task role's policies in the README.
 */
@SynthTier
class DocFactsTest {
  private static final Path ARCHITECTURE = Path.of("docs/architecture.md");
  /** Generated or local-only: .gitignore keeps them out of the repository, so out of the tree. */
  private static final Set<String> NOT_IN_THE_REPOSITORY = Set.of(".git", "target", "cdktf.out", "node_modules",
      ".terraform-state", ".svcconnect", ".idea");

  private static String tree() throws IOException {
    String text = Files.readString(ARCHITECTURE);
    int from = text.indexOf("```text\n.\n");
    assertThat(from).as(ARCHITECTURE + " has the layout tree").isNotNegative();
    return text.substring(from, text.indexOf("```\n", from + 8));
  }

  private static List<String> children(Path dir, boolean directories) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> Files.isDirectory(p) == directories).map(p -> p.getFileName().toString())
          .filter(n -> !NOT_IN_THE_REPOSITORY.contains(n) && !n.endsWith(".iml")).sorted().toList();
    }
  }

  @Test
  void layoutTreeNamesEveryTopLevelEntryAndEveryPackage() throws IOException {
    String tree = tree();
    List<String> missing = new ArrayList<>();
    children(Path.of("."), true).stream().filter(d -> !tree.contains(d + "/")).forEach(d -> missing.add(d + "/"));
    children(Path.of("."), false).stream().filter(f -> !tree.contains(f)).forEach(missing::add);
    children(Path.of("src/main/java/dev/svcconnect"), true).stream()
        .filter(p -> !tree.contains("── " + p + "/")).forEach(p -> missing.add("main package " + p + "/"));
    String testLine = tree.lines().filter(l -> l.contains("java/dev/svcconnect/") && l.contains("{"))
        .findFirst().orElseThrow(() -> new AssertionError("no test-packages line in the tree"));
    children(Path.of("src/test/java/dev/svcconnect"), true).stream()
        .filter(p -> !testLine.matches(".*[{,]" + p + "[,}].*") && !testLine.contains(" " + p + "/"))
        .forEach(p -> missing.add("test package " + p));
    children(Path.of("src/test/resources"), true).stream()
        .filter(d -> !tree.contains(d + "/")).forEach(d -> missing.add("test resources " + d + "/"));
    assertThat(missing).as("entries " + ARCHITECTURE + "'s layout tree lacks").isEmpty();
  }

  @Test
  void badConfigCountsInTheStateDocMatchTheFixtures() throws IOException {
    String doc = String.join(" ", Files.readString(Path.of("docs/state.md")).split("\\s+"));
    Path root = Path.of("src/test/resources/bad-configs");
    int total = 0;
    for (String folder : children(root, true)) {
      try (Stream<Path> files = Files.list(root.resolve(folder))) {
        int n = (int) files.filter(p -> !p.getFileName().toString().equals("expected.txt")).count();
        total += n;
        assertThat(doc).as("docs/state.md counts bad-configs/%s/", folder).contains(n + " in `" + folder + "/`");
      }
    }
    assertThat(doc).as("docs/state.md counts every bad config").contains(total + " malformed files");
  }

  @Test
  void readmeNamesEveryPolicyOfTheTaskRole() throws IOException {
    StackJson stack = SynthFixture.serviceStack(ConfigLoader.load(Path.of("src/test/resources/config/minimal.yaml")));
    StackJson.Block taskRole = stack.resources("aws_iam_role", r -> r.text("name").endsWith("-task")).get(0);
    List<String> policies = stack.resources("aws_iam_role_policy",
        p -> p.get("role").asText().equals(taskRole.ref("id"))).stream().map(p -> p.text("name")).toList();
    assertThat(policies).as("inline policies of the task role").hasSizeGreaterThanOrEqualTo(2);
    String readme = Files.readString(Path.of("README.md"));
    policies.forEach(p -> assertThat(readme).as("README names the task role's policy %s", p).contains("`" + p + "`"));
    // and the role says what it is for
    policies.forEach(p -> assertThat(taskRole.text("description")).as("the task role's description")
        .containsIgnoringCase(p.contains("logging") ? "session logs" : "channels"));
  }
}
