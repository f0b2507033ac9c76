package dev.svcconnect.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.cli.Execution;
import dev.svcconnect.cli.Workflow;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.report.Reachability;
import dev.svcconnect.report.Reachability.Verdict;
import dev.svcconnect.report.ReachabilityReport;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.target.EmulatorGap;
import dev.svcconnect.tiers.EmulatorTier;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * config/examples/shop.yaml ({@code Fixtures.SHOP}, its test copy) on the emulator, as its header runs it: the
 * secrets and parameters it reads are created first through the SDK (with a secret whose name only extends one of
 * them beside them); the deploy succeeds; IAM, read through the SDK, grants each service's execution role exactly
 * GetSecretValue on its Secrets Manager secrets (the partial ARN followed by {@code -??????}, which matches the ARN
 * Secrets Manager made and not the neighbour's) and GetParameters on its parameters' ARNs as SSM reports them,
 * besides the AWS-managed execution policy, and nothing to a service that reads none; the ECR repository the stack
 * creates is the orders app's image; the worker runs outside Service Connect; a re-plan is clean apart from listed
 * gaps ({@link EmulatorGap}); the reachability report of what was deployed finds the declared calls reachable and the
 * worker resolving no alias; destroy leaves nothing of the stack, and the secrets and parameters, which are not the
 * stack's.
 */
@EmulatorTier
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmulatorExtension.class)
class ShopExampleDeployIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MANAGED_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
  /** The Secrets Manager secrets each service's containers read (the example's header creates them). */
  private static final Map<String, List<String>> SECRETS = Map.of("web", List.of("shop/web/session"),
      "catalog", List.of("shop/catalog/db"), "orders", List.of(), "worker", List.of());
  /** The SSM parameters each service's containers read. */
  private static final Map<String, List<String>> PARAMETERS = Map.of("web", List.of(), "catalog", List.of(),
      "orders", List.of("/shop/orders/payments-api-key"), "worker", List.of("/shop/worker/smtp-password"));
  /** A secret whose name starts with a granted one's and a hyphen: the grant must not reach it. */
  private static final String NEIGHBOUR = "shop/catalog/db-admin";
  private static final String REPOSITORY = "ecs-service-connect-shop/orders/app";

  private TestEmulator emulator;
  private EnvironmentConfig config;
  private AwsClients aws;
  private Workflow workflow;
  /** The ARNs Secrets Manager and SSM report for what the test created, by name. */
  private final Map<String, String> arns = new LinkedHashMap<>();
  private int deployExitCode;

  @BeforeAll
  void deploy(TestEmulator emulator) {
    this.emulator = emulator;
    config = ConfigLoader.load(Fixtures.SHOP);
    aws = emulator.aws(config.target().region());
    // The header's aws commands, through the SDK
    for (String name : List.of("shop/web/session", "shop/catalog/db", NEIGHBOUR)) {
      String value = name.equals("shop/catalog/db") ? "{\"username\":\"catalog\",\"password\":\"change-me\"}"
          : "change-me";
      arns.put(name, aws.secretsManager.createSecret(b -> b.name(name).secretString(value)).arn());
    }
    for (String name : List.of("/shop/orders/payments-api-key", "/shop/worker/smtp-password")) {
      aws.ssm.putParameter(b -> b.name(name).type(ParameterType.SECURE_STRING).value("change-me"));
      arns.put(name, aws.ssm.getParameter(b -> b.name(name)).parameter().arn());
    }
    workflow = emulator.workflow(config);
    long start = System.nanoTime();
    deployExitCode = Execution.exitCode(() -> workflow.deploy(false));
    System.out.printf("ShopExampleDeployIT: deploy took %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  private static String executionRole(String service) {
    return "ecs-service-connect-shop-" + service + "-execution";
  }

  /** The execution role's inline policy {@code secrets} as IAM returns it: each action with its resources. */
  private Map<String, Set<String>> secretsPolicy(String service) throws IOException {
    String document = URLDecoder.decode(aws.iam.getRolePolicy(b -> b.roleName(executionRole(service))
        .policyName("secrets")).policyDocument(), StandardCharsets.UTF_8);
    Map<String, Set<String>> granted = new TreeMap<>();
    for (JsonNode statement : JSON.readTree(document).path("Statement")) {
      // nothing but Effect, Action and Resource: no condition that could widen or narrow it unseen
      assertThat(statement.fieldNames()).toIterable().containsExactlyInAnyOrder("Effect", "Action", "Resource");
      assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
      for (JsonNode action : values(statement.path("Action"))) {
        values(statement.path("Resource")).forEach(r -> granted.computeIfAbsent(action.asText(), a -> new TreeSet<>())
            .add(r.asText()));
      }
    }
    return granted;
  }

  /** A policy element's values: IAM writes one value as a string, several as a list. */
  private static List<JsonNode> values(JsonNode element) {
    List<JsonNode> out = new ArrayList<>();
    if (element.isArray()) {
      element.forEach(out::add);
    } else {
      out.add(element);
    }
    return out;
  }

  /** Whether IAM's resource pattern (* any characters, ? one) matches {@code arn}. */
  private static boolean matches(String pattern, String arn) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return arn.matches(regex.toString());
  }

  private Service service(String name) {
    return aws.service(config.cluster().name(), name);
  }

  private List<ContainerDefinition> containers(String service) {
    return aws.containers(config.cluster().name(), service);
  }

  @Test
  @Order(1)
  void deployExitsZero() {
    assertThat(deployExitCode).isZero();
  }

  @Test
  @Order(2)
  void eachExecutionRoleMayReadExactlyItsServicesSecretsAndParameters() throws IOException {
    for (String service : List.of("web", "catalog", "orders", "worker")) {
      String role = executionRole(service);
      assertThat(aws.iam.listAttachedRolePolicies(b -> b.roleName(role)).attachedPolicies()).as(role)
          .extracting(AttachedPolicy::policyArn).containsExactly(MANAGED_POLICY);
      Map<String, Set<String>> expected = new TreeMap<>();
      for (String name : SECRETS.get(service)) {
        String arn = arns.get(name);
        // Secrets Manager's ARN: <partial ARN>-<six characters>
        assertThat(arn).matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-[A-Za-z0-9]{6}");
        expected.computeIfAbsent("secretsmanager:GetSecretValue", a -> new TreeSet<>())
            .add(arn.substring(0, arn.length() - 7) + "-??????");
      }
      for (String name : PARAMETERS.get(service)) {
        expected.computeIfAbsent("ssm:GetParameters", a -> new TreeSet<>()).add(arns.get(name));
      }
      if (expected.isEmpty()) {
        assertThat(aws.iam.listRolePolicies(b -> b.roleName(role)).policyNames()).as(role).isEmpty();
        continue;
      }
      assertThat(aws.iam.listRolePolicies(b -> b.roleName(role)).policyNames()).as(role).containsExactly("secrets");
      Map<String, Set<String>> granted = secretsPolicy(service);
      assertThat(granted).as(role).isEqualTo(expected);
      // the grant reaches the secrets Secrets Manager made, and not the neighbour
      for (String name : SECRETS.get(service)) {
        assertThat(granted.get("secretsmanager:GetSecretValue")).as(name).anyMatch(p -> matches(p, arns.get(name)));
      }
      granted.values().forEach(resources -> assertThat(resources).as(role)
          .noneMatch(p -> matches(p, arns.get(NEIGHBOUR))));
    }
  }

  /** The containers read what the roles grant: a secret's valueFrom starts with its partial ARN. */
  @Test
  @Order(2)
  void theContainersReadTheSecretsByTheirPartialArnsAndTheParametersByArn() {
    String catalogDb = arns.get("shop/catalog/db");
    String partial = catalogDb.substring(0, catalogDb.length() - 7);
    assertThat(containers("catalog").get(0).secrets()).extracting(s -> s.name() + "=" + s.valueFrom())
        .containsExactly("DB_USER=" + partial + ":username::", "DB_PASSWORD=" + partial + ":password::");
    assertThat(containers("orders").get(0).secrets()).extracting(s -> s.name() + "=" + s.valueFrom())
        .containsExactly("PAYMENTS_API_KEY=" + arns.get("/shop/orders/payments-api-key"));
    assertThat(containers("web")).extracting(ContainerDefinition::name).containsExactly("gateway", "otel");
  }

  @Test
  @Order(2)
  void theOrdersAppRunsTheImageOfTheRepositoryTheStackCreated() throws IOException {
    Repository repository = aws.ecr.describeRepositories(b -> b.repositoryNames(REPOSITORY)).repositories().get(0);
    assertThat(repository.imageTagMutabilityAsString()).isEqualTo("IMMUTABLE");
    assertThat(repository.imageScanningConfiguration().scanOnPush()).isTrue();
    assertThat(JSON.readTree(aws.ecr.getLifecyclePolicy(b -> b.repositoryName(REPOSITORY)).lifecyclePolicyText())
        .path("rules").get(0).path("selection").path("countNumber").asInt()).isEqualTo(20);
    assertThat(containers("orders").get(0).image()).isEqualTo(repository.repositoryUri() + ":v1.0.0");
  }

  @Test
  @Order(2)
  void theWorkerRunsOutsideServiceConnect() {
    assertThat(service("worker").deployments().get(0).serviceConnectConfiguration()).isNull();
    for (String name : List.of("web", "catalog", "orders")) {
      assertThat(service(name).deployments().get(0).serviceConnectConfiguration().enabled()).as(name).isTrue();
    }
  }

  @Test
  @Order(2)
  void aReplanIsCleanApartFromListedGaps() throws IOException {
    long start = System.nanoTime();
    assertThat(emulator.planDifferences(workflow, "shop")).allSatisfy(d -> assertThat(EmulatorGap.planDifferences())
        .anyMatch(g -> d.type().equals(g.entry().resourceType()) && d.attribute().equals(g.entry().attribute())));
    System.out.printf("ShopExampleDeployIT: re-plan took %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  /** {@code ./main report}'s computation, on the stack that was deployed. */
  @Test
  @Order(2)
  void theReportFindsTheCallsReachableAndTheWorkerOutsideTheNamespace() throws IOException {
    Path stack = emulator.work.resolve("cdktf.out/stacks").resolve(ServiceConnectStack.ID).resolve("cdk.tf.json");
    Reachability r = Reachability.of(ServiceConnectStack.ID, JSON.readTree(stack.toFile()));

    assertThat(r.endpoints()).extracting(Reachability.Endpoint::discoveryName)
        .containsExactly("catalog", "orders", "web");
    assertThat(r.path("web", "catalog").orElseThrow().verdict()).isEqualTo(Verdict.REACHABLE);
    assertThat(r.path("web", "orders").orElseThrow().verdict()).isEqualTo(Verdict.REACHABLE);
    assertThat(r.path("orders", "catalog").orElseThrow().verdict()).isEqualTo(Verdict.REACHABLE);
    assertThat(r.path("catalog", "orders").orElseThrow().verdict()).as("not declared").isEqualTo(Verdict.BLOCKED);
    for (String endpoint : List.of("catalog", "orders", "web")) {
      Reachability.Path worker = r.path("worker", endpoint).orElseThrow();
      assertThat(worker.verdict()).as(endpoint).isEqualTo(Verdict.UNREACHABLE);
      assertThat(worker.nameReason()).isEqualTo("worker has Service Connect off, so its tasks get no aliases");
    }
    assertThat(ReachabilityReport.render(r, ReachabilityReport.Format.TEXT))
        .containsPattern("(?m)^web +http://catalog\\.shop\\.internal:8080 +resolves +admitted tcp/8080 +reachable$")
        .containsPattern("(?m)^worker +http://orders\\.shop\\.internal:8080 +does not resolve +denied tcp/8080"
            + " +unreachable$");
  }

  @Test
  @Order(3)
  void destroyLeavesNothingOfTheStackAndTheSecretsInPlace() {
    long start = System.nanoTime();
    assertThat(workflow.destroy(false)).isZero();
    System.out.printf("ShopExampleDeployIT: destroy took %.1f s%n", (System.nanoTime() - start) / 1e9);

    assertThatThrownBy(() -> aws.ecr.describeRepositories(b -> b.repositoryNames(REPOSITORY)))
        .isInstanceOf(RepositoryNotFoundException.class);
    // moto keeps listing deleted services and clusters, as INACTIVE
    assertThat(aws.ecs.describeServices(b -> b.cluster(config.cluster().name())
        .services("web", "catalog", "orders", "worker")).services())
        .allSatisfy(s -> assertThat(s.status()).isEqualTo("INACTIVE"));
    assertThat(aws.ecs.listTaskDefinitions(b -> b.status("ACTIVE")).taskDefinitionArns()).isEmpty();
    assertThat(aws.serviceDiscovery.listNamespaces(b -> b.build()).namespaces()).isEmpty();
    assertThat(aws.logs.describeLogGroups(b -> b.build()).logGroups()).isEmpty();
    assertThat(aws.iam.listRoles(b -> b.build()).roles()).extracting(Role::roleName)
        .noneMatch(n -> n.startsWith("ecs-service-connect-shop-"));
    assertThat(aws.s3.listBuckets().buckets()).isEmpty();
    // what the stack only reads is still there
    assertThat(aws.secretsManager.listSecrets(b -> b.build()).secretList()).hasSize(3);
    assertThat(aws.ssm.getParameters(b -> b.names(PARAMETERS.get("orders").get(0), PARAMETERS.get("worker").get(0)))
        .parameters()).hasSize(2);
  }
}
