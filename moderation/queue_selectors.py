"""Read queries for the moderation queue pages: a moderator's entries with what their summaries
and the crisis checks show, each with its post author's history for context, and the open counts
the navigation shows. Each in a fixed number of queries, however long the queue."""

from django.db.models import Count, Expression, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import User
from conversations.models import ConversationReport
from forum.models import Post
from forum.pagination import PageWindow
from moderation.models import CRISIS_ITEMS, Flag, ModerationAction, QueueEntry


def entries_with_context(moderator: User) -> QuerySet[QueueEntry]:
    """MODERATOR's queue entries (QueueEntry.objects.moderated_by) with everything the crisis checks and an entry's own page show, in a fixed
    number of queries (the main queue loads less: queue_page_entries).

    The author's history (with_author_history) is for context; templates leave it out for anonymous
    posts, which would otherwise hint at who wrote them."""
    entries = (
        QueueEntry.objects.moderated_by(moderator)
        .select_related(
            "post__thread__category",
            "post__author",
            "post__parent__author",
            "appeal__member",
            "appeal__post__thread",
            "appeal__suspension",
            "resolved_by",
        )
        .prefetch_related(
            Prefetch("flags", queryset=Flag.objects.select_related("flagged_by").order_by("created_at"))
        )
    )
    return with_author_history(entries)


# What counts as an earlier action against a member: approving a newcomer's post is not one.
ACTIONS_AGAINST_A_MEMBER = [
    ModerationAction.Kind.HIDE,
    ModerationAction.Kind.EDIT,
    ModerationAction.Kind.DELETE,
    ModerationAction.Kind.WARN,
    ModerationAction.Kind.SUSPEND,
]


def _author_history(actions: Q) -> Subquery:
    """How many moderation ACTIONS name the entry's post author: a subquery."""
    return Subquery(
        ModerationAction.objects.filter(actions, member=OuterRef("post__author"))
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )


def with_author_history(entries: QuerySet[QueueEntry]) -> QuerySet[QueueEntry]:
    """ENTRIES with their post author's history, for context: `author_action_count` (hides,
    redactions, deletions, warnings, suspensions) and, apart from those, `author_approval_count`
    (their waiting posts that were approved)."""
    return entries.annotate(
        author_action_count=_author_history(Q(kind__in=ACTIONS_AGAINST_A_MEMBER)),
        # Before approvals and dismissals were told apart, both were logged as "approve": the state
        # the post was in says which an entry was.
        author_approval_count=_author_history(
            Q(kind=ModerationAction.Kind.APPROVE, before__state=Post.State.PENDING)
        ),
    )


# What an entry's summary on the queue page shows (moderation/_entry_summary.html) and no more: loading
# the whole rows of its post, thread, category, author and appeal took over a third of the page's
# Python (33 ms against 21 at 1M posts).
QUEUE_SUMMARY_FIELDS = (
    "kind", "priority", "awaiting_approval", "created_at", "post", "appeal",
    "post__is_anonymous", "post__position", "post__state", "post__is_deleted", "post__deleted_by_moderator",
    "post__thread", "post__thread__title", "post__thread__category", "post__thread__category__name",
    "post__author", "post__author__display_name", "post__author__date_joined", "post__author__post_count",
    "appeal__message", "appeal__member", "appeal__member__display_name",
    "appeal__post", "appeal__post__position", "appeal__post__is_anonymous", "appeal__post__thread",
    "appeal__post__thread__title",
)  # fmt: skip


def queue_page_entries(moderator: User, window: PageWindow) -> QuerySet[QueueEntry]:
    """The open entries on WINDOW's page of MODERATOR's queue, priority first, with what their summaries show."""
    flags = Flag.objects.select_related("flagged_by").only(
        "entry", "reason", "note", "created_at", "flagged_by", "flagged_by__display_name"
    )
    entries = (
        QueueEntry.objects.moderated_by(moderator)
        .filter(resolved_at__isnull=True)
        .select_related("post__thread__category", "post__author", "appeal__member", "appeal__post__thread")
        .only(*QUEUE_SUMMARY_FIELDS)
        .prefetch_related(Prefetch("flags", queryset=flags.order_by("created_at")))
    )
    ordered = with_author_history(entries).order_by("priority", "created_at")
    return ordered[window.offset : window.offset + window.per_page]


def _open_reports(moderator: User, kind: str | None = None) -> Expression:
    """How many reports about private conversations wait, as a subquery: for site moderators only,
    since a conversation is in no circle (circle moderators: 0)."""
    if not moderator.acts_as_moderator:
        return Value(0)
    reports = ConversationReport.objects.filter(resolved_at__isnull=True)
    if kind is not None:
        reports = reports.filter(kind=kind)
    return Coalesce(
        Subquery(reports.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")),
        0,
    )


def open_counts(moderator: User) -> dict[str, int]:
    """MODERATOR's open items, in one query: queue entries (`open_entry_count`, what the queue pages
    page through, and `open_crisis_entry_count`), and with the reports about private conversations
    that wait beside them, what the navigation counts: `open_queue_count` (every item) and
    `open_crisis_count` (possible crises, in posts and in messages)."""
    return (
        QueueEntry.objects.moderated_by(moderator)
        .open()
        .aggregate(
            open_entry_count=Count("pk"),
            open_crisis_entry_count=Count("pk", filter=CRISIS_ITEMS),
            open_queue_count=Count("pk") + _open_reports(moderator),
            open_crisis_count=Count("pk", filter=CRISIS_ITEMS)
            + _open_reports(moderator, ConversationReport.Kind.CRISIS),
        )
    )
