"""No account enumeration: known and unknown emails get the same answer, after the same work.

The time a request takes is not measured here (too noisy for a test); instead the tests show that
both answers do the same costly things: hash one password and queue one email.
"""

import re

import pytest
from django.contrib.auth.hashers import get_hasher
from django.tasks.signals import task_enqueued
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KNOWN = "known@example.org"
SIGNUP = {"password1": "a-long-passphrase-1", "password2": "a-long-passphrase-1", "consent": "on"}


def _normalise(html: str, email: str = "") -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    if email:
        html = html.replace(email, "EMAIL")
    return re.sub(r"\d+", "N", html)


def _sign_up(client, email: str, display_name: str):
    """Sign up as a visitor; the answer, and the page it leads to (with its messages) as text."""
    client.logout()
    response = client.post(
        reverse("account_signup"), {**SIGNUP, "email": email, "display_name": display_name}
    )
    page = client.get(response.url).content.decode() if response.status_code == 302 else ""
    return response, _normalise(page, email)


@pytest.fixture
def password_hashes(monkeypatch) -> list[str]:
    """Every password hashed from here on (the passwords, in order)."""
    hasher_class = type(get_hasher())
    hashed, encode = [], hasher_class.encode

    def counting_encode(self, password, *args, **kwargs):
        hashed.append(password)
        return encode(self, password, *args, **kwargs)

    monkeypatch.setattr(hasher_class, "encode", counting_encode)
    return hashed


@pytest.fixture
def queued_emails() -> list[dict]:
    """Every account email queued from here on, as the task got it (subject, to, body...)."""
    queued = []

    def record(sender, task_result, **kwargs):
        if task_result.task.name == "deliver_account_email":
            queued.append(task_result.args[0])

    task_enqueued.connect(record, weak=False)
    yield queued
    task_enqueued.disconnect(record)


def test_sign_up_with_a_known_email_looks_like_a_new_sign_up(client, mailoutbox):
    UserFactory(email=KNOWN)
    known, known_page = _sign_up(client, KNOWN, "Someone New")
    unknown, unknown_page = _sign_up(client, "new@example.org", "Someone Else")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert known_page == unknown_page
    assert "Confirmation email sent to EMAIL." in known_page
    # The owner of the known address is told by email instead.
    assert {message.to[0] for message in mailoutbox} == {KNOWN, "new@example.org"}


def test_signing_up_again_with_a_known_email_still_looks_like_a_new_sign_up(client):
    # allauth skipped the mail, and with it the "sent" message, for an address mailed in the last
    # three minutes: only a registered address could be mailed already, so the page gave it away.
    UserFactory(email=KNOWN)
    _sign_up(client, KNOWN, "First Try")
    again, again_page = _sign_up(client, KNOWN, "Second Try")
    unknown, unknown_page = _sign_up(client, "new@example.org", "Someone Else")
    assert again.status_code == unknown.status_code == 302
    assert again.url == unknown.url
    assert again_page == unknown_page


def test_sign_up_does_the_same_work_for_known_and_new_emails(client, password_hashes, queued_emails):
    UserFactory(email=KNOWN)
    password_hashes.clear()
    for email, name in [(KNOWN, "First Try"), (KNOWN, "Second Try"), ("new@example.org", "Someone New")]:
        _sign_up(client, email, name)
    # One hash each: the new member's password, and a thrown-away hash for each known address.
    assert password_hashes == [SIGNUP["password1"]] * 3
    # One email queued each, to the address given: "you already have an account" or the link.
    assert [(email["to"], email["subject"]) for email in queued_emails] == [
        ([KNOWN], "[Haven] Account Already Exists"),
        ([KNOWN], "[Haven] Account Already Exists"),
        (["new@example.org"], "[Haven] Please Confirm Your Email Address"),
    ]


def test_a_known_email_is_sent_one_mail_however_often_it_is_used_to_sign_up(client, mailoutbox):
    UserFactory(email=KNOWN)
    for attempt in range(3):
        _sign_up(client, KNOWN, f"Attempt {attempt}")
    assert [message.to for message in mailoutbox] == [[KNOWN]]
    assert "already" in mailoutbox[0].body


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client):
    UserFactory(email=KNOWN)
    known = client.post(reverse("account_reset_password"), {"email": KNOWN})
    known_page = _normalise(client.get(known.url).content.decode(), KNOWN)
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    unknown_page = _normalise(client.get(unknown.url).content.decode(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert known_page == unknown_page


def test_password_reset_does_the_same_work_for_known_and_unknown_emails(
    client, password_hashes, queued_emails
):
    UserFactory(email=KNOWN)
    password_hashes.clear()
    client.post(reverse("account_reset_password"), {"email": KNOWN})
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert password_hashes == []
    assert [email["to"] for email in queued_emails] == [[KNOWN], ["nobody@example.org"]]


def test_login_errors_do_not_say_whether_the_email_exists(client):
    UserFactory(email=KNOWN)
    known = client.post(reverse("account_login"), {"login": KNOWN, "password": "wrong-password"})
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@example.org", "password": "wrong-password"}
    )
    assert "The email address and/or password you specified are not correct." in known.content.decode()
    assert "The email address and/or password you specified are not correct." in unknown.content.decode()
