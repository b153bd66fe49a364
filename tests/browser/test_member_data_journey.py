"""Journey 5, a member's own data: a search with highlighted results, a data export, and deleting
the account (keeping posts), after which the posts read as by "Former member"."""

import io
import json
import time
import zipfile

from tests.browser.conftest import emailed_link


def test_search_export_and_delete_the_account(visitor_factory):
    member = visitor_factory("member-data")
    email = f"leaver{int(time.time() * 1000)}@example.org"
    page = member.go("/accounts/signup/")
    page.fill("#id_display_name", f"Leaver {email[6:14]}")
    page.fill("#id_email", email)
    page.fill("#id_password1", "a-long-calm-passphrase")
    page.fill("#id_password2", "a-long-calm-passphrase")
    page.check("#id_consent")
    member.submit("Create account")
    page.goto(emailed_link(email, "/accounts/confirm-email/"))
    member.submit()

    page.click("text=Search")
    page.fill("#id_q", "supervision")
    member.submit("Search")
    assert page.locator(".snippet mark").count() > 0
    member.screenshot("search")

    member.go("/settings/export/")
    with page.expect_download() as download:
        member.submit("Download haven-data.zip")
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    data = json.loads(archive.read("haven-data.json"))
    assert data["profile"]["email"] == email
    member.screenshot("export")

    # A post to see afterwards (a newcomer's first post waits for approval; it still belongs to them).
    member.go("/latest/")
    page.click("main >> text=Hello from a newly qualified social worker")
    page.fill("#id_body", "Thank you all for this thread.")
    member.submit("Post reply")

    member.go("/settings/delete/")
    page.check("input[value=anonymise]")
    page.check("#id_confirm")
    member.screenshot("delete-account")
    member.submit("Delete my account")
    assert "/reauthenticate/" in page.url  # deleting asks for the password again
    page.fill("input[name=password]", "a-long-calm-passphrase")
    member.submit()  # allauth then carries out the deletion that was asked for
    assert "Your account is deleted" in page.content()

    reader = visitor_factory("member-data-reader")
    reader.login("anne@haven.example")
    reader.page.goto(member.base_url + "/suspension/")  # any members page: the leaver is logged out elsewhere
    reader.page.goto(member.base_url + "/latest/")
    reader.page.click("main >> text=Hello from a newly qualified social worker")
    assert f"Leaver {email[6:14]}" not in reader.page.content()  # in the thread and the notification menu
