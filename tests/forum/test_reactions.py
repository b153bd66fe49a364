import pytest
from django.urls import reverse

from forum import services
from forum.models import Notification, Post, Reaction
from moderation import services as moderation_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(thread, other_member):
    return services.reply(thread=thread, author=other_member, body="What helped me was supervision.")


def _react(client, post, kind="support", **headers):
    return client.post(reverse("forum:react", args=[post.pk]), {"kind": kind}, **headers)


def test_reacting_adds_and_counts(member_client, member, reply):
    _react(member_client, reply)
    reply.refresh_from_db()
    assert reply.support_count == 1
    assert Reaction.objects.filter(user=member, post=reply, kind="support").exists()


def test_reacting_again_takes_it_back(member_client, reply):
    _react(member_client, reply)
    _react(member_client, reply)
    reply.refresh_from_db()
    assert reply.support_count == 0
    assert not Reaction.objects.exists()


def test_each_kind_at_most_once_per_member(member_client, reply):
    for kind in ["support", "relate", "helpful"]:
        _react(member_client, reply, kind)
    reply.refresh_from_db()
    assert (reply.support_count, reply.relate_count, reply.helpful_count) == (1, 1, 1)


def test_there_are_no_downvotes(member_client, reply):
    response = _react(member_client, reply, "downvote", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert not Reaction.objects.exists()


def test_javascript_gets_json_without_a_reload(member_client, reply):
    response = _react(member_client, reply, "relate", HTTP_ACCEPT="application/json")
    assert response.json() == {"kind": "relate", "active": True, "count": 1}


def test_without_javascript_the_form_post_returns_to_the_post(member_client, reply):
    response = member_client.post(
        reverse("forum:react", args=[reply.pk]), {"kind": "support", "next": "/t/x/1/#post-9"}
    )
    assert response.url == "/t/x/1/#post-9"


def test_an_offsite_next_is_ignored(member_client, reply):
    response = member_client.post(
        reverse("forum:react", args=[reply.pk]), {"kind": "support", "next": "//evil.example"}
    )
    assert response.url == reply.location_in_thread()


def test_you_cannot_react_to_your_own_post(client, reply, other_member):
    client.force_login(other_member)
    assert _react(client, reply).status_code == 403


def test_suspended_members_cannot_react(client, reply):
    suspended = UserFactory()
    moderation_services.suspend_member(suspended, UserFactory(is_moderator=True), "x", days=1)
    client.force_login(suspended)
    assert _react(client, reply).status_code == 403


def test_logged_out_visitors_cannot_react(client, reply):
    assert _react(client, reply).status_code == 302
    assert not Reaction.objects.exists()


def test_who_reacted_is_visible_on_request(member_client, reply):
    grace = UserFactory(display_name="Grace")
    services.toggle_reaction(post=reply, member=grace, kind="support")
    page = member_client.get(reverse("forum:reactions", args=[reply.pk])).content.decode()
    assert "Sending support (1)" in page and "Grace" in page


def test_the_thread_page_shows_counts_and_your_own_reactions(member_client, member, reply):
    services.toggle_reaction(post=reply, member=member, kind="helpful")
    page = member_client.get(reply.thread.get_absolute_url()).content.decode()
    assert (
        'class="reaction is-active" aria-pressed="true">Helpful <span class="reaction-count">1</span>' in page
    )


def test_reactions_are_batched_into_one_notification(reply, other_member):
    for _ in range(3):
        services.toggle_reaction(post=reply, member=UserFactory(), kind="support")
    notification = Notification.objects.get(recipient=other_member, kind="reaction")
    assert notification.message.startswith("3 people sent support to your post")
    assert notification.count == 3


def test_different_kinds_batch_separately(reply, other_member):
    services.toggle_reaction(post=reply, member=UserFactory(), kind="support")
    services.toggle_reaction(post=reply, member=UserFactory(), kind="relate")
    assert Notification.objects.filter(recipient=other_member, kind="reaction").count() == 2


def test_a_reaction_after_reading_starts_a_new_batch(reply, other_member):
    services.toggle_reaction(post=reply, member=UserFactory(), kind="support")
    Notification.objects.update(read_at="2026-01-01T00:00Z")
    services.toggle_reaction(post=reply, member=UserFactory(), kind="support")
    assert Notification.objects.filter(recipient=other_member).count() == 2


def test_cannot_react_to_a_post_you_cannot_see(member_client, thread):
    pending = services.reply(thread=thread, author=UserFactory(is_trusted=False), body="waiting")
    assert Post.objects.get(pk=pending.pk).state == "pending"
    assert _react(member_client, pending).status_code == 404


def test_a_reaction_count_shows_only_above_zero(member_client, reply, thread):
    """Issue 24, item 6: no row of "0"s under every post."""
    _react(member_client, reply, kind="relate")
    page = member_client.get(thread.get_absolute_url() + "?page=1").content.decode()
    assert '<span class="reaction-count">1</span>' in page
    assert '<span class="reaction-count" hidden>0</span>' in page
    assert '<span class="reaction-count">0</span>' not in page
