"""Who may join and manage circles: the one place these rules live. (Who may read a circle's
posts is forum's visibility rule, from orgs/access.py.)"""

from allauth.account.models import EmailAddress

from accounts.models import Viewer
from orgs.models import Circle, CircleMembership, Organisation, OrganisationMembership


def is_organisation_admin(user: Viewer, organisation: Organisation | int) -> bool:
    if not user.is_authenticated:
        return False
    pk = organisation if isinstance(organisation, int) else organisation.pk
    return (
        OrganisationMembership.objects.active()
        .filter(organisation_id=pk, member_id=user.pk, role=OrganisationMembership.Role.ADMIN)
        .exists()
    )


def is_circle_moderator(user: Viewer, circle: Circle) -> bool:
    """Holds the moderator role in CIRCLE (acting on its posts also needs two-factor: orgs/access.py)."""
    if not user.is_authenticated:
        return False
    return (
        CircleMembership.objects.active()
        .filter(circle=circle, member_id=user.pk, role=CircleMembership.Role.MODERATOR)
        .exists()
    )


def can_manage_circle(user: Viewer, circle: Circle) -> bool:
    """Invite, revoke invitations, remove members and list them: the circle's moderators and the
    organisation's admins. (Organisation admins manage membership; they read the circle's posts
    only if they are members of it themselves.)"""
    return (
        user.is_authenticated
        and user.is_active
        and (is_circle_moderator(user, circle) or is_organisation_admin(user, circle.organisation_id))
    )


def can_appoint_moderators(user: Viewer, circle: Circle) -> bool:
    """Make a circle member a circle moderator, or a moderator a member again: organisation admins."""
    return user.is_authenticated and user.is_active and is_organisation_admin(user, circle.organisation_id)


def is_in_organisation(user: Viewer, organisation: Organisation) -> bool:
    """An active member of ORGANISATION, or eligible through a verified email at one of its domains."""
    if not user.is_authenticated:
        return False
    if OrganisationMembership.objects.active().filter(organisation=organisation, member_id=user.pk).exists():
        return True
    return has_eligible_email(user, organisation)


def has_eligible_email(user: Viewer, organisation: Organisation) -> bool:
    if not organisation.email_domains or not user.is_authenticated:
        return False
    emails = EmailAddress.objects.filter(user_id=user.pk, verified=True).values_list("email", flat=True)
    return any(organisation.is_eligible_email(email) for email in emails)


def can_join_circle(user: Viewer, circle: Circle) -> bool:
    """Open circles: the organisation's members (and those eligible by email) join by themselves."""
    return (
        user.is_authenticated
        and user.is_active
        and not getattr(user, "is_deleted_account", False)
        and circle.is_open
        and is_in_organisation(user, circle.organisation)
    )
