package dev.svcconnect.config;

import dev.svcconnect.config.EnvironmentConfig.ContainerInputs;
import dev.svcconnect.config.EnvironmentConfig.PasswordRules;
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
 * Manager fields only with Secrets Manager, {@code generate} only for a generated secret and rules that leave it
 * something to generate, a name once across environment and secrets, and every ARN in the partition of the target
 * region.
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
      RepositoryCredentials bound = r.bind(RepositoryCredentials.class);
      TaskOptionRules.samePartition(r, "credentialsParameter", bound.credentialsParameter(), region);
      bound.kmsKeyArn().ifPresent(k -> TaskOptionRules.samePartition(r, "kmsKeyArn", k, region));
      return bound;
    });
    return new ContainerInputs(environment, secrets, credentials);
  }

  private static Optional<Secret> secret(Section s, String name, String region) {
    Optional<String> secretsManager = s.optionalText("secretsManager");
    Optional<String> parameter = s.optionalText("ssmParameter");
    Optional<String> create = s.optionalText("create");
    Optional<String> kms = s.optionalText("kmsKeyArn");
    kms.ifPresent(k -> TaskOptionRules.samePartition(s, "kmsKeyArn", k, region));
    if (create.isPresent()) {
      return created(s, name, create.get(), secretsManager.isPresent() ? Optional.of("secretsManager")
          : parameter.isPresent() ? Optional.of("ssmParameter") : Optional.empty());
    }
    if (s.written("generate")) {
      s.error("generate", "is only for create: generated");
    }
    if (secretsManager.isPresent() && parameter.isPresent()) {
      s.error("ssmParameter", "is set beside secretsManager; a secret has one source");
      return Optional.empty();
    }
    if (secretsManager.isEmpty() && parameter.isEmpty()) {
      s.error("needs one source: secretsManager (a secret ARN), ssmParameter (a parameter name or ARN) or create"
          + " (generated or operator)");
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

  /**
   * A secret the stack creates ({@code create: generated} or {@code operator}): no other source, none of the fields
   * that choose a part or a key of an existing secret (the container reads the whole current value, encrypted with
   * the stack's key), and {@code generate} only for a generated one.
   *
   * @param otherSource the other source field written beside {@code create}, if any
   */
  private static Optional<Secret> created(Section s, String name, String create, Optional<String> otherSource) {
    if (otherSource.isPresent()) {
      s.error(otherSource.get(), "is set beside create; a secret has one source");
      return Optional.empty();
    }
    boolean problem = false;
    for (String key : List.of("jsonKey", "versionStage", "versionId", "kmsKeyArn")) {
      if (s.written(key)) {
        s.error(key, "is for an existing secret; the container reads the whole current value of a secret the stack"
            + " creates, encrypted with the stack's key");
        problem = true;
      }
    }
    if (create.equals("operator")) {
      if (s.written("generate")) {
        s.error("generate", "is only for create: generated; an operator sets this secret's value");
        return Optional.empty();
      }
      return problem ? Optional.empty() : Optional.of(new Secret(name, SecretStore.OPERATOR, "", Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }
    Optional<PasswordRules> rules = passwordRules(s.section("generate"));
    return problem || rules.isEmpty() ? Optional.empty() : Optional.of(new Secret(name, SecretStore.GENERATED, "",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), rules));
  }

  /**
   * The characters of each type GetRandomPassword draws from, in its order: lowercase, uppercase, digits and
   * punctuation (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html,
   * ExcludePunctuation lists the punctuation characters).
   */
  private static final List<String> CHARACTER_TYPES = List.of("abcdefghijklmnopqrstuvwxyz",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

  /**
   * {@code generate}'s rules, refused when they leave no character to draw from, or when
   * {@code requireEachIncludedType} asks for more character types than {@code length} holds (GetRandomPassword
   * then fails at apply time rather than here).
   */
  private static Optional<PasswordRules> passwordRules(Section g) {
    PasswordRules r = g.bind(PasswordRules.class);
    List<Boolean> excluded = List.of(r.excludeLowercase(), r.excludeUppercase(), r.excludeNumbers(),
        r.excludePunctuation());
    int types = 0;
    boolean anyLeft = r.includeSpace() && r.excludeCharacters().indexOf(' ') < 0;
    for (int i = 0; i < CHARACTER_TYPES.size(); i++) {
      if (!excluded.get(i) && CHARACTER_TYPES.get(i).chars().anyMatch(ch -> r.excludeCharacters().indexOf(ch) < 0)) {
        types++;
        anyLeft = true;
      }
    }
    if (!anyLeft) {
      g.error("leaves no character to generate the value from");
      return Optional.empty();
    }
    if (r.requireEachIncludedType() && r.length() < types) {
      g.error("length", r.length() + " cannot hold one character of each of the " + types + " types"
          + " requireEachIncludedType asks for");
      return Optional.empty();
    }
    return Optional.of(r);
  }

  /** A task role's own statements ({@code taskRole.statements}); each ARN in the partition of {@code region}. */
  static List<PolicyStatement> taskRoleStatements(Section task, String region) {
    List<PolicyStatement> out = new ArrayList<>();
    for (Section st : task.section("taskRole").sections("statements")) {
      PolicyStatement statement = st.bind(PolicyStatement.class, Map.of("allow", st.text("effect").equals("Allow")));
      List<String> resources = statement.resources();
      for (int i = 0; i < resources.size(); i++) {
        if (!resources.get(i).equals("*")) {
          TaskOptionRules.samePartition(st, "resources[" + i + "]", resources.get(i), region);
        }
      }
      out.add(statement);
    }
    return out;
  }
}
