package dev.svcconnect.tfjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.tfjson.Interpolations.Foreign;
import dev.svcconnect.tiers.UnitTier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The synth's check that a stack evaluates nothing but its own references. */
@UnitTier
class InterpolationsTest {
  /** A stack with a VPC, a zones data source and {@code description} on a security group. */
  private static StackDocument stack(String description) {
    return new StackDocument("s", json("""
        {"data": {"aws_availability_zones": {"Zones": {"state": "available"}}},
         "resource": {
           "aws_vpc": {"Vpc": {"cidr_block": "10.0.0.0/16"}},
           "aws_subnet": {"Subnet": {"vpc_id": "${aws_vpc.Vpc.id}",
             "availability_zone": "${element(data.aws_availability_zones.Zones.names, 0)}"}},
           "aws_security_group": {"Group": {"vpc_id": "${aws_vpc.Vpc.id}", "description": %s,
             "tags": {"Name": "web"}, "//": {"metadata": {"path": "s/${not scanned}"}}}}}}
        """.formatted(StackDocument.MAPPER.valueToTree(description).toString())));
  }

  private static JsonNode json(String text) {
    try {
      return StackDocument.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void ownReferencesAndEscapedTextPass() {
    assertThat(Interpolations.foreign(stack("Tasks of $${file(\"/etc/hostname\")} %%{ for x in [1] }x%%{ endfor }")))
        .isEmpty();
  }

  @Test
  void textLiteralWroteWithASplitTokenWordPasses() {
    assertThat(Interpolations.foreign(stack(Literal.of("${TfToken[TOKEN.1]}")))).isEmpty();
  }

  @Test
  void anEvaluatedFunctionIsForeign() {
    assertThat(Interpolations.foreign(stack("Tasks of ${file(\"/etc/hostname\")}")))
        .containsExactly(new Foreign("resource.aws_security_group.Group.description", "${file(\"/etc/hostname\")}"));
  }

  @Test
  void aDirectiveIsForeign() {
    assertThat(Interpolations.foreign(stack("%{ for x in [1] }x%{ endfor }"))).extracting(Foreign::sequence)
        .containsExactly("%{ for x in [1] }", "%{ endfor }");
  }

  @Test
  void aReferenceToABlockTheStackDoesNotHaveIsForeign() {
    assertThat(Interpolations.foreign(stack("${aws_vpc.Other.id} ${path.cwd}"))).extracting(Foreign::sequence)
        .containsExactly("${aws_vpc.Other.id}", "${path.cwd}");
  }

  /** An ephemeral block of the stack (service.CreatedSecret's random password) is its own; another one is not. */
  @Test
  void aReferenceToAnEphemeralBlockOfTheStackIsOwn() {
    StackDocument s = new StackDocument("s", json("""
        {"ephemeral": {"aws_secretsmanager_random_password": {"Password": {"password_length": 32}}},
         "resource": {"aws_secretsmanager_secret_version": {"Version": {
           "secret_string_wo": "${ephemeral.aws_secretsmanager_random_password.Password.random_password}",
           "secret_id": "${ephemeral.aws_secretsmanager_random_password.Other.random_password}"}}}}
        """));
    assertThat(Interpolations.foreign(s)).extracting(Foreign::sequence)
        .containsExactly("${ephemeral.aws_secretsmanager_random_password.Other.random_password}");
  }

  @Test
  void anUnterminatedSequenceIsForeign() {
    assertThat(Interpolations.foreign(stack("x ${aws_vpc.Vpc.id"))).extracting(Foreign::sequence)
        .containsExactly("${aws_vpc.Vpc.id");
  }

  @Test
  void tripleDollarIsALiteralDollarThenAnEscape() {
    assertThat(Interpolations.foreign(stack("$$${x}"))).isEmpty();
  }

  @Test
  void propertyNamesOfExpressionObjectsAreTemplatesToo() {
    StackDocument doc = new StackDocument("s", json("""
        {"provider": {"aws": [{"default_tags": [{"tags": {"${file(\\"/etc/hostname\\")}": "v"}}]}]}}
        """));
    assertThat(Interpolations.foreign(doc)).containsExactly(new Foreign(
        "provider.aws[0].default_tags[0].tags.${file(\"/etc/hostname\")} (property name)",
        "${file(\"/etc/hostname\")}"));
  }

  @Test
  void requireOwnNamesTheStackThePlaceAndTheSequence() {
    assertThatThrownBy(() -> Interpolations.requireOwn(List.of(stack("${timestamp()}"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("s resource.aws_security_group.Group.description: ${timestamp()}");
  }
}
