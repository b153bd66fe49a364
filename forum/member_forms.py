"""The forms of a member's settings that reach into the forum: reading preferences (mute words,
content warnings) and taking a break (categories to set aside). Account forms (sign-up, profile,
verification, deletion) are in accounts/forms.py."""

from django import forms

from accounts.forms import time_zone_choices
from accounts.models import User
from forum import mute
from forum.models import Category, ContentWarning


class PreferencesForm(forms.ModelForm):
    """Email, privacy and reading preferences, including the reader controls of forum/mute.py:
    mute words, and per content-warning kind collapsed (the default), always shown, or hidden."""

    COLLAPSED, SHOW, HIDE = "collapsed", "show", "hide"
    WARNING_CHOICES = [
        (COLLAPSED, "Collapsed until I open it"),
        (SHOW, "Always shown"),
        (HIDE, "Hidden behind a notice"),
    ]

    time_zone = forms.ChoiceField(
        choices=time_zone_choices, help_text="Quiet hours and digests follow your time."
    )
    mute_words = forms.CharField(
        required=False,
        max_length=mute.MAX_MUTE_WORDS * (mute.MAX_MUTE_WORD_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Mute words and phrases",
        help_text=f"One per line, up to {mute.MAX_MUTE_WORDS}. Posts, thread titles and search results "
        "containing them are collapsed for you, and emails about such threads leave the title out. "
        "Only you can see this list.",
    )

    class Meta:
        model = User
        fields = [
            "email_notifications", "time_zone", "quiet_hours_start", "quiet_hours_end",
            "waiting_nudge", "hide_post_list", "accepts_messages_from", "mute_words",
        ]  # fmt: skip
        labels = {
            "email_notifications": "Email me about notifications",
            "hide_post_list": "Hide my post list on my profile",
            "waiting_nudge": "Email me once a day about threads waiting for a first reply",
            "accepts_messages_from": "Who can send me private messages",
        }
        widgets = {
            "quiet_hours_start": forms.TimeInput(attrs={"type": "time"}),
            "quiet_hours_end": forms.TimeInput(attrs={"type": "time"}),
            "accepts_messages_from": forms.RadioSelect,
        }
        help_texts = {
            "accepts_messages_from": "Members you blocked can never message you, whatever you choose here. "
            "Conversations you already have stay readable.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.time_zone_chosen:
            # The script preselects the browser's zone; without it the list shows the current one.
            self.fields["time_zone"].widget.attrs["data-browser-time-zone"] = ""
        self.initial["mute_words"] = "\n".join(self.instance.mute_words or [])
        self.fields["accepts_messages_from"].required = False
        expanded, hidden = set(self.instance.expanded_warnings), set(self.instance.hidden_warnings)
        for kind, label in ContentWarning.choices:
            initial = self.HIDE if kind in hidden else self.SHOW if kind in expanded else self.COLLAPSED
            self.fields[f"warning_{kind}"] = forms.ChoiceField(
                choices=self.WARNING_CHOICES, initial=initial, widget=forms.RadioSelect, label=label
            )

    def clean_accepts_messages_from(self):
        # Optional in the form, so that a page saved without the choice keeps the member's own.
        return self.cleaned_data.get("accepts_messages_from") or self.instance.accepts_messages_from

    def warning_fields(self):
        return [field for field in self if field.name.startswith("warning_")]

    def other_fields(self):
        return [
            field
            for field in self.visible_fields()
            if not field.name.startswith("warning_") and field.name != "mute_words"
        ]

    def clean_mute_words(self):
        words = []
        for line in self.cleaned_data["mute_words"].splitlines():
            word = mute.normalise_mute_word(line)
            if not word or word in words:
                continue
            if len(word) > mute.MAX_MUTE_WORD_LENGTH:
                raise forms.ValidationError(
                    f"“{word[:30]}…” is longer than {mute.MAX_MUTE_WORD_LENGTH} characters."
                )
            words.append(word)
        if len(words) > mute.MAX_MUTE_WORDS:
            raise forms.ValidationError(
                f"That is {len(words)} words and phrases; the limit is {mute.MAX_MUTE_WORDS}."
            )
        return words

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_hours_start"), cleaned.get("quiet_hours_end")
        if (start is None) != (end is None):
            raise forms.ValidationError("Set both the start and the end of your quiet hours, or neither.")
        return cleaned

    def save(self, commit=True):
        # One choice per kind, so no kind can be both always shown and hidden.
        choices = {
            field.name.removeprefix("warning_"): self.cleaned_data[field.name]
            for field in self.warning_fields()
        }
        self.instance.expanded_warnings = [kind for kind, choice in choices.items() if choice == self.SHOW]
        self.instance.hidden_warnings = [kind for kind, choice in choices.items() if choice == self.HIDE]
        self.instance.time_zone_chosen = True  # saved from the list, as the member saw it
        return super().save(commit)


class TakeBreakForm(forms.Form):
    days = forms.TypedChoiceField(
        choices=[(1, "1 day"), (3, "3 days"), (7, "1 week"), (14, "2 weeks"), (28, "4 weeks")],
        coerce=int,
        initial=7,
        widget=forms.RadioSelect,
        label="How long",
    )
    hidden_categories = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Also leave these categories out of Latest (optional)",
        help_text="They stay one click away on their own pages.",
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hidden_categories"].queryset = Category.objects.readable_by(member)
