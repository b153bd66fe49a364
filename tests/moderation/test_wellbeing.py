"""Moderator wellbeing: distressing items blurred until revealed, a private daily exposure count,
a suggested pause with who else is on shift, and stepping off shift."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from forum import services as forum_services
from forum.models import ContentWarning, Post
from moderation import services, wellbeing
from moderation.models import Exposure, FlagReason, ModerationAction, OffShift, QueueEntry
from tests.factories import ModeratorFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db


def _flagged(thread, reason, body="A post under review", **options):
    post = forum_services.reply(thread=thread, author=UserFactory(), body=body, **options)
    return services.flag_post(post, UserFactory(), reason, "note").entry


def _entry_page(client, entry):
    return client.get(reverse("moderation:entry", args=[entry.pk])).content.decode()


def _reveal(client, entry, **data):
    return client.post(reverse("moderation:reveal_content", args=[entry.pk]), data)


# --- Blur and reveal --------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", [FlagReason.CRISIS, FlagReason.HARASSMENT])
def test_crisis_and_abuse_flags_are_blurred_until_revealed(moderator_client, thread, reason):
    entry = _flagged(thread, reason)
    page = _entry_page(moderator_client, entry)
    assert (
        '<div class="is-blurred" aria-hidden="true" inert><div class="post-body"><p>A post under review</p>'
        in page
    )
    assert reverse("moderation:reveal_content", args=[entry.pk]) in page


@pytest.mark.parametrize(
    "warning", [ContentWarning.GRAPHIC, ContentWarning.ABUSE, ContentWarning.SUICIDE_SELF_HARM]
)
def test_posts_with_a_distressing_content_warning_are_blurred(moderator_client, thread, warning):
    entry = _flagged(thread, FlagReason.SPAM, content_warning=warning)
    assert 'class="is-blurred"' in _entry_page(moderator_client, entry)


def test_other_items_are_shown_plainly(moderator_client, thread):
    entry = _flagged(thread, FlagReason.SPAM)
    page = _entry_page(moderator_client, entry)
    assert 'class="is-blurred"' not in page
    assert '<div class="post-body"><p>A post under review</p>' in page


def test_revealing_shows_the_post_to_that_moderator(moderator_client, thread):
    entry = _flagged(thread, FlagReason.CRISIS)
    response = _reveal(moderator_client, entry)
    assert response.url == reverse("moderation:entry", args=[entry.pk]) + f"#entry-{entry.pk}-post"
    page = _entry_page(moderator_client, entry)
    assert 'class="is-blurred"' not in page
    assert '<div class="post-body"><p>A post under review</p>' in page


def test_each_item_is_revealed_on_its_own(moderator_client, thread):
    revealed = _flagged(thread, FlagReason.CRISIS)
    other = _flagged(thread, FlagReason.CRISIS)
    _reveal(moderator_client, revealed)
    assert 'class="is-blurred"' in _entry_page(moderator_client, other)


def test_revealing_is_for_the_moderator_who_chose_to_look(moderator_client, second_moderator, thread):
    entry = _flagged(thread, FlagReason.CRISIS)
    _reveal(moderator_client, entry)
    colleague = Client()
    colleague.force_login(second_moderator)
    assert 'class="is-blurred"' in _entry_page(colleague, entry)


def test_the_edit_form_waits_until_the_post_is_revealed(moderator_client, thread):
    entry = _flagged(thread, FlagReason.HARASSMENT)
    assert 'id="redact-body"' not in _entry_page(moderator_client, entry)
    _reveal(moderator_client, entry)
    assert 'id="redact-body"' in _entry_page(moderator_client, entry)


def test_the_crisis_queue_blurs_and_reveals_each_post(moderator_client, thread):
    entry = _flagged(thread, FlagReason.CRISIS)
    url = reverse("moderation:crisis_queue")
    assert 'class="is-blurred"' in moderator_client.get(url).content.decode()
    response = _reveal(moderator_client, entry, next=f"{url}#entry-{entry.pk}-post")
    assert response.url == f"{url}#entry-{entry.pk}-post"
    assert 'class="is-blurred"' not in moderator_client.get(url).content.decode()


def test_reveal_goes_back_only_to_this_site(moderator_client, thread):
    entry = _flagged(thread, FlagReason.CRISIS)
    response = _reveal(moderator_client, entry, next="https://evil.example/")
    assert response.url == reverse("moderation:entry", args=[entry.pk]) + f"#entry-{entry.pk}-post"


def test_revealing_an_appeal_is_not_found(moderator_client, moderator, thread):
    hidden = _flagged(thread, FlagReason.SPAM)
    services.hide_post(hidden, moderator, "spam")
    post = Post.objects.get(pk=hidden.post_id)
    services.appeal_hidden_post(post, post.author, "please")
    appeal_entry = QueueEntry.objects.get(kind=QueueEntry.Kind.APPEAL)
    assert _reveal(moderator_client, appeal_entry).status_code == 404


# --- The exposure count -----------------------------------------------------------------------------


def test_revealing_counts_toward_todays_exposure(moderator_client, moderator, thread):
    _reveal(moderator_client, _flagged(thread, FlagReason.CRISIS))
    _reveal(moderator_client, _flagged(thread, FlagReason.HARASSMENT))
    assert wellbeing.exposure_today(moderator).count == 2


def test_revealing_the_same_item_twice_counts_once(moderator_client, moderator, thread):
    entry = _flagged(thread, FlagReason.CRISIS)
    _reveal(moderator_client, entry)
    _reveal(moderator_client, entry)
    assert wellbeing.exposure_today(moderator).count == 1


def test_items_that_were_never_blurred_do_not_count(moderator_client, moderator, thread):
    _reveal(moderator_client, _flagged(thread, FlagReason.SPAM))
    assert wellbeing.exposure_today(moderator).count == 0


def test_the_count_starts_again_at_the_moderators_own_midnight(moderator, thread):
    moderator.time_zone = "Pacific/Auckland"
    auckland = ZoneInfo("Pacific/Auckland")
    with time_machine.travel(datetime(2026, 3, 2, 23, 30, tzinfo=auckland), tick=False):
        services.record_exposure(moderator, _flagged(thread, FlagReason.CRISIS))
        assert wellbeing.exposure_today(moderator).count == 1
    with time_machine.travel(datetime(2026, 3, 3, 0, 30, tzinfo=auckland), tick=False):
        assert wellbeing.exposure_today(moderator).count == 0
        services.record_exposure(moderator, _flagged(thread, FlagReason.CRISIS))
        assert wellbeing.exposure_today(moderator).count == 1


def test_the_queue_shows_the_count_to_its_moderator(moderator_client, thread):
    _reveal(moderator_client, _flagged(thread, FlagReason.CRISIS))
    page = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert "Today you have opened 1 distressing post." in page


def test_the_count_is_private_to_its_moderator(moderator_client, second_moderator, thread):
    _reveal(moderator_client, _flagged(thread, FlagReason.CRISIS))
    colleague = Client()
    colleague.force_login(second_moderator)
    page = colleague.get(reverse("moderation:queue")).content.decode()
    assert "Today you have opened 0 distressing posts." in page


def test_looking_is_not_in_the_audit_log(moderator_client, thread):
    entry = _flagged(thread, FlagReason.CRISIS)
    actions = ModerationAction.objects.count()
    _reveal(moderator_client, entry)
    assert ModerationAction.objects.count() == actions
    assert Exposure.objects.filter(entry=entry).count() == 1


# --- A suggested pause, and who else is on shift ------------------------------------------------------


def test_after_n_distressing_items_the_queue_suggests_a_pause_and_who_is_on_shift(
    moderator_client, second_moderator, settings, thread
):
    settings.HAVEN_EXPOSURE_PAUSE_AFTER = 2
    resting = ModeratorFactory(display_name="Resting")
    services.set_on_shift(resting, False)
    _reveal(moderator_client, _flagged(thread, FlagReason.CRISIS))
    assert "a good moment to pause" not in moderator_client.get(reverse("moderation:queue")).content.decode()
    _reveal(moderator_client, _flagged(thread, FlagReason.HARASSMENT))
    page = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert "a good moment to pause" in page
    assert "On shift now: Sam." in page  # not themselves, not the moderator who stepped off


def test_the_suggestion_is_private_to_its_moderator(moderator_client, second_moderator, settings, thread):
    settings.HAVEN_EXPOSURE_PAUSE_AFTER = 1
    _reveal(moderator_client, _flagged(thread, FlagReason.CRISIS))
    colleague = Client()
    colleague.force_login(second_moderator)
    assert "a good moment to pause" not in colleague.get(reverse("moderation:queue")).content.decode()


def test_the_crisis_queue_suggests_a_pause_too(moderator_client, settings, thread):
    settings.HAVEN_EXPOSURE_PAUSE_AFTER = 1
    _reveal(moderator_client, _flagged(thread, FlagReason.CRISIS))
    page = moderator_client.get(reverse("moderation:crisis_queue")).content.decode()
    assert "a good moment to pause" in page
    assert "No other moderator is on shift right now." in page


@pytest.mark.parametrize("entries", [2, 20])
def test_the_queue_with_a_suggested_pause_stays_within_its_query_budget(
    moderator_client, settings, django_assert_max_num_queries, entries, category
):
    settings.HAVEN_EXPOSURE_PAUSE_AFTER = 0
    ModeratorFactory()
    for n in range(entries):
        thread = make_thread(category=category)
        post = forum_services.reply(thread=thread, author=UserFactory(), body="child")
        services.flag_post(post, UserFactory(), FlagReason.SPAM if n % 2 else FlagReason.CRISIS, "n")
    with django_assert_max_num_queries(10):
        response = moderator_client.get(reverse("moderation:queue"))
    assert len(response.context["entries"]) == entries
    assert "a good moment to pause" in response.content.decode()


# --- Stepping off shift -------------------------------------------------------------------------------


def test_a_moderator_can_step_off_shift_and_back(moderator_client, moderator):
    response = moderator_client.post(reverse("moderation:shift"), {"on_shift": "0"}, follow=True)
    assert OffShift.objects.filter(moderator=moderator).exists()
    assert "You’re off shift" in response.content.decode()
    moderator_client.post(reverse("moderation:shift"), {"on_shift": "1"})
    assert not OffShift.objects.filter(moderator=moderator).exists()


def test_stepping_off_twice_is_harmless(moderator):
    services.set_on_shift(moderator, False)
    services.set_on_shift(moderator, False)
    assert OffShift.objects.filter(moderator=moderator).count() == 1


def test_a_shift_change_returns_to_the_page_it_came_from(moderator_client):
    url = reverse("moderation:crisis_queue")
    response = moderator_client.post(reverse("moderation:shift"), {"on_shift": "0", "next": url})
    assert response.url == url


@pytest.mark.parametrize("value", ["", "maybe"])
def test_a_bad_shift_value_changes_nothing(moderator_client, moderator, value):
    response = moderator_client.post(reverse("moderation:shift"), {"on_shift": value}, follow=True)
    assert response.status_code == 200
    assert "Choose whether you are on or off shift." in response.content.decode()
    assert not OffShift.objects.filter(moderator=moderator).exists()
