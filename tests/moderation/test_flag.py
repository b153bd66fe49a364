import pytest
from django.urls import reverse

from forum.models import Notification, Post
from moderation import services
from moderation.models import Flag, FlagReason, Priority, QueueEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _flag(client, post, reason="harassment", note=""):
    return client.post(reverse("moderation:flag", args=[post.pk]), {"reason": reason, "note": note})


def test_member_flags_someone_elses_post(member_client, member, reply_post):
    response = _flag(member_client, reply_post, note="That was unkind")
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.flagged_by, flag.reason, flag.note) == (member, "harassment", "That was unkind")
    assert flag.entry.is_open


def test_flagging_is_acknowledged_kindly(member_client, reply_post):
    response = _flag(member_client, reply_post)
    page = member_client.get(response.url).content.decode()
    assert "Thank you for looking out for the community" in page


def test_something_else_needs_a_note(member_client, reply_post):
    response = _flag(member_client, reply_post, reason="other")
    assert response.status_code == 200
    assert "Please tell the moderators what the concern is." in response.content.decode()
    assert not Flag.objects.exists()


def test_unknown_reason_is_a_form_error(member_client, reply_post):
    response = _flag(member_client, reply_post, reason="boring")
    assert response.status_code == 200
    assert not Flag.objects.exists()


def test_members_cannot_flag_their_own_post(member_client, thread):
    assert _flag(member_client, thread.opening_post).status_code == 403
    assert not Flag.objects.exists()


def test_one_open_flag_per_member_per_post(member_client, reply_post):
    _flag(member_client, reply_post)
    response = _flag(member_client, reply_post, reason="spam")
    assert Flag.objects.count() == 1
    page = member_client.get(response.url).content.decode()
    assert "already flagged" in page


def test_flags_from_several_members_share_one_queue_entry(reply_post):
    for _ in range(2):
        services.flag_post(reply_post, UserFactory(), FlagReason.SPAM)
    assert QueueEntry.objects.count() == 1
    assert QueueEntry.objects.get().flags.count() == 2


def test_the_entry_takes_the_most_urgent_reason(reply_post):
    services.flag_post(reply_post, UserFactory(), FlagReason.SPAM)
    services.flag_post(reply_post, UserFactory(), FlagReason.CRISIS)
    assert QueueEntry.objects.get().priority == Priority.CRISIS


def test_flagging_is_never_revealed_to_the_author(client, reply_post, other_member, member):
    services.flag_post(reply_post, member, FlagReason.HARASSMENT, "secret note")
    client.force_login(other_member)  # the author
    page = client.get(reply_post.thread.get_absolute_url()).content.decode()
    assert "secret note" not in page
    assert member.display_name not in page.replace(reply_post.thread.author.display_name, "")
    assert not Notification.objects.filter(recipient=other_member).exists()


def test_post_is_hidden_once_enough_members_flag_it(client, reply_post, settings):
    settings.HAVEN_AUTO_HIDE_FLAGS = 3
    for _ in range(2):
        services.flag_post(reply_post, UserFactory(), FlagReason.HARASSMENT)
    reply_post.refresh_from_db()
    assert reply_post.state == Post.State.PUBLISHED
    services.flag_post(reply_post, UserFactory(), FlagReason.HARASSMENT)
    reply_post.refresh_from_db()
    assert reply_post.state == Post.State.AUTO_HIDDEN
    reader = UserFactory()
    client.force_login(reader)
    assert (
        "A reply that worries someone"
        not in client.get(reply_post.thread.get_absolute_url()).content.decode()
    )


def test_automatic_flags_do_not_count_towards_hiding(reply_post, settings):
    settings.HAVEN_AUTO_HIDE_FLAGS = 1
    services.raise_automatic_flag(reply_post, FlagReason.CRISIS)
    reply_post.refresh_from_db()
    assert reply_post.state == Post.State.PUBLISHED


def test_author_still_sees_their_auto_hidden_post_with_a_notice(client, reply_post, other_member, settings):
    settings.HAVEN_AUTO_HIDE_FLAGS = 1
    services.flag_post(reply_post, UserFactory(), FlagReason.SPAM)
    client.force_login(other_member)
    page = client.get(reply_post.thread.get_absolute_url()).content.decode()
    assert "A reply that worries someone" in page
    assert "several members asked moderators to look at it" in page


def test_auto_hiding_updates_the_reply_count(reply_post, settings):
    settings.HAVEN_AUTO_HIDE_FLAGS = 1
    services.flag_post(reply_post, UserFactory(), FlagReason.SPAM)
    reply_post.thread.refresh_from_db()
    assert reply_post.thread.reply_count == 0


def test_flag_link_shows_on_others_posts_only(member_client, thread, reply_post):
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert reverse("moderation:flag", args=[reply_post.pk]) in page
    assert reverse("moderation:flag", args=[thread.opening_post.pk]) not in page
