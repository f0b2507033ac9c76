package dev.svcconnect.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code src/test/resources/iam/provider-actions.yaml}: per Terraform resource type ({@code aws_vpc}) or data source
 * ({@code data.aws_ssm_parameter}), the IAM actions the AWS provider calls for it (see the file's header for how they
 * were derived and where each comes from).
 */
public final class ProviderActions {
  /** The table's one home. */
  public static final Path FILE = Path.of("src/test/resources/iam/provider-actions.yaml");

  /**
   * One type's row.
   *
   * @param read what a plan (refresh) calls
   * @param write what create, update, delete and tagging call on top, dependent actions included
   * @param serviceLinkedRoles AWS service name to the service-linked role it creates on first use
   * @param provider the type's page of the provider docs
   * @param actions the Service Authorization Reference (or API reference) page naming the actions
   */
  public record Entry(String type, List<String> read, List<String> write, Map<String, String> serviceLinkedRoles,
      String provider, String actions) {
    /** Read and write actions, in table order. */
    public List<String> all() {
      List<String> all = new ArrayList<>(read);
      all.addAll(write);
      return all;
    }
  }

  /** The row of the provider's own set-up calls, which belong to no resource type. */
  public static final String PROVIDER = "provider";

  private final Map<String, Entry> entries;

  private ProviderActions(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /**
   * Reads the table.
   *
   * @throws IllegalArgumentException when a row lacks read, write, provider or actions, or names an action that is
   *     not {@code service:Action}
   */
  public static ProviderActions load() {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE, e);
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (var e : root.path("types").properties()) {
      JsonNode row = e.getValue();
      for (String field : List.of("read", "write", "provider", "actions")) {
        if (!row.has(field)) {
          throw new IllegalArgumentException(FILE + ": " + e.getKey() + " has no '" + field + "'");
        }
      }
      Map<String, String> slr = new LinkedHashMap<>();
      row.path("serviceLinkedRoles").properties().forEach(p -> slr.put(p.getKey(), p.getValue().asText()));
      entries.put(e.getKey(), new Entry(e.getKey(), actions(e.getKey(), row.path("read")),
          actions(e.getKey(), row.path("write")), slr, row.path("provider").asText(),
          row.path("actions").asText()));
    }
    return new ProviderActions(entries);
  }

  private static List<String> actions(String type, JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode a : list) {
      if (!a.asText().matches("[a-z0-9-]+:[A-Za-z0-9]+")) {
        throw new IllegalArgumentException(FILE + ": " + type + ": '" + a.asText() + "' is not service:Action");
      }
      out.add(a.asText());
    }
    return out;
  }

  /** The row of {@code type} ({@code aws_vpc}, {@code data.aws_ssm_parameter}), if the table has one. */
  public Optional<Entry> entry(String type) {
    return Optional.ofNullable(entries.get(type));
  }

  /** Every row, in file order. */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }
}
