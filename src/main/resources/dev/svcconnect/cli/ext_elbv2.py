"""Elastic Load Balancing's default scheme, which moto 5.2 drops.

CreateLoadBalancer without a Scheme creates an internet-facing load balancer ("The default is an Internet-facing
load balancer", https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html),
and the AWS provider leaves Scheme out unless internal is true. moto 5.2 passed the missing parameter on as None, so
DescribeLoadBalancers reported no scheme at all. This fills in AWS's default.
"""

from moto.elbv2.models import ELBv2Backend

_create_load_balancer = ELBv2Backend.create_load_balancer


def create_load_balancer(self, *args, **kwargs):
    if kwargs.get("scheme") is None:
        kwargs["scheme"] = "internet-facing"
    return _create_load_balancer(self, *args, **kwargs)


ELBv2Backend.create_load_balancer = create_load_balancer
