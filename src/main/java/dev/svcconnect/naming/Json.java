package dev.svcconnect.naming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders IAM documents and container definitions; insertion-ordered maps keep the output stable. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /**
   * A JSON object of {@code fields} in the order given ({@code Map.of} keeps none), as a mutable map that later
   * fields may be added to.
   *
   * @param fields each a key and its value ({@code Map.entry}, which takes no null)
   */
  @SafeVarargs
  public static Map<String, Object> object(Map.Entry<String, ?>... fields) {
    Map<String, Object> object = new LinkedHashMap<>();
    for (Map.Entry<String, ?> f : fields) {
      object.put(f.getKey(), f.getValue());
    }
    return object;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
    }
  }
}
