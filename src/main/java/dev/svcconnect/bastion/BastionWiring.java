package dev.svcconnect.bastion;

import dev.svcconnect.naming.Naming;
import dev.svcconnect.naming.Partition;
import dev.svcconnect.network.VpcRef;

/**
 * What a {@link Bastion} is wired to, beside the bastion it renders.
 *
 * @param vpc where its security group lives
 * @param subnetId the private subnet it runs in (an id token)
 * @param naming the environment's names: its role, instance profile and security group are
 *     {@code naming.name("bastion")}
 * @param partition the stack's partition, for the managed policy's ARN
 */
public record BastionWiring(VpcRef vpc, String subnetId, Naming naming, Partition partition) {}
