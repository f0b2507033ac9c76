package dev.svcconnect.integration;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** AWS SDK v2 clients pointed at the test's emulator, so assertions never go through Terraform. */
final class AwsClients implements AutoCloseable {
  final EcsClient ecs;
  final Ec2Client ec2;
  final IamClient iam;
  final S3Client s3;
  final ServiceDiscoveryClient serviceDiscovery;
  final CloudWatchLogsClient logs;
  final ApplicationAutoScalingClient scaling;
  final ElasticLoadBalancingV2Client elb;
  final AcmClient acm;
  final EcrClient ecr;
  final SecretsManagerClient secretsManager;
  final SsmClient ssm;
  final KmsClient kms;

  AwsClients(URI endpoint, String region) {
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    var http = UrlConnectionHttpClient.builder();
    Region r = Region.of(region);
    ecs = EcsClient.builder().endpointOverride(endpoint).region(r).credentialsProvider(credentials)
        .httpClientBuilder(http).build();
    ec2 = Ec2Client.builder().endpointOverride(endpoint).region(r).credentialsProvider(credentials)
        .httpClientBuilder(http).build();
    iam = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL).credentialsProvider(credentials)
        .httpClientBuilder(http).build();
    s3 = S3Client.builder().endpointOverride(endpoint).region(r).credentialsProvider(credentials)
        .forcePathStyle(true).httpClientBuilder(http).build();
    serviceDiscovery = ServiceDiscoveryClient.builder().endpointOverride(endpoint).region(r)
        .credentialsProvider(credentials).httpClientBuilder(http).build();
    logs = CloudWatchLogsClient.builder().endpointOverride(endpoint).region(r).credentialsProvider(credentials)
        .httpClientBuilder(http).build();
    scaling = ApplicationAutoScalingClient.builder().endpointOverride(endpoint).region(r)
        .credentialsProvider(credentials).httpClientBuilder(http).build();
    elb = ElasticLoadBalancingV2Client.builder().endpointOverride(endpoint).region(r)
        .credentialsProvider(credentials).httpClientBuilder(http).build();
    acm = AcmClient.builder().endpointOverride(endpoint).region(r).credentialsProvider(credentials)
        .httpClientBuilder(http).build();
    ecr = EcrClient.builder().endpointOverride(endpoint).region(r).credentialsProvider(credentials)
        .httpClientBuilder(http).build();
    secretsManager = SecretsManagerClient.builder().endpointOverride(endpoint).region(r)
        .credentialsProvider(credentials).httpClientBuilder(http).build();
    ssm = SsmClient.builder().endpointOverride(endpoint).region(r).credentialsProvider(credentials)
        .httpClientBuilder(http).build();
    kms = KmsClient.builder().endpointOverride(endpoint).region(r).credentialsProvider(credentials)
        .httpClientBuilder(http).build();
  }

  /** The ECS service {@code name} of {@code cluster}, as DescribeServices returns it. */
  Service service(String cluster, String name) {
    return ecs.describeServices(b -> b.cluster(cluster).services(name)).services().get(0);
  }

  /** The container definitions of the task definition {@code name} of {@code cluster} runs. */
  List<ContainerDefinition> containers(String cluster, String name) {
    String arn = service(cluster, name).taskDefinition();
    return ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition().containerDefinitions();
  }

  @Override
  public void close() {
    ecs.close();
    ec2.close();
    iam.close();
    s3.close();
    serviceDiscovery.close();
    logs.close();
    scaling.close();
    elb.close();
    acm.close();
    ecr.close();
    secretsManager.close();
    ssm.close();
    kms.close();
  }
}
