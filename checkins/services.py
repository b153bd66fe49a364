"""Writes to a member's check-ins and instrument answers, and importing instruments.

None of these functions passes a check-in's note or answers to the safety detectors (forum's
safeguards): a private reflection is not a post, and a member who writes "I can't go on" here
must be able to trust that nobody is alerted. The pages around them offer the crisis resources
instead.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from checkins import instruments
from checkins.models import CheckIn, Instrument, InstrumentResponse
from checkins.questions import FIELDS, HIGHEST, LOWEST, NOTE_LENGTH


class CheckInError(ValueError):
    """Answers a check-in can't hold."""


def week_of(member: User, now: datetime | None = None) -> date:
    """The Monday of the member's current week, in their time zone."""
    today = (now or timezone.now()).astimezone(member.zone).date()
    return date.fromordinal(today.toordinal() - today.weekday())


@transaction.atomic
def record_check_in(
    member: User, *, answers: Mapping[str, int], note: str = "", now: datetime | None = None
) -> tuple[CheckIn, bool]:
    """Save MEMBER's check-in for this week; (the check-in, whether it is new this week).

    A second check-in in the same week replaces that week's answers and note: what a member
    expects when they come back to change an answer, and the trend keeps one point a week."""
    if set(answers) != set(FIELDS) or any(not LOWEST <= answers[f] <= HIGHEST for f in FIELDS):
        raise CheckInError(f"Every question needs an answer from {LOWEST} to {HIGHEST}.")
    note = note.strip()
    if len(note) > NOTE_LENGTH:
        raise CheckInError(f"The note can be up to {NOTE_LENGTH} characters.")
    now = now or timezone.now()
    check_in, created = CheckIn.objects.update_or_create(
        member=member,
        week=week_of(member, now),
        defaults={**{field: answers[field] for field in FIELDS}, "note": note, "updated_at": now},
        create_defaults={
            **{field: answers[field] for field in FIELDS},
            "note": note,
            "created_at": now,
            "updated_at": now,
        },
    )
    return check_in, created


@transaction.atomic
def take_instrument(member: User, instrument: Instrument, answers: Mapping[str, int]) -> InstrumentResponse:
    """Score ANSWERS with the instrument's definition and keep both, for MEMBER only."""
    definition = instruments.parse(instrument.definition)
    scores = instruments.score(definition, answers)
    return InstrumentResponse.objects.create(
        member=member,
        instrument=instrument,
        answers={item.id: answers[item.id] for item in definition.items},
        scores=[
            {
                "subscale": each.subscale,
                "name": each.name,
                "score": each.score,
                "band": each.band.label,
                "wording": each.band.wording,
            }
            for each in scores
        ],
    )


CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@transaction.atomic
def import_instrument(data: Any, *, update: bool = False) -> tuple[Instrument, str]:
    """Validate DATA (decoded JSON, docs/instruments.md) and store it; (the instrument, CREATED,
    UPDATED or UNCHANGED). All or nothing: an invalid file raises InstrumentError and stores nothing.

    An instrument with the same id that differs is replaced only with UPDATE: members' earlier
    results keep the scores they were shown."""
    definition = instruments.parse(data)
    existing = Instrument.objects.select_for_update().filter(key=definition.id).first()
    fields = {"name": definition.name, "credit": definition.credit, "definition": data}
    if existing is None:
        return Instrument.objects.create(key=definition.id, **fields), CREATED
    if existing.definition == data:
        return existing, UNCHANGED
    if not update:
        raise instruments.InstrumentError(
            [
                f'An instrument with the id "{definition.id}" is already imported and differs from this '
                "file. Run again with --update to replace it (members' earlier results keep their scores)."
            ]
        )
    for field, value in fields.items():
        setattr(existing, field, value)
    existing.updated_at = timezone.now()
    existing.save()
    return existing, UPDATED


def delete_member_data(member: User) -> None:
    """Delete every check-in and instrument answer of MEMBER (their account is being deleted,
    whichever way they chose for their posts). The caller holds the transaction."""
    CheckIn.objects.filter(member=member).delete()
    InstrumentResponse.objects.filter(member=member).delete()
