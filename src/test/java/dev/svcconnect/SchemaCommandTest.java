package dev.svcconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./main schema} prints the environment file's JSON Schema, exactly as the repository holds it. */
@UnitTier
class SchemaCommandTest {
  @Test
  void printsTheSchemaFile() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int rc = Main.run(new String[] {"schema"}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(rc).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(Files.readString(Path.of("schema/environment.schema.json"), StandardCharsets.UTF_8));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
