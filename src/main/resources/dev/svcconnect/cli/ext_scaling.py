"""Application Auto Scaling's tagging calls, which moto 5.2 lacks.

The AWS provider tags every aws_appautoscaling_target (the stack's default_tags) and reads the tags back with
ListTagsForResource after each create and refresh; moto 5.2 implements RegisterScalableTarget and the scaling
policies but not TagResource, UntagResource or ListTagsForResource, so an apply would retry until it fails. This
adds the three calls, with AWS's request and response shapes (tags as a string map, keyed by the scalable
target's ARN; ResourceNotFoundException for an unknown ARN), and takes the Tags of RegisterScalableTarget.
https://docs.aws.amazon.com/autoscaling/application/APIReference/API_ListTagsForResource.html
"""

import json

from moto.applicationautoscaling.models import ApplicationAutoscalingBackend
from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.core.exceptions import JsonRESTError


class ResourceNotFoundException(JsonRESTError):
    code = 404

    def __init__(self, arn: str) -> None:
        super().__init__("ResourceNotFoundException", f"No scalable target found for ARN {arn}")


def _tags(backend: ApplicationAutoscalingBackend) -> dict:
    # One tag store per account and region, like the backend that holds the targets.
    if not hasattr(backend, "_ext_tags"):
        backend._ext_tags = {}
    return backend._ext_tags


def _target_arns(backend: ApplicationAutoscalingBackend) -> set:
    return {t.arn for by_id in backend.targets.values() for t in by_id.values()}


def _known(backend: ApplicationAutoscalingBackend, arn: str) -> dict:
    if arn not in _target_arns(backend):
        raise ResourceNotFoundException(arn)
    return _tags(backend).setdefault(arn, {})


_register = ApplicationAutoScalingResponse.register_scalable_target
_deregister = ApplicationAutoScalingResponse.deregister_scalable_target


def register_scalable_target(self) -> str:
    body = _register(self)
    tags = self._get_param("Tags")
    if tags:
        _known(self.applicationautoscaling_backend, json.loads(body)["ScalableTargetARN"]).update(tags)
    return body


def deregister_scalable_target(self) -> str:
    backend = self.applicationautoscaling_backend
    before = _target_arns(backend)
    body = _deregister(self)
    for arn in before - _target_arns(backend):
        _tags(backend).pop(arn, None)
    return body


def tag_resource(self) -> str:
    _known(self.applicationautoscaling_backend, self._get_param("ResourceARN")).update(self._get_param("Tags") or {})
    return json.dumps({})


def untag_resource(self) -> str:
    tags = _known(self.applicationautoscaling_backend, self._get_param("ResourceARN"))
    for key in self._get_param("TagKeys") or []:
        tags.pop(key, None)
    return json.dumps({})


def list_tags_for_resource(self) -> str:
    return json.dumps({"Tags": dict(_known(self.applicationautoscaling_backend, self._get_param("ResourceARN")))})


ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target
ApplicationAutoScalingResponse.deregister_scalable_target = deregister_scalable_target
ApplicationAutoScalingResponse.tag_resource = tag_resource
ApplicationAutoScalingResponse.untag_resource = untag_resource
ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
