"""Issue 8 in a browser: a member applies for verification and gets the badge once a moderator
approves (the evidence is gone afterwards)."""

import struct
import zlib


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
    page.click("text=Small things that genuinely help after a hard shift")
    opening = page.locator("article.post").first
    assert "Verified: Nurse" in opening.inner_text()
    grace.screenshot("badge")
    grace.go("/settings/verification/")
    assert "You're verified as" in page.content()
