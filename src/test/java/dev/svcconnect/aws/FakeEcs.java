package dev.svcconnect.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * An EcsClient for the checks that read services back ({@link RolloutCheck}, {@link ServiceConnectDrift}):
 * DescribeServices answers each name asked for with {@link #find}'s service, or with ECS's MISSING failure where it
 * finds none, and records each call's names in {@link #calls}.
 */
abstract class FakeEcs implements EcsClient {
  /** The names of each DescribeServices call, in order. */
  final List<List<String>> calls = new ArrayList<>();

  /** The service ECS returns for {@code name}; empty: a MISSING failure. */
  abstract Optional<Service> find(String name);

  @Override
  public DescribeServicesResponse describeServices(DescribeServicesRequest request) {
    calls.add(request.services());
    List<Service> found = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (String name : request.services()) {
      find(name).ifPresentOrElse(found::add, () -> failures.add(Failure.builder()
          .arn("arn:aws:ecs:us-east-1:123456789012:service/c/" + name).reason("MISSING").build()));
    }
    return DescribeServicesResponse.builder().services(found).failures(failures).build();
  }

  @Override
  public String serviceName() {
    return "ecs";
  }

  @Override
  public void close() {}

  /** An EcsClient whose every DescribeServices fails as the SDK's does when nothing answers at the endpoint. */
  static EcsClient unreachable() {
    return new FakeEcs() {
      @Override
      Optional<Service> find(String name) {
        throw new AssertionError("never asked");
      }

      @Override
      public DescribeServicesResponse describeServices(DescribeServicesRequest request) {
        throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
      }
    };
  }
}
