"""Read queries for the moderators' statistics page: flags per week by reason, how long the queue
takes to decide, and how long the open items have waited. One aggregate query each."""

from datetime import date, datetime, timedelta, tzinfo

from django.db.models import Aggregate, Count, DurationField, F, Q
from django.db.models.functions import TruncWeek

from forum import charts
from moderation.models import Flag, FlagReason, QueueEntry

# The flag form's reasons are sentences; a chart legend needs a word or two.
REASON_NAMES = {
    FlagReason.CRISIS: "Crisis",
    FlagReason.CONFIDENTIALITY: "Confidentiality",
    FlagReason.HARASSMENT: "Harassment",
    FlagReason.SPAM: "Spam",
    FlagReason.HARMFUL: "Harmful advice",
    FlagReason.METHOD_DETAIL: "Method detail",
    FlagReason.OTHER: "Other",
}

# (name, waited at least, waited less than)
AGE_BUCKETS = [
    ("Under 1 hour", None, timedelta(hours=1)),
    ("1 to 24 hours", timedelta(hours=1), timedelta(days=1)),
    ("1 to 7 days", timedelta(days=1), timedelta(days=7)),
    ("Over 7 days", timedelta(days=7), None),
]


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, which works on intervals as well as numbers."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def flags_per_week(weeks: list[date], tz: tzinfo) -> list[charts.Series]:
    """Flags raised in each of WEEKS (Mondays in TZ), one series per reason."""
    rows = (
        Flag.objects.filter(created_at__gte=charts.start_of(weeks[0], tz))
        .annotate(week=TruncWeek("created_at", tzinfo=tz))
        .order_by()
        .values("week", "reason")
        .annotate(flags=Count("pk"))
    )
    counts: dict[str, dict[date, int]] = {reason: {} for reason in FlagReason.values}
    for row in rows:
        counts.setdefault(row["reason"], {})[charts.week_of(row["week"], tz)] = row["flags"]
    return [
        charts.Series(REASON_NAMES[reason], charts.per_week(counts[reason], weeks)) for reason in FlagReason
    ]


def median_hours_to_resolution(weeks: list[date], tz: tzinfo) -> list[float | None]:
    """For the queue items resolved in each of WEEKS, the median hours from entering the queue to
    being resolved; None for a week in which nothing was resolved."""
    rows = (
        QueueEntry.objects.filter(resolved_at__gte=charts.start_of(weeks[0], tz))
        .annotate(week=TruncWeek("resolved_at", tzinfo=tz))
        .order_by()
        .values("week")
        .annotate(median=Median(F("resolved_at") - F("created_at"), output_field=DurationField()))
    )
    medians = {charts.week_of(row["week"], tz): row["median"].total_seconds() / 3600 for row in rows}
    return charts.per_week(medians, weeks, missing=None)


def open_items_by_age(now: datetime) -> list[tuple[str, int]]:
    """How many open queue items have waited how long: (bucket name, count) for AGE_BUCKETS."""
    counts = {}
    for index, (_, at_least, less_than) in enumerate(AGE_BUCKETS):
        waited = Q()
        if at_least is not None:
            waited &= Q(created_at__lte=now - at_least)
        if less_than is not None:
            waited &= Q(created_at__gt=now - less_than)
        counts[f"bucket_{index}"] = Count("pk", filter=waited)
    totals = QueueEntry.objects.open().aggregate(**counts)
    return [(name, totals[f"bucket_{index}"]) for index, (name, _, _) in enumerate(AGE_BUCKETS)]
