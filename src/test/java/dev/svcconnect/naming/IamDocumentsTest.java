package dev.svcconnect.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.naming.IamDocuments.Condition;
import dev.svcconnect.naming.IamDocuments.Principal;
import dev.svcconnect.naming.IamDocuments.Statement;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the typed policy documents render: the JSON text IAM reads, member order and one-or-many values. */
@UnitTier
class IamDocumentsTest {
  @Test
  void oneActionAndOneResourceAreStrings() {
    assertThat(IamDocuments.policy(Statement.allow("kms:Decrypt", "arn:aws:kms:eu-west-1:1:key/k")))
        .isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\","
            + "\"Resource\":\"arn:aws:kms:eu-west-1:1:key/k\"}]}");
  }

  @Test
  void severalActionsOrResourcesAreArraysInTheOrderGiven() {
    assertThat(IamDocuments.policy(Statement.allow(List.of("b:B", "a:A"), List.of("r2", "r1"))))
        .isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"b:B\",\"a:A\"],"
            + "\"Resource\":[\"r2\",\"r1\"]}]}");
  }

  @Test
  void resourcePolicyMembersFollowIamsGrammarOrder() {
    Statement s = Statement.deny(List.of("s3:*"), List.of("arn:aws:s3:::b"))
        .withCondition(new Condition("Bool", "aws:SecureTransport", "false"))
        .withPrincipal(Principal.anyone())
        .withSid("DenyInsecureTransport");

    assertThat(IamDocuments.policy(s)).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":"
        + "\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":"
        + "\"arn:aws:s3:::b\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}");
  }

  @Test
  void servicePrincipalAndAccountPrincipalAreTypedObjects() {
    assertThat(IamDocuments.policy(Statement.allow("kms:*", "*").withPrincipal(Principal.aws("arn:aws:iam::1:root")),
        Statement.allow("kms:Encrypt*", "*").withPrincipal(Principal.service("logs.eu-west-1.amazonaws.com"))))
        .contains("\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"}")
        .contains("\"Principal\":{\"Service\":\"logs.eu-west-1.amazonaws.com\"}");
  }

  @Test
  void trustPolicyLetsTheServiceAssumeTheRole() {
    assertThat(IamDocuments.trust("ecs-tasks.amazonaws.com")).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":"
        + "[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Principal\":{\"Service\":"
        + "\"ecs-tasks.amazonaws.com\"}}]}");
  }

  @Test
  void writingToALogGroupIsScopedToThatGroupAndItsStreams() {
    assertThat(IamDocuments.policy(IamDocuments.writeToLogGroup("arn:g"))).isEqualTo("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:DescribeLogStreams\","
        + "\"logs:PutLogEvents\"],\"Resource\":[\"arn:g\",\"arn:g:*\"]},{\"Effect\":\"Allow\",\"Action\":"
        + "\"logs:DescribeLogGroups\",\"Resource\":\"*\"}]}");
  }

  @Test
  void failsOnAStatementWithoutActionOrResource() {
    assertThatThrownBy(() -> Statement.allow(List.of(), List.of("*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a statement needs an action and a resource, got [] on [*]");
    assertThatThrownBy(() -> Statement.allow(List.of("s3:GetObject"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a statement needs an action and a resource, got [s3:GetObject] on []");
  }
}
