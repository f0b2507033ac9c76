package dev.svcconnect.tfjson;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.naming.Literal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Terraform would evaluate in a synthesized stack: every interpolation ({@code ${...}}) and directive
 * ({@code %{...}}) in its strings and in its property names (an object used as an expression, such as a tags map,
 * has template keys: https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping). The stack
 * may hold only what it made itself: a reference to one of its own resources, data sources or ephemeral resources,
 * optionally through
 * {@code element(..., n)} or in Network's distinct-zones postcondition, and the empty directive with which {@link Literal} splits CDKTF's token marker. Anything
 * else came from the config unescaped, a value that missed {@link Literal#of}. {@code $${} and {@code %%{} are
 * escapes, not templates. Comment properties ({@code "//"}, CDKTF's metadata) are not read by Terraform and not
 * scanned.
 */
public final class Interpolations {
  /**
   * A reference such as {@code aws_vpc.Network_1C6012B5.id}, {@code data.aws_partition.X.partition} or
   * {@code ephemeral.aws_secretsmanager_random_password.X.random_password}.
   */
  private static final Pattern REFERENCE = Pattern.compile(
      "(data\\.|ephemeral\\.)?([a-z][a-z0-9_]*)\\.([A-Za-z0-9_-]+)(?:\\.[A-Za-z0-9_]+|\\[[0-9]+])+");
  /** {@code element(<reference>, <index>)}: CDKTF's {@code Fn.element}, which Network uses for the zones. */
  private static final Pattern ELEMENT = Pattern.compile("element\\((.+), [0-9]+\\)");
  /**
   * {@code (length(distinct([<reference>, ...])) == <n>)}: the postcondition with which Network checks that existing
   * subnets are in distinct availability zones.
   */
  private static final Pattern DISTINCT_COUNT = Pattern.compile("\\(length\\(distinct\\(\\[(.+)]\\)\\) == [0-9]+\\)");

  private Interpolations() {}

  /**
   * One template sequence the stack did not make.
   *
   * @param at where it is: the JSON path of the string or property name, e.g.
   *     {@code resource.aws_iam_role.Bastion_Role_1A2B3C4D.description}
   * @param sequence the sequence as written, e.g. {@code ${file("/etc/hostname")}}
   */
  public record Foreign(String at, String sequence) {
    /** The most characters of a sequence a message repeats: one that is not valid HCL may run to the text's end. */
    static final int SHOWN = 100;

    @Override
    public String toString() {
      return at + ": " + (sequence.length() > SHOWN ? sequence.substring(0, SHOWN) + "…" : sequence);
    }
  }

  /** Every template sequence of {@code stack} that is not its own, in document order; empty for a sound stack. */
  public static List<Foreign> foreign(StackDocument stack) {
    Set<String> addresses = new HashSet<>();
    stack.resources().forEach(r -> addresses.add(r.address()));
    stack.dataSources().forEach(r -> addresses.add(r.address()));
    // ephemeral blocks (Terraform 1.10+; CDKTF writes them as stack overrides, e.g. service.CreatedSecret)
    stack.root().path("ephemeral").properties().forEach(byType -> byType.getValue().fieldNames()
        .forEachRemaining(name -> addresses.add("ephemeral." + byType.getKey() + "." + name)));
    List<Foreign> out = new ArrayList<>();
    walk(stack.root(), "", addresses, out);
    return out;
  }

  /**
   * Throws unless every stack holds only its own template sequences.
   *
   * @throws IllegalStateException naming each foreign sequence and where it is: a construct passed config text to
   *     Terraform without {@link Literal#of}
   */
  public static void requireOwn(List<StackDocument> stacks) {
    List<String> found = new ArrayList<>();
    for (StackDocument s : stacks) {
      foreign(s).forEach(f -> found.add(s.stackId() + " " + f));
    }
    if (!found.isEmpty()) {
      throw new IllegalStateException("the synthesized stacks would evaluate text that is not a reference of their"
          + " own (a config value that missed Literal.of): " + String.join("; ", found));
    }
  }

  private static void walk(JsonNode node, String at, Set<String> addresses, List<Foreign> out) {
    if (node.isTextual()) {
      scan(node.textValue(), at, addresses, out);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), at + "[" + i + "]", addresses, out);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().equals("//")) {
          continue;
        }
        String child = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
        scan(e.getKey(), child + " (property name)", addresses, out);
        walk(e.getValue(), child, addresses, out);
      }
    }
  }

  /** The sequences of one template, as HCL reads it: {@code $${} and {@code %%{} are literal text. */
  static void scan(String text, String at, Set<String> addresses, List<Foreign> out) {
    String s = text.replace(Literal.SPLIT_TOKEN_WORD, Literal.TOKEN_WORD);
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
        i += 3;
      } else if (s.startsWith("${", i) || s.startsWith("%{", i)) {
        int end = closingBrace(s, i + 2);
        String sequence = end < 0 ? s.substring(i) : s.substring(i, end + 1);
        // Unterminated, Terraform would refuse the template: not something the stack writes either.
        if (end < 0 || s.charAt(i) == '%' || !own(sequence.substring(2, sequence.length() - 1), addresses)) {
          out.add(new Foreign(at, sequence));
        }
        i = end < 0 ? s.length() : end + 1;
      } else {
        i++;
      }
    }
  }

  /** Whether {@code expression} is one of the stack's own references, or {@code element()} of one. */
  private static boolean own(String expression, Set<String> addresses) {
    Matcher distinct = DISTINCT_COUNT.matcher(expression);
    if (distinct.matches()) {
      return Arrays.stream(distinct.group(1).split(", ")).allMatch(r -> own(r, addresses));
    }
    Matcher element = ELEMENT.matcher(expression);
    String reference = element.matches() ? element.group(1) : expression;
    Matcher m = REFERENCE.matcher(reference);
    return m.matches() && addresses.contains((m.group(1) == null ? "" : m.group(1)) + m.group(2) + "." + m.group(3));
  }

  /** The index of the brace closing a sequence whose body starts at {@code from}, skipping quoted strings; -1. */
  private static int closingBrace(String s, int from) {
    int depth = 1;
    boolean quoted = false;
    for (int j = from; j < s.length(); j++) {
      char c = s.charAt(j);
      if (quoted) {
        if (c == '\\') {
          j++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return j;
      }
    }
    return -1;
  }
}
