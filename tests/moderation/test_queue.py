from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services as forum_services
from moderation import services
from moderation.models import FlagReason, QueueEntry
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def _flagged(thread, reason, minutes_ago):
    post = forum_services.reply(thread=thread, author=UserFactory(), body=f"About {reason}")
    entry = services.flag_post(post, UserFactory(), reason, "note").entry
    QueueEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return entry


def test_queue_orders_by_priority_then_age(moderator_client, thread):
    spam_old = _flagged(thread, FlagReason.SPAM, 300)
    harassment = _flagged(thread, FlagReason.HARASSMENT, 10)
    crisis_new = _flagged(thread, FlagReason.CRISIS, 1)
    confidentiality = _flagged(thread, FlagReason.CONFIDENTIALITY, 5)
    crisis_old = _flagged(thread, FlagReason.CRISIS, 30)
    spam_new = _flagged(thread, FlagReason.SPAM, 2)
    response = moderator_client.get(reverse("moderation:queue"))
    order = [entry.pk for entry in response.context["entries"]]
    expected = [crisis_old, crisis_new, confidentiality, harassment, spam_old, spam_new]
    assert order == [entry.pk for entry in expected]


def test_queue_shows_post_context_flags_and_author_history(moderator_client, thread):
    entry = _flagged(thread, FlagReason.HARASSMENT, 1)
    page = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert thread.title in page
    assert "Harassment or unkind" in page
    assert "“note”" in page
    assert "0 earlier moderation actions" in page
    assert entry.post.author.display_name in page


def test_entry_page_shows_the_post_it_answers(moderator_client, thread):
    parent = thread.opening_post
    post = forum_services.reply(thread=thread, author=UserFactory(), body="The flagged words", parent=parent)
    entry = services.flag_post(post, UserFactory(), FlagReason.HARMFUL, "").entry
    page = moderator_client.get(reverse("moderation:entry", args=[entry.pk])).content.decode()
    assert "The flagged words" in page
    assert "Opening post body" in page
    assert "Harmful or misleading advice" in page


def test_resolved_entries_leave_the_queue(moderator_client, moderator, thread):
    entry = _flagged(thread, FlagReason.SPAM, 1)
    services.approve(entry, moderator, "fine")
    assert list(moderator_client.get(reverse("moderation:queue")).context["entries"]) == []


def test_open_count_shows_in_a_moderators_navigation(moderator_client, thread):
    _flagged(thread, FlagReason.SPAM, 1)
    _flagged(thread, FlagReason.SPAM, 1)
    page = moderator_client.get(reverse("forum:latest")).content.decode()
    assert '<span class="count">2<span class="visually-hidden"> open items</span></span>' in page


def test_members_see_no_queue_link(member_client, thread):
    assert reverse("moderation:queue") not in member_client.get(reverse("forum:latest")).content.decode()


@pytest.mark.parametrize("entries", [2, 20])
def test_queue_runs_a_bounded_number_of_queries(
    moderator_client, django_assert_max_num_queries, entries, category
):
    for n in range(entries):
        thread = make_thread(category=category)
        parent = forum_services.reply(thread=thread, author=UserFactory(), body="parent")
        post = forum_services.reply(thread=thread, author=UserFactory(), body="child", parent=parent)
        services.flag_post(post, UserFactory(), FlagReason.SPAM if n % 2 else FlagReason.CRISIS, "n")
        services.flag_post(post, UserFactory(), FlagReason.HARASSMENT, "")
    with django_assert_max_num_queries(10):
        response = moderator_client.get(reverse("moderation:queue"))
    assert len(response.context["entries"]) == entries
