"""Journey 2, a peer: sees the unread thread, replies to a reply with a quote, reacts; the author
sees the notification. Journey 4, safety: a crisis phrase shows safe-messaging guidance first and,
once confirmed, the resources panel; naming a client triggers the confidentiality warning, the
author edits it and posts."""

import re


def test_peer_replies_to_a_reply_with_a_quote_and_the_author_is_notified(visitor_factory):
    tomasz = visitor_factory("peer")
    tomasz.login("tomasz@haven.example")
    page = tomasz.page
    row = page.locator("li.thread-row", has_text="Small things that genuinely help after a hard shift")
    assert "New" in row.inner_text()  # never opened: unread
    tomasz.screenshot("latest-unread")
    row.locator("a").first.click()
    maya_reply = page.locator("article.post", has_text="closing ritual")
    maya_reply.locator("button.reaction", has_text="I relate").click()
    page.wait_for_selector("article.post button.reaction[aria-pressed=true]")
    maya_reply.locator("text=Quote").click()  # fills the composer at the foot of the thread
    tomasz.settle()
    assert "**Maya L** wrote:" in page.input_value("#id_body")
    page.fill(
        "#id_body", page.input_value("#id_body") + "Saying it out loud is the part that works for me too."
    )
    tomasz.submit("Post reply")
    mine = page.locator("article.post", has_text="Saying it out loud")
    assert "in reply to Maya L" in mine.inner_text()
    tomasz.screenshot("reply-with-quote")

    maya = visitor_factory("peer-author")
    maya.login("maya@haven.example")
    maya.page.click("header summary:has-text('Notifications')")  # the header's menu...
    maya.page.click("header a:has-text('All notifications')")  # ...leads to the full page
    notices = maya.page.locator("main").inner_text()
    assert "Tomasz replied to your post" in notices or "Tomasz quoted you" in notices
    assert re.search(r"(Someone relates|\d+ people relate) to your post", notices)
    maya.screenshot("notifications")

    # Her own activity, drawn on the server as SVG charts with the numbers in a table too.
    maya.go("/settings/activity/")
    assert maya.page.locator("main svg[role=img]").count() >= 2
    maya.screenshot("activity-charts")


def test_safety_crisis_panel_and_confidentiality_warning(visitor_factory):
    dev = visitor_factory("safety")
    dev.login("dev@haven.example")
    page = dev.page
    page.click("main >> text=Hello from a newly qualified social worker")
    # Indirect: no word of suicide or death, as exhausted people often put it.
    page.fill(
        "#id_body",
        "honestly lately i think everyone at home would be better off without me. dont know who to tell",
    )
    dev.submit("Post reply")
    guidance = page.locator("section.safe-messaging")
    assert "Why moderators remove method detail" in guidance.inner_text()
    assert page.input_value("#id_body").startswith("honestly lately i think everyone at home")
    dev.screenshot("safe-messaging-guidance")
    page.check("#id_confirm_safe_messaging")
    dev.submit("Post reply")
    panel = page.locator("section.crisis-panel")
    assert "988" in panel.inner_text() and "116 123" in panel.inner_text()
    dev.screenshot("crisis-panel")

    page.fill("#id_body", "My client Sarah told me something that keeps me awake.")
    dev.submit("Post reply")
    assert "This may identify a client or another real person" in page.content()
    assert "My client Sarah" in page.locator(".error-summary").inner_text()
    dev.screenshot("confidentiality-warning")
    page.fill("#id_body", "A client told me something that keeps me awake.")
    dev.submit("Post reply")
    assert page.locator("article.post", has_text="A client told me something").count() == 1
