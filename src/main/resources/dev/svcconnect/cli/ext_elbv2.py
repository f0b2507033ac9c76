"""Elastic Load Balancing's default scheme and deletion protection, which moto 5.2 lacks.

CreateLoadBalancer without a Scheme creates an internet-facing load balancer ("The default is an Internet-facing
load balancer", https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html),
and the AWS provider leaves Scheme out unless internal is true. moto 5.2 passed the missing parameter on as None, so
DescribeLoadBalancers reported no scheme at all. This fills in AWS's default.

DeleteLoadBalancer of a load balancer whose deletion_protection.enabled is true fails with OperationNotPermitted
(https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#deletion-protection,
https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteLoadBalancer.html); moto 5.2 deleted
it anyway.
"""

from moto.elbv2.exceptions import ELBClientError
from moto.elbv2.models import ELBv2Backend


class OperationNotPermitted(ELBClientError):
    def __init__(self, arn: str) -> None:
        super().__init__("OperationNotPermitted",
                         f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled")


_create_load_balancer = ELBv2Backend.create_load_balancer
_delete_load_balancer = ELBv2Backend.delete_load_balancer


def create_load_balancer(self, *args, **kwargs):
    if kwargs.get("scheme") is None:
        kwargs["scheme"] = "internet-facing"
    return _create_load_balancer(self, *args, **kwargs)


def delete_load_balancer(self, arn: str) -> None:
    balancer = self.load_balancers.get(arn)
    if balancer is not None and balancer.attrs.get("deletion_protection.enabled") == "true":
        raise OperationNotPermitted(arn)
    return _delete_load_balancer(self, arn)


ELBv2Backend.create_load_balancer = create_load_balancer
ELBv2Backend.delete_load_balancer = delete_load_balancer
