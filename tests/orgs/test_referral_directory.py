"""The referral directory: the deployment's referral entries and those of the member's own
organisations (never another organisation's), grouped by kind, on the crisis resources page."""

import pytest
from django.urls import reverse

from orgs.models import ReferralEntry
from orgs.selectors import referral_directory
from tests.factories import (
    CircleFactory,
    OrganisationFactory,
    ReferralEntryFactory,
    UserFactory,
    add_to_circle,
    add_to_organisation,
)

pytestmark = pytest.mark.django_db
CRISIS = reverse("forum:crisis")
Kind = ReferralEntry.Kind


def _names(directory):
    return {group.kind: [entry.name for entry in group.entries] for group in directory}


def test_the_directory_has_the_deployments_entries_and_the_members_organisations(member):
    trust = OrganisationFactory(name="St Elsewhere")
    add_to_organisation(trust, member)
    ReferralEntryFactory(name="Site EAP", kind=Kind.EMPLOYEE_ASSISTANCE)
    ReferralEntryFactory(name="Trust EAP", kind=Kind.EMPLOYEE_ASSISTANCE, organisation=trust)
    ReferralEntryFactory(name="Trust OH", kind=Kind.OCCUPATIONAL_HEALTH, organisation=trust)
    assert _names(referral_directory(member)) == {
        Kind.EMPLOYEE_ASSISTANCE: ["Site EAP", "Trust EAP"],
        Kind.OCCUPATIONAL_HEALTH: ["Trust OH"],
    }


def test_the_directory_never_has_another_organisations_entries(member):
    ReferralEntryFactory(name="Their EAP", organisation=OrganisationFactory())
    assert _names(referral_directory(member)) == {}


def test_an_organisation_reached_through_a_circle_counts(member):
    circle = CircleFactory()
    add_to_circle(circle, member)
    ReferralEntryFactory(name="Circle's EAP", organisation=circle.organisation)
    assert _names(referral_directory(member)) == {Kind.EMPLOYEE_ASSISTANCE: ["Circle's EAP"]}


def test_an_ended_membership_no_longer_counts(member):
    from django.utils import timezone

    trust = OrganisationFactory()
    membership = add_to_organisation(trust, member)
    membership.ended_at = timezone.now()
    membership.save()
    ReferralEntryFactory(name="Trust EAP", organisation=trust)
    assert _names(referral_directory(member)) == {}


def test_groups_come_in_the_order_of_the_kinds(member):
    for kind in reversed(Kind.values):
        ReferralEntryFactory(kind=kind)
    assert [group.kind for group in referral_directory(member)] == Kind.values


def test_a_visitor_not_signed_in_gets_the_deployments_entries(client):
    from django.contrib.auth.models import AnonymousUser

    ReferralEntryFactory(name="Site EAP")
    ReferralEntryFactory(name="Trust EAP", organisation=OrganisationFactory())
    assert _names(referral_directory(AnonymousUser())) == {Kind.EMPLOYEE_ASSISTANCE: ["Site EAP"]}


def test_the_directory_is_one_query(member, django_assert_num_queries):
    trust = OrganisationFactory()
    add_to_organisation(trust, member)
    for kind in Kind.values:
        ReferralEntryFactory(kind=kind)
        ReferralEntryFactory(kind=kind, organisation=trust)
    with django_assert_num_queries(1):
        referral_directory(member)


# --- On the crisis page ---------------------------------------------------------------------------


def test_the_crisis_page_shows_the_deployments_and_the_members_organisations_entries(member_client, member):
    trust = OrganisationFactory(name="St Elsewhere")
    add_to_organisation(trust, member)
    site = ReferralEntryFactory(name="Site EAP", phone="0800 000 000")
    own = ReferralEntryFactory(
        name="Trust occupational health", kind=Kind.OCCUPATIONAL_HEALTH, organisation=trust
    )
    ReferralEntryFactory(name="Another trust's EAP", organisation=OrganisationFactory())
    html = member_client.get(CRISIS).content.decode()
    assert f'id="referral-{site.pk}"' in html and "Call 0800 000 000" in html
    assert f'id="referral-{own.pk}"' in html and "(from St Elsewhere)" in html
    assert "Occupational health</h3>" in html
    assert "Another trust's EAP" not in html


def test_a_visitor_sees_the_deployments_entries_on_the_crisis_page(client):
    ReferralEntryFactory(name="Site EAP")
    ReferralEntryFactory(name="Trust EAP", organisation=OrganisationFactory())
    html = client.get(CRISIS).content.decode()
    assert "Site EAP" in html and "Trust EAP" not in html


def test_without_entries_the_crisis_page_has_no_empty_directory(client):
    assert "Where to turn for support" not in client.get(CRISIS).content.decode()


def test_referral_entries_of_the_member_with_no_organisation_still_show(client):
    member = UserFactory()
    client.force_login(member)
    ReferralEntryFactory(name="Site EAP")
    assert "Site EAP" in client.get(CRISIS).content.decode()


# --- The migration that gave entries a kind ---------------------------------------------------------


def test_the_migration_keeps_existing_entries_and_guesses_their_kind_from_the_name():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("orgs.migrations.0004_deployment_referrals")
    trust = OrganisationFactory()
    names = [
        "Staff EAP",
        "Occupational Health",
        "Group supervision",
        "Staff psychology service",
        "Chaplaincy",
    ]
    for name in names:
        ReferralEntryFactory(name=name, organisation=trust, kind=Kind.OTHER, phone="0100")
    migration.guess_kinds(apps, None)
    kept = dict(ReferralEntry.objects.filter(organisation=trust, phone="0100").values_list("name", "kind"))
    assert kept == {
        "Staff EAP": Kind.EMPLOYEE_ASSISTANCE,
        "Occupational Health": Kind.OCCUPATIONAL_HEALTH,
        "Group supervision": Kind.SUPERVISION,
        "Staff psychology service": Kind.THERAPY,
        "Chaplaincy": Kind.OTHER,
    }
