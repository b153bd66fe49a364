"""Issue 22 item 4 in a browser: a member opens the resource pages from the footer, filters them by
topic, reads one, and follows it to the crisis page with the referral directory; a moderator closes
a member's crisis item as escalated with a note pointing to a referral entry, which the member finds
in their notifications."""


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


def test_a_moderator_escalates_a_crisis_item_and_sends_the_member_a_note(visitor_factory, moderator):
    tomasz = visitor_factory("escalation-member")
    tomasz.login("tomasz@haven.example")
    page = tomasz.page
    page.click("main >> text=Hello from a newly qualified social worker")
    page.fill("#id_body", "Most nights I want to die and I can't say it at work.")
    tomasz.submit("Post reply")
    page.check("#id_confirm_safe_messaging")
    tomasz.submit("Post reply")
    assert page.locator("section.crisis-panel").count() == 1

    moderator.journey = "escalation-moderator"
    moderator.go("/moderation/crisis/")
    # Tomasz's item (another journey may have left a crisis item of its own in the queue).
    moderator.page.locator("article.queue-entry", has_text="Tomasz").first.locator(
        "a", has_text="Respond and record the outcome"
    ).click()
    form = moderator.page.locator("form.crisis-close")
    form.locator("input[value=escalated]").check()
    form.locator("#id_outcome_note").fill("Passed to the on-call lead.")
    form.locator("#id_referral").select_option(
        label="Employee assistance programmes: Your employee assistance programme (example)"
    )
    form.locator("#id_referral_message").fill("We're thinking of you.")
    moderator.screenshot("escalate-with-a-note")
    moderator.submit("Close with this outcome")
    assert "The member has been sent your note." in moderator.page.content()

    tomasz.go("/notifications/")
    note = page.locator("main li", has_text="A note from the moderators")
    assert "Your employee assistance programme (example) may be able to help." in note.inner_text()
    tomasz.screenshot("the-note")
    note.locator("a").click()
    assert "/crisis/#referral-" in page.url
    assert "Where to turn for support" in page.content()
