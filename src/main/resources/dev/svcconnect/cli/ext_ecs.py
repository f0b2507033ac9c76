"""ECS services and clusters as ECS keeps them, with Service Connect stored and enforced.

moto 5.2.1 accepts these CreateService/UpdateService parameters but drops them; this module keeps them and returns
them from DescribeServices as ECS does (API reference: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html):
enableExecuteCommand, enableECSManagedTags, availabilityZoneRebalancing (ENABLED when a create request omits it;
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html#ECS-CreateService-request-availabilityZoneRebalancing),
deploymentConfiguration (circuit breaker and alarms included) and healthCheckGracePeriodSeconds.

The emulator runs no container. A service's tasks count as started and healthy the moment ECS would launch them:
runningCount follows desiredCount and the deployment is COMPLETED, so waiting for a steady state ends as it does
on AWS when the tasks come up (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html).
The one exception is a task whose image cannot be pulled anywhere: an essential container's image on a registry
under the reserved top-level domain .invalid, a name that never resolves (RFC 6761, section 6.4), so that on AWS
too every task fails with CannotPullContainerError. Its deployment then goes the way the deployment circuit
breaker takes it (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html):
with rollback, back to the last COMPLETED revision, which then runs as the one PRIMARY deployment (so a
steady-state wait ends, as it does on AWS: hashicorp/terraform-provider-aws#19519); without rollback, FAILED
beside the old deployment; without the breaker, IN_PROGRESS forever. rolloutState FAILED and its reason "ECS
deployment circuit breaker: tasks failed to start." are ECS's, quoted in aws/containers-roadmap#1488; the
rollback deployment's reason and the service events are worded here.

Service Connect (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect.html):
- CreateService/UpdateService keep serviceConnectConfiguration as sent; DescribeServices shows it where ECS does,
  on the deployment, with its serviceConnectResources (discoveryName, discoveryArn)
  (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html; the Service shape has no such
  member). A deployment with Service Connect off (enabled false) shows neither member, as ECS does. UpdateService without it keeps
  the service's configuration (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html).
- CreateCluster/UpdateCluster keep serviceConnectDefaults and DescribeClusters returns the namespace's ARN; a name
  that is no namespace yet creates an HTTP namespace, as ECS does
  (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterServiceConnectDefaultsRequest.html).
- For each published endpoint ECS creates a Cloud Map service named after its discoveryName in the namespace
  ("The discoveryName is the name of the new Cloud Map service that Amazon ECS creates for this Amazon ECS service",
  https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html) and registers one
  instance per task (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html:
  "Amazon ECS creates a Service Connect endpoint in the namespace"). Here: one instance per desired task, with the
  port and the ECS cluster, service and task family, without an address (no task runs).
- ECS removes those Cloud Map services when they stop being published: when the ECS service is deleted, when an
  endpoint is dropped, and from the old namespace when the service moves to another. The API reference does not
  spell this out; it follows from ECS owning them ("Cloud Map service that Amazon ECS creates") and from what users
  report: once the ECS service is gone its Cloud Map services go too, asynchronously, and until then DeleteNamespace
  fails with ResourceInUse (https://github.com/anomalyco/sst/issues/5931). The emulator removes them synchronously.
- The rules below are checked before anything is stored, each with the error type ECS returns and, where one was
  found published, ECS's own message; where none was found the message is written faithfully and says so.
"""

import re
import uuid

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ecs.exceptions import ECSException
from moto.ecs.models import Cluster, EC2ContainerServiceBackend, Service, TaskDefinition
from moto.ecs.responses import EC2ContainerServiceResponse

import ext_cloudmap


class EcsError(ECSException):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)


def invalid(message: str) -> EcsError:
    return EcsError("InvalidParameterException", message)


def _sd(backend: EC2ContainerServiceBackend):
    return ext_cloudmap.backend(backend.account_id, backend.region_name)


def _namespace_not_found(name_or_arn: str) -> EcsError:
    # ECS's text, quoted from a CreateService error in https://github.com/terraform-aws-modules/terraform-aws-ecs/issues/116
    return EcsError("NamespaceNotFoundException", f"Failed to retrieve namespace for {name_or_arn}")


# ---------------------------------------------------------------------------------------------------------------------
# Cluster: serviceConnectDefaults
# ---------------------------------------------------------------------------------------------------------------------

def _cluster_defaults(backend: EC2ContainerServiceBackend, request: dict | None) -> dict | None:
    """serviceConnectDefaults as ECS stores it: the namespace's ARN; a new name creates an HTTP namespace."""
    if request is None:
        return None
    name_or_arn = request.get("namespace")
    if name_or_arn is None:
        raise invalid("serviceConnectDefaults.namespace must be specified.")  # the model's required member; text ours
    if name_or_arn == "":
        return {}  # "If you update the cluster with an empty string "" for the namespace name, ... is removed"
    sd = _sd(backend)
    ns = ext_cloudmap.find_namespace(sd, name_or_arn)
    if ns is None:
        if name_or_arn.startswith("arn:"):
            raise _namespace_not_found(name_or_arn)
        sd.create_http_namespace(name=name_or_arn, creator_request_id=str(uuid.uuid4()), description="", tags=[])
        ns = ext_cloudmap.find_namespace(sd, name_or_arn)
    return {"namespace": ns.arn}


_create_cluster = EC2ContainerServiceResponse.create_cluster
_update_cluster = EC2ContainerServiceResponse.update_cluster


def create_cluster(self: EC2ContainerServiceResponse):
    defaults = _cluster_defaults(self.ecs_backend, self._get_param("serviceConnectDefaults"))
    result = _create_cluster(self)
    self.ecs_backend.clusters[self._get_param("clusterName") or "default"].service_connect_defaults = defaults or None
    return result


def update_cluster(self: EC2ContainerServiceResponse):
    cluster: Cluster = self.ecs_backend._get_cluster(self._get_param("cluster"))
    defaults = _cluster_defaults(self.ecs_backend, self._get_param("serviceConnectDefaults"))
    result = _update_cluster(self)
    if defaults is not None:
        cluster.service_connect_defaults = defaults or None
    return result


# ---------------------------------------------------------------------------------------------------------------------
# Service Connect rules
# ---------------------------------------------------------------------------------------------------------------------

# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html#ECS-Type-ServiceConnectService-discoveryName
# "up to 64 characters ... lowercase letters, numbers, underscores (_), and hyphens (-). The name can't start with a hyphen."
DISCOVERY_NAME = re.compile(r"^[a-z0-9_][a-z0-9_-]{0,63}$")
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectClientAlias.html#ECS-Type-ServiceConnectClientAlias-dnsName
# "up to 127 characters ... lowercase letters, numbers, underscores (_), hyphens (-), and periods (.). The name can't
# start with a hyphen."
DNS_NAME = re.compile(r"^[a-z0-9_.][a-z0-9_.-]{0,126}$")
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectClientAlias.html ("Valid Range: Minimum
# value of 0. Maximum value of 65535."), the same for ServiceConnectService.ingressPortOverride
PORT_RANGE = (0, 65535)
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TimeoutConfiguration.html (both: "Valid Range: Minimum
# value of 0. Maximum value of 2147483647.")
TIMEOUT_RANGE = (0, 2147483647)
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html#ECS-Type-ServiceConnectService-clientAliases
# "The maximum number of client aliases that you can have in this list is 1."
MAX_CLIENT_ALIASES = 1


def _port_mappings(td: TaskDefinition | None) -> dict:
    """The task definition's named port mappings, by name."""
    if td is None:
        return {}
    return {pm["name"]: pm for c in td.container_definitions for pm in c.get("portMappings") or [] if pm.get("name")}


def _in_range(value, bounds) -> bool:
    return isinstance(value, int) and bounds[0] <= value <= bounds[1]


def _app_protocol(mapping: dict) -> str | None:
    return mapping.get("appProtocol")


def _published(config: dict | None) -> list:
    return (config or {}).get("services") or [] if (config or {}).get("enabled") else []


def resolve_service_connect(backend: EC2ContainerServiceBackend, cluster: Cluster, td: TaskDefinition | None,
                            request: dict, service: Service | None, service_arn: str) -> dict:
    """Checks a serviceConnectConfiguration against ECS's documented rules; returns what ECS would set up:
    {"request": as sent, "namespace": Namespace or None, "endpoints": [(discoveryName, portName, containerPort)]}.
    Raises EcsError with ECS's error type on the first rule broken."""
    if not request.get("enabled"):
        return {"request": request, "namespace": None, "endpoints": []}
    # "namespace: The namespace name or full ARN of the Cloud Map namespace ... " and "serviceConnectDefaults ... used
    # when you create a service and don't specify a Service Connect configuration"
    # https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectConfiguration.html
    name_or_arn = request.get("namespace") or (cluster.service_connect_defaults or {}).get("namespace")
    if not name_or_arn:
        # No published text found; faithful wording.
        raise invalid("Service Connect namespace must be specified when the cluster has no serviceConnectDefaults.")
    ns = ext_cloudmap.find_namespace(_sd(backend), name_or_arn)
    if ns is None:
        raise _namespace_not_found(name_or_arn)

    mappings = _port_mappings(td)
    endpoints = []
    seen_discovery, seen_alias = set(), set()
    for s in request.get("services") or []:
        port_name = s.get("portName")
        # "The portName must match the name of one of the portMappings from all the containers in the task
        # definition of this Amazon ECS service." (API_ServiceConnectService). No published text found; faithful
        # wording, after AWS CDK's check of the same rule.
        if port_name not in mappings:
            raise invalid(f"Port Mapping '{port_name}' does not exist on the task definition.")
        discovery = s.get("discoveryName") or port_name
        if not DISCOVERY_NAME.match(discovery):
            raise invalid(f"discoveryName '{discovery}' is not valid: up to 64 lowercase letters, numbers, underscores"
                          " and hyphens, not starting with a hyphen.")  # rule from the API reference; text ours
        if discovery in seen_discovery:
            raise invalid(f"Cannot create multiple services with the discoveryName '{discovery}'.")  # text ours
        seen_discovery.add(discovery)
        aliases = s.get("clientAliases") or []
        if len(aliases) > MAX_CLIENT_ALIASES:
            raise invalid(f"At most {MAX_CLIENT_ALIASES} client alias can be set per Service Connect service;"
                          f" '{discovery}' has {len(aliases)}.")  # rule from the API reference; text ours
        for alias in aliases:
            port = alias.get("port")
            if not _in_range(port, PORT_RANGE):
                # AWS CDK's wording for the same rule (the API's own text was not found)
                raise invalid(f"Client Alias port {port} is not valid.")
            dns = alias.get("dnsName") or f"{discovery}.{ns.name}"
            if not DNS_NAME.match(dns):
                raise invalid(f"Client Alias dnsName '{dns}' is not valid: up to 127 lowercase letters, numbers,"
                              " underscores, hyphens and periods, not starting with a hyphen.")  # text ours
            if (dns, port) in seen_alias:
                raise invalid(f"Client Alias {dns}:{port} is used twice.")  # text ours
            seen_alias.add((dns, port))
        override = s.get("ingressPortOverride")
        if override is not None and not _in_range(override, PORT_RANGE):
            raise invalid(f"ingressPortOverride {override} is not valid.")  # range from the API reference; text ours
        timeout = s.get("timeout") or {}
        for key in ("idleTimeoutSeconds", "perRequestTimeoutSeconds"):
            if key in timeout and not _in_range(timeout[key], TIMEOUT_RANGE):
                raise invalid(f"{key} {timeout[key]} is not valid.")  # range from the API reference; text ours
        app_protocol = _app_protocol(mappings[port_name])
        # "perRequestTimeout can only be set if Service Connect appProtocol isn't TCP. Only idleTimeout is allowed for
        # TCP appProtocol." https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TimeoutConfiguration.html
        # A port without appProtocol is plain TCP to the proxy. ECS's text, quoted from
        # https://github.com/pulumi/pulumi-aws/issues/4265 ("Per request timeout 0 can't be set for tcp application.")
        if "perRequestTimeoutSeconds" in timeout and app_protocol in (None, "tcp"):
            raise invalid(f"Per request timeout {timeout['perRequestTimeoutSeconds']} can't be set for tcp application.")
        tls = s.get("tls")
        if tls is not None and not (tls.get("issuerCertificateAuthority") or {}).get("awsPcaAuthorityArn"):
            # the model's required member (API_ServiceConnectTlsCertificateAuthority); text ours
            raise invalid("tls.issuerCertificateAuthority.awsPcaAuthorityArn must be specified.")
        endpoints.append((discovery, port_name, mappings[port_name].get("containerPort"), app_protocol))

    # "This must be unique within the Cloud Map namespace." (discoveryName) and "Each name and port mapping must be
    # unique within the namespace." (clientAliases), API_ServiceConnectService. Another ECS service's endpoints, and
    # Cloud Map services ECS did not create, count.
    own = {sid for (_, sid, _) in getattr(service, "_sc_resources", [])}
    sd = _sd(backend)
    taken = {s.name: s for s in ext_cloudmap.services_in(sd, ns.id) if s.id not in own}
    aliases_taken = {}
    for other in backend.services.values():
        if other is service or other.status != "ACTIVE" or getattr(other, "_sc_namespace", None) != ns.id:
            continue
        for s in _published(getattr(other, "_sc_request", None)):
            for alias in s.get("clientAliases") or []:
                dns = alias.get("dnsName") or f"{s.get('discoveryName') or s.get('portName')}.{ns.name}"
                aliases_taken[(dns, alias.get("port"))] = other.name
    for discovery, _, _, _ in endpoints:
        if discovery in taken:
            # ECS's text, quoted from https://github.com/aws/copilot-cli/issues/4337 (InvalidParameterException
            # "SC service is already used by arn:aws:servicediscovery:...:namespace/ns-...")
            raise invalid(f"SC service is already used by {ns.arn}")
    for (dns, port) in seen_alias:
        if (dns, port) in aliases_taken:
            raise invalid(f"Client Alias {dns}:{port} is already used by service {aliases_taken[(dns, port)]} in"
                          f" namespace {ns.name}.")  # text ours

    # An existing Service Connect service cannot change a published port's appProtocol: ECS's text, quoted from
    # https://github.com/aws/containers-roadmap/issues/2378 (the error code is not shown there; InvalidParameterException
    # is ours). Terraform plans it as an in-place update, so only the apply fails.
    previous = {d: p for (d, _, _, p) in getattr(service, "_sc_endpoints", [])}
    for discovery, _, _, app_protocol in endpoints:
        if discovery in previous and previous[discovery] != app_protocol:
            def stable(protocol):
                return (f"ScServiceStableConfig(applicationProtocol={protocol or 'null'}, transportProtocol=tcp,"
                        f" ecsServiceArn={service_arn})")
            raise invalid(f"The following config cannot be changed for a SC service. Previous config:"
                          f" {stable(previous[discovery])}, current config: {stable(app_protocol)}")
    return {"request": request, "namespace": ns, "endpoints": endpoints}


# ---------------------------------------------------------------------------------------------------------------------
# Cloud Map services and instances ECS keeps for a service's published endpoints
# ---------------------------------------------------------------------------------------------------------------------

def _remove_cloud_map_service(sd, service_id: str) -> None:
    sd_service = sd.services.get(service_id)
    if sd_service is None:
        return
    for instance in list(sd_service.instances):
        sd.deregister_instance(service_id, instance.instance_id)
    sd.delete_service(service_id)


def _sync_cloud_map(backend: EC2ContainerServiceBackend, service: Service) -> None:
    """Makes the Cloud Map services and instances match what the service publishes and its desired count."""
    sd = _sd(backend)
    ns = getattr(service, "_sc_ns", None)
    wanted = {d: port for (d, _, port, _) in getattr(service, "_sc_endpoints", [])} if service.status == "ACTIVE" else {}
    kept = []
    for (ns_id, service_id, discovery) in getattr(service, "_sc_resources", []):
        if ns is not None and ns_id == ns.id and discovery in wanted and service_id in sd.services:
            kept.append((ns_id, service_id, discovery))
        else:
            _remove_cloud_map_service(sd, service_id)
    have = {d for (_, _, d) in kept}
    for discovery in wanted:
        if discovery not in have:
            created = sd.create_service(name=discovery, namespace_id=ns.id, creator_request_id=str(uuid.uuid4()),
                                        description=None, dns_config=None, health_check_config=None,
                                        health_check_custom_config=None, tags=[], service_type="HTTP")
            kept.append((ns.id, created.id, discovery))
    family = (service.task_definition or "").split("/")[-1].split(":")[0]
    for (_, service_id, discovery) in kept:
        sd_service = sd.services[service_id]
        while len(sd_service.instances) > service.desired_count:
            sd.deregister_instance(service_id, sd_service.instances[-1].instance_id)
        while len(sd_service.instances) < service.desired_count:
            sd.register_instance(service_id, uuid.uuid4().hex, str(uuid.uuid4()), {
                "AWS_INSTANCE_PORT": str(wanted[discovery]),
                "ECS_CLUSTER_NAME": service.cluster_name,
                "ECS_SERVICE_NAME": service.name,
                "ECS_TASK_DEFINITION_FAMILY": family,
            })
    service._sc_resources = kept


def _store(backend: EC2ContainerServiceBackend, service: Service, resolved: dict | None) -> None:
    if resolved is not None:
        service._sc_request = resolved["request"]
        service._sc_ns = resolved["namespace"]
        service._sc_namespace = resolved["namespace"].id if resolved["namespace"] else None
        service._sc_endpoints = resolved["endpoints"]
    _sync_cloud_map(backend, service)
    _settle(backend, service)


# RFC 6761, section 6.4: "invalid." and every name under it never resolve. A registry host is the first path
# component of an image reference when it holds a dot or a port.
UNPULLABLE_IMAGE = re.compile(r"^[^/]*\.invalid(:[0-9]+)?/")
FAILED_TO_START = "ECS deployment circuit breaker: tasks failed to start."


def _pullable(backend: EC2ContainerServiceBackend, task_definition_arn: str | None) -> bool:
    """Whether every essential container's image can be pulled: not from a registry under .invalid."""
    if not task_definition_arn:
        return True
    td = backend.describe_task_definition(task_definition_arn)
    return not any(c.get("essential", True) and UNPULLABLE_IMAGE.match(c.get("image") or "")
                   for c in td.container_definitions)


def _event(service: Service, message: str) -> None:
    service.events.insert(0, {"id": str(uuid.uuid4()), "createdAt": utcnow(), "message": message})


def _settle(backend: EC2ContainerServiceBackend, service: Service) -> None:
    """Tasks count as running once launched (no container runs here); the deployment shows Service Connect."""
    if not service.deployments:
        service.running_count = service.desired_count
        service.pending_count = 0
        return
    if service.deployments[0].get("taskDefinition") != service.task_definition:
        # UpdateService with another revision starts a new deployment (moto keeps the old one's id)
        service.deployments[0].update({"id": _new_deployment_id(), "createdAt": utcnow()})
    if not _pullable(backend, service.task_definition):
        _fail(service)
        return
    service.running_count = service.desired_count
    service.pending_count = 0
    service.deployments[1:] = []
    deployment = service.deployments[0]
    deployment.update({
        "desiredCount": service.desired_count,
        "runningCount": service.desired_count,
        "pendingCount": 0,
        "taskDefinition": service.task_definition,
        "rolloutState": "COMPLETED",
        "rolloutStateReason": f"ECS deployment {deployment['id']} completed.",
        "updatedAt": utcnow(),
    })
    request = getattr(service, "_sc_request", None)
    # A deployment with Service Connect turned off carries no serviceConnectConfiguration at all, not one with
    # enabled false: "When SCC is Enabled, DescribeServices returns a service_connect_configuration as part of its
    # response. However, if it's Disabled, there's no mention of SCC on the response."
    # (https://github.com/hashicorp/terraform-provider-aws/pull/43871, the fix in provider 6.x; provider 5.x keeps its
    # state when the member is absent, so a plan never shows Service Connect turned off outside Terraform).
    deployment.pop("serviceConnectConfiguration", None)
    deployment.pop("serviceConnectResources", None)
    if request is not None and request.get("enabled"):
        deployment["serviceConnectConfiguration"] = request
        sd = _sd(backend)
        deployment["serviceConnectResources"] = [
            {"discoveryName": d, "discoveryArn": sd.services[sid].arn}
            for (_, sid, d) in getattr(service, "_sc_resources", []) if sid in sd.services]
    service._last_completed = dict(deployment)


def _new_deployment_id() -> str:
    return f"ecs-svc/{uuid.uuid4().int % 10**19}"


def _fail(service: Service) -> None:
    """The new revision's tasks never start: the circuit breaker fails the deployment and, with rollback, returns the
    service to its last COMPLETED revision; without the breaker the deployment keeps trying. The old revision's tasks
    keep running meanwhile (minimumHealthyPercent keeps them until new ones are healthy)."""
    deployment = service.deployments[0]
    deployment.update({"status": "PRIMARY", "taskDefinition": service.task_definition,
                       "desiredCount": service.desired_count, "runningCount": 0, "pendingCount": 0,
                       "failedTasks": max(3, service.desired_count), "updatedAt": utcnow()})
    breaker = (getattr(service, "deployment_configuration", None) or {}).get("deploymentCircuitBreaker") or {}
    completed = getattr(service, "_last_completed", None)  # the last COMPLETED deployment, its tasks still running
    previous = completed["taskDefinition"] if completed else None
    old = [{**completed, "status": "ACTIVE", "desiredCount": service.desired_count,
            "runningCount": service.desired_count, "updatedAt": utcnow()}] if completed else []
    failed = deployment["id"]
    if not breaker.get("enable"):
        deployment.update({"rolloutState": "IN_PROGRESS", "rolloutStateReason": f"ECS deployment {failed} in progress."})
        service.deployments[1:] = old
    elif breaker.get("rollback") and previous:
        _event(service, f"(service {service.name}) (deployment {failed}) deployment failed: tasks failed to start.")
        service.task_definition = previous
        deployment.update({"id": _new_deployment_id(), "taskDefinition": previous, "createdAt": utcnow(),
                           "runningCount": service.desired_count, "failedTasks": 0, "rolloutState": "COMPLETED",
                           "rolloutStateReason": f"{FAILED_TO_START} Rolled back from deployment {failed}."})
        _event(service, f"(service {service.name}) rolled back to {previous} after deployment {failed} failed.")
        service.deployments[1:] = []
        service._last_completed = dict(deployment)
        old = deployment  # the rolled-back revision runs its tasks again
    else:
        deployment.update({"rolloutState": "FAILED", "rolloutStateReason": FAILED_TO_START})
        _event(service, f"(service {service.name}) (deployment {failed}) deployment failed: tasks failed to start.")
        service.deployments[1:] = old
    service.running_count = service.desired_count if old else 0
    service.pending_count = 0


# ---------------------------------------------------------------------------------------------------------------------
# CreateService, UpdateService, DeleteService
# ---------------------------------------------------------------------------------------------------------------------

def _task_definition(backend: EC2ContainerServiceBackend, name_or_arn: str | None) -> TaskDefinition | None:
    return backend.describe_task_definition(name_or_arn) if name_or_arn else None


def _keep_fields(service: Service, params: dict, create: bool, previous_deployment_configuration: dict | None) -> None:
    """The CreateService/UpdateService fields moto drops, as ECS keeps them."""
    if "enableExecuteCommand" in params or create:
        service.enable_execute_command = bool(params.get("enableExecuteCommand", False))
    if "enableECSManagedTags" in params or create:
        service.enable_ecs_managed_tags = bool(params.get("enableECSManagedTags", False))
    if "availabilityZoneRebalancing" in params:
        service.availability_zone_rebalancing = params["availabilityZoneRebalancing"]
    elif create:
        service.availability_zone_rebalancing = "ENABLED"
    elif not getattr(service, "availability_zone_rebalancing", None):
        service.availability_zone_rebalancing = "DISABLED"
    if "healthCheckGracePeriodSeconds" in params:
        service.health_check_grace_period_seconds = params["healthCheckGracePeriodSeconds"]
    configuration = dict(previous_deployment_configuration or {})
    configuration.update(params.get("deploymentConfiguration") or {})
    service.deployment_configuration = configuration or None


_create_service = EC2ContainerServiceResponse.create_service
_update_service = EC2ContainerServiceResponse.update_service
_delete_service = EC2ContainerServiceResponse.delete_service


def create_service(self: EC2ContainerServiceResponse):
    backend: EC2ContainerServiceBackend = self.ecs_backend
    params = self._get_params()
    cluster = backend._get_cluster(params.get("cluster", "default"))
    td = _task_definition(backend, params.get("taskDefinition"))
    name = params.get("serviceName")
    resolved = None
    if params.get("serviceConnectConfiguration") is not None:
        resolved = resolve_service_connect(backend, cluster, td, params["serviceConnectConfiguration"], None, name)
    result = _create_service(self)
    service = backend._get_service(cluster.name, name)
    _keep_fields(service, params, True, None)
    _store(backend, service, resolved)
    return result


def update_service(self: EC2ContainerServiceResponse):
    backend: EC2ContainerServiceBackend = self.ecs_backend
    params = self._get_params()
    cluster = backend._get_cluster(params.get("cluster", "default"))
    service = backend._get_service(cluster.name, params["service"].split("/")[-1])
    td = _task_definition(backend, params.get("taskDefinition") or service.task_definition)
    request = params.get("serviceConnectConfiguration")
    if request is None:
        request = getattr(service, "_sc_request", None)  # UpdateService without it keeps the service's
    resolved = None
    if request is not None:
        resolved = resolve_service_connect(backend, cluster, td, request, service, service.arn)
    previous_deployment_configuration = getattr(service, "deployment_configuration", None)
    result = _update_service(self)
    _keep_fields(service, params, False, previous_deployment_configuration)
    _store(backend, service, resolved)
    return result


def delete_service(self: EC2ContainerServiceResponse):
    result = _delete_service(self)
    backend: EC2ContainerServiceBackend = self.ecs_backend
    service = backend._get_service(self._get_param("cluster", "default"), self._get_param("service"))
    _sync_cloud_map(backend, service)  # INACTIVE: ECS removes the Cloud Map services it created
    return result


def list_task_definition_families(self: EC2ContainerServiceResponse):
    """ListTaskDefinitionFamilies with its status filter, which moto 5.2.1 ignores (it lists every family). ECS:
    ACTIVE lists the families with an ACTIVE revision, INACTIVE those without one, and without status both
    (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitionFamilies.html, status). The
    name check asks for ACTIVE families: a destroyed environment leaves only INACTIVE revisions behind, which must
    not count as taken. Pagination is not emulated (every family in one page), as in moto."""
    prefix = self._get_param("familyPrefix")
    status = self._get_param("status") or "ALL"
    if status not in ("ACTIVE", "INACTIVE", "ALL"):
        raise invalid(f"status must be one of ACTIVE, INACTIVE, ALL, got {status}")
    families = []
    for family, revisions in self.ecs_backend.task_definitions.items():
        if prefix is not None and not family.startswith(prefix):
            continue
        active = any(td.status == "ACTIVE" for td in revisions.values())
        if status == "ALL" or (status == "ACTIVE") == active:
            families.append(family)
    return ActionResult({"families": families})


EC2ContainerServiceResponse.create_cluster = create_cluster
EC2ContainerServiceResponse.list_task_definition_families = list_task_definition_families
EC2ContainerServiceResponse.update_cluster = update_cluster
EC2ContainerServiceResponse.create_service = create_service
EC2ContainerServiceResponse.update_service = update_service
EC2ContainerServiceResponse.delete_service = delete_service
