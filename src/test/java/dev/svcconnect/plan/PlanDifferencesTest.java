package dev.svcconnect.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcconnect.target.EmulatorGap;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a plan's differences, and the emulator-gap block ./main plan prints after a local plan. */
@UnitTier
class PlanDifferencesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode plan(String resourceChanges) {
    try {
      return JSON.readTree("{\"resource_changes\": [" + resourceChanges + "]}");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final String POLICY_UPDATE = """
      {"address": "aws_s3_bucket_policy.p", "type": "aws_s3_bucket_policy", "change": {"actions": ["update"],
        "before": {"policy": "a", "bucket": "b"}, "after": {"policy": "c", "bucket": "b"}, "after_unknown": {}}}""";
  private static final String RULE_REPLACE = """
      {"address": "aws_instance.i", "type": "aws_instance", "change": {"actions": ["delete", "create"],
        "before": {}, "after": {}, "after_unknown": {}, "replace_paths": [["associate_public_ip_address"]]}}""";
  private static final String NO_OP = """
      {"address": "aws_vpc.v", "type": "aws_vpc", "change": {"actions": ["no-op"], "before": {}, "after": {}}}""";

  @Test
  void readsChangedAttributesAndTheCausesOfReplacements() throws Exception {
    assertThat(PlanDifferences.of(plan(String.join(",", POLICY_UPDATE, RULE_REPLACE, NO_OP)))).containsExactly(
        new PlanDifferences.Difference("aws_s3_bucket_policy.p", "aws_s3_bucket_policy", "policy", List.of("update")),
        new PlanDifferences.Difference("aws_instance.i", "aws_instance", "associate_public_ip_address",
            List.of("delete", "create")));
  }

  @Test
  void reportsNothingForAPlanWithoutChanges() throws Exception {
    assertThat(PlanDifferences.gapReport(List.of(EmulatorGap.STATE_BUCKET_TLS_POLICY), () -> plan(NO_OP))).isEmpty();
  }

  @Test
  void saysWhenNoChangeIsAListedGap() throws Exception {
    JsonNode changes = plan(String.join(",", POLICY_UPDATE, RULE_REPLACE));
    assertThat(PlanDifferences.gapReport(List.of(EmulatorGap.NO_CONTAINERS_RUN), () -> changes))
        .containsExactly("Emulator gaps (docs/emulator.md): none of the 2 planned changes is a listed emulator gap;"
            + " each is a real difference between the configuration and what is deployed.");
  }

  @Test
  void namesTheChangesAListedGapExplains() throws Exception {
    List<PlanDifferences.Difference> differences = PlanDifferences.of(plan(String.join(",", POLICY_UPDATE,
        RULE_REPLACE)));
    assertThat(PlanDifferences.gapReport(differences, List.of(EmulatorGap.STATE_BUCKET_TLS_POLICY))).containsExactly(
        "Emulator gaps (docs/emulator.md): 1 of the 2 planned changes are listed emulator gaps, not real changes:",
        "  aws_s3_bucket_policy.p: policy (STATE_BUCKET_TLS_POLICY)");
  }

  /** With no gap listed that shows in a plan, the plan is not read: that would be another terraform show -json. */
  @Test
  void readsNoPlanWhileNoGapCouldExplainAChange() {
    assertThat(PlanDifferences.gapReport(List.of(), () -> {
      throw new AssertionError("the plan was read");
    })).containsExactly("Emulator gaps (docs/emulator.md): none is listed that shows in a plan; each planned change"
        + " is a real difference between the configuration and what is deployed.");
  }
}
