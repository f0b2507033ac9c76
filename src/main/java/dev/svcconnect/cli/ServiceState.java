package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.aws.S3Objects;
import dev.svcconnect.aws.SdkClients;
import dev.svcconnect.config.EnvironmentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one place that reads the service stack's Terraform state: the S3 object Terraform's S3 backend keeps it in,
 * read with one GetObject instead of a {@code terraform state pull} or {@code terraform output} process (issue 17:
 * each costs a Terraform start). It is the object the backend reads and writes: the bucket, key and region of the
 * stack's backend ({@link dev.svcconnect.target.DeploymentTarget#s3Backend}, from {@link EnvironmentConfig.State}),
 * the target's endpoint and credentials ({@link SdkClients#s3(String)}), and the workspace Terraform selects. S3
 * decrypts an SSE-KMS object for a GetObject by a caller allowed to use the key, with no parameter
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html), and a read after the apply's
 * write returns that write (https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel).
 * EmulatorRollbackIT compares what this reads with {@code terraform state pull} and {@code terraform output -json}.
 *
 * @param s3 the client of the backend's region, at the target's endpoint
 * @param bucket the backend's bucket
 * @param key the state object's key in the selected workspace ({@link #key(String, String)})
 */
public record ServiceState(S3Client s3, String bucket, String key) {
  /**
   * The S3 backend keeps a workspace other than {@code default} at {@code <workspace_key_prefix>/<workspace>/<key>},
   * with the prefix {@code env:} unless set (https://developer.hashicorp.com/terraform/language/backend/s3); the
   * stack's backend does not set it.
   */
  static final String WORKSPACE_KEY_PREFIX = "env:";
  /**
   * The S3 backend with {@code use_lockfile} keeps the lock beside the state object, as {@code <object key>.tflock}:
   * the selected workspace's object, so {@code env:/<workspace>/<key>.tflock} for a workspace other than
   * {@code default} (https://developer.hashicorp.com/terraform/language/backend/s3, "use_lockfile").
   */
  static final String LOCK_SUFFIX = ".tflock";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The state of the service stack initialized in {@code serviceDir}, whose backend is {@code state}, read with
   * {@code aws}; {@code terraformEnvironment} is terraform's own ({@link Terraform#environment}), which may select a
   * workspace.
   */
  public static ServiceState of(SdkClients aws, EnvironmentConfig.State state, Path serviceDir,
      Map<String, String> terraformEnvironment) {
    return of(aws.s3(state.region()), state, serviceDir, terraformEnvironment);
  }

  /** {@link #of(SdkClients, EnvironmentConfig.State, Path, Map)} read with {@code s3}, the client of its region. */
  static ServiceState of(S3Client s3, EnvironmentConfig.State state, Path serviceDir,
      Map<String, String> terraformEnvironment) {
    return new ServiceState(s3, state.bucket(), objectKey(state, serviceDir, terraformEnvironment));
  }

  /** The state object's key in the workspace terraform selects in {@code serviceDir}. */
  private static String objectKey(EnvironmentConfig.State state, Path serviceDir,
      Map<String, String> terraformEnvironment) {
    return key(state.key(), workspace(serviceDir, terraformEnvironment));
  }

  /** The object's key for {@code workspace}: {@code key} itself for {@code default}. */
  static String key(String key, String workspace) {
    return "default".equals(workspace) ? key : WORKSPACE_KEY_PREFIX + "/" + workspace + "/" + key;
  }

  /**
   * The workspace terraform uses in {@code stackDir}, as it decides it: {@code TF_WORKSPACE}, else the name
   * {@code terraform workspace select} wrote to {@code environment} in its data directory ({@code TF_DATA_DIR}, a
   * relative one from the stack directory, else {@code .terraform}), else {@code default}.
   */
  static String workspace(Path stackDir, Map<String, String> environment) {
    String chosen = environment.get("TF_WORKSPACE");
    if (chosen != null && !chosen.isEmpty()) {
      return chosen;
    }
    Path data = stackDir.resolve(environment.getOrDefault("TF_DATA_DIR", ".terraform"));
    Path file = data.resolve("environment");
    try {
      String selected = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
      return selected.isEmpty() ? "default" : selected;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the selected workspace from " + file, e);
    }
  }

  /** The state object as an S3 URL, for messages. */
  public String url() {
    return url(bucket, key);
  }

  /** The state's lock file as an S3 URL, {@code s3://<bucket>/<object key>.tflock}, for messages. */
  public String lockUrl() {
    return url(bucket, key + LOCK_SUFFIX);
  }

  /**
   * {@link #lockUrl()} of the service stack initialized in {@code serviceDir}, without a client: for a command that
   * only names the lock ({@code ./main unlock}).
   */
  public static String lockUrl(EnvironmentConfig.State state, Path serviceDir,
      Map<String, String> terraformEnvironment) {
    return url(state.bucket(), objectKey(state, serviceDir, terraformEnvironment) + LOCK_SUFFIX);
  }

  private static String url(String bucket, String key) {
    return "s3://" + bucket + "/" + key;
  }

  /**
   * Whether the state's lock file exists (one HeadObject): another run holds the state's lock.
   *
   * @throws software.amazon.awssdk.services.s3.model.S3Exception when S3 answers with another error than absent
   */
  public boolean locked() {
    return S3Objects.exists(s3, bucket, key + LOCK_SUFFIX);
  }

  /**
   * The state as JSON text, as {@code terraform state pull} prints it; empty when no state was written yet (no
   * object), as {@code state pull} prints nothing then.
   *
   * @throws software.amazon.awssdk.core.exception.SdkException when S3 cannot be asked
   */
  public String json() {
    return S3Objects.text(s3, bucket, key).orElse("");
  }

  /**
   * The value of the string map output {@code name}, as {@code terraform output -json NAME} prints it: from the
   * state's {@code outputs}, where Terraform records each root output's value after an apply.
   *
   * @throws IllegalStateException when the state has no such output, or it is not a map of strings
   */
  public Map<String, String> stringMapOutput(String name) {
    return stringMapOutput(json(), name, url());
  }

  /** {@link #stringMapOutput(String)} of the state JSON {@code stateJson}, read from {@code where}. */
  static Map<String, String> stringMapOutput(String stateJson, String name, String where) {
    JsonNode value;
    try {
      value = stateJson.isBlank() ? null : JSON.readTree(stateJson).path("outputs").path(name).get("value");
    } catch (IOException e) {
      throw new UncheckedIOException("the state " + where + " is not JSON", e);
    }
    if (value == null || !value.isObject()) {
      throw new IllegalStateException("the state " + where + " has no map output " + name);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      if (!e.getValue().isTextual()) {
        throw new IllegalStateException("the output " + name + " of the state " + where + " is not a map of strings");
      }
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }
}
