"""An organisation's SAML 2.0 provider configured by its metadata URL: the operator gives the
provider's entity id and the address of its metadata, and Haven reads the sign-on URL and the
signing certificate from there (allauth, python3-saml), as with the real provider of
tests/idp/saml_provider. A metadata URL that does not answer gives the calm 502 page."""

import pytest
from django.test import Client

from accounts.models import User
from orgs.models import OrganisationMembership
from tests.factories import OrganisationFactory, link_saml_identity_provider
from tests.idp.provider import ROSALIND
from tests.idp.saml import first_saml_sign_in, unanswering_saml_provider


@pytest.fixture
def saml_by_metadata(db, saml_identity_provider):
    organisation = OrganisationFactory(name="SAML Trust A", slug="saml-trust-a")
    link_saml_identity_provider(
        organisation,
        client_id="trust-a-saml",
        provider=saml_identity_provider,
        metadata_url=saml_identity_provider.metadata_url,
    )
    return organisation


def test_a_provider_configured_by_its_metadata_url_signs_a_member_in(saml_by_metadata):
    client = first_saml_sign_in("trust-a-saml", ROSALIND, "Quiet Harbour")

    member = User.objects.get(display_name="Quiet Harbour")
    assert client.get("/latest/").wsgi_request.user == member
    assert OrganisationMembership.objects.active().get(member=member).organisation == saml_by_metadata


def test_a_metadata_url_that_does_not_answer_gives_the_unavailable_page(db):
    provider = unanswering_saml_provider()
    organisation = OrganisationFactory(name="Trust Down", slug="trust-down")
    link_saml_identity_provider(
        organisation, client_id="trust-a-saml", provider=provider, metadata_url=provider.metadata_url
    )

    response = Client(raise_request_exception=False).post("/accounts/saml/trust-a-saml/login/")

    assert response.status_code == 502
    assert "sign-in service didn’t answer" in response.content.decode()
    assert User.objects.count() == 0
