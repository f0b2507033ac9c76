package dev.svcconnect.policy;

import dev.svcconnect.config.SecurityConfig;
import dev.svcconnect.tfjson.StackDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the suite evaluates: the synthesized stacks, the config's security section, and for the local target the
 * state-bootstrap stack as target kind {@code aws} would synthesize it (see {@link Rule#onAwsTwin()}).
 */
public record PolicyContext(
    Path configFile,
    List<StackDocument> stacks,
    SecurityConfig security,
    boolean localTarget,
    Optional<StackDocument> awsTwin) {

  public PolicyContext {
    stacks = List.copyOf(stacks);
  }
}
