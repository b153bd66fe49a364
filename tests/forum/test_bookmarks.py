import pytest
from django.urls import reverse

from forum import services
from forum.models import Bookmark
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_save_and_unsave_a_thread(member_client, member, thread):
    member_client.post(reverse("forum:bookmark_thread", args=[thread.pk]))
    assert Bookmark.objects.filter(user=member, thread=thread, post=None).exists()
    member_client.post(reverse("forum:bookmark_thread", args=[thread.pk]))
    assert not Bookmark.objects.exists()


def test_save_a_post_and_see_it_on_the_bookmarks_page(member_client, member, thread):
    reply = services.reply(thread=thread, author=UserFactory(), body="worth keeping")
    member_client.post(reverse("forum:bookmark_post", args=[reply.pk]))
    page = member_client.get(reverse("forum:bookmarks")).content.decode()
    assert reverse("forum:post", args=[reply.pk]) in page


def test_bookmark_toggle_answers_json_for_javascript(member_client, thread):
    response = member_client.post(
        reverse("forum:bookmark_post", args=[thread.opening_post.pk]), HTTP_ACCEPT="application/json"
    )
    assert response.json() == {"active": True}


def test_the_bookmarks_page_shows_only_your_own(client, thread, other_member, member):
    services.toggle_bookmark(member=member, thread=thread)
    client.force_login(other_member)
    assert list(client.get(reverse("forum:bookmarks")).context["bookmarks"]) == []


def test_cannot_bookmark_a_post_you_cannot_see(client, thread):
    newcomer = UserFactory(is_trusted=False)
    pending = services.reply(thread=thread, author=newcomer, body="awaiting review")
    client.force_login(UserFactory())
    assert client.post(reverse("forum:bookmark_post", args=[pending.pk])).status_code == 404
    assert not Bookmark.objects.exists()


def test_bookmarking_needs_login_and_post(client, member_client, thread):
    assert client.post(reverse("forum:bookmark_thread", args=[thread.pk])).status_code == 302
    assert member_client.get(reverse("forum:bookmark_thread", args=[thread.pk])).status_code == 405
