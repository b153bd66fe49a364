"""A member in a browser: reacting happens without a page reload where JavaScript runs, and the
same button still works as a plain form when it does not."""


def test_reacting_without_a_page_reload(visitor_factory):
    grace = visitor_factory("member-reactions")
    grace.login("grace@haven.example")
    page = grace.page
    page.click("main >> text=Hello from a newly qualified social worker")
    url = page.url
    button = page.locator("article.post").first.locator("button.reaction", has_text="I relate")
    before = int(button.locator(".reaction-count").inner_text())
    page.evaluate("window.__stillHere = true")
    button.click()
    page.wait_for_selector("article.post button.reaction[aria-pressed=true]")  # no eval: the CSP forbids it
    assert page.evaluate("window.__stillHere") is True  # the page was not reloaded
    assert page.url == url
    assert int(button.locator(".reaction-count").inner_text()) == before + 1
    grace.screenshot("reacted")


def test_reacting_without_javascript(browser, live_server_url):
    from tests.browser.conftest import Visitor

    visitor = Visitor(browser, live_server_url, "member-reactions-no-js", javascript=False)
    try:
        visitor.login("tomasz@haven.example")
        page = visitor.page
        page.click("main >> text=Hello from a newly qualified social worker")
        button = page.locator("article.post").first.locator("button.reaction", has_text="Helpful")
        before = int(button.locator(".reaction-count").inner_text())
        button.click()  # an ordinary form post; the server redirects back to the post
        button = page.locator("article.post").first.locator("button.reaction", has_text="Helpful")
        assert button.get_attribute("aria-pressed") == "true"
        assert int(button.locator(".reaction-count").inner_text()) == before + 1
    finally:
        visitor.close()
