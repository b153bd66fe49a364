"""Read queries for the circles pages: a member's circles, the circles they may join, their
invitations, and a circle's membership for those who manage it; and the referral directory (the
deployment's referral entries and those of a member's organisations)."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Q, QuerySet

from accounts.models import User
from orgs import permissions
from orgs.models import (
    Circle,
    CircleEvent,
    CircleInvitation,
    CircleMembership,
    Organisation,
    OrganisationMembership,
    ReferralEntry,
)


@dataclass
class CirclesPage:
    memberships: list[CircleMembership]
    joinable: list[Circle]
    invitations: list[CircleInvitation]
    managed: list[Circle]


def circles_page(member: User) -> CirclesPage:
    """MEMBER's circles, the open circles of their organisations they are not in (or may join by
    a verified email at the organisation's domain), the invitations waiting for them, and the
    circles they manage."""
    memberships = list(
        CircleMembership.objects.active()
        .filter(member=member)
        .select_related("circle__organisation")
        .order_by("circle__name")
    )
    mine = {membership.circle_id for membership in memberships}
    open_circles = (
        Circle.objects.filter(joining=Circle.Joining.OPEN).exclude(pk__in=mine).select_related("organisation")
    )
    joinable = [circle for circle in open_circles if permissions.can_join_circle(member, circle)]
    invitations = list(
        CircleInvitation.objects.usable()
        .filter(invitee=member)
        .exclude(circle_id__in=mine)
        .select_related("circle__organisation", "invited_by")
        .order_by("created_at")
    )
    admin_of = (
        OrganisationMembership.objects.active()
        .filter(member=member, role=OrganisationMembership.Role.ADMIN)
        .values("organisation")
    )
    moderated = {m.circle_id for m in memberships if m.is_moderator}
    managed = list(Circle.objects.filter(Q(pk__in=moderated) | Q(organisation__in=admin_of)).order_by("name"))
    return CirclesPage(memberships=memberships, joinable=joinable, invitations=invitations, managed=managed)


def circle_members(circle: Circle) -> QuerySet[CircleMembership]:
    """CIRCLE's members, by display name (what its managers see: never an email)."""
    return (
        CircleMembership.objects.active()
        .filter(circle=circle)
        .select_related("member")
        .only("role", "joined_at", "circle", "member__display_name", "member__is_active")
        .order_by("member__display_name")
    )


def waiting_invitations(circle: Circle) -> QuerySet[CircleInvitation]:
    return (
        CircleInvitation.objects.usable()
        .filter(circle=circle)
        .select_related("invitee", "invited_by")
        .order_by("-created_at")
    )


def recent_events(circle: Circle, limit: int = 20) -> list[CircleEvent]:
    return list(CircleEvent.objects.filter(circle=circle).select_related("actor", "member")[:limit])


def _organisations_of(member: User) -> QuerySet[Organisation]:
    """The organisations MEMBER belongs to, directly or through one of their circles."""
    return Organisation.objects.filter(
        Q(pk__in=OrganisationMembership.objects.active().filter(member=member).values("organisation"))
        | Q(pk__in=CircleMembership.objects.active().filter(member=member).values("circle__organisation"))
    )


def organisation_resources(member: User) -> list[Organisation]:
    """The crisis lines and referral entries of the organisations MEMBER belongs to (directly, or
    through one of their circles), organisation by organisation."""
    organisations = _organisations_of(member)
    return list(organisations.prefetch_related("crisis_lines", "referrals").order_by("name"))


@dataclass
class ReferralGroup:
    kind: str  # a ReferralEntry.Kind
    label: str
    entries: list[ReferralEntry]


def referral_directory(member: User | AnonymousUser) -> list[ReferralGroup]:
    """Where MEMBER can be referred for support: the deployment's referral entries and those of
    the organisations they belong to (never another organisation's), grouped by kind in the order
    of ReferralEntry.Kind, the deployment's first within a kind. One query; a visitor who is not
    signed in gets the deployment's entries. Shown by templates/includes/referral_directory.html."""
    mine = Q(organisation__isnull=True)
    if member.is_authenticated:
        mine |= Q(organisation__in=_organisations_of(member))
    entries = (
        ReferralEntry.objects.filter(mine)
        .select_related("organisation")
        .order_by(F("organisation__name").asc(nulls_first=True), "position", "name")
    )
    by_kind: dict[str, list[ReferralEntry]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    return [
        ReferralGroup(kind=kind, label=label, entries=by_kind[kind])
        for kind, label in ReferralEntry.Kind.choices
        if kind in by_kind
    ]


def referral_choices(circle_id: int | None) -> QuerySet[ReferralEntry]:
    """The referral entries a moderator may point the author of a post in CIRCLE_ID (None: a site
    category) to: the deployment's, and the circle's organisation's. Chosen from where the post
    is, which the moderator sees anyway, never from who wrote it, so that the list says nothing
    about an anonymous author."""
    place = Q(organisation__isnull=True)
    if circle_id is not None:
        place |= Q(organisation__circles=circle_id)
    return (
        ReferralEntry.objects.filter(place)
        .select_related("organisation")
        .order_by(F("organisation__name").asc(nulls_first=True), "kind", "position", "name")
    )


def administered_organisations(member: User) -> list[Organisation]:
    """The organisations MEMBER is an active admin of (their reports are theirs to read)."""
    return list(
        Organisation.objects.filter(
            pk__in=OrganisationMembership.objects.active()
            .filter(member=member, role=OrganisationMembership.Role.ADMIN)
            .values("organisation")
        ).order_by("name")
    )
