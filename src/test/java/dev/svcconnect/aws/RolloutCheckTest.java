package dev.svcconnect.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/** What the post-apply check makes of ECS's answer; on the emulator, EmulatorRollbackIT. */
@UnitTier
class RolloutCheckTest {
  private static final String TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/nginx:";
  private static final String CLUSTER = "c";

  /** An EcsClient that answers DescribeServices from {@code services}. */
  private static class Ecs extends FakeEcs {
    final Map<String, Service> services = new LinkedHashMap<>();

    @Override
    Optional<Service> find(String name) {
      return Optional.ofNullable(services.get(name));
    }
  }

  private static Service service(String name, Deployment... deployments) {
    return Service.builder().serviceName(name).status("ACTIVE").deployments(deployments).build();
  }

  private static Deployment primary(String revision, String state, String reason) {
    return Deployment.builder().id("ecs-svc/1").status("PRIMARY").taskDefinition(TD + revision)
        .rolloutState(state).rolloutStateReason(reason).build();
  }

  @Test
  void aServiceOnTheRegisteredRevisionPasses() {
    Ecs ecs = new Ecs();
    ecs.services.put("api", service("api", primary("4", "COMPLETED", "ECS deployment ecs-svc/1 completed.")));

    assertThat(RolloutCheck.check(ecs, CLUSTER, Map.of("api", TD + "4"))).singleElement().satisfies(v -> {
      assertThat(v.ok()).isTrue();
      assertThat(v.line()).isEqualTo("service api: runs nginx:4; deployment ecs-svc/1 COMPLETED: ECS deployment"
          + " ecs-svc/1 completed.");
    });
  }

  @Test
  void failsARolledBackServiceWithItsDeploymentsStateAndReason() {
    Ecs ecs = new Ecs();
    ecs.services.put("api", service("api", primary("3", "COMPLETED",
        "ECS deployment circuit breaker: tasks failed to start. Rolled back from deployment ecs-svc/2.")));

    assertThat(RolloutCheck.check(ecs, CLUSTER, Map.of("api", TD + "4"))).singleElement().satisfies(v -> {
      assertThat(v.ok()).isFalse();
      assertThat(v.line()).isEqualTo("service api: runs nginx:3, not nginx:4 which this apply registered;"
          + " deployment ecs-svc/1 COMPLETED: ECS deployment circuit breaker: tasks failed to start. Rolled back"
          + " from deployment ecs-svc/2.");
    });
  }

  @Test
  void failsAFailedDeploymentOfTheRegisteredRevision() {
    Ecs ecs = new Ecs();
    ecs.services.put("api", service("api", primary("4", "FAILED",
        "ECS deployment circuit breaker: tasks failed to start."),
        Deployment.builder().id("ecs-svc/0").status("ACTIVE").taskDefinition(TD + "3").build()));

    assertThat(RolloutCheck.check(ecs, CLUSTER, Map.of("api", TD + "4"))).singleElement().satisfies(v -> {
      assertThat(v.ok()).isFalse();
      assertThat(v.line()).isEqualTo("service api: nginx:4 did not deploy; deployment ecs-svc/1 FAILED: ECS"
          + " deployment circuit breaker: tasks failed to start.");
    });
  }

  @Test
  void passesADeploymentInProgressAndSaysItMayStillFail() {
    Ecs ecs = new Ecs();
    ecs.services.put("api", service("api", primary("4", "IN_PROGRESS", null)));

    assertThat(RolloutCheck.check(ecs, CLUSTER, Map.of("api", TD + "4"))).singleElement().satisfies(v -> {
      assertThat(v.ok()).isTrue();
      assertThat(v.line()).endsWith("IN_PROGRESS (the apply did not wait for it: it may still fail and roll back)");
    });
  }

  @Test
  void failsAMissingService() {
    assertThat(RolloutCheck.check(new Ecs(), CLUSTER, Map.of("api", TD + "4"))).singleElement()
        .satisfies(v -> {
          assertThat(v.ok()).isFalse();
          assertThat(v.line()).isEqualTo("service api: MISSING in cluster c, expected to run nginx:4");
        });
  }

  @Test
  void asksForAtMostTenServicesAtATimeAndAnswersInTheGivenOrder() {
    Ecs ecs = new Ecs();
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < 23; i++) {
      String name = String.format("svc-%02d", 22 - i);
      expected.put(name, TD + "1");
      ecs.services.put(name, service(name, primary("1", "COMPLETED", null)));
    }

    List<RolloutCheck.Verdict> verdicts = RolloutCheck.check(ecs, CLUSTER, expected);

    assertThat(ecs.calls).extracting(List::size).containsExactly(10, 10, 3);
    assertThat(verdicts).extracting(RolloutCheck.Verdict::service).containsExactlyElementsOf(expected.keySet());
    assertThat(verdicts).allMatch(RolloutCheck.Verdict::ok);
  }

  /** What {@link RolloutCheck#report} printed on out and err. */
  private record Printed(boolean ok, String out, String err) {
    static Printed of(EcsClient ecs, Map<String, String> expected) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      boolean ok = RolloutCheck.report(ecs, CLUSTER, expected, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Printed(ok, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void reportPrintsAServiceThatRunsItsRevisionOnStdoutAndNothingOnStderr() {
    Ecs ecs = new Ecs();
    ecs.services.put("api", service("api", primary("4", "COMPLETED", null)));

    Printed printed = Printed.of(ecs, Map.of("api", TD + "4"));

    assertThat(printed.ok()).isTrue();
    assertThat(printed.out()).startsWith("rollout: service api: runs nginx:4");
    assertThat(printed.err()).isEmpty();
  }

  @Test
  void reportFailsAndSaysWhatToDoWhenAServiceRunsAnotherRevision() {
    Ecs ecs = new Ecs();
    ecs.services.put("api", service("api", primary("3", "COMPLETED", null)));
    ecs.services.put("web", service("web", primary("4", "COMPLETED", null)));

    Printed printed = Printed.of(ecs, new LinkedHashMap<>(Map.of("api", TD + "4")));

    assertThat(printed.ok()).isFalse();
    assertThat(printed.out()).isEmpty();
    assertThat(printed.err().lines()).hasSize(2).first().asString()
        .startsWith("rollout: service api: runs nginx:3, not nginx:4");
    assertThat(printed.err().lines().toList().get(1)).startsWith("error: the apply succeeded, but 1 of 1 service(s)");
  }

  @Test
  void reportFailsWhenEcsCannotBeAsked() {
    Printed printed = Printed.of(FakeEcs.unreachable(), Map.of("api", TD + "4"));

    assertThat(printed.ok()).isFalse();
    assertThat(printed.out()).isEmpty();
    assertThat(printed.err().lines()).containsExactly(
        "rollout: cannot ask ECS for the services of cluster c: Unable to execute HTTP request: Connection refused",
        "error: the apply succeeded, but whether each service runs the revision it registered is unknown; check"
            + " with aws ecs describe-services, then deploy again");
  }
}
