"""The inbox, a conversation, writing, reporting, and the moderators' view of a report."""

import pytest
from django.urls import reverse

from conversations import services
from conversations.models import ConversationReport, Message
from moderation.models import ModerationAction
from tests.factories import SettledMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

CRISIS = "I can't do this any more. I have the pills ready and I plan to take them all tonight."


def _conversation(sender, recipient, *texts):
    for text in texts:
        sent = services.send_message(sender, recipient, text)
    return sent.message.conversation


def test_the_inbox_lists_conversations_in_a_constant_number_of_queries(
    maya_client, maya, django_assert_max_num_queries
):
    for _ in range(2):
        services.send_message(SettledMemberFactory(), maya, "Hello")
    maya_client.get(reverse("conversations:inbox"))  # warm the per-worker caches
    with django_assert_max_num_queries(8) as few:
        maya_client.get(reverse("conversations:inbox"))
    for _ in range(5):
        services.send_message(SettledMemberFactory(), maya, "Hello")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = maya_client.get(reverse("conversations:inbox"))
    assert response.content.decode().count('class="conversation-row') == 7


def test_the_inbox_marks_a_conversation_with_unread_messages(maya_client, maya, tomasz):
    _conversation(tomasz, maya, "Hello")
    assert (
        '<span class="badge">New</span> Tomasz'
        in maya_client.get(reverse("conversations:inbox")).content.decode()
    )


def test_opening_a_conversation_marks_it_read(maya_client, maya, tomasz):
    conversation = _conversation(tomasz, maya, "Hello")
    maya_client.get(conversation.get_absolute_url())
    assert (
        "badge"
        not in maya_client.get(reverse("conversations:inbox")).content.decode().split("conversation-list")[1]
    )


def test_a_member_outside_a_conversation_gets_404(client, maya, tomasz):
    conversation = _conversation(maya, tomasz, "Hello")
    client.force_login(SettledMemberFactory())
    assert client.get(conversation.get_absolute_url()).status_code == 404


def test_the_conversation_page_says_plainly_who_can_read_it(maya_client, maya, tomasz):
    page = maya_client.get(_conversation(maya, tomasz, "Hello").get_absolute_url()).content.decode()
    assert "Only the two of you can read this conversation." in page


def test_writing_back_adds_a_message(maya_client, maya, tomasz):
    conversation = _conversation(tomasz, maya, "Hello")
    response = maya_client.post(conversation.get_absolute_url(), {"body": "Hi Tomasz"})
    assert response.status_code == 302
    assert Message.objects.filter(author=maya, body="Hi Tomasz").exists()


def test_a_blocked_conversation_has_no_composer(maya_client, maya, tomasz):
    from accounts import services as account_services

    conversation = _conversation(tomasz, maya, "Hello")
    account_services.block(tomasz, maya)
    page = maya_client.get(conversation.get_absolute_url()).content.decode()
    assert 'name="body"' not in page and "taking private messages from you" in page


def test_posting_to_a_blocked_conversation_is_refused(maya_client, maya, tomasz):
    from accounts import services as account_services

    conversation = _conversation(tomasz, maya, "Hello")
    account_services.block(tomasz, maya)
    assert maya_client.post(conversation.get_absolute_url(), {"body": "Hi"}).status_code == 403


def test_identifying_details_are_warned_about_before_sending(maya_client, maya, tomasz):
    response = maya_client.post(
        reverse("conversations:compose", args=[tomasz.pk]), {"body": "My client Jane Smith, 34, from Leeds"}
    )
    assert "This may identify a client" in response.content.decode()
    assert not Message.objects.exists()


def test_a_confirmed_message_with_identifying_details_is_sent_and_reaches_no_moderator(
    maya_client, maya, tomasz
):
    maya_client.post(
        reverse("conversations:compose", args=[tomasz.pk]),
        {"body": "My client Jane Smith, 34, from Leeds", "confirm_no_identifying_details": "on"},
    )
    assert Message.objects.count() == 1 and not ConversationReport.objects.exists()


def test_a_crisis_draft_shows_safe_messaging_guidance_before_sending(maya_client, tomasz):
    response = maya_client.post(reverse("conversations:compose", args=[tomasz.pk]), {"body": CRISIS})
    assert "Before you send: you matter here" in response.content.decode() and not Message.objects.exists()


def test_after_sending_a_crisis_message_the_author_sees_crisis_resources(maya_client, tomasz):
    response = maya_client.post(
        reverse("conversations:compose", args=[tomasz.pk]),
        {"body": CRISIS, "confirm_safe_messaging": "on"},
        follow=True,
    )
    assert "crisis-panel" in response.content.decode()


def test_sending_is_rate_limited(settings, maya_client, maya, tomasz):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "message": (1, 100, 600)}
    conversation = _conversation(tomasz, maya, "Hello")
    maya_client.post(conversation.get_absolute_url(), {"body": "One"})
    assert maya_client.post(conversation.get_absolute_url(), {"body": "Two"}).status_code == 429
    assert not Message.objects.filter(body="Two").exists()


def test_the_profile_offers_send_a_message_when_allowed(maya_client, tomasz):
    page = maya_client.get(reverse("accounts:profile", args=[tomasz.pk])).content.decode()
    assert reverse("conversations:compose", args=[tomasz.pk]) in page


def test_the_profile_gives_the_reason_when_not_allowed(client, tomasz):
    client.force_login(UserFactory())
    page = client.get(reverse("accounts:profile", args=[tomasz.pk])).content.decode()
    assert (
        reverse("conversations:compose", args=[tomasz.pk]) not in page
        and "Private messages open once" in page
    )


def test_the_preferences_page_sets_who_may_message(maya_client, maya):
    form = maya_client.get(reverse("accounts:preferences")).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"accepts_messages_from": "supporters", "mute_words": "", "time_zone": "UTC"})
    data.update({f.name: f.initial for f in form.warning_fields()})
    maya_client.post(reverse("accounts:preferences"), data)
    maya.refresh_from_db()
    assert maya.accepts_messages_from == "supporters"


def test_reporting_needs_the_members_consent(maya_client, maya, tomasz):
    conversation = _conversation(tomasz, maya, "Hello")
    response = maya_client.post(reverse("conversations:report", args=[conversation.pk]), {"note": "x"})
    assert "Please tick the box" in response.content.decode() and not ConversationReport.objects.exists()


def test_the_report_page_says_moderators_will_then_read_the_conversation(maya_client, maya, tomasz):
    conversation = _conversation(tomasz, maya, "Hello")
    page = maya_client.get(reverse("conversations:report", args=[conversation.pk])).content.decode()
    assert "If you report it, moderators will be able to read it" in page


def test_a_consented_report_reaches_the_moderation_queue(maya_client, maya, tomasz, moderator, client):
    conversation = _conversation(tomasz, maya, "Hello")
    maya_client.post(reverse("conversations:report", args=[conversation.pk]), {"consent": "on"})
    client.force_login(moderator)
    report = ConversationReport.objects.get()
    assert (
        reverse("moderation:conversation_report", args=[report.pk])
        in client.get(reverse("moderation:queue")).content.decode()
    )


def test_moderators_read_a_reported_conversation_up_to_the_report(client, maya, tomasz, moderator):
    conversation = _conversation(tomasz, maya, "Before the report")
    report = services.report_conversation(conversation, maya, "")
    services.send_message(tomasz, maya, "After the report")
    client.force_login(moderator)
    page = client.get(reverse("moderation:conversation_report", args=[report.pk])).content.decode()
    assert "Before the report" in page and "After the report" not in page


def test_a_crisis_report_shows_moderators_only_that_message(client, maya, tomasz, moderator):
    services.send_message(maya, tomasz, "The rest of our conversation")
    services.send_message(maya, tomasz, CRISIS)
    client.force_login(moderator)
    page = client.get(
        reverse("moderation:conversation_report", args=[ConversationReport.objects.get().pk])
    ).content.decode()
    assert "pills ready" in page and "The rest of our conversation" not in page


def test_closing_a_report_is_recorded_in_the_audit_log(client, maya, tomasz, moderator):
    report = services.report_conversation(_conversation(tomasz, maya, "Hello"), maya, "")
    client.force_login(moderator)
    client.post(
        reverse("moderation:conversation_report", args=[report.pk]),
        {"outcome": "talked", "outcome_note": "Spoke to both"},
    )
    action = ModerationAction.objects.get(kind=ModerationAction.Kind.CLOSE_CONVERSATION_REPORT)
    assert (action.actor, action.member, action.reason) == (moderator, tomasz, "Spoke to both")


def test_a_crisis_report_closes_only_with_a_crisis_outcome(client, maya, tomasz, moderator):
    services.send_message(maya, tomasz, CRISIS)
    client.force_login(moderator)
    report = ConversationReport.objects.get()
    client.post(reverse("moderation:conversation_report", args=[report.pk]), {"outcome": "talked"})
    report.refresh_from_db()
    assert report.is_open


def test_a_closed_report_shows_what_was_done(client, maya, tomasz, moderator):
    report = services.report_conversation(_conversation(tomasz, maya, "Hello"), maya, "")
    client.force_login(moderator)
    url = reverse("moderation:conversation_report", args=[report.pk])
    client.post(url, {"outcome": "talked"})
    assert "Talked with the member(s) privately" in client.get(url).content.decode()


def test_no_conversation_or_message_is_in_the_admin():
    from django.contrib import admin

    from conversations.models import Conversation, Participant

    registered = [
        admin.site.is_registered(model) for model in (Conversation, Participant, Message, ConversationReport)
    ]
    assert registered == [False] * 4


def test_a_moderator_outside_a_conversation_gets_404_before_any_report(client, maya, tomasz, moderator):
    conversation = _conversation(maya, tomasz, "Hello")
    client.force_login(moderator)
    assert client.get(conversation.get_absolute_url()).status_code == 404


def test_saving_preferences_without_the_choice_keeps_who_may_message(maya_client, maya):
    from accounts.models import User
    from forum.models import ContentWarning

    User.objects.filter(pk=maya.pk).update(accepts_messages_from="nobody")
    data = {"email_notifications": "off", "time_zone": "UTC"}
    data.update({f"warning_{kind}": "collapsed" for kind in ContentWarning.values})
    response = maya_client.post(reverse("accounts:preferences"), data)
    maya.refresh_from_db()
    assert (response.status_code, maya.email_notifications, maya.accepts_messages_from) == (
        302,
        "off",
        "nobody",
    )


def test_a_crisis_in_a_message_is_on_the_crisis_checks_page(client, maya, tomasz, moderator):
    services.send_message(maya, tomasz, CRISIS)
    client.force_login(moderator)
    report = ConversationReport.objects.get()
    page = client.get(reverse("moderation:crisis_queue")).content.decode()
    assert reverse("moderation:conversation_report", args=[report.pk]) in page


def test_a_conversation_page_takes_a_constant_number_of_queries_as_it_grows(
    maya_client, maya, tomasz, django_assert_max_num_queries
):
    conversation = _conversation(tomasz, maya, "One", "Two")
    maya_client.get(conversation.get_absolute_url())
    services.send_message(tomasz, maya, "Three")  # unread again, as on the first visit
    with django_assert_max_num_queries(20) as few:
        maya_client.get(conversation.get_absolute_url())
    _conversation(tomasz, maya, *[f"More {n}" for n in range(10)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = maya_client.get(conversation.get_absolute_url())
    assert response.content.decode().count('class="message-item') == 13


def test_a_report_about_a_conversation_counts_in_the_moderators_queue_link(client, maya, tomasz, moderator):
    services.report_conversation(_conversation(tomasz, maya, "Hello"), maya, "")
    client.force_login(moderator)

    page = client.get(reverse("forum:latest")).content.decode()

    assert '<span class="count">1<span class="visually-hidden"> open items</span></span>' in page


def test_a_crisis_in_a_message_counts_on_the_crisis_checks_link(client, maya, tomasz, moderator):
    services.send_message(maya, tomasz, CRISIS)
    client.force_login(moderator)

    page = client.get(reverse("moderation:queue")).content.decode()

    assert 'Crisis checks <span class="count">1<span class="visually-hidden"> waiting</span>' in page
    assert '<span class="count">1<span class="visually-hidden"> open items</span></span>' in page


def test_a_closed_report_no_longer_counts(client, maya, tomasz, moderator):
    report = services.report_conversation(_conversation(tomasz, maya, "Hello"), maya, "")
    ConversationReport.objects.filter(pk=report.pk).update(resolved_at=report.created_at)
    client.force_login(moderator)

    assert "open items</span>" not in client.get(reverse("forum:latest")).content.decode()


@pytest.fixture
def few_shown(settings):
    settings.HAVEN_MESSAGES_SHOWN = 3


def test_a_long_conversation_links_to_its_earlier_messages(maya_client, maya, tomasz, few_shown):
    conversation = _conversation(tomasz, maya, "First", "Second", "Third", "Fourth")

    page = maya_client.get(conversation.get_absolute_url()).content.decode()

    assert "First" not in page and "Fourth" in page
    assert "Show earlier messages" in page


def test_the_earlier_messages_page_shows_what_came_before(maya_client, maya, tomasz, few_shown):
    conversation = _conversation(tomasz, maya, "First", "Second", "Third", "Fourth")
    second = Message.objects.get(body="Second")

    page = maya_client.get(conversation.get_absolute_url(), {"before": second.pk}).content.decode()

    assert "First" in page and "Second" not in page and "Fourth" not in page
    assert "Show earlier messages" not in page
    assert "Back to the latest messages" in page


def test_a_short_conversation_has_no_earlier_messages_link(maya_client, maya, tomasz, few_shown):
    conversation = _conversation(tomasz, maya, "First", "Second")

    assert "Show earlier messages" not in maya_client.get(conversation.get_absolute_url()).content.decode()


def test_earlier_messages_of_another_conversation_are_not_found(maya_client, maya, tomasz):
    conversation = _conversation(tomasz, maya, "Hello")
    elsewhere = services.send_message(SettledMemberFactory(), tomasz, "Elsewhere").message

    response = maya_client.get(conversation.get_absolute_url(), {"before": elsewhere.pk})

    assert response.status_code == 404


def test_a_malformed_earlier_messages_link_is_a_bad_request(maya_client, maya, tomasz):
    conversation = _conversation(tomasz, maya, "Hello")

    assert maya_client.get(conversation.get_absolute_url(), {"before": "abc"}).status_code == 400


def test_the_earlier_messages_page_takes_a_constant_number_of_queries(
    maya_client, maya, tomasz, few_shown, django_assert_max_num_queries
):
    conversation = _conversation(tomasz, maya, *[f"Message {n}" for n in range(8)])
    oldest_shown = Message.objects.get(body="Message 5")
    maya_client.get(conversation.get_absolute_url())
    services.send_message(tomasz, maya, "Unread again, as when more arrive")
    with django_assert_max_num_queries(30) as few:
        maya_client.get(conversation.get_absolute_url(), {"before": oldest_shown.pk})
    _conversation(tomasz, maya, *[f"Later {n}" for n in range(5)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = maya_client.get(conversation.get_absolute_url(), {"before": oldest_shown.pk})
    assert response.content.decode().count('class="message-item') == 3
