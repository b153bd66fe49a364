"""A post in a thread that members may not see (its opening post hidden by a moderator or awaiting
approval) is out of sight on every page that shows a post, not only on the thread page: the one
rule is Post.objects.visible_to, which includes the thread's own visibility."""

import pytest
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import Post
from moderation.models import Flag
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

TITLE = "A title nobody should read 5c1e"
REPLY = "Words in a hidden thread 5c1e"


@pytest.fixture
def replier():
    return UserFactory()


@pytest.fixture
def reply_in_hidden_thread(replier):
    thread = make_thread(title=TITLE)
    reply = services.reply(thread=thread, author=replier, body=REPLY)
    services.set_post_state(thread.opening_post, Post.State.HIDDEN, hidden_reason="Unkind")
    return reply


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _shows_nothing_of_it(response):
    page = response.content.decode()
    return response.status_code == 404 and TITLE not in page and REPLY not in page


def test_the_flag_page_of_a_reply_in_a_hidden_thread_is_not_found(member, reply_in_hidden_thread):
    response = _as(member).get(reverse("moderation:flag", args=[reply_in_hidden_thread.pk]))
    assert _shows_nothing_of_it(response)


def test_a_reply_in_a_hidden_thread_cannot_be_flagged(member, reply_in_hidden_thread):
    response = _as(member).post(
        reverse("moderation:flag", args=[reply_in_hidden_thread.pk]), {"reason": "spam", "note": ""}
    )
    assert response.status_code == 404
    assert not Flag.objects.filter(post=reply_in_hidden_thread).exists()


def test_the_flag_page_of_a_visible_reply_still_opens(member, replier):
    reply = services.reply(thread=make_thread(), author=replier, body="Visible words")
    assert _as(member).get(reverse("moderation:flag", args=[reply.pk])).status_code == 200


@pytest.mark.parametrize("page", ["forum:edit_post", "forum:post_history", "forum:delete_post"])
def test_its_own_author_cannot_open_a_reply_in_a_hidden_thread(page, replier, reply_in_hidden_thread):
    response = _as(replier).get(reverse(page, args=[reply_in_hidden_thread.pk]))
    assert _shows_nothing_of_it(response)


def test_its_own_author_cannot_edit_a_reply_in_a_hidden_thread(replier, reply_in_hidden_thread):
    response = _as(replier).post(
        reverse("forum:edit_post", args=[reply_in_hidden_thread.pk]), {"body": "Changed words"}
    )
    assert response.status_code == 404
    reply_in_hidden_thread.refresh_from_db()
    assert reply_in_hidden_thread.body == REPLY


@pytest.mark.parametrize("page", ["forum:reactions", "forum:post"])
def test_other_pages_of_a_reply_in_a_hidden_thread_are_not_found(page, member, reply_in_hidden_thread):
    assert _shows_nothing_of_it(_as(member).get(reverse(page, args=[reply_in_hidden_thread.pk])))


def test_the_profile_of_its_author_does_not_list_a_reply_in_a_hidden_thread(
    member, replier, reply_in_hidden_thread
):
    page = _as(member).get(reverse("accounts:profile", args=[replier.pk])).content.decode()
    assert TITLE not in page


def test_the_author_of_a_hidden_opening_post_still_edits_it(reply_in_hidden_thread):
    """Their own thread stays theirs: they see it with its notice, and can edit or appeal."""
    thread = reply_in_hidden_thread.thread
    response = _as(thread.author).get(reverse("forum:edit_post", args=[thread.opening_post_id]))
    assert response.status_code == 200
