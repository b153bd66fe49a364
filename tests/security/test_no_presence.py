"""Presence privacy by default: no "who's online", no "last seen", no read receipts anywhere.

Members of a peer-support forum for people under strain should never feel watched or owe anyone
a reply. Every kind of page is rendered, for members and for a moderator, and searched for the
words that presence features use; no template may read when a member last logged in.
"""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from conversations import services as conversation_services
from conversations.models import Participant
from forum import member_services, services
from forum.notifications import notify_moderation
from moderation import services as moderation_services
from moderation.models import FlagReason
from tests.factories import ModeratorFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db

PRESENCE = re.compile(r"\bonline\b|last seen|last active|last login|read by|seen by|is typing", re.IGNORECASE)
LAST_LOGIN = datetime(2001, 2, 3, 4, 5, tzinfo=UTC)  # a date no page has any other reason to show


@pytest.fixture
def world(db):
    author = UserFactory(display_name="Author", last_login=LAST_LOGIN, profession="Nurse")
    reader = UserFactory(display_name="Reader", last_login=LAST_LOGIN)
    thread = make_thread(author=author, title="Carrying it home", body="Opening words", replies=2)
    post = services.reply(thread=thread, author=reader, body="I read this and relate")
    services.toggle_reaction(post=thread.opening_post, member=reader, kind="support")
    services.mark_read(member=reader, thread=thread, position=thread.post_count)
    services.set_thread_subscription(member=author, thread=thread, level="following")
    notify_moderation(author, "Your post is published")
    entry = moderation_services.flag_post(post, UserFactory(), FlagReason.SPAM, "").entry
    # A private conversation the reader has read, reported by the author: no page says it was read.
    User.objects.filter(pk__in=[author.pk, reader.pk]).update(date_joined=timezone.now() - timedelta(days=30))
    author.refresh_from_db()
    reader.refresh_from_db()
    conversation = conversation_services.send_message(
        author, reader, "How are you doing?"
    ).message.conversation
    conversation_services.send_message(reader, author, "Better, thank you")
    conversation_services.mark_read(Participant.objects.get(conversation=conversation, member=reader))
    report = conversation_services.report_conversation(conversation, author, "")
    return {
        "author": author, "reader": reader, "thread": thread, "post": post, "entry": entry,
        "conversation": conversation, "conversation_report": report,
    }  # fmt: skip


def _member_pages(world):
    thread, author = world["thread"], world["author"]
    return [
        reverse("forum:home"),
        reverse("forum:latest"),
        thread.category.get_absolute_url(),
        thread.get_absolute_url(),
        reverse("forum:reactions", args=[thread.opening_post_id]),
        reverse("forum:search") + "?q=relate",
        reverse("forum:notifications"),
        reverse("forum:bookmarks"),
        reverse("accounts:profile", args=[author.pk]),
        reverse("accounts:profile", args=[world["reader"].pk]),
        reverse("accounts:preferences"),
        reverse("accounts:take_break"),
        reverse("accounts:activity"),
        reverse("moderation:my_suspension"),
    ]


def _moderator_pages(world):
    return [
        reverse("moderation:queue"),
        reverse("moderation:entry", args=[world["entry"].pk]),
        reverse("moderation:member", args=[world["author"].pk]),
        reverse("moderation:audit_log"),
        reverse("moderation:conversation_report", args=[world["conversation_report"].pk]),
    ]


def _assert_no_presence(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    page = response.content.decode()
    found = PRESENCE.search(page)
    assert found is None, f"{path} shows presence: {found.group(0)!r}"
    assert "2001" not in page, f"{path} shows when someone last logged in"


def test_no_member_page_shows_presence(world):
    client = Client()
    client.force_login(world["author"])
    conversation_pages = [reverse("conversations:inbox"), world["conversation"].get_absolute_url()]
    for path in _member_pages(world) + conversation_pages:
        _assert_no_presence(client, path)


def test_the_break_page_of_a_member_on_a_break_shows_no_presence(world):
    client = Client()
    resting = UserFactory()
    member_services.start_break(resting, days=7)
    client.force_login(resting)
    _assert_no_presence(client, reverse("accounts:take_break"))


def test_no_moderator_page_shows_presence(world):
    client = Client()
    client.force_login(ModeratorFactory())
    for path in _moderator_pages(world) + _member_pages(world):
        _assert_no_presence(client, path)


def test_no_template_reads_when_a_member_last_logged_in():
    templates = Path(settings.BASE_DIR, "templates").rglob("*.html")
    offenders = [str(path) for path in templates if "last_login" in path.read_text()]
    assert offenders == []
