package dev.svcconnect.stacks;

import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.LocalBackendConfig;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.state.StateBucket;
import dev.svcconnect.state.StateBucketProps;
import dev.svcconnect.target.DeploymentTarget;
import software.constructs.Construct;

/**
 * Creates the bucket the service stack keeps its state in. Its own state cannot live in that bucket, so it is a
 * local file outside the synth output: {@code .terraform-state/<environment>/state-bootstrap.tfstate}.
 */
public final class StateBootstrapStack extends TerraformStack {
  public static final String ID = "state-bootstrap";

  public StateBootstrapStack(Construct scope, EnvironmentConfig config, DeploymentTarget target) {
    super(scope, ID);
    TerraformSettings.apply(this);
    Naming naming = new Naming(config.environment(), config.tags());
    target.provider(this, "aws", naming);
    // Relative to the stack's working directory <outdir>/stacks/state-bootstrap, i.e. beside the outdir.
    new LocalBackend(this, LocalBackendConfig.builder()
        .path("../../../.terraform-state/" + config.environment() + "/" + ID + ".tfstate")
        .build());
    StateBucket bucket = new StateBucket(this, "StateBucket",
        new StateBucketProps(config.state().bucket(), target.protectsStateBucket(),
            target.deniesInsecureTransportToStateBucket()));
    TerraformOutput.Builder.create(this, "state_bucket")
        .value(bucket.bucket().getBucket())
        .description("S3 bucket holding the service stack's Terraform state")
        .build();
  }
}
