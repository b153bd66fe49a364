"""Replying from the thread page with a live preview, quoting a selected passage, and finding one's
way in a long thread (the jump control and the j, k and r keys)."""

import os
import subprocess
import sys
import time

from bench.live import server_database_url, with_database
from tests.browser.conftest import BASE_DIR, BROWSER_DATABASE, Visitor

SELECT_PASSAGE = """(passage) => {
    const paragraph = document.querySelector('article.post .post-body p');
    const text = paragraph.firstChild;
    const start = text.data.indexOf(passage);
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + passage.length);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
}"""
FOCUSED_POST = (
    "document.activeElement.closest('article.post') && document.activeElement.closest('article.post').id"
)


def thread_on_the_server(title: str, replies: int) -> str:
    """A thread by Anne with REPLIES replies, written through the real services into the browser
    server's database; its address."""
    code = f"""
from accounts.models import User
from forum import services
from forum.models import Category
anne = User.objects.get(email="anne@haven.example")
grace = User.objects.get(email="grace@haven.example")
thread = services.create_thread(
    author=anne, category=Category.objects.get(slug="self-care"), title={title!r},
    body="First thing that helped: a walk before driving home.\\n\\nSecond: one kind sentence to myself.",
)
for n in range({replies}):
    services.reply(thread=thread, author=grace if n % 2 == 0 else anne, body=f"Another small thing, number {{n + 1}}.")
print(thread.get_absolute_url())
"""
    env = {**os.environ, "DATABASE_URL": with_database(server_database_url(), BROWSER_DATABASE)}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip().splitlines()[-1]


def test_reply_in_place_with_a_live_preview_and_a_quoted_passage(visitor_factory):
    url = thread_on_the_server("What got you home in one piece this week?", replies=1)
    maya = visitor_factory("reply-in-place")
    maya.login("maya@haven.example")
    page = maya.go(url)
    body = page.locator("#id_body")

    # The preview under the box is the server's rendering, as it will be posted.
    body.fill("Thank you, **Anne**.")
    maya.wait_until("document.querySelector('[data-live-preview] .post-body strong')?.textContent === 'Anne'")
    assert page.locator("[data-live-preview]").is_visible()
    maya.screenshot("live-preview")

    # Quote with a passage selected quotes just that passage, into this page's composer.
    body.fill("")
    page.evaluate("window.stillTheSamePage = true")
    page.evaluate(SELECT_PASSAGE, "a walk before driving home")
    page.locator("article.post").first.locator("a[data-quote]").click()
    maya.settle()
    quoted = body.input_value()
    assert quoted.startswith("**Anne M** wrote:\n> a walk before driving home")
    assert "one kind sentence" not in quoted
    assert page.locator(".replying-to").inner_text().startswith("Replying to Anne M.")
    maya.wait_until("!!document.querySelector('[data-live-preview] .post-body blockquote')")
    maya.screenshot("quoted-passage")

    body.fill(quoted + "That walk is exactly what I needed to hear today.")
    maya.submit("Post reply")
    mine = page.locator("article.post", has_text="exactly what I needed to hear")
    assert mine.count() == 1
    assert "in reply to Anne M" in mine.inner_text()
    assert mine.locator("blockquote").inner_text().strip() == "a walk before driving home"
    assert page.locator("[data-live-preview]").is_hidden()
    time.sleep(0.8)  # past the preview's delay: a preview asked for before posting stays away
    assert page.locator("[data-live-preview]").is_hidden()
    assert page.evaluate("window.stillTheSamePage === true")  # none of it left the page
    maya.screenshot("posted-in-place")

    # Reply on a post names it; "Reply to the thread instead" takes that back.
    page.locator("article.post", has_text="Another small thing, number 1.").locator(
        "a[data-reply-to]:not([data-quote])"
    ).click()
    maya.settle()
    assert page.locator(".replying-to").inner_text().startswith("Replying to Grace.")
    assert page.evaluate("document.activeElement.id") == "id_body"
    page.click("text=Reply to the thread instead")
    assert page.locator(".replying-to").is_hidden()
    assert page.locator("form[data-in-thread] input[name=parent]").count() == 0


def test_reply_in_place_from_an_earlier_page_lands_on_the_new_post(visitor_factory):
    url = thread_on_the_server("What do you leave at the door?", replies=45)  # three pages
    tomasz = visitor_factory("reply-in-place-earlier-page")
    tomasz.login("tomasz@haven.example")
    page = tomasz.go(url + "?page=1")
    page.evaluate("window.stillTheSamePage = true")
    page.locator("article.post", has_text="number 4.").locator("a[data-quote]").click()
    tomasz.settle()
    assert page.evaluate("window.stillTheSamePage === true")  # quoted here, not on the reply page
    assert page.input_value("#id_body").startswith("**Anne M** wrote:\n> Another small thing, number 4.")
    page.locator("#id_body").press("End")
    # Not "Mine is the lanyard: it goes in the glovebox.", which the learned reader, reading a reply
    # without its blockquote, takes as a possible urgent crisis (tentative: docs/safety.md), so the
    # page shows where help is and focus goes there.
    page.keyboard.type("Mine is my work phone: it stays in the car until morning.")
    tomasz.wait_until("!document.querySelector('[data-live-preview]').hidden")
    tomasz.screenshot("quoted-on-page-one")

    tomasz.submit("Post reply")
    assert "page=3" in page.url
    new_post = page.locator("#posts > article.post").last
    assert "it stays in the car" in new_post.inner_text()
    assert page.url.endswith("#" + new_post.get_attribute("id"))
    assert page.evaluate("document.activeElement.id") == new_post.get_attribute("id")
    assert "Your reply is posted." in page.locator("#announcements").inner_text()
    tomasz.screenshot("landed-on-the-last-page")


def test_jump_control_and_keyboard_shortcuts_in_a_long_thread(visitor_factory):
    url = thread_on_the_server("Small rituals, one a day", replies=45)  # three pages
    dev = visitor_factory("long-thread")
    dev.login("dev@haven.example")
    page = dev.go(url)
    jump = page.locator("nav.thread-jump")
    assert jump.is_visible()
    assert page.locator("#jump-page").get_attribute("max") == "3"
    dev.screenshot("jump-control")

    jump.locator("text=First unread").click()  # page 1 is read: the first unread post is on page 2
    dev.settle()
    assert "page=2" in page.url
    assert page.locator("#unread").count() == 1

    page.fill("#jump-page", "3")
    jump.locator("button", has_text="Go").click()
    dev.settle()
    assert "page=3" in page.url
    assert "First unread" not in page.locator("nav.thread-jump").inner_text()  # all read now

    page.locator("nav.thread-jump").locator("text=First post").click()
    dev.settle()
    assert "page=1" in page.url
    page.locator("nav.thread-jump").locator("text=Last post").click()
    dev.settle()
    posts = page.locator("#posts > article.post")
    last_id = posts.last.get_attribute("id")
    assert page.url.endswith(f"#{last_id}")

    # j and k move between posts, r replies to the one reached, in this page's composer.
    page.evaluate("window.scrollTo(0, 0)")
    page.keyboard.press("j")
    first_id = posts.first.get_attribute("id")
    assert page.evaluate(FOCUSED_POST) == first_id
    page.keyboard.press("j")
    assert page.evaluate(FOCUSED_POST) == posts.nth(1).get_attribute("id")
    page.keyboard.press("k")
    assert page.evaluate(FOCUSED_POST) == first_id
    dev.screenshot("post-reached-with-j")
    page.keyboard.press("r")
    dev.settle()
    assert page.evaluate("document.activeElement.id") == "id_body"
    assert page.locator(".replying-to").is_visible()
    page.keyboard.type("jkr typed here stays text")  # keys typed in the box are only text
    assert page.locator("#id_body").input_value() == "jkr typed here stays text"

    # The help page lists them and turns them off in this browser.
    page = dev.go("/help/shortcuts/")
    assert "Next post" in page.locator("main").inner_text()
    page.uncheck("#shortcuts-enabled")
    dev.screenshot("shortcuts-help")
    page = dev.go(url + "?page=3")
    page.keyboard.press("j")
    assert page.evaluate(FOCUSED_POST) is None


def test_without_javascript_preview_and_quote_use_the_reply_page(browser, live_server_url):
    url = thread_on_the_server("Replies without a script", replies=1)
    visitor = Visitor(browser, live_server_url, "reply-no-js", javascript=False)
    try:
        visitor.login("maya@haven.example")
        page = visitor.go(url)
        page.fill("#id_body", "Plain **forms** still work.")
        visitor.submit("Preview")
        assert "/reply/" in page.url
        assert page.locator(".preview strong").inner_text() == "forms"
        assert page.input_value("#id_body") == "Plain **forms** still work."
        visitor.screenshot("preview-on-the-reply-page")

        page = visitor.go(url)
        page.locator("article.post").first.locator("a[data-quote]").click()
        visitor.settle()
        assert "/reply/?to=" in page.url
        assert page.input_value("#id_body").startswith("**Anne M** wrote:\n> First thing that helped")
    finally:
        visitor.close()
