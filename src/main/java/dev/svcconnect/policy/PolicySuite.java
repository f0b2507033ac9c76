package dev.svcconnect.policy;

import dev.svcconnect.config.ConfigException;
import dev.svcconnect.config.SecurityConfig.Suppression;
import dev.svcconnect.policy.Finding.Status;
import dev.svcconnect.tfjson.StackDocument.Resource;
import dev.svcconnect.tfjson.StackDocument;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs every rule of {@link Rules} over the synthesized stacks and applies the config's suppressions. */
public final class PolicySuite {
  private PolicySuite() {}

  /**
   * Evaluates the suite. A suppression naming an unknown rule or resource, or a resource its rule does not check,
   * is a config problem: {@link ConfigException} lists each as {@code file: field: rule}.
   */
  public static PolicyReport evaluate(PolicyContext context) {
    return evaluate(context, Rules.all());
  }

  /** {@link #evaluate(PolicyContext)} with another rule list (tests of the synth gate). */
  public static PolicyReport evaluate(PolicyContext context, List<Rule> rules) {
    validate(context);
    List<Finding> findings = new ArrayList<>();
    Set<Suppression> used = new LinkedHashSet<>();
    for (Rule rule : rules) {
      for (StackDocument stack : context.stacks()) {
        boolean twin = rule.onAwsTwin() && context.localTarget() && context.awsTwin()
            .filter(t -> t.stackId().equals(stack.stackId())).isPresent();
        StackDocument subject = twin ? context.awsTwin().orElseThrow() : stack;
        for (Resource r : subject.resources()) {
          if (rule.resourceTypes().contains(r.type())) {
            findings.add(judge(rule, r, subject, context, twin, used));
          }
        }
      }
    }
    List<Suppression> unused = context.security().suppressions().stream().filter(s -> !used.contains(s)).toList();
    return new PolicyReport(context, rules, findings, unused);
  }

  private static Finding judge(Rule rule, Resource r, StackDocument stack, PolicyContext context, boolean twin,
      Set<Suppression> used) {
    Optional<String> failure = rule.check().failure(r, stack, context);
    if (failure.isEmpty()) {
      return new Finding(rule, r, Status.PASS, twin
          ? "evaluated on what target kind aws synthesizes from this config; the local target leaves this out"
              + " (emulator gap STATE_BUCKET_TLS_POLICY)" : "", Optional.empty());
    }
    Optional<Suppression> suppression = context.security().suppressions().stream()
        .filter(s -> s.rule().equals(rule.id()) && matches(s.resource(), r)).findFirst();
    if (suppression.isPresent()) {
      used.add(suppression.get());
      return new Finding(rule, r, Status.SUPPRESSED, failure.get(), Optional.of(suppression.get().reason()));
    }
    if (context.localTarget() && rule.localException().isPresent()) {
      return new Finding(rule, r, Status.OPTED_OUT, failure.get() + "; local target: " + rule.localException().get(),
          Optional.empty());
    }
    if (rule.costSwitch().filter(s -> !s.enabled(context.security())).isPresent()) {
      CostSwitch s = rule.costSwitch().get();
      return new Finding(rule, r, Status.OPTED_OUT, failure.get() + "; " + s.field() + " is false: " + s.cost(),
          Optional.empty());
    }
    return new Finding(rule, r, Status.FAIL, failure.get(), Optional.empty());
  }

  /** A suppression names a resource by construct path (with or without the stack) or Terraform address. */
  static boolean matches(String name, Resource r) {
    return name.equals(r.path()) || name.equals(r.address()) || (r.stack() + "/" + name).equals(r.path());
  }

  private static void validate(PolicyContext context) {
    List<String> problems = new ArrayList<>();
    String file = context.configFile().toString();
    for (Suppression s : context.security().suppressions()) {
      Optional<Rule> rule = Rules.byId(s.rule());
      if (!s.rule().isEmpty() && rule.isEmpty()) {
        problems.add(file + ": " + s.field() + ".rule: '" + s.rule() + "' is not a policy rule; known rules: "
            + Rules.all().stream().map(Rule::id).collect(Collectors.joining(", ")));
      }
      if (s.resource().isEmpty()) {
        continue;
      }
      List<Resource> named = context.stacks().stream().flatMap(d -> d.resources().stream())
          .filter(r -> matches(s.resource(), r)).toList();
      if (named.isEmpty()) {
        problems.add(file + ": " + s.field() + ".resource: no resource '" + s.resource() + "' in the synthesized"
            + " stacks; name it by construct path (e.g. service-connect/Bastion/Resource) or Terraform address"
            + " (e.g. aws_instance.Bastion_2B4CEC30), as ./main check prints them");
      } else if (rule.isPresent() && named.stream().noneMatch(r -> rule.get().resourceTypes().contains(r.type()))) {
        problems.add(file + ": " + s.field() + ".resource: rule '" + s.rule() + "' does not check "
            + named.get(0).type() + " resources; it checks " + String.join(", ", rule.get().resourceTypes()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
