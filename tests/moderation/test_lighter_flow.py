"""A lighter moderator flow (issue 24, item 13): signing in counts as a recent authentication for a
few minutes; routine decisions (approve, dismiss flags) offer preset reasons while hides,
suspensions and redactions still need a written one; two-factor set-up ends on the queue."""

import time
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from forum import services as forum_services
from forum.models import Post
from moderation.forms import ROUTINE_REASONS
from moderation.models import Flag, ModerationAction, QueueEntry, Suspension
from tests.factories import PASSWORD, UserFactory, mark_recently_reauthenticated

pytestmark = pytest.mark.django_db


def _log_in_with_two_factor(client, moderator):
    client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    stored = Authenticator.objects.get(user=moderator, type=Authenticator.Type.TOTP).data["secret"]
    code = format_hotp_value(hotp_value(get_mfa_adapter().decrypt(stored), int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302


def _suspend(client, member):
    return client.post(
        reverse("moderation:suspend", args=[member.pk]), {"duration": "1", "reason": "Repeated abuse"}
    )


def test_no_password_prompt_just_after_logging_in(client, moderator, member):
    _log_in_with_two_factor(client, moderator)
    response = _suspend(client, member)
    assert not response.url.startswith(reverse("account_reauthenticate"))
    assert Suspension.objects.filter(member=member).exists()


def test_the_password_is_asked_again_a_few_minutes_after_logging_in(client, moderator, member):
    _log_in_with_two_factor(client, moderator)
    later = timezone.now() + timedelta(seconds=settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1)
    with time_machine.travel(later):
        response = _suspend(client, member)
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not Suspension.objects.filter(member=member).exists()


def test_a_new_moderator_sets_up_two_factor_without_typing_the_password_again(client):
    newcomer = UserFactory(is_moderator=True)
    client.post(reverse("account_login"), {"login": newcomer.email, "password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200


def test_recovery_codes_page_leads_a_moderator_to_the_queue(client, moderator):
    RecoveryCodes.activate(moderator)
    client.force_login(moderator)
    mark_recently_reauthenticated(client, moderator)
    page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert f'href="{reverse("moderation:queue")}"' in page


def test_recovery_codes_page_has_no_queue_link_for_members(client, member):
    RecoveryCodes.activate(member)
    client.force_login(member)
    mark_recently_reauthenticated(client, member)
    page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert f'href="{reverse("moderation:queue")}"' not in page


@pytest.fixture
def pending_entry(thread, settings):
    settings.HAVEN_PREMODERATE_FIRST_POSTS = 1
    post = forum_services.reply(
        thread=thread, author=UserFactory(is_trusted=False), body="Hello, first time here"
    )
    return QueueEntry.objects.get(post=post)


def _decide(client, entry, action, **data):
    return client.post(reverse("moderation:act", args=[entry.pk]), {"action": action, **data})


def test_approving_with_a_preset_reason(moderator_client, pending_entry):
    key, label = ROUTINE_REASONS[0]
    _decide(moderator_client, pending_entry, "approve", preset_reason=key)
    pending_entry.post.refresh_from_db()
    assert pending_entry.post.state == Post.State.PUBLISHED
    assert list(ModerationAction.objects.values_list("kind", "reason")) == [("approve", label)]


def test_dismissing_flags_with_a_preset_reason(moderator_client, flagged_entry):
    key, label = ROUTINE_REASONS[1]
    _decide(moderator_client, flagged_entry, "dismiss", preset_reason=key)
    assert list(Flag.objects.values_list("status", flat=True)) == ["dismissed"]
    assert list(ModerationAction.objects.values_list("kind", "reason")) == [("dismiss_flags", label)]


def test_a_written_reason_wins_over_a_preset(moderator_client, flagged_entry):
    _decide(moderator_client, flagged_entry, "dismiss", preset_reason=ROUTINE_REASONS[0][0], reason="Context")
    assert ModerationAction.objects.get().reason == "Context"


def test_hiding_needs_a_written_reason_even_with_a_preset(moderator_client, flagged_entry):
    response = _decide(moderator_client, flagged_entry, "hide", preset_reason=ROUTINE_REASONS[0][0])
    flagged_entry.post.refresh_from_db()
    assert flagged_entry.post.state == Post.State.PUBLISHED
    assert not ModerationAction.objects.exists()
    assert response.status_code == 302


def test_redacting_needs_a_written_reason_even_with_a_preset(moderator_client, flagged_entry):
    _decide(moderator_client, flagged_entry, "redact", body="Edited", preset_reason=ROUTINE_REASONS[0][0])
    flagged_entry.post.refresh_from_db()
    assert flagged_entry.post.body != "Edited"


def test_an_unknown_preset_is_refused_without_acting(moderator_client, flagged_entry):
    response = _decide(moderator_client, flagged_entry, "dismiss", preset_reason="nonsense")
    assert response.status_code == 302
    assert not ModerationAction.objects.exists()


def test_dismiss_applies_to_posts_only(moderator_client, moderator, flagged_entry):
    from moderation import services

    services.hide_post(flagged_entry, moderator, "Unkind")
    post = flagged_entry.post
    post.refresh_from_db()
    appeal = services.appeal_hidden_post(post, post.author, "Please look again")
    appeal_entry = appeal.queue_entry
    _decide(moderator_client, appeal_entry, "dismiss", preset_reason=ROUTINE_REASONS[0][0])
    assert ModerationAction.objects.count() == 1


def test_a_pending_post_offers_approve_not_dismiss(moderator_client, pending_entry):
    page = moderator_client.get(reverse("moderation:entry", args=[pending_entry.pk])).content.decode()
    assert 'name="action" value="approve"' in page
    assert 'name="action" value="dismiss"' not in page


def test_a_flagged_published_post_offers_dismiss_flags_not_approve(moderator_client, flagged_entry):
    page = moderator_client.get(reverse("moderation:entry", args=[flagged_entry.pk])).content.decode()
    assert 'name="action" value="dismiss"' in page
    assert 'name="action" value="approve"' not in page


def test_the_entry_page_lists_the_preset_reasons(moderator_client, flagged_entry):
    page = moderator_client.get(reverse("moderation:entry", args=[flagged_entry.pk])).content.decode()
    assert all(label in page for _, label in ROUTINE_REASONS)


def test_deleting_the_account_asks_for_the_password_even_just_after_logging_in(client, member):
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    response = client.post(reverse("accounts:delete_account"), {"mode": "anonymise", "confirm": "on"})
    assert response.url.startswith(reverse("account_reauthenticate"))
