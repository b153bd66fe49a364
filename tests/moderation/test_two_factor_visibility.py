"""A moderator reads what members cannot (posts awaiting approval or hidden, hidden threads,
revisions, verified-only categories) only once they have two-factor authentication: the one
predicate `User.acts_as_moderator`. Without it they read as the member they also are."""

import pytest
from django.test import Client
from django.urls import reverse

from forum import services as forum_services
from forum.models import Category, Post
from tests.factories import CategoryFactory, ModeratorFactory, UserFactory, give_totp, make_thread

pytestmark = pytest.mark.django_db

CANARY = "canary-hidden-7f3a"


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def moderator_without_2fa():
    return UserFactory(is_moderator=True)


@pytest.fixture
def hidden_reply(thread, other_member):
    post = forum_services.reply(thread=thread, author=other_member, body=f"Hidden zephyrine words {CANARY}")
    forum_services.set_post_state(post, Post.State.HIDDEN, hidden_reason="Unkind")
    return post


@pytest.fixture
def hidden_thread(other_member, category):
    thread = make_thread(author=other_member, category=category, title=f"Title {CANARY}", body="Body")
    forum_services.set_post_state(thread.opening_post, Post.State.HIDDEN, hidden_reason="Unkind")
    thread.refresh_from_db()
    return thread


def test_the_predicate_needs_two_factor(moderator_without_2fa):
    assert moderator_without_2fa.acts_as_moderator is False
    with_totp = ModeratorFactory()
    assert with_totp.acts_as_moderator is True


def test_a_member_with_two_factor_is_not_a_moderator(member):
    give_totp(member)
    assert member.acts_as_moderator is False


def test_without_two_factor_a_hidden_reply_stays_hidden_on_the_thread_page(
    moderator_without_2fa, thread, hidden_reply
):
    page = _client_for(moderator_without_2fa).get(thread.get_absolute_url() + "?page=1")
    assert page.status_code == 200
    assert CANARY not in page.content.decode()


def test_with_two_factor_the_moderator_sees_the_hidden_reply(thread, hidden_reply):
    moderator = ModeratorFactory()
    page = _client_for(moderator).get(thread.get_absolute_url() + "?page=1")
    assert CANARY in page.content.decode()


def test_without_two_factor_a_hidden_thread_is_not_found(moderator_without_2fa, hidden_thread):
    client = _client_for(moderator_without_2fa)
    assert client.get(hidden_thread.get_absolute_url()).status_code == 404
    assert client.get(reverse("forum:post", args=[hidden_thread.opening_post_id])).status_code == 404


def test_without_two_factor_the_permalink_of_a_hidden_reply_is_not_found(moderator_without_2fa, hidden_reply):
    response = _client_for(moderator_without_2fa).get(reverse("forum:post", args=[hidden_reply.pk]))
    assert response.status_code == 404


def test_without_two_factor_search_does_not_find_hidden_posts(moderator_without_2fa, hidden_reply):
    response = _client_for(moderator_without_2fa).get(reverse("forum:search"), {"q": "zephyrine"})
    assert response.status_code == 200
    assert CANARY not in response.content.decode()
    assert response.context["total"] == 0


def test_with_two_factor_search_finds_hidden_posts(hidden_reply):
    moderator = ModeratorFactory()
    response = _client_for(moderator).get(reverse("forum:search"), {"q": "zephyrine"})
    assert response.context["total"] == 1


def test_without_two_factor_a_redacted_revision_is_not_shown(moderator_without_2fa, thread, other_member):
    post = forum_services.reply(thread=thread, author=other_member, body=f"Original {CANARY}")
    forum_services.edit_post(post=post, editor=ModeratorFactory(), body="Redacted")
    response = _client_for(moderator_without_2fa).get(reverse("forum:post_history", args=[post.pk]))
    assert response.status_code == 403
    assert CANARY not in response.content.decode()


def test_without_two_factor_a_verified_only_category_stays_closed(moderator_without_2fa, other_member):
    closed = CategoryFactory(access=Category.Access.VERIFIED_ONLY)
    thread = make_thread(author=other_member, category=closed, title=f"Closed {CANARY}")
    client = _client_for(moderator_without_2fa)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert client.get(closed.get_absolute_url()).status_code == 403


def test_without_two_factor_a_locked_thread_takes_no_reply(moderator_without_2fa, thread):
    forum_services.set_thread_locked(thread, True)
    response = _client_for(moderator_without_2fa).post(
        reverse("forum:reply", args=[thread.pk]), {"body": "Still here"}
    )
    assert response.status_code == 403
