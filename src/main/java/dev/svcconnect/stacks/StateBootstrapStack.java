package dev.svcconnect.stacks;

import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.LocalBackendConfig;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.state.StateBucket;
import dev.svcconnect.target.DeploymentTarget;
import software.constructs.Construct;

/**
 * Creates the bucket the service stack keeps its state in. Its own state cannot live in that bucket, so it is a
 * local file outside the synth output: {@code .terraform-state/<environment>/state-bootstrap.tfstate}.
 */
public final class StateBootstrapStack extends TerraformStack {
  public static final String ID = "state-bootstrap";

  /** The local state file, relative to the stack's working directory {@code <outdir>/stacks/state-bootstrap}. */
  public static String statePath(String environment) {
    return "../../../.terraform-state/" + environment + "/" + ID + ".tfstate";
  }

  public StateBootstrapStack(Construct scope, EnvironmentConfig config, DeploymentTarget target) {
    super(scope, ID);
    TerraformSettings.apply(this);
    Naming naming = new Naming(config.environment(), config.tags());
    target.provider(this, "aws", naming);
    new LocalBackend(this, LocalBackendConfig.builder().path(statePath(config.environment())).build());
    StateBucket bucket = new StateBucket(this, "StateBucket", config.state(), target.stateBucketProtection());
    TerraformOutput.Builder.create(this, "state_bucket")
        .value(bucket.bucket().getBucket())
        .description("S3 bucket holding the service stack's Terraform state")
        .build();
  }
}
