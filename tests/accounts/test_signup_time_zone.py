"""Sign-up takes the browser's time zone from a hidden field the script fills (issue 24, item 10);
without it, or with a zone we don't know, the member keeps UTC and can choose in their preferences."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.accounts.test_signup import SIGNUP

User = get_user_model()
pytestmark = pytest.mark.django_db


def _sign_up(client, **extra):
    client.post(reverse("account_signup"), {**SIGNUP, **extra})
    return User.objects.get(email=SIGNUP["email"])


def test_the_browsers_time_zone_is_kept(client):
    assert _sign_up(client, time_zone="Europe/Berlin").time_zone == "Europe/Berlin"


def test_without_a_time_zone_the_member_keeps_utc(client):
    assert _sign_up(client).time_zone == "UTC"


def test_an_unknown_time_zone_is_ignored(client):
    assert _sign_up(client, time_zone="Mars/Olympus_Mons").time_zone == "UTC"


def test_the_sign_up_form_has_the_hidden_field_for_the_script(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'type="hidden" name="time_zone"' in page
    assert "data-browser-time-zone" in page


def test_the_preferences_keep_the_full_list(client, member):
    client.force_login(member)
    page = client.get(reverse("accounts:preferences")).content.decode()
    assert '<option value="Pacific/Auckland"' in page
