package dev.svcconnect.config;

import java.util.ArrayList;
import java.util.List;

/** Collects the {@code file: field: rule} lines of one environment file, in the order they were found. */
final class Problems {
  private final String file;
  private final List<String> lines = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  /**
   * A problem of one field; {@code field} is its path, e.g. {@code services[0].serviceConnect.endpoints[1]}, shown
   * as {@link Display#plain} shows a value (its keys are the user's text).
   */
  void add(String field, String rule) {
    lines.add(file + ": " + (field.isEmpty() ? "" : Display.plain(field) + ": ") + rule);
  }

  /** A problem of the whole file (size, encoding, YAML syntax). */
  void addWhole(String rule) {
    lines.add(file + ": " + rule);
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  /** Throws {@link ConfigException} with every line so far, if there is one. */
  void throwIfAny() {
    if (!lines.isEmpty()) {
      throw new ConfigException(lines);
    }
  }

  /** Throws {@link ConfigException} with every line so far and {@code rule} about the whole file. */
  ConfigException whole(String rule) {
    addWhole(rule);
    return new ConfigException(lines);
  }

  List<String> lines() {
    return lines;
  }
}
