"""The header on a phone (issue 24, item 10): a member opens the notification menu and the user
menu (<details>, so they work with JavaScript off too), goes to their settings, where the account
navigation sits above the form, and logs out from the menu."""

import os
import subprocess
import sys

from bench.live import server_database_url, with_database
from tests.browser.conftest import ARTIFACTS, BASE_DIR, BROWSER_DATABASE, DESKTOP, PHONE, Visitor


def _menu_shot(visitor, name):
    """A phone-width picture as it is (screenshot() resizes the page, which would not show an open
    menu at the width it was opened at)."""
    visitor.shots += 1
    folder = ARTIFACTS / visitor.journey
    folder.mkdir(parents=True, exist_ok=True)
    visitor.page.screenshot(path=folder / f"{visitor.shots:02d}-{name}-phone.png")


def test_the_phone_header_menus(visitor_factory):
    anne = visitor_factory("phone-header")
    anne.login("anne@haven.example")
    page = anne.page
    page.set_viewport_size(PHONE)
    header = page.locator("header")
    assert header.bounding_box()["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing overflows

    header.locator("summary", has_text="Notifications").click()
    assert header.locator("a", has_text="All notifications").is_visible()
    _menu_shot(anne, "notification-menu")

    header.locator("summary", has_text="Anne").click()  # opening one menu closes the other
    assert not header.locator("a", has_text="All notifications").is_visible()
    for label in ("Your profile", "Settings", "Bookmarks", "Your activity"):
        assert header.locator("a", has_text=label).is_visible()
    assert header.locator("button", has_text="Log out").is_visible()
    _menu_shot(anne, "user-menu")
    page.keyboard.press("Escape")
    assert not header.locator("a", has_text="Your profile").is_visible()

    header.locator("summary", has_text="Anne").click()
    header.locator("a", has_text="Settings").click()
    page.wait_for_load_state()
    nav = page.locator("nav[aria-label='Your account']").bounding_box()
    form = page.locator("main form").first.bounding_box()
    assert nav["y"] < form["y"]  # the account navigation above the settings form
    page.set_viewport_size({"width": 1280, "height": 900})
    anne.screenshot("settings")

    page.set_viewport_size(PHONE)
    header.locator("summary", has_text="Anne").click()
    header.locator("button", has_text="Log out").click()
    page.wait_for_load_state()
    assert page.locator("header a", has_text="Log in").is_visible()


def test_the_header_menus_work_without_javascript(browser, live_server_url):
    visitor = Visitor(browser, live_server_url, "phone-header-no-js", javascript=False)
    try:
        visitor.login("grace@haven.example")
        page = visitor.page
        page.set_viewport_size(PHONE)
        page.locator("header summary", has_text="Grace").click()
        page.locator("header a", has_text="Bookmarks").click()
        page.wait_for_load_state()
        assert page.url.endswith("/bookmarks/")
        _menu_shot(visitor, "bookmarks-from-the-menu")
    finally:
        visitor.close()


def _notifications_on_the_server(email: str) -> None:
    """Three notifications for the member with EMAIL, the older two already read (written through
    the real notification function into the browser server's database)."""
    code = f"""
from django.utils import timezone
from accounts.models import User
from forum.notifications import notify_moderation
member = User.objects.get(email={email!r})
member.notifications.all().delete()
notify_moderation(member, "Your post in “Sleep after night shifts” has been approved and is now published.")
notify_moderation(member, "A moderator restored your post after a review.")
member.notifications.update(read_at=timezone.now())
notify_moderation(member, "Your verification as a nurse was approved.")
"""
    env = {**os.environ, "DATABASE_URL": with_database(server_database_url(), BROWSER_DATABASE)}
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env=env, cwd=BASE_DIR, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip


def test_the_notification_menu_lists_the_latest_items_read_or_not(visitor_factory, live_server_url):
    _notifications_on_the_server("tomasz@haven.example")
    tomasz = visitor_factory("notification-menu")
    tomasz.login("tomasz@haven.example")
    page = tomasz.page
    for viewport, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(viewport)
        tomasz.go("/latest/")
        menu = page.locator("header details", has_text="Notifications")
        menu.locator("summary").click()
        items = menu.locator(".menu-list li")
        assert items.count() == 3
        assert items.nth(0).locator(".badge", has_text="New").count() == 1
        assert items.nth(1).locator(".badge").count() == 0  # read: listed, not marked
        assert "Nothing new" not in menu.inner_text()
        tomasz.shots += 1
        folder = ARTIFACTS / tomasz.journey
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"{tomasz.shots:02d}-notification-menu-{name}.png")
    page.set_viewport_size(DESKTOP)
    tomasz.check_accessibility()  # with the menu open
