"""Consent to processing health information, in a browser: sign-up is refused until the box is
ticked; when the privacy notice changes the member is asked again before the next page and comes
back to it; withdrawing leads to the account-deletion choices. Screenshots at 1280 and 390 px."""

import time

import psycopg

from bench import live
from tests.browser.conftest import BROWSER_DATABASE, emailed_link


def _as_if_the_notice_changed(email: str) -> None:
    """What a new HAVEN_PRIVACY_NOTICE_VERSION does to a member who agreed to the old one."""
    url = live.with_database(live.server_database_url(), BROWSER_DATABASE)
    with psycopg.connect(url) as connection:
        connection.execute(
            "UPDATE accounts_user SET consented_notice_version = 'an-earlier-notice' WHERE email = %s",
            [email],
        )


def test_consent_at_sign_up_again_after_a_change_and_withdrawn(visitor_factory):
    member = visitor_factory("consent")
    email = f"consent{int(time.time() * 1000)}@example.org"
    page = member.go("/accounts/signup/")
    page.fill("#id_display_name", f"Careful {email[7:15]}")
    page.fill("#id_email", email)
    page.fill("#id_password1", "a-long-calm-passphrase")
    page.fill("#id_password2", "a-long-calm-passphrase")
    assert not page.is_checked("#id_consent")
    page.locator("#id_consent").evaluate(
        "box => box.removeAttribute('required')"
    )  # as a browser without validation
    member.submit("Create account")
    assert "Please tick the box to agree" in page.content()
    member.screenshot("sign-up-refused-without-consent")

    page.fill("#id_password1", "a-long-calm-passphrase")
    page.fill("#id_password2", "a-long-calm-passphrase")
    page.check("#id_consent")
    member.submit("Create account")
    page.goto(emailed_link(email, "/accounts/confirm-email/"))
    member.submit()

    _as_if_the_notice_changed(email)
    member.go("/latest/")
    assert "/settings/consent/" in page.url
    assert "has changed since you last agreed" in page.content()
    member.screenshot("asked-again")
    page.check("#id_consent")
    member.submit("I agree")
    assert page.url.endswith("/latest/")

    member.go("/settings/consent/")
    member.screenshot("privacy-and-consent")
    member.submit("Withdraw my consent")
    assert "/settings/delete/" in page.url or "/reauthenticate/" in page.url
    member.go("/latest/")
    assert "/settings/consent/" in page.url  # nothing else until they agree again or leave
