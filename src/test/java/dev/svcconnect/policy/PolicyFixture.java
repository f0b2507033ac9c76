package dev.svcconnect.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.SecurityConfig;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.tfjson.StackDocument;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.target.DeploymentTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The synthesized stacks of a config as the policy suite sees them, with the means to break one attribute of a copy
 * and evaluate the suite again. Synths are shared through {@link SynthFixture}'s cache.
 */
final class PolicyFixture {
  final EnvironmentConfig config;
  final DeploymentTarget target;
  final JsonNode service;
  final JsonNode bootstrap;
  final Optional<JsonNode> twin;

  PolicyFixture(EnvironmentConfig config) {
    this.config = config;
    this.target = DeploymentTarget.resolve(config, Map.of());
    this.service = SynthFixture.serviceStack(config).root();
    this.bootstrap = SynthFixture.bootstrapStack(config).root();
    this.twin = target.isLocal()
        ? Optional.of(dev.svcconnect.app.Synthesizer.awsBootstrap(config, target).root()) : Optional.empty();
  }

  /** Which synthesized document an edit applies to. */
  enum Doc { SERVICE, BOOTSTRAP, TWIN }

  PolicyReport evaluate() {
    return evaluate(config.security(), Doc.SERVICE, root -> { });
  }

  PolicyReport evaluate(SecurityConfig security) {
    return evaluate(security, Doc.SERVICE, root -> { });
  }

  PolicyReport evaluate(Doc doc, Consumer<ObjectNode> edit) {
    return evaluate(config.security(), doc, edit);
  }

  /** The suite over copies of the stacks, {@code edit} applied to the copy of {@code doc}. */
  PolicyReport evaluate(SecurityConfig security, Doc doc, Consumer<ObjectNode> edit) {
    ObjectNode s = service.deepCopy();
    ObjectNode b = bootstrap.deepCopy();
    Optional<ObjectNode> t = twin.map(JsonNode::deepCopy);
    edit.accept(switch (doc) {
      case SERVICE -> s;
      case BOOTSTRAP -> b;
      case TWIN -> t.orElseThrow();
    });
    return PolicySuite.evaluate(new PolicyContext(config.source(),
        List.of(new StackDocument(StateBootstrapStack.ID, b), new StackDocument(ServiceConnectStack.ID, s)),
        security, target.isLocal(), t.map(n -> new StackDocument(StateBootstrapStack.ID, n))));
  }

  /** The resource block of {@code type} whose construct path ends with {@code pathSuffix}; fails unless exactly one. */
  static ObjectNode resource(ObjectNode root, String type, String pathSuffix) {
    List<ObjectNode> matches = new java.util.ArrayList<>();
    root.path("resource").path(type).forEach(r -> {
      if (r.path("//").path("metadata").path("path").asText().endsWith("/" + pathSuffix)) {
        matches.add((ObjectNode) r);
      }
    });
    if (matches.size() != 1) {
      throw new AssertionError("expected one " + type + " at */" + pathSuffix + ", found " + matches.size());
    }
    return matches.get(0);
  }

  /** Removes the resource block of {@code type} at {@code pathSuffix}. */
  static void remove(ObjectNode root, String type, String pathSuffix) {
    ObjectNode byName = (ObjectNode) root.path("resource").path(type);
    String name = null;
    for (var e : byName.properties()) {
      if (e.getValue().path("//").path("metadata").path("path").asText().endsWith("/" + pathSuffix)) {
        name = e.getKey();
      }
    }
    if (name == null) {
      throw new AssertionError("no " + type + " at */" + pathSuffix);
    }
    byName.remove(name);
  }
}
