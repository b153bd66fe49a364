from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from forum import services as forum_services
from moderation import services
from moderation.models import FlagReason, QueueEntry
from tests.factories import UserFactory, make_thread
from tests.pages import page_without_tokens

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


def test_a_summary_shows_what_changed_since_it_was_last_shown(moderator_client, thread):
    entry = _flagged(thread, FlagReason.SPAM, 1)
    moderator_client.get(reverse("moderation:queue"))
    entry.post.author.display_name = "Renamed Writer"
    entry.post.author.save(update_fields=["display_name"])
    assert "Renamed Writer" in moderator_client.get(reverse("moderation:queue")).content.decode()
    services.flag_post(entry.post, UserFactory(display_name="Second Flagger"), FlagReason.HARASSMENT, "also")
    page = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert "flagged by Second Flagger" in page and "“also”" in page


def test_a_cached_queue_page_is_identical_to_a_fresh_render(moderator_client, moderator, thread):
    _flagged(thread, FlagReason.CRISIS, 3)
    _flagged(thread, FlagReason.HARASSMENT, 90)
    _appeals(moderator, thread)
    queue = reverse("moderation:queue")
    first, cached = page_without_tokens(moderator_client, queue), page_without_tokens(moderator_client, queue)
    with override_settings(HAVEN_FRAGMENT_CACHE=False):
        fresh = page_without_tokens(moderator_client, queue)
    assert cached == first == fresh


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


def _appeals(moderator, thread, *, writer=None, suspended=None):
    """One appeal against a hidden post and one against a suspension, both waiting in the queue."""
    post = forum_services.reply(thread=thread, author=writer or UserFactory(), body="x")
    services.hide_post(services.flag_post(post, UserFactory(), FlagReason.SPAM, "").entry, moderator, "Spam")
    post.refresh_from_db()
    services.appeal_hidden_post(post, post.author, "It was not spam")
    suspended = suspended or UserFactory()
    suspension = services.suspend_member(suspended, moderator, "Unkind", days=3)
    services.appeal_suspension(suspension, suspended, "I was grieving")


def test_queue_shows_appeals_with_their_messages(moderator_client, moderator, thread):
    _appeals(
        moderator,
        thread,
        writer=UserFactory(display_name="Hidden Writer"),
        suspended=UserFactory(display_name="Suspended Member"),
    )
    page = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert "Hidden Writer" in page and "It was not spam" in page and thread.title in page
    assert "Suspended Member" in page and "I was grieving" in page and "their suspension" in page


@pytest.mark.parametrize("entries", [2, 20])
def test_queue_runs_a_bounded_number_of_queries(
    moderator_client, moderator, django_assert_max_num_queries, entries, category
):
    for n in range(entries):
        thread = make_thread(category=category)
        parent = forum_services.reply(thread=thread, author=UserFactory(), body="parent")
        post = forum_services.reply(thread=thread, author=UserFactory(), body="child", parent=parent)
        services.flag_post(post, UserFactory(), FlagReason.SPAM if n % 2 else FlagReason.CRISIS, "n")
        services.flag_post(post, UserFactory(), FlagReason.HARASSMENT, "")
        if n % 5 == 0:
            _appeals(moderator, thread)
    open_entries = QueueEntry.objects.filter(resolved_at__isnull=True).count()
    with django_assert_max_num_queries(10):
        response = moderator_client.get(reverse("moderation:queue"))
    assert len(response.context["entries"]) == min(open_entries, 25)


def test_approving_a_newcomers_posts_is_not_an_earlier_action_against_them(
    moderator_client, moderator, thread
):
    """Only hides, redactions, deletions, warnings and suspensions count."""
    newcomer = UserFactory(is_trusted=False)
    first = forum_services.reply(thread=thread, author=newcomer, body="My first words here")
    services.approve(services.queue_for_approval(first), moderator, "Welcome")
    second = forum_services.reply(thread=thread, author=newcomer, body="Another thought")
    entry = services.flag_post(second, UserFactory(), FlagReason.OTHER, "Odd")
    page = moderator_client.get(reverse("moderation:entry", args=[entry.entry.pk])).content.decode()
    assert "0 earlier moderation actions" in page


def _newcomer_with_history(thread, moderator, *, approved, hidden):
    """A newcomer whose first APPROVED posts were approved and HIDDEN later ones hidden; returns
    the open entry of a further flagged post."""
    newcomer = UserFactory(is_trusted=False)
    for n in range(approved):
        post = forum_services.reply(thread=thread, author=newcomer, body=f"Approved words {n}")
        services.approve(services.queue_for_approval(post), moderator, "Welcome")
    for n in range(hidden):
        post = forum_services.reply(thread=thread, author=newcomer, body=f"Unkind words {n}")
        services.hide_post(
            services.flag_post(post, UserFactory(), FlagReason.HARASSMENT).entry, moderator, "Unkind"
        )
    post = forum_services.reply(thread=thread, author=newcomer, body="Something odd")
    return services.flag_post(post, UserFactory(), FlagReason.OTHER, "Odd").entry


def test_a_members_approved_posts_are_shown_apart_from_actions_against_them(
    moderator_client, moderator, thread
):
    _newcomer_with_history(thread, moderator, approved=2, hidden=1)
    page = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert "1 earlier moderation action · 2 posts approved" in page


def test_a_member_with_no_approved_posts_shows_no_approval_count(moderator_client, moderator, thread):
    _newcomer_with_history(thread, moderator, approved=0, hidden=1)
    page = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert "1 earlier moderation action</p>" in page
