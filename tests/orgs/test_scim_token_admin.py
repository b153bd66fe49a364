"""Staff make an organisation's SCIM token in the admin: shown once, stored as a digest, usable
at once on that organisation's endpoint."""

import re

from django.test import Client
from django.urls import reverse

from orgs.models import ScimToken
from tests.factories import UserFactory, give_totp


def _staff_client():
    client = Client()
    client.force_login(give_totp(UserFactory(is_staff=True, is_superuser=True)))
    return client


def _add_token(client, organisation):
    response = client.post(
        reverse("admin:orgs_scimtoken_add"),
        {"organisation": organisation.pk, "name": "Entra ID"},
        follow=True,
    )
    return re.search(r"shown only this once: ([\w-]+)", response.content.decode())[1]


def test_adding_a_token_shows_it_once_and_keeps_its_digest(organisation):
    client = _staff_client()
    token = _add_token(client, organisation)
    row = ScimToken.objects.get(organisation=organisation)
    assert token not in row.token_digest
    assert token not in client.get(reverse("admin:orgs_scimtoken_change", args=[row.pk])).content.decode()


def test_the_new_token_opens_the_organisations_endpoint(organisation):
    token = _add_token(_staff_client(), organisation)
    response = Client().get(
        reverse("scim:users", args=[organisation.slug]), headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
