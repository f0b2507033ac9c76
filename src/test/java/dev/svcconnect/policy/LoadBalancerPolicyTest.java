package dev.svcconnect.policy;

import static dev.svcconnect.policy.PolicyFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.config.ConfigLoader;
import dev.svcconnect.policy.Finding.Status;
import dev.svcconnect.policy.PolicyFixture.Doc;
import dev.svcconnect.synth.SynthFixture;
import dev.svcconnect.tiers.SynthTier;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The policy suite on load balancers: the three-line fixture (local, HTTP only), the all-options fixture as the local
 * target and as an AWS target; each rule fails, with its message, when one attribute is broken.
 */
@SynthTier
class LoadBalancerPolicyTest {
  private static final Path OPTIONS = Path.of("src/test/resources/topology/alb-options.yaml");
  private static final String WEB = "LoadBalancers/web/";
  private static final String INTERNAL = "LoadBalancers/internal/";
  private static PolicyFixture minimal;
  private static PolicyFixture options;
  private static PolicyFixture optionsOnAws;

  @BeforeAll
  static void synth() {
    minimal = new PolicyFixture(ConfigLoader.load(Path.of("src/test/resources/topology/alb-minimal.yaml")));
    options = new PolicyFixture(ConfigLoader.load(OPTIONS));
    optionsOnAws = new PolicyFixture(SynthFixture.fileWith(OPTIONS, "  kind: local", "  kind: aws"));
  }

  private static Finding finding(PolicyReport report, String ruleId, String pathSuffix) {
    List<Finding> matches = report.findings(ruleId).stream()
        .filter(f -> f.resource().path().endsWith("/" + pathSuffix)).toList();
    assertThat(matches).as("findings of %s on */%s", ruleId, pathSuffix).hasSize(1);
    return matches.get(0);
  }

  private static void assertStatus(PolicyReport report, String ruleId, String pathSuffix, Status status,
      String detail) {
    Finding f = finding(report, ruleId, pathSuffix);
    assertThat(f.status()).as("%s on %s", ruleId, pathSuffix).isEqualTo(status);
    assertThat(f.detail()).isEqualTo(detail);
  }

  private static PolicyReport breakOnAws(Consumer<ObjectNode> edit) {
    return optionsOnAws.evaluate(Doc.SERVICE, edit);
  }

  @Test
  void theThreeLinesPassLocallyWithTheHttpsExceptionAndTheSwitchesOff() {
    PolicyReport r = minimal.evaluate();
    assertThat(r.passes()).isTrue();
    assertStatus(r, "alb-https-listener", WEB + "Resource", Status.OPTED_OUT, "internet-facing and no HTTPS listener;"
        + " local target: " + Rules.byId("alb-https-listener").orElseThrow().localException().orElseThrow());
    assertStatus(r, "alb-drop-invalid-headers", WEB + "Resource", Status.PASS, "");
    assertStatus(r, "alb-deletion-protection", WEB + "Resource", Status.OPTED_OUT, "enable_deletion_protection is not"
        + " true; loadBalancers.<name>.deletionProtection is false: " + CostSwitch.ALB_DELETION_PROTECTION.cost());
    assertStatus(r, "alb-access-logs", WEB + "Resource", Status.OPTED_OUT, "access_logs is not enabled with a bucket;"
        + " loadBalancers.<name>.accessLogs is false: " + CostSwitch.ALB_ACCESS_LOGS.cost());
    assertStatus(r, "sg-no-world-ingress", WEB + "Ingress/Port80/0.0.0.0_0", Status.PASS, "");
  }

  @Test
  void everyOptionOnPassesEveryLoadBalancerRuleOnAws() {
    PolicyReport r = optionsOnAws.evaluate();
    assertThat(r.passes()).isTrue();
    for (String rule : List.of("alb-https-listener", "alb-drop-invalid-headers", "alb-deletion-protection",
        "alb-access-logs")) {
      assertStatus(r, rule, WEB + "Resource", Status.PASS, "");
    }
    assertStatus(r, "alb-tls-policy", WEB + "HttpsListener", Status.PASS, "");
    assertStatus(r, "alb-https-listener", INTERNAL + "Resource", Status.PASS, "");
  }

  @Test
  void failsAnInternetFacingHttpOnlyLoadBalancerOnAws() {
    PolicyReport r = breakOnAws(root -> {
      PolicyFixture.remove(root, "aws_lb_listener", WEB + "HttpsListener");
      resource(root, "aws_lb_listener", WEB + "HttpListener").putArray("default_action").addObject()
          .put("type", "forward").put("target_group_arn", "x");
    });
    assertStatus(r, "alb-https-listener", WEB + "Resource", Status.FAIL, "internet-facing and no HTTPS listener");
    assertThat(r.passes()).isFalse();
  }

  @Test
  void failsAnHttpListenerThatForwardsBesideHttps() {
    PolicyReport r = breakOnAws(root -> resource(root, "aws_lb_listener", WEB + "HttpListener")
        .putArray("default_action").addObject().put("type", "forward").put("target_group_arn", "x"));
    assertStatus(r, "alb-https-listener", WEB + "Resource", Status.FAIL,
        "HTTP listener on port 80 does not redirect to HTTPS");
  }

  @Test
  void failsAnOldTlsPolicy() {
    PolicyReport r = breakOnAws(root -> resource(root, "aws_lb_listener", WEB + "HttpsListener")
        .put("ssl_policy", "ELBSecurityPolicy-2016-08"));
    assertStatus(r, "alb-tls-policy", WEB + "HttpsListener", Status.FAIL, "ssl_policy is 'ELBSecurityPolicy-2016-08'");
  }

  @Test
  void failsAnHttpsListenerWithoutPolicy() {
    PolicyReport r = breakOnAws(root -> resource(root, "aws_lb_listener", WEB + "HttpsListener").remove("ssl_policy"));
    assertStatus(r, "alb-tls-policy", WEB + "HttpsListener", Status.FAIL,
        "ssl_policy is not set (AWS's default is ELBSecurityPolicy-2016-08)");
  }

  @Test
  void failsALoadBalancerThatForwardsInvalidHeaders() {
    PolicyReport r = breakOnAws(root -> resource(root, "aws_lb", WEB + "Resource")
        .put("drop_invalid_header_fields", false));
    assertStatus(r, "alb-drop-invalid-headers", WEB + "Resource", Status.FAIL, "drop_invalid_header_fields is not true");
  }

  @Test
  void switchesOffReportOptedOutNotPassed() {
    PolicyReport r = options.evaluate();
    assertThat(finding(r, "alb-deletion-protection", INTERNAL + "Resource").status()).isEqualTo(Status.OPTED_OUT);
    assertThat(finding(r, "alb-access-logs", INTERNAL + "Resource").status()).isEqualTo(Status.OPTED_OUT);
    PolicyReport broken = options.evaluate(Doc.SERVICE, root -> resource(root, "aws_lb", WEB + "Resource")
        .remove("access_logs"));
    assertThat(finding(broken, "alb-access-logs", WEB + "Resource").status()).isEqualTo(Status.OPTED_OUT);
  }

  @Test
  void failsAWorldOpenPortThatNoListenerUses() {
    PolicyReport r = minimal.evaluate(Doc.SERVICE, root -> resource(root, "aws_vpc_security_group_ingress_rule",
        WEB + "Ingress/Port80/0.0.0.0_0").put("from_port", 22).put("to_port", 22));
    assertStatus(r, "sg-no-world-ingress", WEB + "Ingress/Port80/0.0.0.0_0", Status.FAIL,
        "ingress from anywhere on ports 22-22");
  }

  @Test
  void failsTheWorldOnAnInternalLoadBalancer() {
    PolicyReport r = options.evaluate(Doc.SERVICE, root -> resource(root, "aws_vpc_security_group_ingress_rule",
        INTERNAL + "Ingress/Port8080/10.0.0.0_16").put("cidr_ipv4", "0.0.0.0/0"));
    assertStatus(r, "sg-no-world-ingress", INTERNAL + "Ingress/Port8080/10.0.0.0_16", Status.FAIL,
        "ingress from anywhere on ports 8080-8080");
  }
}
