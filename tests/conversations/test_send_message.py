"""conversations.services.send_message: one conversation per pair, the sanitiser, the detectors and
the recipient's notification."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from conversations import services
from conversations.models import Conversation, ConversationReport, Participant
from forum.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CRISIS = "I can't do this any more. I have the pills ready and I plan to take them all tonight."


def test_the_first_message_starts_a_conversation_with_both_members_in_it(maya, tomasz):
    sent = services.send_message(maya, tomasz, "Hello")
    assert set(
        Participant.objects.filter(conversation=sent.message.conversation).values_list("member", "other")
    ) == {
        (maya.pk, tomasz.pk),
        (tomasz.pk, maya.pk),
    }


def test_a_pair_has_one_conversation_whoever_writes(maya, tomasz):
    services.send_message(maya, tomasz, "Hello")
    services.send_message(tomasz, maya, "Hi back")
    assert Conversation.objects.count() == 1


def test_a_message_is_sanitised_by_the_forum_sanitiser(maya, tomasz):
    sent = services.send_message(maya, tomasz, "**kind** <script>alert(1)</script>")
    assert sent.message.body_html == "<p><strong>kind</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


def test_a_message_shows_no_images(maya, tomasz):
    sent = services.send_message(maya, tomasz, "![a face](https://tracker.example/pixel.png)")
    assert "<img" not in sent.message.body_html and "tracker.example" not in sent.message.body_html


def test_refused_when_can_message_refuses(maya):
    with pytest.raises(services.MessagingNotAllowed):
        services.send_message(maya, UserFactory(), "Hello newcomer")


def test_the_recipient_is_notified_without_the_text(maya, tomasz):
    services.send_message(maya, tomasz, "Something private")
    assert list(Notification.objects.filter(recipient=tomasz).values_list("message", flat=True)) == [
        "Maya sent you a private message"
    ]


def test_unread_messages_in_one_conversation_make_one_notification(maya, tomasz):
    for text in ("One", "Two", "Three"):
        services.send_message(maya, tomasz, text)
    assert list(Notification.objects.filter(recipient=tomasz).values_list("message", flat=True)) == [
        "Maya sent you 3 private messages"
    ]


def test_the_sender_is_not_notified(maya, tomasz):
    services.send_message(maya, tomasz, "Hello")
    assert not Notification.objects.filter(recipient=maya).exists()


def test_a_member_taking_a_break_is_not_notified(maya, tomasz):
    tomasz.break_until = timezone.now() + datetime.timedelta(days=3)
    tomasz.save()
    services.send_message(maya, tomasz, "Hello")
    assert not Notification.objects.filter(recipient=tomasz).exists()


def test_the_email_about_a_message_carries_no_text(maya, tomasz, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(maya, tomasz, "Something private")
    assert len(mail.outbox) == 1 and "Something private" not in mail.outbox[0].body


def test_no_email_in_quiet_hours(maya, tomasz, django_capture_on_commit_callbacks):
    now = timezone.now().astimezone(tomasz.zone)
    tomasz.quiet_hours_start = (now - datetime.timedelta(hours=1)).time()
    tomasz.quiet_hours_end = (now + datetime.timedelta(hours=1)).time()
    tomasz.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(maya, tomasz, "Hello")
    assert mail.outbox == []


def test_a_crisis_in_a_message_raises_a_report_about_that_message(maya, tomasz):
    services.send_message(maya, tomasz, "Earlier words")
    sent = services.send_message(maya, tomasz, CRISIS)
    report = ConversationReport.objects.get()
    assert (report.kind, report.message, report.about) == (ConversationReport.Kind.CRISIS, sent.message, maya)


def test_a_crisis_in_a_message_shows_its_author_crisis_support(maya, tomasz):
    assert services.send_message(maya, tomasz, CRISIS).shows_crisis_support


def test_an_ordinary_message_raises_nothing(maya, tomasz):
    services.send_message(maya, tomasz, "Rough shift, but I'm okay. Thanks for asking.")
    assert not ConversationReport.objects.exists()


def test_a_crisis_in_a_message_emails_the_moderators_when_the_setting_is_on(
    settings, maya, tomasz, moderator, django_capture_on_commit_callbacks
):
    settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS = True
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(maya, tomasz, CRISIS)
    crisis_emails = [email for email in mail.outbox if moderator.email in email.to]
    assert len(crisis_emails) == 1 and "pills" not in crisis_emails[0].body


def test_a_report_needs_the_reporter_to_be_in_the_conversation(maya, tomasz):
    conversation = services.send_message(maya, tomasz, "Hello").message.conversation
    with pytest.raises(Participant.DoesNotExist):
        services.report_conversation(conversation, UserFactory(), "")


def test_a_member_reports_a_conversation_once_while_it_is_open(maya, tomasz):
    conversation = services.send_message(maya, tomasz, "Hello").message.conversation
    services.report_conversation(conversation, tomasz, "")
    with pytest.raises(services.AlreadyReported):
        services.report_conversation(conversation, tomasz, "")
