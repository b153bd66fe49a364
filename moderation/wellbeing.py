"""Moderator wellbeing: which queue items and possible crises in private messages are distressing,
and each moderator's private exposure count.

Reading crisis posts, abuse and graphic detail shift after shift is how secondary traumatic stress
builds up, in the very people this forum exists for. So a distressing item is blurred until its
moderator chooses to look; each look counts toward a total for the moderator's own day (their
time zone), and after HAVEN_EXPOSURE_PAUSE_AFTER the queue suggests a pause and shows who else is
on shift. The count is private: only its moderator sees it; it is not in the audit log.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from conversations.models import ConversationReport
from forum.models import ContentWarning
from moderation.models import Exposure, FlagReason

# "Crisis, abuse or graphic": flags that someone may be at risk or is being treated badly, and
# posts whose authors warned of harrowing content.
DISTRESSING_REASONS = {FlagReason.CRISIS, FlagReason.HARASSMENT}
DISTRESSING_WARNINGS = {
    ContentWarning.SUICIDE_SELF_HARM,
    ContentWarning.ABUSE,
    ContentWarning.VIOLENCE,
    ContentWarning.GRAPHIC,
}


def is_distressing(entry) -> bool:
    """Whether ENTRY's post is blurred until revealed. Uses its prefetched flags: no queries."""
    if entry.post_id is None:
        return False
    if entry.post.content_warning in DISTRESSING_WARNINGS:
        return True
    return any(flag.reason in DISTRESSING_REASONS for flag in entry.flags.all())


def moderators_day(moderator, at: datetime | None = None) -> date:
    """The moderator's own calendar date: the exposure count restarts at their midnight."""
    return timezone.localdate(at or timezone.now(), moderator.zone)


@dataclass
class ExposureToday:
    count: int = 0
    revealed: set[int] = field(default_factory=set)  # queue entries
    revealed_reports: set[int] = field(default_factory=set)  # possible crises in private messages

    @property
    def suggests_pause(self) -> bool:
        return self.count >= settings.HAVEN_EXPOSURE_PAUSE_AFTER


def exposure_today(moderator, entry_ids=(), report_ids=()) -> ExposureToday:
    """MODERATOR's count for today (posts and messages alike), and which of ENTRY_IDS (queue
    entries) and REPORT_IDS (conversation reports) they have revealed, on any day (one query)."""
    today = moderators_day(moderator)
    rows = Exposure.objects.filter(moderator=moderator).filter(
        Q(day=today) | Q(entry_id__in=list(entry_ids)) | Q(conversation_report_id__in=list(report_ids))
    )
    summary = ExposureToday()
    wanted_entries, wanted_reports = set(entry_ids), set(report_ids)
    for entry_id, report_id, day in rows.values_list("entry_id", "conversation_report_id", "day"):
        summary.count += day == today
        if entry_id in wanted_entries:
            summary.revealed.add(entry_id)
        if report_id in wanted_reports:
            summary.revealed_reports.add(report_id)
    return summary


def blur(entries, moderator) -> ExposureToday:
    """Mark each of ENTRIES `blurred` (distressing and not yet revealed by MODERATOR)."""
    summary = exposure_today(moderator, [entry.pk for entry in entries])
    for entry in entries:
        entry.blurred = is_distressing(entry) and entry.pk not in summary.revealed
    return summary


def is_distressing_report(report: ConversationReport) -> bool:
    """Whether REPORT's message is blurred until revealed: a possible crisis is; a member's report
    of a conversation is not (they asked moderators to read it, and it may be long)."""
    return report.is_crisis


def blur_report(report: ConversationReport, moderator) -> None:
    """Mark REPORT `blurred` (a possible crisis MODERATOR has not revealed). A member's report needs
    no query."""
    report.blurred = is_distressing_report(report) and (
        report.pk not in exposure_today(moderator, report_ids=[report.pk]).revealed_reports
    )
