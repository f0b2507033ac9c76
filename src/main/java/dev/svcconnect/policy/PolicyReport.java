package dev.svcconnect.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.config.SecurityConfig.Suppression;
import dev.svcconnect.policy.Finding.Status;
import dev.svcconnect.tfjson.StackDocument;
import java.util.List;
import java.util.Locale;

/** The suite's verdicts, per rule and per resource, as text or JSON. */
public final class PolicyReport {
  private final PolicyContext context;
  private final List<Rule> rules;
  private final List<Finding> findings;
  private final List<Suppression> unusedSuppressions;

  PolicyReport(PolicyContext context, List<Rule> rules, List<Finding> findings, List<Suppression> unusedSuppressions) {
    this.context = context;
    this.rules = List.copyOf(rules);
    this.findings = List.copyOf(findings);
    this.unusedSuppressions = List.copyOf(unusedSuppressions);
  }

  public List<Finding> findings() {
    return findings;
  }

  public List<Finding> findings(String ruleId) {
    return findings.stream().filter(f -> f.rule().id().equals(ruleId)).toList();
  }

  /** Suppressions that matched no failing finding: stale, and reported so they get removed. */
  public List<Suppression> unusedSuppressions() {
    return unusedSuppressions;
  }

  /** Failed findings of error rules: these fail synth. */
  public List<Finding> errors() {
    return failed(Severity.ERROR);
  }

  public List<Finding> warnings() {
    return failed(Severity.WARNING);
  }

  private List<Finding> failed(Severity severity) {
    return findings.stream().filter(f -> f.status() == Status.FAIL && f.rule().severity() == severity).toList();
  }

  public boolean passes() {
    return errors().isEmpty();
  }

  /** A rule's overall verdict: the worst of its findings, "n/a" when the stacks have nothing it checks. */
  public String verdict(Rule rule) {
    List<Finding> own = findings(rule.id());
    if (own.isEmpty()) {
      return "n/a";
    }
    if (own.stream().anyMatch(f -> f.status() == Status.FAIL)) {
      return rule.severity() == Severity.ERROR ? "fail" : "warn";
    }
    for (Status s : List.of(Status.SUPPRESSED, Status.OPTED_OUT)) {
      if (own.stream().anyMatch(f -> f.status() == s)) {
        return s.label();
      }
    }
    return "pass";
  }

  private long count(String verdict) {
    return rules.stream().filter(r -> verdict(r).equals(verdict)).count();
  }

  public String summary() {
    return rules.size() + " rules: " + count("pass") + " passed, " + count("opted-out")
        + " opted out by a cost switch, " + count("suppressed") + " suppressed, " + count("warn") + " warned, "
        + count("fail") + " failed, " + count("n/a") + " not applicable";
  }

  /** Every rule with its verdict on every resource it checks. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("Policy suite for ").append(context.configFile()).append(" (target ")
        .append(context.localTarget() ? "local" : "aws").append(")\n");
    for (Rule rule : rules) {
      b.append('\n').append(String.format(Locale.ROOT, "%-10s %s [%s] %s%n", verdict(rule).toUpperCase(Locale.ROOT),
          rule.id(), rule.severity().label(), rule.title()));
      b.append("           mirrors ").append(String.join(", ", rule.mirrors()))
          .append(rule.costSwitch().map(s -> "; switch " + s.field()).orElse("")).append('\n');
      List<Finding> own = findings(rule.id());
      if (own.isEmpty()) {
        b.append("           no ").append(String.join(", ", rule.resourceTypes())).append(" in the stacks\n");
      }
      for (Finding f : own) {
        b.append("  ").append(String.format(Locale.ROOT, "%-11s", f.status().label())).append(f.resource().display());
        if (!f.detail().isEmpty()) {
          b.append(": ").append(f.detail());
        }
        b.append('\n');
        f.suppressionReason().ifPresent(r -> b.append("             suppressed by the config: ").append(r).append('\n'));
        if (f.status() == Status.FAIL) {
          b.append("             fix: ").append(rule.fix()).append('\n');
        }
      }
    }
    for (Suppression s : unusedSuppressions) {
      b.append("\nwarning: ").append(s.field()).append(" (").append(s.rule()).append(" on ").append(s.resource())
          .append(") suppresses nothing: the resource passes; remove it\n");
    }
    b.append('\n').append(summary()).append('\n');
    return b.toString();
  }

  /** What fails synth: one line per error finding, with resource path, rule and fix. */
  public List<String> errorLines() {
    return errors().stream().map(f -> f.resource().display() + ": " + f.rule().id() + ": " + f.detail()
        + " (" + f.rule().title() + "; mirrors " + String.join(", ", f.rule().mirrors()) + "); fix: "
        + f.rule().fix()).toList();
  }

  public ObjectNode json() {
    ObjectNode root = StackDocument.MAPPER.createObjectNode();
    root.put("config", context.configFile().toString());
    root.put("target", context.localTarget() ? "local" : "aws");
    root.put("passed", passes());
    ArrayNode ruleArray = root.putArray("rules");
    for (Rule rule : rules) {
      ObjectNode r = ruleArray.addObject();
      r.put("id", rule.id());
      r.put("severity", rule.severity().label());
      r.put("title", rule.title());
      r.put("reason", rule.reason());
      rule.mirrors().forEach(r.putArray("mirrors")::add);
      rule.resourceTypes().forEach(r.putArray("resourceTypes")::add);
      r.put("fix", rule.fix());
      if (rule.costSwitch().isPresent()) {
        r.put("switch", rule.costSwitch().get().field());
      } else {
        r.putNull("switch");
      }
      r.put("verdict", verdict(rule));
      ArrayNode results = r.putArray("results");
      for (Finding f : findings(rule.id())) {
        ObjectNode o = results.addObject();
        o.put("resource", f.resource().path());
        o.put("address", f.resource().address());
        o.put("status", f.status().label());
        o.put("detail", f.detail());
        f.suppressionReason().ifPresent(reason -> o.put("suppressionReason", reason));
      }
    }
    ArrayNode unused = root.putArray("unusedSuppressions");
    unusedSuppressions.forEach(s -> unused.addObject().put("field", s.field()).put("rule", s.rule())
        .put("resource", s.resource()));
    root.put("summary", summary());
    return root;
  }
}
