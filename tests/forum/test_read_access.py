"""Reading is for members by default; HAVEN_PUBLIC_READ opens it. Some pages are always public."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _member_pages(thread):
    return [
        reverse("forum:latest"),
        thread.category.get_absolute_url(),
        thread.get_absolute_url(),
        reverse("forum:post", args=[thread.opening_post.pk]),
    ]


def test_logged_out_visitors_cannot_read_a_closed_forum(client, thread):
    for url in _member_pages(thread):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login"))


def test_login_redirect_comes_back_to_the_page(client, thread):
    response = client.get(thread.get_absolute_url())
    assert "next=" in response.url


def test_public_read_setting_opens_reading(client, thread, settings):
    settings.HAVEN_PUBLIC_READ = True
    for url in _member_pages(thread):
        assert client.get(url).status_code in (200, 302), url
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Opening post body" in page
    assert "to reply." in page  # invited to log in, no reply form
    assert 'name="body"' not in page


def test_public_read_still_needs_login_to_write(client, thread, settings):
    settings.HAVEN_PUBLIC_READ = True
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "drive-by"})
    assert response.status_code == 302
    assert thread.posts.count() == 1


@pytest.mark.parametrize(
    "name", ["forum:home", "forum:guidelines", "forum:crisis", "account_login", "account_signup"]
)
def test_welcome_pages_are_public(client, db, name):
    assert client.get(reverse(name)).status_code == 200


def test_landing_page_welcomes_visitors(client, db):
    page = client.get(reverse("forum:home")).content.decode()
    assert "Join Haven" in page
    assert reverse("forum:crisis") in page
    assert reverse("forum:guidelines") in page


def test_crisis_page_lists_helplines(client, db):
    page = client.get(reverse("forum:crisis")).content.decode()
    assert "988" in page
    assert "116 123" in page
    assert "findahelpline.com" in page


def test_home_is_the_latest_list_for_members(member_client, thread):
    response = member_client.get(reverse("forum:home"))
    assert [t.pk for t in response.context["threads"]] == [thread.pk]
