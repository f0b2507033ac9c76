package dev.svcconnect.target;

import java.util.Arrays;
import java.util.List;

/**
 * Every known way the local emulator (moto 5.2) differs from AWS for this stack, each with its reason. This is the
 * one list: the emulator integration test accepts a re-plan difference only if it is listed here, and the README
 * links here. None of them changes what is deployed to real AWS.
 */
public enum EmulatorGap {
  STATE_BUCKET_TLS_POLICY(Kind.LOCAL_DIFFERENCE, "aws_s3_bucket_policy", "policy",
      "moto evaluates bucket-policy Deny statements without their Condition (it only knows StringEquals), so the"
          + " TLS-only policy (Deny s3:* when aws:SecureTransport is false) would deny every request, Terraform's"
          + " own included. The local target therefore synthesizes the state bucket without it; AWS targets get it."),
  STATE_BUCKET_VERSIONING_ON_DESTROY(Kind.LOCAL_DIFFERENCE, "aws_s3_bucket_versioning", "versioning_configuration",
      "Destroying aws_s3_bucket_versioning suspends versioning before the bucket goes; moto then fails (HTTP 500,"
          + " FakeDeleteMarker has no dispose) to delete the lock file's delete markers, and force_destroy retries"
          + " forever. Locally, ./main destroy drops that resource from the bootstrap state first, so the bucket is"
          + " emptied and deleted while versioning is still on."),
  ECS_SERVICE_EXECUTE_COMMAND(Kind.PLAN_DIFFERENCE, "aws_ecs_service", "enable_execute_command",
      "moto accepts enableExecuteCommand on CreateService but does not store it; it reads back false."),
  ECS_SERVICE_AZ_REBALANCING(Kind.PLAN_DIFFERENCE, "aws_ecs_service", "availability_zone_rebalancing",
      "moto returns no availabilityZoneRebalancing; the provider (5.80+) then plans its default, DISABLED."),
  ECS_SERVICE_CONNECT(Kind.NOT_STORED, "aws_ecs_service", "service_connect_configuration",
      "moto accepts serviceConnectConfiguration but does not store it, so DescribeServices cannot show it; the"
          + " synth tests assert it instead. (The provider does not read it back, so it causes no plan difference.)"),
  ECS_CLUSTER_SERVICE_CONNECT_DEFAULTS(Kind.NOT_STORED, "aws_ecs_cluster", "service_connect_defaults",
      "moto does not return serviceConnectDefaults from DescribeClusters; the synth tests assert it instead."),
  ECS_SERVICE_MANAGED_TAGS(Kind.PLAN_DIFFERENCE, "aws_ecs_service", "enable_ecs_managed_tags",
      "moto accepts enableECSManagedTags on CreateService but does not store it; it reads back false."),
  ECS_SERVICE_DEPLOYMENT_ALARMS(Kind.NOT_STORED, "aws_ecs_service", "alarms",
      "moto ignores the deploymentConfiguration of CreateService (alarms included) and returns none, so the"
          + " provider keeps the configured alarms and plans no difference; the synth tests assert them instead."),
  ECS_SERVICE_STEADY_STATE(Kind.LOCAL_DIFFERENCE, "aws_ecs_service", "wait_for_steady_state",
      "moto runs no tasks: a service's runningCount stays 0 and its deployment IN_PROGRESS, so waiting for a"
          + " steady state would only end at the provider's timeout. The local target therefore does not wait;"
          + " AWS targets do when deployment.waitForSteadyState is on."),
  INSTANCE_PUBLIC_IP(Kind.PLAN_DIFFERENCE, "aws_instance", "associate_public_ip_address",
      "moto reads AssociatePublicIpAddress=false in the network-interface spec as a (truthy) string and assigns a"
          + " public IP anyway, so every re-plan wants to replace the bastion. The subnet maps no public IPs and the"
          + " stack asks for none; on AWS the instance has none."),
  INSTANCE_SECURITY_GROUPS(Kind.PLAN_DIFFERENCE, "aws_instance", "vpc_security_group_ids",
      "moto records security groups given in the network-interface spec (which the provider uses when"
          + " associate_public_ip_address is set) on the interface only, so the instance itself reports none."),
  INGRESS_RULE_DESCRIPTION(Kind.PLAN_DIFFERENCE, "aws_vpc_security_group_ingress_rule", "description",
      "moto does not store security-group rule descriptions."),
  INGRESS_RULE_REFERENCED_GROUP(Kind.PLAN_DIFFERENCE, "aws_vpc_security_group_ingress_rule",
      "referenced_security_group_id",
      "moto returns the referenced group as <account-id>/<group-id>, which the provider compares with the bare id.");

  /** How the gap shows. */
  public enum Kind {
    /** A re-plan right after apply shows this attribute changing although nothing changed. */
    PLAN_DIFFERENCE,
    /** The emulator accepts the setting but cannot show it back, so tests check it in the synthesized JSON. */
    NOT_STORED,
    /** The local target synthesizes something differently, because the emulator cannot run it as written. */
    LOCAL_DIFFERENCE
  }

  private final Kind kind;
  private final String resourceType;
  private final String attribute;
  private final String reason;

  EmulatorGap(Kind kind, String resourceType, String attribute, String reason) {
    this.kind = kind;
    this.resourceType = resourceType;
    this.attribute = attribute;
    this.reason = reason;
  }

  public Kind kind() {
    return kind;
  }

  public String resourceType() {
    return resourceType;
  }

  public String attribute() {
    return attribute;
  }

  public String reason() {
    return reason;
  }

  /** The gaps that show up as re-plan differences. */
  public static List<EmulatorGap> planDifferences() {
    return Arrays.stream(values()).filter(g -> g.kind == Kind.PLAN_DIFFERENCE).toList();
  }
}
