// Generated from schema/environment.schema.json by OptionsRecordsTest: do not edit.
// Regenerate with DOCS_UPDATE=1 ./mvnw -B test -Dtest=OptionsRecordsTest.
package dev.svcconnect.config;

import java.util.List;

/**
 * The fields of {@code $defs/container} that the schema marks {@code x-option}: read only by the construct that renders
 * them ({@link OptionsRecord}). The schema is their home (type, default, limits, description): change it, not this
 * file.
 *
 * @param command Overrides the image's CMD. Empty when not set.
 * @param entryPoint Overrides the image's ENTRYPOINT. Empty when not set.
 */
public record ContainerOptions(List<String> command, List<String> entryPoint) implements OptionsRecord {
  /** Every field at its schema default, or empty: a mapping that sets none of them. */
  public static final ContainerOptions DEFAULTS = new ContainerOptions(List.of(), List.of());

  public ContainerOptions {
    command = List.copyOf(command);
    entryPoint = List.copyOf(entryPoint);
  }

  /** This record with {@code command} replaced. */
  public ContainerOptions withCommand(List<String> command) {
    return new ContainerOptions(command, entryPoint);
  }

  /** This record with {@code entryPoint} replaced. */
  public ContainerOptions withEntryPoint(List<String> entryPoint) {
    return new ContainerOptions(command, entryPoint);
  }
}
