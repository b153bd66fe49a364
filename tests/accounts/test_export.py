import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts.services import block
from forum import services
from tests.factories import IdentityProviderMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _download(client):
    response = client.post(reverse("accounts:export"))
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_holds_everything_that_is_yours(member_client, member, thread):
    member.profession = "Trauma therapist"
    member.time_zone = "Europe/London"
    member.save()
    services.edit_post(post=thread.opening_post, editor=member, body="Second version", title=thread.title)
    anonymous = services.reply(thread=thread, author=member, body="Said anonymously", anonymous=True)
    other = services.reply(thread=thread, author=UserFactory(), body="reply")
    services.toggle_reaction(post=other, member=member, kind="support")
    services.toggle_bookmark(member=member, thread=thread, post=other)
    block(member, UserFactory(display_name="Blocked Bob"))
    data = json.loads(_download(member_client).read("haven-data.json"))
    assert data["profile"]["email"] == member.email
    assert data["profile"]["profession"] == "Trauma therapist"
    assert data["settings"]["time_zone"] == "Europe/London"
    bodies = {post["body"]: post for post in data["posts"]}
    assert bodies["Second version"]["earlier_versions"][0]["body"] == "Opening post body"
    assert bodies["Said anonymously"]["anonymous"] is True
    assert data["reactions"] == [
        {"post": other.pk, "kind": "support", "created_at": data["reactions"][0]["created_at"]}
    ]
    assert data["bookmarks"][0]["post"] == other.pk
    assert data["blocked_members"] == ["Blocked Bob"]
    assert data["followed_threads"] == [{"thread": thread.title, "level": "following"}]
    assert anonymous.pk in [post["id"] for post in data["posts"]]


def test_the_export_has_a_readable_markdown_file(member_client, member, thread):
    text = _download(member_client).read("haven-data.md").decode()
    assert f"# Your Haven data ({member.display_name})" in text
    assert "Opening post body" in text


def test_the_export_contains_nobody_elses_posts(member_client, thread):
    services.reply(thread=thread, author=UserFactory(), body="someone else's words")
    assert "someone else's words" not in _download(member_client).read("haven-data.json").decode()


def test_export_needs_login(client):
    assert client.post(reverse("accounts:export")).status_code == 302


def test_the_export_page_explains_before_downloading(member_client):
    assert "Download haven-data.zip" in member_client.get(reverse("accounts:export")).content.decode()


def test_the_export_of_a_member_without_email_says_there_is_none(client):
    member = IdentityProviderMemberFactory()
    client.force_login(member)

    archive = _download(client)

    assert json.loads(archive.read("haven-data.json"))["profile"]["email"] is None
    assert "Email: none." in archive.read("haven-data.md").decode()


def test_the_export_holds_your_notifications_as_the_site_shows_them(member_client, member, thread):
    services.reply(thread=thread, author=UserFactory(display_name="Rowan"), body="I hear you")

    data = json.loads(_download(member_client).read("haven-data.json"))

    [notification] = data["notifications"]
    assert notification["message"].startswith("Rowan replied in your thread")
    assert thread.title in notification["message"]
    assert notification["read_at"] is None


def test_the_export_leaves_out_notifications_about_threads_you_can_no_longer_read(
    member_client, member, thread
):
    services.reply(thread=thread, author=UserFactory(), body="I hear you")
    thread.category.access = thread.category.Access.VERIFIED_ONLY
    thread.category.save()

    assert json.loads(_download(member_client).read("haven-data.json"))["notifications"] == []


def test_the_markdown_export_lists_your_notifications(member_client, member, thread):
    services.reply(thread=thread, author=UserFactory(display_name="Rowan"), body="I hear you")

    text = _download(member_client).read("haven-data.md").decode()

    assert "## Your notifications (1)" in text
    assert "Rowan replied in your thread" in text
