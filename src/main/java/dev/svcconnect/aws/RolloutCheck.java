package dev.svcconnect.aws;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * After an apply: does each service run the task definition revision the apply registered? Terraform cannot say.
 * With the deployment circuit breaker's rollback, a deployment whose tasks never start fails, ECS returns the service
 * to its last completed revision, and the service is steady again, so {@code wait_for_steady_state} ends and the
 * apply reports success (https://github.com/hashicorp/terraform-provider-aws/issues/19519, open). ECS reports the
 * running revision on the service's PRIMARY deployment, with its rollout state and the reason
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html).
 */
public final class RolloutCheck {
  /** DescribeServices takes at most this many services per call (API_DescribeServices.html, services). */
  static final int DESCRIBE_LIMIT = 10;

  /**
   * One service's outcome.
   *
   * @param line one line saying what runs, and for a failure why: the PRIMARY deployment's rolloutState and
   *     rolloutStateReason
   */
  public record Verdict(String service, boolean ok, String line) {}

  private RolloutCheck() {}

  /**
   * Reads every service in {@code expected} from {@code cluster} and compares its PRIMARY deployment with the revision
   * it should run.
   *
   * @param expected service name to the ARN (revision included) of the task definition the apply registered for it
   * @return one verdict per service, in {@code expected}'s order: not ok when the service is missing, runs another
   *     revision, or its deployment FAILED
   * @throws software.amazon.awssdk.core.exception.SdkException when ECS cannot be asked (credentials, network)
   */
  public static List<Verdict> check(EcsClient ecs, String cluster, Map<String, String> expected) {
    Map<String, Service> found = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(expected.keySet());
    for (int i = 0; i < names.size(); i += DESCRIBE_LIMIT) {
      List<String> batch = names.subList(i, Math.min(names.size(), i + DESCRIBE_LIMIT));
      DescribeServicesResponse r = ecs.describeServices(b -> b.cluster(cluster).services(batch));
      r.services().forEach(s -> found.put(s.serviceName(), s));
      for (Failure f : r.failures()) {
        failures.put(f.arn().substring(f.arn().lastIndexOf('/') + 1), f.reason());
      }
    }
    List<Verdict> verdicts = new ArrayList<>();
    expected.forEach((name, registered) -> verdicts.add(verdict(name, registered, found.get(name),
        failures.get(name), cluster)));
    return verdicts;
  }

  /**
   * {@link #check} with its verdicts printed: one {@code rollout: } line per service that runs what was registered on
   * {@code out}; the others, then one {@code error:} line saying what to do, on {@code err}. When ECS cannot be asked,
   * says so on {@code err}: unconfirmed is not success, since the apply may have left a service rolled back.
   *
   * @return whether every service in {@code expected} runs the revision the apply registered
   */
  public static boolean report(EcsClient ecs, String cluster, Map<String, String> expected, PrintStream out,
      PrintStream err) {
    List<Verdict> verdicts;
    try {
      verdicts = check(ecs, cluster, expected);
    } catch (SdkException e) {
      err.println("rollout: cannot ask ECS for the services of cluster " + cluster + ": " + e.getMessage());
      err.println("error: the apply succeeded, but whether each service runs the revision it registered is"
          + " unknown; check with aws ecs describe-services, then deploy again");
      return false;
    }
    verdicts.stream().filter(Verdict::ok).forEach(v -> out.println("rollout: " + v.line()));
    List<Verdict> failed = verdicts.stream().filter(v -> !v.ok()).toList();
    if (failed.isEmpty()) {
      return true;
    }
    failed.forEach(v -> err.println("rollout: " + v.line()));
    err.println("error: the apply succeeded, but " + failed.size() + " of " + verdicts.size() + " service(s) do not"
        + " run the revision it registered (a deployment the circuit breaker rolled back is steady, so terraform"
        + " reports success); fix the cause above (often the image, its health check or the task role), then"
        + " deploy again");
    return false;
  }

  private static Verdict verdict(String name, String registered, Service service, String failure, String cluster) {
    if (service == null || !"ACTIVE".equals(service.status())) {
      String why = service != null ? "is " + service.status() : failure != null ? failure : "MISSING";
      return new Verdict(name, false, "service " + name + ": " + why + " in cluster " + cluster + ", expected to run "
          + revision(registered));
    }
    Optional<Deployment> primary = service.deployments().stream().filter(d -> "PRIMARY".equals(d.status()))
        .findFirst();
    if (primary.isEmpty()) {
      return new Verdict(name, false, "service " + name + ": has no PRIMARY deployment; expected it to run "
          + revision(registered));
    }
    Deployment d = primary.get();
    String state = "deployment " + d.id() + " " + d.rolloutStateAsString()
        + (d.rolloutStateReason() == null ? "" : ": " + d.rolloutStateReason());
    if (!registered.equals(d.taskDefinition())) {
      return new Verdict(name, false, "service " + name + ": runs " + revision(d.taskDefinition()) + ", not "
          + revision(registered) + " which this apply registered; " + state);
    }
    if ("FAILED".equals(d.rolloutStateAsString())) {
      return new Verdict(name, false, "service " + name + ": " + revision(registered) + " did not deploy; " + state);
    }
    String still = "IN_PROGRESS".equals(d.rolloutStateAsString())
        ? " (the apply did not wait for it: it may still fail and roll back)" : "";
    return new Verdict(name, true, "service " + name + ": runs " + revision(registered) + "; " + state + still);
  }

  /** {@code family:revision} of a task definition ARN, as ECS names revisions. */
  static String revision(String taskDefinitionArn) {
    if (taskDefinitionArn == null) {
      return "no task definition";
    }
    int slash = taskDefinitionArn.lastIndexOf('/');
    return slash < 0 ? taskDefinitionArn : taskDefinitionArn.substring(slash + 1);
  }
}
