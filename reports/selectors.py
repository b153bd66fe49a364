"""An organisation's anonymous report: how its circles are used, in counts that never name anyone.

The buyer of a deployment (a trust, an employee-assistance provider, an association) wants to know
that the service is used and helps; its members will only speak freely if the buyer can never learn
who said what. So the report is counts for a calendar month, and every count says how many
members it rests on: a figure resting on fewer than `MIN_MEMBERS` is suppressed (the usual rule of
small numbers in published health statistics). Where a total is shown beside its parts, one
suppressed part would be the total minus the others, so a second part is suppressed with it
(`protect_breakdown`). Months never overlap, so no two figures can be subtracted to reveal a third.

This app sits above moderation and forum (it counts their rows, and checkins'); nothing below
imports it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, tzinfo

from django.conf import settings
from django.db.models import Count, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import formats

from checkins.models import CheckIn
from forum import charts
from forum.models import Post, Thread
from moderation.models import CRISIS_ITEMS, CrisisOutcome, QueueEntry
from orgs.models import CircleMembership, Organisation

# Never fewer than ten; a deployment may ask for more (HAVEN_REPORT_MIN_MEMBERS).
MIN_MEMBERS = max(10, getattr(settings, "HAVEN_REPORT_MIN_MEMBERS", 10))
MONTHS = 12


@dataclass(frozen=True)
class Figure:
    """One count (or a median) and the number of distinct members it rests on."""

    name: str
    value: float | None
    members: int
    format: str = "number"  # or "hours"
    forced: bool = False  # suppressed to protect another suppressed figure

    @property
    def shown(self) -> bool:
        return self.members >= MIN_MEMBERS and not self.forced and self.value is not None

    @property
    def text(self) -> str:
        if not self.shown or self.value is None:
            return (
                f"fewer than {MIN_MEMBERS} members"
                if not self.forced
                else "withheld to protect a small number"
            )
        if self.format == "hours":
            return charts.hours(self.value)
        return charts.plain_number(self.value)


def protect_breakdown(parts: Sequence[Figure]) -> list[Figure]:
    """PARTS of a total that is shown: when exactly one part is suppressed, the smallest shown part
    is suppressed too, so that no part can be worked out from the total and the others."""
    suppressed = [part for part in parts if not part.shown]
    if len(suppressed) != 1:
        return list(parts)
    shown = [part for part in parts if part.shown]
    if not shown:
        return list(parts)
    smallest = min(shown, key=lambda part: (part.value, part.name))
    return [replace(part, forced=True) if part is smallest else part for part in parts]


@dataclass(frozen=True)
class OrganisationReport:
    organisation: Organisation
    month: date
    figures: list[Figure]
    outcomes: list[Figure]  # how the possible crises closed in the month ended


def month_starts(now: datetime, tz: tzinfo, count: int = MONTHS) -> list[date]:
    """The first days of the last COUNT calendar months in TZ, oldest first (this month last)."""
    today = now.astimezone(tz).date()
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _bounds(month: date, tz: tzinfo) -> tuple[datetime, datetime]:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return datetime.combine(month, time.min, tzinfo=tz), datetime.combine(following, time.min, tzinfo=tz)


def _circle_posts(organisation: Organisation) -> QuerySet[Post]:
    """Published posts in the organisation's circles: what their members could read."""
    return Post.objects.filter(
        thread__category__circle__organisation=organisation,
        thread__is_deleted=False,
        is_deleted=False,
        state=Post.State.PUBLISHED,
    )


def _count(queryset: QuerySet, author: str) -> tuple[int, int]:
    row = queryset.order_by().aggregate(rows=Count("pk"), members=Count(author, distinct=True))
    return row["rows"], row["members"]


def organisation_report(organisation: Organisation, month: date, tz: tzinfo) -> OrganisationReport:
    """The figures for ORGANISATION's circles in the calendar MONTH (its first day), in TZ."""
    start, end = _bounds(month, tz)
    posts = _circle_posts(organisation).filter(created_at__gte=start, created_at__lt=end)
    members = (
        CircleMembership.objects.active()
        .filter(circle__organisation=organisation)
        .order_by()
        .aggregate(members=Count("member", distinct=True))["members"]
    )
    posted = posts.order_by().aggregate(members=Count("author", distinct=True))["members"]
    threads, thread_authors = _count(posts.filter(position=1), "author")
    replies, reply_authors = _count(posts.filter(position__gt=1), "author")
    crises = QueueEntry.objects.filter(CRISIS_ITEMS, post__in=_circle_posts(organisation))
    opened, opened_about = _count(crises.filter(created_at__gte=start, created_at__lt=end), "post__author")
    closed_items = crises.filter(resolved_at__gte=start, resolved_at__lt=end)
    closed, closed_about = _count(closed_items, "post__author")
    outcomes: dict[str, tuple[int, int]] = {
        row["crisis_outcome"]: (row["rows"], row["members"])
        for row in closed_items.order_by()
        .values("crisis_outcome")
        .annotate(rows=Count("pk"), members=Count("post__author", distinct=True))
    }
    closed_figure = Figure("Possible crises closed", closed, closed_about)
    figures = [
        Figure("Circle members", members, members),
        Figure("Members who posted", posted, posted),
        Figure("Threads started", threads, thread_authors),
        Figure("Replies", replies, reply_authors),
        _median_first_reply(organisation, start, end),
        Figure("Possible crises opened", opened, opened_about),
        closed_figure,
        _check_ins_completed(organisation, start, end),
    ]
    parts = [Figure(label, *outcomes.get(value, (0, 0))) for value, label in CrisisOutcome.choices]
    return OrganisationReport(
        organisation, month, figures, protect_breakdown(parts) if closed_figure.shown else parts
    )


def _check_ins_completed(organisation: Organisation, start: datetime, end: datetime) -> Figure:
    """Private check-ins (checkins) first saved in the month by the organisation's circle members:
    how many, resting on how many members. Only the count: never an answer, a note or a person."""
    members = CircleMembership.objects.active().filter(circle__organisation=organisation).values("member")
    check_ins = CheckIn.objects.filter(member__in=members, created_at__gte=start, created_at__lt=end)
    return Figure("Check-ins completed", *_count(check_ins, "member"))


def _median_first_reply(organisation: Organisation, start: datetime, end: datetime) -> Figure:
    """For threads started in the month that have a reply, the median time from the opening post
    to the first reply, resting on the members who started those threads."""
    first_reply = (
        _circle_posts(organisation)
        .filter(thread=OuterRef("pk"), position__gt=1)
        .order_by()
        .values("thread")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    answered = (
        Thread.objects.filter(
            category__circle__organisation=organisation,
            is_deleted=False,
            created_at__gte=start,
            created_at__lt=end,
        )
        .annotate(first_reply_at=Subquery(first_reply))
        .filter(first_reply_at__isnull=False)
        .order_by()
    )
    waits = sorted(
        (row["first_reply_at"] - row["created_at"]).total_seconds() / 3600
        for row in answered.values("created_at", "first_reply_at")
    )
    authors = answered.aggregate(members=Count("author", distinct=True))["members"]
    median = None
    if waits:
        middle = len(waits) // 2
        median = waits[middle] if len(waits) % 2 else (waits[middle - 1] + waits[middle]) / 2
    return Figure("Median time to a first reply", median, authors, format="hours")


def posts_per_month(organisation: Organisation, months: list[date], tz: tzinfo) -> list[Figure]:
    """Posts (threads and replies) in the organisation's circles in each of MONTHS, each resting on
    the members who wrote them that month."""
    start, _ = _bounds(months[0], tz)
    _, end = _bounds(months[-1], tz)
    rows = (
        _circle_posts(organisation)
        .filter(created_at__gte=start, created_at__lt=end)
        .annotate(month=TruncMonth("created_at", tzinfo=tz))
        .order_by()
        .values("month")
        .annotate(rows=Count("pk"), members=Count("author", distinct=True))
    )
    found = {_month_of(row["month"], tz): (row["rows"], row["members"]) for row in rows}
    return [Figure(formats.date_format(month, "M Y"), *found.get(month, (0, 0))) for month in months]


def _month_of(value: date | datetime, tz: tzinfo) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(tz).date() if value.tzinfo else value.date()
    return value.replace(day=1)
