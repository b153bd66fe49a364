"""Bad input of every class gets a 4xx with a helpful page (or a form error), never a 500, and
never loses or doubles what was saved."""

import pytest
from django.test import Client
from django.urls import reverse

from forum.models import Post, Thread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=%00",
        "/search/?q=%ff%fe",
        "/latest/?page=%00",
        "/latest/?page=%ff",
        "/search/?q=sleep&category=%00",
        "/search/?q=sleep&category=-1",
        "/search/?q=sleep&category=99999999999999999999",
        "/moderation/log/?actor=%00",
    ],
)
def test_nul_bytes_and_invalid_utf8_in_query_strings(member_client, path):
    assert member_client.get(path).status_code in (200, 302, 400, 403, 404)


@pytest.mark.parametrize("raw", [b"body=%00%00", b"body=%ff%fe%fd", b"body=caf%e9"])
def test_nul_bytes_and_invalid_utf8_in_form_bodies(member_client, thread, raw):
    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]), raw, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 302, 400)
    assert Post.objects.filter(thread=thread).count() in (1, 2)


@pytest.mark.parametrize(
    "path",
    [
        "/t/99999999999999999999/",
        "/t/x/99999999999999999999/",
        "/p/99999999999999999999/",
        "/p/99999999999999999999/edit/",
        "/members/99999999999999999999/",
        "/t/0/",
        "/p/-1/",
        "/c/no-such-category/",
    ],
)
def test_huge_negative_and_unknown_ids_are_404(member_client, path):
    assert member_client.get(path).status_code == 404


def test_404_page_is_in_the_sites_style(member_client):
    page = member_client.get("/t/99999999999999999999/").content.decode()
    assert "We couldn’t find that page" in page
    assert "/crisis/" in page


def test_over_long_display_names_titles_and_bios_are_form_errors(member_client, category):
    assert member_client.post(reverse("accounts:edit_profile"), {"display_name": "x" * 31}).status_code == 200
    response = member_client.post(
        reverse("forum:new_thread"), {"category": category.pk, "title": "t" * 5000, "body": "b"}
    )
    assert response.status_code == 200 and not Thread.objects.exists()


def test_a_missing_csrf_token_is_a_403_with_an_explanation(member, thread):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "no token"})
    assert response.status_code == 403
    assert "That form expired" in response.content.decode()
    assert thread.posts.count() == 1


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "PROPFIND", "BREW"])
def test_unknown_http_methods_are_405(member_client, thread, method):
    response = member_client.generic(method, reverse("forum:reply", args=[thread.pk]))
    assert response.status_code == 405


def test_a_double_submitted_reply_creates_one_post(member_client, thread):
    form = member_client.get(reverse("forum:reply", args=[thread.pk])).context["form"]
    data = {"body": "Sent twice by a double click", "submission_key": form["submission_key"].initial}
    first = member_client.post(reverse("forum:reply", args=[thread.pk]), data)
    second = member_client.post(reverse("forum:reply", args=[thread.pk]), data)
    assert Post.objects.filter(body="Sent twice by a double click").count() == 1
    assert first.url == second.url


def test_a_double_submitted_thread_creates_one_thread(member_client, category):
    form = member_client.get(reverse("forum:new_thread")).context["form"]
    data = {
        "category": category.pk,
        "title": "Only once",
        "body": "x",
        "submission_key": form["submission_key"].initial,
    }
    member_client.post(reverse("forum:new_thread"), data)
    member_client.post(reverse("forum:new_thread"), data)
    assert Thread.objects.filter(title="Only once").count() == 1


def test_two_different_forms_create_two_posts(member_client, thread):
    for _ in range(2):
        key = (
            member_client.get(reverse("forum:reply", args=[thread.pk]))
            .context["form"]["submission_key"]
            .initial
        )
        member_client.post(
            reverse("forum:reply", args=[thread.pk]), {"body": "same words", "submission_key": key}
        )
    assert Post.objects.filter(body="same words").count() == 2


def test_a_disallowed_host_gets_a_400_page_not_a_crash(client, settings):
    settings.ALLOWED_HOSTS = ["haven.example.org"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "We couldn’t understand that request" in response.content.decode()
