"""Joining, leaving, invitations (expiry, revocation, single use) and removal, through the services
and the circles pages."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from orgs import services
from orgs.models import CircleEvent, CircleInvitation, CircleMembership, OrganisationMembership
from tests.factories import CircleFactory, UserFactory, add_to_circle, add_to_organisation
from tests.orgs.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_circle(organisation):
    return CircleFactory(organisation=organisation, joining="open", name="Open circle")


def test_organisation_members_join_an_open_circle(organisation, open_circle, outsider):
    add_to_organisation(organisation, outsider)
    services.join_circle(open_circle, outsider)
    assert CircleMembership.objects.active().filter(circle=open_circle, member=outsider).exists()


def test_members_with_a_verified_email_at_the_domain_may_join_and_join_the_organisation(
    organisation, open_circle
):
    member = UserFactory(email="nurse@elsewhere.example")
    services.join_circle(open_circle, member)
    membership = OrganisationMembership.objects.get(organisation=organisation, member=member)
    assert membership.source == OrganisationMembership.Source.EMAIL_DOMAIN


def test_an_unverified_email_at_the_domain_is_not_enough(open_circle):
    member = UserFactory(email="nurse@elsewhere.example", verified_email=False)
    EmailAddress.objects.create(user=member, email=member.email, verified=False, primary=True)
    with pytest.raises(services.CircleError):
        services.join_circle(open_circle, member)


def test_others_cannot_join_an_open_circle(open_circle, outsider):
    with pytest.raises(services.CircleError):
        services.join_circle(open_circle, outsider)


def test_nobody_joins_an_invitation_only_circle_by_themselves(organisation, circle, outsider):
    add_to_organisation(organisation, outsider)
    with pytest.raises(services.CircleError):
        services.join_circle(circle, outsider)


def test_members_leave_a_circle(insider, circle):
    services.leave_circle(circle, insider)
    membership = CircleMembership.objects.get(circle=circle, member=insider)
    assert membership.ended_at is not None
    assert membership.end_reason == "left"


def test_a_circle_moderator_invites_a_member_by_name(circle, circle_moderator, outsider):
    invitation = services.invite_member(circle, circle_moderator, outsider)
    assert invitation.expires_at.date() == (timezone.now() + timedelta(days=14)).date()
    assert CircleEvent.objects.filter(circle=circle, kind=CircleEvent.Kind.INVITE, member=outsider).exists()


def test_invitations_expire_after_the_configured_days(circle, org_admin, outsider, settings):
    settings.HAVEN_CIRCLE_INVITATION_DAYS = 3
    invitation = services.invite_member(circle, org_admin, outsider)
    with time_machine.travel(timezone.now() + timedelta(days=4)), pytest.raises(services.CircleError):
        services.accept_invitation(invitation, outsider)


def test_members_may_not_invite(circle, insider, outsider):
    with pytest.raises(services.CircleError):
        services.invite_member(circle, insider, outsider)


def test_accepting_an_invitation_joins_the_circle(circle, org_admin, outsider):
    invitation = services.invite_member(circle, org_admin, outsider)
    services.accept_invitation(invitation, outsider)
    assert CircleMembership.objects.active().filter(circle=circle, member=outsider).exists()


def test_an_invitation_is_for_its_invitee_only(circle, org_admin, outsider):
    invitation = services.invite_member(circle, org_admin, outsider)
    with pytest.raises(services.CircleError):
        services.accept_invitation(invitation, UserFactory())


def test_a_declined_invitation_cannot_be_accepted(circle, org_admin, outsider):
    invitation = services.invite_member(circle, org_admin, outsider)
    services.decline_invitation(invitation, outsider)
    with pytest.raises(services.CircleError):
        services.accept_invitation(invitation, outsider)


def test_a_revoked_invitation_cannot_be_accepted(circle, org_admin, outsider):
    invitation = services.invite_member(circle, org_admin, outsider)
    services.revoke_invitation(invitation, org_admin)
    with pytest.raises(services.CircleError):
        services.accept_invitation(invitation, outsider)


def test_an_invitation_link_is_single_use(circle, circle_moderator, outsider):
    invitation, token = services.create_invitation_link(circle, circle_moderator)
    assert services.invitation_for_link(token) == invitation
    services.accept_invitation(invitation, outsider)
    assert services.invitation_for_link(token) is None
    with pytest.raises(services.CircleError):
        services.accept_invitation(invitation, UserFactory())


def test_only_the_links_digest_is_stored(circle, circle_moderator):
    invitation, token = services.create_invitation_link(circle, circle_moderator)
    assert token not in str(CircleInvitation.objects.filter(pk=invitation.pk).values().get())


def test_an_invitation_link_page_joins_on_post(circle, circle_moderator, outsider):
    _invitation, token = services.create_invitation_link(circle, circle_moderator)
    client = client_for(outsider)
    url = reverse("circles:invitation_link", args=[token])
    assert circle.name in client.get(url).content.decode()
    client.post(url)
    assert CircleMembership.objects.active().filter(circle=circle, member=outsider).exists()


def test_a_wrong_invitation_link_is_not_found(outsider):
    response = client_for(outsider).get(reverse("circles:invitation_link", args=["not-a-token"]))
    assert response.status_code == 404


def test_removing_a_member_ends_their_membership_and_is_recorded(circle, insider, circle_moderator):
    membership = CircleMembership.objects.get(circle=circle, member=insider)
    services.remove_member(membership, circle_moderator)
    membership.refresh_from_db()
    assert membership.ended_by == circle_moderator
    assert CircleEvent.objects.filter(kind=CircleEvent.Kind.REMOVE, member=insider).exists()


def test_ending_an_organisation_membership_ends_its_circles(organisation, circle, outsider):
    membership = add_to_organisation(organisation, outsider)
    add_to_circle(circle, outsider)
    services.end_organisation_membership(membership, reason="deprovisioned")
    assert not CircleMembership.objects.active().filter(member=outsider).exists()


def test_organisation_admins_appoint_circle_moderators(circle, insider, org_admin):
    membership = CircleMembership.objects.get(circle=circle, member=insider)
    services.set_circle_role(membership, org_admin, "moderator")
    membership.refresh_from_db()
    assert membership.is_moderator


def test_circle_moderators_cannot_appoint_moderators(circle, insider, circle_moderator):
    membership = CircleMembership.objects.get(circle=circle, member=insider)
    with pytest.raises(services.CircleError):
        services.set_circle_role(membership, circle_moderator, "moderator")


# --- Pages ----------------------------------------------------------------------------------------


def test_the_circles_page_lists_invitations_with_accept_and_decline(circle, org_admin, outsider):
    invitation = services.invite_member(circle, org_admin, outsider)
    page = client_for(outsider).get(reverse("circles:index")).content.decode()
    assert circle.name in page
    assert reverse("circles:accept", args=[invitation.pk]) in page
    assert reverse("circles:decline", args=[invitation.pk]) in page


def test_the_circles_page_lists_circles_a_member_can_join(organisation, open_circle, outsider):
    add_to_organisation(organisation, outsider)
    page = client_for(outsider).get(reverse("circles:index")).content.decode()
    assert reverse("circles:join", args=[open_circle.pk]) in page


def test_the_circles_page_lists_a_members_circles_with_their_categories(insider, circle_category):
    page = client_for(insider).get(reverse("circles:index")).content.decode()
    assert circle_category.get_absolute_url() in page


def test_accepting_from_the_circles_page(circle, org_admin, outsider):
    invitation = services.invite_member(circle, org_admin, outsider)
    client_for(outsider).post(reverse("circles:accept", args=[invitation.pk]))
    assert CircleMembership.objects.active().filter(circle=circle, member=outsider).exists()


def test_the_management_page_lists_members_by_display_name(circle, insider, circle_moderator):
    page = client_for(circle_moderator).get(reverse("circles:manage", args=[circle.pk])).content.decode()
    assert insider.display_name in page
    assert insider.email not in page


def test_the_management_page_is_not_found_for_members(circle, insider):
    assert client_for(insider).get(reverse("circles:manage", args=[circle.pk])).status_code == 404


def test_inviting_an_unknown_name_is_a_form_error(circle, circle_moderator):
    response = client_for(circle_moderator).post(
        reverse("circles:invite", args=[circle.pk]), {"display_name": "Nobody At All"}
    )
    assert response.status_code == 200
    assert "There is no member by that name." in response.content.decode()


def test_inviting_by_name_from_the_management_page(circle, circle_moderator, outsider):
    client_for(circle_moderator).post(
        reverse("circles:invite", args=[circle.pk]), {"display_name": "outsider"}
    )
    assert CircleInvitation.objects.usable().filter(circle=circle, invitee=outsider).exists()


def test_making_a_link_shows_it_once(circle, circle_moderator):
    response = client_for(circle_moderator).post(reverse("circles:invite", args=[circle.pk]), {"link": "on"})
    assert "/circles/join/" in response.content.decode()


def test_removing_from_the_management_page(circle, insider, circle_moderator):
    membership = CircleMembership.objects.get(circle=circle, member=insider)
    client_for(circle_moderator).post(reverse("circles:remove_member", args=[membership.pk]))
    assert not CircleMembership.objects.active().filter(pk=membership.pk).exists()


def test_members_cannot_remove_others(circle, insider):
    other = UserFactory()
    membership = add_to_circle(circle, other)
    response = client_for(insider).post(reverse("circles:remove_member", args=[membership.pk]))
    assert response.status_code == 404
    assert CircleMembership.objects.active().filter(pk=membership.pk).exists()


def test_the_crisis_page_shows_the_organisations_crisis_lines(organisation, insider):
    organisation.crisis_lines.create(name="Trust staff line", phone="0800 000 000")
    page = client_for(insider).get(reverse("forum:crisis")).content.decode()
    assert "Trust staff line" in page
