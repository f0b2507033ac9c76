package dev.svcconnect.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
