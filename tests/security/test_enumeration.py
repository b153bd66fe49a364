"""No account enumeration: known and unknown emails get the same answer."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _normalise(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"\d+", "N", html)


def test_sign_up_with_a_known_email_looks_like_a_new_sign_up(client, mailoutbox):
    UserFactory(email="known@example.org")
    data = {
        "display_name": "Someone New",
        "password1": "a-long-passphrase-1",
        "password2": "a-long-passphrase-1",
    }
    known = client.post(reverse("account_signup"), {**data, "email": "known@example.org"})
    client.logout()
    unknown = client.post(
        reverse("account_signup"), {**data, "display_name": "Someone Else", "email": "new@example.org"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # The owner of the known address is told by email instead.
    assert {message.to[0] for message in mailoutbox} == {"known@example.org", "new@example.org"}


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert _normalise(client.get(known.url).content.decode()) == _normalise(
        client.get(unknown.url).content.decode()
    )


def test_login_errors_do_not_say_whether_the_email_exists(client):
    UserFactory(email="known@example.org")
    known = client.post(
        reverse("account_login"), {"login": "known@example.org", "password": "wrong-password"}
    )
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@example.org", "password": "wrong-password"}
    )
    assert "The email address and/or password you specified are not correct." in known.content.decode()
    assert "The email address and/or password you specified are not correct." in unknown.content.decode()
