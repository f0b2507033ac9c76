package dev.svcconnect.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: the fields the schema names for a mapping, as the message of an unknown key lists them ("; known
 * fields: a, b, c"). Tests of that message take the list from here, so that adding a field to the schema edits no
 * list in a test; what they check is that the key is reported, where, and which field is suggested.
 */
public final class SchemaFields {
  /** What a table of expected messages writes instead of the list: {@link #expand} replaces it. */
  public static final String MARKER = "; known fields: <schema>";
  private static final Pattern ELEMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  private SchemaFields() {}

  /** {@code "; known fields: "} and the schema's fields of the mapping at {@code at} (keys and list indexes). */
  public static String known(Object... at) {
    return "; known fields: " + String.join(", ", ConfigSchema.knownFields(ConfigSchema.facetsAt(List.of(at))));
  }

  /**
   * {@code line} ({@code field: unknown field...<MARKER>}) with {@link #MARKER} replaced by the schema's fields of
   * the mapping that holds {@code field}, e.g. {@code services[0].dependOn} → the fields of a service; other lines
   * as they are.
   */
  public static String expand(String line) {
    if (!line.endsWith(MARKER)) {
      return line;
    }
    String field = line.substring(0, line.indexOf(": "));
    List<Object> at = new ArrayList<>();
    Matcher m = ELEMENT.matcher(field);
    while (m.find()) {
      at.add(m.group(2) != null ? (Object) Integer.parseInt(m.group(2)) : m.group(1));
    }
    at.remove(at.size() - 1);
    return line.substring(0, line.length() - MARKER.length()) + known(at.toArray());
  }
}
