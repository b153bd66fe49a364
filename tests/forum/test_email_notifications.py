"""Email: preferences, quiet hours in the member's time zone (frozen clocks), digests, unsubscribe."""

from datetime import UTC, datetime, time

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from forum.models import Notification
from forum.notifications import deliver_due_emails, in_quiet_hours, notify_moderation, unsubscribe_token
from tests.factories import IdentityProviderMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _at(hour, minute=0):
    return datetime(2026, 11, 23, hour, minute, tzinfo=UTC)


@pytest.fixture
def night_owl():
    """Quiet from 22:00 to 07:00 in New York (UTC-5 in November)."""
    return UserFactory(time_zone="America/New_York", quiet_hours_start=time(22), quiet_hours_end=time(7))


def test_immediate_email_is_sent_at_once(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_moderation(member, "Your post is published", "/latest/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "Your post is published" in mail.outbox[0].subject
    assert Notification.objects.get().email == "sent"


def test_no_email_when_the_member_turned_it_off(django_capture_on_commit_callbacks):
    quiet = UserFactory(email_notifications="off")
    with django_capture_on_commit_callbacks(execute=True):
        notify_moderation(quiet, "hello")
    assert mail.outbox == []
    assert Notification.objects.get().email == "none"


def test_member_without_email_is_notified_on_the_site_only(django_capture_on_commit_callbacks):
    member = IdentityProviderMemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify_moderation(member, "Your post is published")
    assert mail.outbox == []
    assert Notification.objects.get(recipient=member).email == "none"


def test_digest_for_a_member_without_email_sends_nothing_and_drops_what_waited(settings):
    settings.HAVEN_DIGEST_HOUR = 8
    member = IdentityProviderMemberFactory(email_notifications="daily", time_zone="Europe/London")
    with time_machine.travel(_at(6), tick=False):
        notify_moderation(member, "first")
    Notification.objects.filter(recipient=member).update(email="pending")  # waited from before
    with time_machine.travel(_at(8, 5), tick=False):
        assert deliver_due_emails(member) == 0
    assert mail.outbox == []
    assert Notification.objects.get(recipient=member).email == "none"


@pytest.mark.parametrize(
    ("utc_hour", "quiet"),
    [
        (2, False),
        (3, True),
        (11, True),
        (12, False),
        (18, False),
    ],  # NY = UTC-5: 21:00, 22:00, 06:00, 07:00, 13:00
)
def test_quiet_hours_follow_the_members_time_zone(night_owl, utc_hour, quiet):
    assert in_quiet_hours(night_owl, _at(utc_hour)) is quiet


def test_quiet_hours_in_a_time_zone_east_of_utc():
    sydney = UserFactory(
        time_zone="Australia/Sydney", quiet_hours_start=time(21), quiet_hours_end=time(6, 30)
    )
    assert in_quiet_hours(sydney, _at(12))  # 23:00 in Sydney (UTC+11 in November)
    assert not in_quiet_hours(sydney, _at(20))  # 07:00 in Sydney


def test_no_email_inside_quiet_hours_and_the_held_email_goes_after(
    night_owl, django_capture_on_commit_callbacks
):
    with time_machine.travel(_at(4), tick=False), django_capture_on_commit_callbacks(execute=True):
        notify_moderation(night_owl, "A reply at night")  # 23:00 in New York
    assert mail.outbox == []
    with time_machine.travel(_at(11, 59), tick=False):  # 06:59 in New York
        call_command("send_due_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []
    with time_machine.travel(_at(12, 1), tick=False):  # 07:01
        call_command("send_due_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert "A reply at night" in mail.outbox[0].body


def test_daily_digest_waits_for_the_digest_hour_and_goes_once(settings):
    settings.HAVEN_DIGEST_HOUR = 8
    reader = UserFactory(email_notifications="daily", time_zone="Europe/London")
    with time_machine.travel(_at(6), tick=False):
        notify_moderation(reader, "first")
        notify_moderation(reader, "second")
        assert deliver_due_emails(reader) == 0
    with time_machine.travel(_at(8, 5), tick=False):
        assert deliver_due_emails(reader) == 2
    assert "Your daily Haven digest" in mail.outbox[0].subject
    assert "first" in mail.outbox[0].body and "second" in mail.outbox[0].body
    with time_machine.travel(_at(9), tick=False):
        notify_moderation(reader, "third")
        assert deliver_due_emails(reader) == 0  # tomorrow's digest


def test_every_email_has_a_one_click_unsubscribe(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_moderation(member, "hello")
    message = mail.outbox[0]
    link = reverse("forum:unsubscribe", args=[unsubscribe_token(member)])
    assert link in message.body
    assert link in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_opening_the_unsubscribe_link_only_asks(client, member):
    """Mail scanners open every link in an email; that alone must not turn a member's email off."""
    response = client.get(reverse("forum:unsubscribe", args=[unsubscribe_token(member)]))
    assert response.status_code == 200
    assert "Stop emails" in response.content.decode()
    member.refresh_from_db()
    assert member.email_notifications != "off"


def test_confirming_unsubscribes_without_logging_in(member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = reverse("forum:unsubscribe", args=[unsubscribe_token(member)])
    page = client.get(url)
    response = client.post(url, {"csrfmiddlewaretoken": page.context["csrf_token"]})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.email_notifications == "off"


def test_mail_clients_can_unsubscribe_with_a_post(client, member):
    client.post(
        reverse("forum:unsubscribe", args=[unsubscribe_token(member)]), {"List-Unsubscribe": "One-Click"}
    )
    member.refresh_from_db()
    assert member.email_notifications == "off"


@pytest.mark.parametrize("token", ["nonsense", "eyJtZW1iZXIiOjF9:forged:signature"])
def test_a_forged_unsubscribe_token_is_refused(client, member, token):
    assert client.get(reverse("forum:unsubscribe", args=[token])).status_code == 404
    member.refresh_from_db()
    assert member.email_notifications == "immediate"


def test_emails_carry_no_post_text(thread, member, other_member, django_capture_on_commit_callbacks):
    from forum import services

    with django_capture_on_commit_callbacks(execute=True):
        services.reply(
            thread=thread, author=other_member, body="Very private details here", content_warning="abuse"
        )
    assert len(mail.outbox) == 1
    assert "Very private details here" not in mail.outbox[0].body


def test_the_database_queue_defers_delivery_to_the_end_of_quiet_hours(
    night_owl, settings, django_capture_on_commit_callbacks
):
    """Production uses django-tasks-db: the task waits in the database until quiet hours end."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with time_machine.travel(_at(4), tick=False), django_capture_on_commit_callbacks(execute=True):
        notify_moderation(night_owl, "A reply at night")  # 23:00 in New York
    task = DBTaskResult.objects.get()
    assert task.task_path == "forum.tasks.deliver_notification_emails"
    assert task.run_after == _at(12)  # 07:00 in New York
    assert mail.outbox == []
