"""Reads for the unanswered-post watch and peer support: which threads are waiting for a reply,
who has taken each on, and a supporter's own daily count.

A thread waits when its opening post has had no reply that the public can see (published, not
deleted) from anyone but its author for HAVEN_WAITING_HOURS (HAVEN_WAITING_CRISIS_HOURS when the
opening post raised a crisis flag), or when its author asked for a peer supporter and none has
replied since. Only threads a reader may open and that appear in the public lists count: hidden,
pending and deleted threads never, circle and verified-only threads only for their readers
(Thread.objects.visible_to). The author's name is never loaded for an anonymous thread.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Block, User, Viewer
from forum.models import CategorySubscription, Post, Thread
from moderation.models import Flag, FlagReason, PeerClaim, PeerRequest, PeerSupporter, WaitingNotice

# The waiting list shows at most this many threads (oldest first, asked-for ones above them).
WAITING_LIST_LIMIT = 50


def claim_deadline(now: datetime | None = None) -> datetime:
    """Claims made before this have lapsed (unless answered or handed back earlier)."""
    return (now or timezone.now()) - timedelta(minutes=settings.HAVEN_PEER_CLAIM_MINUTES)


def _open_claims(now: datetime) -> QuerySet[PeerClaim]:
    return PeerClaim.objects.filter(ended_at__isnull=True, claimed_at__gt=claim_deadline(now))


def _replied_to() -> Exists:
    """The thread of the enclosing query has a reply the public can see by someone but its author."""
    return Exists(
        Post.objects.filter(
            thread=OuterRef("pk"), position__gt=1, state=Post.State.PUBLISHED, is_deleted=False
        ).filter(Q(author__isnull=True) | ~Q(author=OuterRef("author")))
    )


def waiting_threads(viewer: Viewer, now: datetime | None = None) -> QuerySet[Thread]:
    """The threads waiting for a reply that VIEWER may read, those whose author asked for a peer
    first (earliest ask first), then oldest first. Each carries `peer_asked_at`, `claimed_by_id`,
    `claimed_by_name`, `claimed_at` (the open claim, if any) and `has_crisis_flag`."""
    now = now or timezone.now()
    replied = _replied_to()
    crisis = Flag.objects.filter(post=OuterRef("opening_post"), reason=FlagReason.CRISIS)
    asked = PeerRequest.objects.filter(thread=OuterRef("pk"), answered_at__isnull=True)
    claim = _open_claims(now).filter(thread=OuterRef("pk"))
    waited_long = Q(created_at__lte=now - timedelta(hours=settings.HAVEN_WAITING_HOURS))
    waited_after_crisis = Q(
        has_crisis_flag=True, created_at__lte=now - timedelta(hours=settings.HAVEN_WAITING_CRISIS_HOURS)
    )
    return (
        Thread.objects.visible_to(viewer)
        .listed()
        .filter(author__isnull=False, created_at__gte=now - timedelta(days=settings.HAVEN_WAITING_LIST_DAYS))
        .annotate(
            has_reply=replied,
            has_crisis_flag=Exists(crisis),
            peer_asked_at=Subquery(asked.values("asked_at")[:1]),
        )
        .filter(Q(peer_asked_at__isnull=False) | (Q(has_reply=False) & (waited_long | waited_after_crisis)))
        .annotate(
            claimed_by_id=Subquery(claim.values("supporter_id")[:1]),
            claimed_by_name=Subquery(claim.values("supporter__display_name")[:1]),
            claimed_at=Subquery(claim.values("claimed_at")[:1]),
            asked_first=Case(When(peer_asked_at__isnull=False, then=Value(0)), default=Value(1)),
        )
        .select_related("category")
        .only("id", "title", "created_at", "category__name", "category__slug", "is_anonymous", "author_id")
        .order_by("asked_first", Coalesce("peer_asked_at", "created_at"), "id")
    )


def waiting_list(viewer: Viewer, now: datetime | None = None) -> list[Thread]:
    """The waiting list page's rows (one query)."""
    return list(waiting_threads(viewer, now)[:WAITING_LIST_LIMIT])


def is_waiting(thread: Thread, viewer: Viewer, now: datetime | None = None) -> bool:
    return waiting_threads(viewer, now).filter(pk=thread.pk).exists()


def nudge_threads(member: User, now: datetime | None = None, limit: int = 3) -> list[Thread]:
    """Up to LIMIT waiting threads for MEMBER's daily nudge: in categories they follow, neither their
    own nor (where signed) by a member they blocked."""
    followed = CategorySubscription.objects.filter(user=member).values("category")
    blocked = Block.objects.filter(blocker=member).values("blocked")
    threads = (
        waiting_threads(member, now)
        .filter(category__in=followed)
        .exclude(author=member)
        .exclude(author__in=blocked, is_anonymous=False)
    )
    return list(threads[:limit])


def open_peer_request(thread: Thread) -> PeerRequest | None:
    return PeerRequest.objects.filter(thread=thread, answered_at__isnull=True).first()


def open_claim(thread: Thread, now: datetime | None = None) -> PeerClaim | None:
    return _open_claims(now or timezone.now()).filter(thread=thread).select_related("supporter").first()


def supporter_role(member: Viewer) -> PeerSupporter | None:
    """MEMBER's active peer-supporter role, if they hold one."""
    if not member.is_authenticated:
        return None
    return PeerSupporter.objects.active().filter(member=member).first()


def supporters_day(member: User, at: datetime | None = None) -> date:
    """The supporter's own date: their daily count restarts at their midnight."""
    return timezone.localdate(at or timezone.now(), member.zone)


def taken_on_today(member: User) -> int:
    """How many threads MEMBER took on today (their own day): private to them."""
    return PeerClaim.objects.filter(supporter=member, day=supporters_day(member)).count()


def available_supporter_count(now: datetime | None = None) -> int:
    """Peer supporters who have not stepped back: a number, never who."""
    now = now or timezone.now()
    return (
        PeerSupporter.objects.available(now)
        .filter(member__is_active=True)
        .exclude(member__suspended_until__gt=now)
        .count()
    )


def threads_to_tell_authors_about(now: datetime | None = None) -> QuerySet[Thread]:
    """Threads still without a reply after HAVEN_WAITING_AUTHOR_NOTICE_HOURS whose author has not
    been told yet (each author hears once per thread)."""
    now = now or timezone.now()
    replied = _replied_to()
    return (
        Thread.objects.listed()
        .filter(
            author__isnull=False,
            author__is_active=True,
            created_at__lte=now - timedelta(hours=settings.HAVEN_WAITING_AUTHOR_NOTICE_HOURS),
            created_at__gte=now - timedelta(days=settings.HAVEN_WAITING_LIST_DAYS),
        )
        .exclude(replied)
        .exclude(Exists(WaitingNotice.objects.filter(thread=OuterRef("pk"))))
        .select_related("author")
        .order_by("created_at")
    )
