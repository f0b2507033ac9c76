package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.app.RunContext;
import dev.svcconnect.tiers.UnitTier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, item 3: Terraform's own arguments pass through {@code plan} and {@code output} as the user wrote them,
 * and a relative path among them is the user's, not the synthesized stack directory's where Terraform runs.
 */
@UnitTier
class TerraformArgsTest {
  /** A run typed in /work/elsewhere: the launcher names that directory in SVCCONNECT_CALLER_DIR. */
  private static final RunContext ELSEWHERE = RunContext.of(null,
      Map.of(RunContext.CALLER_DIR_VARIABLE, "/work/elsewhere"), System.out, System.err);

  @Test
  void relativePathsAreResolvedAgainstTheDirectoryTheUserRanFrom() {
    assertThat(TerraformArgs.of("plan", List.of("-destroy", "-out=my.tfplan", "-var-file", "vars/prod.tfvars",
        "-state=/abs/terraform.tfstate", "-target=aws_ecs_service.Services_web", "-compact-warnings"), ELSEWHERE))
        .containsExactly("-destroy", "-out=/work/elsewhere/my.tfplan", "-var-file", "/work/elsewhere/vars/prod.tfvars",
            "-state=/abs/terraform.tfstate", "-target=aws_ecs_service.Services_web", "-compact-warnings");
  }

  @Test
  void fromTheProjectDirectoryPathsStayAsTyped() {
    RunContext here = RunContext.of(null, Map.of(RunContext.CALLER_DIR_VARIABLE,
        Path.of("").toAbsolutePath().toString()), System.out, System.err);

    assertThat(TerraformArgs.of("plan", List.of("-out=my.tfplan"), here)).containsExactly("-out=my.tfplan");
  }

  @Test
  void outputsOptionsAndNamesPassThroughUnchanged() {
    assertThat(TerraformArgs.of("output", List.of("-raw", "cluster_name"), ELSEWHERE))
        .containsExactly("-raw", "cluster_name");
    assertThat(TerraformArgs.of("output", List.of("-json"), ELSEWHERE)).containsExactly("-json");
  }

  @Test
  void theValueOfAnOptionIsFoundInEitherSpelling() {
    assertThat(TerraformArgs.value(List.of("-destroy", "-out=/a/p.tfplan"), "-out")).contains("/a/p.tfplan");
    assertThat(TerraformArgs.value(List.of("-out", "/a/p.tfplan"), "-out")).contains("/a/p.tfplan");
    assertThat(TerraformArgs.value(List.of("-outx=1"), "-out")).isEmpty();
  }

  @Test
  void failsOnAnArgumentWithTwoDashes() {
    assertThatThrownBy(() -> TerraformArgs.of("output", List.of("--json"), ELSEWHERE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("output: '--json' is not an option of ./main output, and Terraform's own options take one dash"
            + " (e.g. -destroy); see ./main output --help");
  }
}
