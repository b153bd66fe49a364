import pytest
from django.urls import reverse

from forum import services
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def _row(client, thread):
    threads = client.get(reverse("forum:latest")).context["threads"]
    return next(t for t in threads if t.pk == thread.pk)


def test_an_unopened_thread_is_new(member_client, category):
    thread = make_thread(category=category)
    assert _row(member_client, thread).unread == "new"


def test_reading_a_thread_marks_it_read(member_client, category):
    thread = make_thread(category=category, replies=2)
    member_client.get(thread.get_absolute_url())
    assert _row(member_client, thread).unread is None


def test_new_replies_since_the_last_read_are_counted(member_client, category):
    thread = make_thread(category=category, replies=1)
    member_client.get(thread.get_absolute_url())
    for n in range(2):
        services.reply(thread=thread, author=UserFactory(), body=f"more {n}")
    assert _row(member_client, thread).unread == 2
    assert "2 new" in member_client.get(reverse("forum:latest")).content.decode()


def test_opening_a_thread_jumps_to_the_first_unread_post(member_client, category, settings):
    thread = make_thread(category=category, replies=settings.HAVEN_POSTS_PER_PAGE + 2)
    member_client.get(thread.get_absolute_url())  # reads page 1 (positions 1-20)
    response = member_client.get(thread.get_absolute_url())
    assert response.status_code == 302
    assert response.url == f"{thread.get_absolute_url()}?page=2#unread"
    page = member_client.get(response.url.split("#")[0]).content.decode()
    assert 'id="unread"' in page


def test_no_jump_when_everything_is_read(member_client, category):
    thread = make_thread(category=category, replies=1)
    member_client.get(thread.get_absolute_url())
    assert member_client.get(thread.get_absolute_url()).status_code == 200


def test_mark_all_read(member_client, category):
    thread = make_thread(category=category, replies=1)
    member_client.post(reverse("forum:mark_all_read"))
    assert _row(member_client, thread).unread is None


def test_logged_out_readers_have_no_unread_state(client, category, settings):
    settings.HAVEN_PUBLIC_READ = True
    thread = make_thread(category=category)
    threads = client.get(reverse("forum:latest")).context["threads"]
    assert threads[0].unread is None and threads[0].pk == thread.pk


def test_rereading_a_thread_writes_nothing(member, category):
    thread = make_thread(category=category, replies=1)
    services.mark_read(member=member, thread=thread, position=2)
    version = _row_version(member, thread)
    assert services.mark_read(member=member, thread=thread, position=2) == 2
    assert _row_version(member, thread) == version  # no new row version, no dead tuple


def test_the_read_marker_never_moves_back(member, category):
    thread = make_thread(category=category, replies=3)
    services.mark_read(member=member, thread=thread, position=4)
    services.mark_read(member=member, thread=thread, position=1)
    assert services.mark_read(member=member, thread=thread, position=1) == 4


def _row_version(member, thread):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ctid::text FROM forum_threadread WHERE user_id = %s AND thread_id = %s",
            [member.pk, thread.pk],
        )
        return cursor.fetchone()[0]
