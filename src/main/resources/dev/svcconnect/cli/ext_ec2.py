"""EC2 as AWS reports it, where moto 5.2.1 differs for what the stacks read back.

- A network interface without a public IP has no Association: moto returns an empty one, which the provider reads
  as "a public IP is associated" and so plans to replace every instance launched without one.
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceNetworkInterface.html ("association: The
  association information for an Elastic IPv4 associated with the network interface.")
- An instance launched with its security groups in the network-interface spec (RunInstances
  NetworkInterface.N.SecurityGroupId, which the provider uses with associate_public_ip_address) reports them as its
  own SecurityGroups, as AWS does for the groups of its primary interface; moto records them on the interface only.
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Instance.html ("securityGroups: The security groups
  for the instance.")
- A security-group rule that references a group keeps its description: moto stores the Description of a
  UserIdGroupPair but reports descriptions only for CIDR rules.
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroupRule.html ("description: The security
  group rule description.")
"""

from moto.ec2.models.elastic_network_interfaces import NetworkInterface
from moto.ec2.models.instances import Instance
from moto.ec2.models.security_groups import SecurityGroupRule

_association = NetworkInterface.association.fget


def association(self: NetworkInterface):
    return _association(self) or None


_prep_nics = Instance.prep_nics


def prep_nics(self: Instance, *args, **kwargs) -> None:
    _prep_nics(self, *args, **kwargs)
    primary = self.nics.get(0)
    if not self.security_groups and primary is not None:
        self.security_groups = list(primary.group_set)


def description(self: SecurityGroupRule):
    return self.ip_range.get("Description") or (self.source_group or {}).get("Description")


NetworkInterface.association = property(association)
Instance.prep_nics = prep_nics
SecurityGroupRule.description = property(description)
