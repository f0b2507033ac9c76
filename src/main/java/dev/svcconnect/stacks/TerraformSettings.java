package dev.svcconnect.stacks;

import com.hashicorp.cdktf.TerraformStack;
import java.util.Comparator;
import java.util.List;

/** Terraform-level settings every stack shares: the Terraform version and the AWS provider's version range. */
public final class TerraformSettings {
  /**
   * The provider version the prebuilt bindings (cdktf-provider-aws 18.0.3) were generated from: every argument they
   * write exists from this version on.
   */
  public static final String BINDINGS_PROVIDER_VERSION = "5.23.1";
  /** The next major version, whose breaking changes the stack has not been checked against. */
  public static final String PROVIDER_MAJOR_LIMIT = "6.0.0";
  /** S3-native state locking ({@code use_lockfile}) needs Terraform 1.10. */
  static final String TERRAFORM_CONSTRAINT = ">= 1.10.0";

  /**
   * A block or argument the stack writes although the bindings do not know it (as a raw override, see
   * ServiceConnectOverrides), and the first provider version that accepts it.
   *
   * @param resourceType e.g. {@code aws_ecs_service}
   * @param path the block's path in the resource, nested blocks separated by dots, e.g.
   *     {@code service_connect_configuration.service.timeout}
   * @param firstVersion the first hashicorp/aws release with it
   * @param source the release note that says so
   */
  public record ProviderFeature(String resourceType, String path, String firstVersion, String source) {}

  /** Every block or argument the stack can write that is newer than {@link #BINDINGS_PROVIDER_VERSION}. */
  public static final List<ProviderFeature> NEWER_THAN_BINDINGS = List.of(
      new ProviderFeature("aws_ecs_service", "service_connect_configuration.service.timeout", "5.37.0",
          "https://github.com/hashicorp/terraform-provider-aws/releases/tag/v5.37.0 (#35684)"),
      new ProviderFeature("aws_ecs_service", "service_connect_configuration.service.tls", "5.37.0",
          "https://github.com/hashicorp/terraform-provider-aws/releases/tag/v5.37.0 (#35684)"));

  /** The lowest provider version that accepts everything the stack can write. */
  public static final String PROVIDER_FLOOR = NEWER_THAN_BINDINGS.stream().map(ProviderFeature::firstVersion)
      .max(Comparator.comparing(TerraformSettings::versionKey))
      .filter(v -> versionKey(v).compareTo(versionKey(BINDINGS_PROVIDER_VERSION)) > 0)
      .orElse(BINDINGS_PROVIDER_VERSION);
  /**
   * The provider versions the stacks accept: from {@link #PROVIDER_FLOOR} up to the next major version (5.100.0 is
   * what the mirror carries).
   */
  public static final String AWS_PROVIDER_CONSTRAINT = ">= " + PROVIDER_FLOOR + ", < " + PROVIDER_MAJOR_LIMIT;

  private TerraformSettings() {}

  static void apply(TerraformStack stack) {
    stack.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_CONSTRAINT);
    stack.addOverride("terraform.required_version", TERRAFORM_CONSTRAINT);
  }

  /** A version as a comparable key: each of major.minor.patch zero-padded to six digits. */
  static String versionKey(String version) {
    StringBuilder key = new StringBuilder();
    for (String part : version.split("\\.")) {
      key.append(String.format("%06d", Integer.parseInt(part)));
    }
    return key.toString();
  }
}
