package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.local;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static dev.svcconnect.config.ConfigYaml.quoted;
import static dev.svcconnect.config.ConfigYaml.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ValueSource;

/** Rules of the bastion section and of the tags. */
@UnitTier
class BastionAndTagRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  private static final String AMI_RULE = "must be an SSM parameter path starting with '/', of letters, digits and"
      + " _ . - /, optionally followed by :version or :label";
  private static final String ARM64_AMI = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
  private static final String X86_AMI = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

  private static String bastion(String instanceType, String ami) {
    return minimal("bastion: {instanceType: " + instanceType + ", amiParameter: " + ami + "}\n");
  }

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(
        fails("failsOnInstanceTypeWithoutSize", local("instanceType: t4g.medium", "instanceType: t4g"),
            X + "bastion.instanceType: 't4g' is not an EC2 instance type (family.size, e.g. t4g.medium)"),
        fails("failsOnInstanceTypeInUppercase", local("instanceType: t4g.medium", "instanceType: T4G.medium"),
            X + "bastion.instanceType: 'T4G.medium' is not an EC2 instance type (family.size, e.g. t4g.medium)"),
        fails("failsOnInstanceTypeWithTwoDots", local("instanceType: t4g.medium", "instanceType: t4g.medium.x"),
            X + "bastion.instanceType: 't4g.medium.x' is not an EC2 instance type (family.size, e.g. t4g.medium)"),
        fails("failsOnIntelTypeWithArm64Ami", local("instanceType: t4g.medium", "instanceType: t3.medium"),
            X + "bastion.instanceType: 't3.medium' cannot boot the arm64 AMI of amiParameter; use a Graviton type"
                + " such as t4g.medium"),
        fails("failsOnGpuTypeWithArm64Ami", bastion("g4dn.xlarge", ARM64_AMI),
            X + "bastion.instanceType: 'g4dn.xlarge' cannot boot the arm64 AMI of amiParameter; use a Graviton type"
                + " such as t4g.medium"),
        fails("failsOnGravitonTypeWithX86Ami", bastion("t4g.micro", X86_AMI),
            X + "bastion.instanceType: 't4g.micro' is a Graviton (arm64) type and cannot boot the x86_64 AMI of"
                + " amiParameter"),
        fails("failsOnGravitonNetworkTypeWithX86Ami", bastion("c6gn.large", X86_AMI),
            X + "bastion.instanceType: 'c6gn.large' is a Graviton (arm64) type and cannot boot the x86_64 AMI of"
                + " amiParameter"),
        fails("failsOnFirstGenerationGravitonWithX86Ami", bastion("a1.medium", X86_AMI),
            X + "bastion.instanceType: 'a1.medium' is a Graviton (arm64) type and cannot boot the x86_64 AMI of"
                + " amiParameter"),
        fails("failsOnAmiParameterWithoutLeadingSlash", bastion("t4g.medium", "ami-0123456789abcdef0"),
            X + "bastion.amiParameter: 'ami-0123456789abcdef0' " + AMI_RULE),
        fails("failsOnAmiParameterWithSpace", bastion("t3.medium", "'/aws/service/my ami/x86_64'"),
            X + "bastion.amiParameter: '/aws/service/my ami/x86_64' " + AMI_RULE),
        // SSM's characters: a template sequence is refused here, not escaped (docs/configuration.md)
        fails("failsOnAmiParameterWithATemplate", bastion("t3.medium", "'/x/${file(\"/etc/hostname\")}'"),
            X + "bastion.amiParameter: '/x/${file(\"/etc/hostname\")}' " + AMI_RULE),
        fails("failsOnAmiParameterOf2049Characters", bastion("t3.medium", "/" + repeat('a', 2048)),
            X + "bastion.amiParameter: " + quoted("/" + repeat('a', 2048)) + " is 2049 characters long; at most 2048"),
        fails("failsOnRootVolumeBelow8GiB", local("rootVolumeGiB: 8", "rootVolumeGiB: 7"),
            X + "bastion.rootVolumeGiB: 7 is out of range (8-16384)"),
        fails("failsOnRootVolumeAbove16TiB", local("rootVolumeGiB: 8", "rootVolumeGiB: 16385"),
            X + "bastion.rootVolumeGiB: 16385 is out of range (8-16384)"),
        fails("failsOnBlankBastionName", local("name: bastion-host", "name: ' '"),
            X + "bastion.name: ' ' must not be blank"),
        fails("failsOnBastionNameOf256Characters", local("name: bastion-host", "name: " + repeat('b', 256)),
            X + "bastion.name: " + quoted(repeat('b', 256)) + " is 256 characters long; at most 255"),

        fails("failsOnTagKeyWithAwsPrefix", local("Project: ecs-service-connect-sample",
                "Project: ecs-service-connect-sample\n  aws:owner: me"),
            X + "tags.aws:owner: key 'aws:owner' must not start with 'aws:', which AWS reserves"),
        fails("failsOnTagKeyWithAwsPrefixInUppercase", minimal("tags: {'AWS:CostCenter': '42'}\n"),
            X + "tags.AWS:CostCenter: key 'AWS:CostCenter' must not start with 'aws:', which AWS reserves"),
        fails("failsOnTagKeyOf128Characters", minimal("tags: {" + repeat('k', 128) + ": v}\n"),
            X + "tags." + repeat('k', 128) + ": key '" + repeat('k', 128) + "' is 128 characters long; at most 127"),
        fails("failsOnEmptyTagKey", minimal("tags: {'': v}\n"),
            X + "tags.: key must not be empty"),
        fails("failsOnTagValueOf257Characters", minimal("tags: {Owner: " + repeat('v', 257) + "}\n"),
            X + "tags.Owner: " + quoted(repeat('v', 257)) + " is 257 characters long; at most 256"),
        fails("failsOnNumericTagValue", local("Project: ecs-service-connect-sample", "CostCenter: 42"),
            X + "tags.CostCenter: expected a string, got number 42"),
        fails("failsOnBooleanTagValue", minimal("tags: {Critical: true}\n"),
            X + "tags.Critical: expected a string, got boolean true"),
        fails("failsOnEmptyTagValueWithoutQuotes", minimal("tags: {Owner: }\n"),
            X + "tags.Owner: is empty (YAML null); write a value, or leave the field out"),
        fails("failsOnTagsAsList", minimal("tags: [Project]\n"),
            X + "tags: expected a mapping of strings, got a list"));
  }

  @ParameterizedTest(name = "accepts {0} with the arm64 AMI")
  @ValueSource(strings = {"t4g.nano", "t4g.medium", "m7g.large", "c6gn.xlarge", "r6gd.metal", "x2gd.medium",
      "im4gn.large", "is4gen.medium", "g5g.xlarge", "hpc7g.4xlarge", "c7gd.medium", "a1.medium"})
  void acceptsGravitonTypeWithArm64Ami(String type) {
    assertThat(ConfigYaml.parse(bastion(type, ARM64_AMI)).bastion().instanceType()).isEqualTo(type);
  }

  @ParameterizedTest(name = "accepts {0} with the x86_64 AMI")
  @ValueSource(strings = {"t3.micro", "t3a.medium", "m5.large", "c7i.xlarge", "g4dn.xlarge", "m7i-flex.large",
      "u-6tb1.metal", "inf2.xlarge"})
  void acceptsIntelOrAmdTypeWithX86Ami(String type) {
    assertThat(ConfigYaml.parse(bastion(type, X86_AMI)).bastion().instanceType()).isEqualTo(type);
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("disabledBastion", minimal("bastion: {enabled: false}\n"), c -> c.bastion().enabled(), false),
        accepts("anyTypeWithAnAmiOfUnknownArchitecture", bastion("t3.micro", "/my/golden/ami"),
            c -> c.bastion().amiParameter(), "/my/golden/ami"),
        accepts("rootVolumeOf16TiB", minimal("bastion: {rootVolumeGiB: 16384}\n"),
            c -> c.bastion().rootVolumeGiB(), 16384),
        accepts("bastionNameWithSpaces", minimal("bastion: {name: jump host}\n"), c -> c.bastion().name(), "jump host"),
        // 255 as a Name tag, but also in the security group's description, which EC2 caps at 255 (AwsLimitsTest)
        accepts("bastionNameOf198Characters", minimal("bastion: {name: " + repeat('b', 198) + "}\n"),
            c -> c.bastion().name(), repeat('b', 198)),
        accepts("bastionNameOf255CharactersWhenDisabled", minimal("bastion: {enabled: false, name: "
            + repeat('b', 255) + "}\n"), c -> c.bastion().name(), repeat('b', 255)),
        accepts("tagsAtTheirLimits", minimal("tags: {" + repeat('k', 127) + ": " + repeat('v', 256) + ", Empty: ''}\n"),
            c -> c.tags(), Map.of(repeat('k', 127), repeat('v', 256), "Empty", "")),
        accepts("tagKeyThatOnlyContainsAws", minimal("tags: {'team:aws': x, awsome: y}\n"),
            c -> c.tags(), Map.of("team:aws", "x", "awsome", "y")),
        accepts("noTags", ConfigYaml.MINIMAL, c -> c.tags(), Map.of()));
  }
}
