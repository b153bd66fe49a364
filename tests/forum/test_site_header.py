"""The header on a phone (issue 24, item 10): a user menu and a notification menu as <details>
disclosure widgets that work without JavaScript; the notification menu lists the newest few in one
query, however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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


def test_the_notification_menu_says_when_nothing_is_new(member_client):
    menu = _menu(_header(member_client), "Notifications")
    assert "Nothing new." in menu
    assert f'href="{reverse("forum:notifications")}"' in menu


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


def test_the_notification_menu_costs_one_query_and_none_without_news(member_client, member):
    nothing_new = _queries(member_client)
    notify_moderation(member, "first")
    assert _queries(member_client) == nothing_new + 1
