"""The crisis queue: possible crises on their own, how long each has waited against the target, and
every one closing with an outcome for the member that is recorded in the audit log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services as forum_services
from forum.models import Post
from moderation import services
from moderation.models import CrisisOutcome, Flag, FlagReason, ModerationAction, QueueEntry
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db
URL = reverse("moderation:crisis_queue")


def _crisis(thread, minutes_ago=0, body="I want to die"):
    """A reply with a crisis phrase (automatic crisis flag), flagged MINUTES_AGO."""
    post = forum_services.reply(thread=thread, author=UserFactory(), body=body)
    entry = QueueEntry.objects.get(post=post)
    Flag.objects.filter(entry=entry).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return entry


def _reported(thread, reason=FlagReason.CRISIS):
    """A reply the detectors find nothing in, which a member reports for REASON."""
    post = forum_services.reply(
        thread=thread, author=UserFactory(), body="Back on nights from Monday, wish me luck"
    )
    return services.flag_post(post, UserFactory(), reason, "Worried").entry


# --- The list -------------------------------------------------------------------------------------


def test_lists_automatic_crisis_flags_and_at_risk_reports_only(moderator_client, thread):
    automatic = _crisis(thread)
    reported = _reported(thread)
    _reported(thread, FlagReason.HARASSMENT)
    entries = moderator_client.get(URL).context["entries"]
    assert {entry.pk for entry in entries} == {automatic.pk, reported.pk}


def test_longest_waiting_first_by_when_it_was_flagged_as_a_crisis(moderator_client, thread):
    recent = _crisis(thread, minutes_ago=2)
    older = _crisis(thread, minutes_ago=30)
    # Queued an hour ago for harassment, reported as a crisis only now: it waits from now.
    escalated = _reported(thread, FlagReason.HARASSMENT)
    QueueEntry.objects.filter(pk=escalated.pk).update(created_at=timezone.now() - timedelta(hours=1))
    services.flag_post(escalated.post, UserFactory(), FlagReason.CRISIS)
    order = [entry.pk for entry in moderator_client.get(URL).context["entries"]]
    assert order == [older.pk, recent.pk, escalated.pk]


def test_resolved_crises_leave_the_list(moderator_client, moderator, thread):
    entry = _crisis(thread)
    services.close_crisis_entry(entry, moderator, CrisisOutcome.NO_ACTION)
    assert list(moderator_client.get(URL).context["entries"]) == []


def test_shows_how_long_ago_it_was_flagged(moderator_client, thread):
    entry = _crisis(thread, minutes_ago=12)
    page = moderator_client.get(URL).content.decode()
    assert "Flagged <time datetime=" in page
    assert ">12 min ago</time>" in page
    assert f'id="entry-{entry.pk}"' in page
    assert "data-live-age" in page


def test_an_item_past_the_target_response_time_is_marked_overdue(moderator_client, thread):
    entry = _crisis(thread, minutes_ago=16)
    page = moderator_client.get(URL).content.decode()
    assert f'class="queue-entry priority-{entry.priority} is-overdue" id="entry-{entry.pk}"' in page
    assert '<strong class="overdue-label">· past the 15-minute target</strong>' in page


def test_an_item_within_the_target_is_not_overdue(moderator_client, thread):
    entry = _crisis(thread, minutes_ago=14)
    page = moderator_client.get(URL).content.decode()
    assert f'class="queue-entry priority-{entry.priority}" id="entry-{entry.pk}"' in page
    assert '<strong class="overdue-label" hidden>' in page


def test_the_target_is_a_setting(moderator_client, settings, thread):
    settings.HAVEN_CRISIS_TARGET_MINUTES = 30
    _crisis(thread, minutes_ago=20)
    page = moderator_client.get(URL).content.decode()
    assert "is-overdue" not in page
    assert "within 30 minutes" in page


def test_the_main_queue_links_to_the_crisis_queue_with_its_count(moderator_client, thread):
    _crisis(thread)
    _reported(thread, FlagReason.SPAM)
    page = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert (
        f'<a href="{URL}">Crisis checks <span class="count">1<span class="visually-hidden"> waiting</span>'
        in page
    )


@pytest.mark.parametrize("entries", [2, 20])
def test_the_crisis_queue_runs_a_bounded_number_of_queries(
    moderator_client, django_assert_max_num_queries, entries, category
):
    for _ in range(entries):
        thread = make_thread(category=category)
        parent = forum_services.reply(thread=thread, author=UserFactory(), body="parent")
        post = forum_services.reply(thread=thread, author=UserFactory(), body="I want to die", parent=parent)
        services.flag_post(post, UserFactory(), FlagReason.CRISIS, "worried")
    with django_assert_max_num_queries(10):
        response = moderator_client.get(URL)
    assert len(response.context["entries"]) == entries


# --- Closing with an outcome ------------------------------------------------------------------------


def test_closing_records_the_outcome_on_the_entry_and_in_the_audit_log(moderator_client, moderator, thread):
    entry = _crisis(thread)
    response = moderator_client.post(
        reverse("moderation:close_crisis", args=[entry.pk]),
        {"outcome": "reached_out", "outcome_note": "Sent a DM"},
    )
    assert response.url == URL
    entry.refresh_from_db()
    assert (entry.crisis_outcome, entry.crisis_note, entry.is_open) == ("reached_out", "Sent a DM", False)
    action = ModerationAction.objects.get(entry=entry)
    assert (action.kind, action.actor, action.reason) == (
        ModerationAction.Kind.CLOSE_CRISIS,
        moderator,
        "Sent a DM",
    )
    assert action.after["crisis_outcome"] == "reached_out"
    assert action.after["crisis_note"] == "Sent a DM"


def test_without_a_note_the_outcome_is_the_recorded_reason(moderator, thread):
    entry = _crisis(thread)
    services.close_crisis_entry(entry, moderator, CrisisOutcome.SHARED_RESOURCES)
    assert ModerationAction.objects.get(entry=entry).reason == "Shared resources"


def test_closing_keeps_the_post(moderator, thread):
    entry = _crisis(thread)
    services.close_crisis_entry(entry, moderator, CrisisOutcome.REACHED_OUT)
    assert Post.objects.get(pk=entry.post_id).state == Post.State.PUBLISHED


def test_closing_publishes_a_newcomers_post_that_waited(moderator, thread):
    newcomer = UserFactory(is_trusted=False)
    post = forum_services.reply(thread=thread, author=newcomer, body="I want to die")
    services.close_crisis_entry(QueueEntry.objects.get(post=post), moderator, CrisisOutcome.REACHED_OUT)
    assert Post.objects.get(pk=post.pk).state == Post.State.PUBLISHED


@pytest.mark.parametrize(
    ("outcome", "flag_status"),
    [(CrisisOutcome.NO_ACTION, Flag.Status.DISMISSED), (CrisisOutcome.REACHED_OUT, Flag.Status.UPHELD)],
)
def test_no_action_needed_dismisses_the_flags_and_the_rest_uphold_them(
    moderator, thread, outcome, flag_status
):
    entry = _crisis(thread)
    services.close_crisis_entry(entry, moderator, outcome)
    assert set(Flag.objects.filter(entry=entry).values_list("status", flat=True)) == {flag_status}


def test_escalated_needs_a_note(moderator_client, thread):
    entry = _crisis(thread)
    response = moderator_client.post(
        reverse("moderation:close_crisis", args=[entry.pk]), {"outcome": "escalated"}, follow=True
    )
    assert "Please note who or what this was escalated to." in response.content.decode()
    entry.refresh_from_db()
    assert entry.is_open and not ModerationAction.objects.exists()


def test_escalated_with_a_note_closes(moderator, thread):
    entry = _crisis(thread)
    services.close_crisis_entry(entry, moderator, CrisisOutcome.ESCALATED, "Called emergency services")
    entry.refresh_from_db()
    assert (entry.crisis_outcome, entry.crisis_note) == ("escalated", "Called emergency services")


@pytest.mark.parametrize("data", [{}, {"outcome": "forgot"}])
def test_a_missing_or_unknown_outcome_is_a_form_error_not_a_500(moderator_client, thread, data):
    entry = _crisis(thread)
    response = moderator_client.post(reverse("moderation:close_crisis", args=[entry.pk]), data, follow=True)
    assert response.status_code == 200
    assert "Nothing was done" in response.content.decode()
    assert QueueEntry.objects.get(pk=entry.pk).is_open


def test_only_possible_crises_close_this_way(moderator, thread):
    entry = _reported(thread, FlagReason.SPAM)
    with pytest.raises(services.ModerationError):
        services.close_crisis_entry(entry, moderator, CrisisOutcome.NO_ACTION)
    assert QueueEntry.objects.get(pk=entry.pk).is_open


def test_a_second_moderator_finds_it_already_closed(moderator, second_moderator, thread):
    entry = _crisis(thread)
    services.close_crisis_entry(entry, moderator, CrisisOutcome.REACHED_OUT)
    with pytest.raises(services.AlreadyHandled, match="already handled by Rowan: closed a crisis check"):
        services.close_crisis_entry(entry, second_moderator, CrisisOutcome.SHARED_RESOURCES)
    assert ModerationAction.objects.filter(entry=entry).count() == 1


def test_the_entry_page_shows_the_outcome_once_closed(moderator_client, moderator, thread):
    entry = _crisis(thread)
    services.close_crisis_entry(entry, moderator, CrisisOutcome.ESCALATED, "Called their emergency contact")
    page = moderator_client.get(reverse("moderation:entry", args=[entry.pk])).content.decode()
    assert "Outcome for the member: Escalated (“Called their emergency contact”)" in page


def test_the_entry_page_offers_the_close_form_for_a_crisis_instead_of_approve(moderator_client, thread):
    entry = _crisis(thread)
    page = moderator_client.get(reverse("moderation:entry", args=[entry.pk])).content.decode()
    assert reverse("moderation:close_crisis", args=[entry.pk]) in page
    assert 'name="action" value="approve"' not in page
    assert 'id="outcome-hide"' in page and 'id="outcome-delete"' in page


# --- Every other way of closing a crisis needs an outcome too ------------------------------------------


CLOSING_ACTIONS = {
    "approve": lambda entry, moderator, **outcome: services.approve(entry, moderator, "ok", **outcome),
    "hide": lambda entry, moderator, **outcome: services.hide_post(
        entry, moderator, "method detail", **outcome
    ),
    "redact": lambda entry, moderator, **outcome: services.redact_post(
        entry,
        moderator,
        "Some nights I want to die. [A moderator removed method detail.]",
        "method detail",
        **outcome,
    ),
    "delete": lambda entry, moderator, **outcome: services.delete_post(
        entry, moderator, "graphic", **outcome
    ),
}


@pytest.mark.parametrize("action", CLOSING_ACTIONS)
def test_every_way_of_closing_a_crisis_refuses_without_an_outcome(moderator, thread, action):
    entry = _crisis(thread)
    with pytest.raises(services.ModerationError, match="record what was done"):
        CLOSING_ACTIONS[action](entry, moderator)
    assert QueueEntry.objects.get(pk=entry.pk).is_open
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("action", CLOSING_ACTIONS)
def test_every_way_of_closing_a_crisis_records_the_outcome_in_the_audit_log(moderator, thread, action):
    entry = _crisis(thread)
    CLOSING_ACTIONS[action](entry, moderator, outcome=CrisisOutcome.REACHED_OUT, outcome_note="Checked in")
    assert QueueEntry.objects.get(pk=entry.pk).crisis_outcome == CrisisOutcome.REACHED_OUT
    action_logged = ModerationAction.objects.get(entry=entry)
    assert action_logged.after["crisis_outcome"] == "reached_out"
    assert action_logged.after["crisis_note"] == "Checked in"


def test_other_items_close_without_an_outcome(moderator, thread):
    entry = _reported(thread, FlagReason.HARASSMENT)
    services.hide_post(entry, moderator, "unkind")
    assert "crisis_outcome" not in ModerationAction.objects.get(entry=entry).after


def test_redacting_method_detail_keeps_the_rest_of_the_post(moderator_client, thread):
    entry = _crisis(thread, body="Some nights I want to die. Method detail here.")
    response = moderator_client.post(
        reverse("moderation:act", args=[entry.pk]),
        {
            "action": "redact",
            "body": "Some nights I want to die. [A moderator removed method detail.]",
            "reason": "Safe messaging: method detail removed",
            "outcome": "reached_out",
            "outcome_note": "",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(pk=entry.post_id)
    assert post.body == "Some nights I want to die. [A moderator removed method detail.]"
    assert post.edited_by_moderator and post.state == Post.State.PUBLISHED
    assert post.revisions.get().body == "Some nights I want to die. Method detail here."


def test_hiding_a_crisis_through_the_form_without_an_outcome_does_nothing(moderator_client, thread):
    entry = _crisis(thread)
    response = moderator_client.post(
        reverse("moderation:act", args=[entry.pk]), {"action": "hide", "reason": "graphic"}, follow=True
    )
    assert "record what was done for them" in response.content.decode()
    assert QueueEntry.objects.get(pk=entry.pk).is_open
    assert Post.objects.get(pk=entry.post_id).state == Post.State.PUBLISHED


def test_a_crisis_items_author_history_counts_approvals_apart(moderator_client, moderator, thread):
    newcomer = UserFactory(is_trusted=False)
    first = forum_services.reply(thread=thread, author=newcomer, body="Glad to have found this place")
    services.approve(services.queue_for_approval(first), moderator, "Welcome")
    post = forum_services.reply(thread=thread, author=newcomer, body="Nobody would notice if I left")
    services.flag_post(post, UserFactory(), FlagReason.CRISIS, "Worried")
    page = moderator_client.get(URL).content.decode()
    assert "0 earlier moderation actions · 1 post approved" in page
