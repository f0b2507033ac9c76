package dev.svcconnect.config;

import static dev.svcconnect.config.EnvironmentConfig.VpcEndpoint.EC2MESSAGES;
import static dev.svcconnect.config.EnvironmentConfig.VpcEndpoint.ECR_API;
import static dev.svcconnect.config.EnvironmentConfig.VpcEndpoint.ECR_DKR;
import static dev.svcconnect.config.EnvironmentConfig.VpcEndpoint.LOGS;
import static dev.svcconnect.config.EnvironmentConfig.VpcEndpoint.S3;
import static dev.svcconnect.config.EnvironmentConfig.VpcEndpoint.SECRETSMANAGER;
import static dev.svcconnect.config.EnvironmentConfig.VpcEndpoint.SSM;
import static dev.svcconnect.config.EnvironmentConfig.VpcEndpoint.SSMMESSAGES;

import dev.svcconnect.config.EnvironmentConfig.Container;
import dev.svcconnect.config.EnvironmentConfig.SecretStore;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.Task;
import dev.svcconnect.config.EnvironmentConfig.VpcEndpoint;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which AWS services each workload in the private subnets talks to, i.e. which VPC endpoints serve it: the one
 * home of that fact, read by the warnings about a network without NAT (topology.ConfigWarnings), by the stack,
 * which admits exactly these workloads to the endpoints' security group, and by the limits on the descriptions of
 * those rules ({@link DerivedNameRules}).
 */
public final class NetworkNeeds {
  /**
   * The SSM Agent of the bastion: Session Manager needs ssm, ssmmessages and ec2messages
   * (https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html).
   */
  public static final Set<VpcEndpoint> BASTION = Collections.unmodifiableSet(EnumSet.of(SSM, SSMMESSAGES,
      EC2MESSAGES));

  /**
   * Pulling an ECR image on Fargate (platform 1.4.0 and later) needs ecr.api, ecr.dkr and the S3 gateway endpoint,
   * which serves the layers (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html).
   */
  public static final Set<VpcEndpoint> ECR_PULL = Collections.unmodifiableSet(EnumSet.of(ECR_API, ECR_DKR, S3));

  /**
   * A private ECR repository's image: {@code <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/...}
   * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html). ECR Public (public.ecr.aws) is not
   * served by the VPC endpoints.
   */
  private static final Pattern PRIVATE_ECR =
      Pattern.compile("^[0-9]{12}\\.dkr\\.ecr(-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/.+");

  private NetworkNeeds() {}

  /**
   * The endpoints a service's tasks use in {@code region}: logs always (every container logs with awslogs, and ECS
   * Exec sessions are logged there), ssmmessages with ECS Exec
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html), {@link #ECR_PULL} when an
   * image is in the region's private ECR (a repository the stack creates is), and secretsmanager or ssm when a
   * container reads a secret or registry credentials from that store in {@code region}: ECS fetches them through the
   * task's network when the task starts
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html#ecs-setting-up-secrets). Fargate
   * tasks need no endpoint for ECS itself (same page).
   */
  public static Set<VpcEndpoint> of(Service service, String region) {
    Set<VpcEndpoint> needs = EnumSet.of(LOGS);
    if (service.options().enableExecuteCommand()) {
      needs.add(SSMMESSAGES);
    }
    if (images(service.task()).stream().anyMatch(image -> ecrIn(image, region))
        || service.task().containers().stream().anyMatch(c -> c.ecr().isPresent())) {
      needs.addAll(ECR_PULL);
    }
    secretReads(service.task()).filter(read -> read.region(region).equals(region))
        .forEach(read -> needs.add(read.endpoint()));
    return needs;
  }

  /**
   * The references to secrets, parameters and registry credentials of {@code task} that are in another region than
   * {@code region}, in the order of the containers: a VPC endpoint serves its own region only
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html, "VPC endpoints currently don't
   * support cross-Region requests"), so only a NAT gateway reaches them.
   */
  public static List<String> secretsInOtherRegions(Task task, String region) {
    return secretReads(task).filter(read -> !read.region(region).equals(region)).map(SecretRead::reference)
        .distinct().toList();
  }

  /**
   * One secret a task reads when it starts: {@code reference} is an ARN, an SSM parameter's name (which ECS
   * resolves in the task's region), or empty for a secret the stack creates (in its region).
   */
  private record SecretRead(VpcEndpoint endpoint, String reference) {
    /** The ARN's region, or {@code taskRegion} for a parameter given by name. */
    String region(String taskRegion) {
      String[] parts = reference.split(":", 5);
      return reference.startsWith("arn:") && parts.length == 5 ? parts[3] : taskRegion;
    }
  }

  private static Stream<SecretRead> secretReads(Task task) {
    return task.containers().stream().flatMap(c -> Stream.concat(
        c.inputs().secrets().stream().map(s -> new SecretRead(
            s.store() == SecretStore.SSM_PARAMETER ? SSM : SECRETSMANAGER, s.reference())),
        c.inputs().repositoryCredentials().stream()
            .map(r -> new SecretRead(SECRETSMANAGER, r.credentialsParameter()))));
  }

  /**
   * Of {@code needs}, the interface endpoints in {@code listed}, in the order of {@link VpcEndpoint}: what the
   * workload's HTTPS rule into the endpoints' security group is for (none: no rule).
   */
  public static List<VpcEndpoint> interfacesUsed(Set<VpcEndpoint> needs, Set<VpcEndpoint> listed) {
    return needs.stream().filter(e -> listed.contains(e) && !e.gateway()).sorted().toList();
  }

  /**
   * The images of {@code task} that no VPC endpoint of {@code region} serves: everything but the region's private
   * ECR (Docker Hub, ECR Public, other registries, another region's ECR), which only a NAT gateway reaches.
   */
  public static List<String> publicImages(Task task, String region) {
    return images(task).stream().filter(image -> !ecrIn(image, region)).toList();
  }

  /**
   * The image references of the task's containers, in their order (app first, then sidecars and the readiness
   * gate); a container whose image is in the stack's own ECR repository (in the stack's region) has none.
   */
  private static List<String> images(Task task) {
    return task.containers().stream().filter(c -> c.ecr().isEmpty()).map(Container::image).distinct().toList();
  }

  private static boolean ecrIn(String image, String region) {
    var m = PRIVATE_ECR.matcher(image);
    return m.matches() && m.group(2).equals(region);
  }
}
