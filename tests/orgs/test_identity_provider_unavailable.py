"""An organisation's identity provider whose server does not answer: the visitor gets a calm 502
page saying so (orgs/identity.py), never a 500, at each step where Haven talks to the provider."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialApp
from django.test import Client

from tests.factories import OrganisationFactory, link_identity_provider
from tests.idp.provider import CLIENTS, unanswering_server_url

SAYS_DID_NOT_ANSWER = "Your organisation’s sign-in service didn’t answer"


@pytest.fixture
def trust_down(db):
    organisation = OrganisationFactory(name="Trust Down", slug="trust-down")
    return link_identity_provider(
        organisation,
        client_id="trust-down",
        secret="secret-of-trust-down",
        server_url=unanswering_server_url(),
    )


def test_log_in_through_a_provider_that_does_not_answer_gives_a_502_page(trust_down):
    response = Client(raise_request_exception=False).post("/accounts/oidc/trust-down/login/")

    assert response.status_code == 502
    assert SAYS_DID_NOT_ANSWER in response.content.decode()
    assert "try again later" in response.content.decode()


def test_the_502_page_is_in_the_sites_layout_and_not_cached(trust_down):
    response = Client(raise_request_exception=False).post("/accounts/oidc/trust-down/login/")

    assert 'class="error-page"' in response.content.decode()
    assert "Crisis resources" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def started_then_provider_down(trust_a, **settings):
    """A client that pressed "Sign in with Trust A" while the provider answered, and the state
    allauth keeps for the callback; the provider's server stops answering before the callback."""
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/oidc/trust-a/login/")
    assert response.status_code == 302
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    app = SocialApp.objects.get(client_id="trust-a")
    app.settings = {"server_url": unanswering_server_url(), **settings}
    app.save()
    return client, state


def test_callback_when_the_provider_stops_answering_gives_a_502_page(trust_a):
    client, state = started_then_provider_down(trust_a)

    response = client.get(f"/accounts/oidc/trust-a/login/callback/?code=a-code&state={state}")

    assert response.status_code == 502
    assert SAYS_DID_NOT_ANSWER in response.content.decode()


def test_token_request_to_a_provider_that_stopped_answering_gives_a_502_page(trust_a):
    # With the token authentication method configured, the first contact with the server is the
    # token request, where allauth reports an authentication error (adapter.on_authentication_error).
    client, state = started_then_provider_down(trust_a, token_auth_method="client_secret_post")

    response = client.get(f"/accounts/oidc/trust-a/login/callback/?code=a-code&state={state}")

    assert response.status_code == 502
    assert SAYS_DID_NOT_ANSWER in response.content.decode()
    assert CLIENTS["trust-a"] not in response.content.decode()
