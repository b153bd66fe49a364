"""The confirm-access and two-factor pages speak the site's words in sentence case, as the other
account pages do (issue 24, item 13): allauth's templates are overridden, its code is not."""

import re

import pytest
from django.urls import reverse

from tests.factories import ModeratorFactory, UserFactory, mark_recently_reauthenticated

pytestmark = pytest.mark.django_db
ALLAUTH_HEADINGS = [
    "Confirm Access", "Two-Factor Authentication", "Activate Authenticator App", "Recovery Codes",
    "Deactivate Authenticator App", "Authenticator App", "Sign In", "Alternative options",
]  # fmt: skip


def _heading(page: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1).strip()


def _page(client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def moderator_client(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    moderator = ModeratorFactory()
    RecoveryCodes.activate(moderator)
    client.force_login(moderator)
    mark_recently_reauthenticated(client, moderator)
    return client


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("account_reauthenticate", "Confirm it’s you"),
        ("mfa_reauthenticate", "Confirm it’s you"),
        ("mfa_index", "Two-factor authentication"),
        ("mfa_deactivate_totp", "Turn off two-factor authentication"),
        ("mfa_view_recovery_codes", "Recovery codes"),
        ("mfa_generate_recovery_codes", "New recovery codes"),
    ],
)
def test_a_moderators_security_pages_use_the_sites_headings(moderator_client, name, heading):
    page = _page(moderator_client, name)
    assert _heading(page) == heading
    assert not [words for words in ALLAUTH_HEADINGS if words in page]


def test_setting_up_two_factor_uses_the_sites_heading(client):
    member = UserFactory(is_moderator=True)
    client.force_login(member)
    mark_recently_reauthenticated(client, member)
    page = _page(client, "mfa_activate_totp")
    assert _heading(page) == "Set up two-factor authentication"
    assert not [words for words in ALLAUTH_HEADINGS if words in page]


def test_the_second_step_of_logging_in_uses_the_sites_heading(client, password):
    moderator = ModeratorFactory(password=password)
    response = client.post(
        reverse("account_login"), {"login": moderator.email, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    page = response.content.decode()
    assert _heading(page) == "Enter your code"
    assert not [words for words in ALLAUTH_HEADINGS if words in page]


@pytest.mark.parametrize(
    ("name", "asks_for"),
    [
        ("account_reauthenticate", "enter your password again"),
        ("mfa_reauthenticate", "the code from your authenticator app"),
    ],
)
def test_each_confirm_access_page_asks_for_its_own_proof_and_posts_to_itself(
    moderator_client, name, asks_for
):
    page = _page(moderator_client, name)
    assert asks_for in page
    assert f'<form method="post" action="{reverse(name)}"' in page
