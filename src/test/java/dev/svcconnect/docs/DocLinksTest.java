package dev.svcconnect.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/ resolves: the file exists and, for a link to a heading, the heading
 * does (GitHub's anchors: lower case, punctuation dropped, spaces as hyphens, duplicates numbered). Links to the web
 * are not followed: this machine has no internet.
 */
@UnitTier
class DocLinksTest {
  private static final Parser PARSER = Parser.builder().build();

  @Test
  void everyRelativeLinkOfTheReadmeAndDocsResolves() throws IOException {
    List<Path> files = markdownFiles();
    Map<Path, Set<String>> anchors = new HashMap<>();
    for (Path f : files) {
      anchors.put(f.toAbsolutePath().normalize(), anchors(f));
    }
    List<String> broken = new ArrayList<>();
    for (Path f : files) {
      for (String target : links(f)) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue; // https:, mailto: and the like
        }
        String decoded = URLDecoder.decode(target, StandardCharsets.UTF_8);
        int hash = decoded.indexOf('#');
        String pathPart = hash < 0 ? decoded : decoded.substring(0, hash);
        String anchor = hash < 0 ? null : decoded.substring(hash + 1);
        Path resolved = pathPart.isEmpty() ? f : f.toAbsolutePath().getParent().resolve(pathPart);
        Path key = resolved.toAbsolutePath().normalize();
        if (!Files.exists(resolved)) {
          broken.add(f + ": " + target + " (no such file)");
        } else if (anchor != null && key.toString().endsWith(".md")) {
          Set<String> known = anchors.containsKey(key) ? anchors.get(key) : anchors(resolved);
          if (!known.contains(anchor)) {
            broken.add(f + ": " + target + " (no heading with anchor #" + anchor + ")");
          }
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void theReadmeIsOneScreenOfStartAndLinks() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    assertThat(lines).hasSizeLessThanOrEqualTo(300);
    int quickStart = lines.indexOf("## Quick start");
    assertThat(quickStart).as("README has a Quick start section").isPositive();
    assertThat(lines.subList(quickStart, lines.size())).contains("./main deploy       # builds, starts the"
        + " emulator, creates the state bucket, applies the stack");
  }

  static List<Path> markdownFiles() throws IOException {
    List<Path> out = new ArrayList<>(List.of(Path.of("README.md"), Path.of("BENCHMARKS.md")));
    try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
      out.addAll(docs.filter(p -> p.toString().endsWith(".md")).sorted().toList());
    }
    return out;
  }

  private static List<String> links(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    PARSER.parse(Files.readString(file)).accept(new AbstractVisitor() {
      @Override
      public void visit(Link link) {
        out.add(link.getDestination());
        visitChildren(link);
      }
    });
    return out;
  }

  /** The anchors GitHub gives the file's headings. */
  private static Set<String> anchors(Path file) throws IOException {
    IdGenerator ids = IdGenerator.builder().build();
    List<String> out = new ArrayList<>();
    PARSER.parse(Files.readString(file)).accept(new AbstractVisitor() {
      @Override
      public void visit(Heading heading) {
        out.add(ids.generateId(text(heading)));
      }
    });
    return out.stream().collect(Collectors.toSet());
  }

  private static String text(Node node) {
    StringBuilder sb = new StringBuilder();
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      if (child instanceof Text t) {
        sb.append(t.getLiteral());
      } else if (child instanceof Code c) {
        sb.append(c.getLiteral());
      } else {
        sb.append(text(child));
      }
    }
    return sb.toString();
  }
}
