"""The retention schedule (operations/retention.py): each kind of data goes after its period and
not a moment before; a dry run counts exactly what the real run deletes; legal hold keeps a
member's data; the audit log is trimmed only through its one path, which logs itself."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import MemberSession, VerificationApplication
from forum import services
from forum.models import Notification, Post, PostRevision
from moderation.models import Exposure, ModerationAction, QueueEntry
from operations import retention
from tests.factories import ModeratorFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def counts(**options):
    return {applied.kind.name: applied.count for applied in retention.apply_retention(**options)}


def notification(recipient, age, read=True):
    created = timezone.now() - age
    return Notification.objects.create(
        recipient=recipient, kind="reply", message="Someone replied", created_at=created,
        read_at=created if read else None,
    )  # fmt: skip


# --- Notifications -----------------------------------------------------------------------------


def test_read_notifications_go_after_their_period(settings):
    member = UserFactory()
    notification(member, timedelta(days=settings.HAVEN_RETAIN_READ_NOTIFICATIONS_DAYS) + DAY)
    retention.apply_retention()
    assert not Notification.objects.exists()


def test_read_notifications_within_their_period_stay(settings):
    member = UserFactory()
    notification(member, timedelta(days=settings.HAVEN_RETAIN_READ_NOTIFICATIONS_DAYS) - DAY)
    retention.apply_retention()
    assert Notification.objects.count() == 1


def test_unread_notifications_stay_until_the_longer_period(settings):
    member = UserFactory()
    notification(member, timedelta(days=settings.HAVEN_RETAIN_READ_NOTIFICATIONS_DAYS) + DAY, read=False)
    notification(member, timedelta(days=settings.HAVEN_RETAIN_NOTIFICATIONS_DAYS) + DAY, read=False)
    retention.apply_retention()
    assert Notification.objects.count() == 1


# --- Background tasks, sessions, exposures -------------------------------------------------------


def finished_task(age):
    finished = timezone.now() - age
    return DBTaskResult.objects.create(
        status="SUCCESSFUL", args_kwargs={"args": ["someone@example.org"], "kwargs": {}},
        task_path="forum.tasks.send_notification_email", backend_name="default", queue_name="default",
        run_after=finished, finished_at=finished, exception_class_path="", traceback="",
    )  # fmt: skip


def test_finished_tasks_go_after_their_period_and_recent_ones_stay(settings):
    finished_task(timedelta(days=settings.HAVEN_RETAIN_FINISHED_TASKS_DAYS) + DAY)
    recent = finished_task(timedelta(days=settings.HAVEN_RETAIN_FINISHED_TASKS_DAYS) - DAY)
    retention.apply_retention()
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [recent.pk]


def test_expired_sessions_go_and_live_ones_stay():
    member = UserFactory()
    MemberSession.objects.create(
        session_key="expired", session_data="", expire_date=timezone.now() - DAY, user=member
    )
    MemberSession.objects.create(
        session_key="live", session_data="", expire_date=timezone.now() + DAY, user=member
    )
    retention.apply_retention()
    assert list(MemberSession.objects.values_list("session_key", flat=True)) == ["live"]


def exposure(moderator, age):
    entry = QueueEntry.objects.create(kind=QueueEntry.Kind.POST, post=make_thread().opening_post)
    return Exposure.objects.create(
        moderator=moderator, entry=entry, day=(timezone.now() - age).date(), revealed_at=timezone.now() - age
    )


def test_exposure_counts_go_after_their_period(settings):
    moderator = ModeratorFactory()
    exposure(moderator, timedelta(days=settings.HAVEN_RETAIN_EXPOSURES_DAYS) + DAY)
    kept = exposure(moderator, timedelta(days=settings.HAVEN_RETAIN_EXPOSURES_DAYS) - DAY)
    retention.apply_retention()
    assert list(Exposure.objects.values_list("pk", flat=True)) == [kept.pk]


# --- Deleted posts -------------------------------------------------------------------------------


def deleted_reply(age, author=None):
    thread = make_thread()
    post = services.reply(thread=thread, author=author or UserFactory(), body="Words their author took back")
    services.edit_post(post=post, editor=post.author, body="Edited words their author took back")
    services.delete_post(post=post)
    Post.objects.filter(pk=post.pk).update(deleted_at=timezone.now() - age)
    return post


def test_the_text_of_a_deleted_post_goes_after_the_review_window(settings):
    post = deleted_reply(timedelta(days=settings.HAVEN_RETAIN_DELETED_POSTS_DAYS) + DAY)
    retention.apply_retention()
    post.refresh_from_db()
    assert (post.body, post.body_html) == ("", "")
    assert not PostRevision.objects.filter(post=post).exists()
    assert post.is_deleted  # the placeholder stays for the conversation


def test_a_deleted_post_within_the_review_window_keeps_its_text(settings):
    post = deleted_reply(timedelta(days=settings.HAVEN_RETAIN_DELETED_POSTS_DAYS) - DAY)
    retention.apply_retention()
    post.refresh_from_db()
    assert "took back" in post.body
    assert PostRevision.objects.filter(post=post).exists()


def test_a_deleted_post_still_under_review_keeps_its_text(settings):
    post = deleted_reply(timedelta(days=settings.HAVEN_RETAIN_DELETED_POSTS_DAYS) + DAY)
    QueueEntry.objects.create(kind=QueueEntry.Kind.POST, post=post)
    retention.apply_retention()
    post.refresh_from_db()
    assert "took back" in post.body


# --- Verification -------------------------------------------------------------------------------


def declined(member, age):
    return VerificationApplication.objects.create(
        member=member, role="nurse", status=VerificationApplication.Status.DECLINED,
        decided_at=timezone.now() - age,  # a decided application keeps no evidence
    )  # fmt: skip


def test_declined_verifications_go_after_their_period_and_recent_ones_stay(settings):
    member = UserFactory()
    declined(member, timedelta(days=settings.HAVEN_RETAIN_DECLINED_VERIFICATIONS_DAYS) + DAY)
    recent = declined(member, timedelta(days=settings.HAVEN_RETAIN_DECLINED_VERIFICATIONS_DAYS) - DAY)
    retention.apply_retention()
    assert list(VerificationApplication.objects.values_list("pk", flat=True)) == [recent.pk]


# --- The audit log -----------------------------------------------------------------------------


def old_action(age, member=None):
    return ModerationAction.objects.create(
        actor=ModeratorFactory(), kind=ModerationAction.Kind.WARN, member=member or UserFactory(),
        reason="A warning long ago", created_at=timezone.now() - age,
    )  # fmt: skip


def test_audit_entries_past_their_period_go(settings):
    old = old_action(timedelta(days=settings.HAVEN_RETAIN_AUDIT_LOG_DAYS) + DAY)
    retention.apply_retention()
    assert not ModerationAction.objects.filter(pk=old.pk).exists()


def test_audit_entries_within_their_period_stay(settings):
    kept = old_action(timedelta(days=settings.HAVEN_RETAIN_AUDIT_LOG_DAYS) - DAY)
    retention.apply_retention()
    assert ModerationAction.objects.filter(pk=kept.pk).exists()


def test_trimming_the_audit_log_writes_an_audit_entry(settings):
    old_action(timedelta(days=settings.HAVEN_RETAIN_AUDIT_LOG_DAYS) + DAY)
    old_action(timedelta(days=settings.HAVEN_RETAIN_AUDIT_LOG_DAYS) + 2 * DAY)
    retention.apply_retention()
    [entry] = ModerationAction.objects.filter(kind=ModerationAction.Kind.PURGE_AUDIT_LOG)
    assert entry.actor is None
    assert entry.after["deleted"] == 2
    assert "2 audit entries" in entry.reason


def test_nothing_to_trim_writes_no_audit_entry():
    retention.apply_retention()
    assert not ModerationAction.objects.filter(kind=ModerationAction.Kind.PURGE_AUDIT_LOG).exists()


def test_the_audit_log_still_refuses_deletes_outside_the_retention_path(settings):
    old = old_action(timedelta(days=settings.HAVEN_RETAIN_AUDIT_LOG_DAYS) + DAY)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ModerationAction.objects.filter(pk=old.pk).delete()


def test_the_audit_log_still_refuses_updates_during_a_purge(settings):
    from django.db import connection

    kept = old_action(timedelta(days=1))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL haven.purging_audit_log = 'on'")
        ModerationAction.objects.filter(pk=kept.pk).update(reason="rewritten")


# --- Legal hold ----------------------------------------------------------------------------------


def test_legal_hold_keeps_a_members_notifications_posts_and_audit_entries(settings):
    member = UserFactory(legal_hold=True)
    notification(member, timedelta(days=settings.HAVEN_RETAIN_NOTIFICATIONS_DAYS) + DAY)
    post = deleted_reply(timedelta(days=settings.HAVEN_RETAIN_DELETED_POSTS_DAYS) + DAY, author=member)
    action = old_action(timedelta(days=settings.HAVEN_RETAIN_AUDIT_LOG_DAYS) + DAY, member=member)
    declined(member, timedelta(days=settings.HAVEN_RETAIN_DECLINED_VERIFICATIONS_DAYS) + DAY)
    retention.apply_retention()
    post.refresh_from_db()
    assert Notification.objects.filter(recipient=member).exists()
    assert "took back" in post.body
    assert ModerationAction.objects.filter(pk=action.pk).exists()
    assert VerificationApplication.objects.filter(member=member).exists()


def test_lifting_the_hold_lets_the_schedule_apply(settings):
    member = UserFactory(legal_hold=True)
    notification(member, timedelta(days=settings.HAVEN_RETAIN_NOTIFICATIONS_DAYS) + DAY)
    member.legal_hold = False
    member.save(update_fields=["legal_hold"])
    retention.apply_retention()
    assert not Notification.objects.filter(recipient=member).exists()


# --- Dry run and the command ---------------------------------------------------------------------


def seed_old_data(settings):
    member = UserFactory()
    notification(member, timedelta(days=settings.HAVEN_RETAIN_READ_NOTIFICATIONS_DAYS) + DAY)
    notification(member, timedelta(days=settings.HAVEN_RETAIN_NOTIFICATIONS_DAYS) + DAY, read=False)
    notification(member, DAY)
    finished_task(timedelta(days=settings.HAVEN_RETAIN_FINISHED_TASKS_DAYS) + DAY)
    deleted_reply(timedelta(days=settings.HAVEN_RETAIN_DELETED_POSTS_DAYS) + DAY)
    deleted_reply(DAY)
    declined(member, timedelta(days=settings.HAVEN_RETAIN_DECLINED_VERIFICATIONS_DAYS) + DAY)
    old_action(timedelta(days=settings.HAVEN_RETAIN_AUDIT_LOG_DAYS) + DAY)


def test_a_dry_run_counts_exactly_what_the_real_run_deletes(settings):
    seed_old_data(settings)
    notification(
        UserFactory(), timedelta(days=settings.HAVEN_RETAIN_NOTIFICATIONS_DAYS) + DAY
    )  # read, and very old
    planned = counts(dry_run=True)
    assert sum(planned.values()) >= 6
    assert counts() == planned


def test_a_dry_run_changes_nothing(settings):
    seed_old_data(settings)
    before = (Notification.objects.count(), DBTaskResult.objects.count(), ModerationAction.objects.count())
    counts(dry_run=True)
    assert (
        Notification.objects.count(),
        DBTaskResult.objects.count(),
        ModerationAction.objects.count(),
    ) == before


def test_a_second_run_finds_nothing_left(settings):
    seed_old_data(settings)
    counts()
    assert sum(counts(dry_run=True).values()) == 0


def test_the_command_reports_each_kind(settings):
    seed_old_data(settings)
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    report = out.getvalue()
    assert "read notifications: 1 would go" in report
    assert "audit log entries: 1 would go" in report


def test_the_audit_log_page_names_the_retention_schedule_as_the_actor(settings, client):
    old_action(timedelta(days=settings.HAVEN_RETAIN_AUDIT_LOG_DAYS) + DAY)
    retention.apply_retention()
    client.force_login(ModeratorFactory())  # with two-factor, so acting as a moderator
    page = client.get(reverse("moderation:audit_log")).content.decode()
    assert "The retention schedule" in page
    assert "Purged audit entries past their retention period" in page


def test_expired_rate_limit_counters_go_and_live_ones_stay():
    from accounts.models import RateLimitCounter

    RateLimitCounter.objects.create(key="ip:203.0.113.9:reply", expires_at=timezone.now() - DAY, hits=3)
    RateLimitCounter.objects.create(key="member:7:reply", expires_at=timezone.now() + DAY, hits=1)
    retention.apply_retention()
    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["member:7:reply"]


def test_rate_limit_counters_have_their_own_period(settings):
    from accounts.models import RateLimitCounter

    settings.HAVEN_RETAIN_EXPIRED_SESSIONS_DAYS = 0
    settings.HAVEN_RETAIN_EXPIRED_RATE_LIMITS_DAYS = 7
    RateLimitCounter.objects.create(key="ip:203.0.113.9:reply", expires_at=timezone.now() - 2 * DAY, hits=3)
    RateLimitCounter.objects.create(key="ip:203.0.113.8:reply", expires_at=timezone.now() - 8 * DAY, hits=3)
    retention.apply_retention()
    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["ip:203.0.113.9:reply"]
