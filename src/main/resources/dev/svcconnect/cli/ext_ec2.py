"""EC2 as AWS reports it, where moto 5.2.1 differs for what the stacks read back or filter on.

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
- DescribeAvailabilityZones reports each zone's OptInStatus and honours the opt-in-status filter, which the stacks
  use to keep to the region's own zones (moto ignores the filter and models no Local Zones): availability zones are
  "opt-in-not-required", Local and Wavelength Zones "opted-in" or "not-opted-in".
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AvailabilityZone.html ("optInStatus") and
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html ("opt-in-status")
"""

from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend, Zone
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


def opt_in_status(self: Zone) -> str:
    return "opt-in-not-required" if self.zone_type == "availability-zone" else "opted-in"


_describe_availability_zones = RegionsAndZonesBackend.describe_availability_zones


def describe_availability_zones(self, filters=None, zone_names=None, zone_ids=None):
    filters = dict(filters or {})
    wanted = filters.pop("opt-in-status", None)
    zones = _describe_availability_zones(self, filters, zone_names=zone_names, zone_ids=zone_ids)
    return zones if wanted is None else [z for z in zones if z.opt_in_status in wanted]


Zone.opt_in_status = property(opt_in_status)
RegionsAndZonesBackend.describe_availability_zones = describe_availability_zones
NetworkInterface.association = property(association)
Instance.prep_nics = prep_nics
SecurityGroupRule.description = property(description)
