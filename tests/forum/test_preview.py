import pytest
from django.urls import reverse

from forum.models import Post, Thread

pytestmark = pytest.mark.django_db


def test_previewing_a_reply_renders_it_and_saves_nothing(member_client, thread):
    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "Some **bold** words", "preview": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in page
    assert "Some **bold** words" in page  # the draft is still in the box
    assert Post.objects.filter(thread=thread).count() == 1


def test_preview_uses_the_same_sanitiser(member_client, thread):
    page = member_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "<script>alert(1)</script>", "preview": "1"}
    ).content.decode()
    assert "<script>alert(1)</script>" not in page.split('id="preview-heading"')[1].split("</section>")[0]


def test_previewing_a_thread_saves_nothing(member_client, category):
    response = member_client.post(
        reverse("forum:new_thread"),
        {"category": category.pk, "title": "Draft", "body": "_draft_", "preview": "1"},
    )
    assert "<em>draft</em>" in response.content.decode()
    assert not Thread.objects.exists()


def test_the_composer_has_formatting_help(member_client, thread):
    assert "Formatting help" in member_client.get(reverse("forum:reply", args=[thread.pk])).content.decode()
