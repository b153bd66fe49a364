"""Reads of a member's own check-ins and instrument results: for their pages, their activity
chart and their export. Every function takes the member and reads only their rows."""

from datetime import date

from django.db.models import QuerySet

from accounts.models import User
from checkins.models import CheckIn, Instrument, InstrumentResponse
from checkins.questions import QUESTIONS

TREND_CHECK_INS = 26  # about six months of weekly check-ins on the chart


def check_in_for_week(member: User, week: date) -> CheckIn | None:
    return CheckIn.objects.filter(member=member, week=week).first()


def check_ins(member: User) -> QuerySet[CheckIn]:
    """MEMBER's check-ins, newest week first."""
    return CheckIn.objects.filter(member=member).order_by("-week")


def trend(member: User) -> list[CheckIn]:
    """MEMBER's last TREND_CHECK_INS check-ins, oldest first (the chart's order). One query."""
    return list(reversed(check_ins(member)[:TREND_CHECK_INS]))


def instruments_to_take() -> QuerySet[Instrument]:
    return Instrument.objects.order_by("name")


def instrument_results(member: User, instrument: Instrument) -> list[InstrumentResponse]:
    return list(
        InstrumentResponse.objects.filter(member=member, instrument=instrument).order_by("-taken_at", "-pk")
    )


def results_by_instrument(member: User) -> list[InstrumentResponse]:
    """Every instrument result of MEMBER, newest first, with its instrument. One query."""
    return list(
        InstrumentResponse.objects.filter(member=member)
        .select_related("instrument")
        .order_by("-taken_at", "-pk")
    )


def _iso(value):
    return value.isoformat() if value else None


def member_export(member: User) -> dict:
    """MEMBER's check-ins and instrument answers, for their data export."""
    return {
        "check_ins": [
            {
                "week_starting": check_in.week.isoformat(),
                "first_saved_at": _iso(check_in.created_at),
                "last_changed_at": _iso(check_in.updated_at),
                "answers": {
                    question.text: {
                        "value": getattr(check_in, question.field),
                        "label": question.label(getattr(check_in, question.field)),
                    }
                    for question in QUESTIONS
                },
                "note": check_in.note,
            }
            for check_in in check_ins(member).order_by("week")
        ],
        "instrument_answers": [
            {
                "instrument": response.instrument.name,
                "taken_at": _iso(response.taken_at),
                "answers": response.answers,
                "scores": response.scores,
            }
            for response in InstrumentResponse.objects.filter(member=member)
            .select_related("instrument")
            .order_by("taken_at", "pk")
        ],
    }
