"""Staff see an organisation's identity providers in the admin with their protocol, SAML 2.0 or
OpenID Connect, each configured under Social applications."""

from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, give_totp


def test_the_organisation_page_shows_its_saml_provider_and_its_protocol(saml_trust_a):
    client = Client()
    client.force_login(give_totp(UserFactory(is_staff=True, is_superuser=True)))

    response = client.get(reverse("admin:orgs_organisation_change", args=[saml_trust_a.pk]))

    assert response.status_code == 200
    assert "SAML 2.0" in response.content.decode()
