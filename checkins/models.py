"""A member's private check-ins and their answers to imported instruments.

Nobody but the member ever sees these rows: no other member, no moderator, no staff page (the
app registers nothing in the admin), no organisation (its report counts check-ins, never shows
them). The safety detectors never read them. They leave with the account (forum's
delete_account calls checkins.services.delete_member_data) and are in the member's export.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from checkins.questions import FIELDS, HIGHEST, LOWEST


def _answer():
    return models.PositiveSmallIntegerField(
        validators=[MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)]
    )


class CheckIn(models.Model):
    """One member's answers for one week (its Monday, in their time zone): at most one a week;
    checking in again the same week changes that week's answers."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins")
    week = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    work_weight = _answer()
    sleep = _answer()
    support = _answer()
    switch_off = _answer()
    note = models.TextField(blank=True)  # plain text, escaped wherever it is shown

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "week"], name="one_check_in_a_week"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__gte": LOWEST, f"{field}__lte": HIGHEST}),
                    name=f"check_in_{field}_on_the_scale",
                )
                for field in FIELDS
            ],
        ]

    def __str__(self):
        return f"Check-in for the week of {self.week}"  # never the answers or the note


class Instrument(models.Model):
    """An instrument an operator imported (manage.py import_instrument), its definition as the
    validated JSON of docs/instruments.md."""

    key = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    credit = models.TextField()
    definition = models.JSONField()
    imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.name


class InstrumentResponse(models.Model):
    """A member's answers to an instrument, and the scores they were given when they took it (so
    a later re-import with new wording or cut-offs doesn't rewrite what they were shown)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instrument_responses"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="responses")
    taken_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField()  # item id -> value
    scores = models.JSONField()  # [{"subscale", "name", "score", "band", "wording"}]

    class Meta:
        indexes = [models.Index(fields=["member", "instrument", "taken_at"])]

    def __str__(self):
        return f"Answers to {self.instrument_id} on {self.taken_at:%Y-%m-%d}"
