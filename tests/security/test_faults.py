"""Faults: the health endpoint, a calm 503 while the database is down, atomic writes."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from forum import notifications, services
from forum.models import Category, Post
from moderation.models import Flag, QueueEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_without_login_or_caching(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_does_not_answer(client):
    with mock.patch("config.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_pages_answer_a_calm_503_while_the_database_is_down(member_client, thread):
    with mock.patch(
        "forum.views.Thread.objects.visible_to", side_effect=OperationalError("connection refused")
    ):
        response = member_client.get(thread.get_absolute_url())
    assert response.status_code == 503
    page = response.content.decode()
    assert "Haven is taking a short pause" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert response["Retry-After"] == "30"


def test_a_failure_half_way_through_a_reply_saves_nothing(thread, other_member):
    """The post, counters, notifications and automatic flags commit together or not at all."""
    category = Category.objects.get(pk=thread.category_id)
    with (
        mock.patch.object(notifications, "post_published", side_effect=RuntimeError("mail server exploded")),
        pytest.raises(RuntimeError),
    ):
        services.reply(thread=thread, author=other_member, body="I want to kill myself")  # would also flag
    thread.refresh_from_db()
    other_member.refresh_from_db()
    assert Post.objects.filter(thread=thread).count() == 1
    assert (thread.reply_count, thread.post_count, other_member.post_count) == (0, 1, 0)
    assert Category.objects.get(pk=category.pk).post_count == category.post_count
    assert not Flag.objects.exists() and not QueueEntry.objects.exists()


def test_a_failure_in_the_safeguards_rolls_back_the_whole_reply(thread, other_member):
    with (
        mock.patch("moderation.safeguards.screen_text", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        services.reply(thread=thread, author=other_member, body="hello")
    assert Post.objects.filter(thread=thread).count() == 1
    assert not other_member.notifications.exists()
    assert not thread.author.notifications.exists()


def test_a_failed_thread_leaves_no_half_thread(category):
    author = UserFactory()
    with (
        mock.patch.object(notifications, "post_published", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        services.create_thread(author=author, category=category, title="Half a thread", body="x")
    category.refresh_from_db()
    assert category.thread_count == 0
    assert not Post.objects.exists()


def test_500_page_is_in_the_sites_style_and_reveals_nothing(client, settings):
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Something went wrong on our side" in page
    assert reverse("forum:crisis") in page


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_error_pages_keep_help_in_the_footer_like_every_other_page(template):
    """Consistent help (WCAG 2.2, 3.2.6): crisis resources, then the guidelines, in the footer."""
    from django.template.loader import render_to_string

    footer = render_to_string(template).split('<footer class="site-footer">', 1)[1]
    assert footer.index('href="/crisis/"') < footer.index('href="/guidelines/"')
