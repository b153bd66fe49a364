"""An organisation's admins make and revoke the tokens their identity provider calls the SCIM
endpoint with, on their own page: shown once, kept as a digest, their organisation's only."""

import re

import pytest
from django.urls import reverse

from orgs import provisioning
from orgs.models import ScimToken
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    add_to_organisation,
    mark_recently_reauthenticated,
)
from tests.orgs.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_admin_client(org_admin):
    client = client_for(org_admin)
    mark_recently_reauthenticated(client, org_admin)
    return client


def _page(organisation):
    return reverse("orgs:scim_tokens", args=[organisation.slug])


def _make(client, organisation, name="Entra ID provisioning"):
    response = client.post(_page(organisation), {"name": name})
    match = re.search(r'<code class="token">([\w-]+)</code>', response.content.decode())
    return response, match[1] if match else None


def test_an_org_admin_makes_a_token_that_works_at_once(org_admin_client, organisation):
    _response, token = _make(org_admin_client, organisation)
    assert provisioning.organisation_for_token(organisation.slug, token) == organisation


def test_the_token_is_kept_only_as_a_digest_and_never_cached(org_admin_client, organisation):
    response, token = _make(org_admin_client, organisation)
    row = ScimToken.objects.get(organisation=organisation)
    assert token not in row.token_digest
    assert "no-store" in response["Cache-Control"]


def test_the_list_never_shows_a_token_again(org_admin_client, organisation):
    _response, token = _make(org_admin_client, organisation)
    page = org_admin_client.get(_page(organisation)).content.decode()
    assert "Entra ID provisioning" in page
    assert token not in page


def test_revoking_stops_the_token_and_keeps_it_listed(org_admin_client, organisation):
    _response, token = _make(org_admin_client, organisation)
    row = ScimToken.objects.get(organisation=organisation)
    org_admin_client.post(reverse("orgs:revoke_scim_token", args=[organisation.slug, row.pk]))
    assert provisioning.organisation_for_token(organisation.slug, token) is None
    assert "Revoked" in org_admin_client.get(_page(organisation)).content.decode()


def test_an_admin_of_another_organisation_can_neither_see_nor_revoke(organisation):
    elsewhere = UserFactory()
    add_to_organisation(OrganisationFactory(), elsewhere, role="admin")
    row, _token = provisioning.create_scim_token(organisation, "Okta", None)
    client = client_for(elsewhere)
    assert client.get(_page(organisation)).status_code == 404
    assert client.post(reverse("orgs:revoke_scim_token", args=[organisation.slug, row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_a_token_of_another_organisation_cannot_be_revoked_through_this_one(org_admin_client, organisation):
    other, _token = provisioning.create_scim_token(OrganisationFactory(), "Okta", None)
    url = reverse("orgs:revoke_scim_token", args=[organisation.slug, other.pk])
    assert org_admin_client.post(url).status_code == 404


def test_making_a_token_asks_for_the_password_if_not_recent(org_admin, organisation, password):
    client = client_for(org_admin)
    response = client.post(_page(organisation), {"name": "Entra ID"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not ScimToken.objects.exists()


def test_a_token_without_a_name_gets_a_form_error(org_admin_client, organisation):
    response = org_admin_client.post(_page(organisation), {"name": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not ScimToken.objects.exists()


def test_org_admins_find_the_page_from_their_circles_page(org_admin_client, organisation):
    page = org_admin_client.get(reverse("circles:index")).content.decode()
    assert _page(organisation) in page
