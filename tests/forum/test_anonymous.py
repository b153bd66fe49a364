"""Anonymous posting: nobody else learns who wrote it, on any page, notification, email, search
result, profile or count. Only moderators can reveal the author, with a reason, audit-logged."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import Notification, Thread
from moderation import services as moderation_services
from moderation.models import FlagReason, ModerationAction
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Secret Sam"


@pytest.fixture
def secret():
    return UserFactory(display_name=SECRET_NAME, email="sam@example.org")


@pytest.fixture
def anon_thread(secret, category):
    thread = services.create_thread(
        author=secret,
        category=category,
        title="Something I can't say with my name",
        body="Opening words",
        anonymous=True,
    )
    return thread


@pytest.fixture
def reader():
    client = Client()
    client.force_login(UserFactory())
    return client


def _assert_no_leak(text):
    assert SECRET_NAME not in text
    assert "sam@example.org" not in text


def test_thread_page_and_lists_show_anonymous_member(reader, anon_thread):
    page = reader.get(anon_thread.get_absolute_url()).content.decode()
    _assert_no_leak(page)
    assert "Anonymous member" in page
    latest = reader.get(reverse("forum:latest")).content.decode()
    _assert_no_leak(latest)
    assert "started by Anonymous member" in latest


def test_anonymous_reply_in_a_named_thread(reader, thread, secret):
    services.reply(thread=thread, author=secret, body="Me too", anonymous=True)
    for url in [thread.get_absolute_url(), reverse("forum:latest"), thread.category.get_absolute_url()]:
        _assert_no_leak(reader.get(url).content.decode())
    assert "last reply by Anonymous member" in reader.get(reverse("forum:latest")).content.decode()


def test_the_authors_profile_neither_lists_nor_counts_anonymous_posts(reader, anon_thread, secret):
    page = reader.get(reverse("accounts:profile", args=[secret.pk])).content.decode()
    assert anon_thread.title not in page
    secret.refresh_from_db()
    assert secret.post_count == 0


def test_the_author_sees_their_own_anonymous_post_marked(client, anon_thread, secret):
    client.force_login(secret)
    page = client.get(reverse("accounts:profile", args=[secret.pk])).content.decode()
    assert "posted anonymously; only you see this" in page
    assert "(you)" in client.get(anon_thread.get_absolute_url()).content.decode()


def test_replies_quotes_and_in_reply_to_say_anonymous_member(reader, anon_thread):
    post = anon_thread.opening_post
    quote_form = reader.get(reverse("forum:reply", args=[anon_thread.pk]), {"to": post.pk, "quote": 1})
    page = quote_form.content.decode()
    _assert_no_leak(page)
    assert "**Anonymous member** wrote:" in page
    answer = services.reply(thread=anon_thread, author=UserFactory(), body="Sending care", parent=post)
    thread_page = reader.get(anon_thread.get_absolute_url()).content.decode()
    _assert_no_leak(thread_page)
    assert "in reply to Anonymous member" in thread_page
    assert answer.parent_id == post.pk


def test_notifications_and_emails_never_name_the_anonymous_author(
    anon_thread, secret, django_capture_on_commit_callbacks
):
    follower = UserFactory()
    services.set_thread_subscription(member=follower, thread=anon_thread, level="following")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(thread=anon_thread, author=secret, body="An update", anonymous=True)
    for notification in Notification.objects.filter(recipient=follower):
        _assert_no_leak(notification.message)
        assert notification.message.startswith("Anonymous member replied")
    assert mail.outbox
    for message in mail.outbox:
        _assert_no_leak(message.subject + message.body)


def test_search_never_reveals_or_filters_by_an_anonymous_author(reader, anon_thread):
    results = reader.get(reverse("forum:search"), {"q": "opening words"})
    _assert_no_leak(results.content.decode())
    assert "Anonymous member" in results.content.decode()
    by_author = reader.get(reverse("forum:search"), {"q": "opening words", "author": SECRET_NAME})
    assert list(by_author.context["results"]) == []


def test_the_flag_page_does_not_name_the_author(reader, anon_thread):
    page = reader.get(reverse("moderation:flag", args=[anon_thread.opening_post.pk])).content.decode()
    _assert_no_leak(page)


def test_moderators_do_not_see_the_author_until_they_reveal_it(anon_thread, secret):
    from tests.factories import mark_recently_reauthenticated

    moderator = ModeratorFactory()
    entry = moderation_services.flag_post(
        anon_thread.opening_post, UserFactory(), FlagReason.HARMFUL, ""
    ).entry
    client = Client()
    client.force_login(moderator)
    for url in [reverse("moderation:queue"), reverse("moderation:entry", args=[entry.pk])]:
        _assert_no_leak(client.get(url).content.decode())
    mark_recently_reauthenticated(client, moderator)
    client.post(reverse("moderation:reveal", args=[entry.pk]), {"reason": "Possible risk to a client"})
    action = ModerationAction.objects.get(kind="reveal_author")
    assert (action.actor, action.reason, action.after) == (
        moderator,
        "Possible risk to a client",
        {"author": SECRET_NAME},
    )
    assert SECRET_NAME in client.get(reverse("moderation:entry", args=[entry.pk])).content.decode()


def test_revealing_needs_a_reason(anon_thread):
    from tests.factories import mark_recently_reauthenticated

    moderator = ModeratorFactory()
    entry = moderation_services.flag_post(
        anon_thread.opening_post, UserFactory(), FlagReason.HARMFUL, ""
    ).entry
    client = Client()
    client.force_login(moderator)
    mark_recently_reauthenticated(client, moderator)
    client.post(reverse("moderation:reveal", args=[entry.pk]), {"reason": ""})
    assert not ModerationAction.objects.filter(kind="reveal_author").exists()


def test_posting_anonymously_through_the_site(member_client, member, category):
    member_client.post(
        reverse("forum:new_thread"),
        {"category": category.pk, "title": "Hard to say", "body": "Words", "anonymous": "on"},
    )
    thread = Thread.objects.get(title="Hard to say")
    assert thread.is_anonymous and thread.opening_post.is_anonymous
