package dev.svcconnect.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An identity-based IAM policy document, evaluated the way IAM evaluates one policy for one request: an explicit
 * Deny wins, otherwise an Allow statement must match the action, the resource and every condition; nothing matching
 * is an implicit deny (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 *
 * <p>Only what the documents under {@code docs/iam} use is understood, and anything else fails loudly: Action and
 * Resource (string or list; no NotAction or NotResource), with {@code *} and {@code ?} wildcards, actions compared
 * without regard to case and resources with it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html); conditions
 * StringEquals, StringLike, ArnEquals and ArnLike, where the keys of one operator and the operators of one block
 * must all hold, any one value of a key suffices, and a key the request lacks fails the condition
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
public final class IamPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Z_]+)>");
  private static final Set<String> OPERATORS = Set.of("StringEquals", "StringLike", "ArnEquals", "ArnLike");

  private final String name;
  private final JsonNode document;

  private IamPolicy(String name, JsonNode document) {
    this.name = name;
    this.document = document;
    for (JsonNode s : statements()) {
      for (String field : List.of("NotAction", "NotResource", "NotPrincipal", "Principal")) {
        if (s.has(field)) {
          throw new IllegalArgumentException(name + ": statement " + s.path("Sid").asText() + " uses " + field
              + ", which this evaluator does not understand");
        }
      }
      s.path("Condition").fieldNames().forEachRemaining(op -> {
        if (!OPERATORS.contains(op)) {
          throw new IllegalArgumentException(name + ": condition operator " + op + " is not understood here");
        }
      });
    }
  }

  /** The placeholders ({@code <ACCOUNT_ID>}, ...) a policy file under docs/iam contains. */
  public static Set<String> placeholders(Path file) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(read(file));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * Reads {@code file} with every {@code <NAME>} replaced by {@code values.get(NAME)}.
   *
   * @throws IllegalArgumentException when the file has a placeholder {@code values} lacks
   */
  public static IamPolicy load(Path file, Map<String, String> values) {
    String text = read(file);
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(file + ": no value for the placeholder <" + m.group(1) + ">");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    try {
      return new IamPolicy(file.toString(), JSON.readTree(out.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not JSON", e);
    }
  }

  /** This policy and {@code other} attached to the same role: their statements are evaluated together. */
  public IamPolicy with(IamPolicy other) {
    var merged = JSON.createObjectNode();
    merged.put("Version", "2012-10-17");
    var all = merged.putArray("Statement");
    statements().forEach(all::add);
    other.statements().forEach(all::add);
    return new IamPolicy(name + " + " + other.name, merged);
  }

  /** One request: an action on a resource, with the condition keys the request carries. */
  public record Request(String action, String resource, Map<String, String> context) {
    public Request(String action, String resource) {
      this(action, resource, Map.of());
    }

    @Override
    public String toString() {
      return action + " on " + resource + (context.isEmpty() ? "" : " with " + context);
    }
  }

  /** Whether this policy allows {@code request}. */
  public boolean allows(Request request) {
    boolean allowed = false;
    for (JsonNode s : statements()) {
      if (matches(s, request)) {
        if (s.path("Effect").asText().equals("Deny")) {
          return false;
        }
        allowed = true;
      }
    }
    return allowed;
  }

  /** The Sids of the Allow statements that grant {@code request}, for messages. */
  public List<String> grantingStatements(Request request) {
    List<String> sids = new ArrayList<>();
    for (JsonNode s : statements()) {
      if (s.path("Effect").asText().equals("Allow") && matches(s, request)) {
        sids.add(s.path("Sid").asText("(no Sid)"));
      }
    }
    return sids;
  }

  public String name() {
    return name;
  }

  private List<JsonNode> statements() {
    JsonNode s = document.path("Statement");
    List<JsonNode> out = new ArrayList<>();
    if (s.isArray()) {
      s.forEach(out::add);
    } else {
      out.add(s);
    }
    return out;
  }

  private static boolean matches(JsonNode statement, Request request) {
    return values(statement.path("Action")).stream().anyMatch(a -> wildcard(a, request.action(), true))
        && values(statement.path("Resource")).stream().anyMatch(r -> wildcard(r, request.resource(), false))
        && conditionsHold(statement.path("Condition"), request.context());
  }

  private static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
    for (var byOperator : condition.properties()) {
      String op = byOperator.getKey();
      for (var byKey : byOperator.getValue().properties()) {
        // condition key names are not case-sensitive
        String actual = context.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(byKey.getKey()))
            .map(Map.Entry::getValue).findFirst().orElse(null);
        if (actual == null) {
          return false;
        }
        boolean like = op.endsWith("Like");
        if (values(byKey.getValue()).stream().noneMatch(v -> like ? wildcard(v, actual, false) : v.equals(actual))) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<String> values(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (!node.isMissingNode()) {
      out.add(node.asText());
    }
    return out;
  }

  /** IAM's wildcards: {@code *} any run of characters (including none and ':' or '/'), {@code ?} any one. */
  static boolean wildcard(String pattern, String value, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL)
        .matcher(value).matches();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
