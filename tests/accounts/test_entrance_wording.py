"""Sign-up, log-in and verification pages speak the site's words, in sentence case, and give a
real address to write to (HAVEN_CONTACT_EMAIL) where they say "write to us" (issue 24, item 13)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CONTACT = "help@haven.example.org"


@pytest.fixture(autouse=True)
def _contact(settings):
    settings.HAVEN_CONTACT_EMAIL = CONTACT


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_email_verification_sent"])
def test_entrance_pages_give_the_contact_address(client, name):
    page = client.get(reverse(name)).content.decode()
    assert f'href="mailto:{CONTACT}"' in page


def test_the_verification_page_is_in_sentence_case(client):
    page = client.get(reverse("account_email_verification_sent")).content.decode()
    assert "<h1>Check your email</h1>" in page
    assert "Verify Your Email Address" not in page


def test_an_expired_confirmation_link_says_what_to_do(client):
    page = client.get(reverse("account_confirm_email", args=["not-a-key"])).content.decode()
    assert "This link has expired or isn’t valid" in page
    assert f'href="mailto:{CONTACT}"' in page
