from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Post, Thread, list_window
from tests.factories import CategoryFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db
PER_PAGE = settings.HAVEN_THREADS_PER_PAGE


def _titles(response):
    return [thread.title for thread in response.context["threads"]]


def _age(thread, minutes):
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=timezone.now() - timedelta(minutes=minutes))


def test_latest_lists_most_recent_activity_first(member_client, category):
    for title, minutes in [("old", 30), ("new", 1), ("middle", 10)]:
        _age(make_thread(category=category, title=title), minutes)
    assert _titles(member_client.get(reverse("forum:latest"))) == ["new", "middle", "old"]


def test_pinned_threads_come_first(member_client, category):
    _age(make_thread(category=category, title="recent"), 1)
    pinned = make_thread(category=category, title="pinned")
    _age(pinned, 500)
    Thread.objects.filter(pk=pinned.pk).update(is_pinned=True)
    assert _titles(member_client.get(reverse("forum:latest"))) == ["pinned", "recent"]


def test_a_reply_moves_a_thread_to_the_top(member_client, category, member):
    from forum import services

    older = make_thread(category=category, title="older")
    _age(older, 60)
    _age(make_thread(category=category, title="newer"), 5)
    services.reply(thread=older, author=member, body="bump")
    assert _titles(member_client.get(reverse("forum:latest")))[0] == "older"


def test_category_page_lists_only_its_threads(member_client, category):
    make_thread(category=category, title="mine")
    make_thread(category=CategoryFactory(), title="elsewhere")
    response = member_client.get(category.get_absolute_url())
    assert _titles(response) == ["mine"]


def test_lists_are_paginated(member_client, category):
    for n in range(PER_PAGE + 3):
        _age(make_thread(category=category, title=f"thread {n}"), n)
    first = member_client.get(category.get_absolute_url())
    second = member_client.get(category.get_absolute_url(), {"page": 2})
    assert len(_titles(first)) == PER_PAGE
    assert _titles(second) == [f"thread {n}" for n in range(PER_PAGE, PER_PAGE + 3)]
    assert 'rel="next"' in first.content.decode()


def test_deleted_threads_are_not_listed(member_client, category):
    from forum import services

    thread = make_thread(category=category, title="gone")
    services.delete_post(post=thread.opening_post)
    assert _titles(member_client.get(reverse("forum:latest"))) == []


def test_unknown_category_is_404(member_client):
    assert member_client.get(reverse("forum:category", args=["no-such-place"])).status_code == 404


@pytest.mark.parametrize("threads", [2, 30])
def test_latest_query_count_is_constant(member_client, category, django_assert_max_num_queries, threads):
    for _ in range(threads):
        make_thread(category=category, replies=1)
    # With the database's fragment cache cold: its read and its one write of the page's rows.
    with django_assert_max_num_queries(4 + 2):
        response = member_client.get(reverse("forum:latest"))
    assert len(response.context["threads"]) == min(threads, PER_PAGE)


@pytest.mark.parametrize("threads", [2, 30])
def test_category_query_count_is_constant(member_client, category, django_assert_max_num_queries, threads):
    for _ in range(threads):
        make_thread(category=category, replies=1)
    with django_assert_max_num_queries(5 + 2):  # and the fragment cache's read and write
        response = member_client.get(category.get_absolute_url())
    assert response.status_code == 200


def test_list_pages_counted_from_either_end_cover_the_list_in_order(category):
    made = [make_thread(category=category, title=f"Thread {n}") for n in range(7)]
    made[2].is_pinned = True
    made[2].save()
    listed = Thread.objects.listed().filter(category=category)
    in_order = [thread.pk for thread in listed.for_list()]
    pages = [
        [thread.pk for thread in listed.list_rows(list_window(offset=offset, limit=3, total=7))]
        for offset in (0, 3, 6)
    ]
    assert pages == [in_order[0:3], in_order[3:6], in_order[6:7]]  # the last pages come from the end
    assert in_order[0] == made[2].pk


def test_a_list_page_fetches_its_rows_by_the_array_of_their_ids(category):
    # "id IN (subquery)" let PostgreSQL hash-join the page's 25 ids against a scan of every thread
    # (1 ms at 5,000 threads); an array of ids is looked up in the primary key (0.3 ms).
    make_thread(category=category)
    page = (
        Thread.objects.listed().filter(category=category).list_rows(list_window(offset=0, limit=3, total=1))
    )
    assert '"forum_thread"."id" = ANY(ARRAY(SELECT' in str(page.query)
    assert [thread.category_id for thread in page] == [category.pk]


def test_a_page_is_found_without_joining_each_skipped_thread_to_its_category(member, category):
    # Verified-only categories are left out by id, checked on the list index's own category column;
    # a join to the category table cost a lookup per skipped row (page 50 of the latest list).
    page = Thread.objects.visible_to(member).list_rows(list_window(offset=25, limit=25, total=100))
    finding_the_page = str(page.query).split("ANY(ARRAY(", 1)[1]
    assert "JOIN" not in finding_the_page
    assert '"category_id" IN (SELECT' in finding_the_page


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_row_names_the_last_replier_with_their_badge_unless_anonymous(member_client, category, anonymous):
    from forum import services
    from tests.factories import UserFactory

    thread = make_thread(category=category, title="Heavy week")
    nurse = UserFactory(display_name="Nurse Ana", verified_role="nurse")
    services.reply(thread=thread, author=nurse, body="Same here.", anonymous=anonymous)
    page = member_client.get(reverse("forum:latest")).content.decode()
    if anonymous:
        assert "last reply by Anonymous member" in page
        assert "Verified: Nurse" not in page
    else:
        assert "last reply by Nurse Ana" in page
        assert "Verified: Nurse" in page


def test_a_row_names_a_deleted_accounts_last_reply_as_a_former_member(member_client, category):
    from forum import services
    from forum.member_services import KEEP_POSTS, delete_account
    from tests.factories import UserFactory

    thread = make_thread(category=category, title="Heavy week")
    leaver = UserFactory(display_name="Leaving Soon")
    services.reply(thread=thread, author=leaver, body="Thank you all.")
    delete_account(leaver, KEEP_POSTS)
    page = member_client.get(reverse("forum:latest")).content.decode()
    assert "last reply by Former member" in page


def test_thread_authors_private_columns_are_not_loaded_with_the_list(member_client, category):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread = make_thread(category=category, replies=1)
    with CaptureQueriesContext(connection) as captured:
        page = member_client.get(reverse("forum:latest")).content.decode()
    list_query = next(
        query["sql"] for query in captured.captured_queries if 'FROM "forum_thread"' in query["sql"]
    )
    assert '"accounts_user"."display_name"' in list_query
    for private in ("email", "password", "mute_words", "time_zone"):
        assert f'"accounts_user"."{private}"' not in list_query
    assert thread.author.display_name in page


@pytest.mark.parametrize("goes", ["deleted", "hidden"])
def test_a_reply_no_one_may_read_no_longer_names_its_author_in_the_list(member_client, category, goes):
    """Issue 24, item 4: the row shows the last reply members can still see, and its time."""

    thread = make_thread(category=category, title="A thread with two replies")
    services.reply(thread=thread, author=UserFactory(display_name="Earlier Replier"), body="First reply")
    later = services.reply(
        thread=thread, author=UserFactory(display_name="Later Replier"), body="Second reply"
    )
    if goes == "deleted":
        services.delete_post(post=later)
    else:
        services.set_post_state(later, Post.State.HIDDEN, hidden_reason="Unkind")
    page = member_client.get(reverse("forum:latest")).content.decode()
    assert "last reply by Earlier Replier" in page
    assert "Later Replier" not in page
    thread = Thread.objects.get(pk=thread.pk)
    assert thread.last_activity_at == Post.objects.get(thread=thread, position=2).created_at


def test_when_the_only_reply_goes_the_row_names_no_replier(member_client, category):
    thread = make_thread(category=category, title="A thread with one reply")
    only = services.reply(thread=thread, author=UserFactory(display_name="Only Replier"), body="Reply")
    services.delete_post(post=only)
    page = member_client.get(reverse("forum:latest")).content.decode()
    assert "Only Replier" not in page
