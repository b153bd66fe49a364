"""The check-in form and an imported instrument's form."""

from django import forms

from checkins.instruments import Definition
from checkins.models import CheckIn
from checkins.questions import HIGHEST, LOWEST, NOTE_LENGTH, QUESTIONS


class CheckInForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=NOTE_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Anything you want to remember about this week (optional)",
        help_text=f"Up to {NOTE_LENGTH} characters, kept as plain text. Only you can read it.",
    )

    def __init__(self, *args, check_in: CheckIn | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {}
        for question in QUESTIONS:
            questions[question.field] = forms.TypedChoiceField(
                label=question.text,
                choices=[(value, question.label(value)) for value in range(LOWEST, HIGHEST + 1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose an answer, whichever feels closest."},
                initial=getattr(check_in, question.field, None),
            )
        self.fields = {**questions, "note": self.fields["note"]}
        if check_in is not None:
            self.fields["note"].initial = check_in.note

    @property
    def question_fields(self):
        return [self[question.field] for question in QUESTIONS]

    def answers(self) -> dict[str, int]:
        return {question.field: self.cleaned_data[question.field] for question in QUESTIONS}


def item_field(item_id: str) -> str:
    return f"item-{item_id}"


class InstrumentForm(forms.Form):
    """A radio group per item of DEFINITION, on its answer scale; every item must be answered."""

    def __init__(self, definition: Definition, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        choices = [(point.value, point.label) for point in definition.scale]
        for number, item in enumerate(definition.items, start=1):
            self.fields[item_field(item.id)] = forms.TypedChoiceField(
                label=f"{number}. {item.text}",
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose an answer for this one too."},
            )

    def answers(self) -> dict[str, int]:
        return {item.id: self.cleaned_data[item_field(item.id)] for item in self.definition.items}
