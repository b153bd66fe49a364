"""The header on a phone (issue 24, item 10): a user menu and a notification menu as <details>
disclosure widgets that work without JavaScript; the notification menu lists the newest few in one
query, however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum.context_processors import HEADER_NOTIFICATIONS
from forum.notifications import notify_moderation

pytestmark = pytest.mark.django_db


def _header(client) -> str:
    page = client.get(reverse("forum:latest")).content.decode()
    return page[page.index("<header") : page.index("</header>")]


def _menu(header: str, summary_text: str) -> str:
    start = header.index(summary_text)
    return header[header.rindex("<details", 0, start) : header.index("</details>", start)]


@pytest.mark.parametrize(
    ("label", "url"),
    [
        ("Your profile", None),
        ("Settings", reverse("accounts:edit_profile")),
        ("Bookmarks", reverse("forum:bookmarks")),
        ("Your activity", reverse("accounts:activity")),
    ],
)
def test_the_user_menu_links_to_the_members_pages(member_client, member, label, url):
    menu = _menu(_header(member_client), "Your menu: ")
    url = url or reverse("accounts:profile", args=[member.pk])
    assert f'<a href="{url}">{label}</a>' in menu


def test_the_user_menu_logs_out_with_a_form(member_client):
    menu = _menu(_header(member_client), "Your menu: ")
    assert f'action="{reverse("account_logout")}"' in menu


def test_the_menus_are_disclosure_widgets(member_client):
    header = _header(member_client)
    assert header.count("<details") == 2
    assert header.count("<summary>") == 2


def test_the_notification_menu_lists_the_newest_few(member_client, member):
    for number in range(HEADER_NOTIFICATIONS + 2):
        notify_moderation(member, f"Message number {number}")
    menu = _menu(_header(member_client), "Notifications")
    assert f"Message number {HEADER_NOTIFICATIONS + 1}" in menu
    assert "Message number 1<" not in menu
    assert menu.count('<span class="badge">New</span>') == HEADER_NOTIFICATIONS


def test_the_notification_menu_says_nothing_new_when_there_are_no_notifications(member_client):
    menu = _menu(_header(member_client), "Notifications")
    assert "Nothing new." in menu
    assert f'href="{reverse("forum:notifications")}"' in menu


def test_the_notification_menu_lists_the_latest_items_once_read(member_client, member):
    notify_moderation(member, "Read already, still listed")
    member.notifications.update(read_at=timezone.now())
    menu = _menu(_header(member_client), "Notifications")
    assert "Read already, still listed" in menu
    assert "Nothing new." not in menu


def test_the_notification_menu_marks_only_the_unread_items(member_client, member):
    notify_moderation(member, "Older and read")
    member.notifications.update(read_at=timezone.now())
    notify_moderation(member, "Newer and unread")
    menu = _menu(_header(member_client), "Notifications")
    assert '<span class="badge">New</span> Newer and unread' in menu
    assert '<span class="badge">New</span> Older and read' not in menu
    assert "Older and read" in menu


@pytest.mark.parametrize("path", [reverse("forum:latest"), reverse("forum:home")])
def test_the_notification_menu_never_shows_one_members_items_to_another(client, member, other_member, path):
    """Rendered for each request, never from a shared cache: the same page, just after, for another."""
    notify_moderation(member, "Meant for one member only")
    client.force_login(member)
    assert "Meant for one member only" in client.get(path).content.decode()
    client.force_login(other_member)
    assert "Meant for one member only" not in client.get(path).content.decode()


def test_the_notification_menu_is_empty_during_a_break(member_client, member):
    from forum import member_services

    notify_moderation(member, "A moderator wrote")
    member_services.start_break(member, days=7)
    menu = _menu(_header(member_client), "Notifications")
    assert "A moderator wrote" not in menu


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("forum:latest"))
    return len(queries)


def test_the_notification_menu_costs_the_same_queries_for_one_item_or_many(member_client, member):
    notify_moderation(member, "first")
    one = _queries(member_client)
    for number in range(HEADER_NOTIFICATIONS):
        notify_moderation(member, f"more {number}")
    assert _queries(member_client) == one


def test_the_notification_menu_costs_one_query_and_none_without_notifications(member_client, member):
    without_any = _queries(member_client)
    notify_moderation(member, "first")
    assert _queries(member_client) == without_any + 1


def test_read_notifications_cost_the_menu_the_same_one_query(member_client, member):
    notify_moderation(member, "first")
    unread = _queries(member_client)
    member.notifications.update(read_at=timezone.now())
    assert _queries(member_client) == unread
