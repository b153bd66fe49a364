import pytest
from django.urls import reverse

from forum import services as forum_services
from forum.models import Notification, Post
from moderation import services
from moderation.models import QueueEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return UserFactory(is_trusted=False, display_name="New Nell")


def test_a_newcomers_first_reply_waits_for_approval(client, newcomer, thread):
    client.force_login(newcomer)
    client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Hello, first time here"})
    post = Post.objects.get(author=newcomer)
    assert post.state == Post.State.PENDING
    assert QueueEntry.objects.get(post=post).awaiting_approval


def test_others_do_not_see_a_pending_post(member_client, newcomer, thread):
    forum_services.reply(thread=thread, author=newcomer, body="Hello, first time here")
    assert "Hello, first time here" not in member_client.get(thread.get_absolute_url()).content.decode()


def test_the_author_sees_it_with_a_gentle_notice_and_crisis_resources(client, newcomer, thread):
    client.force_login(newcomer)
    response = client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "Hello, first time here"}, follow=True
    )
    page = response.content.decode()
    assert "Hello, first time here" in page
    assert "awaiting a quick review" in page
    assert reverse("forum:crisis") in page
    assert "your first post waits for a quick review" in page


def test_pending_posts_do_not_count_or_bump_the_thread(newcomer, thread):
    forum_services.reply(thread=thread, author=newcomer, body="Hello")
    thread.refresh_from_db()
    newcomer.refresh_from_db()
    assert thread.reply_count == 0
    assert newcomer.post_count == 0


def test_a_newcomers_new_thread_is_not_listed_until_approved(member_client, newcomer, category):
    thread = forum_services.create_thread(author=newcomer, category=category, title="Hello all", body="Hi")
    assert thread.is_hidden
    assert list(member_client.get(reverse("forum:latest")).context["threads"]) == []
    assert member_client.get(thread.get_absolute_url()).status_code == 404


def test_approval_publishes_tells_the_author_and_trusts_them(moderator, newcomer, thread, settings):
    settings.HAVEN_PREMODERATE_FIRST_POSTS = 1
    post = forum_services.reply(thread=thread, author=newcomer, body="Hello")
    services.approve(QueueEntry.objects.get(post=post), moderator, "Welcome")
    post.refresh_from_db()
    newcomer.refresh_from_db()
    thread.refresh_from_db()
    assert post.state == Post.State.PUBLISHED
    assert thread.reply_count == 1
    assert newcomer.is_trusted
    assert "approved and is now published" in Notification.objects.get(recipient=newcomer).message
    second = forum_services.reply(thread=thread, author=newcomer, body="Second post")
    assert second.state == Post.State.PUBLISHED


def test_the_number_of_premoderated_posts_is_a_setting(moderator, newcomer, thread, settings):
    settings.HAVEN_PREMODERATE_FIRST_POSTS = 2
    first = forum_services.reply(thread=thread, author=newcomer, body="one")
    services.approve(QueueEntry.objects.get(post=first), moderator, "ok")
    newcomer.refresh_from_db()
    assert not newcomer.is_trusted
    assert forum_services.reply(thread=thread, author=newcomer, body="two").state == Post.State.PENDING


def test_premoderation_can_be_turned_off(newcomer, thread, settings):
    settings.HAVEN_PREMODERATE_FIRST_POSTS = 0
    assert forum_services.reply(thread=thread, author=newcomer, body="hi").state == Post.State.PUBLISHED


def test_moderators_are_never_premoderated(moderator, thread):
    moderator.is_trusted = False
    assert forum_services.reply(thread=thread, author=moderator, body="hi").state == Post.State.PUBLISHED
