package dev.svcconnect.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.aws.NameOwnership.Status;
import dev.svcconnect.aws.NameOwnership.Verdict;
import dev.svcconnect.config.AccountScopedNames.Kind;
import dev.svcconnect.config.AccountScopedNames.ScopedName;
import dev.svcconnect.tiers.UnitTier;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Deploy's ownership check, decided from a state and the account's answers (issue 14, two environments in one
 * account); on the emulator, NameOwnershipIT.
 */
@UnitTier
class NameOwnershipTest {
  private static final ScopedName CLUSTER = new ScopedName(Kind.ECS_CLUSTER, "shop", "cluster.name", "set it to x");
  private static final ScopedName LOGS = new ScopedName(Kind.LOG_GROUP, "shop", "logs.group", "set it to y");
  private static final ScopedName FAMILY = new ScopedName(Kind.TASK_FAMILY, "nginx", "task.family", "set it to z");

  /** A state as {@code terraform state pull} prints it: a cluster, a task definition and a data source. */
  private static final String STATE = """
      {"version": 4, "serial": 7, "resources": [
        {"mode": "managed", "type": "aws_ecs_cluster", "name": "Platform_Cluster",
         "instances": [{"attributes": {"name": "shop", "arn": "arn:aws:ecs:us-east-1:1:cluster/shop"}}]},
        {"mode": "managed", "type": "aws_ecs_task_definition", "name": "TaskDefinition",
         "instances": [{"attributes": {"family": "nginx", "revision": 3}}]},
        {"mode": "data", "type": "aws_cloudwatch_log_group", "name": "Lookup",
         "instances": [{"attributes": {"name": "shop"}}]}
      ]}
      """;

  @Test
  void aStateOwnsTheNamesOfItsManagedResourcesByKind() {
    Map<Kind, Set<String>> owned = NameOwnership.owned(STATE);

    assertThat(owned).containsOnlyKeys(Kind.ECS_CLUSTER, Kind.TASK_FAMILY);
    assertThat(owned.get(Kind.ECS_CLUSTER)).containsExactly("shop");
    assertThat(owned.get(Kind.TASK_FAMILY)).containsExactly("nginx");
  }

  @Test
  void anAbsentStateOwnsNothing() {
    assertThat(NameOwnership.owned("")).isEmpty();
    assertThat(NameOwnership.owned("\n")).isEmpty();
    assertThat(NameOwnership.owned("{\"version\": 4, \"resources\": []}")).isEmpty();
  }

  @Test
  void failsOnAStateThatIsNotJson() {
    assertThatThrownBy(() -> NameOwnership.owned("Error: no state")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void aNameTheStateHoldsIsOwnedWithoutAskingTheAccount() {
    List<ScopedName> asked = new ArrayList<>();

    List<Verdict> verdicts = NameOwnership.check(List.of(CLUSTER, FAMILY), NameOwnership.owned(STATE), n -> {
      asked.add(n);
      return true;
    });

    assertThat(verdicts).extracting(Verdict::status).containsExactly(Status.OWNED, Status.OWNED);
    assertThat(asked).isEmpty();
  }

  @Test
  void aNameThatExistsAndTheStateDoesNotHoldIsForeign() {
    List<Verdict> verdicts = NameOwnership.check(List.of(CLUSTER, LOGS), Map.of(), n -> n.kind() == Kind.LOG_GROUP);

    assertThat(verdicts).extracting(Verdict::status).containsExactly(Status.ABSENT, Status.FOREIGN);
  }

  @Test
  void theSameNameOfAnotherKindIsNotOwned() {
    // the state holds a cluster named shop, not a log group named shop
    List<Verdict> verdicts = NameOwnership.check(List.of(LOGS), NameOwnership.owned(STATE), n -> true);

    assertThat(verdicts).extracting(Verdict::status).containsExactly(Status.FOREIGN);
  }

  @Test
  void aNameThatDoesNotExistIsAbsentWhateverTheState() {
    List<Verdict> verdicts = NameOwnership.check(List.of(CLUSTER, LOGS, FAMILY), Map.of(), n -> false);

    assertThat(verdicts).extracting(Verdict::status).containsOnly(Status.ABSENT);
  }

  @Test
  void theRefusalNamesFileFieldKindNameWhereAndFix() {
    Verdict v = new Verdict(LOGS, Status.FOREIGN);

    assertThat(v.line("config/b.yaml", "local emulator at http://127.0.0.1:4566, region us-east-1")).isEqualTo(
        "config/b.yaml: logs.group: CloudWatch log group 'shop' already exists in local emulator at"
            + " http://127.0.0.1:4566, region us-east-1, and this environment's state does not own it (another"
            + " environment's, or made outside Terraform); set it to y, or import it into this state if this"
            + " environment should manage it");
  }
}
