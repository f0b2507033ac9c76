package dev.svcconnect.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class that declares {@code @ExtendWith(EmulatorExtension.class)} an emulator of its own: a
 * {@link TestEmulator} (the extension's moto server on a free loopback port, in a fresh temporary directory) is
 * started the first time a {@code @BeforeAll}, {@code @Test} or {@code @AfterAll} method of the class asks for one as
 * a parameter, and stopped, with its SDK clients, after the class. Classes never share one: each IT deploys and
 * destroys its own stacks, and a shared emulator would couple their resource names and timings.
 */
final class EmulatorExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmulatorExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestEmulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
    String prefix = "svcconnect-" + classContext.getRequiredTestClass().getSimpleName();
    // Closed by JUnit when the class's store is closed: TestEmulator is AutoCloseable.
    return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(TestEmulator.class, type -> {
      try {
        return TestEmulator.start(Files.createTempDirectory(prefix));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the emulator's working directory", e);
      }
    }, TestEmulator.class);
  }
}
