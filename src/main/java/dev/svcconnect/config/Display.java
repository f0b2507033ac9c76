package dev.svcconnect.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a value from the environment file, the command line or the environment appears in a message: quoted, cut
 * after {@link #MAX_CHARS} characters and with control characters escaped, so that a 1 MB value or a terminal escape
 * sequence never reaches the terminal. The one place for it: config messages and command-line errors alike.
 */
public final class Display {
  /** The most characters of a value a message repeats. */
  public static final int MAX_CHARS = 200;

  private Display() {}

  /** {@code text} in single quotes: at most {@link #MAX_CHARS} characters, then "…"; controls as \n or \\uXXXX. */
  public static String quote(String text) {
    return "'" + plain(text) + "'";
  }

  /** {@code text} as {@link #quote} shows it, without the quotes: for field paths, whose keys the user wrote. */
  public static String plain(String text) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < text.length(); ) {
      if (shown == MAX_CHARS) {
        return out.append("…").toString();
      }
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      shown++;
      switch (cp) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 || Character.getType(cp) == Character.FORMAT) {
            out.append(String.format("\\u%04X", cp));
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
    }
    return out.toString();
  }

  /** A value as a message describes it: "string 'x'", "number 5", "boolean true", "a list", "a mapping". */
  static String describe(JsonNode v) {
    if (v.isTextual()) {
      return "string " + quote(v.textValue());
    }
    if (v.isBoolean()) {
      return "boolean " + v.booleanValue();
    }
    if (v.isNumber()) {
      return "number " + v.numberValue();
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    return "nothing";
  }

  /** A scalar as written in YAML, for messages: strings quoted, numbers and booleans plain. */
  static String value(JsonNode v) {
    return v.isTextual() ? quote(v.textValue()) : v.isValueNode() ? v.asText() : v.toString();
  }
}
