package dev.svcconnect.aws;

import dev.svcconnect.target.DeploymentTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * The AWS SDK for Java v2 clients ./main calls AWS with, for one target: built here and nowhere else, each on first
 * use, pointed at the target by {@link DeploymentTarget#configure} (region, endpoint, credentials), all over the
 * JDK's HTTP client. Closing closes every client built.
 */
public final class SdkClients implements AutoCloseable {
  private final DeploymentTarget target;
  /** The clients built so far, by type. */
  private final Map<Class<? extends SdkClient>, SdkClient> built = new LinkedHashMap<>();
  /** S3 clients for regions other than the target's (a state bucket elsewhere), by region. */
  private final Map<String, S3Client> s3ByRegion = new LinkedHashMap<>();

  private SdkClients(DeploymentTarget target) {
    this.target = target;
  }

  /** Clients for {@code target}; nothing is built until a client is asked for. */
  public static SdkClients of(DeploymentTarget target) {
    return new SdkClients(target);
  }

  /** Amazon ECS. */
  public EcsClient ecs() {
    return client(EcsClient.class, EcsClient::builder, b -> b);
  }

  /**
   * Amazon S3; locally with path-style addressing, as the stacks' provider and backend use it (the emulator's
   * endpoint is an address, not a domain that bucket names can prefix).
   */
  public S3Client s3() {
    return client(S3Client.class, S3Client::builder, b -> b.forcePathStyle(target.isLocal()));
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
    return s3ByRegion.computeIfAbsent(region, r -> target.configure(S3Client.builder()).region(Region.of(r))
        .forcePathStyle(target.isLocal()).httpClientBuilder(UrlConnectionHttpClient.builder()).build());
  }

  /** AWS Cloud Map. */
  public ServiceDiscoveryClient serviceDiscovery() {
    return client(ServiceDiscoveryClient.class, ServiceDiscoveryClient::builder, b -> b);
  }

  /** Amazon CloudWatch Logs. */
  public CloudWatchLogsClient logs() {
    return client(CloudWatchLogsClient.class, CloudWatchLogsClient::builder, b -> b);
  }

  /**
   * AWS IAM, which is global: its endpoint is the partition's ({@code aws-global}, {@code aws-cn-global},
   * {@code aws-us-gov-global}), whatever the target's region
   * (https://docs.aws.amazon.com/general/latest/gr/iam-service.html).
   */
  public IamClient iam() {
    return client(IamClient.class, IamClient::builder, b -> {
      String partition = Region.of(target.region()).metadata() == null ? "aws"
          : Region.of(target.region()).metadata().partition().id();
      return b.region(Region.of(partition + "-global"));
    });
  }

  /**
   * The client of {@code type}, built on first use from {@code builder}: pointed at the target, then {@code adjust}ed,
   * over the JDK's HTTP client.
   */
  private synchronized <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
      Class<C> type, Supplier<B> builder, UnaryOperator<B> adjust) {
    return type.cast(built.computeIfAbsent(type, t -> adjust.apply(target.configure(builder.get()))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build()));
  }

  @Override
  public synchronized void close() {
    List<SdkClient> all = new ArrayList<>(built.values());
    all.addAll(s3ByRegion.values());
    for (SdkClient c : all) {
      try {
        c.close();
      } catch (Exception e) {
        // closing an SDK client releases its HTTP connections; nothing to report
      }
    }
  }
}
