package dev.svcconnect.naming;

import java.util.Optional;

/**
 * The AWS CLI commands the stack's outputs, the reachability report and the config warnings print for an operator
 * to paste: formatted here only. Every value comes from a validated config, whose names admit no shell
 * metacharacters; the commands use no double quotes, which {@code terraform output} would show escaped.
 */
public final class AwsCli {
  private AwsCli() {}

  /**
   * Lists the tasks registered for an endpoint in Cloud Map, where Service Connect registers them (not in DNS):
   * how a host outside the namespace finds them. {@code region} is left out where the reader's default applies.
   */
  public static String discoverInstances(Optional<String> region, String namespace, String discoveryName) {
    return "aws servicediscovery discover-instances" + region.map(r -> " --region " + r).orElse("")
        + " --namespace-name " + namespace + " --service-name " + discoveryName;
  }

  /** {@link #discoverInstances} printing the tasks' IPv4 addresses, then how to call one on its container port. */
  public static String taskAddresses(String region, String namespace, String discoveryName, int containerPort) {
    return discoverInstances(Optional.of(region), namespace, discoveryName)
        + " --query 'Instances[].Attributes.AWS_INSTANCE_IPV4' --output text # then: curl http://<address>:"
        + containerPort;
  }

  /** A shell in {@code container} of the service's first task, through ECS Exec. */
  public static String executeCommand(String region, String cluster, String service, String container) {
    String common = ecs(region, cluster);
    return "aws ecs execute-command " + common + " --container " + container
        + " --interactive --command /bin/sh --task $(aws ecs list-tasks " + common + " --service-name " + service
        + " --query 'taskArns[0]' --output text)";
  }

  /**
   * Sets the value of secret {@code secretName} from a file the operator writes, so that the value is in neither the
   * shell's history nor the process list (https://docs.aws.amazon.com/cli/latest/reference/secretsmanager/put-secret-value.html;
   * https://docs.aws.amazon.com/secretsmanager/latest/userguide/security_cli-exposure-risks.html).
   */
  public static String putSecretValue(String region, String secretName) {
    return "aws secretsmanager put-secret-value --region " + region + " --secret-id " + secretName
        + " --secret-string file://value.txt";
  }

  /** Replaces the service's tasks, which then learn the namespace's endpoints anew. */
  public static String forceNewDeployment(String region, String cluster, String service) {
    return "aws ecs update-service " + ecs(region, cluster) + " --service " + service + " --force-new-deployment";
  }

  private static String ecs(String region, String cluster) {
    return "--region " + region + " --cluster " + cluster;
  }
}
