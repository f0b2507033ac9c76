"""Cloud Map as AWS keeps it, where moto 5.2.1 differs, plus the Service Connect services ECS creates in it.

- DeleteNamespace refuses a namespace that still holds services, DeleteService a service that still holds
  instances, both with ResourceInUse; moto deletes either regardless.
  https://docs.aws.amazon.com/cloud-map/latest/api/API_DeleteNamespace.html ("ResourceInUse: The specified resource
  can't be deleted because it contains other resources"), https://docs.aws.amazon.com/cloud-map/latest/dg/deleting-namespaces.html
  ("Before deleting a namespace, you must deregister all service instances and then delete all services").
  Messages as the API returns them: "Namespace has associated services; delete the services before deleting the
  namespace" (quoted from a DeleteNamespace error in https://github.com/anomalyco/sst/issues/5931), "Service contains
  registered instances; delete the instances before deleting the service" (https://github.com/hashicorp/terraform/issues/18264).
- DeleteService of an unknown id fails with ServiceNotFound (moto succeeds).
  https://docs.aws.amazon.com/cloud-map/latest/api/API_DeleteService.html
- ListServices honours its NAMESPACE_ID filter (moto ignores Filters).
  https://docs.aws.amazon.com/cloud-map/latest/api/API_ListServices.html
"""

import json

from moto.core.exceptions import JsonRESTError
from moto.servicediscovery.models import Namespace, Service, ServiceDiscoveryBackend, servicediscovery_backends
from moto.servicediscovery.responses import ServiceDiscoveryResponse


class ResourceInUse(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("ResourceInUse", message)


class ServiceNotFound(JsonRESTError):
    def __init__(self, service_id: str) -> None:
        super().__init__("ServiceNotFound", f"Service not found: {service_id}")


def backend(account_id: str, region: str) -> ServiceDiscoveryBackend:
    return servicediscovery_backends[account_id][region]


def services_in(sd: ServiceDiscoveryBackend, namespace_id: str) -> list:
    return [s for s in sd.services.values() if s.namespace_id == namespace_id]


def find_namespace(sd: ServiceDiscoveryBackend, name_or_arn: str) -> Namespace | None:
    """The namespace with this ARN, or else this name (Service Connect takes either)."""
    for ns in sd.namespaces.values():
        if ns.arn == name_or_arn:
            return ns
    for ns in sd.namespaces.values():
        if ns.name == name_or_arn:
            return ns
    return None


_delete_namespace = ServiceDiscoveryBackend.delete_namespace


def delete_namespace(self: ServiceDiscoveryBackend, namespace_id: str) -> str:
    if namespace_id in self.namespaces and services_in(self, namespace_id):
        raise ResourceInUse("Namespace has associated services; delete the services before deleting the namespace")
    return _delete_namespace(self, namespace_id)


def delete_service(self: ServiceDiscoveryBackend, service_id: str) -> None:
    service = self.services.get(service_id)
    if service is None:
        raise ServiceNotFound(service_id)
    if service.instances:
        raise ResourceInUse("Service contains registered instances; delete the instances before deleting the service")
    del self.services[service_id]


def list_services(self: ServiceDiscoveryResponse) -> str:
    params = json.loads(self.body or "{}")
    wanted = None
    for f in params.get("Filters") or []:
        if f.get("Name") == "NAMESPACE_ID":
            wanted = set(f.get("Values") or [])
    services = [s for s in self.servicediscovery_backend.list_services() if wanted is None or s.namespace_id in wanted]
    return json.dumps({"Services": [s.to_json() for s in services]})


ServiceDiscoveryBackend.delete_namespace = delete_namespace
ServiceDiscoveryBackend.delete_service = delete_service
ServiceDiscoveryResponse.list_services = list_services

__all__ = ["Service", "backend", "find_namespace", "services_in"]
