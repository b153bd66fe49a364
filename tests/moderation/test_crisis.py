"""Crisis-aware safeguards. The phrase list is first-person and specific on purpose: everyday
figures of speech ("this caseload is killing me") and talk about clients' suicidality are part of
this community's ordinary language and must not raise crisis flags (see moderation/crisis.py)."""

import pytest
from django.core import mail
from django.urls import reverse

from forum import services as forum_services
from forum.models import Post
from moderation.crisis import find_crisis_phrases
from moderation.models import CrisisPhrase, Flag, QueueEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "Some nights I want to kill myself.",
        "I KEEP THINKING ABOUT ENDING MY LIFE",
        "honestly i want to die",
        "I'm suicidal and I don't know who to tell",
        "I\u2019m suicidal",  # curly apostrophe
        "Im suicidal",
        "I've started self-harming again",
        "I've been cutting   myself",
        "Everyone would be better off without me.",
        "I'm going to hurt someone if this continues",
    ],
)
def test_crisis_phrases_are_found(text):
    assert find_crisis_phrases(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "This caseload is killing me.",
        "I could kill for a week off.",
        "My client was suicidal last week and I keep thinking about it.",
        "We did a suicide risk assessment training.",
        "The commute is murder.",
        "I'm dying to get some sleep.",
        "Skillful supervision helped me.",  # "kill" inside a word
        "Self-care that works: running, choir, and supervision.",
    ],
)
def test_everyday_figures_of_speech_and_clinical_talk_are_not_crisis(text):
    assert find_crisis_phrases(text) == []


def test_word_stem_wildcards_match_variants():
    phrases = ("hurt* myself",)
    assert find_crisis_phrases("I keep hurting myself", phrases) == ["hurt* myself"]
    assert find_crisis_phrases("I hurt myself", phrases) == ["hurt* myself"]
    assert find_crisis_phrases("hurtful to myself", phrases) == []


def test_phrases_are_editable_in_the_database():
    assert find_crisis_phrases("I feel completely hopeless") == []
    CrisisPhrase.objects.create(phrase="completely hopeless", category=CrisisPhrase.Category.SUICIDE)
    assert find_crisis_phrases("I feel completely hopeless") == ["completely hopeless"]


def test_inactive_phrases_are_ignored():
    CrisisPhrase.objects.filter(phrase="kill myself").update(is_active=False)
    assert find_crisis_phrases("I want to kill myself") == []


def test_a_crisis_post_is_published_and_flagged_at_the_top_of_the_queue(member, thread):
    post = forum_services.reply(thread=thread, author=member, body="Honestly I want to die some days")
    assert post.state == Post.State.PUBLISHED
    flag = Flag.objects.get(post=post)
    assert flag.is_automatic and flag.reason == "crisis"
    assert "“want to die”" in flag.note
    assert QueueEntry.objects.get(post=post).priority == 0


def test_the_author_sees_the_resources_panel_at_once(member_client, thread):
    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "I keep thinking about ending my life", "confirm_safe_messaging": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert 'class="crisis-panel"' in page
    assert "988" in page and "116 123" in page and "findahelpline.com" in page


def test_figures_of_speech_get_no_panel_and_no_flag(member_client, thread):
    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "This caseload is killing me, honestly."},
        follow=True,
    )
    assert 'class="crisis-panel"' not in response.content.decode()
    assert not Flag.objects.exists()


def test_edited_posts_are_checked_too(member, thread):
    post = thread.opening_post
    forum_services.edit_post(
        post=post, editor=member, body="Update: I want to kill myself", title=thread.title
    )
    assert Flag.objects.get(post=post).reason == "crisis"


def test_crisis_titles_are_checked(member, category):
    thread = forum_services.create_thread(author=member, category=category, title="I want to die", body="...")
    assert Flag.objects.get(post=thread.opening_post).reason == "crisis"


def test_moderators_are_emailed_when_the_setting_is_on(
    member, thread, settings, moderator, django_capture_on_commit_callbacks
):
    settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS = True
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.reply(thread=thread, author=member, body="I want to kill myself")
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert "want to kill myself" not in mail.outbox[0].body  # no post content in email


def test_no_email_when_the_setting_is_off(member, thread, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.reply(thread=thread, author=member, body="I want to kill myself")
    assert mail.outbox == []
