"""The moderation loop in a browser: a member flags a post, a moderator sets up TOTP, opens the
queue, hides the post with a reason and finds it in the audit log; the author sees the notice
and appeals, and the appeal is back in the queue."""


def test_flag_queue_hide_notice_and_appeal(visitor_factory, moderator):
    maya = visitor_factory("moderation-member")
    maya.login("maya@haven.example")
    page = maya.page
    page.click("main >> text=Small things that genuinely help after a hard shift")
    dev_reply = page.locator("article.post", has_text="I walk the last stop home")
    dev_reply.locator("text=Flag").click()
    page.check("input[value=harmful]")
    page.fill("textarea[name=note]", "Walking home alone late might not be safe advice for everyone")
    maya.screenshot("flag-form")
    maya.submit("Send to moderators")
    assert "Thank you for looking out for the community" in page.content()

    rowan = moderator  # signed in with TOTP set up in the browser (see conftest)
    rowan.journey = "moderation-moderator"
    mod = rowan.page
    rowan.go("/moderation/")
    assert "Harmful or misleading advice" in mod.content()
    rowan.screenshot("queue")
    mod.locator("article.queue-entry", has_text="Walking home alone").locator("a", has_text="Review").click()
    mod.fill("#reason-hide", "Thanks for sharing; hiding while we check this is safe advice for everyone.")
    rowan.submit("Hide the post")
    assert "Done. The action is recorded in the audit log." in mod.content()
    rowan.go("/moderation/log/")
    assert "Hid a post" in mod.content()
    rowan.screenshot("audit-log")

    dev = visitor_factory("moderation-author")
    dev.login("dev@haven.example")
    author = dev.page
    author.click("header summary:has-text('Notifications')")  # the header's menu lists the newest
    author.click("header a:has-text('A moderator hid your post')")
    assert "A moderator hid this post from other members" in author.content()
    dev.screenshot("hidden-notice")
    author.click("text=Appeal this decision")
    author.fill("textarea[name=message]", "I meant it as my own habit, not advice for everyone.")
    dev.submit("Send appeal")
    assert "Your appeal is with the moderators" in author.content()

    maya.go("/latest/")
    page.click("main >> text=Small things that genuinely help after a hard shift")
    assert "I walk the last stop home" not in page.content()

    rowan.go("/moderation/")
    assert "I meant it as my own habit" in mod.content()
    rowan.screenshot("appeal-in-queue")

    rowan.go("/moderation/stats/")
    assert mod.locator("main svg[role=img]").count() >= 3
    rowan.screenshot("queue-statistics")
