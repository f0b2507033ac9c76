package dev.svcconnect.aws;

import dev.svcconnect.target.DeploymentTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * The AWS SDK for Java v2 clients ./main calls AWS with, for one target: built here and nowhere else, each on first
 * use, pointed at the target by {@link DeploymentTarget#configure} (region, endpoint, credentials), all over the
 * JDK's HTTP client. Closing closes every client built.
 */
public final class SdkClients implements AutoCloseable {
  private final DeploymentTarget target;
  private EcsClient ecs;
  private S3Client s3;
  /** S3 clients for regions other than the target's (a state bucket elsewhere), by region. */
  private final Map<String, S3Client> s3ByRegion = new HashMap<>();
  private ServiceDiscoveryClient serviceDiscovery;
  private CloudWatchLogsClient logs;
  private IamClient iam;

  private SdkClients(DeploymentTarget target) {
    this.target = target;
  }

  /** Clients for {@code target}; nothing is built until a client is asked for. */
  public static SdkClients of(DeploymentTarget target) {
    return new SdkClients(target);
  }

  /** Amazon ECS. */
  public synchronized EcsClient ecs() {
    if (ecs == null) {
      ecs = target.configure(EcsClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
    return ecs;
  }

  /**
   * Amazon S3; locally with path-style addressing, as the stacks' provider and backend use it (the emulator's
   * endpoint is an address, not a domain that bucket names can prefix).
   */
  public synchronized S3Client s3() {
    if (s3 == null) {
      s3 = s3Builder().build();
    }
    return s3;
  }

  /**
   * Amazon S3 in {@code region}, as {@link #s3()} otherwise (the same client when it is the target's region): for
   * the state bucket, whose region may differ from the stack's ({@code state.region}), as Terraform's S3 backend
   * calls it.
   */
  public synchronized S3Client s3(String region) {
    if (region.equals(target.region())) {
      return s3();
    }
    return s3ByRegion.computeIfAbsent(region, r -> s3Builder().region(Region.of(r)).build());
  }

  private S3ClientBuilder s3Builder() {
    return target.configure(S3Client.builder()).forcePathStyle(target.isLocal())
        .httpClientBuilder(UrlConnectionHttpClient.builder());
  }

  /** AWS Cloud Map. */
  public synchronized ServiceDiscoveryClient serviceDiscovery() {
    if (serviceDiscovery == null) {
      serviceDiscovery = target.configure(ServiceDiscoveryClient.builder())
          .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
    return serviceDiscovery;
  }

  /** Amazon CloudWatch Logs. */
  public synchronized CloudWatchLogsClient logs() {
    if (logs == null) {
      logs = target.configure(CloudWatchLogsClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder())
          .build();
    }
    return logs;
  }

  /**
   * AWS IAM, which is global: its endpoint is the partition's ({@code aws-global}, {@code aws-cn-global},
   * {@code aws-us-gov-global}), whatever the target's region
   * (https://docs.aws.amazon.com/general/latest/gr/iam-service.html).
   */
  public synchronized IamClient iam() {
    if (iam == null) {
      String partition = Region.of(target.region()).metadata() == null ? "aws"
          : Region.of(target.region()).metadata().partition().id();
      iam = target.configure(IamClient.builder()).region(Region.of(partition + "-global"))
          .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
    return iam;
  }

  @Override
  public synchronized void close() {
    List<AutoCloseable> built = new ArrayList<>(s3ByRegion.values());
    built.addAll(Arrays.asList(ecs, s3, serviceDiscovery, logs, iam));
    for (AutoCloseable c : built) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // closing an SDK client releases its HTTP connections; nothing to report
        }
      }
    }
  }
}
