package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Without a console (CI, a pipe, a file), every terraform subcommand ./main runs gets {@code -no-color}, so that its
 * output carries no escape codes: a stand-in terraform on PATH logs the arguments it was given.
 */
@UnitTier
class TerraformColorTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"plan -input=false, plan -no-color -input=false",
      "force-unlock -force 0f1e, force-unlock -no-color -force 0f1e",
      "output -json, output -no-color -json"})
  void addsNoColorAfterTheSubcommand(String given, String run) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("terraform.log");
    Path tf = bin.resolve("terraform");
    Files.writeString(tf, "#!/bin/sh\necho \"$*\" >> '" + log + "'\n");
    Files.setPosixFilePermissions(tf, PosixFilePermissions.fromString("rwxr-xr-x"));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Terraform terraform = Terraform.create(Map.of("PATH", bin + ":/usr/bin:/bin"), Map.of(), dir, quiet, quiet);

    terraform.run(dir, given.split(" "));

    assertThat(Files.readAllLines(log)).containsExactly(run);
  }
}
