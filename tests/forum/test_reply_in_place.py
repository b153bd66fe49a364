"""Replying from the thread page: a live preview through the one sanitiser, Reply and Quote filling
the thread's composer, and quoting just a selected passage. The separate reply page stays the way
without JavaScript (tests/forum/test_reply.py, test_preview.py)."""

import pytest
from django.urls import reverse

from forum.models import Post
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def _preview(client, thread, body):
    return client.post(reverse("forum:reply", args=[thread.pk]), {"body": body, "preview": "1"}, **JSON)


def _quote_form(client, thread, post, **params):
    response = client.get(reverse("forum:reply", args=[thread.pk]), {"to": post.pk, "quote": 1, **params})
    return response.context["form"].initial["body"]


@pytest.fixture
def answered(category):
    author = UserFactory(display_name="Grace")
    return make_thread(
        category=category, author=author, body="First paragraph here.\n\nA second, *kinder* thought."
    )


def test_the_script_gets_the_preview_as_json(member_client, thread):
    response = _preview(member_client, thread, "Some **bold** words")
    assert response.status_code == 200
    assert response.json() == {"html": "<p>Some <strong>bold</strong> words</p>\n"}


def test_the_scripts_preview_goes_through_the_one_sanitiser(member_client, thread):
    html = _preview(member_client, thread, "<script>alert(1)</script> [x](javascript:alert(1))").json()[
        "html"
    ]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html  # shown as the text it is
    assert "<a" not in html  # and no javascript: link


def test_the_scripts_preview_saves_nothing(member_client, thread):
    _preview(member_client, thread, "Not yet")
    assert Post.objects.filter(thread=thread).count() == 1


def test_the_scripts_preview_is_refused_where_replying_is(member_client, thread):
    thread.is_locked = True
    thread.save()
    assert _preview(member_client, thread, "words").status_code == 403


def test_quoting_a_selected_passage_quotes_just_that_passage(member_client, answered):
    body = _quote_form(member_client, answered, answered.opening_post, passage="A second, kinder thought.")
    assert body == "**Grace** wrote:\n> A second, kinder thought.\n\n"


def test_a_passage_spanning_paragraphs_keeps_its_lines(member_client, answered):
    passage = "paragraph here.\n\nA second"
    body = _quote_form(member_client, answered, answered.opening_post, passage=passage)
    assert body == "**Grace** wrote:\n> paragraph here.\n>\n> A second\n\n"


def test_a_passage_that_is_not_in_the_post_quotes_the_whole_post(member_client, answered):
    body = _quote_form(member_client, answered, answered.opening_post, passage="Words Grace never wrote")
    assert "Words Grace never wrote" not in body
    assert "> First paragraph here." in body


def test_the_thread_composer_has_a_preview_button_that_works_without_script(member_client, thread):
    page = member_client.get(thread.get_absolute_url()).content.decode()
    composer = page.split('id="reply-heading"')[1].split("</form>")[0]
    assert '<button type="submit" name="preview" value="1"' in composer
    assert f'action="{reverse("forum:reply", args=[thread.pk])}"' in composer


def test_the_thread_composer_has_a_place_for_the_live_preview(member_client, thread):
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "data-live-preview" in page.split('id="reply-heading"')[1]


def test_reply_and_quote_links_name_their_post_for_the_script(member_client, thread):
    page = member_client.get(thread.get_absolute_url()).content.decode()
    post = thread.opening_post
    assert f'href="{reverse("forum:reply", args=[thread.pk])}?to={post.pk}" data-reply-to="{post.pk}"' in page
    assert f'?to={post.pk}&amp;quote=1" data-reply-to="{post.pk}" data-quote' in page
