"""A member who signs in only through their organisation (no password, no authenticator) confirms
deleting their account by signing in there again: allauth has nothing else to ask them, and treats
them as just reauthenticated."""

import re
import time
from urllib.parse import parse_qs, urlsplit

import time_machine
from django.urls import reverse

from accounts.models import User
from tests.idp.provider import ROSALIND, first_sign_in, sign_in_at_provider

DELETE = reverse("accounts:delete_account")
LATER = 10 * 60  # seconds: past FRESH_SIGN_IN_SECONDS


def _later():
    return time_machine.travel(time.time() + LATER, tick=True)


def test_a_while_after_signing_in_the_delete_page_asks_to_sign_in_again(trust_a):
    client = first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    with _later():
        page = client.get(DELETE).content.decode()
    assert "please sign in again through your organisation first" in page
    assert 'name="mode"' not in page


def test_sending_the_deletion_without_signing_in_again_deletes_nothing(trust_a):
    client = first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    with _later():
        client.post(DELETE, {"mode": "delete", "confirm": "on"})
    assert not User.objects.get(display_name="Quiet Harbour").is_deleted_account


def test_the_button_asks_the_provider_to_ask_for_the_password_again(trust_a):
    client = first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    with _later():
        page = client.get(DELETE).content.decode()
    action = re.search(r'<form method="post" action="(/accounts/oidc/trust-a/login/[^"]*)"', page)[1]
    query = parse_qs(urlsplit(action.replace("&amp;", "&")).query)
    assert query["auth_params"] == ["prompt=login"]
    assert query["next"] == [DELETE]


def test_signing_in_again_through_the_provider_opens_the_delete_page(trust_a):
    client = first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    with _later():
        page = client.get(DELETE).content.decode()
        action = re.search(r'action="(/accounts/oidc/trust-a/login/[^"]*)"', page)[1].replace("&amp;", "&")
        to_provider = client.post(action)
        callback = urlsplit(sign_in_at_provider(to_provider["Location"], ROSALIND))
        back = client.get(f"{callback.path}?{callback.query}")
        assert back["Location"] == DELETE
        assert 'name="mode"' in client.get(DELETE).content.decode()
        client.post(DELETE, {"mode": "anonymise", "confirm": "on"})
    assert User.objects.get(pk=back.wsgi_request.user.pk).is_deleted_account
