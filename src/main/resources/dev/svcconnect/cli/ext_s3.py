"""S3 as AWS behaves, where moto 5.2.1 differs for the state bucket.

- Bucket-policy conditions are evaluated: moto knows only StringEquals and applies a statement whose condition it
  cannot evaluate as if the condition held, so the state bucket's TLS-only policy (Deny s3:* when Bool
  aws:SecureTransport is false) denied every request. A statement applies only when all its conditions hold;
  Bool, StringEquals and StringNotEquals are evaluated, against aws:SecureTransport (whether the request came over
  TLS) and, for unknown keys, as AWS does for a key missing from the request context (the condition does not hold,
  except for the negated operator).
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html ("enforce encryption of data in
  transit ... aws:SecureTransport")
- DeleteObject with a versionId deletes exactly that version while versioning is suspended, as it does while it is
  enabled; moto dropped every version of the key instead, and failed (HTTP 500) on the delete markers among them.
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html,
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/VersionSuspendedBehavior.html
- CopyObject without encryption headers encrypts the copy as the destination bucket's default encryption says
  (SSE-KMS with its key, for the state bucket); moto wrote a copy in place of an SSE-KMS object with SSE-S3 (AES256)
  instead, so the state-restore runbook's copy looked unencrypted by KMS.
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html ("if you don't specify encryption information
  in your copy request, the encryption setting of the target object is set to the default encryption configuration
  of the destination bucket")
"""

import threading

from moto.iam.access_control import IAMPolicyStatement
from moto.s3.models import FakeBucket, FakeDeleteMarker, S3Backend
from moto.s3.responses import S3Response

# The request being served, per server thread: bucket-policy evaluation needs its transport.
_request = threading.local()

_setup_class = S3Response.setup_class


def setup_class(self, request, full_url, headers, *args, **kwargs):
    _request.secure = str(full_url).startswith("https://")
    return _setup_class(self, request, full_url, headers, *args, **kwargs)


def _values(v) -> list:
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


def _condition_holds(operator: str, key: str, expected, context: dict) -> bool:
    """One operator/key pair of a Condition block; expected values are ORed, as IAM does."""
    wanted = _values(expected)
    if key not in context:
        # A key missing from the request context: only a negated operator holds (IAM's documented rule).
        return operator.startswith("StringNot")
    actual = context[key]
    if operator == "Bool":
        return actual.lower() in [w.lower() for w in wanted]
    if operator == "StringEquals":
        return actual in wanted
    if operator == "StringNotEquals":
        return actual not in wanted
    # An operator this extension does not evaluate: the statement is skipped (and logged) rather than applied as if
    # its condition held, which is what made moto deny every request.
    print(f"moto_server_ext: bucket-policy condition operator {operator} is not evaluated; statement skipped")
    return False


def _statement_applies(statement: dict, context: dict) -> bool:
    for operator, pairs in (statement.get("Condition") or {}).items():
        for key, expected in pairs.items():
            if not _condition_holds(operator, key, expected, context):
                return False
    return True


def get_permission(self: FakeBucket, action: str, resource: str):
    from moto.iam.access_control import IAMPolicy, PermissionResult
    import json

    if self.policy is None:
        return PermissionResult.NEUTRAL
    context = {"aws:SecureTransport": "true" if getattr(_request, "secure", False) else "false"}
    document = json.loads(self.policy.decode())
    statements = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
    permitted = False
    for statement in statements:
        if not _statement_applies(statement, context):
            continue
        # moto evaluates the rest (action, resource, principal); the condition is settled above
        unconditional = {k: v for k, v in statement.items() if k != "Condition"}
        result = IAMPolicyStatement(unconditional).is_action_permitted(action, resource)
        if result == PermissionResult.DENIED:
            return result
        if result == PermissionResult.PERMITTED:
            permitted = True
    return PermissionResult.PERMITTED if permitted else PermissionResult.NEUTRAL


_delete_object = S3Backend.delete_object


def delete_object(self: S3Backend, bucket_name: str, key_name: str, version_id=None, bypass: bool = False):
    bucket = self.get_bucket(bucket_name)
    if version_id is None or bucket.versioning_status != "Suspended":
        return _delete_object(self, bucket_name, key_name, version_id=version_id, bypass=bypass)
    # moto's versioned branch removes exactly one version; it runs only while the status reads Enabled
    bucket.versioning_status = "Enabled"
    try:
        return _delete_object(self, bucket_name, key_name, version_id=version_id, bypass=bypass)
    finally:
        bucket.versioning_status = "Suspended"


_copy_object = S3Backend.copy_object


def copy_object(self: S3Backend, src_key, dest_bucket_name: str, dest_key_name: str, **kwargs):
    bucket = self.get_bucket(dest_bucket_name)
    if not kwargs.get("encryption") and bucket.encryption:
        rule = bucket.encryption["Rule"]
        default = rule["ApplyServerSideEncryptionByDefault"]
        kwargs["encryption"] = default["SSEAlgorithm"]
        kwargs["kms_key_id"] = kwargs.get("kms_key_id") or default.get("KMSMasterKeyID")
        kwargs["bucket_key_enabled"] = kwargs.get("bucket_key_enabled") or rule.get("BucketKeyEnabled")
    return _copy_object(self, src_key, dest_bucket_name, dest_key_name, **kwargs)


def dispose(self: FakeDeleteMarker, garbage: bool = False) -> None:
    """A delete marker holds no data to free; moto's key store disposes every version it drops."""


S3Response.setup_class = setup_class
FakeBucket.get_permission = get_permission
S3Backend.delete_object = delete_object
S3Backend.copy_object = copy_object
FakeDeleteMarker.dispose = dispose
