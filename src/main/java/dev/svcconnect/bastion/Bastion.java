package dev.svcconnect.bastion;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.data_aws_ssm_parameter.DataAwsSsmParameter;
import com.hashicorp.cdktf.providers.aws.iam_instance_profile.IamInstanceProfile;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import com.hashicorp.cdktf.providers.aws.instance.Instance;
import com.hashicorp.cdktf.providers.aws.instance.InstanceCreditSpecification;
import com.hashicorp.cdktf.providers.aws.instance.InstanceMetadataOptions;
import com.hashicorp.cdktf.providers.aws.instance.InstanceRootBlockDevice;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.naming.IamDocuments;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.network.SecurityGroups;
import dev.svcconnect.prerequisite.RuntimePrerequisites;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * An EC2 host outside the Service Connect namespace, reached only through SSM Session Manager: private subnet, no
 * public IP, no ingress at all, IMDSv2 only, encrypted root volume. It shows that Service Connect names do not
 * resolve outside ECS tasks.
 */
public final class Bastion extends Construct {
  /** The AWS-managed policy SSM needs on the instance role (its name; the ARN is the partition's). */
  static final String SSM_CORE_POLICY = "AmazonSSMManagedInstanceCore";

  /**
   * What the bastion gives the stack to wire.
   *
   * @param instance the EC2 instance ({@code Resource})
   * @param securityGroup its security group, which services admit it from
   * @param rolePolicies what its role needs before the SSM agent can register the instance: the managed policy's
   *     attachment
   * @param egress the egress rule the SSM agent needs to reach SSM
   */
  public record Resources(Instance instance, SecurityGroup securityGroup, RuntimePrerequisites rolePolicies,
      RuntimePrerequisites egress) {}

  private final Resources resources;

  /**
   * @param bastion the validated bastion (enabled): its Name tag, instance type, AMI parameter and root volume size
   * @param wiring the VPC, its subnet and the environment's names
   */
  public Bastion(Construct scope, String id, EnvironmentConfig.Bastion bastion, BastionWiring wiring) {
    super(scope, id);
    String resourceName = wiring.naming().bastionResourceName();
    SecurityGroups.OpenEgress group = SecurityGroups.withOpenEgress(this, wiring.vpc(), resourceName,
        Naming.bastionSecurityGroupDescription(bastion.name()),
        "All outbound traffic (SSM endpoints, services under test)");
    SecurityGroup securityGroup = group.group();

    IamRole role = IamRole.Builder.create(this, "Role")
        .name(Literal.of(resourceName))
        .description(Literal.of(Naming.bastionRoleDescription(bastion.name())))
        .assumeRolePolicy(IamDocuments.trust("ec2.amazonaws.com"))
        .build();
    RuntimePrerequisites rolePolicies = RuntimePrerequisites.of(IamRolePolicyAttachment.Builder.create(this, "SsmManagedInstanceCore")
        .role(role.getName())
        .policyArn(wiring.partition().managedPolicy(SSM_CORE_POLICY))
        .build());
    IamInstanceProfile profile = IamInstanceProfile.Builder.create(this, "InstanceProfile")
        .name(Literal.of(resourceName))
        .role(role.getName())
        .build();

    DataAwsSsmParameter ami = DataAwsSsmParameter.Builder.create(this, "Ami")
        .name(Literal.of(bastion.amiParameter()))
        .build();

    Instance instance = Instance.Builder.create(this, "Resource")
        .ami(ami.getValue())
        .instanceType(Literal.of(bastion.instanceType()))
        .subnetId(wiring.subnetId())
        .vpcSecurityGroupIds(List.of(securityGroup.getId()))
        .iamInstanceProfile(profile.getName())
        .associatePublicIpAddress(false)
        .metadataOptions(InstanceMetadataOptions.builder()
            .httpEndpoint("enabled")
            .httpTokens("required")
            .build())
        .rootBlockDevice(InstanceRootBlockDevice.builder()
            .encrypted(true)
            .volumeType("gp3")
            .volumeSize(bastion.rootVolumeGiB())
            .build())
        // Standard credits: a mostly idle host that never bills surplus credits (t4g defaults to unlimited).
        .creditSpecification(InstanceCreditSpecification.builder().cpuCredits("standard").build())
        .hibernation(false)
        .tags(Literal.of(Map.of(Naming.NAME_TAG, bastion.name())))
        // A new AMI release must not replace a running bastion on the next deploy.
        .lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("ami")).build())
        .build();
    resources = new Resources(instance, securityGroup, rolePolicies, group.prerequisites());
  }

  /** The instance, its security group and what it needs before it starts. */
  public Resources resources() {
    return resources;
  }
}
