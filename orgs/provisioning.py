"""An organisation's identity provider deciding who is in (issue 23, item 2): SCIM tokens, SCIM
provisioning and deprovisioning, sign-in through the provider, and access that lapses when the
member stops signing in through it. Every write is one transaction.

The firewall between the organisation's identity and the member's pseudonym: everything the
provider sends about a person (a sign-in subject, a SCIM userName or externalId) is kept only as
identity_digest(), and the SCIM endpoint (orgs/scim_views.py) answers with what it was sent in
that request and a random id, never with a member's name, email or posts.

Deprovisioning ends the member's organisation membership, and so their circles in it, through
orgs.services.end_organisation_membership, and signs them out everywhere. The account and its
posts stay: a member who also signed up with an email keeps the wider forum; one whose only way
in was the provider has, until the provider lets them in again, no way to sign in.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.sessions import end_sessions
from orgs.access import forget_circles
from orgs.models import (
    CircleMembership,
    Organisation,
    OrganisationMembership,
    ProvisionedUser,
    ScimToken,
    identity_digest,
    token_digest,
)
from orgs.services import end_organisation_membership

# end_organisation_membership writes "left the organisation (REASON)" on each circle membership.
DEPROVISIONED = "deprovisioned"
LAPSED = "sign-in lapsed"


class ProvisioningError(Exception):
    """A provisioning request that can't be carried out; `conflict` when the userName is taken."""

    def __init__(self, message: str, *, conflict: bool = False) -> None:
        super().__init__(message)
        self.conflict = conflict


class IdentityDeprovisioned(Exception):
    """A sign-in through the provider for someone its SCIM connection has deprovisioned."""


# --- Tokens ---------------------------------------------------------------------------------------


@transaction.atomic
def create_scim_token(
    organisation: Organisation, name: str, created_by: User | None
) -> tuple[ScimToken, str]:
    """A new bearer token for ORGANISATION's SCIM endpoint: the row, and the token, shown once."""
    token = secrets.token_urlsafe(32)
    row = ScimToken.objects.create(
        organisation=organisation, name=name, token_digest=token_digest(token), created_by=created_by
    )
    return row, token


def revoke_scim_token(token: ScimToken) -> None:
    """Stop TOKEN working at once. It stays listed (revoked), so its use stays on record."""
    ScimToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def organisation_for_token(slug: str, token: str) -> Organisation | None:
    """The organisation whose SCIM endpoint SLUG names, if TOKEN is one of its unrevoked tokens
    (a token of another organisation, a revoked one or a wrong one: None). Records its use."""
    if not token or len(token) > 200:
        return None
    row = (
        ScimToken.objects.filter(
            token_digest=token_digest(token), revoked_at__isnull=True, organisation__slug=slug
        )
        .select_related("organisation")
        .first()
    )
    if row is None:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
        ScimToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.organisation


# --- SCIM users -----------------------------------------------------------------------------------


def _user_name_digest(organisation: Organisation, user_name: str) -> str:
    return identity_digest(organisation.pk, user_name.lower())  # SCIM: userName is case-insensitive


def find_by_user_name(organisation: Organisation, user_name: str) -> ProvisionedUser | None:
    return ProvisionedUser.objects.filter(
        organisation=organisation, user_name=_user_name_digest(organisation, user_name)
    ).first()


def find_by_external_id(organisation: Organisation, external_id: str) -> list[ProvisionedUser]:
    return list(
        ProvisionedUser.objects.filter(
            organisation=organisation, external_id=identity_digest(organisation.pk, external_id)
        ).order_by("created_at")
    )


@dataclass(frozen=True)
class Changes:
    """What a SCIM request asks to change; None leaves an attribute as it is."""

    user_name: str | None = None
    external_id: str | None = None
    remove_external_id: bool = False
    active: bool | None = None


@transaction.atomic
def provision_user(organisation: Organisation, changes: Changes) -> ProvisionedUser:
    """Record a person the provider provisioned (SCIM POST /Users). No member is created: whoever
    signs in through the provider with a matching subject is this person."""
    if not changes.user_name:
        raise ProvisioningError("userName is required.")
    now = timezone.now()
    try:
        with transaction.atomic():
            return ProvisionedUser.objects.create(
                organisation=organisation,
                user_name=_user_name_digest(organisation, changes.user_name),
                external_id=identity_digest(organisation.pk, changes.external_id)
                if changes.external_id
                else None,
                active=changes.active is not False,
                created_at=now,
                updated_at=now,
                deprovisioned_at=None if changes.active is not False else now,
            )
    except IntegrityError:
        raise ProvisioningError("A user with this userName already exists.", conflict=True) from None


@transaction.atomic
def update_provisioned_user(provisioned: ProvisionedUser, changes: Changes) -> ProvisionedUser:
    """Apply a SCIM PATCH or PUT. `active: false` deprovisions; `active: true` lets the person in
    again at their next sign-in through the provider."""
    locked = ProvisionedUser.objects.select_for_update().get(pk=provisioned.pk)
    organisation = locked.organisation
    if changes.user_name is not None:
        if not changes.user_name:
            raise ProvisioningError("userName can't be empty.")
        digest = _user_name_digest(organisation, changes.user_name)
        taken = ProvisionedUser.objects.filter(organisation=organisation, user_name=digest).exclude(
            pk=locked.pk
        )
        if taken.exists():
            raise ProvisioningError("A user with this userName already exists.", conflict=True)
        locked.user_name = digest
    if changes.remove_external_id:
        locked.external_id = None
    elif changes.external_id is not None:
        locked.external_id = (
            identity_digest(organisation.pk, changes.external_id) if changes.external_id else None
        )
    locked.updated_at = timezone.now()
    if changes.active is not None:
        locked.active = changes.active
        locked.deprovisioned_at = None if changes.active else (locked.deprovisioned_at or locked.updated_at)
    locked.save()
    if changes.active is False:
        _end_access(locked, reason=DEPROVISIONED)
    return locked


@transaction.atomic
def delete_provisioned_user(provisioned: ProvisionedUser) -> None:
    """SCIM DELETE /Users/<id>: deprovision the person and forget the record."""
    _end_access(provisioned, reason=DEPROVISIONED)
    ProvisionedUser.objects.filter(pk=provisioned.pk).delete()


def _memberships_of(provisioned: ProvisionedUser) -> list[OrganisationMembership]:
    digests = [digest for digest in (provisioned.external_id, provisioned.user_name) if digest]
    return list(
        OrganisationMembership.objects.active()
        .filter(organisation_id=provisioned.organisation_id, external_id__in=digests)
        .select_related("member")
    )


def _end_access(provisioned: ProvisionedUser, *, reason: str) -> None:
    for membership in _memberships_of(provisioned):
        end_organisation_membership(membership, reason=reason)
        end_sessions(membership.member)


# --- Sign-in through the provider, and its lapse ------------------------------------------------


@transaction.atomic
def record_identity_provider_sign_in(
    organisation: Organisation, member: User, subject: str
) -> OrganisationMembership:
    """MEMBER signed in through ORGANISATION's identity provider as SUBJECT (for the sign-in code
    to call once the provider has vouched for them): their membership of the organisation comes
    from the provider, with the subject's digest and the time, and circles they lost only because
    their sign-in lapsed come back. Raises IdentityDeprovisioned if SCIM deprovisioned SUBJECT
    (matched to the SCIM externalId, or to the userName when the subject is that in lower case)."""
    return record_sign_in_by_digest(organisation, member, identity_digest(organisation.pk, subject))


def record_sign_in_by_digest(organisation: Organisation, member: User, digest: str) -> OrganisationMembership:
    """record_identity_provider_sign_in, for a caller that kept only the subject's digest (the
    sign-in flow, which may span requests and never keeps the subject itself)."""
    if ProvisionedUser.objects.filter(
        Q(external_id=digest) | Q(user_name=digest), organisation=organisation, active=False
    ).exists():
        raise IdentityDeprovisioned("The organisation's identity provider no longer lets this person in.")
    now = timezone.now()
    membership = (
        OrganisationMembership.objects.active()
        .select_for_update()
        .filter(organisation=organisation, member=member)
        .first()
    )
    if membership is not None:
        OrganisationMembership.objects.filter(pk=membership.pk).update(
            source=OrganisationMembership.Source.IDENTITY_PROVIDER, external_id=digest, authenticated_at=now
        )
        membership.refresh_from_db()
        return membership
    membership = OrganisationMembership.objects.create(
        organisation=organisation,
        member=member,
        source=OrganisationMembership.Source.IDENTITY_PROVIDER,
        external_id=digest,
        authenticated_at=now,
        joined_at=now,
    )
    _restore_lapsed_circles(organisation, member)
    return membership


def _restore_lapsed_circles(organisation: Organisation, member: User) -> None:
    lapsed = (
        OrganisationMembership.objects.filter(
            organisation=organisation, member=member, ended_at__isnull=False, end_reason=LAPSED
        )
        .order_by("-ended_at")
        .first()
    )
    if (
        lapsed is None
        or OrganisationMembership.objects.filter(
            organisation=organisation, member=member, ended_at__gt=lapsed.ended_at
        ).exists()
    ):
        return  # never lapsed, or ended again since for another reason
    ended_then = CircleMembership.objects.filter(
        member=member,
        circle__organisation=organisation,
        end_reason=f"left the organisation ({LAPSED})",
        ended_at__gte=lapsed.joined_at,
    )
    current = set(CircleMembership.objects.active().filter(member=member).values_list("circle_id", flat=True))
    for old in ended_then:
        if old.circle_id not in current:
            CircleMembership.objects.create(circle_id=old.circle_id, member=member, role=old.role)
            current.add(old.circle_id)
    forget_circles(member)


def end_lapsed_access(now: datetime | None = None) -> int:
    """End the organisation memberships that came from an identity provider and whose member has
    not signed in through it for HAVEN_ORGANISATION_REAUTH_DAYS: they lose the organisation's
    circles, and are signed out, until they sign in through it again. Returns how many ended."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.HAVEN_ORGANISATION_REAUTH_DAYS)
    lapsed = (
        OrganisationMembership.objects.active()
        .filter(source=OrganisationMembership.Source.IDENTITY_PROVIDER)
        .alias(last_sign_in=Coalesce("authenticated_at", "joined_at"))
        .filter(last_sign_in__lt=cutoff)
    )
    ended = 0
    for pk in list(lapsed.values_list("pk", flat=True)):
        with transaction.atomic():
            # Again under a lock: a sign-in since the list was read renews the membership.
            membership = lapsed.select_for_update(of=("self",)).select_related("member").filter(pk=pk).first()
            if membership is None:
                continue
            end_organisation_membership(membership, reason=LAPSED)
            end_sessions(membership.member)
        ended += 1
    return ended
