package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.local;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.quoted;
import static dev.svcconnect.config.ConfigYaml.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.config.EnvironmentConfig.PortMapping;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rules of the task section: Fargate sizes, names, image and port mappings (named ones can be published through
 * Service Connect; unnamed ones are plain TCP). A service's own {@code task:} obeys the same rules
 * ({@link ServiceRulesTest}).
 */
@UnitTier
class TaskRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  private static final String ECS_RULE = "may only contain letters, digits, hyphens and underscores";
  private static final String SC_NAME_RULE = "may only contain lowercase letters, digits, '_' and '-', and must not"
      + " start with '-'";

  /** A task whose first port mapping is the one the default services use, followed by {@code more} mappings. */
  private static String ports(String more) {
    return minimal("task:\n  portMappings:\n    - {name: nginx, containerPort: 80}\n" + more);
  }

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(
        fails("failsOnFamilyWithColon", local("family: nginx", "family: 'nginx:1'"),
            X + "task.family: 'nginx:1' " + ECS_RULE),
        fails("failsOnFamilyOf256Characters", local("family: nginx", "family: " + repeat('f', 256)),
            X + "task.family: " + quoted(repeat('f', 256)) + " is 256 characters long; at most 255"),
        fails("failsOnCpuThatIsNotAFargateSize", local("cpu: 256", "cpu: 300"),
            X + "task.cpu: 300 is not a Fargate CPU size; expected one of [256, 512, 1024, 2048, 4096, 8192, 16384]"),
        fails("failsOnCpuOfOneVcpuWrittenAsVcpus", local("cpu: 256", "cpu: 1"),
            X + "task.cpu: 1 is not a Fargate CPU size; expected one of [256, 512, 1024, 2048, 4096, 8192, 16384]"),
        fails("failsOnMemoryTooLargeForCpu", local("memoryMiB: 512", "memoryMiB: 4096"),
            X + "task.memoryMiB: 4096 MiB is not valid with cpu 256; Fargate accepts 512, 1024 or 2048 MiB"),
        fails("failsOnMemoryBetweenTheSizesOfCpu256", local("memoryMiB: 512", "memoryMiB: 1536"),
            X + "task.memoryMiB: 1536 MiB is not valid with cpu 256; Fargate accepts 512, 1024 or 2048 MiB"),
        fails("failsOnMemoryTooSmallForCpu", minimal("task: {cpu: 1024, memoryMiB: 1024}\n"),
            X + "task.memoryMiB: 1024 MiB is not valid with cpu 1024; Fargate accepts 2048-8192 MiB in steps of 1024"),
        fails("failsOnMemoryAboveTheMaximumForCpu", minimal("task: {cpu: 4096, memoryMiB: 31744}\n"),
            X + "task.memoryMiB: 31744 MiB is not valid with cpu 4096; Fargate accepts 8192-30720 MiB in steps of"
                + " 1024"),
        fails("failsOnMemoryOffTheStepForCpu", minimal("task: {cpu: 8192, memoryMiB: 20000}\n"),
            X + "task.memoryMiB: 20000 MiB is not valid with cpu 8192; Fargate accepts 16384-61440 MiB in steps of"
                + " 4096"),
        fails("failsOnCpuArchitectureInLowercase", local("cpuArchitecture: X86_64", "cpuArchitecture: arm64"),
            X + "task.cpuArchitecture: 'arm64' is not a Fargate CPU architecture; expected X86_64 or ARM64"),
        fails("failsOnCpuArchitectureAmd64", local("cpuArchitecture: X86_64", "cpuArchitecture: AMD64"),
            X + "task.cpuArchitecture: 'AMD64' is not a Fargate CPU architecture; expected X86_64 or ARM64"),
        fails("failsOnContainerNameWithSpace", local("containerName: nginx", "containerName: nginx proxy"),
            X + "task.containerName: 'nginx proxy' " + ECS_RULE),
        fails("failsOnImageWithSpace", local("image: nginx", "image: nginx latest"),
            X + "task.image: 'nginx latest' "
                + "is not an image reference: [registry[:port]/]repository[:tag][@sha256:<64 lowercase hex digits>], the repository in lowercase letters, digits and . _ - separators"),
        fails("failsOnImageWithTab", local("image: nginx", "image: \"nginx\\t:1\""),
            X + "task.image: 'nginx\\t:1' "
                + "is not an image reference: [registry[:port]/]repository[:tag][@sha256:<64 lowercase hex digits>], the repository in lowercase letters, digits and . _ - separators"),
        fails("failsOnEmptyImage", local("image: nginx", "image: ''"),
            X + "task.image: must not be empty"),
        // a null (written but empty) field is an error, never "take the default" (issue 20, item 7)
        fails("failsOnNullPortMappings", minimal("task: {portMappings: ~}\n"),
            X + "task.portMappings: is empty (YAML null); write a value, or leave the field out"),
        fails("failsOnEmptyPortMappings", minimal("task: {portMappings: []}\n"),
            X + "task.portMappings: needs at least one entry"),
        fails("failsOnAppProtocolWithoutName", ports("    - {containerPort: 8080, appProtocol: http}\n"),
            X + "task.portMappings[1].appProtocol: needs a name: ECS only accepts an application protocol on a named"
                + " port mapping"),
        fails("failsOnTcpAppProtocolWithoutName", ports("    - {containerPort: 8080, appProtocol: tcp}\n"),
            X + "task.portMappings[1].appProtocol: needs a name: ECS only accepts an application protocol on a named"
                + " port mapping"),
        fails("failsOnDuplicateContainerPortOfUnnamedMapping", ports("    - {containerPort: 80}\n"),
            X + "task.portMappings[1].containerPort: 80 is mapped twice in the task definition"),
        fails("failsOnDuplicatePortMappingNames", ports("    - {name: nginx, containerPort: 8080}\n"),
            X + "task.portMappings[1].name: port mapping name 'nginx' is used twice in the task definition"),
        fails("failsOnDuplicateContainerPorts", ports("    - {name: admin, containerPort: 80}\n"),
            X + "task.portMappings[1].containerPort: 80 is mapped twice in the task definition"),
        fails("failsOnDuplicateContainerPortByDefault", ports("    - {name: admin}\n"),
            X + "task.portMappings[1].containerPort: 80 is mapped twice in the task definition"),
        fails("failsOnContainerPortOutOfRange", local("containerPort: 80", "containerPort: 70000"),
            X + "task.portMappings[0].containerPort: 70000 is out of range (1-65535)"),
        fails("failsOnContainerPortZero", local("containerPort: 80", "containerPort: 0"),
            X + "task.portMappings[0].containerPort: 0 is out of range (1-65535)"),
        fails("failsOnInvalidAppProtocol", local("appProtocol: http", "appProtocol: https"),
            X + "task.portMappings[0].appProtocol: 'https' is not an application protocol; expected one of [http,"
                + " http2, grpc, tcp]"),
        fails("failsOnPortNameOf65Characters", ports("    - {name: " + repeat('p', 65) + ", containerPort: 8080}\n"),
            X + "task.portMappings[1].name: '" + repeat('p', 65) + "' is 65 characters long; at most 64"),
        fails("failsOnPortNameWithUppercase", ports("    - {name: Admin, containerPort: 8080}\n"),
            X + "task.portMappings[1].name: 'Admin' " + SC_NAME_RULE),
        fails("failsOnPortNameWithLeadingHyphen", ports("    - {name: -admin, containerPort: 8080}\n"),
            X + "task.portMappings[1].name: '-admin' " + SC_NAME_RULE),
        fails("failsOnPortNameWithDot", ports("    - {name: admin.http, containerPort: 8080}\n"),
            X + "task.portMappings[1].name: 'admin.http' " + SC_NAME_RULE),
        fails("failsOnDefaultServicesWithoutTheirPortMapping",
            minimal("task: {portMappings: [{name: web, containerPort: 8080}]}\n"),
            X + "services: Port Mapping 'nginx' does not exist on the task definition. The default services use it;"
                + " list the services explicitly."));
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("familyWithUnderscoreAndUppercase", local("family: nginx", "family: Web_App-2"),
            c -> c.task().family(), "Web_App-2"),
        accepts("arm64", local("cpuArchitecture: X86_64", "cpuArchitecture: ARM64"),
            c -> c.task().cpuArchitecture(), "ARM64"),
        accepts("containerNameOf255Characters", local("containerName: nginx", "containerName: " + repeat('n', 255)),
            c -> c.task().containerName(), repeat('n', 255)),
        accepts("privateRegistryImageWithDigest",
            local("image: nginx", "image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.2@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
            c -> c.task().image(), "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.2@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        accepts("severalPortMappings",
            ports("    - {name: admin_api, containerPort: 9090, appProtocol: grpc}\n"
                + "    - {name: " + repeat('p', 64) + ", containerPort: 65535, appProtocol: http2}\n"
                + "    - {name: _metrics, containerPort: 1}\n"),
            c -> c.task().portMappings(),
            List.of(PortMapping.named("nginx", 80, "http"), PortMapping.named("admin_api", 9090, "grpc"),
                PortMapping.named(repeat('p', 64), 65535, "http2"), PortMapping.named("_metrics", 1, "http"))),
        accepts("unnamedPortMappingSpeaksTcp", ports("    - {containerPort: 8080}\n"),
            c -> c.task().portMappings().get(1), new PortMapping(Optional.empty(), 8080, "tcp")),
        accepts("namedPortMappingSpeaksHttpByDefault", ports("    - {name: admin, containerPort: 8080}\n"),
            c -> c.task().portMapping("admin").orElseThrow().appProtocol(), "http"),
        accepts("onlyUnnamedPortMappingsWithServices",
            minimal("task: {portMappings: [{containerPort: 6379}]}\nservices: [{name: cache}]\n"),
            c -> c.task().portMappings(), List.of(new PortMapping(Optional.empty(), 6379, "tcp"))),
        accepts("tcpPortMapping", ports("    - {name: redis, containerPort: 6379, appProtocol: tcp}\n"),
            c -> c.task().portMapping("redis").orElseThrow().appProtocol(), "tcp"),
        accepts("defaultPortMapping", minimal("task: {image: httpd}\n"),
            c -> c.task().portMappings(), List.of(PortMapping.named("nginx", 80, "http"))));
  }

  @ParameterizedTest(name = "accepts cpu {0} with {1} MiB")
  @CsvSource({"256, 512", "256, 1024", "256, 2048", "512, 1024", "512, 4096", "1024, 2048", "1024, 8192",
      "2048, 4096", "2048, 16384", "4096, 8192", "4096, 30720", "8192, 16384", "8192, 61440", "16384, 32768",
      "16384, 122880"})
  void acceptsFargateSize(int cpu, int memoryMiB) {
    EnvironmentConfig config = ConfigYaml.parse(minimal("task: {cpu: " + cpu + ", memoryMiB: " + memoryMiB + "}\n"));

    assertThat(config.task().cpu()).isEqualTo(cpu);
    assertThat(config.task().memoryMiB()).isEqualTo(memoryMiB);
  }
}
