"""The lighter moderator flow in a browser (issue 24, item 13): a newcomer's first reply waits for
approval; the moderator (signed in moments ago, so never asked for the password again: see
conftest's sign_in_moderator) approves it with a preset reason in one click, and the audit log
records that reason."""

import time

from tests.browser.conftest import emailed_link


def test_a_moderator_approves_a_first_reply_with_a_preset_reason(visitor_factory, moderator):
    newcomer = visitor_factory("lighter-moderation-newcomer")
    stamp = str(int(time.time() * 1000))[-8:]
    email = f"first{stamp}@example.org"
    name = f"Lantern {stamp}"
    page = newcomer.go("/accounts/signup/")
    page.fill("#id_display_name", name)
    page.fill("#id_email", email)
    page.fill("#id_password1", "a-long-calm-passphrase")
    page.fill("#id_password2", "a-long-calm-passphrase")
    page.check("#id_consent")
    newcomer.submit("Create account")
    assert "Check your email" in page.content()
    page.goto(emailed_link(email, "/accounts/confirm-email/"))
    newcomer.submit()
    newcomer.go("/latest/")
    page.click("main >> text=Small things that genuinely help after a hard shift")
    page.fill("#id_body", "A warm drink in the car before I drive home helps me.")
    newcomer.submit("Post reply")
    assert "awaiting a quick review" in page.content()

    rowan = moderator
    rowan.journey = "lighter-moderation"
    mod = rowan.page
    rowan.go("/moderation/")
    mod.locator("article.queue-entry", has_text=name).locator("a", has_text="Review").click()
    assert mod.locator("main button[name=action][value=approve]").count() == 1
    assert mod.locator("main button[name=action][value=dismiss]").count() == 0
    assert mod.locator("input[name=preset_reason]").first.is_checked()  # a preset is chosen already
    rowan.screenshot("approve-with-a-preset-reason")
    rowan.submit("Approve")  # nothing typed
    assert mod.url.endswith("/moderation/")
    assert "Done. The action is recorded in the audit log." in mod.content()
    rowan.go("/moderation/log/")
    assert "Within the community guidelines" in mod.content()
    rowan.screenshot("audit-log-with-the-preset-reason")

    newcomer.go("/notifications/")
    assert "has been approved and is now published" in page.content()
