package dev.svcconnect.stacks;

import com.hashicorp.cdktf.TerraformStack;

/** Terraform-level settings every stack shares. */
final class TerraformSettings {
  /**
   * The prebuilt bindings (cdktf-provider-aws 18.0.3) were generated from hashicorp/aws 5.23.1 and pin exactly
   * that; any later 5.x provider accepts the same arguments, so allow them (5.100.0 is what the mirror carries).
   */
  static final String AWS_PROVIDER_CONSTRAINT = ">= 5.23.1, < 6.0.0";
  /** S3-native state locking ({@code use_lockfile}) needs Terraform 1.10. */
  static final String TERRAFORM_CONSTRAINT = ">= 1.10.0";

  private TerraformSettings() {}

  static void apply(TerraformStack stack) {
    stack.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_CONSTRAINT);
    stack.addOverride("terraform.required_version", TERRAFORM_CONSTRAINT);
  }
}
