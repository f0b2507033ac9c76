package dev.svcconnect.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.config.AccountScopedNames;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.docs.GeneratedBlock;
import dev.svcconnect.iam.IamPolicy.Request;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.synth.StackJson;
import dev.svcconnect.synth.StackJson.Block;
import dev.svcconnect.support.Fixtures;
import dev.svcconnect.synth.SynthFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import dev.svcconnect.tiers.SynthTier;

/**
 * The example policies under docs/iam against what the stacks synthesize: the shipped AWS example, every
 * production option at once (all-options.yaml), an existing VPC, cluster and namespace (brownfield.yaml), every
 * load-balancer option (alb-options.yaml), task storage with an ECR repository the stack creates
 * (options-storage-connect.yaml) and container secrets with task-role statements (options-secrets.yaml), all as AWS
 * targets. Every resource type and data source they contain must have a row in {@link ProviderActions}; the deploy
 * role must allow every action of the service stack's rows on the resources the stack names; the plan role every
 * read action and no write action. Role passing, service-linked roles and the state objects are checked with the
 * condition keys AWS evaluates for them.
 *
 * <p>The bootstrap stack (the state bucket) is applied from a workstation, not by these roles (docs/ci.md), so its
 * types need rows but are not checked against the policies.
 */
@SynthTier
class DeployRolePolicyTest {
  static final Path DEPLOY = Path.of("docs/iam/deploy-role-policy.json");
  static final Path PLAN = Path.of("docs/iam/plan-role-policy.json");
  static final Path TLS = Path.of("docs/iam/deploy-role-service-connect-tls-policy.json");
  static final Path OPTIONS = Path.of("src/test/resources/topology/all-options.yaml");
  static final Path BROWNFIELD = Path.of("src/test/resources/topology/brownfield.yaml");
  static final Path LOAD_BALANCERS = Path.of("src/test/resources/topology/alb-options.yaml");
  static final Path STORAGE = Path.of("src/test/resources/topology/options-storage-connect.yaml");
  static final Path SECRETS = Path.of("src/test/resources/topology/options-secrets.yaml");
  /** all-options.yaml names no account; its made-up TLS role ARNs use this one. */
  static final String FALLBACK_ACCOUNT = "123456789012";
  private static final ProviderActions TABLE = ProviderActions.load();
  /** Services a role could be passed to that none of the stack's roles trusts. */
  private static final List<String> OTHER_SERVICES = List.of("lambda.amazonaws.com", "ecs.amazonaws.com",
      "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "vpc-flow-logs.amazonaws.com", "glue.amazonaws.com");
  /** Checked separately: their authorization depends on condition keys the table cannot carry. */
  private static final Set<String> CONDITIONAL = Set.of("iam:PassRole", "iam:CreateServiceLinkedRole");
  private static final Pattern PARTITION_REF = Pattern.compile("\\$\\{data\\.aws_partition\\.[A-Za-z0-9_]+\\.partition}");
  private static final Pattern ROLE_REF = Pattern.compile("\\$\\{aws_iam_role\\.([A-Za-z0-9_-]+)\\.(?:id|name|arn)}");
  private static final Pattern LB_REF = Pattern.compile("\\$\\{aws_lb\\.([A-Za-z0-9_-]+)\\.(?:id|arn)}");
  private static final Pattern LISTENER_REF =
      Pattern.compile("\\$\\{aws_lb_listener\\.([A-Za-z0-9_-]+)\\.(?:id|arn)}");
  private static final Pattern SECRET_REF =
      Pattern.compile("\\$\\{aws_secretsmanager_secret\\.([A-Za-z0-9_-]+)\\.(?:id|arn)}");
  private static final Pattern REPOSITORY_REF =
      Pattern.compile("\\$\\{aws_ecr_repository\\.([A-Za-z0-9_-]+)\\.(?:id|name)}");
  /**
   * The name Terraform gives a target group without one (the provider's default name prefix {@code tf-} and a
   * unique suffix, at most 32 characters): edge.ApplicationLoadBalancer names none.
   */
  static final String GENERATED_TARGET_GROUP_NAME = "tf-20261130072600000000000001";

  /** One environment file, synthesized as an AWS target, with the values of the policies' placeholders. */
  record Case(String name, EnvironmentConfig config, StackJson service, StackJson bootstrap) {
    String region() {
      return config.target().region();
    }

    String account() {
      return config.target().accountId().orElse(FALLBACK_ACCOUNT);
    }

    Map<String, String> placeholders() {
      return Map.of("ACCOUNT_ID", account(), "ENVIRONMENT", config.environment(), "LOG_GROUP",
          config.logs().group(), "STATE_BUCKET", config.state().bucket(), "STATE_KEY", config.state().key());
    }

    IamPolicy deploy() {
      return IamPolicy.load(DEPLOY, placeholders());
    }

    IamPolicy plan() {
      return IamPolicy.load(PLAN, placeholders());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    EnvironmentConfig aws = SynthFixture.aws();
    EnvironmentConfig options = ConfigLoader.load(OPTIONS);
    EnvironmentConfig brownfield = ConfigLoader.load(BROWNFIELD);
    EnvironmentConfig loadBalancers = ConfigLoader.load(LOAD_BALANCERS);
    EnvironmentConfig storage = ConfigLoader.load(STORAGE);
    EnvironmentConfig secrets = ConfigLoader.load(SECRETS);
    return Stream.of(
        new Case(Fixtures.AWS.toString(), aws, SynthFixture.serviceStack(aws), SynthFixture.bootstrapStack(aws)),
        new Case(OPTIONS.toString(), options, SynthFixture.serviceStackAsAws(options),
            SynthFixture.bootstrapStackAsAws(options)),
        // the data sources an existing VPC, cluster and namespace are read through
        new Case(BROWNFIELD.toString(), brownfield, SynthFixture.serviceStackAsAws(brownfield),
            SynthFixture.bootstrapStackAsAws(brownfield)),
        // every load-balancer option: internet-facing and internal, HTTPS, path and host rules
        new Case(LOAD_BALANCERS.toString(), loadBalancers, SynthFixture.serviceStackAsAws(loadBalancers),
            SynthFixture.bootstrapStackAsAws(loadBalancers)),
        // task storage, per-service Service Connect logs and an ECR repository the stack creates
        new Case(STORAGE.toString(), storage, SynthFixture.serviceStackAsAws(storage),
            SynthFixture.bootstrapStackAsAws(storage)),
        // environment, secrets from both stores, registry credentials and task-role statements
        new Case(SECRETS.toString(), secrets, SynthFixture.serviceStackAsAws(secrets),
            SynthFixture.bootstrapStackAsAws(secrets)));
  }

  private static List<Block> blocks(StackJson stack) {
    List<Block> all = new ArrayList<>(stack.allResources());
    all.addAll(stack.allDataSources());
    return all;
  }

  private static String tableKey(Block b) {
    return (b.data() ? "data." : "") + b.type();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everySynthesizedTypeHasARowInTheTable(Case c) {
    Set<String> missing = new TreeSet<>();
    for (StackJson stack : List.of(c.service(), c.bootstrap())) {
      blocks(stack).stream().map(DeployRolePolicyTest::tableKey).filter(t -> TABLE.entry(t).isEmpty())
          .forEach(missing::add);
    }
    assertThat(missing).as("types without a row in " + ProviderActions.FILE).isEmpty();
  }

  /** The types of the stack's ephemeral blocks, as the table keys them: {@code ephemeral.<type>}. */
  private static Set<String> ephemeralTypes(StackJson stack) {
    Set<String> types = new TreeSet<>();
    StackJson.names(stack.root().path("ephemeral")).forEach(t -> types.add("ephemeral." + t));
    return types;
  }

  /**
   * Terraform opens an ephemeral resource on every plan and apply, so both roles make its calls; they are reads
   * (nothing is stored), on {@code *} when the action has no resource type (GetRandomPassword).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bothRolesOpenTheEphemeralResources(Case c) {
    for (String type : ephemeralTypes(c.service())) {
      ProviderActions.Entry e = TABLE.entry(type).orElseThrow(() -> new AssertionError(type + " has no row"));
      assertThat(e.write()).as("writes of %s", type).isEmpty();
      for (IamPolicy role : List.of(c.deploy(), c.plan())) {
        e.read().forEach(action -> assertThat(role.allows(new Request(action, "*")))
            .as("%s allows %s for %s", role.name(), action, type).isTrue());
      }
    }
  }

  @Test
  void theTableHasNoRowForATypeNoStackSynthesizes() {
    Set<String> synthesized = new TreeSet<>();
    cases().forEach(c -> List.of(c.service(), c.bootstrap())
        .forEach(s -> blocks(s).forEach(b -> synthesized.add(tableKey(b)))));
    cases().forEach(c -> synthesized.addAll(ephemeralTypes(c.service())));
    Set<String> stale = new TreeSet<>();
    TABLE.entries().forEach(e -> stale.add(e.type()));
    stale.removeAll(synthesized);
    stale.remove(ProviderActions.PROVIDER); // the provider's own set-up, not a type
    assertThat(stale).as("rows of " + ProviderActions.FILE + " for types neither example synthesizes").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void deployRoleAllowsEveryActionOfTheServiceStackOnWhatTheStackNames(Case c) {
    IamPolicy deploy = c.deploy();
    List<String> denied = new ArrayList<>();
    for (Block b : blocks(c.service())) {
      for (String action : TABLE.entry(tableKey(b)).orElseThrow().all()) {
        for (Request r : probes(c, b, action)) {
          if (!deploy.allows(r)) {
            denied.add(tableKey(b) + " " + b.name() + ": " + r);
          }
        }
      }
    }
    assertThat(denied).as("requests the deploy role must allow").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void planRoleAllowsEveryReadActionAndNoWriteAction(Case c) {
    IamPolicy plan = c.plan();
    Set<String> reads = new LinkedHashSet<>();
    TABLE.entries().forEach(e -> reads.addAll(e.read()));
    List<String> denied = new ArrayList<>();
    List<String> allowed = new ArrayList<>();
    for (Block b : blocks(c.service())) {
      ProviderActions.Entry e = TABLE.entry(tableKey(b)).orElseThrow();
      for (String action : e.read()) {
        probes(c, b, action).stream().filter(r -> !plan.allows(r)).forEach(r -> denied.add(b.name() + ": " + r));
      }
      // an action some other type reads (ecs:DescribeServices, also a dependency of auto scaling), or one that only
      // reads (a Describe, Get or List call made while deleting), may be allowed
      for (String action : e.write().stream().filter(a -> !reads.contains(a) && changes(a)).toList()) {
        List<Request> requests = CONDITIONAL.contains(action)
            ? List.of(new Request(action, "arn:aws:iam::" + c.account() + ":role/ecs-service-connect-"
                + c.config().environment() + "-anything", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com",
                "iam:AWSServiceName", "ecs.amazonaws.com")))
            : probes(c, b, action);
        requests.stream().filter(plan::allows).forEach(r -> allowed.add(b.name() + ": " + r + " via "
            + plan.grantingStatements(r)));
      }
    }
    assertThat(denied).as("reads the plan role must allow").isEmpty();
    assertThat(allowed).as("writes the plan role must not allow").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyRoleTheStackCreatesCanBePassedOnlyToTheServiceItTrusts(Case c) {
    IamPolicy deploy = c.deploy();
    List<Block> roles = c.service().resources("aws_iam_role");
    assertThat(roles).as("roles of " + c).isNotEmpty();
    for (Block role : roles) {
      String arn = roleArn(c, role.text("name"));
      String trusted = trustedService(role);
      assertThat(deploy.allows(new Request("iam:PassRole", arn, Map.of("iam:PassedToService", trusted))))
          .as("deploy role passes %s to %s, the service its trust policy names", arn, trusted).isTrue();
      for (String other : OTHER_SERVICES.stream().filter(s -> !s.equals(trusted)).toList()) {
        assertThat(deploy.allows(new Request("iam:PassRole", arn, Map.of("iam:PassedToService", other))))
            .as("deploy role must not pass %s to %s", arn, other).isFalse();
      }
      assertThat(deploy.allows(new Request("iam:PassRole", arn)))
          .as("deploy role must not pass %s without the iam:PassedToService condition key", arn).isFalse();
    }
    // every type that passes a role has a row saying so, and a role the stack did not create cannot be passed
    assertThat(TABLE.entry("aws_ecs_task_definition").orElseThrow().write()).contains("iam:PassRole");
    String foreign = roleArn(c, "admin");
    for (String service : OTHER_SERVICES) {
      assertThat(deploy.allows(new Request("iam:PassRole", foreign, Map.of("iam:PassedToService", service))))
          .as("deploy role must not pass %s", foreign).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serviceLinkedRolesOnlyOfTheServicesTheStackUses(Case c) {
    IamPolicy deploy = c.deploy();
    Map<String, String> needed = new LinkedHashMap<>();
    blocks(c.service()).forEach(b -> needed.putAll(TABLE.entry(tableKey(b)).orElseThrow().serviceLinkedRoles()));
    assertThat(needed).as("service-linked roles " + c + " needs").isNotEmpty();
    needed.forEach((service, role) -> {
      String arn = "arn:aws:iam::" + c.account() + ":role/aws-service-role/" + service + "/" + role;
      assertThat(deploy.allows(new Request("iam:CreateServiceLinkedRole", arn, Map.of("iam:AWSServiceName",
          service)))).as("deploy role creates %s", arn).isTrue();
    });
    String lambda = "arn:aws:iam::" + c.account()
        + ":role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda";
    assertThat(deploy.allows(new Request("iam:CreateServiceLinkedRole", lambda, Map.of("iam:AWSServiceName",
        "lambda.amazonaws.com")))).isFalse();
  }

  @Test
  void serviceConnectTlsRolesArePassedToEcsOnlyWithTheExtraPolicy() {
    Case c = cases().filter(x -> x.name().equals(OPTIONS.toString())).findFirst().orElseThrow();
    List<String> tlsRoles = c.config().services().stream()
        .flatMap(s -> s.serviceConnect().endpoints().stream())
        .flatMap(e -> e.tls().stream()).map(EnvironmentConfig.Tls::roleArn).distinct().toList();
    assertThat(tlsRoles).as("TLS roles in " + OPTIONS).hasSizeGreaterThanOrEqualTo(2);
    for (String arn : tlsRoles) {
      Map<String, String> values = new LinkedHashMap<>(c.placeholders());
      values.put("TLS_ROLE_ARN", arn);
      IamPolicy withTls = c.deploy().with(IamPolicy.load(TLS, values));
      Request toEcs = new Request("iam:PassRole", arn, Map.of("iam:PassedToService", "ecs.amazonaws.com"));
      assertThat(c.deploy().allows(toEcs)).as("the deploy role alone does not pass %s", arn).isFalse();
      assertThat(withTls.allows(toEcs)).as("with %s it passes %s to ECS", TLS, arn).isTrue();
      assertThat(withTls.allows(new Request("iam:PassRole", arn, Map.of("iam:PassedToService",
          "ecs-tasks.amazonaws.com")))).as("and to nothing else").isFalse();
    }
  }

  /** ./main deploy's post-apply check (aws.RolloutCheck) reads every service with the deploy role's credentials. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void deployRoleAllowsThePostApplyRolloutCheck(Case c) {
    IamPolicy deploy = c.deploy();
    c.config().services().forEach(s -> assertThat(deploy.allows(new Request("ecs:DescribeServices", "arn:aws:ecs:"
        + c.region() + ":" + c.account() + ":service/" + c.config().cluster().name() + "/" + s.name())))
        .as("ecs:DescribeServices on %s", s.name()).isTrue());
  }

  /**
   * ./main deploy's pre-apply ownership check (aws.NameOwnership) asks about every name the stack gives that AWS keeps
   * unique per account, with the deploy role's credentials: one read action per kind.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void deployRoleAllowsThePreApplyOwnershipCheck(Case c) {
    IamPolicy deploy = c.deploy();
    String regional = c.region() + ":" + c.account() + ":";
    for (AccountScopedNames.ScopedName n : AccountScopedNames.of(c.config())) {
      Request request = switch (n.kind()) {
        case ECS_CLUSTER -> new Request("ecs:DescribeClusters", "arn:aws:ecs:" + regional + "cluster/" + n.name());
        case CLOUD_MAP_NAMESPACE -> new Request("servicediscovery:ListNamespaces", "*");
        case LOG_GROUP -> new Request("logs:DescribeLogGroups", "arn:aws:logs:" + regional + "log-group:*");
        case TASK_FAMILY -> new Request("ecs:ListTaskDefinitionFamilies", "*");
        case IAM_ROLE -> new Request("iam:GetRole", "arn:aws:iam::" + c.account() + ":role/" + n.name());
        case IAM_INSTANCE_PROFILE -> new Request("iam:GetInstanceProfile", "arn:aws:iam::" + c.account()
            + ":instance-profile/" + n.name());
      };
      assertThat(deploy.allows(request)).as("%s for %s '%s'", request.action(), n.kind(), n.name()).isTrue();
    }
  }

  /** ./main drift (aws.ServiceConnectDrift) reads every service too, and may run with the read-only plan role. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void planAndDeployRolesAllowTheDriftCheck(Case c) {
    for (IamPolicy role : List.of(c.plan(), c.deploy())) {
      c.config().services().forEach(s -> assertThat(role.allows(new Request("ecs:DescribeServices", "arn:aws:ecs:"
          + c.region() + ":" + c.account() + ":service/" + c.config().cluster().name() + "/" + s.name())))
          .as("ecs:DescribeServices on %s", s.name()).isTrue());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stateObjectAndLockFile(Case c) {
    String bucket = "arn:aws:s3:::" + c.config().state().bucket();
    String state = bucket + "/" + c.config().state().key();
    String lock = state + ".tflock";
    IamPolicy deploy = c.deploy();
    IamPolicy plan = c.plan();
    for (IamPolicy role : List.of(deploy, plan)) {
      assertThat(role.allows(new Request("s3:ListBucket", bucket))).as(role.name() + " lists the bucket").isTrue();
      assertThat(role.allows(new Request("s3:GetObject", state))).as(role.name() + " reads the state").isTrue();
      // a plan takes the lock too: the lock file is created, read and deleted
      for (String action : List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject")) {
        assertThat(role.allows(new Request(action, lock))).as(role.name() + " " + action + " the lock").isTrue();
      }
      assertThat(role.allows(new Request("s3:DeleteObject", state))).as(role.name() + " deletes no state").isFalse();
      assertThat(role.allows(new Request("s3:PutObject", bucket + "/other/terraform.tfstate")))
          .as(role.name() + " writes no other key").isFalse();
      assertThat(role.allows(new Request("s3:PutBucketPolicy", bucket)))
          .as(role.name() + " does not change the bucket (./main bootstrap does)").isFalse();
    }
    assertThat(deploy.allows(new Request("s3:PutObject", state))).as("deploy writes the state").isTrue();
    assertThat(plan.allows(new Request("s3:PutObject", state))).as("plan writes no state").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void namesOfAnotherEnvironmentAreOutOfReach(Case c) {
    IamPolicy deploy = c.deploy();
    String other = "ecs-service-connect-" + c.config().environment() + "x-";
    assertThat(deploy.allows(new Request("iam:DeleteRole", roleArn(c, other + "bastion")))).isFalse();
    assertThat(deploy.allows(new Request("iam:DeleteRole", roleArn(c, "ecs-service-connect-ci-deploy"))))
        .as("a role named like the CI roles, outside this environment's prefix").isFalse();
    assertThat(deploy.allows(new Request("logs:DeleteLogGroup", logGroupArn(c, other + "flow-logs")))).isFalse();
    assertThat(deploy.allows(new Request("logs:DeleteLogGroup", logGroupArn(c, c.config().logs().group() + "x"))))
        .isFalse();
    assertThat(deploy.allows(new Request("kms:DeleteAlias", "arn:aws:kms:" + c.region() + ":" + c.account()
        + ":alias/" + other + "logs"))).isFalse();
    String elb = "arn:aws:elasticloadbalancing:" + c.region() + ":" + c.account() + ":";
    assertThat(deploy.allows(new Request("elasticloadbalancing:DeleteLoadBalancer", elb + "loadbalancer/app/"
        + c.config().environment() + "x-web/50dc6c495c0c9188"))).isFalse();
    assertThat(deploy.allows(new Request("elasticloadbalancing:DeleteListener", elb + "listener/app/"
        + c.config().environment() + "x-web/50dc6c495c0c9188/f2f7dc8efc522ab2"))).isFalse();
    assertThat(deploy.allows(new Request("elasticloadbalancing:DeleteTargetGroup", elb + "targetgroup/"
        + c.config().environment() + "x-web/73e2d6bc24d8a067"))).as("a target group Terraform did not name").isFalse();
    String repository = "arn:aws:ecr:" + c.region() + ":" + c.account() + ":repository/";
    String otherRepository = repository + Naming.APPLICATION + "-" + c.config().environment() + "x/worker/worker";
    assertThat(deploy.allows(new Request("ecr:DeleteRepository", otherRepository))).isFalse();
    assertThat(c.plan().allows(new Request("ecr:DescribeRepositories", otherRepository)))
        .as("the plan role reads this environment's repositories only").isFalse();
    assertThat(deploy.allows(new Request("ecr:DeleteRepository", repository + "worker")))
        .as("a repository outside the stack's prefix").isFalse();
    assertThat(deploy.allows(new Request("iam:AttachRolePolicy", roleArn(c, Naming.APPLICATION + "-"
        + c.config().environment() + "-bastion"), Map.of("iam:PolicyARN",
        "arn:aws:iam::aws:policy/AdministratorAccess")))).as("no other managed policy").isFalse();
  }

  @Test
  void everyPlaceholderIsOneTheTestFillsAndTheSetUpNames() throws IOException {
    Set<String> known = new TreeSet<>(cases().findFirst().orElseThrow().placeholders().keySet());
    known.add("TLS_ROLE_ARN");
    String ci = Files.readString(Path.of("docs/ci.md"));
    for (Path file : List.of(DEPLOY, PLAN, TLS)) {
      Set<String> used = IamPolicy.placeholders(file);
      assertThat(known).as("placeholders of " + file).containsAll(used);
      used.forEach(p -> assertThat(ci).as("docs/ci.md says what to put for <%s>", p).contains("<" + p + ">"));
    }
  }

  /** docs/ci.md lists what each role may do, per resource type, from the table. */
  @Test
  void ciDocListsTheActionsOfEveryType() throws IOException {
    StringBuilder sb = new StringBuilder()
        .append("| Terraform type | Plan role (read) | Deploy role, on top | Sources |\n")
        .append("| --- | --- | --- | --- |\n");
    for (ProviderActions.Entry e : TABLE.entries()) {
      sb.append("| `").append(e.type()).append("` | ").append(codes(e.read())).append(" | ")
          .append(codes(e.write()));
      if (!e.serviceLinkedRoles().isEmpty()) {
        sb.append(e.write().isEmpty() ? "" : ", ").append("iam:CreateServiceLinkedRole (")
            .append(String.join(", ", e.serviceLinkedRoles().values())).append(")");
      }
      sb.append(" | [provider](").append(e.provider()).append("), [actions](").append(e.actions()).append(") |\n");
    }
    new GeneratedBlock(Path.of("docs/ci.md"), "role-actions").check(sb.toString());
  }

  /** Whether an action changes something: IAM's Read and List access levels are the Describe, Get and List calls. */
  static boolean changes(String action) {
    return !action.substring(action.indexOf(':') + 1).matches("(Describe|Get|List).*");
  }

  private static String codes(List<String> actions) {
    return actions.isEmpty() ? "none" : String.join(", ", actions.stream().map(a -> "`" + a + "`").toList());
  }

  // Requests

  /**
   * The requests {@code action} makes for {@code block}, on the resources the stack names where the policy scopes
   * the action by name (roles, instance profiles, log groups, key aliases, the AMI parameter), on any resource
   * otherwise. Empty for the conditional actions, which have tests of their own, and where the call cannot happen
   * (e.g. removing a role from an instance profile the role is not in).
   */
  static List<Request> probes(Case c, Block b, String action) {
    if (CONDITIONAL.contains(action)) {
      return List.of();
    }
    String service = action.substring(0, action.indexOf(':'));
    String name = action.substring(action.indexOf(':') + 1);
    if (service.equals("iam")) {
      return iamProbes(c, b, name);
    }
    if (service.equals("logs") && !name.equals("DescribeLogGroups")) {
      return List.of(new Request(action, logGroupArn(c, b.text("name"))));
    }
    if (service.equals("kms") && name.matches("(Create|Update|Delete)Alias")) {
      return List.of(new Request(action, "arn:aws:kms:" + c.region() + ":" + c.account() + ":" + b.text("name")),
          new Request(action, keyArn(c)));
    }
    if (service.equals("kms") && b.type().equals("aws_ecr_repository")) {
      // ECR calls KMS for the repository's key as the deploying principal (kms:ViaService)
      return List.of(new Request(action, keyArn(c), Map.of("kms:ViaService", "ecr." + c.region() + ".amazonaws.com")));
    }
    if (name.equals("Decrypt") || name.equals("GenerateDataKey")) {
      // only Secrets Manager uses the key on the caller's behalf (CreatedSecret); KMS sets kms:ViaService then
      // (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service)
      return List.of(new Request(action, keyArn(c), Map.of("kms:ViaService", "secretsmanager." + c.region()
          + ".amazonaws.com")));
    }
    if (service.equals("kms") && !name.equals("CreateKey") && !name.equals("ListAliases")) {
      return List.of(new Request(action, keyArn(c)));
    }
    if (service.equals("elasticloadbalancing") && changes(action)) {
      return List.of(new Request(action, elbArn(c, b)));
    }
    if (service.equals("ecr")) {
      return List.of(new Request(action, ecrArn(c, b)));
    }
    if (service.equals("secretsmanager")) {
      return List.of(new Request(action, secretArn(c, b)));
    }
    if (action.equals("ssm:GetParameter")) {
      return List.of(new Request(action, "arn:aws:ssm:" + c.region() + "::parameter" + b.text("name")));
    }
    return List.of(new Request(action, "arn:aws:" + service + ":" + c.region() + ":" + c.account()
        + ":unscoped-probe"));
  }

  /**
   * The ARN of the load balancer, listener, rule or target group {@code b} creates, in the forms of the Service
   * Authorization Reference for Elastic Load Balancing V2 (resource types loadbalancer/app, listener/app,
   * listener-rule/app, targetgroup), with made-up ids.
   */
  private static String elbArn(Case c, Block b) {
    String prefix = "arn:aws:elasticloadbalancing:" + c.region() + ":" + c.account() + ":";
    return switch (b.type()) {
      case "aws_lb" -> prefix + "loadbalancer/app/" + b.text("name") + "/50dc6c495c0c9188";
      case "aws_lb_listener" -> prefix + "listener/app/" + loadBalancerName(c, b)
          + "/50dc6c495c0c9188/f2f7dc8efc522ab2";
      case "aws_lb_listener_rule" -> {
        Block listener = referenced(c, "aws_lb_listener", LISTENER_REF, b.text("listener_arn"));
        yield prefix + "listener-rule/app/" + loadBalancerName(c, listener)
            + "/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";
      }
      case "aws_lb_target_group" -> {
        assertThat(b.get("name").isMissingNode()).as(b.name() + " names no target group: Terraform does").isTrue();
        yield prefix + "targetgroup/" + GENERATED_TARGET_GROUP_NAME + "/73e2d6bc24d8a067";
      }
      default -> throw new AssertionError(b.type() + " makes no Elastic Load Balancing request");
    };
  }

  /**
   * The ARN of the repository {@code b} creates or sets the lifecycle policy of, in the form of the Service
   * Authorization Reference for Amazon ECR (resource type repository: {@code repository/<name>}).
   */
  private static String ecrArn(Case c, Block b) {
    String name = switch (b.type()) {
      case "aws_ecr_repository" -> b.text("name");
      case "aws_ecr_lifecycle_policy" ->
          referenced(c, "aws_ecr_repository", REPOSITORY_REF, b.text("repository")).text("name");
      default -> throw new AssertionError(b.type() + " makes no ECR request");
    };
    return "arn:aws:ecr:" + c.region() + ":" + c.account() + ":repository/" + name;
  }

  /**
   * The ARN of the secret {@code b} creates or writes a version of, in the form of the Service Authorization Reference
   * for Secrets Manager (resource type Secret: {@code secret:<name>-<6 characters>}, the suffix made up).
   */
  private static String secretArn(Case c, Block b) {
    String name = switch (b.type()) {
      case "aws_secretsmanager_secret" -> b.text("name");
      case "aws_secretsmanager_secret_version" ->
          referenced(c, "aws_secretsmanager_secret", SECRET_REF, b.text("secret_id")).text("name");
      default -> throw new AssertionError(b.type() + " makes no Secrets Manager request on a secret");
    };
    return "arn:aws:secretsmanager:" + c.region() + ":" + c.account() + ":secret:" + name + "-AbCdEf";
  }

  /** The name of the load balancer a listener's {@code load_balancer_arn} refers to. */
  private static String loadBalancerName(Case c, Block listener) {
    return referenced(c, "aws_lb", LB_REF, listener.text("load_balancer_arn")).text("name");
  }

  private static Block referenced(Case c, String type, Pattern ref, String value) {
    Matcher m = ref.matcher(value);
    assertThat(m.matches()).as("%s refers to an %s", value, type).isTrue();
    return c.service().resources(type).stream().filter(r -> r.name().equals(m.group(1))).findFirst()
        .orElseThrow(() -> new AssertionError(value + " refers to no " + type));
  }

  private static List<Request> iamProbes(Case c, Block b, String name) {
    String action = "iam:" + name;
    if (name.contains("InstanceProfile") && !name.equals("ListInstanceProfilesForRole")) {
      List<String> profiles = b.type().equals("aws_iam_instance_profile") ? List.of(b.text("name"))
          : c.service().resources("aws_iam_instance_profile").stream()
              .filter(p -> referencedRole(c, p.get("role")).filter(b.text("name")::equals).isPresent())
              .map(p -> p.text("name")).toList();
      return profiles.stream().map(p -> new Request(action, "arn:aws:iam::" + c.account() + ":instance-profile/"
          + p)).toList();
    }
    String role = b.type().equals("aws_iam_role") ? b.text("name")
        : referencedRole(c, b.get("role")).orElseThrow(() -> new AssertionError(b.name() + " names no role"));
    if (name.equals("AttachRolePolicy") || name.equals("DetachRolePolicy")) {
      return c.service().resources("aws_iam_role_policy_attachment").stream()
          .filter(a -> referencedRole(c, a.get("role")).filter(role::equals).isPresent())
          .map(a -> new Request(action, roleArn(c, role), Map.of("iam:PolicyARN", inAws(a.text("policy_arn")))))
          .toList();
    }
    return List.of(new Request(action, roleArn(c, role)));
  }

  /** The name of the role a {@code role} argument refers to ({@code ${aws_iam_role.X.name}}), or names literally. */
  private static Optional<String> referencedRole(Case c, JsonNode value) {
    Matcher m = ROLE_REF.matcher(value.asText());
    if (!m.matches()) {
      return value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }
    return c.service().resources("aws_iam_role").stream().filter(r -> r.name().equals(m.group(1)))
        .map(r -> r.text("name")).findFirst();
  }

  /**
   * {@code value} with the stack's partition (naming.Partition: {@code ${data.aws_partition.X.partition}}) as the
   * data source reads it in the cases' regions, all in the {@code aws} partition, for which the policies are written.
   */
  private static String inAws(String value) {
    return PARTITION_REF.matcher(value).replaceAll("aws");
  }

  /** The one service principal of a role's trust policy. */
  private static String trustedService(Block role) {
    JsonNode statements = role.parsed("assume_role_policy").path("Statement");
    assertThat(statements).as(role.name() + " trusts exactly one statement").hasSize(1);
    return statements.get(0).path("Principal").path("Service").asText();
  }

  private static String roleArn(Case c, String name) {
    return "arn:aws:iam::" + c.account() + ":role/" + name;
  }

  private static String logGroupArn(Case c, String name) {
    return "arn:aws:logs:" + c.region() + ":" + c.account() + ":log-group:" + name;
  }

  /** A key of the account: key ids are random, so a policy can scope key actions by account only. */
  private static String keyArn(Case c) {
    return "arn:aws:kms:" + c.region() + ":" + c.account() + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
  }
}
