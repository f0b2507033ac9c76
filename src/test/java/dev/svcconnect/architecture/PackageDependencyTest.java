package dev.svcconnect.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.svcconnect.tiers.UnitTier;
import org.junit.jupiter.api.Test;

/**
 * What reads synthesized stacks reads JSON only: the policy suite, the reachability report, the plan review and
 * the stack reader itself reach nothing of cdktf, constructs or jsii, not even through another class of ours. So
 * they check what Terraform will apply, and run without a jsii kernel.
 */
@UnitTier
class PackageDependencyTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.svcconnect");

  @Test
  void jsonReadersReachNothingOfCdktf() {
    noClasses().that().resideInAnyPackage("dev.svcconnect.policy..", "dev.svcconnect.report..",
            "dev.svcconnect.plan..", "dev.svcconnect.tfjson..")
        .should().transitivelyDependOnClassesThat()
        .resideInAnyPackage("com.hashicorp..", "software.constructs..", "software.amazon.jsii..")
        .check(MAIN);
  }
}
