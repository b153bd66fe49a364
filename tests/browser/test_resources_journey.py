"""Issue 22 item 4 in a browser: a member opens the resource pages from the footer, filters them by
topic, reads one, and follows it to the crisis page with the referral directory."""


def test_read_a_resource_page_and_find_the_referral_directory(visitor_factory):
    maya = visitor_factory("resources")
    maya.login("maya@haven.example")
    page = maya.page
    maya.go("/latest/")
    page.click("footer a:text-is('Resources')")
    assert page.locator("h1").inner_text() == "Resources"
    assert page.locator(".resource-list li").count() >= 5
    maya.screenshot("list")

    page.click(".topic-filter >> text=Sleep")
    assert page.locator("h1").inner_text() == "Resources: Sleep"
    assert page.locator(".resource-list li").count() == 1
    page.click(".resource-list >> text=Sleep after hard shifts")
    main = page.locator("main").inner_text()
    assert "Reviewed on" in main and "Next review" in main
    assert "Review overdue" not in main  # staff only
    maya.screenshot("page")

    page.click("main >> text=see crisis resources and where to turn")
    assert "Where to turn for support" in page.content()
    assert "Your employee assistance programme (example)" in page.locator(".referral-directory").inner_text()
    maya.screenshot("crisis-directory")
