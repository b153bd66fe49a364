"""Who is looking: Django's session, then the member with the header's unread count in one query
(accounts.backends), and Django's rules for a session still apply."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forum.models import Notification
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _queries_naming(captured, table: str) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if f'"{table}"' in query["sql"]]


def test_a_page_loads_the_member_once_with_their_unread_count(member_client):
    with CaptureQueriesContext(connection) as captured:
        response = member_client.get(reverse("forum:bookmarks"))
    assert response.status_code == 200
    member_queries = [
        sql for sql in _queries_naming(captured, User._meta.db_table) if 'FROM "accounts_user"' in sql
    ]
    assert len(member_queries) == 1
    assert "unread_notification_count" in member_queries[0]


def test_the_header_counts_unread_notifications_without_a_query_of_its_own(member_client, member):
    Notification.objects.create(recipient=member, kind=Notification.Kind.MODERATION, message="One")
    Notification.objects.create(recipient=member, kind=Notification.Kind.MODERATION, message="Two")
    with CaptureQueriesContext(connection) as captured:
        page = member_client.get(reverse("forum:bookmarks")).content.decode()
    assert '<span class="count">2<span class="visually-hidden"> unread</span>' in page
    assert not [sql for sql in _queries_naming(captured, Notification._meta.db_table) if "COUNT" in sql[:40]]


def test_read_notifications_are_not_counted(member_client, member):
    Notification.objects.create(
        recipient=member, kind=Notification.Kind.MODERATION, message="Seen", read_at=timezone.now()
    )
    page = member_client.get(reverse("forum:bookmarks")).content.decode()
    assert 'visually-hidden"> unread' not in page


def test_a_deactivated_member_is_logged_out(member_client, member):
    User.objects.filter(pk=member.pk).update(is_active=False)
    response = member_client.get(reverse("forum:bookmarks"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_changing_the_password_elsewhere_logs_this_session_out(client, member):
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert client.get(reverse("forum:bookmarks")).status_code == 200
    member.set_password("a-different-long-password")
    member.save()
    response = client.get(reverse("forum:bookmarks"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_logging_in_through_the_login_page_works_with_the_combined_loading(client, member):
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    page = client.get(reverse("forum:bookmarks")).content.decode()
    assert member.display_name in page


def test_a_session_without_a_member_keeps_its_data():
    from accounts.sessions.db import SessionStore

    stored = SessionStore()
    stored["next"] = "/latest/"
    stored.save()
    loaded = SessionStore(session_key=stored.session_key)
    assert loaded["next"] == "/latest/"


def test_an_expired_session_is_not_loaded(member_client, member):
    from accounts.models import MemberSession

    MemberSession.objects.filter(user=member).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = member_client.get(reverse("forum:bookmarks"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_session_records_whose_it_is_so_they_can_be_logged_out_everywhere(member_client, member):
    from accounts.models import MemberSession

    assert MemberSession.objects.get(session_key=member_client.session.session_key).user_id == member.pk
