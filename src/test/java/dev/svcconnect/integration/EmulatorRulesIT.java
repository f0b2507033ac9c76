package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.tiers.EmulatorTier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceConnectClientAlias;
import software.amazon.awssdk.services.ecs.model.ServiceConnectService;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * The emulator's extension driven through the AWS SDK for Java v2, one call per rule: each request ECS, Cloud Map,
 * EC2, S3 or CloudWatch Logs refuses is refused with the service's error code and message (sources in the
 * extension's Python, beside each rule, and in docs/emulator.md), and what they keep is read back as they return it.
 * The same mistakes in a config are caught at synth time by {@code config/ServiceRulesTest} (port names, discovery
 * names, client alias port and DNS name, per-request timeout on tcp); the namespace always exists there (the stack
 * creates it) and a changed appProtocol is a plan-time risk.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(EmulatorExtension.class)
class EmulatorRulesIT {
  private static final String CLUSTER = "rules";
  private AwsClients aws;
  private TestEmulator emulator;
  private String namespaceArn;
  private String namespaceId;
  private String taskDefinition;
  private String subnet;
  private String group;

  @BeforeAll
  void setUp(TestEmulator emulator) {
    this.emulator = emulator;
    aws = emulator.aws("us-east-1");
    String vpc = aws.ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    subnet = aws.ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.1.0/24")).subnet().subnetId();
    group = aws.ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("tasks").description("tasks")).groupId();
    aws.serviceDiscovery.createHttpNamespace(b -> b.name("rules"));
    var ns = aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces().get(0);
    namespaceArn = ns.arn();
    namespaceId = ns.id();
    aws.ecs.createCluster(b -> b.clusterName(CLUSTER));
    taskDefinition = register(ApplicationProtocol.HTTP);
  }

  /** The emulator's log names each API call's action, and the group a CreateSecurityGroup creates. */
  @Test
  void theEmulatorLogNamesEachRequestsAction() throws IOException {
    Path log = emulator.work.resolve("state").resolve("emulator-" + emulator.endpoint.getPort() + ".log");
    String text = Files.readString(log);
    assertThat(text).contains(" action CreateSecurityGroup GroupName=tasks", " action CreateCluster",
        " action CreateHttpNamespace");
  }

  /**
   * Each answer leaves the emulator in one write: the first read after a request, made while the emulator is still
   * answering, holds the status line, the headers and the whole body. werkzeug wrote the headers and the body apart,
   * and Terraform's AWS provider sometimes closed the connection between the two and sent a create again
   * (docs/emulator.md, "A create answered twice"); with that server about one first read in five held the headers
   * alone, so 200 requests catch it.
   */
  @Test
  void eachAnswerLeavesTheEmulatorInOneWrite() throws IOException {
    byte[] body = "Action=DescribeVpcs&Version=2016-11-15".getBytes(StandardCharsets.US_ASCII);
    byte[] request = ("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + emulator.endpoint.getPort() + "\r\n"
        + "Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"
        + "Authorization: AWS4-HMAC-SHA256 Credential=test/20261130/us-east-1/ec2/aws4_request, SignedHeaders=host,"
        + " Signature=0\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    List<String> split = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.endpoint.getPort())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.write(body);
        out.flush();
        byte[] buffer = new byte[65_536];
        int n = socket.getInputStream().read(buffer);
        String first = new String(buffer, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
        int headersEnd = first.indexOf("\r\n\r\n");
        assertThat(headersEnd).as("first read %d: %s", i, first).isPositive();
        Matcher length = Pattern.compile("(?im)^Content-Length: *(\\d+)").matcher(first.substring(0, headersEnd));
        assertThat(length.find()).as("Content-Length in %s", first).isTrue();
        if (n - headersEnd - 4 < Integer.parseInt(length.group(1))) {
          split.add("request " + i + ": " + n + " bytes, headers " + (headersEnd + 4) + ", body " + length.group(1));
        }
      }
    }
    assertThat(split).as("answers whose first read lacked part of the body").isEmpty();
  }

  /** The task family "app": ports web (80, {@code webProtocol}) and db (5432, no appProtocol: plain tcp). */
  private String register(ApplicationProtocol webProtocol) {
    return aws.ecs.registerTaskDefinition(b -> b.family("app").networkMode("awsvpc")
        .requiresCompatibilitiesWithStrings("FARGATE").cpu("256").memory("512")
        .containerDefinitions(ContainerDefinition.builder().name("app").image("nginx").portMappings(
            PortMapping.builder().name("web").containerPort(80).appProtocol(webProtocol).build(),
            PortMapping.builder().name("db").containerPort(5432).build()).build()))
        .taskDefinition().taskDefinitionArn();
  }

  private static ServiceConnectService endpoint(String portName, String discoveryName, int aliasPort) {
    return ServiceConnectService.builder().portName(portName).discoveryName(discoveryName)
        .clientAliases(ServiceConnectClientAlias.builder().port(aliasPort).build()).build();
  }

  private Service create(String name, Consumer<CreateServiceRequest.Builder> extra, ServiceConnectService... published) {
    return aws.ecs.createService(b -> {
      b.cluster(CLUSTER).serviceName(name).taskDefinition(taskDefinition).desiredCount(2).launchType("FARGATE")
          .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnet).securityGroups(group)))
          .serviceConnectConfiguration(sc -> sc.enabled(true).namespace(namespaceArn).services(published));
      extra.accept(b);
    }).service();
  }

  private Service create(String name, ServiceConnectService... published) {
    return create(name, b -> { }, published);
  }

  private static void refused(ThrowingCallable call, String code, String message) {
    assertThatThrownBy(call).isInstanceOf(AwsServiceException.class).satisfies(e -> {
      AwsServiceException aws = (AwsServiceException) e;
      assertThat(aws.awsErrorDetails().errorCode()).isEqualTo(code);
      assertThat(aws.awsErrorDetails().errorMessage()).isEqualTo(message);
    });
  }

  private Map<String, Integer> cloudMapServices(String nsId) {
    return aws.serviceDiscovery.listServices(b -> b.filters(f -> f.name("NAMESPACE_ID").values(nsId).condition("EQ")))
        .services().stream().collect(Collectors.toMap(s -> s.name(),
            s -> aws.serviceDiscovery.listInstances(b -> b.serviceId(s.id())).instances().size()));
  }

  // --- ECS: what is kept -------------------------------------------------------------------------------------------

  @Test
  void serviceFieldsMotoDroppedAreReadBackAsSent() {
    Service s = create("kept", b -> b.enableExecuteCommand(true).enableECSManagedTags(true)
        .deploymentConfiguration(d -> d.maximumPercent(200).minimumHealthyPercent(100)
            .deploymentCircuitBreaker(c -> c.enable(true).rollback(true))
            .alarms(a -> a.alarmNames("kept-5xx").enable(true).rollback(false))),
        endpoint("web", "kept", 8080));
    Service read = aws.ecs.describeServices(b -> b.cluster(CLUSTER).services("kept")).services().get(0);
    assertThat(read.enableExecuteCommand()).isTrue();
    assertThat(read.enableECSManagedTags()).isTrue();
    // "For create service requests, when no value is specified ... Amazon ECS defaults the value to ENABLED."
    assertThat(read.availabilityZoneRebalancingAsString()).isEqualTo("ENABLED");
    assertThat(read.deploymentConfiguration().alarms().alarmNames()).containsExactly("kept-5xx");
    assertThat(read.deploymentConfiguration().deploymentCircuitBreaker().rollback()).isTrue();
    assertThat(read.runningCount()).as("tasks count as running once launched").isEqualTo(2);
    assertThat(read.deployments()).singleElement().satisfies(d -> assertThat(d.rolloutStateAsString())
        .isEqualTo("COMPLETED"));
    assertThat(s.serviceName()).isEqualTo("kept");
  }

  @Test
  void serviceConnectIsKeptOnTheDeploymentWithTheCloudMapServicesEcsCreates() {
    create("shop", endpoint("web", "shop", 80), endpoint("db", "shop-db", 5432));
    Deployment d = aws.ecs.describeServices(b -> b.cluster(CLUSTER).services("shop")).services().get(0)
        .deployments().get(0);
    assertThat(d.serviceConnectConfiguration().namespace()).isEqualTo(namespaceArn);
    assertThat(d.serviceConnectConfiguration().services()).extracting(ServiceConnectService::discoveryName)
        .containsExactly("shop", "shop-db");
    assertThat(d.serviceConnectResources()).extracting(r -> r.discoveryName()).containsExactly("shop", "shop-db");
    assertThat(cloudMapServices(namespaceId)).containsEntry("shop", 2).containsEntry("shop-db", 2);

    // scaling changes the instances; UpdateService without serviceConnectConfiguration keeps it
    aws.ecs.updateService(b -> b.cluster(CLUSTER).service("shop").desiredCount(3));
    assertThat(cloudMapServices(namespaceId)).containsEntry("shop", 3).containsEntry("shop-db", 3);
    // dropping an endpoint removes its Cloud Map service
    aws.ecs.updateService(b -> b.cluster(CLUSTER).service("shop").serviceConnectConfiguration(sc -> sc.enabled(true)
        .namespace(namespaceArn).services(endpoint("web", "shop", 80))));
    assertThat(cloudMapServices(namespaceId)).containsEntry("shop", 3).doesNotContainKey("shop-db");
  }

  /**
   * Service Connect turned off outside Terraform: ECS's deployment then carries no serviceConnectConfiguration at all
   * (hashicorp/terraform-provider-aws#43871), which is why provider 5.x keeps its state and plans no change.
   */
  @Test
  void serviceConnectTurnedOffLeavesNoConfigurationOnTheDeploymentAndRemovesItsCloudMapServices() {
    create("dark", endpoint("web", "dark", 80));
    assertThat(cloudMapServices(namespaceId)).containsEntry("dark", 2);
    aws.ecs.updateService(b -> b.cluster(CLUSTER).service("dark").serviceConnectConfiguration(sc -> sc.enabled(false)));
    Deployment d = aws.ecs.describeServices(b -> b.cluster(CLUSTER).services("dark")).services().get(0)
        .deployments().get(0);
    assertThat(d.status()).isEqualTo("PRIMARY");
    assertThat(d.serviceConnectConfiguration()).isNull();
    assertThat(d.serviceConnectResources()).isEmpty();
    assertThat(cloudMapServices(namespaceId)).doesNotContainKey("dark");
    // an update that does not name Service Connect leaves it off
    aws.ecs.updateService(b -> b.cluster(CLUSTER).service("dark").desiredCount(1));
    assertThat(aws.ecs.describeServices(b -> b.cluster(CLUSTER).services("dark")).services().get(0).deployments()
        .get(0).serviceConnectConfiguration()).isNull();
  }

  @Test
  void clusterKeepsServiceConnectDefaultsAndANewNameCreatesAnHttpNamespace() {
    var cluster = aws.ecs.createCluster(b -> b.clusterName("defaults")
        .serviceConnectDefaults(d -> d.namespace("fresh"))).cluster();
    var fresh = aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces().stream()
        .filter(n -> n.name().equals("fresh")).findFirst().orElseThrow();
    assertThat(fresh.typeAsString()).isEqualTo("HTTP");
    assertThat(cluster.serviceConnectDefaults().namespace()).isEqualTo(fresh.arn());
    assertThat(aws.ecs.describeClusters(b -> b.clusters("defaults")).clusters().get(0).serviceConnectDefaults()
        .namespace()).isEqualTo(fresh.arn());
  }

  @Test
  void deletingTheEcsServiceRemovesItsCloudMapServicesAndFreesTheNamespace() {
    aws.serviceDiscovery.createHttpNamespace(b -> b.name("short-lived"));
    var ns = aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces().stream()
        .filter(n -> n.name().equals("short-lived")).findFirst().orElseThrow();
    aws.ecs.createService(b -> b.cluster(CLUSTER).serviceName("brief").taskDefinition(taskDefinition).desiredCount(1)
        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnet).securityGroups(group)))
        .serviceConnectConfiguration(sc -> sc.enabled(true).namespace(ns.arn()).services(endpoint("web", "brief", 80))));
    String cloudMapService = aws.serviceDiscovery.listServices(b -> b.filters(f -> f.name("NAMESPACE_ID")
        .values(ns.id()).condition("EQ"))).services().get(0).id();

    refused(() -> aws.serviceDiscovery.deleteNamespace(b -> b.id(ns.id())), "ResourceInUse",
        "Namespace has associated services; delete the services before deleting the namespace");
    refused(() -> aws.serviceDiscovery.deleteService(b -> b.id(cloudMapService)), "ResourceInUse",
        "Service contains registered instances; delete the instances before deleting the service");

    aws.ecs.deleteService(b -> b.cluster(CLUSTER).service("brief").force(true));
    assertThat(cloudMapServices(ns.id())).isEmpty();
    aws.serviceDiscovery.deleteNamespace(b -> b.id(ns.id()));
    refused(() -> aws.serviceDiscovery.deleteService(b -> b.id(cloudMapService)), "ServiceNotFound",
        "Service not found: " + cloudMapService);
  }

  @Test
  void movingTheServiceToAnotherNamespaceMovesItsCloudMapServices() {
    aws.serviceDiscovery.createHttpNamespace(b -> b.name("next"));
    var next = aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces().stream()
        .filter(n -> n.name().equals("next")).findFirst().orElseThrow();
    create("mover", endpoint("web", "mover", 80));
    aws.ecs.updateService(b -> b.cluster(CLUSTER).service("mover").serviceConnectConfiguration(sc -> sc.enabled(true)
        .namespace(next.arn()).services(endpoint("web", "mover", 80))));
    assertThat(cloudMapServices(namespaceId)).doesNotContainKey("mover");
    assertThat(cloudMapServices(next.id())).containsEntry("mover", 2);
  }

  // --- ECS: what is refused ----------------------------------------------------------------------------------------

  @Test
  void portNameMustNameAPortMappingOfTheTaskDefinition() {
    refused(() -> create("bad-port", endpoint("http", "bad-port", 80)), "InvalidParameterException",
        "Port Mapping 'http' does not exist on the task definition.");
  }

  @Test
  void namespaceMustExist() {
    refused(() -> aws.ecs.createService(b -> b.cluster(CLUSTER).serviceName("no-ns").taskDefinition(taskDefinition)
            .serviceConnectConfiguration(sc -> sc.enabled(true).namespace("missing")
                .services(endpoint("web", "no-ns", 80)))),
        "NamespaceNotFoundException", "Failed to retrieve namespace for missing");
  }

  @Test
  void namespaceIsRequiredWhenTheClusterHasNoDefault() {
    refused(() -> aws.ecs.createService(b -> b.cluster(CLUSTER).serviceName("no-default")
            .taskDefinition(taskDefinition).serviceConnectConfiguration(sc -> sc.enabled(true))),
        "InvalidParameterException",
        "Service Connect namespace must be specified when the cluster has no serviceConnectDefaults.");
  }

  @Test
  void discoveryNameIsUniqueInTheNamespace() {
    create("first", endpoint("web", "taken", 80));
    refused(() -> create("second", endpoint("web", "taken", 81)), "InvalidParameterException",
        "SC service is already used by " + namespaceArn);
  }

  @Test
  void discoveryNameIsUniqueInTheRequest() {
    refused(() -> create("twice", endpoint("web", "twice", 80), endpoint("db", "twice", 5432)),
        "InvalidParameterException", "Cannot create multiple services with the discoveryName 'twice'.");
  }

  @Test
  void discoveryNameUsesOnlyLowercaseLettersDigitsUnderscoresAndHyphens() {
    for (String bad : List.of("-lead", "Upper", "x".repeat(65))) {
      refused(() -> create("name-rule", endpoint("web", bad, 80)), "InvalidParameterException",
          "discoveryName '" + bad + "' is not valid: up to 64 lowercase letters, numbers, underscores and hyphens,"
              + " not starting with a hyphen.");
    }
  }

  @Test
  void clientAliasPortIsAPort() {
    for (int bad : List.of(70000, -1)) {
      refused(() -> create("alias-port", endpoint("web", "alias-port", bad)), "InvalidParameterException",
          "Client Alias port " + bad + " is not valid.");
    }
  }

  @Test
  void atMostOneClientAliasPerEndpoint() {
    ServiceConnectService two = ServiceConnectService.builder().portName("web").discoveryName("two-aliases")
        .clientAliases(ServiceConnectClientAlias.builder().port(80).build(),
            ServiceConnectClientAlias.builder().port(81).build()).build();
    refused(() -> create("two-aliases", two), "InvalidParameterException",
        "At most 1 client alias can be set per Service Connect service; 'two-aliases' has 2.");
  }

  @Test
  void clientAliasDnsNameHasAtMost127AllowedCharacters() {
    for (String bad : List.of("a".repeat(128), "-web.rules", "Web.rules")) {
      ServiceConnectService s = ServiceConnectService.builder().portName("web").discoveryName("dns-rule")
          .clientAliases(ServiceConnectClientAlias.builder().port(80).dnsName(bad).build()).build();
      refused(() -> create("dns-rule", s), "InvalidParameterException", "Client Alias dnsName '" + bad + "' is not"
          + " valid: up to 127 lowercase letters, numbers, underscores, hyphens and periods, not starting with a hyphen.");
    }
  }

  @Test
  void clientAliasIsUniqueInTheNamespace() {
    ServiceConnectService first = ServiceConnectService.builder().portName("web").discoveryName("alias-a")
        .clientAliases(ServiceConnectClientAlias.builder().port(80).dnsName("shared.rules").build()).build();
    ServiceConnectService second = ServiceConnectService.builder().portName("web").discoveryName("alias-b")
        .clientAliases(ServiceConnectClientAlias.builder().port(80).dnsName("shared.rules").build()).build();
    create("alias-a", first);
    refused(() -> create("alias-b", second), "InvalidParameterException",
        "Client Alias shared.rules:80 is already used by service alias-a in namespace rules.");
  }

  @Test
  void perRequestTimeoutIsRefusedForTcp() {
    ServiceConnectService perRequest = ServiceConnectService.builder().portName("db").discoveryName("tcp-db")
        .clientAliases(ServiceConnectClientAlias.builder().port(7000).build())
        .timeout(t -> t.idleTimeoutSeconds(60).perRequestTimeoutSeconds(0)).build();
    refused(() -> create("tcp-db", perRequest), "InvalidParameterException",
        "Per request timeout 0 can't be set for tcp application.");
    // idle alone is allowed for tcp, and both for http
    create("tcp-idle", ServiceConnectService.builder().portName("db").discoveryName("tcp-idle")
        .clientAliases(ServiceConnectClientAlias.builder().port(7001).build())
        .timeout(t -> t.idleTimeoutSeconds(60)).build());
    create("http-both", ServiceConnectService.builder().portName("web").discoveryName("http-both")
        .clientAliases(ServiceConnectClientAlias.builder().port(7002).build())
        .timeout(t -> t.idleTimeoutSeconds(60).perRequestTimeoutSeconds(15)).build());
  }

  @Test
  void timeoutsAndIngressPortOverrideAreInRange() {
    refused(() -> create("timeout-range", ServiceConnectService.builder().portName("web").discoveryName("t-range")
            .clientAliases(ServiceConnectClientAlias.builder().port(80).build())
            .timeout(t -> t.idleTimeoutSeconds(-1)).build()),
        "InvalidParameterException", "idleTimeoutSeconds -1 is not valid.");
    refused(() -> create("override-range", ServiceConnectService.builder().portName("web").discoveryName("o-range")
            .clientAliases(ServiceConnectClientAlias.builder().port(80).build()).ingressPortOverride(65536).build()),
        "InvalidParameterException", "ingressPortOverride 65536 is not valid.");
  }

  @Test
  void tlsNeedsACertificateAuthority() {
    refused(() -> create("tls", ServiceConnectService.builder().portName("web").discoveryName("tls")
            .clientAliases(ServiceConnectClientAlias.builder().port(80).build())
            .tls(t -> t.roleArn("arn:aws:iam::123456789012:role/tls")
                .issuerCertificateAuthority(ca -> ca.awsPcaAuthorityArn(""))).build()),
        "InvalidParameterException", "tls.issuerCertificateAuthority.awsPcaAuthorityArn must be specified.");
  }

  @Test
  void appProtocolOfAPublishedPortCannotChange() {
    Service s = create("proto", endpoint("web", "proto", 80));
    String http2 = register(ApplicationProtocol.HTTP2);
    refused(() -> aws.ecs.updateService(b -> b.cluster(CLUSTER).service("proto").taskDefinition(http2)),
        "InvalidParameterException", "The following config cannot be changed for a SC service. Previous config:"
            + " ScServiceStableConfig(applicationProtocol=http, transportProtocol=tcp, ecsServiceArn="
            + s.serviceArn() + "), current config: ScServiceStableConfig(applicationProtocol=http2,"
            + " transportProtocol=tcp, ecsServiceArn=" + s.serviceArn() + ")");
    aws.ecs.deregisterTaskDefinition(b -> b.taskDefinition(http2));
  }

  // --- EC2 and S3 --------------------------------------------------------------------------------------------------

  @Test
  void instanceWithoutPublicIpHasNoAssociationAndReportsItsGroups() {
    Instance i = aws.ec2.runInstances(b -> b.imageId("ami-12c6146b").minCount(1).maxCount(1)
        .networkInterfaces(n -> n.deviceIndex(0).subnetId(subnet).associatePublicIpAddress(false).groups(group)))
        .instances().get(0);
    Instance read = aws.ec2.describeInstances(b -> b.instanceIds(i.instanceId())).reservations().get(0)
        .instances().get(0);
    assertThat(read.publicIpAddress()).isNull();
    assertThat(read.networkInterfaces().get(0).association()).isNull();
    assertThat(read.securityGroups()).extracting(g -> g.groupId()).containsExactly(group);
  }

  @Test
  void ruleReferencingAGroupKeepsItsDescription() {
    String vpc = aws.ec2.describeSubnets(b -> b.subnetIds(subnet)).subnets().get(0).vpcId();
    String caller = aws.ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("caller").description("caller")).groupId();
    String callee = aws.ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("callee").description("callee")).groupId();
    aws.ec2.authorizeSecurityGroupIngress(b -> b.groupId(callee).ipPermissions(IpPermission.builder()
        .ipProtocol("tcp").fromPort(80).toPort(80)
        .userIdGroupPairs(UserIdGroupPair.builder().groupId(caller).description("caller calls web").build()).build()));
    var rule = aws.ec2.describeSecurityGroupRules(b -> b.filters(f -> f.name("group-id").values(callee)))
        .securityGroupRules().stream().filter(r -> !r.isEgress()).findFirst().orElseThrow();
    assertThat(rule.description()).isEqualTo("caller calls web");
    assertThat(rule.referencedGroupInfo().groupId()).isEqualTo(caller);
  }

  @Test
  void tlsOnlyBucketPolicyDeniesPlainHttpAndAConditionThatDoesNotHoldDeniesNothing() {
    aws.s3.createBucket(b -> b.bucket("tls-only"));
    aws.s3.putObject(b -> b.bucket("tls-only").key("k"), RequestBody.fromString("x"));
    // a Deny whose condition does not hold over this endpoint (plain HTTP: aws:SecureTransport is false)
    aws.s3.putBucketPolicy(b -> b.bucket("tls-only").policy(policy("true")));
    assertThat(aws.s3.getObjectAsBytes(b -> b.bucket("tls-only").key("k")).asUtf8String()).isEqualTo("x");
    // the state bucket's TLS-only policy: every plain-HTTP request is denied, as S3 does
    aws.s3.putBucketPolicy(b -> b.bucket("tls-only").policy(policy("false")));
    assertThatThrownBy(() -> aws.s3.getObjectAsBytes(b -> b.bucket("tls-only").key("k")))
        .isInstanceOf(AwsServiceException.class)
        .satisfies(e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(403));
  }

  private static String policy(String secureTransport) {
    return """
        {"Version": "2012-10-17", "Statement": [{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*",
          "Action": "s3:*", "Resource": ["arn:aws:s3:::tls-only", "arn:aws:s3:::tls-only/*"],
          "Condition": {"Bool": {"aws:SecureTransport": "%s"}}}]}""".formatted(secureTransport);
  }

  @Test
  void versionsAndDeleteMarkersAreDeletedOneByOneWhileVersioningIsSuspended() {
    String bucket = "suspended";
    aws.s3.createBucket(b -> b.bucket(bucket));
    aws.s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    aws.s3.putObject(b -> b.bucket(bucket).key("state.tflock"), RequestBody.fromString("lock"));
    aws.s3.deleteObject(b -> b.bucket(bucket).key("state.tflock"));
    // what destroying aws_s3_bucket_versioning and then the bucket (force_destroy) does
    aws.s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
    var listing = aws.s3.listObjectVersions(b -> b.bucket(bucket));
    assertThat(listing.versions()).hasSize(1);
    assertThat(listing.deleteMarkers()).hasSize(1);
    aws.s3.deleteObject(b -> b.bucket(bucket).key("state.tflock").versionId(listing.deleteMarkers().get(0).versionId()));
    assertThat(aws.s3.listObjectVersions(b -> b.bucket(bucket)).versions()).as("the other version stays").hasSize(1);
    aws.s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ObjectIdentifier.builder().key("state.tflock")
        .versionId(listing.versions().get(0).versionId()).build())));
    aws.s3.deleteBucket(b -> b.bucket(bucket));
    assertThat(aws.s3.listBuckets().buckets()).noneMatch(x -> x.name().equals(bucket));
  }

  // --- CloudWatch Logs ----------------------------------------------------------------------------------------------

  @Test
  void aKmsKeyIsAssociatedWithALogGroupAndDisassociatedAsCloudWatchLogsDoes() {
    // API_AssociateKmsKey / API_DisassociateKmsKey (ext_logs.py): what security.kmsKeys on or off makes the provider
    // call for a deployed log group; moto 5.2.1 answered both with HTTP 500
    String key = aws.kms.createKey(b -> b.description("logs")).keyMetadata().arn();
    aws.logs.createLogGroup(b -> b.logGroupName("/ecs/keyed"));
    aws.logs.associateKmsKey(b -> b.logGroupName("/ecs/keyed").kmsKeyId(key));
    assertThat(logGroup("/ecs/keyed").kmsKeyId()).isEqualTo(key);
    aws.logs.disassociateKmsKey(b -> b.logGroupName("/ecs/keyed"));
    assertThat(logGroup("/ecs/keyed").kmsKeyId()).isNull();
    // the other way to name the group: its ARN as resourceIdentifier
    String arn = logGroup("/ecs/keyed").logGroupArn();
    aws.logs.associateKmsKey(b -> b.resourceIdentifier(arn).kmsKeyId(key));
    assertThat(logGroup("/ecs/keyed").kmsKeyId()).isEqualTo(key);
    aws.logs.disassociateKmsKey(b -> b.resourceIdentifier(arn));
    assertThat(logGroup("/ecs/keyed").kmsKeyId()).isNull();
  }

  @Test
  void associatingAKmsKeyRefusesAnUnknownGroupAMissingOrDisabledKeyAndTwoTargets() {
    var created = aws.kms.createKey(b -> b.description("logs")).keyMetadata();
    String key = created.arn();
    aws.logs.createLogGroup(b -> b.logGroupName("/ecs/refused"));
    refused(() -> aws.logs.associateKmsKey(b -> b.logGroupName("/ecs/unknown").kmsKeyId(key)),
        "ResourceNotFoundException", "The specified log group does not exist.");
    refused(() -> aws.logs.disassociateKmsKey(b -> b.logGroupName("/ecs/unknown")),
        "ResourceNotFoundException", "The specified log group does not exist.");
    String missing = key.substring(0, key.lastIndexOf('/') + 1) + "00000000-0000-0000-0000-000000000000";
    refused(() -> aws.logs.associateKmsKey(b -> b.logGroupName("/ecs/refused").kmsKeyId(missing)),
        "InvalidParameterException", "Specified KMS key " + missing + " does not exist or is not enabled");
    aws.kms.disableKey(b -> b.keyId(created.keyId()));
    refused(() -> aws.logs.associateKmsKey(b -> b.logGroupName("/ecs/refused").kmsKeyId(key)),
        "InvalidParameterException", "Specified KMS key " + key + " does not exist or is not enabled");
    String arn = logGroup("/ecs/refused").logGroupArn();
    refused(() -> aws.logs.disassociateKmsKey(b -> b.logGroupName("/ecs/refused").resourceIdentifier(arn)),
        "InvalidParameterException",
        "Specify either the logGroupName parameter or the resourceIdentifier parameter, but not both.");
    assertThat(logGroup("/ecs/refused").kmsKeyId()).as("nothing associated").isNull();
  }

  private LogGroup logGroup(String name) {
    return aws.logs.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups().stream()
        .filter(g -> g.logGroupName().equals(name)).findFirst().orElseThrow();
  }

  // --- the extension itself ----------------------------------------------------------------------------------------

  @Test
  void extensionRefusesAnotherMotoVersionWithOneLine() throws Exception {
    Path script = emulator.work.resolve("state/moto_server_ext.py");
    // a stand-in moto of another version, first on the module path
    Path fake = Files.createDirectories(emulator.work.resolve("fake-moto/moto"));
    Files.writeString(fake.resolve("__init__.py"), "__version__ = \"5.1.0\"\n");
    ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "-p", "1").redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", fake.getParent().toString());
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(
        "moto_server_ext.py: written for moto 5.2.1, but python3 has moto 5.1.0; install exactly that version:"
            + " pip install 'moto[server]==5.2.1'");
  }

  @Test
  void listTaskDefinitionFamiliesFiltersByStatus() {
    // API_ListTaskDefinitionFamilies, status: ACTIVE lists families with an ACTIVE revision, INACTIVE those without
    // one, no status both. moto 5.2.1 ignored it, so a destroyed environment's families looked taken to the name check.
    String arn = aws.ecs.registerTaskDefinition(b -> b.family("gone").networkMode("awsvpc")
        .requiresCompatibilitiesWithStrings("FARGATE").cpu("256").memory("512")
        .containerDefinitions(ContainerDefinition.builder().name("gone").image("nginx").build()))
        .taskDefinition().taskDefinitionArn();
    aws.ecs.deregisterTaskDefinition(b -> b.taskDefinition(arn));
    aws.ecs.registerTaskDefinition(b -> b.family("gonekept").networkMode("awsvpc")
        .requiresCompatibilitiesWithStrings("FARGATE").cpu("256").memory("512")
        .containerDefinitions(ContainerDefinition.builder().name("kept").image("nginx").build()));

    assertThat(aws.ecs.listTaskDefinitionFamilies(b -> b.familyPrefix("gone").status(TaskDefinitionFamilyStatus.ACTIVE))
        .families()).containsExactly("gonekept");
    assertThat(aws.ecs.listTaskDefinitionFamilies(b -> b.familyPrefix("gone")
        .status(TaskDefinitionFamilyStatus.INACTIVE)).families()).containsExactly("gone");
    assertThat(aws.ecs.listTaskDefinitionFamilies(b -> b.familyPrefix("gone")).families())
        .containsExactlyInAnyOrder("gone", "gonekept");
  }
}
