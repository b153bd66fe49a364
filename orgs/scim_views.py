"""The SCIM 2.0 Users endpoint of each organisation, /scim/v2/<organisation slug>/Users, for its
identity provider (Entra ID, Okta) to provision and deprovision people.

Authenticated by a bearer token of that organisation only (orgs/provisioning.py); no session or
cookie counts, so there is no CSRF to check. Every answer is SCIM JSON, errors included (401,
400, 404, 409), and carries no member's name, email or post: only a random id, whether the
person is active, and the userName or externalId the request itself sent.
"""

import uuid

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from orgs import provisioning, scim
from orgs.models import Organisation, ProvisionedUser


def _answer(body: dict | None, status: int = 200, **headers: str) -> HttpResponse:
    if body is None:
        return HttpResponse(status=status, headers=headers)
    return JsonResponse(body, status=status, content_type=scim.CONTENT_TYPE, headers=headers)


def _error(error: scim.ScimError) -> HttpResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="SCIM"'} if error.status == 401 else {}
    return _answer(error.body(), error.status, **headers)


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    organisation = None
    if scheme.lower() == "bearer":
        organisation = provisioning.organisation_for_token(slug, token.strip())
    if organisation is None:
        raise scim.ScimError(401, "A valid bearer token for this organisation is required.")
    return organisation


def _location(request: HttpRequest, slug: str, provisioned: ProvisionedUser) -> str:
    return request.build_absolute_uri(reverse("scim:user", args=[slug, provisioned.scim_id]))


def _provisioned(organisation: Organisation, scim_id: str) -> ProvisionedUser:
    try:
        key = uuid.UUID(scim_id)
    except ValueError:
        key = None
    found = ProvisionedUser.objects.filter(organisation=organisation, scim_id=key).first() if key else None
    if found is None:
        raise scim.ScimError(404, "No such user.")
    return found


def _refused(error: provisioning.ProvisioningError) -> scim.ScimError:
    if error.conflict:
        return scim.ScimError(409, str(error), "uniqueness")
    return scim.ScimError(400, str(error), "invalidValue")


@csrf_exempt
@never_cache
def users(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: list or filter (userName eq, externalId eq); POST: provision."""
    try:
        organisation = _organisation(request, slug)
        if request.method == "GET":
            return _list(request, organisation, slug)
        if request.method == "POST":
            changes = scim.read_user(scim.read_json(request.body))
            try:
                provisioned = provisioning.provision_user(organisation, changes)
            except provisioning.ProvisioningError as error:
                raise _refused(error) from None
            location = _location(request, slug, provisioned)
            body = scim.user_resource(
                provisioned, location, user_name=changes.user_name, external_id=changes.external_id
            )
            return _answer(body, 201, Location=location)
        raise scim.ScimError(405, "Use GET or POST here.")
    except scim.ScimError as error:
        return _error(error)


def _list(request: HttpRequest, organisation: Organisation, slug: str) -> HttpResponse:
    found = scim.parse_filter(request.GET.get("filter"))
    start, count = scim.parse_paging(request.GET.get("startIndex"), request.GET.get("count"))
    echo: dict[str, str] = {}
    if found is None:
        matches = ProvisionedUser.objects.filter(organisation=organisation).order_by("created_at", "pk")
        total = matches.count()
        page = list(matches[start - 1 : start - 1 + count])
    else:
        if found.attribute == "userName":
            one = provisioning.find_by_user_name(organisation, found.value)
            everything = [one] if one else []
            echo = {"user_name": found.value}
        elif found.attribute == "externalId":
            everything = provisioning.find_by_external_id(organisation, found.value)
            echo = {"external_id": found.value}
        else:
            try:
                everything = [_provisioned(organisation, found.value)]
            except scim.ScimError:
                everything = []
        total = len(everything)
        page = everything[start - 1 : start - 1 + count]
    resources = [scim.user_resource(p, _location(request, slug, p), **echo) for p in page]
    return _answer(scim.list_response(resources, total, start))


@csrf_exempt
@never_cache
def user(request: HttpRequest, slug: str, scim_id: str) -> HttpResponse:
    """GET one; PATCH or PUT (`active: false` deprovisions); DELETE (deprovisions and forgets)."""
    try:
        organisation = _organisation(request, slug)
        provisioned = _provisioned(organisation, scim_id)
        location = _location(request, slug, provisioned)
        if request.method == "GET":
            return _answer(scim.user_resource(provisioned, location))
        if request.method == "DELETE":
            provisioning.delete_provisioned_user(provisioned)
            return _answer(None, 204)
        if request.method in ("PATCH", "PUT"):
            data = scim.read_json(request.body)
            changes = scim.read_patch(data) if request.method == "PATCH" else scim.read_user(data)
            try:
                provisioned = provisioning.update_provisioned_user(provisioned, changes)
            except provisioning.ProvisioningError as error:
                raise _refused(error) from None
            body = scim.user_resource(
                provisioned, location, user_name=changes.user_name, external_id=changes.external_id
            )
            return _answer(body)
        raise scim.ScimError(405, "Use GET, PATCH, PUT or DELETE here.")
    except scim.ScimError as error:
        return _error(error)
