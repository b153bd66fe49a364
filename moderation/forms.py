from django import forms
from django.conf import settings

from forum.models import Category
from forum.permissions import moderation_scope
from moderation.models import ConversationOutcome, CrisisOutcome, FlagReason, ModerationAction
from moderation.services import REFERRAL_MESSAGE_LENGTH
from orgs.models import ReferralEntry
from orgs.selectors import referral_choices


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=FlagReason.choices, widget=forms.RadioSelect, label="What's the concern?"
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything moderators should know? (required for “Something else”)",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == FlagReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", "Please tell the moderators what the concern is.")
        return cleaned


REASON_FIELD = {
    "label": "Reason (recorded in the audit log; shown to the member where they are told)",
    "max_length": 1000,
    "widget": forms.Textarea(attrs={"rows": 2}),
    "error_messages": {"required": "Please give a reason: every moderation action records one."},
}


class CrisisOutcomeFields(forms.Form):
    """What was done for a member who may be at risk: every crisis item closes with one."""

    outcome = forms.ChoiceField(
        choices=[("", "Choose what was done"), *CrisisOutcome.choices],
        required=False,
        label="Outcome for the member",
    )
    outcome_note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (required when escalated: to whom, and why)",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == CrisisOutcome.ESCALATED and not cleaned.get("outcome_note", "").strip():
            self.add_error("outcome_note", "Please note who or what this was escalated to.")
        return cleaned

    def outcome_options(self) -> dict:
        return {"outcome": self.cleaned_data["outcome"], "outcome_note": self.cleaned_data["outcome_note"]}


class ReferralFields(forms.Form):
    """A private note pointing the member to one referral entry, sent when a possible crisis
    closes as escalated (services.referral_note): the entry and a few words of the moderator's."""

    referral = forms.ModelChoiceField(
        queryset=ReferralEntry.objects.none(),
        required=False,
        empty_label="Don't send a note",
        label="Send the member a private note pointing to (only when escalated)",
        help_text="They get a kind note in their notifications, which only they can see. "
        "An anonymous author gets it too, without anyone learning who they are.",
        error_messages={"invalid_choice": "Choose one of the listed services."},
    )
    referral_message = forms.CharField(
        required=False,
        max_length=REFERRAL_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="A few words of your own in the note (optional)",
        help_text="Members who get email notifications also get the note by email: say nothing "
        "about what they posted.",
    )

    def offer_referrals(self, circle_id: int | None) -> None:
        """The entries to choose from: those for where the crisis is (orgs.selectors.referral_choices)."""
        self.fields["referral"].queryset = referral_choices(circle_id)
        self.fields["referral"].label_from_instance = _referral_label

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("referral") and cleaned.get("outcome") != CrisisOutcome.ESCALATED:
            self.add_error("referral", "A note pointing to a service goes with the outcome “escalated”.")
        return cleaned

    def referral_options(self) -> dict:
        return {
            "referral": self.cleaned_data.get("referral"),
            "referral_message": self.cleaned_data.get("referral_message", ""),
        }


class CrisisCloseForm(ReferralFields, CrisisOutcomeFields):
    """Closing a possible crisis; when escalated, the moderator may also send the member a private
    note pointing to one referral entry (from where the post is)."""

    outcome = forms.ChoiceField(
        choices=CrisisOutcome.choices,
        widget=forms.RadioSelect,
        label="What was done for the member?",
        error_messages={"required": "Choose the outcome: every crisis item closes with one."},
    )
    field_order = ["outcome", "outcome_note", "referral", "referral_message"]

    def __init__(self, *args, circle_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_referrals(circle_id)


def _referral_label(entry) -> str:
    where = f" ({entry.organisation.name})" if entry.organisation_id else ""
    return f"{entry.get_kind_display()}: {entry.name}{where}"


# Reasons a routine decision may give with one click; hiding, editing, deleting, warning and
# suspending always need a reason written for the case (it is shown to the member).
ROUTINE_REASONS = [
    ("guidelines", "Within the community guidelines"),
    ("no_breach", "Flag reviewed: no breach of the guidelines"),
    ("no_identifying_details", "No client-identifying details"),
    ("disagreement", "A difference of opinion, not a breach"),
]
ROUTINE_ACTIONS = {"approve", "dismiss"}


class EntryActionForm(CrisisOutcomeFields):
    """One form for the actions on a queue entry; `action` says which, the rest is per action.
    On a possible crisis, the actions that close it need an outcome (services checks). A routine
    decision (approve, dismiss flags) may give a preset reason instead of a written one."""

    ACTIONS = [
        ("approve", "Approve"),
        ("dismiss", "Dismiss flags"),
        ("hide", "Hide the post"),
        ("redact", "Edit or redact the post"),
        ("delete", "Delete the post"),
        ("lock", "Lock the thread"),
        ("unlock", "Unlock the thread"),
        ("move", "Move the thread"),
        ("warn", "Warn the member"),
        ("uphold", "Uphold the decision"),
        ("overturn", "Overturn the decision"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    preset_reason = forms.ChoiceField(choices=[("", "Write a reason"), *ROUTINE_REASONS], required=False)
    reason = forms.CharField(**{**REASON_FIELD, "required": False})
    body = forms.CharField(required=False, max_length=settings.HAVEN_MAX_POST_LENGTH, widget=forms.Textarea)
    category = forms.ModelChoiceField(queryset=Category.objects.all(), required=False)

    def __init__(self, *args, moderator=None, **kwargs):
        super().__init__(*args, **kwargs)
        if moderator is not None:  # only categories they moderate (a circle's, for its moderators)
            scope = moderation_scope(moderator)
            self.fields["category"].queryset = Category.objects.filter(scope.categories_q())

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if not cleaned.get("reason", "").strip() and "reason" not in self.errors:
            preset = dict(ROUTINE_REASONS).get(cleaned.get("preset_reason", ""))
            if action in ROUTINE_ACTIONS and preset:
                cleaned["reason"] = preset
            else:
                self.add_error("reason", REASON_FIELD["error_messages"]["required"])
        if action == "redact" and not cleaned.get("body", "").strip():
            self.add_error("body", "The edited post can't be empty; delete it instead.")
        if action == "move" and not cleaned.get("category"):
            self.add_error("category", "Choose the category to move the thread to.")
        return cleaned


class WarnForm(forms.Form):
    reason = forms.CharField(**REASON_FIELD)


class ShiftForm(forms.Form):
    on_shift = forms.TypedChoiceField(
        choices=[("1", "On shift"), ("0", "Off shift")], coerce=lambda value: value == "1"
    )


class SuspendForm(forms.Form):
    DURATIONS = [("1", "1 day"), ("3", "3 days"), ("7", "1 week"), ("30", "30 days"), ("", "Indefinitely")]
    duration = forms.ChoiceField(choices=DURATIONS, required=False, initial="7")
    reason = forms.CharField(**REASON_FIELD)

    @property
    def days(self) -> int | None:
        return int(self.cleaned_data["duration"]) if self.cleaned_data.get("duration") else None


class AppealForm(forms.Form):
    message = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Why should moderators look again?",
        help_text="You can appeal once. A different moderator will read this if possible.",
        error_messages={"required": "Please write a short message for the moderators."},
    )


class AuditLogFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Any action"), *ModerationAction.Kind.choices], required=False)
    actor = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    member = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class VerificationDecisionForm(forms.Form):
    DECISIONS = [("approve", "Approve: show “Verified: ROLE”"), ("decline", "Decline")]
    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect, label="Decision")
    reason = forms.CharField(
        **{**REASON_FIELD, "label": "Reason (recorded in the audit log and told to the member)"}
    )

    @property
    def approves(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class GrantPeerSupportForm(forms.Form):
    """The training behind the peer-supporter role: its date and the course's name, nothing else."""

    trained_on = forms.DateField(
        label="Training completed on", widget=forms.DateInput(attrs={"type": "date"})
    )
    course = forms.CharField(max_length=120, label="Training course")


class RevokePeerSupportForm(forms.Form):
    reason = forms.CharField(**REASON_FIELD)


class StepBackForm(forms.Form):
    DURATIONS = [
        ("1", "A day"),
        ("3", "3 days"),
        ("7", "A week"),
        ("14", "Two weeks"),
        ("", "Until I step back in"),
    ]
    days = forms.ChoiceField(choices=DURATIONS, required=False, initial="3", label="Step back for")

    def clean_days(self) -> int | None:
        return int(self.cleaned_data["days"]) if self.cleaned_data["days"] else None


class ConversationReportCloseForm(ReferralFields):
    """Closing a report about a private conversation: a crisis in a message closes with a
    CrisisOutcome and, escalated, may send its writer a note pointing to one of the deployment's
    referral entries (a conversation is in no circle); a member's report closes with a
    ConversationOutcome."""

    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="What was done?")
    outcome_note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (required when escalated)",
    )
    field_order = ["outcome", "outcome_note", "referral", "referral_message"]

    def __init__(self, *args, crisis: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if crisis:
            self.fields["outcome"].choices = CrisisOutcome.choices
            self.offer_referrals(None)
        else:
            self.fields["outcome"].choices = ConversationOutcome.choices
            self.fields["outcome_note"].label = "Note (optional)"
            del self.fields["referral"], self.fields["referral_message"]
