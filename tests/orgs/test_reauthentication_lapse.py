"""A member whose organisation membership came from its identity provider and who has not signed in
through it for HAVEN_ORGANISATION_REAUTH_DAYS loses the organisation's circles, and is signed out,
until they sign in through it again (manage.py end_lapsed_organisation_access, run from cron)."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from orgs.models import CircleMembership, OrganisationMembership
from orgs.provisioning import record_identity_provider_sign_in
from tests.factories import CircleFactory, UserFactory, add_to_circle, add_to_organisation
from tests.orgs.conftest import client_for

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def thirty_days(settings):
    settings.HAVEN_ORGANISATION_REAUTH_DAYS = 30


@pytest.fixture
def staff_nurse(organisation, circle):
    with time_machine.travel(START, tick=False):
        member = UserFactory()
        record_identity_provider_sign_in(organisation, member, "00u-nurse")
        add_to_circle(circle, member, role="moderator")
    return member


def _run_at(moment):
    with time_machine.travel(moment, tick=False):
        call_command("end_lapsed_organisation_access", stdout=io.StringIO())


def _in_circle(member, circle):
    return CircleMembership.objects.active().filter(member=member, circle=circle).exists()


def test_within_the_period_nothing_changes(staff_nurse, circle):
    _run_at(START + timedelta(days=29, hours=23))
    assert _in_circle(staff_nurse, circle)


def test_after_the_period_the_member_loses_the_circles(staff_nurse, circle):
    _run_at(START + timedelta(days=30, minutes=1))
    assert not _in_circle(staff_nurse, circle)
    assert not OrganisationMembership.objects.active().filter(member=staff_nurse).exists()


def test_after_the_period_the_member_is_signed_out(staff_nurse):
    with time_machine.travel(START + timedelta(days=30, minutes=1), tick=False):
        browser = client_for(staff_nurse)
    _run_at(START + timedelta(days=30, minutes=2))
    with time_machine.travel(START + timedelta(days=30, minutes=3), tick=False):
        assert browser.get(reverse("forum:latest")).url.startswith(reverse("account_login"))


def test_signing_in_through_the_provider_renews_the_period(staff_nurse, organisation, circle):
    with time_machine.travel(START + timedelta(days=20), tick=False):
        record_identity_provider_sign_in(organisation, staff_nurse, "00u-nurse")
    _run_at(START + timedelta(days=45))
    assert _in_circle(staff_nurse, circle)


def test_signing_in_again_gives_the_circles_back_with_their_roles(staff_nurse, organisation, circle):
    _run_at(START + timedelta(days=31))
    with time_machine.travel(START + timedelta(days=40), tick=False):
        record_identity_provider_sign_in(organisation, staff_nurse, "00u-nurse")
    assert CircleMembership.objects.active().get(member=staff_nurse, circle=circle).role == "moderator"


def test_a_circle_left_by_choice_does_not_come_back(staff_nurse, organisation, circle):
    other = CircleFactory(organisation=organisation)
    add_to_circle(other, staff_nurse)
    CircleMembership.objects.filter(member=staff_nurse, circle=other).update(
        ended_at=START + timedelta(days=1), end_reason="left"
    )
    _run_at(START + timedelta(days=31))
    with time_machine.travel(START + timedelta(days=40), tick=False):
        record_identity_provider_sign_in(organisation, staff_nurse, "00u-nurse")
    assert _in_circle(staff_nurse, circle)
    assert not _in_circle(staff_nurse, other)


def test_memberships_not_from_a_provider_never_lapse(organisation, circle):
    with time_machine.travel(START, tick=False):
        member = UserFactory()
        add_to_organisation(organisation, member)
        add_to_circle(circle, member)
    _run_at(START + timedelta(days=365))
    assert _in_circle(member, circle)
