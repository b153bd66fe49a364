"""Single logout from an organisation's SAML 2.0 provider: when a member signs out at their
employer's sign-in service (a shared ward computer at the end of a shift), the provider sends the
browser to Haven's logout endpoint with a signed logout request, and the member is signed out of
Haven too. Only the provider's signed requests count: an unsigned one, which any page could send,
is refused."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialApp

from tests.idp.provider import ROSALIND
from tests.idp.saml import first_saml_sign_in, logout_request_query

ENDPOINT = "/accounts/saml/trust-a-saml/sls/"
DESTINATION = "http://testserver" + ENDPOINT


@pytest.fixture
def signed_in(saml_trust_a):
    client = first_saml_sign_in("trust-a-saml", ROSALIND, "Quiet Harbour")
    assert client.get("/latest/").wsgi_request.user.is_authenticated
    return client


def _signed_in(client) -> bool:
    return client.get("/latest/").wsgi_request.user.is_authenticated


def _give_the_provider_a_logout_address(url: str) -> None:
    app = SocialApp.objects.get(client_id="trust-a-saml")
    app.settings["idp"]["slo_url"] = url
    app.save()


def test_the_providers_logout_request_signs_the_member_out(signed_in, saml_identity_provider):
    signed_in.get(ENDPOINT + "?" + logout_request_query(saml_identity_provider, DESTINATION, "someone"))

    assert not _signed_in(signed_in)


def test_the_member_is_answered_back_to_the_providers_logout_address(signed_in, saml_identity_provider):
    _give_the_provider_a_logout_address(f"{saml_identity_provider.url}/slo")

    response = signed_in.get(
        ENDPOINT + "?" + logout_request_query(saml_identity_provider, DESTINATION, "someone")
    )

    assert response.status_code == 302
    assert response["Location"].startswith(f"{saml_identity_provider.url}/slo?")
    assert "SAMLResponse" in parse_qs(urlsplit(response["Location"]).query)


def test_a_provider_with_no_logout_address_still_signs_the_member_out_without_an_error(
    signed_in, saml_identity_provider
):
    response = signed_in.get(
        ENDPOINT + "?" + logout_request_query(saml_identity_provider, DESTINATION, "someone")
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not _signed_in(signed_in)


def test_an_unsigned_logout_request_is_refused(signed_in, saml_identity_provider):
    response = signed_in.get(
        ENDPOINT + "?" + logout_request_query(saml_identity_provider, DESTINATION, "someone", signed=False)
    )

    assert response.status_code == 400
    assert _signed_in(signed_in)


def test_a_logout_request_signed_by_another_key_is_refused(signed_in, saml_identity_provider):
    from dataclasses import replace

    from tests.idp.saml import key_and_certificate

    impostor = replace(saml_identity_provider, key=key_and_certificate("Impostor")[0])

    response = signed_in.get(ENDPOINT + "?" + logout_request_query(impostor, DESTINATION, "someone"))

    assert response.status_code == 400
    assert _signed_in(signed_in)
