"""Moderation hours: when moderators are on duty, who is on call, and the rules that change
outside staffed hours.

A deployment sets HAVEN_MODERATION_HOURS, e.g. "Mon-Fri 08:00-20:00, Sat-Sun 10:00-16:00", read
as wall-clock times in HAVEN_MODERATION_TIMEZONE (so the hours stay put across daylight-saving
changes). Each comma-separated part is a day ("Mon"), a range of days ("Mon-Fri", "Fri-Mon") or
"Daily", then a time range. A range that ends at or before its start runs past midnight
("Fri 22:00-02:00"); "24:00" is the end of the day. Starts are included and ends are not: with
08:00-20:00, 08:00:00 is staffed and 20:00:00 is not. With no hours set, moderators count as
always around and none of the off-hours rules apply.

Outside staffed hours:
- crisis items email the on-call moderators at once (on_call_moderators; moderation.services);
- posts by members who joined recently wait for approval (holds_posts_by; forum.services);
- fewer distinct flags hide a post until a moderator looks (auto_hide_threshold);
- members see when moderators are back (moderators_back_at), beside the flag form and with the
  crisis resources.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MINUTES_PER_DAY = 24 * 60
PART = re.compile(
    r"^(?P<days>daily|[a-z]{3}(?:\s*-\s*[a-z]{3})?)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    """One part of the setting, as written: DAYS (0 is Monday) from START to END minutes."""

    days: tuple[int, ...]
    start: int
    end: int

    def windows(self):
        """(weekday, start, end) in minutes of that day; a period past midnight becomes two."""
        for day in self.days:
            if self.end > self.start:
                yield day, self.start, self.end
            else:
                yield day, self.start, MINUTES_PER_DAY
                if self.end > 0:
                    yield (day + 1) % 7, 0, self.end


@dataclass(frozen=True)
class Schedule:
    periods: tuple[Period, ...]
    zone: ZoneInfo

    @property
    def windows(self) -> dict[int, list[tuple[int, int]]]:
        by_day = {day: [] for day in range(7)}
        for period in self.periods:
            for day, start, end in period.windows():
                by_day[day].append((start, end))
        return by_day


def _minutes(text: str, *, is_end: bool) -> int:
    hours, minutes = (int(part) for part in text.split(":"))
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not is_end)):
        raise ImproperlyConfigured(f"HAVEN_MODERATION_HOURS: {text} is not a time of day.")
    return hours * 60 + minutes


def _days(text: str) -> tuple[int, ...]:
    if text.lower() == "daily":
        return tuple(range(7))
    names = [name.strip().lower() for name in text.split("-")]
    if any(name not in DAYS for name in names):
        raise ImproperlyConfigured(f"HAVEN_MODERATION_HOURS: {text!r} is not a day or a range of days.")
    first, last = DAYS.index(names[0]), DAYS.index(names[-1])
    return tuple((first + offset) % 7 for offset in range((last - first) % 7 + 1))


def parse(text: str, zone_name: str) -> Schedule | None:
    """The schedule TEXT describes, or None when it is empty. Raises ImproperlyConfigured."""
    if not text.strip():
        return None
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"HAVEN_MODERATION_TIMEZONE: unknown time zone {zone_name!r}.") from None
    periods = []
    for part in text.split(","):
        match = PART.match(part.strip())
        if match is None:
            raise ImproperlyConfigured(
                f"HAVEN_MODERATION_HOURS: can't read {part.strip()!r}; write e.g. 'Mon-Fri 08:00-20:00'."
            )
        start = _minutes(match["start"], is_end=False)
        end = _minutes(match["end"], is_end=True)
        periods.append(Period(days=_days(match["days"]), start=start, end=end))
    return Schedule(periods=tuple(periods), zone=zone)


@lru_cache(maxsize=8)
def _schedule(text: str, zone_name: str) -> Schedule | None:
    return parse(text, zone_name)


def schedule() -> Schedule | None:
    return _schedule(settings.HAVEN_MODERATION_HOURS, settings.HAVEN_MODERATION_TIMEZONE)


# --- When --------------------------------------------------------------------------------------


def is_staffed(at: datetime | None = None) -> bool:
    """Whether moderators are on duty at AT (now by default). Always, when no hours are set."""
    hours = schedule()
    if hours is None:
        return True
    local = (at or timezone.now()).astimezone(hours.zone)
    minute = local.hour * 60 + local.minute
    return any(start <= minute < end for start, end in hours.windows[local.weekday()])


def next_staffed_start(at: datetime | None = None) -> datetime | None:
    """When moderators are next on duty: AT itself if they are now, None if no hours are set."""
    hours = schedule()
    at = at or timezone.now()
    if hours is None:
        return None
    if is_staffed(at):
        return at
    local_day = at.astimezone(hours.zone).date()
    starts = []
    for offset in range(8):
        day = local_day + timedelta(days=offset)
        for start, _end in hours.windows[day.weekday()]:
            begins = datetime.combine(day, time(start // 60, start % 60), tzinfo=hours.zone)
            # Compare instants, not wall-clock readings (the same tzinfo would compare naively).
            if begins.astimezone(UTC) > at.astimezone(UTC):
                starts.append(begins)
    return min(starts, key=lambda begins: begins.astimezone(UTC)) if starts else None


def moderators_back_at(member, at: datetime | None = None) -> str | None:
    """When moderators are back, in MEMBER's time zone: "08:00", "08:00 tomorrow" or "08:00 on
    Monday" outside moderation hours; None while they are on duty."""

    at = at or timezone.now()
    back = next_staffed_start(at)
    if back is None or back == at:
        return None
    zone = member.zone
    local_back, local_now = back.astimezone(zone), at.astimezone(zone)
    clock = f"{local_back:%H:%M}"
    days_away = (local_back.date() - local_now.date()).days
    if days_away == 0:
        return clock
    if days_away == 1:
        return f"{clock} tomorrow"
    return f"{clock} on {DAY_NAMES[local_back.weekday()]}"


def _describe_days(days: tuple[int, ...]) -> str:
    if len(days) == 7:
        return "every day"
    if len(days) == 1:
        return DAY_NAMES[days[0]]
    if len(days) == 2:
        return f"{DAY_NAMES[days[0]]} and {DAY_NAMES[days[1]]}"
    return f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def describe() -> str | None:
    """The staffed hours in words, for the guidelines page; None when no hours are set."""
    hours = schedule()
    if hours is None:
        return None
    parts = [
        f"{_describe_days(period.days)}, {_clock(period.start)}–{_clock(period.end)}"
        for period in hours.periods
    ]
    return "; ".join(parts) + f" ({hours.zone.key} time)"


# --- Who ---------------------------------------------------------------------------------------


def on_call_moderators():
    """Moderators on shift (those who haven't stepped off): who crisis emails go to, and who a
    moderator taking a pause can hand over to."""
    from accounts.models import User

    return User.objects.filter(
        is_moderator=True, is_active=True, is_deleted_account=False, off_shift__isnull=True
    ).order_by("display_name")


# --- What changes outside staffed hours ----------------------------------------------------------


def auto_hide_threshold(at: datetime | None = None) -> int:
    """How many members' flags hide a post until a moderator looks: fewer when nobody is on duty."""
    if is_staffed(at):
        return settings.HAVEN_AUTO_HIDE_FLAGS
    return min(settings.HAVEN_OFF_HOURS_AUTO_HIDE_FLAGS, settings.HAVEN_AUTO_HIDE_FLAGS)


def holds_posts_by(author, at: datetime | None = None) -> bool:
    """Outside staffed hours, posts by members who joined in the last HAVEN_OFF_HOURS_NEWCOMER_DAYS
    days wait for a moderator (a newly made account is the usual source of night-time trouble)."""
    at = at or timezone.now()
    if author.is_moderator or is_staffed(at):
        return False
    return author.date_joined > at - timedelta(days=settings.HAVEN_OFF_HOURS_NEWCOMER_DAYS)
