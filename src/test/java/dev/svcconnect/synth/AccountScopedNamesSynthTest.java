package dev.svcconnect.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.AccountScopedNames;
import dev.svcconnect.config.AccountScopedNames.Kind;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The names deploy's ownership check asks about ({@link AccountScopedNames}) are exactly the names of those kinds
 * that the synthesized service stack creates, for the walkthrough, the AWS example (bastion, flow logs, KMS) and every
 * option at once (tasks of their own); and every other named resource type is one whose name is scoped to something
 * the stack creates anew, so a new named type cannot slip past the check unnoticed.
 */
@SynthTier
class AccountScopedNamesSynthTest {
  /**
   * Named resource types whose names are unique only within something each environment creates anew: security groups
   * per VPC, services per cluster, inline role policies per role, scaling policies per scalable target. The KMS alias
   * is derived from the environment name like the IAM roles, which every environment has and the check covers; so are
   * the ECR repositories ({@code ecs-service-connect-<environment>/<family>/<container>}), which the name check does
   * not list yet (docs/state.md).
   */
  private static final Set<String> SCOPED_ELSEWHERE = Set.of("aws_security_group", "aws_ecs_service",
      "aws_iam_role_policy", "aws_appautoscaling_policy", "aws_kms_alias", "aws_ecr_repository");

  static Stream<Arguments> configs() {
    EnvironmentConfig options = ConfigLoader.load(Path.of("src/test/resources/topology/all-options.yaml"));
    EnvironmentConfig brownfield = ConfigLoader.load(Path.of("src/test/resources/topology/brownfield.yaml"));
    return Stream.of(
        Arguments.of("local.yaml", SynthFixture.local(), SynthFixture.serviceStack(SynthFixture.local())),
        Arguments.of("aws-example.yaml", SynthFixture.aws(), SynthFixture.serviceStack(SynthFixture.aws())),
        Arguments.of("all-options.yaml", options, SynthFixture.serviceStack(options)),
        Arguments.of("brownfield.yaml (an existing VPC, cluster and namespace)", brownfield,
            SynthFixture.serviceStack(brownfield)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void listsEveryAccountScopedNameTheStackCreates(String name, EnvironmentConfig config, StackJson stack) {
    Set<String> synthesized = new TreeSet<>();
    for (Kind kind : Kind.values()) {
      for (Block b : stack.resources(kind.resource().terraformType())) {
        synthesized.add(kind + " " + b.text(kind.resource().attribute()));
      }
    }

    Set<String> listed = AccountScopedNames.of(config).stream().map(n -> n.kind() + " " + n.name())
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(listed).isEqualTo(synthesized);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void everyOtherNamedTypeIsScopedToWhatTheStackCreates(String name, EnvironmentConfig config, StackJson stack) {
    Set<String> kinds = Arrays.stream(Kind.values()).map(k -> k.resource().terraformType()).collect(Collectors.toSet());

    Set<String> named = stack.allResources().stream()
        .filter(b -> has(b, "name") || has(b, "family") || has(b, "name_prefix"))
        .map(Block::type).filter(t -> !kinds.contains(t)).collect(Collectors.toCollection(TreeSet::new));

    assertThat(SCOPED_ELSEWHERE).containsAll(named);
  }

  private static boolean has(Block b, String field) {
    return b.get(field) != null && !b.get(field).isMissingNode() && !b.get(field).isNull();
  }
}
