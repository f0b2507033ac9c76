package dev.svcconnect.config;

import dev.svcconnect.config.EnvironmentConfig.ContainerInputs;
import dev.svcconnect.config.EnvironmentConfig.PolicyStatement;
import dev.svcconnect.config.EnvironmentConfig.RepositoryCredentials;
import dev.svcconnect.config.EnvironmentConfig.Secret;
import dev.svcconnect.config.EnvironmentConfig.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a container reads from outside when it starts ({@code environment}, {@code secrets},
 * {@code repositoryCredentials}) and the statements of a task role ({@code taskRole.statements}). Names, ARN shapes
 * and lengths are the schema's; the rules between fields are here: a secret has exactly one source, the Secrets
 * Manager fields only with Secrets Manager, a name once across environment and secrets, and every ARN in the
 * partition of the target region.
 */
final class ContainerInputRules {
  private ContainerInputRules() {}

  /** A container's inputs; {@code region} is the target's, whose partition every ARN must be in. */
  static ContainerInputs inputs(Section c, String region) {
    Map<String, String> environment = c.textMap("environment");
    List<Secret> secrets = new ArrayList<>();
    Section secretFields = c.section("secrets");
    for (String name : c.textMapKeys("secrets")) {
      Section s = secretFields.section(name);
      if (environment.containsKey(name)) {
        secretFields.error(name, "is also a plain environment variable of the container; a name is set once");
      }
      secret(s, name, region).ifPresent(secrets::add);
    }
    Optional<RepositoryCredentials> credentials = c.optionalSection("repositoryCredentials").map(r -> {
      String arn = r.text("credentialsParameter");
      TaskOptionRules.samePartition(r, "credentialsParameter", arn, region);
      Optional<String> kms = r.optionalText("kmsKeyArn");
      kms.ifPresent(k -> TaskOptionRules.samePartition(r, "kmsKeyArn", k, region));
      return new RepositoryCredentials(arn, kms);
    });
    return new ContainerInputs(environment, secrets, credentials);
  }

  private static Optional<Secret> secret(Section s, String name, String region) {
    Optional<String> secretsManager = s.optionalText("secretsManager");
    Optional<String> parameter = s.optionalText("ssmParameter");
    Optional<String> kms = s.optionalText("kmsKeyArn");
    kms.ifPresent(k -> TaskOptionRules.samePartition(s, "kmsKeyArn", k, region));
    if (secretsManager.isPresent() && parameter.isPresent()) {
      s.error("ssmParameter", "is set beside secretsManager; a secret has one source");
      return Optional.empty();
    }
    if (secretsManager.isEmpty() && parameter.isEmpty()) {
      s.error("needs one source: secretsManager (a secret ARN) or ssmParameter (a parameter name or ARN)");
      return Optional.empty();
    }
    if (parameter.isPresent()) {
      for (String key : List.of("jsonKey", "versionStage", "versionId")) {
        if (s.written(key)) {
          s.error(key, "is a Secrets Manager field; an SSM parameter has no JSON key or version");
        }
      }
      if (parameter.get().startsWith("arn:")) {
        TaskOptionRules.samePartition(s, "ssmParameter", parameter.get(), region);
      }
      return Optional.of(new Secret(name, SecretStore.SSM_PARAMETER, parameter.get(), Optional.empty(),
          Optional.empty(), Optional.empty(), kms));
    }
    TaskOptionRules.samePartition(s, "secretsManager", secretsManager.get(), region);
    return Optional.of(new Secret(name, SecretStore.SECRETS_MANAGER, secretsManager.get(), s.optionalText("jsonKey"),
        s.optionalText("versionStage"), s.optionalText("versionId"), kms));
  }

  /** A task role's own statements ({@code taskRole.statements}); each ARN in the partition of {@code region}. */
  static List<PolicyStatement> taskRoleStatements(Section task, String region) {
    List<PolicyStatement> out = new ArrayList<>();
    for (Section st : task.section("taskRole").sections("statements")) {
      List<String> resources = st.texts("resources");
      for (int i = 0; i < resources.size(); i++) {
        if (!resources.get(i).equals("*")) {
          TaskOptionRules.samePartition(st, "resources[" + i + "]", resources.get(i), region);
        }
      }
      out.add(new PolicyStatement(st.text("effect").equals("Allow"), st.texts("actions"), resources));
    }
    return out;
  }
}
