package dev.svcconnect.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.Main;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The facts the bash launcher ({@code main}) shares with the Java code and the build: each lives once, and where
 * bash needs a copy, this test keeps the copy equal to its source.
 */
@UnitTier
class LauncherFilesTest {
  static final Path SYNTHESIZING_COMMANDS = Path.of("launcher/synthesizing-commands");
  static final Path TESTED_JSII_VERSIONS = Path.of("launcher/jsii-direct-kernel.tested");
  private static final String UPDATE_PROPERTY = "launcher.update";

  /** The lines of a launcher list file, without its # comments. */
  static List<String> entries(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(l -> !l.startsWith("#")).toList();
    }
  }

  private static Document pom() throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
  }

  private static String pomProperty(Document pom, String name) {
    Element properties = (Element) pom.getDocumentElement().getElementsByTagName("properties").item(0);
    return properties.getElementsByTagName(name).item(0).getTextContent().trim();
  }

  @Test
  void theLaunchersSynthesizingCommandsAreMainsMarkedOnes() throws IOException {
    List<String> marked = Main.synthesizingCommands();
    assertThat(marked).as("@Synthesizes marks at least synth").contains("synth");
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      List<String> header = new ArrayList<>();
      try (Stream<String> lines = Files.lines(SYNTHESIZING_COMMANDS)) {
        lines.filter(l -> l.startsWith("#")).forEach(header::add);
      }
      header.addAll(marked);
      Files.write(SYNTHESIZING_COMMANDS, header);
    }
    assertThat(entries(SYNTHESIZING_COMMANDS))
        .as("%s is stale; rewrite it with ./mvnw -B test -Dtest=LauncherFilesTest -D%s=true",
            SYNTHESIZING_COMMANDS, UPDATE_PROPERTY)
        .containsExactlyElementsOf(marked);
  }

  @Test
  void theBuildsJsiiRuntimeIsOneTheDirectKernelWasTestedWith() throws Exception {
    assertThat(entries(TESTED_JSII_VERSIONS))
        .as("pom.xml's jsii-runtime.version is not in %s: test the direct kernel with it (LauncherSynthIT,"
            + " JsiiDirectKernelTest), then list it", TESTED_JSII_VERSIONS)
        .contains(pomProperty(pom(), "jsii-runtime.version"));
  }

  @Test
  void mainAndThePomSilenceTheSameNodeBanners() throws Exception {
    String main = Files.readString(Path.of("main"));
    Matcher majors = Pattern.compile("(?m)^node_majors=([0-9,]+)$").matcher(main);
    assertThat(majors.find()).as("main sets node_majors to a literal list").isTrue();
    Map<String, String> launcher = new TreeMap<>();
    Matcher export = Pattern.compile("(?m)^export (JSII_SILENCE_WARNING_[A-Z_]+)=\"\\$\\{\\1:-\\$node_majors}\"$")
        .matcher(main);
    while (export.find()) {
      launcher.put(export.group(1), majors.group(1));
    }
    assertThat(launcher).as("main's JSII_SILENCE_WARNING_* exports").isNotEmpty();

    Document pom = pom();
    String pomMajors = pomProperty(pom, "jsii.silenced-node-majors");
    NodeList plugins = pom.getElementsByTagName("plugin");
    int checked = 0;
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      NodeList env = plugin.getElementsByTagName("environmentVariables");
      if (env.getLength() == 0) {
        continue;
      }
      Map<String, String> tests = new TreeMap<>();
      NodeList vars = ((Element) env.item(0)).getChildNodes();
      for (int j = 0; j < vars.getLength(); j++) {
        if (vars.item(j) instanceof Element var && var.getTagName().startsWith("JSII_SILENCE_WARNING_")) {
          tests.put(var.getTagName(), var.getTextContent().trim().replace("${jsii.silenced-node-majors}", pomMajors));
        }
      }
      String name = plugin.getElementsByTagName("artifactId").item(0).getTextContent();
      assertThat(tests).as("%s's JSII_SILENCE_WARNING_* variables", name).isEqualTo(launcher);
      checked++;
    }
    assertThat(checked).as("surefire and failsafe set them").isEqualTo(2);
  }
}
