"""Keyboard only (Tab, Enter, Space, with visible focus and a skip link), and JavaScript off."""

from tests.browser.conftest import Visitor


def _tab_to(page, selector, limit=200):
    """Press Tab until the element matching SELECTOR has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_skip_link_reply_react_and_flag_with_the_keyboard_alone(visitor_factory):
    anne = visitor_factory("keyboard")
    anne.login("anne@haven.example")
    page = anne.page
    with page.expect_navigation():  # Tab must reach the thread page, not the one it replaces
        page.click("main >> text=Is it burnout or compassion fatigue?")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    _tab_to(page, "article.post button.reaction")
    page.keyboard.press("Space")
    page.wait_for_selector("article.post button.reaction[aria-pressed=true]")

    _tab_to(page, "#id_body")
    page.keyboard.type("Typed with the keyboard alone.")
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("article.post:has-text('Typed with the keyboard alone.')")

    _tab_to(page, "a.flag-link")
    page.keyboard.press("Enter")  # the flag form opens inside the thread, focus on its first choice
    anne.settle()
    assert page.evaluate("document.activeElement.closest('.flag-panel') !== null")
    _tab_to(page, "input[value=crisis]")
    page.keyboard.press("Space")
    _tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Thank you for looking out for the community")
    anne.screenshot("after-keyboard-flag")


def test_core_journey_with_javascript_off(browser, live_server_url):
    visitor = Visitor(browser, live_server_url, "no-js", javascript=False)
    try:
        visitor.login("grace@haven.example")
        page = visitor.page
        page.click("main >> text=My struggle with STS as a clinician")
        # reply, with content warning collapsed by <details>
        page.fill("#id_body", "Written with JavaScript switched off.")
        page.select_option("#id_content_warning", "graphic")
        visitor.submit("Post reply")
        post = page.locator("article.post", has_text="Content warning: Graphic detail")
        assert post.count() >= 1
        post.last.locator("summary").click()
        assert "Written with JavaScript switched off." in post.last.inner_text()
        # save, follow, search and the notifications page all work as plain forms and links
        page.locator("article.post").first.locator("button", has_text="Save").click()
        assert page.locator("article.post").first.locator("button", has_text="Saved").count() == 1
        page.click("main button[name=level][value=muted]")
        page.wait_for_load_state()
        assert "This thread is muted" in page.content()
        visitor.go("/search/?q=supervisor")
        assert page.locator(".snippet mark").count() > 0
        visitor.screenshot("no-js-search")
    finally:
        visitor.close()
