import pytest
from django.urls import reverse

from forum.models import Thread

pytestmark = pytest.mark.django_db


def _post(client, category, **overrides):
    data = {"category": category.pk, "title": "What helps after a hard week?", "body": "Asking for me."}
    return client.post(reverse("forum:new_thread"), {**data, **overrides})


def test_member_starts_a_thread(member_client, member, category):
    response = _post(member_client, category)
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response.url == thread.get_absolute_url()
    assert thread.author == member
    assert thread.opening_post.body == "Asking for me."
    assert thread.opening_post.body_html == "<p>Asking for me.</p>\n"


def test_starting_a_thread_updates_counters(member_client, member, category):
    _post(member_client, category)
    category.refresh_from_db()
    member.refresh_from_db()
    assert (category.thread_count, category.post_count, member.post_count) == (1, 1, 1)


def test_logged_out_visitor_cannot_start_a_thread(client, category):
    response = _post(client, category)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Thread.objects.exists()


def test_new_thread_form_preselects_category(member_client, category):
    page = member_client.get(reverse("forum:new_thread") + f"?category={category.slug}").content.decode()
    assert f'<option value="{category.pk}" selected>' in page


def test_unknown_category_is_a_form_error(member_client, category):
    response = member_client.post(
        reverse("forum:new_thread"), {"category": 999999, "title": "A title", "body": "A body"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
