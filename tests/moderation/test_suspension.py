from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Notification, Post, Thread
from moderation import services
from moderation.models import ModerationAction, QueueEntry, Suspension
from tests.factories import UserFactory, mark_recently_reauthenticated

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended(moderator):
    member = UserFactory(display_name="Suspended Sue")
    services.suspend_member(member, moderator, "Repeated unkind replies", days=7)
    member.refresh_from_db()
    return member


def test_suspend_requires_reauthentication(moderator_client, member):
    response = moderator_client.post(
        reverse("moderation:suspend", args=[member.pk]), {"duration": "7", "reason": "Unkind"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    member.refresh_from_db()
    assert not member.is_suspended


def test_reauthenticating_completes_the_suspension(moderator_client, moderator, member, password):
    suspend_url = reverse("moderation:suspend", args=[member.pk])
    asked = moderator_client.post(suspend_url, {"duration": "7", "reason": "Unkind"})
    response = moderator_client.post(asked.url, {"password": password, "next": suspend_url}, follow=True)
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.is_suspended
    assert ModerationAction.objects.get(kind="suspend").actor == moderator


def test_suspension_for_a_duration(moderator_client, moderator, member):
    mark_recently_reauthenticated(moderator_client, moderator)
    moderator_client.post(
        reverse("moderation:suspend", args=[member.pk]), {"duration": "3", "reason": "Cooling off"}
    )
    member.refresh_from_db()
    assert (
        timezone.now() + timedelta(days=2, hours=23)
        < member.suspended_until
        < timezone.now() + timedelta(days=3, minutes=1)
    )
    suspension = Suspension.objects.get(member=member)
    assert suspension.reason == "Cooling off"
    action = ModerationAction.objects.get(kind="suspend")
    assert action.member == member and action.before == {"suspended_until": None}
    assert "suspended until" in Notification.objects.get(recipient=member).message


def test_indefinite_suspension(moderator_client, moderator, member):
    mark_recently_reauthenticated(moderator_client, moderator)
    moderator_client.post(
        reverse("moderation:suspend", args=[member.pk]), {"duration": "", "reason": "Abuse"}
    )
    member.refresh_from_db()
    assert member.is_suspended_indefinitely
    assert Suspension.objects.get(member=member).ends_at is None
    assert ModerationAction.objects.get(kind="suspend").after == {"suspended_until": "indefinite"}


def test_suspended_member_can_read(client, suspended, thread):
    client.force_login(suspended)
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_suspended_member_sees_when_it_ends(client, suspended):
    client.force_login(suspended)
    page = client.get(reverse("forum:latest")).content.decode()
    assert "Your account is suspended until" in page
    assert suspended.suspended_until.strftime("%-d %B %Y") in page


def test_suspended_member_cannot_start_a_thread(client, suspended, category):
    client.force_login(suspended)
    response = client.post(
        reverse("forum:new_thread"), {"category": category.pk, "title": "Hi there", "body": "x"}
    )
    assert response.status_code == 403
    assert not Thread.objects.filter(author=suspended).exists()


def test_suspended_member_cannot_reply(client, suspended, thread):
    client.force_login(suspended)
    assert client.post(reverse("forum:reply", args=[thread.pk]), {"body": "x"}).status_code == 403
    assert thread.posts.count() == 1


def test_suspended_member_cannot_flag(client, suspended, thread):
    client.force_login(suspended)
    response = client.post(reverse("moderation:flag", args=[thread.opening_post.pk]), {"reason": "spam"})
    assert response.status_code == 403


def test_suspended_member_cannot_edit_but_can_delete_their_posts(client, moderator, thread, member):
    services.suspend_member(member, moderator, "x", days=1)
    client.force_login(member)
    post = thread.opening_post
    assert (
        client.post(reverse("forum:edit_post", args=[post.pk]), {"title": "t x", "body": "y"}).status_code
        == 403
    )
    assert client.post(reverse("forum:delete_post", args=[post.pk])).status_code == 302
    assert Post.objects.get(pk=post.pk).is_deleted


def test_a_suspension_ends_on_time(suspended):
    suspended.suspended_until = timezone.now() - timedelta(seconds=1)
    assert not suspended.is_suspended


def test_lifting_a_suspension(moderator_client, moderator, suspended):
    moderator_client.post(reverse("moderation:lift", args=[suspended.pk]), {"reason": "Spoke with them"})
    suspended.refresh_from_db()
    assert not suspended.is_suspended
    assert Suspension.objects.get().lifted_by == moderator
    assert ModerationAction.objects.filter(kind="lift_suspension", member=suspended).exists()


def test_lifting_when_not_suspended_is_refused(moderator_client, member):
    moderator_client.post(reverse("moderation:lift", args=[member.pk]), {"reason": "x"})
    assert not ModerationAction.objects.exists()


def test_moderators_cannot_suspend_themselves(moderator_client, moderator):
    mark_recently_reauthenticated(moderator_client, moderator)
    moderator_client.post(
        reverse("moderation:suspend", args=[moderator.pk]), {"duration": "1", "reason": "x"}
    )
    moderator.refresh_from_db()
    assert not moderator.is_suspended


def test_warning_from_the_member_page(moderator_client, member):
    moderator_client.post(reverse("moderation:warn", args=[member.pk]), {"reason": "Please be gentle"})
    assert "Please be gentle" in Notification.objects.get(recipient=member).message
    assert ModerationAction.objects.get(kind="warn").member == member


# --- Appeals -------------------------------------------------------------------------------------


def test_suspended_member_appeals_once_and_it_enters_the_queue(client, suspended):
    client.force_login(suspended)
    client.post(reverse("moderation:my_suspension"), {"message": "I was grieving; I'm sorry."})
    entry = QueueEntry.objects.get(kind="appeal")
    assert entry.appeal.message == "I was grieving; I'm sorry."
    assert client.post(reverse("moderation:my_suspension"), {"message": "again"}).status_code == 403
    assert QueueEntry.objects.filter(kind="appeal").count() == 1


def test_overturning_a_suspension_appeal_lifts_it(moderator_client, suspended):
    appeal = services.appeal_suspension(Suspension.objects.get(member=suspended), suspended, "Please")
    moderator_client.post(
        reverse("moderation:act", args=[appeal.queue_entry.pk]),
        {"action": "overturn", "reason": "Fair point"},
    )
    suspended.refresh_from_db()
    assert not suspended.is_suspended
    assert ModerationAction.objects.filter(kind="appeal_overturned").exists()


def test_hidden_post_appeal_overturned_republishes(moderator_client, moderator, flagged_entry):
    services.hide_post(flagged_entry, moderator, "Unkind")
    post = Post.objects.get(pk=flagged_entry.post_id)
    appeal = services.appeal_hidden_post(post, post.author, "It was a joke between friends")
    moderator_client.post(
        reverse("moderation:act", args=[appeal.queue_entry.pk]), {"action": "overturn", "reason": "Context"}
    )
    post.refresh_from_db()
    assert post.state == Post.State.PUBLISHED


def test_hidden_post_appeal_upheld_keeps_it_hidden_and_tells_the_member(
    moderator_client, moderator, flagged_entry
):
    services.hide_post(flagged_entry, moderator, "Unkind")
    post = Post.objects.get(pk=flagged_entry.post_id)
    appeal = services.appeal_hidden_post(post, post.author, "Please reconsider")
    moderator_client.post(
        reverse("moderation:act", args=[appeal.queue_entry.pk]),
        {"action": "uphold", "reason": "Still unkind"},
    )
    post.refresh_from_db()
    assert post.state == Post.State.HIDDEN
    assert Notification.objects.filter(recipient=post.author, message__contains="upheld").exists()


def test_a_hidden_post_can_be_appealed_once_through_the_site(client, moderator, flagged_entry):
    services.hide_post(flagged_entry, moderator, "Unkind")
    post = Post.objects.get(pk=flagged_entry.post_id)
    client.force_login(post.author)
    url = reverse("moderation:appeal_post", args=[post.pk])
    assert client.post(url, {"message": "Please look again"}).status_code == 302
    assert client.post(url, {"message": "And again"}).status_code == 403


def test_only_the_author_can_appeal_a_hidden_post(member_client, moderator, flagged_entry):
    services.hide_post(flagged_entry, moderator, "Unkind")
    url = reverse("moderation:appeal_post", args=[flagged_entry.post_id])
    assert member_client.post(url, {"message": "not mine"}).status_code == 404
