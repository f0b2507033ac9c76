package dev.svcconnect.aws;

import dev.svcconnect.target.DeploymentTarget;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The AWS SDK for Java v2 clients ./main calls AWS with, for one target: built here and nowhere else, each on first
 * use, pointed at the target by {@link DeploymentTarget#configure} (region, endpoint, credentials), all over the
 * JDK's HTTP client. Closing closes every client built.
 */
public final class SdkClients implements AutoCloseable {
  private final DeploymentTarget target;
  private EcsClient ecs;

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

  @Override
  public synchronized void close() {
    if (ecs != null) {
      ecs.close();
    }
  }
}
