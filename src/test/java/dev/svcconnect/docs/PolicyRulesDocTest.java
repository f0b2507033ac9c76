package dev.svcconnect.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.Main;
import dev.svcconnect.tiers.SynthTier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules table of docs/security.md is generated from {@code ./main check --format json} on the defaults. */
@SynthTier
class PolicyRulesDocTest {
  /** Only the required fields: every other value is the schema's default. */
  private static final Path DEFAULTS = Path.of("src/test/resources/config/minimal.yaml");

  @Test
  void securityDocListsEveryRuleAsCheckReportsIt(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(new String[] {"check", "--format", "json", "--config", DEFAULTS.toString()},
        Map.of("CDKTF_OUTDIR", dir.resolve("cdktf.out").toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));

    new GeneratedBlock(Path.of("docs/security.md"), "policy-rules").check(table(report));
  }

  static String table(JsonNode report) {
    StringBuilder sb = new StringBuilder()
        .append("| Rule | A passing stack has | Resources checked | Why | Fix | Mirrors | Default | Switch |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (JsonNode r : report.path("rules")) {
      List<String> types = new ArrayList<>();
      r.path("resourceTypes").forEach(t -> types.add("`" + t.textValue() + "`"));
      List<String> mirrors = new ArrayList<>();
      r.path("mirrors").forEach(m -> mirrors.add(m.textValue()));
      sb.append("| `").append(r.path("id").textValue()).append("` | ")
          .append(cell(r.path("title").textValue())).append(" | ")
          .append(String.join(", ", types)).append(" | ")
          .append(cell(r.path("reason").textValue())).append(" | ")
          .append(cell(r.path("fix").textValue())).append(" | ")
          .append(String.join(", ", mirrors)).append(" | ")
          .append(r.path("verdict").textValue()).append(" | ")
          .append(r.path("switch").isNull() ? "" : "`" + r.path("switch").textValue() + "`").append(" |\n");
    }
    return sb.toString();
  }

  /** A table cell: pipes would end the cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  @Test
  void aPipeInARuleTextStaysInsideItsCell() {
    assertThat(cell("a | b")).isEqualTo("a \\| b");
  }
}
