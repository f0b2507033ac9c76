package dev.svcconnect.support;

import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code src/test/resources/topology/template-text.yaml}: Terraform template sequences in every field whose
 * characters admit them, and, put in through the records (the schema refuses '$' and '{' in tags), in the top-level
 * and the service's tags too: keys and values. What the stack must pass to AWS as literal text.
 */
public final class TemplateText {
  /** The fixture, as ConfigLoader reads it. */
  public static final Path FILE = Path.of("src/test/resources/topology/template-text.yaml");
  /** Read from a local file, if Terraform evaluated it. */
  public static final String FILE_FUNCTION = "${file(\"/etc/hostname\")}";
  /** A template loop, if Terraform ran it. */
  public static final String LOOP = "%{ for x in [1] }x%{ endfor }";
  /** The health check's shell command: ${PORT} is the container shell's to expand, never Terraform's. */
  public static final String HEALTH_COMMAND =
      "curl -f http://localhost:${PORT}/health %{ for x in [1] }x%{ endfor } || exit 1";
  /** A tag whose key and value hold template sequences. */
  public static final String TAG_KEY = "k" + FILE_FUNCTION;
  public static final String TAG_VALUE = FILE_FUNCTION + " " + LOOP;

  private TemplateText() {}

  /** The fixture as written: every value the loader accepts. */
  public static EnvironmentConfig asWritten() {
    return ConfigLoader.load(FILE);
  }

  /** The key of the tag that every service of {@link #withTemplateTags} carries: {@link #TAG_KEY} prefixed. */
  public static final String SERVICE_TAG_KEY = "service-" + TAG_KEY;

  /**
   * The fixture with {@link #TAG_KEY} = {@link #TAG_VALUE} among the top-level tags and {@link #SERVICE_TAG_KEY} =
   * {@link #TAG_VALUE} among every service's own.
   */
  public static EnvironmentConfig withTemplateTags() {
    return withTags(asWritten(), TAG_KEY, SERVICE_TAG_KEY, TAG_VALUE);
  }

  /** {@code config} with {@code key} = {@code value} added to the top-level tags, {@code serviceKey} to services'. */
  public static EnvironmentConfig withTags(EnvironmentConfig config, String key, String serviceKey, String value) {
    Map<String, String> top = new LinkedHashMap<>(config.tags());
    top.put(key, value);
    return new EnvironmentConfig(config.source(), config.environment(), config.target(), config.state(),
        config.network(), config.cluster(), config.logs(), config.task(),
        config.services().stream().map(s -> {
          Map<String, String> own = new LinkedHashMap<>(s.tags());
          own.put(serviceKey, value);
          return s.withTags(own);
        }).toList(),
        config.bastion(), top, config.security());
  }
}
