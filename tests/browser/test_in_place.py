"""With JavaScript on, replying, following and flagging happen in place (no page reload), and the
composer keeps a draft in the browser until it is posted."""

DRAFTS = "Object.keys(localStorage).filter(key => key.startsWith('haven-draft:')).length"


def test_draft_survives_a_reload_then_reply_follow_and_flag_without_a_reload(visitor_factory):
    maya = visitor_factory("in-place")
    maya.login("maya@haven.example")
    page = maya.page
    page.click("main >> text=Hello from a newly qualified social worker")

    # A draft typed into the composer comes back after the page is closed and reopened.
    page.fill("#id_body", "Welcome, Dev. I started this before my shift ended.")
    maya.wait_until(f"{DRAFTS} === 1")
    page.reload()
    assert page.input_value("#id_body") == "Welcome, Dev. I started this before my shift ended."
    assert "We restored the draft" in page.locator(".draft-notice").inner_text()
    maya.screenshot("draft-restored")

    page.evaluate("window.stillTheSamePage = true")
    maya.submit("Post reply")
    assert page.locator("article.post", has_text="before my shift ended").count() == 1
    assert page.input_value("#id_body") == ""
    assert page.evaluate(DRAFTS) == 0
    assert "Your reply is posted." in page.locator("#announcements").inner_text()

    page.click("main button[name=level][value=following]")
    maya.settle()
    assert page.locator("main button[name=level][value=following]").get_attribute("aria-pressed") == "true"
    assert "You're following this thread." in page.locator("#announcements").inner_text()

    anne_reply = page.locator("article.post", has_text="Struggling to sleep after some of those visits")
    anne_reply.locator("a.flag-link").click()
    maya.settle()
    page.check(".flag-panel input[value=other]")
    maya.submit("Send to moderators")  # "Something else" needs a note: the error shows in place
    assert "Please tell the moderators what the concern is." in page.locator(".flag-panel").inner_text()
    maya.screenshot("flag-error-in-place")
    page.fill(".flag-panel textarea[name=note]", "Checking this reads as kind to a newcomer.")
    maya.submit("Send to moderators")
    assert "Thank you for looking out for the community" in page.locator(".flag-panel").inner_text()
    assert page.evaluate("window.stillTheSamePage === true")  # none of it reloaded the page
    maya.screenshot("flagged-in-place")


def test_logging_out_clears_drafts_from_the_browser(visitor_factory):
    tomasz = visitor_factory("drafts-cleared")
    tomasz.login("tomasz@haven.example")
    page = tomasz.page
    page.click("text=Start a thread")
    page.fill("#id_body", "Something I am not ready to post yet.")
    tomasz.wait_until(f"{DRAFTS} === 1")
    page.click("header summary:has-text('Tomasz')")  # the user menu
    page.click("header button:has-text('Log out')")
    tomasz.settle()
    assert page.evaluate(DRAFTS) == 0
