"""Read queries for a member's own private pages: what they wrote and the support it received."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from accounts.models import User
from forum import charts
from forum.models import Post, Reaction


@dataclass(frozen=True)
class Activity:
    """A member's writing and the reactions others gave it, per week (Mondays in `weeks`, oldest
    first, in the member's time zone)."""

    weeks: list[date]
    threads_started: list[int]
    replies: list[int]
    reactions: dict[str, list[int]]  # Reaction.Kind value -> per week

    @property
    def total_threads_started(self) -> int:
        return sum(self.threads_started)

    @property
    def total_replies(self) -> int:
        return sum(self.replies)

    @property
    def total_reactions(self) -> int:
        return sum(sum(counts) for counts in self.reactions.values())


def member_activity(member: User, now: datetime | None = None) -> Activity:
    """MEMBER's threads, replies and the reactions they received in the last charts.WEEKS weeks.

    Anonymous posts count: this is the member's own private view, which nobody else sees.
    Deleted posts, and the reactions to them, don't. Two queries, one per chart.
    """
    tz = member.zone
    weeks = charts.week_starts(now or timezone.now(), tz)
    since = charts.start_of(weeks[0], tz)
    posts = (
        Post.objects.filter(author=member, is_deleted=False, created_at__gte=since)
        .annotate(week=TruncWeek("created_at", tzinfo=tz))
        .order_by()
        .values("week")
        .annotate(
            threads=Count("pk", filter=Q(position=1)), replies_written=Count("pk", filter=Q(position__gt=1))
        )
    )
    threads: dict[date, int] = {}
    replies: dict[date, int] = {}
    for row in posts:
        week = charts.week_of(row["week"], tz)
        threads[week], replies[week] = row["threads"], row["replies_written"]
    reactions = (
        Reaction.objects.filter(post__author=member, post__is_deleted=False, created_at__gte=since)
        .annotate(week=TruncWeek("created_at", tzinfo=tz))
        .order_by()
        .values("week")
        .annotate(**{kind: Count("pk", filter=Q(kind=kind)) for kind in Reaction.Kind.values})
    )
    by_kind: dict[str, dict[date, int]] = {kind: {} for kind in Reaction.Kind.values}
    for reaction_row in reactions:
        counts: dict[str, Any] = dict(reaction_row)  # one count per reaction kind, named by the kind
        week = charts.week_of(counts["week"], tz)
        for kind in Reaction.Kind.values:
            by_kind[kind][week] = counts[kind]
    return Activity(
        weeks=weeks,
        threads_started=charts.per_week(threads, weeks),
        replies=charts.per_week(replies, weeks),
        reactions={kind: charts.per_week(counts, weeks) for kind, counts in by_kind.items()},
    )
