package dev.svcconnect.report;

import static java.util.Map.entry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.svcconnect.config.Display;
import dev.svcconnect.naming.AwsCli;
import dev.svcconnect.naming.Json;
import dev.svcconnect.report.Reachability.Endpoint;
import dev.svcconnect.report.Reachability.Path;
import dev.svcconnect.report.Reachability.Source;
import dev.svcconnect.report.Reachability.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders a {@link Reachability} as text (for a terminal), Markdown, Mermaid (renders on GitHub) or JSON. */
public final class ReachabilityReport {
  public enum Format { TEXT, MARKDOWN, MERMAID, JSON }

  private ReachabilityReport() {}

  public static Format format(String name) {
    for (Format f : Format.values()) {
      if (f.name().toLowerCase(Locale.ROOT).equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("--format: " + Display.quote(name) + " is not a report format; expected"
        + " text, markdown, mermaid or json");
  }

  public static String render(Reachability r, Format format) {
    return switch (format) {
      case TEXT -> text(r);
      case MARKDOWN -> markdown(r);
      case MERMAID -> mermaid(r);
      case JSON -> json(r);
    };
  }

  /** A table of every (source, endpoint) pair, then the reasons behind each verdict. */
  public static String text(Reachability r) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SOURCE", "ENDPOINT", "NAME", "NETWORK", "VERDICT"});
    for (Path p : r.paths()) {
      rows.add(new String[] {p.source().name(), p.endpoint().url(), p.resolves() ? "resolves" : "does not resolve",
          (p.admitted() ? "admitted " : "denied ") + "tcp/" + p.endpoint().containerPort(), p.verdict().label()});
    }
    int[] widths = new int[5];
    rows.forEach(row -> {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    });
    StringBuilder out = new StringBuilder("Service Connect reachability, from the synthesized stack ")
        .append(r.stack()).append("\n\n");
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    out.append("\nWhy, where the network admits the source:\n");
    for (Path p : r.paths().stream().filter(Path::admitted).toList()) {
      out.append("  ").append(p.source().name()).append(" -> ").append(p.endpoint().dnsName()).append(": ")
          .append(p.verdict().label()).append('\n')
          .append("    name:    ").append(p.nameReason()).append('\n')
          .append("    network: ").append(p.networkReason()).append('\n');
      if (p.verdict() == Verdict.ADDRESS_ONLY) {
        // An existing namespace is known here by its ARN; DiscoverInstances takes a name, which the stack lacks.
        String lookup = p.endpoint().namespace().startsWith("arn:")
            ? "its tasks are instances of Cloud Map service " + p.endpoint().discoveryName() + " in namespace "
                + p.endpoint().namespace()
            : AwsCli.discoverInstances(Optional.empty(), p.endpoint().namespace(), p.endpoint().discoveryName());
        out.append("    so:      connect to a task's address on tcp/").append(p.endpoint().containerPort())
            .append(" (").append(lookup).append(")\n");
      }
    }
    List<Path> across = r.paths().stream().filter(p -> p.source().namespace().isPresent()
        && !p.source().namespace().get().equals(p.endpoint().namespace())).toList();
    if (!across.isEmpty()) {
      out.append("\nAcross namespaces (Service Connect aliases resolve only within their namespace):\n");
      across.forEach(p -> out.append("  ").append(p.source().name()).append(" -> ").append(p.endpoint().dnsName())
          .append(": ").append(p.verdict().label()).append("; ").append(p.source().name()).append(" is in ")
          .append(p.source().namespace().get()).append(", ").append(p.endpoint().service()).append(" in ")
          .append(p.endpoint().namespace()).append('\n'));
    }
    out.append("\nblocked: the name resolves, but no security-group rule admits the source; a call declared under")
        .append(" calls: derives that rule.\nunreachable: the name does not resolve there and no rule admits the")
        .append(" source.\n");
    return out.toString();
  }

  public static String markdown(Reachability r) {
    StringBuilder out = new StringBuilder("| Source | Endpoint | Name resolves | Network admits | Verdict |\n")
        .append("|---|---|---|---|---|\n");
    for (Path p : r.paths()) {
      out.append("| ").append(p.source().name()).append(" | `").append(p.endpoint().url()).append("` | ")
          .append(p.resolves() ? "yes" : "no: " + p.nameReason()).append(" | ")
          .append(p.admitted() ? "yes: " + p.networkReason() : "no: " + p.networkReason()).append(" | **")
          .append(p.verdict().label()).append("** |\n");
    }
    return out.toString();
  }

  /**
   * A flowchart: the namespace's services inside a subgraph, other sources outside; a solid arrow where the name
   * resolves and the network admits, a dotted one where only the network admits. Blocked pairs are not drawn.
   */
  public static String mermaid(Reachability r) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (Source s : r.sources()) {
      ids.put(s.name(), "n" + ids.size());
    }
    StringBuilder out = new StringBuilder("flowchart LR\n");
    Map<String, List<Source>> byNamespace = new LinkedHashMap<>();
    List<Source> outside = new ArrayList<>();
    for (Source s : r.sources()) {
      s.namespace().ifPresentOrElse(ns -> byNamespace.computeIfAbsent(ns, k -> new ArrayList<>()).add(s),
          () -> outside.add(s));
    }
    byNamespace.forEach((ns, members) -> {
      out.append("  subgraph ns_").append(ns.replaceAll("[^A-Za-z0-9]", "_")).append("[\"namespace ").append(ns)
          .append("\"]\n");
      members.forEach(s -> out.append("    ").append(ids.get(s.name())).append("[\"").append(s.name())
          .append("\"]\n"));
      out.append("  end\n");
    });
    outside.forEach(s -> out.append("  ").append(ids.get(s.name())).append("[\"").append(s.name())
        .append(s.kind().equals(Reachability.INTERNET) ? "" : "<br/>" + s.kind() + ", outside the namespace")
        .append("\"]\n"));
    for (Path p : r.paths()) {
      String from = ids.get(p.source().name());
      String to = ids.get(p.endpoint().service());
      if (p.verdict() == Verdict.REACHABLE) {
        out.append("  ").append(from).append(" -->|\"").append(p.endpoint().url()).append("\"| ").append(to)
            .append('\n');
      } else if (p.verdict() == Verdict.ADDRESS_ONLY) {
        out.append("  ").append(from).append(" -.->|\"tcp/").append(p.endpoint().containerPort())
            .append(" by address; ").append(p.endpoint().dnsName()).append(" does not resolve\"| ").append(to)
            .append('\n');
      }
    }
    return out.toString();
  }

  public static String json(Reachability r) {
    List<Map<String, Object>> paths = new ArrayList<>();
    for (Path p : r.paths()) {
      Endpoint e = p.endpoint();
      paths.add(Json.object(entry("source", p.source().name()), entry("sourceKind", p.source().kind()),
          entry("endpoint", e.discoveryName()), entry("service", e.service()), entry("url", e.url()),
          entry("containerPort", e.containerPort()), entry("resolves", p.resolves()),
          entry("nameReason", p.nameReason()), entry("admitted", p.admitted()),
          entry("networkReason", p.networkReason()), entry("verdict", p.verdict().name().toLowerCase(Locale.ROOT))));
    }
    Map<String, Object> doc = Json.object(entry("stack", r.stack()), entry("paths", paths));
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
