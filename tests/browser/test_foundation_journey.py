"""A newcomer's first visit, end to end: sign up, verify through the emailed link, start a thread,
reply to a reply with a quote, edit (the earlier version kept) and delete (a soft placeholder)."""

import time

from tests.browser.conftest import emailed_link


def test_newcomer_signs_up_posts_replies_edits_and_deletes(visitor_factory, moderator):
    newcomer = visitor_factory("foundation")
    page = newcomer.go("/")
    assert "A quiet place" in page.content()
    newcomer.screenshot("landing")

    email = f"newcomer{int(time.time() * 1000)}@example.org"
    page.click("text=Join Haven")
    page.fill("#id_display_name", f"Harbour {email[8:16]}")
    page.fill("#id_email", email)
    page.fill("#id_password1", "a-long-calm-passphrase")
    page.fill("#id_password2", "a-long-calm-passphrase")
    page.check("#id_consent")
    newcomer.submit("Create account")
    assert "/accounts/confirm-email/" in page.url
    newcomer.screenshot("verification-sent")

    page.goto(emailed_link(email, "/accounts/confirm-email/"))
    newcomer.submit()  # confirm the address; this logs the newcomer in
    assert page.url.endswith("/latest/")

    # Start a thread with a content warning (a newcomer's first post waits for a moderator).
    page.click("text=Start a thread")
    page.select_option("#id_category", label="Self-care that works")
    page.fill("#id_title", "Does anyone else journal after sessions?")
    page.fill("#id_body", "Five minutes of **journaling** after my last client has helped me.")
    page.select_option("#id_content_warning", "other")
    page.fill("#id_content_warning_note", "a hard week")
    newcomer.submit("Post thread")
    assert "awaiting a quick review" in page.content()
    assert (
        "Content warning: Other (a hard week)" in page.locator("details.content-warning summary").inner_text()
    )
    assert page.locator(".post-body strong").text_content() == "journaling"
    newcomer.screenshot("thread-awaiting-review")
    thread_url = page.url

    # A moderator approves it; the newcomer is told, and other members now see it, warning first.
    moderator.journey = "foundation-moderator"
    moderator.go("/moderation/")
    entry = moderator.page.locator("article.queue-entry", has_text="journal after sessions")
    entry.locator("a", has_text="Review").click()
    moderator.page.fill("#reason-routine", "Welcome to Haven.")  # a written reason, instead of a preset
    moderator.submit("Approve")
    assert "Done." in moderator.page.content()
    page.goto(thread_url)
    assert "awaiting a quick review" not in page.content()
    newcomer.go("/notifications/")
    assert "has been approved and is now published" in page.content()
    reader = visitor_factory("foundation-reader")
    reader.login("tomasz@haven.example")
    row = reader.page.locator("li.thread-row", has_text="Does anyone else journal after sessions?")
    assert "Content warning" in row.inner_text()
    row.locator("a").first.click()
    assert reader.page.locator("details.content-warning").first.get_attribute("open") is None
    reader.screenshot("published-with-warning")

    # Reply to Grace's reply in the demo thread, quoting her.
    newcomer.go("/latest/")
    page.click("main >> text=My struggle with STS as a clinician")
    grace = page.locator("article.post", has_text="ICU nurse").first
    grace.locator("text=Quote").click()  # fills the composer at the foot of the thread
    newcomer.settle()
    assert "**Grace** wrote:" in page.input_value("#id_body")
    page.fill("#id_body", page.input_value("#id_body") + "This is exactly how it felt for me too.")
    newcomer.submit("Post reply")
    mine = page.locator("article.post", has_text="This is exactly how it felt")
    assert "in reply to Grace" in mine.inner_text()
    newcomer.screenshot("reply-to-a-reply")

    # Edit it: the earlier version is kept in the history.
    mine.locator("text=Edit").click()
    page.fill("#id_body", "This is exactly how it felt for me, too. Thank you, Grace.")
    newcomer.submit("Save changes")
    mine = page.locator("article.post", has_text="Thank you, Grace.")
    assert "edited" in mine.inner_text()
    mine.locator("text=History").click()  # the edit, compared with the version before it
    assert "**Grace** wrote:" in " ".join(page.locator("del.diff-removed").all_inner_texts())
    assert "Thank you, Grace." in " ".join(page.locator("ins.diff-added").all_inner_texts())
    newcomer.screenshot("revision-history")

    # Delete it: nobody answered it, so it disappears; nothing is physically removed.
    page.go_back()
    page.locator("article.post", has_text="Thank you, Grace.").locator("text=Delete").click()
    newcomer.submit("Delete post")
    assert "Your post is deleted." in page.content()
    assert "Thank you, Grace." not in page.content()
    newcomer.screenshot("after-delete")
