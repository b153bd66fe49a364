"""The queries of the thread page, the lists, search and notifications show each viewer their own
view, whoever asked before them: their own posts awaiting review, a moderator's wider view, their
own read markers, follows and notifications."""

import pytest
from django.test import Client
from django.urls import reverse

from forum import member_services, selectors, services
from forum.models import Category, Post, Thread
from tests.factories import CategoryFactory, ModeratorFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db


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


def test_members_of_one_shape_each_see_only_their_own_post_awaiting_review(thread_with_pending_reply):
    thread, newcomer = thread_with_pending_reply
    other = UserFactory(is_trusted=False)
    assert not _sees(other, thread)  # compiled for ordinary members with the other member's id...
    assert _sees(newcomer, thread)  # ...and run with the newcomer's
    assert not _sees(other, thread)


def test_a_moderator_after_a_member_gets_the_moderators_query(thread_with_pending_reply):
    thread, _ = thread_with_pending_reply
    assert not _sees(UserFactory(), thread)
    assert _sees(ModeratorFactory(), thread)


def test_a_member_after_a_moderator_does_not_get_the_moderators_query(thread_with_pending_reply):
    thread, _ = thread_with_pending_reply
    assert _sees(ModeratorFactory(), thread)
    assert not _sees(UserFactory(), thread)


def test_the_thread_carries_each_members_own_state(member, other_member, thread):
    services.toggle_bookmark(member=member, thread=thread)
    assert selectors.thread_for_page(other_member, thread.pk).is_bookmarked is False
    assert selectors.thread_for_page(member, thread.pk).is_bookmarked is True


def _latest_titles(user) -> list[str]:
    total = Thread.objects.listed().count()
    aside = selectors.categories_set_aside(user)
    return [
        thread.title
        for thread in selectors.latest_threads(user, offset=0, limit=25, total=total, set_aside=aside)
    ]


def test_the_latest_list_carries_each_members_own_read_state(member, other_member):
    thread = make_thread(replies=2)
    services.mark_read(member=member, thread=thread, position=3, known_position=0)
    total = Thread.objects.listed().count()
    unread = {}
    for user in (other_member, member, other_member):
        [row] = selectors.latest_threads(user, offset=0, limit=25, total=total, set_aside=[])
        unread[user.pk] = row.unread
    assert unread == {other_member.pk: "new", member.pk: None}


def test_verified_only_threads_reach_only_verified_members_whoever_came_first(db):
    lounge = CategoryFactory(access=Category.Access.VERIFIED_ONLY)
    make_thread(category=lounge, title="Among clinicians")
    make_thread(title="For everyone")
    verified, unverified = UserFactory(verified_role="nurse"), UserFactory()
    assert _latest_titles(unverified) == ["For everyone"]
    assert _latest_titles(verified) == ["For everyone", "Among clinicians"]
    assert _latest_titles(unverified) == ["For everyone"]
    assert lounge not in selectors.readable_categories(unverified)
    assert lounge in selectors.readable_categories(verified)


def test_categories_one_member_set_aside_stay_in_everyone_elses_list(member):
    heavy = CategoryFactory(name="Heavy cases")
    make_thread(category=heavy, title="A heavy thread")
    resting = UserFactory()
    member_services.start_break(resting, days=7, hidden_categories=[heavy])
    assert _latest_titles(resting) == []
    assert _latest_titles(member) == ["A heavy thread"]


def test_each_category_lists_its_own_threads(member):
    first, second = CategoryFactory(), CategoryFactory()
    make_thread(category=first, title="In the first")
    make_thread(category=second, title="In the second")
    for category, title in ((first, "In the first"), (second, "In the second")):
        category.refresh_from_db()
        assert [
            thread.title for thread in selectors.category_threads(member, category, offset=0, limit=25)
        ] == [title]


def test_a_category_is_found_by_its_own_slug_with_each_members_follow(member, other_member):
    services.toggle_category_subscription(member=member, category=CategoryFactory(slug="first"))
    CategoryFactory(slug="second")
    found = [
        (category.slug, category.following)
        for user, slug in ((other_member, "first"), (member, "first"), (member, "second"))
        for category in [selectors.category_for_page(user, slug)]
    ]
    assert found == [("first", False), ("first", True), ("second", False)]
    assert selectors.category_for_page(member, "third") is None


def test_each_member_gets_only_their_own_notifications(member, other_member):
    for recipient in (member, other_member):
        thread = make_thread(author=recipient, title=f"Started by {recipient.display_name}")
        services.reply(thread=thread, author=UserFactory(), body="A reply", parent=thread.opening_post)
    titles = {
        user.pk: [item.post.thread.title for item in selectors.notifications_for(user)]
        for user in (other_member, member)
    }
    assert titles == {
        member.pk: [f"Started by {member.display_name}"],
        other_member.pk: [f"Started by {other_member.display_name}"],
    }


def test_an_empty_category_lists_nothing(member_client, category):
    assert member_client.get(reverse("forum:category", args=[category.slug])).status_code == 200


def test_posts_come_with_their_author_and_thread_in_one_query(django_assert_num_queries, member):
    from accounts.backends import ModelBackend

    member = ModelBackend().get_user(member.pk)  # as a request loads them: with their circles (orgs)
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
