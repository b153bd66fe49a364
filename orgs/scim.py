"""The small part of SCIM 2.0 (RFC 7643, RFC 7644) that identity providers use to deprovision:
reading requests (filters, PatchOp, User bodies) and writing responses (User resources, list
responses, errors). No database here: orgs/scim_views.py calls orgs/provisioning.py with what
this module read.

Written by hand rather than with django-scim2: its release for this Django (0.23) requires Django
below 6.1, it keeps userName, externalId and names on the user model in clear (Haven keeps only
digests and names no member), and it serves one endpoint for the whole site where Haven needs one
per organisation with its own tokens.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime

from orgs.models import ProvisionedUser
from orgs.provisioning import Changes

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
CONTENT_TYPE = "application/scim+json"
MAX_COUNT = 100
MAX_IDENTIFIER = 1000


class ScimError(Exception):
    """An error to answer with a SCIM Error object (RFC 7644, section 3.12)."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type

    def body(self) -> dict:
        body: dict = {"schemas": [ERROR_SCHEMA], "status": str(self.status), "detail": self.detail}
        if self.scim_type:
            body["scimType"] = self.scim_type
        return body


# --- Requests -------------------------------------------------------------------------------------

# `attribute eq "value"`: what Entra ID and Okta send to find a user before provisioning.
FILTER = re.compile(r'^\s*(userName|externalId|id)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$', re.IGNORECASE)


@dataclass(frozen=True)
class Filter:
    attribute: str  # "userName", "externalId" or "id"
    value: str


def parse_filter(text: str | None) -> Filter | None:
    """The filter query parameter, or None without one. Only `userName`, `externalId` or `id`
    `eq` a string are supported; anything else is a 400 invalidFilter."""
    if text is None:
        return None
    match = FILTER.match(text)
    if match is None:
        raise ScimError(
            400,
            'Only filters of the form userName eq "…" or externalId eq "…" are supported.',
            "invalidFilter",
        )
    try:
        value = json.loads(match[2])
    except ValueError:
        raise ScimError(400, "The filter's value is not a valid string.", "invalidFilter") from None
    attribute = {"username": "userName", "externalid": "externalId", "id": "id"}[match[1].lower()]
    return Filter(attribute, _identifier(value, attribute))


def parse_paging(start_index: str | None, count: str | None) -> tuple[int, int]:
    """startIndex (1-based) and count, clamped as RFC 7644 section 3.4.2.4 says."""
    try:
        start = int(start_index) if start_index else 1
        size = int(count) if count else MAX_COUNT
    except ValueError:
        raise ScimError(400, "startIndex and count must be integers.", "invalidValue") from None
    return max(start, 1), min(max(size, 0), MAX_COUNT)


def read_json(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ScimError(400, "The request body is not valid JSON.", "invalidSyntax") from None
    if not isinstance(data, dict):
        raise ScimError(400, "The request body must be a JSON object.", "invalidSyntax")
    return data


def _identifier(value: object, name: str) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_IDENTIFIER:
        raise ScimError(400, f"{name} must be a non-empty string.", "invalidValue")
    return value


def _boolean(value: object) -> bool:
    # Entra ID sends "True"/"False" as strings in PATCH unless the app opts in to RFC behaviour.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ScimError(400, "active must be true or false.", "invalidValue")


def read_user(data: dict) -> Changes:
    """A User resource (POST, PUT): userName (required), externalId and active; other attributes
    (names, emails) are not kept. A PUT without externalId leaves the one recorded: it is what links
    the record to whoever signs in, and providers leave it out of updates."""
    external_id = data.get("externalId")
    return Changes(
        user_name=_identifier(data.get("userName"), "userName"),
        external_id=_identifier(external_id, "externalId") if external_id is not None else None,
        active=_boolean(data["active"]) if "active" in data else None,
    )


KEPT = {"active", "username", "externalid"}


def read_patch(data: dict) -> Changes:
    """A PatchOp (RFC 7644 section 3.5.2): Okta's `{"op": "replace", "value": {"active": false}}`
    and Entra ID's `{"op": "Replace", "path": "active", "value": "False"}` both deprovision.
    Operations on attributes Haven does not keep (names, emails) are accepted and ignored."""
    operations = data.get("Operations")
    if PATCH_SCHEMA not in (data.get("schemas") or []) or not isinstance(operations, list) or not operations:
        raise ScimError(400, "A PatchOp with a list of Operations is required.", "invalidSyntax")
    values: dict[str, object] = {}
    removed: set[str] = set()
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError(400, "Each operation must be an object.", "invalidSyntax")
        op = operation.get("op")
        path = operation.get("path")
        if not isinstance(op, str) or op.lower() not in ("add", "replace", "remove"):
            raise ScimError(400, "op must be add, replace or remove.", "invalidSyntax")
        if path is not None and not isinstance(path, str):
            raise ScimError(400, "path must be a string.", "invalidPath")
        if op.lower() == "remove":
            if path is None:
                raise ScimError(400, "remove needs a path.", "noTarget")
            if path.lower() in KEPT:
                removed.add(path.lower())
            continue
        if "value" not in operation:
            raise ScimError(400, f"{op} needs a value.", "invalidValue")
        if path is None:
            if not isinstance(operation["value"], dict):
                raise ScimError(400, "Without a path, value must be an object.", "invalidValue")
            values.update(
                {key.lower(): value for key, value in operation["value"].items() if key.lower() in KEPT}
            )
        elif path.lower() in KEPT:
            values[path.lower()] = operation["value"]
    if removed & {"active", "username"}:
        raise ScimError(400, "active and userName can't be removed.", "mutability")
    return Changes(
        user_name=_identifier(values["username"], "userName") if "username" in values else None,
        external_id=_identifier(values["externalid"], "externalId") if "externalid" in values else None,
        remove_external_id="externalid" in removed,
        active=_boolean(values["active"]) if "active" in values else None,
    )


# --- Responses ------------------------------------------------------------------------------------


def _timestamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def user_resource(
    provisioned: ProvisionedUser,
    location: str,
    *,
    user_name: str | None = None,
    external_id: str | None = None,
) -> dict:
    """PROVISIONED as a SCIM User. Haven keeps only digests of userName and externalId, so they
    are echoed only when the request itself carried them (USER_NAME, EXTERNAL_ID)."""
    resource: dict = {"schemas": [USER_SCHEMA], "id": str(provisioned.scim_id)}
    if user_name is not None:
        resource["userName"] = user_name
    if external_id is not None:
        resource["externalId"] = external_id
    resource["active"] = provisioned.active
    resource["meta"] = {
        "resourceType": "User",
        "created": _timestamp(provisioned.created_at),
        "lastModified": _timestamp(provisioned.updated_at),
        "location": location,
    }
    return resource


def list_response(resources: list[dict], total: int, start: int) -> dict:
    return {
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }
