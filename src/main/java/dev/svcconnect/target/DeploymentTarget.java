package dev.svcconnect.target;

import com.hashicorp.cdktf.S3Backend;
import com.hashicorp.cdktf.S3BackendConfig;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderDefaultTags;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderEndpoints;
import dev.svcconnect.config.Display;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.TargetKind;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.state.StateBucket;
import dev.svcconnect.state.StateBucketProtection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.constructs.Construct;

/**
 * The one place that knows the difference between the local emulator and real AWS: provider endpoints and
 * credentials, the S3 backend's settings, what the stacks deploy differently there ({@link #deployable},
 * {@link #stateBucketProtection}), and how commands behave (prompts). Constructs never ask which target they are on.
 */
public final class DeploymentTarget {
  /** The port AWS emulators conventionally listen on. */
  public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4566";
  /** Overrides the local endpoint; the AWS SDKs and CLI read the same variable. */
  public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";
  /** Emulators accept any credentials; fixed dummies keep `npx cdktf deploy` working without an AWS profile. */
  static final String DUMMY_KEY = "test";

  private final TargetKind kind;
  private final String region;
  private final Optional<String> accountId;
  private final Optional<URI> endpoint;

  private DeploymentTarget(TargetKind kind, String region, Optional<String> accountId, Optional<URI> endpoint) {
    this.kind = kind;
    this.region = region;
    this.accountId = accountId;
    this.endpoint = endpoint;
  }

  /**
   * Resolves the target of {@code config}; {@code env} supplies {@value #ENDPOINT_VARIABLE} for the local one.
   *
   * @throws IllegalArgumentException when the environment names a bad endpoint for the local target, or any
   *     endpoint for an AWS target ({@link #of})
   */
  public static DeploymentTarget resolve(EnvironmentConfig config, Map<String, String> env) {
    EnvironmentConfig.Target t = config.target();
    return of(t.kind(), t.region(), t.accountId(), env);
  }

  /**
   * The target of kind {@code kind} in {@code region}; {@code accountId} pins an AWS target's account. The local
   * target's emulator is {@link #localEndpoint}. An AWS target never uses an emulator: one line names the first
   * endpoint variable set in {@code env} ({@value #ENDPOINT_VARIABLE} or a service's {@code AWS_ENDPOINT_URL_<ID>},
   * which the AWS SDKs and Terraform's provider and S3 backend would all send requests to:
   * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
   *
   * @throws IllegalArgumentException naming the variable: a bad local endpoint, or an endpoint set for AWS
   */
  public static DeploymentTarget of(TargetKind kind, String region, Optional<String> accountId,
      Map<String, String> env) {
    if (kind == TargetKind.AWS) {
      Optional<String> set = env.keySet().stream()
          .filter(k -> k.equals(ENDPOINT_VARIABLE) || k.startsWith(ENDPOINT_VARIABLE + "_"))
          .filter(k -> !env.get(k).isEmpty()).sorted().findFirst();
      if (set.isPresent()) {
        throw new IllegalArgumentException(set.get() + ": set to " + Display.quote(env.get(set.get()))
            + ", but the target is AWS (target.kind: aws), which never uses an emulator endpoint; unset "
            + set.get() + " for commands on this environment");
      }
      return new DeploymentTarget(kind, region, accountId, Optional.empty());
    }
    return new DeploymentTarget(kind, region, Optional.empty(), Optional.of(localEndpoint(env)));
  }

  /**
   * The local emulator's endpoint: {@value #ENDPOINT_VARIABLE} from {@code env}, else {@value #DEFAULT_ENDPOINT}.
   *
   * @throws IllegalArgumentException when the variable is not an http(s)://host:port URL
   */
  public static URI localEndpoint(Map<String, String> env) {
    return parseEndpoint(Optional.ofNullable(env.get(ENDPOINT_VARIABLE)).filter(s -> !s.isBlank())
        .orElse(DEFAULT_ENDPOINT));
  }

  /**
   * {@code text} as an emulator endpoint: {@code http(s)://host:port}, port 1-65535, nothing else (no user, path,
   * query or fragment).
   *
   * @throws IllegalArgumentException one line naming {@value #ENDPOINT_VARIABLE}, the value and what is wrong
   */
  public static URI parseEndpoint(String text) {
    String problem;
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        problem = "the scheme must be http or https";
      } else if (uri.getHost() == null) {
        // a port past an int's range makes java.net.URI read the authority as a registry name, without a host
        problem = uri.getRawAuthority() != null && uri.getRawAuthority().matches(".*:[0-9]{6,}")
            ? "its port is not 1-65535" : "it names no host";
      } else if (uri.getPort() == -1) {
        problem = "it names no port";
      } else if (uri.getPort() < 1 || uri.getPort() > 65535) {
        problem = "port " + uri.getPort() + " is not 1-65535";
      } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
          || !(uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
        problem = "it has more than a scheme, host and port";
      } else {
        return uri;
      }
    } catch (URISyntaxException e) {
      problem = "it is not a URL";
    }
    throw new IllegalArgumentException(ENDPOINT_VARIABLE + ": " + Display.quote(text)
        + " is not an emulator endpoint (" + problem + "); expected http(s)://host:port, e.g. " + DEFAULT_ENDPOINT);
  }

  /**
   * This target's region as target kind aws: the policy suite evaluates the rules the emulator cannot run as
   * written (see {@link EmulatorGap#STATE_BUCKET_TLS_POLICY}) on what that target synthesizes.
   */
  public DeploymentTarget asAws() {
    return new DeploymentTarget(TargetKind.AWS, region, accountId, Optional.empty());
  }

  public boolean isLocal() {
    return kind == TargetKind.LOCAL;
  }

  public String region() {
    return region;
  }

  /** The account an AWS target is pinned to (target.accountId); empty for the local target or when not set. */
  public Optional<String> accountId() {
    return accountId;
  }

  /**
   * What a command acts on, for its banner: {@code local emulator at http://127.0.0.1:4566, region us-east-1},
   * {@code AWS account 111122223333, region eu-west-1}, or {@code AWS, any account (target.accountId is not set),
   * region eu-west-1}.
   */
  public String describe() {
    if (isLocal()) {
      return "local emulator at " + endpointText() + ", region " + region;
    }
    return accountId.map(id -> "AWS account " + id).orElse("AWS, any account (target.accountId is not set)")
        + ", region " + region;
  }

  /** The emulator's URL; present only for the local target. */
  public Optional<URI> endpoint() {
    return endpoint;
  }

  private String endpointText() {
    return endpoint.map(URI::toString).orElseThrow();
  }

  /** The AWS provider for a stack: on the local target every service the stack uses points at the emulator. */
  public AwsProvider provider(Construct scope, String id, Naming naming) {
    AwsProvider.Builder b = AwsProvider.Builder.create(scope, id)
        .region(Literal.of(region))
        .defaultTags(List.of(AwsProviderDefaultTags.builder().tags(Literal.of(naming.defaultTags())).build()));
    if (isLocal()) {
      String url = endpointText();
      b.accessKey(DUMMY_KEY)
          .secretKey(DUMMY_KEY)
          .skipCredentialsValidation(true)
          // The account ID is requested (from the emulator's STS), as on AWS: the provider compares it with the
          // owner of every security-group rule's referenced group and would otherwise read each as cross-account.
          .skipMetadataApiCheck("true")
          .skipRegionValidation(true)
          .s3UsePathStyle(true)
          // Every service the stacks can use, so no call ever leaves for AWS: applicationautoscaling and
          // cloudwatch serve services' scaling.
          .endpoints(List.of(AwsProviderEndpoints.builder()
              .applicationautoscaling(url).cloudwatch(url)
              .ec2(url).ecs(url).iam(url).logs(url).s3(url).servicediscovery(url).ssm(url).sts(url)
              .build()));
    } else {
      accountId.ifPresent(id2 -> b.allowedAccountIds(List.of(Literal.of(id2))));
    }
    return b.build();
  }

  /**
   * Stores {@code stack}'s state in S3 with S3-native locking, encrypted with SSE-KMS like the bucket's default.
   * With {@code encrypt = true} alone the backend asks S3 for SSE-S3 (AES256) on every write, overriding the bucket's
   * default; naming the bucket's key makes it ask for aws:kms (Terraform's S3 backend, {@code kms_key_id}:
   * https://developer.hashicorp.com/terraform/language/backend/s3). CDKTF 0.19's S3Backend predates Terraform 1.10's
   * {@code use_lockfile} and 1.6's {@code endpoints}/{@code use_path_style}, so those are set as overrides. The
   * backend's arguments are not templates (Terraform reads them as written), so they do not go through
   * {@link Literal}; the schema admits no '$', '%' or '{' in them.
   */
  public void s3Backend(TerraformStack stack, EnvironmentConfig.State state) {
    S3BackendConfig.Builder b = S3BackendConfig.builder()
        .bucket(state.bucket())
        .key(state.key())
        .region(state.region())
        .encrypt(true)
        .kmsKeyId(StateBucket.KMS_KEY);
    if (isLocal()) {
      b.accessKey(DUMMY_KEY).secretKey(DUMMY_KEY).skipCredentialsValidation(true).skipRegionValidation(true)
          .skipMetadataApiCheck(true);
    }
    new S3Backend(stack, b.build());
    stack.addOverride("terraform.backend.s3.use_lockfile", true);
    if (isLocal()) {
      stack.addOverride("terraform.backend.s3.endpoints", Map.of("s3", endpointText()));
      stack.addOverride("terraform.backend.s3.use_path_style", true);
      stack.addOverride("terraform.backend.s3.skip_requesting_account_id", true);
    }
  }

  /**
   * The state bucket's protection on this target. On AWS the bucket outlives {@code destroy} (prevent_destroy, no
   * force_destroy) and refuses plain-HTTP requests. On the emulator it is disposable, so that {@code ./main destroy}
   * can leave the emulator empty, and has no TLS-only policy: the emulator evaluates it as S3 does, and its endpoint
   * is plain HTTP ({@link EmulatorGap#STATE_BUCKET_TLS_POLICY}).
   */
  public StateBucketProtection stateBucketProtection() {
    return new StateBucketProtection(!isLocal(), !isLocal());
  }

  /**
   * {@code service} as this target deploys it: the one place where the local target would turn off what the emulator
   * cannot run. Nothing needs turning off any more: the emulator counts a service's tasks as running once launched,
   * so {@code deployment.waitForSteadyState} ends there as on AWS (docs/emulator.md); both targets deploy the
   * service as written.
   */
  public Service deployable(Service service) {
    return service;
  }

  /**
   * Points an AWS SDK for Java v2 client builder at this target: its region; locally the emulator's endpoint and the
   * dummy credentials; on AWS the SDK's default credential chain (environment, profile, SSO, web identity, instance
   * role), which resolves the same identity terraform does. The one place SDK clients learn where they talk to;
   * {@code dev.svcconnect.aws.SdkClients} builds them.
   *
   * @return {@code builder}, configured
   */
  public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
    builder.region(Region.of(region));
    if (isLocal()) {
      builder.endpointOverride(endpoint.orElseThrow())
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(DUMMY_KEY, DUMMY_KEY)));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder;
  }

  /** Whether deploy and destroy run without asking: only on the disposable local target. */
  public boolean approvesImplicitly() {
    return isLocal();
  }

  /**
   * Extra environment for terraform and the AWS CLI. Locally: dummy credentials, so no profile is consulted. On AWS:
   * endpoints configured in the shared AWS config file ({@code endpoint_url}) are ignored, as the endpoint variables
   * are refused ({@link #of}), where the SDK honours the setting
   * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
   */
  public Map<String, String> processEnvironment() {
    if (!isLocal()) {
      return Map.of("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
    }
    return Map.of(
        "AWS_ACCESS_KEY_ID", DUMMY_KEY,
        "AWS_SECRET_ACCESS_KEY", DUMMY_KEY,
        "AWS_REGION", region,
        ENDPOINT_VARIABLE, endpointText());
  }
}
