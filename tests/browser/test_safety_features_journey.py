"""Issue 8 in a browser: a member applies for verification and gets the badge once a moderator
approves (the evidence is gone afterwards); a mute word collapses a post; outside staffed hours a
moderator clears a crisis item with a recorded outcome."""

import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path

from bench import live
from tests.browser.conftest import Visitor, sign_in_moderator


def _tiny_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_apply_for_verification_and_get_the_badge(visitor_factory, moderator, tmp_path):
    grace = visitor_factory("verification")
    grace.login("grace@haven.example")
    page = grace.page
    grace.go("/settings/verification/")
    assert "deleted" in page.locator("main").inner_text()  # said before anything is uploaded
    page.select_option("#id_role", "nurse")
    page.fill("#id_licence_number", "NMC 12A3456B")
    page.fill("#id_issuing_body", "Nursing and Midwifery Council")
    card = tmp_path / "registration.png"
    card.write_bytes(_tiny_png())
    page.set_input_files("#id_document", str(card))
    grace.screenshot("apply")
    grace.submit("Send my application")
    assert "It is waiting for a moderator" in page.content()

    moderator.journey = "verification-moderator"
    moderator.go("/moderation/verifications/")
    moderator.page.locator("a", has_text="Review").first.click()
    assert "NMC 12A3456B" in moderator.page.content()
    moderator.screenshot("review")
    review_url = moderator.page.url
    moderator.page.check("input[name=decision][value=approve]")
    moderator.page.fill("#id_reason", "Found on the NMC register.")
    moderator.submit("Record the decision")
    assert "NMC 12A3456B" not in moderator.page.content()  # the evidence is deleted
    moderator.page.goto(review_url)
    assert "The evidence was deleted" in moderator.page.content()

    grace.go("/latest/")
    page.click("main >> text=Small things that genuinely help after a hard shift")
    opening = page.locator("article.post").first
    assert "Verified: Nurse" in opening.inner_text()
    grace.screenshot("badge")
    grace.go("/settings/verification/")
    assert "You're verified as" in page.content()


def test_a_mute_word_collapses_a_post(visitor_factory):
    anne = visitor_factory("mute-words")
    anne.login("anne@haven.example")
    page = anne.page
    anne.go("/settings/preferences/")
    page.fill("#id_mute_words", "car park")
    anne.submit("Save")
    anne.go("/latest/")
    page.click("main >> text=My struggle with STS as a clinician")
    muted = page.locator("details.muted-post").first
    assert "Hidden by your mute words" in muted.locator("summary").inner_text()
    assert muted.get_attribute("open") is None
    anne.screenshot("post-collapsed")
    muted.locator("summary").click()
    assert "car park" in muted.inner_text()


def test_a_moderator_clears_a_crisis_item_off_hours_with_a_recorded_outcome(browser):
    # Its own server, whose staffed hours are an hour that is not now.
    later = (datetime.now(UTC).hour + 6) % 24
    hours = f"Mon-Sun {later:02d}:00-{later + 1:02d}:00"
    server = live.start(
        "haven_browser_off_hours",
        extra_env={"HAVEN_MODERATION_HOURS": hours, "HAVEN_MODERATION_TIMEZONE": "UTC"},
    )
    dev = Visitor(browser, server.url, "off-hours-member")
    rowan = Visitor(browser, server.url, "off-hours-moderator")
    try:
        dev.login("dev@haven.example")
        page = dev.page
        page.click("main >> text=Hello from a newly qualified social worker")
        page.locator("a.flag-link").first.click()
        dev.settle()
        assert "Moderators are back at" in page.locator(".flag-panel").inner_text()
        dev.screenshot("flag-off-hours")
        page.fill("#id_body", "Some nights lately I want to die, and I don't know who to tell.")
        dev.submit("Post reply")
        page.check("#id_confirm_safe_messaging")
        dev.submit("Post reply")
        assert page.locator("section.crisis-panel").count() == 1
        log = Path(server.log_path).read_text(errors="replace")
        assert "----- Email to moderator@haven.example" in log  # the on-call moderator, at once

        sign_in_moderator(rowan)
        mod = rowan.page
        rowan.go("/moderation/crisis/")
        check = mod.locator("article.queue-entry").first
        assert "Flagged" in check.inner_text()
        rowan.screenshot("crisis-queue")
        check.locator("a", has_text="Respond and record the outcome").click()
        mod.check("form.crisis-close input[value=reached_out]")
        mod.locator("form.crisis-close textarea").first.fill("Messaged Dev privately with local services.")
        entry_url = mod.url
        rowan.submit("Close with this outcome")
        mod.goto(entry_url)
        assert "Outcome for the member: Reached out privately" in mod.content()
        rowan.go("/moderation/log/")
        assert "Closed a crisis check" in mod.content()
        assert "Messaged Dev privately with local services." in mod.content()
        rowan.screenshot("outcome-in-audit-log")
    finally:
        dev.close()
        rowan.close()
        server.stop()
