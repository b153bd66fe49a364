"""Sign-up with a pseudonym, mandatory email verification through the emailed link, login by email."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Quiet Harbour",
    "email": "newcomer@example.org",
    "password1": "a-long-enough-passphrase",
    "password2": "a-long-enough-passphrase",
    "consent": "on",
}


def _verification_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", message.body).group(1)


def test_signup_creates_member_with_display_name(client, mailoutbox):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    member = User.objects.get(email="newcomer@example.org")
    assert member.display_name == "Quiet Harbour"


def test_signup_sends_verification_email_and_does_not_log_in(client, mailoutbox):
    client.post(reverse("account_signup"), SIGNUP)
    assert len(mailoutbox) == 1
    assert "/accounts/confirm-email/" in mailoutbox[0].body
    assert client.get(reverse("forum:new_thread")).status_code == 302  # still logged out


def test_following_the_emailed_link_verifies_and_allows_login(client, mailoutbox):
    client.post(reverse("account_signup"), SIGNUP)
    link = _verification_link(mailoutbox[0])
    assert client.get(link).status_code == 200  # a confirmation page with a button
    client.post(link)
    assert EmailAddress.objects.get(email="newcomer@example.org").verified
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "newcomer@example.org", "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert client.get(reverse("forum:new_thread")).status_code == 200


def test_unverified_member_cannot_log_in(client, mailoutbox):
    client.post(reverse("account_signup"), SIGNUP)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "newcomer@example.org", "password": SIGNUP["password1"]}
    )
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("forum:new_thread")).status_code == 302


def test_display_name_must_be_unique_ignoring_case(client):
    UserFactory(display_name="Quiet Harbour")
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": "quiet harbour"})
    assert response.status_code == 200
    assert "That display name is already taken." in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


@pytest.mark.parametrize("display_name", ["<script>", "x", "a" * 31, "@handle"])
def test_invalid_display_names_are_refused_with_a_message(client, display_name):
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": display_name})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_a_nul_byte_in_the_display_name_gets_the_bad_request_page(client):
    # Refused before any form sees it (config.middleware.refuse_nul_bytes_and_unreadable_forms).
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": "bad\x00name"})
    assert response.status_code == 400
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_login_by_email_with_password(client, password):
    member = UserFactory()
    response = client.post(reverse("account_login"), {"login": member.email, "password": password})
    assert response.status_code == 302
    assert response.url == reverse("forum:latest")


def test_wrong_password_is_refused_with_a_message(client):
    member = UserFactory()
    response = client.post(reverse("account_login"), {"login": member.email, "password": "not-it"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_logout(member_client):
    member_client.post(reverse("account_logout"))
    assert member_client.get(reverse("forum:new_thread")).status_code == 302


def test_password_reset_sends_a_link(client, mailoutbox):
    member = UserFactory()
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from config import settings as production_settings

    assert production_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_allauth_rate_limits_are_on():
    from allauth.account import app_settings

    assert app_settings.RATE_LIMITS  # allauth's defaults: login, sign-up, reset, confirmation
    assert "login_failed" in app_settings.RATE_LIMITS
