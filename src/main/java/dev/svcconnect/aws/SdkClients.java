package dev.svcconnect.aws;

import dev.svcconnect.target.DeploymentTarget;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS SDK for Java v2 clients ./main calls AWS with, for one target: built here and nowhere else, each on first
 * use, pointed at the target by {@link DeploymentTarget#configure} (region, endpoint, credentials), all over the
 * JDK's HTTP client. Closing closes every client built.
 */
public final class SdkClients implements AutoCloseable {
  private final DeploymentTarget target;
  private EcsClient ecs;
  private S3Client s3;

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
      s3 = target.configure(S3Client.builder()).forcePathStyle(target.isLocal())
          .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
    return s3;
  }

  @Override
  public synchronized void close() {
    if (ecs != null) {
      ecs.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }
}
