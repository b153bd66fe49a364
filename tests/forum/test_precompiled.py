"""Queries compiled once per worker (forum/precompiled.py) must show each viewer exactly what a
fresh queryset would: their own posts awaiting review, a moderator's wider view, their own state."""

import pytest
from django.test import Client, override_settings

from forum import precompiled, selectors, services
from forum.models import Post, Thread
from tests.factories import UserFactory, make_thread
from tests.moderation.conftest import give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _compile_afresh():
    """Each test decides which viewer's request compiles the thread page's queries first."""
    for query in (selectors._THREAD_FOR_PAGE, selectors._THREAD_PAGE_POSTS):
        query._by_shape.clear()


@pytest.fixture
def thread_with_pending_reply(db):
    thread = make_thread(replies=1)
    newcomer = UserFactory(is_trusted=False, display_name="Newcomer")
    services.reply(thread=thread, author=newcomer, body="My first words here")
    assert Post.objects.get(author=newcomer).state == Post.State.PENDING
    return thread, newcomer


def _sees(user, thread) -> bool:
    client = Client()
    client.force_login(user)
    return "My first words here" in client.get(thread.get_absolute_url() + "?page=1").content.decode()


@override_settings(HAVEN_CHECK_PRECOMPILED_QUERIES=False)  # what production runs: no second build
def test_members_of_one_shape_each_see_only_their_own_post_awaiting_review(thread_with_pending_reply):
    thread, newcomer = thread_with_pending_reply
    other = UserFactory(is_trusted=False)
    assert not _sees(other, thread)  # compiled for ordinary members with the other member's id...
    assert _sees(newcomer, thread)  # ...and run with the newcomer's
    assert not _sees(other, thread)


@override_settings(HAVEN_CHECK_PRECOMPILED_QUERIES=False)
def test_a_moderator_after_a_member_gets_the_moderators_query(thread_with_pending_reply):
    thread, _ = thread_with_pending_reply
    assert not _sees(UserFactory(), thread)
    assert _sees(give_totp(UserFactory(is_moderator=True)), thread)


@override_settings(HAVEN_CHECK_PRECOMPILED_QUERIES=False)
def test_a_member_after_a_moderator_does_not_get_the_moderators_query(thread_with_pending_reply):
    thread, _ = thread_with_pending_reply
    assert _sees(give_totp(UserFactory(is_moderator=True)), thread)
    assert not _sees(UserFactory(), thread)


@override_settings(HAVEN_CHECK_PRECOMPILED_QUERIES=False)
def test_the_thread_carries_each_members_own_state(member, other_member, thread):
    services.toggle_bookmark(member=member, thread=thread)
    assert selectors.thread_for_page(other_member, thread.pk).is_bookmarked is False
    assert selectors.thread_for_page(member, thread.pk).is_bookmarked is True


def test_posts_come_with_their_author_and_thread_in_one_query(django_assert_num_queries, member):
    thread = make_thread(replies=3)
    expected = [
        post.author.display_name for post in thread.posts.select_related("author").order_by("position")
    ]
    with django_assert_num_queries(1):
        posts = selectors.thread_page_posts(member, thread, 1, 20)
        assert [post.author.display_name for post in posts] == expected
        assert all(post.thread is thread for post in posts)
        assert posts[0].parent_is_deleted is None


def test_a_thread_no_one_may_see_is_not_found(member):
    thread = make_thread()
    Thread.objects.filter(pk=thread.pk).update(is_deleted=True)
    assert selectors.thread_for_page(member, thread.pk) is None


def test_an_id_no_column_can_hold_finds_nothing(member_client):
    assert member_client.get("/t/99999999999999999999999/").status_code == 404


def test_a_rule_that_branches_on_something_the_shape_leaves_out_fails_loudly(member, other_member, thread):
    other_member.display_name = "Pinned only"
    query = precompiled.PrecompiledQuery(
        lambda viewer, pk: Thread.objects.filter(pk=pk, is_pinned=viewer.display_name == "Pinned only")
    )
    query.fetch(member, pk=thread.pk)
    with pytest.raises(precompiled.PrecompiledQueryMismatch):
        query.fetch(other_member, pk=thread.pk)


def test_a_value_changed_before_it_reaches_the_sql_is_refused(member, thread):
    query = precompiled.PrecompiledQuery(lambda viewer, pk: Thread.objects.filter(pk=pk + 1))
    with pytest.raises(TypeError, match="did not reach the SQL"):
        query.fetch(member, pk=thread.pk)
