"""The "Unread" and "New" tabs beside Latest: threads a member has read with new posts since, and
threads started recently that they have not opened."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Thread
from tests.factories import CategoryFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db
UNREAD = reverse("forum:unread")
NEW = reverse("forum:new")


def _titles(client, url, **params):
    return [thread.title for thread in client.get(url, params).context["threads"]]


def _read(client, thread):
    client.get(thread.get_absolute_url())


def _started_days_ago(thread, days):
    when = timezone.now() - timedelta(days=days)
    Thread.objects.filter(pk=thread.pk).update(created_at=when, last_activity_at=when)


def test_unread_lists_a_read_thread_with_new_replies(member_client, category):
    thread = make_thread(category=category, title="answered since")
    _read(member_client, thread)
    services.reply(thread=thread, author=UserFactory(), body="Something new")
    assert _titles(member_client, UNREAD) == ["answered since"]


def test_unread_leaves_out_a_thread_read_to_the_end(member_client, category):
    _read(member_client, make_thread(category=category, replies=1))
    assert _titles(member_client, UNREAD) == []


def test_unread_leaves_out_threads_never_opened(member_client, category):
    make_thread(category=category, replies=2)
    assert _titles(member_client, UNREAD) == []


def test_unread_leaves_out_threads_marked_all_read(member_client, member, category):
    thread = make_thread(category=category)
    _read(member_client, thread)
    services.reply(thread=thread, author=UserFactory(), body="Something new")
    services.mark_all_read(member)
    assert _titles(member_client, UNREAD) == []


def test_unread_rows_say_how_many_posts_are_new(member_client, category):
    thread = make_thread(category=category)
    _read(member_client, thread)
    for n in range(3):
        services.reply(thread=thread, author=UserFactory(), body=f"more {n}")
    assert "3 new" in member_client.get(UNREAD).content.decode()


def test_new_lists_a_recent_thread_not_yet_opened(member_client, category):
    make_thread(category=category, title="fresh")
    assert _titles(member_client, NEW) == ["fresh"]


def test_new_leaves_out_a_thread_once_opened(member_client, category):
    _read(member_client, make_thread(category=category))
    assert _titles(member_client, NEW) == []


def test_new_leaves_out_threads_older_than_the_window(member_client, category):
    _started_days_ago(make_thread(category=category), settings.HAVEN_NEW_THREAD_DAYS + 1)
    assert _titles(member_client, NEW) == []


def test_new_leaves_out_the_members_own_threads(member_client, member, category):
    make_thread(category=category, author=member)
    assert _titles(member_client, NEW) == []


def test_new_leaves_out_threads_marked_all_read(member_client, member, category):
    make_thread(category=category)
    services.mark_all_read(member)
    assert _titles(member_client, NEW) == []


def test_new_leaves_out_categories_the_member_may_not_read(member_client):
    from forum.models import Category

    make_thread(category=CategoryFactory(access=Category.Access.VERIFIED_ONLY))
    assert _titles(member_client, NEW) == []


def test_the_tabs_are_paginated(member_client, category):
    per_page = settings.HAVEN_THREADS_PER_PAGE
    for n in range(per_page + 2):
        make_thread(category=category, title=f"thread {n}")
    assert len(_titles(member_client, NEW)) == per_page
    assert len(_titles(member_client, NEW, page=2)) == 2


def test_the_tabs_show_which_list_is_open(member_client):
    page = member_client.get(UNREAD).content.decode()
    assert f'<a href="{UNREAD}" aria-current="page">Unread</a>' in page
    assert f'<a href="{NEW}">New</a>' in page


def test_an_empty_unread_list_says_the_member_is_up_to_date(member_client):
    assert "You're up to date" in member_client.get(UNREAD).content.decode()


def test_visitors_who_are_not_signed_in_are_asked_to(client):
    assert client.get(UNREAD).status_code == 302
    assert client.get(NEW).status_code == 302


@pytest.mark.parametrize("url", [UNREAD, NEW])
@pytest.mark.parametrize("threads", [2, 30])
def test_tab_query_count_is_constant(member_client, category, django_assert_max_num_queries, url, threads):
    for _ in range(threads):
        thread = make_thread(category=category)
        if url == UNREAD:
            _read(member_client, thread)
        services.reply(thread=thread, author=UserFactory(), body="more")
    # Latest's four and the list's length; with the fragment cache cold, its read and one write.
    with django_assert_max_num_queries(5 + 2):
        response = member_client.get(url)
    assert len(response.context["threads"]) == min(threads, settings.HAVEN_THREADS_PER_PAGE)
