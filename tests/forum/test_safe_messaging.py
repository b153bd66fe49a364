"""Safe-messaging guidance before publishing: a draft that matches crisis phrases is held once to show
what helps, why method detail is removed, and where support is; the member's words come back
intact, and confirming publishes them (publishing always stays possible)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from forum import services
from forum.models import Post, Thread
from moderation.models import Flag

pytestmark = pytest.mark.django_db

DRAFT = "Some nights lately I want to die, and I don't know who to tell."


@pytest.fixture
def writer_client(client, other_member):
    client.force_login(other_member)
    return client


def _reply(client, thread, body=DRAFT, **extra):
    return client.post(reverse("forum:reply", args=[thread.pk]), {"body": body, **extra})


def test_a_crisis_draft_is_held_to_show_safe_messaging_guidance(writer_client, thread):
    response = _reply(writer_client, thread)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<section class="safe-messaging"' in page
    assert "What helps when we talk about this" in page
    assert "Why moderators remove method detail" in page


def test_the_guidance_lists_crisis_resources(writer_client, thread):
    page = _reply(writer_client, thread).content.decode()
    assert "116 123" in page and "988" in page and "findahelpline.com" in page


def test_nothing_is_published_or_flagged_before_the_member_confirms(writer_client, thread):
    _reply(writer_client, thread)
    assert thread.posts.count() == 1
    assert not Flag.objects.exists()


def test_the_draft_comes_back_intact_with_a_confirmation(writer_client, thread):
    page = _reply(writer_client, thread).content.decode()
    assert "Some nights lately I want to die, and I don&#x27;t know who to tell.</textarea>" in page
    assert 'name="confirm_safe_messaging"' in page


def test_the_guidance_is_not_presented_as_an_error(writer_client, thread):
    assert 'class="error-summary"' not in _reply(writer_client, thread).content.decode()


def test_confirming_publishes_and_the_usual_crisis_support_follows(writer_client, thread):
    response = _reply(writer_client, thread, confirm_safe_messaging="on")
    post = thread.posts.get(position=2)
    assert response.url == post.location_in_thread()
    assert post.body == DRAFT and post.state == Post.State.PUBLISHED
    assert Flag.objects.get(post=post).reason == "crisis"
    page = writer_client.get(response.url).content.decode()
    assert 'class="crisis-panel"' in page


def test_drafts_without_crisis_phrases_publish_straight_away(writer_client, thread):
    response = _reply(writer_client, thread, body="This caseload is killing me, honestly.")
    assert response.status_code == 302
    assert thread.posts.count() == 2


def test_a_new_thread_gets_the_same_guidance_and_keeps_its_title(writer_client, category):
    data = {"category": category.pk, "title": "Struggling tonight", "body": DRAFT}
    page = writer_client.post(reverse("forum:new_thread"), data).content.decode()
    assert '<section class="safe-messaging"' in page
    assert 'value="Struggling tonight"' in page
    assert not Thread.objects.exists()
    writer_client.post(reverse("forum:new_thread"), {**data, "confirm_safe_messaging": "on"})
    assert Thread.objects.get().title == "Struggling tonight"


def test_a_crisis_phrase_in_a_title_alone_gets_the_guidance(writer_client, category):
    data = {"category": category.pk, "title": "I want to die", "body": "That's all."}
    assert (
        '<section class="safe-messaging"'
        in writer_client.post(reverse("forum:new_thread"), data).content.decode()
    )


def test_the_guidance_shows_beside_a_confidentiality_warning(writer_client, thread):
    page = _reply(
        writer_client, thread, body=f"My client Sarah Jones said something. {DRAFT}"
    ).content.decode()
    assert '<section class="safe-messaging"' in page
    assert "This may identify a client or another real person" in page


def test_editing_a_post_into_a_crisis_draft_gets_the_guidance(client, member, thread):
    client.force_login(member)
    url = reverse("forum:edit_post", args=[thread.opening_post.pk])
    page = client.post(url, {"title": thread.title, "body": DRAFT}).content.decode()
    assert '<section class="safe-messaging"' in page
    assert Post.objects.get(pk=thread.opening_post.pk).body == "Opening post body"
    client.post(url, {"title": thread.title, "body": DRAFT, "confirm_safe_messaging": "on"})
    assert Post.objects.get(pk=thread.opening_post.pk).body == DRAFT


def test_the_composer_script_gets_the_page_with_the_guidance_not_a_json_success(writer_client, thread):
    response = _reply(writer_client, thread, HTTP_ACCEPT="application/json")
    assert response["Content-Type"].startswith("text/html")
    assert '<section class="safe-messaging"' in response.content.decode()
    assert thread.posts.count() == 1


def test_outside_moderation_hours_the_guidance_says_when_moderators_are_back(writer_client, settings, thread):
    settings.HAVEN_MODERATION_HOURS = "Mon-Fri 08:00-20:00"
    settings.HAVEN_MODERATION_TIMEZONE = "UTC"
    with time_machine.travel(datetime(2026, 3, 2, 3, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        page = _reply(writer_client, thread).content.decode()
    assert "Moderators are away at the moment and back at 08:00 (your time)" in page


def test_a_reply_that_says_same_to_a_crisis_post_is_held_for_guidance(writer_client, thread, member):
    parent = services.reply(thread=thread, author=member, body="Some mornings I wish I wouldn't wake up.")
    response = writer_client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "Same. Every morning this month.", "parent": parent.pk},
    )
    assert '<section class="safe-messaging"' in response.content.decode()
    assert not Post.objects.filter(body="Same. Every morning this month.").exists()


def test_a_reply_that_says_same_to_a_calm_post_is_published_at_once(writer_client, thread, member):
    parent = services.reply(thread=thread, author=member, body="Had a lovely walk by the sea today.")
    writer_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "Same! Bliss.", "parent": parent.pk}
    )
    assert Post.objects.filter(body="Same! Bliss.").exists()
