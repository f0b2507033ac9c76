package dev.svcconnect.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Every test class belongs to exactly one tier (an annotation of {@code dev.svcconnect.tiers}), so that
 * {@code -Dgroups=<tier>} runs each test in exactly one of the tier runs that docs/testing.md lists.
 */
@UnitTier
class TestTierTest {
  private static final JavaClasses TESTS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
      .importPackages("dev.svcconnect");

  /** The tier annotations: the annotations of the tiers package that carry a JUnit tag. */
  private static List<JavaClass> tiers() {
    return TESTS.stream()
        .filter(c -> c.getPackageName().equals(UnitTier.class.getPackageName()))
        .filter(c -> c.isAnnotation() && c.isAnnotatedWith(Tag.class))
        .toList();
  }

  @Test
  void docsTestingGivesEveryTiersCommand() throws IOException {
    String docs = Files.readString(Path.of("docs/testing.md"));
    assertThat(tiers()).isNotEmpty().allSatisfy(t -> assertThat(docs)
        .contains("./mvnw -B verify -Dgroups=" + t.getAnnotationOfType(Tag.class).value() + "`"));
  }

  @Test
  void everyTestClassHasExactlyOneTier() {
    List<JavaClass> tiers = tiers();
    List<JavaClass> testClasses = TESTS.stream()
        .filter(c -> Arrays.stream(c.reflect().getDeclaredMethods())
            .anyMatch(m -> AnnotationSupport.isAnnotated(m, Testable.class)))
        .toList();
    assertThat(testClasses).as("test classes found").hasSizeGreaterThan(40);
    assertThat(testClasses).allSatisfy(c -> assertThat(tiers.stream().filter(t -> c.isAnnotatedWith(t.getName())))
        .as("tier annotations on %s", c.getName()).hasSize(1));
  }
}
