"""Bad input gets a clear message (a form error or a 4xx page), never a 500, and loses nothing."""

import pytest
from django.urls import reverse

from forum.models import Post, Thread

pytestmark = pytest.mark.django_db


def _new_thread(client, category, **fields):
    data = {"category": category.pk, "title": "A fine title", "body": "A fine body", **fields}
    return client.post(reverse("forum:new_thread"), data)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "x" * 151}, "Titles can be at most 150 characters (this one has 151)."),
        ({"title": ""}, "Please give your thread a title."),
        ({"body": ""}, "Please write something before posting."),
        ({"body": "   \n\t  "}, "Please write something before posting."),
        ({"body": "x" * 100_001}, "Posts can be at most 30000 characters long (this one has 100001)."),
    ],
)
def test_new_thread_form_errors(member_client, category, fields, message):
    response = _new_thread(member_client, category, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Thread.objects.exists()


def test_form_error_keeps_what_the_member_wrote(member_client, category):
    response = _new_thread(member_client, category, title="", body="Three paragraphs I do not want to lose")
    assert "Three paragraphs I do not want to lose" in response.content.decode()


def test_errors_are_summarised_at_the_top_and_linked_to_fields(member_client, category):
    page = _new_thread(member_client, category, title="").content.decode()
    assert 'class="error-summary"' in page
    assert 'href="#id_title"' in page


def test_reply_with_empty_body_is_refused(member_client, thread):
    response = member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": ""})
    assert response.status_code == 200
    assert "Please write something before posting." in response.content.decode()
    assert Post.objects.count() == 1


def test_reply_with_huge_body_is_refused_with_a_form_error(member_client, thread):
    response = member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "x" * 150_000})
    assert response.status_code == 200
    assert "Posts can be at most 30000 characters" in response.content.decode()


def test_edit_with_nul_byte_is_refused_and_keeps_the_saved_post(member_client, thread):
    # NUL characters are refused for every form at once (config/middleware.py), with the 400 page.
    post = thread.opening_post
    response = member_client.post(
        reverse("forum:edit_post", args=[post.pk]), {"title": thread.title, "body": "bad\x00"}
    )
    assert response.status_code == 400
    post.refresh_from_db()
    assert post.body == "Opening post body"


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999999999999", "1.5", "٣"])
def test_bad_page_numbers_are_404(member_client, thread, page):
    assert member_client.get(thread.get_absolute_url(), {"page": page}).status_code == 404
    assert member_client.get(reverse("forum:latest"), {"page": page}).status_code == 404


def test_non_numeric_parent_is_404(member_client, thread):
    response = member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "hi", "parent": "x"})
    assert response.status_code == 404


def test_parent_from_another_thread_is_404(member_client, thread, category, member):
    from tests.factories import make_thread

    elsewhere = make_thread(category=category)
    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "hi", "parent": elsewhere.opening_post.pk}
    )
    assert response.status_code == 404
    assert thread.posts.count() == 1


def test_unknown_http_method_is_405(member_client, thread):
    assert member_client.generic("PATCH", reverse("forum:reply", args=[thread.pk])).status_code == 405
