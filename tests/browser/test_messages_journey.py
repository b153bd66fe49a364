"""Journey: private messages. Grace writes to Anne from her profile; a moderator can't read the
conversation (not in the queue, 404 at its address); Anne reads it, reports it after agreeing that
moderators will then read it; the moderator finds it in the queue and reads it."""

MESSAGE = "Thank you for what you wrote about changing how you work. Could I ask how you raised it?"


def test_a_member_messages_another_who_reports_it_and_only_then_a_moderator_reads_it(
    visitor_factory, moderator
):
    grace = visitor_factory("messages")
    grace.login("grace@haven.example")
    page = grace.page
    grace.go("/latest/")
    page.click("main >> text=My struggle with STS as a clinician")
    page.locator("main a:has-text('Anne M')").first.click()
    page.click("main a:has-text('Send a message')")
    page.wait_for_selector("text=Only the two of you can read this conversation.")
    page.fill("#id_body", MESSAGE)
    grace.submit("Send")
    conversation_url = page.url.split("#")[0]
    assert MESSAGE in page.locator("ol.message-list").inner_text()
    grace.screenshot("conversation-sent")

    # Before any report, the conversation is nowhere a moderator can look.
    moderator.go("/moderation/")
    assert "Thank you for what you wrote" not in moderator.page.content()
    response = moderator.page.goto(conversation_url)
    assert response.status == 404

    anne = visitor_factory("messages-receiver")
    anne.login("anne@haven.example")
    anne.page.click("header a:has-text('Messages')")
    row = anne.page.locator("li.conversation-row", has_text="Grace")
    assert "New" in row.inner_text()
    anne.screenshot("inbox-unread")
    row.locator("a").click()
    assert MESSAGE in anne.page.locator("ol.message-list").inner_text()
    anne.page.click("main a:has-text('report it to the moderators')")
    anne.page.wait_for_selector("text=If you report it, moderators will be able to read it")
    anne.screenshot("report-consent")
    anne.page.click("main button:has-text('Report and let moderators read it')")
    assert anne.page.url.endswith("/report/")  # the consent box is required: nothing is sent without it
    anne.page.check("#id_consent")
    anne.submit("Report and let moderators read it")
    assert "Moderators can now read this conversation" in anne.page.content()

    moderator.go("/moderation/")
    moderator.page.click("main a:has-text('Conversation reported by Anne M')")
    assert MESSAGE in moderator.page.locator("ol.message-list").inner_text()
    moderator.screenshot("reported-conversation")
