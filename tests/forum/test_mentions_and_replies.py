import pytest

from accounts.services import block
from forum import services
from forum.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _messages(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", "message"))


def test_the_thread_author_hears_about_replies(thread, member, other_member):
    services.reply(thread=thread, author=other_member, body="I hear you")
    assert _messages(member) == [
        ("reply", f"{other_member.display_name} replied in your thread: “{thread.title}”")
    ]


def test_the_parent_author_hears_about_a_reply_to_their_post(thread, other_member):
    answered = UserFactory()
    parent = services.reply(thread=thread, author=answered, body="first")
    services.reply(thread=thread, author=other_member, body="second", parent=parent)
    assert ("reply", f"{other_member.display_name} replied to your post in “{thread.title}”") in _messages(
        answered
    )


def test_nobody_is_notified_of_their_own_post(thread, member):
    services.reply(thread=thread, author=member, body="adding to my own thread")
    assert _messages(member) == []


def test_mentions_link_to_the_profile_and_notify(thread, other_member):
    maya = UserFactory(display_name="Maya L")
    post = services.reply(thread=thread, author=other_member, body="Thanks @Maya L, that helped")
    assert f'<a href="{maya.get_absolute_url()}" class="mention"' in post.body_html
    assert ("mention", f"{other_member.display_name} mentioned you in “{thread.title}”") in _messages(maya)


def test_mentions_in_code_are_not_mentions(thread, other_member):
    maya = UserFactory(display_name="Maya")
    post = services.reply(thread=thread, author=other_member, body="`@Maya` is how you mention")
    assert 'class="mention"' not in post.body_html
    assert _messages(maya) == []


def test_unknown_names_stay_plain_text(thread, other_member):
    post = services.reply(thread=thread, author=other_member, body="Hello @Nobody here")
    assert "<a" not in post.body_html


def test_quotes_notify_the_quoted_member(thread, other_member):
    grace = UserFactory(display_name="Grace")
    services.reply(thread=thread, author=other_member, body="**Grace** wrote:\n> rest matters\n\nSo true.")
    assert ("quote", f"{other_member.display_name} quoted you in “{thread.title}”") in _messages(grace)


def test_one_notification_per_member_per_post_the_most_specific(thread, member, other_member):
    services.reply(thread=thread, author=other_member, body=f"@{member.display_name} what do you think?")
    assert [kind for kind, _ in _messages(member)] == ["mention"]


def test_a_blocked_member_cannot_mention_or_notify_you(thread, member, other_member):
    block(member, other_member)
    services.reply(thread=thread, author=other_member, body=f"@{member.display_name} hello")
    assert _messages(member) == []


def test_a_pending_post_notifies_only_once_approved(thread, member):
    from moderation import services as moderation_services
    from moderation.models import QueueEntry

    newcomer = UserFactory(is_trusted=False)
    post = services.reply(thread=thread, author=newcomer, body="first words")
    assert _messages(member) == []
    moderation_services.approve(QueueEntry.objects.get(post=post), UserFactory(is_moderator=True), "welcome")
    assert [kind for kind, _ in _messages(member)] == ["reply"]


def test_notifications_page_runs_a_bounded_number_of_queries(
    member_client, member, django_assert_max_num_queries
):
    from forum.notifications import notify_moderation

    for n in range(40):
        notify_moderation(member, f"note {n}", "/latest/")
    with django_assert_max_num_queries(5):
        response = member_client.get("/notifications/")
    assert len(response.context["notifications"]) == 40
