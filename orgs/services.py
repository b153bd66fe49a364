"""Every change to organisations' and circles' membership: one transaction each.

Views, the admin's actions, commands and tests call these; sign-in through an organisation's
identity provider (orgs/identity.py) makes members through `join_through_identity_provider`, and
SCIM deprovisioning is meant to end memberships through `end_organisation_membership`. Changes made by a
circle's moderators or the organisation's admins are recorded in the circle's own append-only log
(CircleEvent). A member who loses a circle is announced through orgs.signals, so that forum drops
what it was going to tell them about it.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from orgs import permissions
from orgs.access import forget_circles
from orgs.models import (
    Circle,
    CircleEvent,
    CircleInvitation,
    CircleMembership,
    Organisation,
    OrganisationMembership,
    token_digest,
)
from orgs.signals import circle_membership_ended


class CircleError(Exception):
    """A circle action that can't be done, with a message for the member."""


def _active_membership(circle: Circle, member: User) -> CircleMembership | None:
    return CircleMembership.objects.active().filter(circle=circle, member=member).first()


def _add_member(circle: Circle, member: User) -> CircleMembership:
    if _active_membership(circle, member) is not None:
        raise CircleError(f"You're already in {circle.name}.")
    try:
        with transaction.atomic():
            membership = CircleMembership.objects.create(circle=circle, member=member)
    except IntegrityError:  # joined twice at once: one membership
        raise CircleError(f"You're already in {circle.name}.") from None
    forget_circles(member)
    return membership


@transaction.atomic
def join_circle(circle: Circle, member: User) -> CircleMembership:
    """MEMBER joins the open CIRCLE by themselves. Eligibility by email domain makes them a member
    of the organisation too (source: email domain)."""
    if not permissions.can_join_circle(member, circle):
        raise CircleError("This circle is open to its organisation's members only, or by invitation.")
    organisation = circle.organisation
    in_organisation = (
        OrganisationMembership.objects.active().filter(organisation=organisation, member=member).exists()
    )
    if not in_organisation:
        OrganisationMembership.objects.get_or_create(
            organisation=organisation,
            member=member,
            ended_at=None,
            defaults={"source": OrganisationMembership.Source.EMAIL_DOMAIN},
        )
    return _add_member(circle, member)


def _end(membership: CircleMembership, *, reason: str, ended_by: User | None) -> None:
    ended = CircleMembership.objects.filter(pk=membership.pk, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=reason, ended_by=ended_by
    )
    if ended:
        circle_membership_ended.send(
            sender=CircleMembership, circle=membership.circle, member=membership.member
        )
    forget_circles(membership.member)


@transaction.atomic
def leave_circle(circle: Circle, member: User) -> None:
    membership = _active_membership(circle, member)
    if membership is None:
        raise CircleError("You're not in this circle.")
    _end(membership, reason="left", ended_by=member)


@transaction.atomic
def remove_member(membership: CircleMembership, actor: User) -> None:
    """A circle moderator or organisation admin removes someone from the circle. Their posts stay;
    they no longer see the circle or hear about it."""
    if not permissions.can_manage_circle(actor, membership.circle):
        raise CircleError("Only the circle's moderators and its organisation's admins can remove members.")
    if membership.ended_at is not None:
        raise CircleError("They have already left the circle.")
    if membership.member_id == actor.pk:
        raise CircleError("To leave the circle yourself, use Leave on your circles page.")
    _end(membership, reason="removed", ended_by=actor)
    CircleEvent.objects.create(
        circle=membership.circle, actor=actor, member=membership.member, kind=CircleEvent.Kind.REMOVE
    )


@transaction.atomic
def set_circle_role(membership: CircleMembership, actor: User, role: str) -> None:
    """An organisation admin makes a member a circle moderator, or a moderator a member again."""
    if not permissions.can_appoint_moderators(actor, membership.circle):
        raise CircleError("Only the organisation's admins can appoint circle moderators.")
    if role not in CircleMembership.Role.values:
        raise CircleError("Unknown role.")
    changed = (
        CircleMembership.objects.filter(pk=membership.pk, ended_at__isnull=True)
        .exclude(role=role)
        .update(role=role)
    )
    if changed:
        CircleEvent.objects.create(
            circle=membership.circle,
            actor=actor,
            member=membership.member,
            kind=CircleEvent.Kind.ROLE,
            detail=role,
        )
    forget_circles(membership.member)


@transaction.atomic
def end_organisation_membership(membership: OrganisationMembership, *, reason: str) -> None:
    """MEMBERSHIP of an organisation ends (an admin's decision; later, SSO or SCIM deprovisioning):
    so do its member's memberships of every circle of that organisation. Their posts stay."""
    OrganisationMembership.objects.filter(pk=membership.pk, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=reason
    )
    for circle_membership in (
        CircleMembership.objects.active()
        .filter(member_id=membership.member_id, circle__organisation_id=membership.organisation_id)
        .select_related("circle", "member")
    ):
        _end(circle_membership, reason=f"left the organisation ({reason})", ended_by=None)


@transaction.atomic
def join_through_identity_provider(organisation: Organisation, member: User) -> OrganisationMembership:
    """MEMBER signed in through ORGANISATION's identity provider, which attests that they are one
    of its people: they are an active member of it from now on (orgs/identity.py). A member who is
    one already keeps the membership they have."""
    membership = (
        OrganisationMembership.objects.active().filter(organisation=organisation, member=member).first()
    )
    if membership is not None:
        return membership
    try:
        with transaction.atomic():
            return OrganisationMembership.objects.create(
                organisation=organisation,
                member=member,
                source=OrganisationMembership.Source.IDENTITY_PROVIDER,
            )
    except IntegrityError:  # signed in twice at once: one membership
        return OrganisationMembership.objects.active().get(organisation=organisation, member=member)


# --- Invitations ----------------------------------------------------------------------------------


def _expiry():
    return timezone.now() + timedelta(days=settings.HAVEN_CIRCLE_INVITATION_DAYS)


@transaction.atomic
def invite_member(circle: Circle, inviter: User, invitee: User) -> CircleInvitation:
    """Invite INVITEE (found by their display name) to CIRCLE; they accept or decline on their
    circles page."""
    if not permissions.can_manage_circle(inviter, circle):
        raise CircleError("Only the circle's moderators and its organisation's admins can invite.")
    if not invitee.is_active or invitee.is_deleted_account:
        raise CircleError("There is no member by that name.")
    if _active_membership(circle, invitee) is not None:
        raise CircleError(f"{invitee.display_name} is already in {circle.name}.")
    if CircleInvitation.objects.usable().filter(circle=circle, invitee=invitee).exists():
        raise CircleError(f"{invitee.display_name} already has an invitation waiting.")
    invitation = CircleInvitation.objects.create(
        circle=circle, invited_by=inviter, invitee=invitee, expires_at=_expiry()
    )
    CircleEvent.objects.create(circle=circle, actor=inviter, member=invitee, kind=CircleEvent.Kind.INVITE)
    return invitation


@transaction.atomic
def create_invitation_link(circle: Circle, inviter: User) -> tuple[CircleInvitation, str]:
    """A single-use invitation link to CIRCLE: returns the invitation and the token for its link,
    which is shown once (only its digest is stored)."""
    if not permissions.can_manage_circle(inviter, circle):
        raise CircleError("Only the circle's moderators and its organisation's admins can invite.")
    token = secrets.token_urlsafe(24)
    invitation = CircleInvitation.objects.create(
        circle=circle, invited_by=inviter, token_digest=token_digest(token), expires_at=_expiry()
    )
    CircleEvent.objects.create(circle=circle, actor=inviter, kind=CircleEvent.Kind.INVITE, detail="link")
    return invitation, token


def invitation_for_link(token: str) -> CircleInvitation | None:
    """The usable invitation behind a link's TOKEN; None for a wrong, used, revoked or expired one."""
    if not token or len(token) > 100:
        return None
    return (
        CircleInvitation.objects.usable()
        .select_related("circle")
        .filter(token_digest=token_digest(token), invitee__isnull=True)
        .first()
    )


def _claim(invitation: CircleInvitation, member: User) -> CircleInvitation:
    locked = CircleInvitation.objects.select_for_update().filter(pk=invitation.pk).usable().first()
    if locked is None:
        raise CircleError("This invitation has expired, was withdrawn or has been used.")
    if locked.invitee_id is not None and locked.invitee_id != member.pk:
        raise CircleError("This invitation is for someone else.")
    return locked


@transaction.atomic
def accept_invitation(invitation: CircleInvitation, member: User) -> CircleMembership:
    """MEMBER accepts INVITATION (addressed to them, or a link): they join its circle, and the
    invitation can't be used again."""
    if not member.is_active or member.is_deleted_account:
        raise CircleError("This account can't join circles.")
    locked = _claim(invitation, member)
    membership = _add_member(locked.circle, member)
    CircleInvitation.objects.filter(pk=locked.pk).update(accepted_at=timezone.now(), accepted_by=member)
    return membership


@transaction.atomic
def decline_invitation(invitation: CircleInvitation, member: User) -> None:
    locked = _claim(invitation, member)
    if locked.invitee_id != member.pk:
        raise CircleError("This invitation is for someone else.")
    CircleInvitation.objects.filter(pk=locked.pk).update(declined_at=timezone.now())


@transaction.atomic
def revoke_invitation(invitation: CircleInvitation, actor: User) -> None:
    if not permissions.can_manage_circle(actor, invitation.circle):
        raise CircleError(
            "Only the circle's moderators and its organisation's admins can withdraw invitations."
        )
    revoked = (
        CircleInvitation.objects.usable()
        .filter(pk=invitation.pk)
        .update(revoked_at=timezone.now(), revoked_by=actor)
    )
    if not revoked:
        raise CircleError("This invitation can no longer be withdrawn.")
    CircleEvent.objects.create(
        circle=invitation.circle, actor=actor, member=invitation.invitee, kind=CircleEvent.Kind.REVOKE
    )
