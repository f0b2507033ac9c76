package dev.svcconnect.bastion;

import com.hashicorp.cdktf.providers.aws.vpc.Vpc;

/**
 * @param name the Name tag
 * @param resourceNamePrefix prefix of its role, instance profile and security group names
 * @param instanceType EC2 instance type (must match the AMI's architecture)
 * @param amiParameter public SSM parameter holding the AMI id, read at deploy time
 * @param rootVolumeGiB encrypted gp3 root volume size
 * @param vpc where its security group lives
 * @param subnetId the private subnet it runs in
 */
public record BastionProps(
    String name,
    String resourceNamePrefix,
    String instanceType,
    String amiParameter,
    int rootVolumeGiB,
    Vpc vpc,
    String subnetId) {}
