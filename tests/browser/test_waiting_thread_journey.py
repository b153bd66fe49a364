"""Nobody posts into silence (issue 22, items 1 and 2): a thread waits without a reply (its start
moved eight hours back), its author asks for a peer supporter, the thread is at the top of the
waiting list, a peer supporter takes it on (the list says so), answers it in the thread with the
"Peer supporter" mark beside their name, and the author sees the notification."""

import os
import re
import subprocess
import sys

from bench.live import server_database_url, with_database
from tests.browser.conftest import BASE_DIR, BROWSER_DATABASE

TITLE = "Nobody at work seems to notice how heavy it got"


def _on_the_server(code: str) -> str:
    env = {**os.environ, "DATABASE_URL": with_database(server_database_url(), BROWSER_DATABASE)}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env=env, cwd=BASE_DIR, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return result.stdout.strip()


def _a_waiting_thread_and_a_peer_supporter() -> int:
    """Grace's thread, started eight hours ago with no reply, and Dev made a peer supporter by the
    demo moderator (both through the real services). Returns the thread's id."""
    output = _on_the_server(f"""
import datetime
from django.utils import timezone
from accounts.models import User
from forum import services
from forum.models import Category, Post, Thread
from moderation import peer_services
grace = User.objects.get(email="grace@haven.example")
dev = User.objects.get(email="dev@haven.example")
thread = services.create_thread(
    author=grace, category=Category.objects.filter(circle__isnull=True, access="open").first(),
    title={TITLE!r},
    body="Three hard cases this month and I keep replaying them at night. Does anyone else go quiet like this?",
)
if thread.opening_post.state != Post.State.PUBLISHED:
    services.set_post_state(thread.opening_post, Post.State.PUBLISHED)
eight_hours_ago = timezone.now() - datetime.timedelta(hours=8)
Thread.objects.filter(pk=thread.pk).update(created_at=eight_hours_ago, last_activity_at=eight_hours_ago)
Post.objects.filter(pk=thread.opening_post_id).update(created_at=eight_hours_ago)
if not dev.is_peer_supporter:
    peer_services.grant_peer_supporter(
        dev, User.objects.get(email="moderator@haven.example"),
        trained_on=datetime.date(2026, 9, 14), course="Peer support foundations",
    )
print(f"thread={{thread.pk}}")
""")
    return int(re.search(r"^thread=(\d+)$", output, re.M).group(1))


def test_a_waiting_thread_is_answered_by_a_peer_supporter(visitor_factory):
    thread_id = _a_waiting_thread_and_a_peer_supporter()

    grace = visitor_factory("waiting-thread-author")
    grace.login("grace@haven.example")
    grace.go(f"/t/{thread_id}/")
    grace.page.click("main a:has-text('Ask for a peer supporter')")
    assert "Support at any hour" in grace.page.inner_text("main")
    grace.screenshot("ask-for-a-peer")
    grace.submit("Ask for a peer supporter")
    assert "A peer supporter will reply" in grace.page.inner_text("main")

    dev = visitor_factory("waiting-thread-peer")
    dev.login("dev@haven.example")
    dev.page.click("header a:has-text('Waiting')")
    first = dev.page.locator(".waiting-list > li").first
    assert TITLE in first.inner_text()
    assert "Asked for a peer" in first.inner_text()
    assert "waiting 8" in first.inner_text()  # "waiting 8 hours"
    assert "Today you have taken on 0 threads." in dev.page.inner_text("main")
    dev.screenshot("waiting-list")
    first.locator("button:has-text('Take this on')").click()
    dev.settle()
    assert f"/t/{thread_id}/" in dev.page.url or TITLE in dev.page.inner_text("main")
    dev.go("/support/waiting/")
    mine = dev.page.locator(".waiting-list > li", has_text=TITLE)
    assert "You're answering this." in mine.inner_text()
    assert "Today you have taken on 1 thread." in dev.page.inner_text("main")
    dev.screenshot("taken-on")
    mine.locator("a:has-text('Reply in the thread')").click()
    dev.page.fill("#id_body", "That replaying at night is so familiar. You're not alone in going quiet.")
    dev.submit("Post reply")
    answer = dev.page.locator("article.post", has_text="You're not alone in going quiet")
    assert "Peer supporter" in answer.inner_text()
    dev.screenshot("answered-with-the-mark")
    dev.go("/support/waiting/")
    assert TITLE not in dev.page.inner_text("main")

    grace.go("/notifications/")
    notices = grace.page.inner_text("main")
    assert f"A peer supporter replied to your thread “{TITLE}”" in notices
    assert f"Dev R replied in your thread: “{TITLE}”" not in notices  # one line for one reply
    grace.screenshot("notified")
    grace.go("/guidelines/#peer-supporters")
    assert "Peer supporters" in grace.page.inner_text("main")
