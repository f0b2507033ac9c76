package dev.svcconnect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.SpecVersion;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.DocumentEndEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads the text of an environment file as one YAML 1.2 document (snakeyaml-engine, core schema) into a Jackson tree,
 * which the JSON Schema then checks. YAML 1.2 reads {@code on}, {@code off}, {@code yes} and {@code no} as strings and
 * {@code 0755} as 755, where YAML 1.1 tools read booleans and octal 493: the schema decides about the former, and an
 * integer with a leading zero is refused as ambiguous. Aliases resolve to the anchored value, within bounds.
 * Every problem names the line (and the field, where there is one); see
 * <a href="https://yaml.org/spec/1.2.2/">YAML 1.2.2</a>.
 */
final class YamlTree {
  /** Deeper nesting is refused before it is composed: an environment file nests fewer than ten levels. */
  static final int MAX_DEPTH = 64;
  /** Values produced by expanding aliases, at most: far more than a file needs, far fewer than an alias bomb. */
  static final int MAX_ALIAS_VALUES = 10_000;

  private static final Pattern LEADING_ZERO = Pattern.compile("([-+]?)0+([0-9]+)");
  private static final Pattern OCTAL_DIGITS = Pattern.compile("[0-7]+");
  private static final Pattern OCTAL_1_2 = Pattern.compile("([-+]?)0o([0-7]+)");
  private static final String CORE_TAG = "tag:yaml.org,2002:";

  /** The parsed document: {@code root} is null for a file without content (empty, blank, only comments or ---). */
  record Result(JsonNode root) {}

  private final Problems problems;
  /** The line each mapping key was written on, by field path: a duplicate key names both. */
  private final Map<String, Integer> lines = new HashMap<>();
  /** Collections on the path being converted: an alias to one of them would never end. */
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Anchored nodes converted once already: meeting one again means an alias. */
  private final Set<Node> anchoredSeen = Collections.newSetFromMap(new IdentityHashMap<>());
  private int aliasDepth;
  /** Where the alias being expanded was written: the field a bomb is reported under. */
  private String aliasStart = "";
  private int aliasValues;
  private boolean aliasLimitReported;

  private YamlTree(Problems problems) {
    this.problems = problems;
  }

  /**
   * Parses {@code text}; returns empty after adding to {@code problems} when the text is not one valid YAML 1.2
   * document or holds a value this project refuses (duplicate key, ambiguous integer, unsupported tag, ...).
   */
  static Optional<Result> parse(String text, Problems problems) {
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1); // a byte order mark may start a YAML stream
    }
    if (!forbiddenCharacters(text, problems)) {
      return Optional.empty();
    }
    YamlTree tree = new YamlTree(problems);
    Optional<Node> document = tree.compose(text);
    if (!problems.isEmpty()) {
      return Optional.empty();
    }
    JsonNode root = document.map(n -> tree.convert(n, "", 0)).orElse(null);
    if (root != null && root.isNull()) {
      root = null;
    }
    return problems.isEmpty() ? Optional.of(new Result(root)) : Optional.empty();
  }

  private static LoadSettings settings() {
    return LoadSettings.builder()
        .setLabel("environment file")
        .setSchema(new CoreSchemaWithoutMerge())
        // checked while converting, where the field and both lines are known
        .setAllowDuplicateKeys(true)
        .setAllowNonScalarKeys(true)
        // bounded while converting (MAX_ALIAS_VALUES), where the field is known
        .setMaxAliasesForCollections(Integer.MAX_VALUE)
        .setVersionFunction(YamlTree::onlyYaml12)
        .build();
  }

  private static SpecVersion onlyYaml12(SpecVersion version) {
    if (version.getMajor() != 1 || version.getMinor() != 2) {
      throw new YamlEngineException("the %YAML " + version.getRepresentation() + " directive: an environment file"
          + " is YAML 1.2 (leave the directive out)");
    }
    return version;
  }

  /** The core schema of YAML 1.2, which has no merge keys ({@code <<} is YAML 1.1's). */
  private static final class CoreSchemaWithoutMerge extends CoreSchema {
    @Override
    public ScalarResolver getScalarResolver() {
      return new CoreScalarResolver(false);
    }
  }

  /**
   * YAML 1.2 allows only printable characters in a stream (spec 5.1). Each other one is reported with its line and
   * column, and with the field it is in when the text parses once it is replaced.
   */
  private static boolean forbiddenCharacters(String text, Problems problems) {
    Map<Integer, String> found = new LinkedHashMap<>();
    int line = 1;
    int column = 1;
    StringBuilder sanitized = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!StreamReader.isPrintable(cp)) {
        if (sanitized == null) {
          sanitized = new StringBuilder(text.substring(0, i));
        }
        found.put(i, String.format("line %d, column %d: contains U+%04X%s, which YAML does not allow in a file;"
            + " remove it", line, column, cp, Character.isISOControl(cp) ? " (a control character)" : ""));
        sanitized.append('\uFFFD');
      } else if (sanitized != null) {
        sanitized.appendCodePoint(cp);
      }
      if (cp == '\n' || (cp == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        column = 1;
      } else if (cp != '\r') {
        column++;
      }
      i += Character.charCount(cp);
    }
    if (found.isEmpty()) {
      return true;
    }
    Map<Integer, String> fields = fieldsAt(sanitized.toString(), found.keySet());
    found.forEach((index, rule) -> {
      String field = fields.get(index);
      if (field == null) {
        problems.addWhole("not valid YAML: " + rule);
      } else {
        problems.add(field, rule);
      }
    });
    return false;
  }

  /** For each character index, the deepest field whose written text covers it; none when the text does not parse. */
  private static Map<Integer, String> fieldsAt(String text, Set<Integer> indexes) {
    Map<Integer, String> out = new HashMap<>();
    try {
      Parser parser = new ParserImpl(settings(), new StreamReader(settings(), text));
      Composer composer = new Composer(settings(), parser);
      if (composer.hasNext()) {
        locate(composer.next(), "", indexes, out, Collections.newSetFromMap(new IdentityHashMap<>()));
      }
    } catch (YamlEngineException e) {
      // the replaced text does not parse either: the lines alone are reported
    }
    return out;
  }

  private static void locate(Node node, String path, Set<Integer> indexes, Map<Integer, String> out, Set<Node> seen) {
    if (!seen.add(node)) {
      return;
    }
    for (int index : indexes) {
      if (covers(node, index)) {
        out.put(index, path);
      }
    }
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
        String child = field(path, key);
        locate(t.getKeyNode(), child, indexes, out, seen);
        locate(t.getValueNode(), child, indexes, out, seen);
      }
    } else if (node instanceof SequenceNode s) {
      for (int i = 0; i < s.getValue().size(); i++) {
        locate(s.getValue().get(i), path + "[" + i + "]", indexes, out, seen);
      }
    }
  }

  private static boolean covers(Node node, int index) {
    // Mark indexes count code points, the text's indexes UTF-16 units; they agree while the file is in the BMP,
    // and a mismatch only costs the field name, never the line.
    return node.getStartMark().isPresent() && node.getEndMark().isPresent()
        && node.getStartMark().get().getIndex() <= index && index < node.getEndMark().get().getIndex();
  }

  private Optional<Node> compose(String text) {
    LoadSettings settings = settings();
    DepthLimitedParser parser = new DepthLimitedParser(new ParserImpl(settings, new StreamReader(settings, text)));
    try {
      Composer composer = new Composer(settings, parser);
      if (!composer.hasNext()) {
        return Optional.empty();
      }
      Node document = composer.next();
      if (composer.hasNext()) {
        int line = parser.peekEvent().getStartMark().map(m -> m.getLine() + 1).orElse(0);
        problems.addWhole("not valid YAML: line " + line + ": " + (parser.lastDocumentEndExplicit
            ? "content after the document end marker '...'" : "a second document") + "; an environment file is"
            + " one YAML document");
        return Optional.empty();
      }
      return Optional.of(document);
    } catch (MarkedYamlEngineException e) {
      if (parser.documentsEnded > 0 && parser.lastDocumentEndExplicit) {
        // YAML 1.2 allows a bare document after '...'; the parser wants '---' first: either way, a second one
        int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
        problems.addWhole("not valid YAML: line " + line + ": content after the document end marker '...'; an"
            + " environment file is one YAML document");
      } else {
        problems.addWhole("not valid YAML: " + describe(e));
      }
    } catch (YamlEngineException e) {
      problems.addWhole("not valid YAML: " + e.getMessage());
    }
    return Optional.empty();
  }

  private static String describe(MarkedYamlEngineException e) {
    Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
    String problem = e.getProblem() == null ? e.getContext() : e.getProblem();
    if (problem != null && problem.contains("(TAB)")) {
      problem = "a tab cannot start a token; indent with spaces";
    } else if (problem != null && problem.startsWith("found undefined alias ")) {
      String anchor = problem.substring("found undefined alias ".length());
      problem = "the alias *" + anchor + " refers to no anchor &" + anchor + " written before it";
    } else if (e.getContext() != null && e.getProblem() != null) {
      String where = e.getContextMark().filter(c -> mark.isEmpty() || c.getLine() != mark.get().getLine())
          .map(c -> " (line " + (c.getLine() + 1) + ")").orElse("");
      problem = problem + ", " + e.getContext() + where;
    }
    String at = mark.map(m -> "line " + (m.getLine() + 1) + ": ").orElse("");
    String snippet = mark.map(m -> System.lineSeparator() + m.createSnippet()).orElse("");
    return at + problem + snippet;
  }

  /** Refuses nesting deeper than {@link #MAX_DEPTH} while the parser streams, before the composer recurses into it. */
  private static final class DepthLimitedParser implements Parser {
    private final Parser parser;
    private int depth;
    int documentsEnded;
    boolean lastDocumentEndExplicit;

    DepthLimitedParser(Parser parser) {
      this.parser = parser;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public boolean hasNext() {
      return parser.hasNext();
    }

    @Override
    public Event next() {
      Event event = parser.next();
      switch (event.getEventId()) {
        case SequenceStart, MappingStart -> {
          if (++depth > MAX_DEPTH) {
            throw new MarkedDepthException(event.getStartMark());
          }
        }
        case SequenceEnd, MappingEnd -> depth--;
        case DocumentEnd -> {
          documentsEnded++;
          lastDocumentEndExplicit = ((DocumentEndEvent) event).isExplicit();
        }
        default -> { }
      }
      return event;
    }
  }

  private static final class MarkedDepthException extends MarkedYamlEngineException {
    private static final long serialVersionUID = 1L;

    MarkedDepthException(Optional<Mark> mark) {
      super(null, Optional.empty(), "nesting deeper than " + MAX_DEPTH + " levels; an environment file needs fewer"
          + " than ten", mark);
    }
  }

  private static String field(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  /** The node as a Jackson value; null after adding a problem (the caller's result is then discarded). */
  private JsonNode convert(Node node, String path, int depth) {
    boolean alias = node.getAnchor().isPresent() && !anchoredSeen.add(node);
    if (alias && aliasDepth++ == 0) {
      aliasStart = path;
    }
    try {
      if (depth > MAX_DEPTH) {
        problems.add(path, "line " + line(node) + ": nesting deeper than " + MAX_DEPTH + " levels through aliases");
        return null;
      }
      if (aliasDepth > 0 && ++aliasValues > MAX_ALIAS_VALUES) {
        if (!aliasLimitReported) {
          aliasLimitReported = true;
          problems.add(aliasStart, "the aliases of this file expand to more than " + MAX_ALIAS_VALUES + " values (an"
              + " alias bomb?); write the values out");
        }
        return null;
      }
      if (node instanceof ScalarNode s) {
        return scalar(s, path);
      }
      if (!open.add(node)) {
        problems.add(path, "the alias *" + node.getAnchor().map(Object::toString).orElse("") + " refers to the"
            + " collection anchored on line " + line(node) + ", which contains it");
        return null;
      }
      try {
        return node instanceof MappingNode m ? mapping(m, path, depth) : sequence((SequenceNode) node, path, depth);
      } finally {
        open.remove(node);
      }
    } finally {
      if (alias) {
        aliasDepth--;
      }
    }
  }

  private JsonNode mapping(MappingNode m, String path, int depth) {
    if (!m.getTag().equals(Tag.MAP)) {
      return unsupportedTag(m, path);
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
        problems.add(path, "line " + line(t.getKeyNode()) + ": a key must be a plain value, not a list or mapping");
        continue;
      }
      String key = keyNode.getValue();
      String child = field(path, key);
      if (key.equals("<<") && keyNode.isPlain()) {
        problems.add(child, "line " + line(keyNode) + ": merge keys (<<) are YAML 1.1, not 1.2; write the fields"
            + " out");
        continue;
      }
      Integer first = out.has(key) ? lines.get(child) : null;
      if (first != null) {
        problems.add(child, "line " + line(keyNode) + ": duplicate key (first written on line " + first + "); a"
            + " key may appear once in a mapping");
        continue;
      }
      lines.put(child, line(keyNode));
      JsonNode value = convert(t.getValueNode(), child, depth + 1);
      out.set(key, value == null ? JsonNodeFactory.instance.nullNode() : value);
    }
    return out;
  }

  private JsonNode sequence(SequenceNode s, String path, int depth) {
    if (!s.getTag().equals(Tag.SEQ)) {
      return unsupportedTag(s, path);
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < s.getValue().size(); i++) {
      Node item = s.getValue().get(i);
      String child = path + "[" + i + "]";
      JsonNode value = convert(item, child, depth + 1);
      out.add(value == null ? JsonNodeFactory.instance.nullNode() : value);
    }
    return out;
  }

  private JsonNode scalar(ScalarNode s, String path) {
    Tag tag = s.getTag();
    String text = s.getValue();
    if (tag.equals(Tag.STR) || tag.equals(Tag.ENV_TAG)) {
      // ENV_TAG: snakeyaml-engine's resolver marks ${NAME}; without an EnvConfig it is only text, never looked up
      return JsonNodeFactory.instance.textNode(text);
    }
    if (tag.equals(Tag.NULL)) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (tag.equals(Tag.BOOL) && CoreScalarResolver.BOOL.matcher(text).matches()) {
      return JsonNodeFactory.instance.booleanNode(text.equalsIgnoreCase("true"));
    }
    if (tag.equals(Tag.INT)) {
      return integer(s, path);
    }
    if (tag.equals(Tag.FLOAT) && CoreScalarResolver.FLOAT.matcher(text).matches()) {
      String lower = text.toLowerCase(java.util.Locale.ROOT);
      double value = lower.endsWith(".nan") ? Double.NaN
          : lower.endsWith(".inf") ? (lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
          : Double.parseDouble(text);
      return JsonNodeFactory.instance.numberNode(value);
    }
    if (tag.equals(Tag.BOOL) || tag.equals(Tag.FLOAT)) {
      problems.add(path, "line " + line(s) + ": " + Display.quote(text) + " is tagged " + shortTag(tag)
          + " but is not one");
      return null;
    }
    return unsupportedTag(s, path);
  }

  /**
   * A YAML 1.2 integer. Leading zeros and {@code 0o} octal are refused: YAML 1.1 tools read {@code 0755} as octal
   * 493 where YAML 1.2 reads 755, and {@code 0o755} as a string where YAML 1.2 reads 493.
   */
  private JsonNode integer(ScalarNode s, String path) {
    String text = s.getValue().strip();
    var zero = LEADING_ZERO.matcher(text);
    if (zero.matches()) {
      String decimal = zero.group(1).replace("+", "") + new BigInteger(zero.group(2));
      String yaml11 = OCTAL_DIGITS.matcher(zero.group(2)).matches()
          ? "octal (" + zero.group(1).replace("+", "") + new BigInteger(zero.group(2), 8) + ")" : "a string";
      problems.add(path, text + " is ambiguous: YAML 1.1 tools read a leading zero as " + yaml11 + ", YAML 1.2 as "
          + decimal + "; write " + decimal);
      return null;
    }
    var octal = OCTAL_1_2.matcher(text);
    if (octal.matches()) {
      String value = octal.group(1).replace("+", "") + new BigInteger(octal.group(2), 8);
      problems.add(path, text + " is ambiguous: YAML 1.2 reads it as octal (" + value + "), YAML 1.1 tools as a"
          + " string; write " + value);
      return null;
    }
    BigInteger value;
    try {
      value = text.startsWith("0x") ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
    } catch (NumberFormatException e) {
      problems.add(path, "line " + line(s) + ": " + Display.quote(text) + " is tagged !!int but is not an integer");
      return null;
    }
    return value.bitLength() < 32 ? JsonNodeFactory.instance.numberNode(value.intValue())
        : value.bitLength() < 64 ? JsonNodeFactory.instance.numberNode(value.longValue())
        : JsonNodeFactory.instance.numberNode(value);
  }

  private JsonNode unsupportedTag(Node node, String path) {
    problems.add(path, "line " + line(node) + ": the tag " + shortTag(node.getTag()) + " is not supported; write a"
        + " plain value");
    return null;
  }

  private static String shortTag(Tag tag) {
    String value = tag.getValue();
    return value.startsWith(CORE_TAG) ? "!!" + value.substring(CORE_TAG.length()) : value;
  }
}
