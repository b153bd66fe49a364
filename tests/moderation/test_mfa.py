import pytest
from django.urls import reverse

from tests.factories import ModeratorFactory, UserFactory, mark_recently_reauthenticated

pytestmark = pytest.mark.django_db


def test_moderator_without_mfa_is_sent_to_set_it_up_with_an_explanation(client):
    moderator = UserFactory(is_moderator=True)
    client.force_login(moderator)
    mark_recently_reauthenticated(client, moderator)
    response = client.get(reverse("moderation:queue"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    page = response.content.decode()
    assert "two-factor authentication" in page
    assert 'name="code"' in page  # the authenticator set-up form


def test_moderator_with_totp_opens_the_queue(client):
    client.force_login(ModeratorFactory())
    assert client.get(reverse("moderation:queue")).status_code == 200


def test_recovery_codes_are_available_to_moderators():
    from django.conf import settings

    assert "recovery_codes" in settings.MFA_SUPPORTED_TYPES
    assert "totp" in settings.MFA_SUPPORTED_TYPES
