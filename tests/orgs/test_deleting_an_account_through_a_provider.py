"""A member who signs in only through their organisation (no password, no authenticator) confirms
deleting their account by signing in there again: allauth has nothing else to ask them, and treats
them as just reauthenticated."""

import re
import time
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from accounts.adapter import SIGNED_IN_AT_SESSION_KEY
from accounts.models import User
from tests.idp.provider import ROSALIND, first_sign_in, sign_in_at_provider

DELETE = reverse("accounts:delete_account")
LATER = 10 * 60  # seconds: past FRESH_SIGN_IN_SECONDS
SAML_CLIENT_ID = "trust-a-saml"  # tests/orgs/conftest.py saml_trust_a


def _signed_in_a_while_ago(client):
    """As if the member signed in LATER seconds ago (not the clock: the providers' assertions
    carry the real time)."""
    session = client.session
    session[SIGNED_IN_AT_SESSION_KEY] = time.time() - LATER
    session.save()


def test_a_while_after_signing_in_the_delete_page_asks_to_sign_in_again(trust_a):
    client = first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    _signed_in_a_while_ago(client)
    page = client.get(DELETE).content.decode()
    assert "please sign in again through your organisation first" in page
    assert 'name="mode"' not in page


def test_sending_the_deletion_without_signing_in_again_deletes_nothing(trust_a):
    client = first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    _signed_in_a_while_ago(client)
    client.post(DELETE, {"mode": "delete", "confirm": "on"})
    assert not User.objects.get(display_name="Quiet Harbour").is_deleted_account


def test_the_button_asks_the_provider_to_ask_for_the_password_again(trust_a):
    client = first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    _signed_in_a_while_ago(client)
    page = client.get(DELETE).content.decode()
    action = re.search(r'<form method="post" action="(/accounts/oidc/trust-a/login/[^"]*)"', page)[1]
    query = parse_qs(urlsplit(action.replace("&amp;", "&")).query)
    assert query["auth_params"] == ["prompt=login"]
    assert query["next"] == [DELETE]


def test_signing_in_again_through_the_provider_opens_the_delete_page(trust_a):
    client = first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    _signed_in_a_while_ago(client)
    page = client.get(DELETE).content.decode()
    action = re.search(r'action="(/accounts/oidc/trust-a/login/[^"]*)"', page)[1].replace("&amp;", "&")
    to_provider = client.post(action)
    callback = urlsplit(sign_in_at_provider(to_provider["Location"], ROSALIND))
    back = client.get(f"{callback.path}?{callback.query}")
    assert back["Location"] == DELETE
    assert 'name="mode"' in client.get(DELETE).content.decode()
    client.post(DELETE, {"mode": "anonymise", "confirm": "on"})
    assert User.objects.get(pk=back.wsgi_request.user.pk).is_deleted_account


def test_a_saml_member_signs_in_again_through_their_saml_provider(saml_trust_a):
    from tests.idp.saml import first_saml_sign_in, post_assertion, sign_in_at_saml_provider

    client = first_saml_sign_in(SAML_CLIENT_ID, ROSALIND, "Quiet Harbour")
    _signed_in_a_while_ago(client)
    page = client.get(DELETE).content.decode()
    action = re.search(r'action="(/accounts/saml/[^"]*)"', page)[1].replace("&amp;", "&")
    to_provider = client.post(action)
    back = post_assertion(client, sign_in_at_saml_provider(to_provider["Location"], ROSALIND))
    assert back["Location"] == DELETE
    assert 'name="mode"' in client.get(DELETE).content.decode()


def test_signing_in_again_through_saml_asks_the_provider_to_ask_for_the_password(saml_trust_a):
    from tests.idp.saml import authn_request, first_saml_sign_in

    client = first_saml_sign_in(SAML_CLIENT_ID, ROSALIND, "Quiet Harbour")
    _signed_in_a_while_ago(client)
    page = client.get(DELETE).content.decode()
    action = re.search(r'action="(/accounts/saml/[^"]*)"', page)[1].replace("&amp;", "&")
    assert 'ForceAuthn="true"' in authn_request(client.post(action)["Location"])


def test_an_ordinary_saml_sign_in_lets_the_provider_use_its_session(saml_trust_a):
    from django.test import Client

    from tests.idp.saml import authn_request

    to_provider = Client().post(f"/accounts/saml/{SAML_CLIENT_ID}/login/")
    assert to_provider.status_code == 302
    assert 'ForceAuthn="true"' not in authn_request(to_provider["Location"])
