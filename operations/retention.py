"""The retention schedule: how long each kind of data is kept, applied by one daily job
(`manage.py apply_retention`, with `--dry-run` to see the counts first).

Each kind says what is past its time (a queryset, so a dry run and the real run count the same
rows) and how it is purged. Periods are settings (HAVEN_RETAIN_*_DAYS, in config/settings.py);
nothing within its period is touched. A member on legal hold (User.legal_hold, set by staff in the
admin) keeps everything about them until the hold is lifted.

The audit log is append-only (a database trigger refuses updates and deletes). Its one exception
is here: entries past HAVEN_RETAIN_AUDIT_LOG_DAYS are deleted in a transaction that sets
`haven.purging_audit_log`, which the trigger lets through, and that writes a new audit entry
saying how many went and up to when, so the log shows its own trimming.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import MemberSession, RateLimitCounter, VerificationApplication
from forum.models import Notification, Post, PostRevision
from moderation.models import Exposure, ModerationAction, QueueEntry


def _delete(rows: QuerySet) -> int:
    """Delete ROWS; how many of them went (not counting rows deleted with them)."""
    return rows.delete()[1].get(rows.model._meta.label, 0)


@dataclass(frozen=True)
class Kind:
    name: str
    setting: str  # the number of days, in settings
    due: Callable[[datetime], QuerySet]  # what is past its time at the cut-off given
    purge: Callable[[QuerySet], int] = _delete

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))


def _on_hold(path: str) -> Q:
    """Rows whose member (through PATH) is on legal hold."""
    return Q(**{f"{path}__legal_hold": True})


def _read_notifications(cutoff: datetime) -> QuerySet:
    return Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).exclude(
        _on_hold("recipient")
    )


def _unread_notifications(cutoff: datetime) -> QuerySet:
    return Notification.objects.filter(read_at__isnull=True, created_at__lt=cutoff).exclude(
        _on_hold("recipient")
    )


def _finished_tasks(cutoff: datetime) -> QuerySet:
    """Finished background work: its arguments name the email's recipient."""
    return DBTaskResult.objects.filter(finished_at__lt=cutoff)


def _sessions(cutoff: datetime) -> QuerySet:
    """Sessions that have expired (the period is how long after expiry they may linger)."""
    return MemberSession.objects.filter(expire_date__lt=cutoff)


def _rate_limit_counters(cutoff: datetime) -> QuerySet:
    """Expired counters (without Redis; with it they expire by themselves): their keys name
    members and IP addresses."""
    return RateLimitCounter.objects.filter(expires_at__lt=cutoff)


def _deleted_posts(cutoff: datetime) -> QuerySet:
    """Posts their authors (or moderators) deleted, past the review window, whose text is still
    kept and that no open queue item is reviewing: the placeholder stays, the words go."""
    reviewed = QueueEntry.objects.open().filter(post__isnull=False).values("post")
    return (
        Post.objects.filter(is_deleted=True, deleted_at__lt=cutoff)
        .exclude(body="", body_html="")
        .exclude(pk__in=reviewed)
        .exclude(_on_hold("author"))
    )


def _purge_deleted_posts(posts: QuerySet) -> int:
    with transaction.atomic():
        ids = list(posts.values_list("pk", flat=True))
        PostRevision.objects.filter(post_id__in=ids).delete()
        Post.objects.filter(pk__in=ids).update(body="", body_html="", search_title="")
    return len(ids)


def _declined_verifications(cutoff: datetime) -> QuerySet:
    """Declined applications (their evidence went when they were decided: only the role, the
    decision and its date are left)."""
    return VerificationApplication.objects.filter(
        status=VerificationApplication.Status.DECLINED, decided_at__lt=cutoff
    ).exclude(_on_hold("member"))


def _exposures(cutoff: datetime) -> QuerySet:
    return Exposure.objects.filter(revealed_at__lt=cutoff)


def _audit_log(cutoff: datetime) -> QuerySet:
    return ModerationAction.objects.filter(created_at__lt=cutoff).exclude(
        _on_hold("member") | _on_hold("actor")
    )


def _purge_audit_log(entries: QuerySet) -> int:
    """The one path by which audit entries are deleted (see the module's docstring)."""
    with transaction.atomic():
        oldest_kept = entries.order_by("-created_at").values_list("created_at", flat=True).first()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL haven.purging_audit_log = 'on'")
        count = _delete(entries)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL haven.purging_audit_log = 'off'")
        if count:
            ModerationAction.objects.create(
                actor=None,
                kind=ModerationAction.Kind.PURGE_AUDIT_LOG,
                reason=f"The retention schedule deleted {count} audit entries older than "
                f"{settings.HAVEN_RETAIN_AUDIT_LOG_DAYS} days (HAVEN_RETAIN_AUDIT_LOG_DAYS), "
                "except those about members on legal hold.",
                after={"deleted": count, "newest_deleted": oldest_kept.isoformat() if oldest_kept else None},
            )
    return count


KINDS = [
    Kind("read notifications", "HAVEN_RETAIN_READ_NOTIFICATIONS_DAYS", _read_notifications),
    Kind("unread notifications", "HAVEN_RETAIN_NOTIFICATIONS_DAYS", _unread_notifications),
    Kind("finished background tasks (email deliveries)", "HAVEN_RETAIN_FINISHED_TASKS_DAYS", _finished_tasks),
    Kind("expired sessions", "HAVEN_RETAIN_EXPIRED_SESSIONS_DAYS", _sessions),
    Kind("expired rate-limit counters", "HAVEN_RETAIN_EXPIRED_RATE_LIMITS_DAYS", _rate_limit_counters),
    Kind("text of deleted posts and their revisions", "HAVEN_RETAIN_DELETED_POSTS_DAYS", _deleted_posts, _purge_deleted_posts),
    Kind("declined verification applications", "HAVEN_RETAIN_DECLINED_VERIFICATIONS_DAYS", _declined_verifications),
    Kind("moderators' exposure counts", "HAVEN_RETAIN_EXPOSURES_DAYS", _exposures),
    Kind("audit log entries", "HAVEN_RETAIN_AUDIT_LOG_DAYS", _audit_log, _purge_audit_log),
]  # fmt: skip


@dataclass(frozen=True)
class Applied:
    kind: Kind
    cutoff: datetime
    count: int


def apply_retention(*, dry_run: bool = False, now: datetime | None = None) -> list[Applied]:
    """Apply every kind's period at NOW: count what is past its time and, unless DRY_RUN, purge
    it. Returns each kind with its cut-off and count."""
    now = now or timezone.now()
    results = []
    for kind in KINDS:
        cutoff = now - timedelta(days=kind.days)
        due = kind.due(cutoff)
        count = due.count() if dry_run else kind.purge(due)
        results.append(Applied(kind, cutoff, count))
    return results
