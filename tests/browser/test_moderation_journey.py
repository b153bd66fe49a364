"""The moderation loop in a browser: a member flags a post, a moderator sets up TOTP, opens the
queue, hides the post with a reason and finds it in the audit log; the author sees the notice
and appeals, and the appeal is back in the queue."""

import re

from tests.browser.conftest import totp_code


def test_flag_queue_hide_notice_and_appeal(visitor_factory):
    maya = visitor_factory("moderation-member")
    maya.login("maya@haven.example")
    page = maya.page
    page.click("text=Small things that genuinely help after a hard shift")
    dev_reply = page.locator("article.post", has_text="I walk the last stop home")
    dev_reply.locator("text=Flag").click()
    page.check("input[value=harmful]")
    page.fill("textarea[name=note]", "Walking home alone late might not be safe advice for everyone")
    maya.screenshot("flag-form")
    maya.submit("Send to moderators")
    assert "Thank you for looking out for the community" in page.content()

    rowan = visitor_factory("moderation-moderator")
    rowan.login("moderator@haven.example")
    mod = rowan.page
    rowan.go("/moderation/")
    if "/reauthenticate/" in mod.url:  # allauth asks for the password again before MFA changes
        mod.fill("input[name=password]", "haven-demo-2026")
        rowan.submit()
    assert "/2fa/totp/activate/" in mod.url
    assert "two-factor authentication" in mod.content()
    rowan.screenshot("mfa-setup")
    secret = re.search(r"\b([A-Z2-7]{32})\b", mod.content()).group(1)
    mod.fill("input[name=code]", totp_code(secret))
    rowan.submit()
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
    author.click("text=Notifications")
    author.click("text=A moderator hid your post")
    assert "A moderator hid this post from other members" in author.content()
    dev.screenshot("hidden-notice")
    author.click("text=Appeal this decision")
    author.fill("textarea[name=message]", "I meant it as my own habit, not advice for everyone.")
    dev.submit("Send appeal")
    assert "Your appeal is with the moderators" in author.content()

    maya.go("/latest/")
    page.click("text=Small things that genuinely help after a hard shift")
    assert "I walk the last stop home" not in page.content()

    rowan.go("/moderation/")
    assert "I meant it as my own habit" in mod.content()
    rowan.screenshot("appeal-in-queue")
