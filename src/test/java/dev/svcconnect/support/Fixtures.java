package dev.svcconnect.support;

import dev.svcconnect.app.RunContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment files the tests read: copies of the shipped ones under src/test/resources/config/, so that a
 * user's edits to {@code config/} (which the README invites) never break the build. Only the tests whose job is the
 * shipped files read {@code config/} ({@code ShippedConfigTest}, {@code TerraformValidateIT},
 * {@code AcceptedConfigsValidateIT}; {@code ShippedConfigReadersTest} keeps it so).
 */
public final class Fixtures {
  /** {@code config/local.yaml} as shipped: the default environment, every default spelled out. */
  public static final Path LOCAL = Path.of("src/test/resources/config/local.yaml");
  /**
   * The README's "Your own app": {@link #LOCAL} with the client-service entry replaced by the README's block
   * (OwnAppExampleTest keeps the two equal; OwnAppDeployIT deploys it).
   */
  public static final Path OWN_APP = Path.of("src/test/resources/config/own-app.yaml");
  /** {@code config/aws-example.yaml} as shipped. */
  public static final Path AWS = Path.of("src/test/resources/config/aws-example.yaml");
  /**
   * {@code config/examples/shop.yaml} as shipped: four services with sidecars, environment, secrets from both stores,
   * an ECR repository and a worker outside Service Connect (ShopExampleTest, ShopExampleDeployIT).
   */
  public static final Path SHOP = Path.of("src/test/resources/config/shop.yaml");

  private Fixtures() {}

  /**
   * {@code env} plus {@value RunContext#CONFIG_VARIABLE} = {@link #LOCAL}: for a command run without
   * {@code --config}, which would otherwise read the shipped {@code config/local.yaml}.
   */
  public static Map<String, String> withLocalConfig(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put(RunContext.CONFIG_VARIABLE, LOCAL.toString());
    return Map.copyOf(all);
  }
}
