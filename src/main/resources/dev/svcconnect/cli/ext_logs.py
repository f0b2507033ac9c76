"""CloudWatch Logs' AssociateKmsKey and DisassociateKmsKey, which moto 5.2.1 lacks.

Turning security.kmsKeys on or off for a deployed stack updates its log groups in place: the AWS provider calls
AssociateKmsKey (key set) or DisassociateKmsKey (key removed) with the log group's name. moto answered both with
HTTP 500, which the provider retries until the apply times out. This adds the two calls as the API reference has them:
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DisassociateKmsKey.html
- the target is either logGroupName or resourceIdentifier (a log group's ARN,
  arn:aws:logs:REGION:ACCOUNT_ID:log-group:LOG_GROUP_NAME), never both ("you must specify either the
  resourceIdentifier parameter or the logGroup parameter, but you can't specify both"): InvalidParameterException
  otherwise; a query-result resourceIdentifier (the account's Logs Insights results) is refused by name, as this
  emulator keeps no query results;
- an unknown log group: ResourceNotFoundException ("The specified log group does not exist.", moto's message);
- AssociateKmsKey's kmsKeyId is the ARN of a KMS key; a key that does not exist or is not enabled is refused with
  InvalidParameterException ("If you attempt to associate a KMS key with a log group but the KMS key does not exist
  or the KMS key is disabled, you receive an InvalidParameterException error"); the key replaces any earlier one
  ("Associating a KMS key with a log group overrides any existing associations");
- DescribeLogGroups then reports the key as the group's kmsKeyId, and no kmsKeyId after DisassociateKmsKey
  (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html: kmsKeyId, "The Amazon
  Resource Name (ARN) of the AWS KMS key to use when encrypting log data"); moto already omits it when unset.
Both answer HTTP 200 with an empty body ("If the action is successful, the service sends back an HTTP 200 response
with an empty HTTP body"). AWS applies the change within up to 5 minutes; the emulator applies it at once.
"""

import re

from moto.kms.models import kms_backends
from moto.logs.exceptions import InvalidParameterException, ResourceNotFoundException
from moto.logs.models import LogGroup, LogsBackend
from moto.logs.responses import LogsResponse

# arn:PARTITION:logs:REGION:ACCOUNT_ID:log-group:LOG_GROUP_NAME (API_AssociateKmsKey, resourceIdentifier)
_LOG_GROUP_ARN = re.compile(r"^arn:[a-z-]+:logs:([a-z0-9-]+):(\d{12}):log-group:([.\-_/#A-Za-z0-9]+)$")
# arn:PARTITION:logs:REGION:ACCOUNT_ID:query-result:* (API_AssociateKmsKey, resourceIdentifier)
_QUERY_RESULT_ARN = re.compile(r"^arn:[a-z-]+:logs:[a-z0-9-]+:\d{12}:query-result:\*$")
# arn:PARTITION:kms:REGION:ACCOUNT_ID:key/KEY_ID
# (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN)
_KEY_ARN = re.compile(r"^arn:[a-z-]+:kms:([a-z0-9-]+):(\d{12}):key/([A-Za-z0-9-]+)$")


def _target(self: LogsResponse) -> LogGroup:
    """The log group named by logGroupName or resourceIdentifier, exactly one of which the request carries."""
    name = self._get_param("logGroupName")
    identifier = self._get_param("resourceIdentifier")
    if (name is None) == (identifier is None):
        raise InvalidParameterException(
            "Specify either the logGroupName parameter or the resourceIdentifier parameter, but not both.")
    if identifier is not None:
        if _QUERY_RESULT_ARN.match(identifier):
            raise InvalidParameterException(
                f"resourceIdentifier {identifier}: query-result encryption is not emulated (no query results are kept)")
        arn = _LOG_GROUP_ARN.match(identifier)
        if not arn or arn.group(1) != self.region or arn.group(2) != self.current_account:
            raise InvalidParameterException(
                f"resourceIdentifier {identifier} is not the ARN of a log group of this account and Region")
        name = arn.group(3)
    backend: LogsBackend = self.logs_backend
    if name not in backend.groups:
        raise ResourceNotFoundException()
    return backend.groups[name]


def _enabled_key_arn(key_id: str) -> str:
    """The ARN of an existing, enabled KMS key; InvalidParameterException for anything else."""
    arn = _KEY_ARN.match(key_id or "")
    if not arn:
        raise InvalidParameterException(f"kmsKeyId {key_id} is not the ARN of a KMS key")
    region, account, key = arn.groups()
    found = kms_backends[account][region].keys.get(key)
    if found is None or found.key_state != "Enabled":
        raise InvalidParameterException(f"Specified KMS key {key_id} does not exist or is not enabled")
    return key_id


def associate_kms_key(self: LogsResponse) -> str:
    group = _target(self)
    group.kms_key_id = _enabled_key_arn(self._get_param("kmsKeyId"))
    return ""


def disassociate_kms_key(self: LogsResponse) -> str:
    _target(self).kms_key_id = None
    return ""


LogsResponse.associate_kms_key = associate_kms_key
LogsResponse.disassociate_kms_key = disassociate_kms_key
