from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from accounts import evidence, names
from accounts.models import VerificationApplication
from forum import mute

User = get_user_model()


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS) with the member's pseudonym.

    An address that already belongs to a member gets the same answer as a new one (allauth's
    ACCOUNT_PREVENT_ENUMERATION): the same page and message, and the same work, so the time taken
    tells nothing either: one password hash and one queued email ("you already have an account"
    instead of the verification link). See tests/security/test_enumeration.py.
    """

    display_name = forms.CharField(
        min_length=2,
        max_length=30,
        help_text="How other members will see you. A pseudonym is welcome; your email is never shown.",
        validators=User._meta.get_field("display_name").validators,
    )

    # The browser's time zone, filled in by static/js/haven.js; without it (no JavaScript, or a
    # zone we don't know) the member keeps UTC and chooses from the full list in their preferences.
    time_zone = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""})
    )

    field_order = ["display_name", "email", "password1", "password2"]

    def clean_display_name(self):
        display_name = self.cleaned_data["display_name"]
        names.check_display_name(display_name)  # the rule the profile page and the admin apply
        return display_name

    def try_save(self, request):
        if self.account_already_exists:
            # No account is made, so allauth would hash nothing; a new account's password is hashed,
            # and that hash is most of the time a sign-up takes. Hash this one too, and discard it.
            make_password(self.cleaned_data["password1"])
        try:
            return super().try_save(request)
        except IntegrityError:
            # Checked a moment ago, taken since: two sign-ups with the same or look-alike names (or
            # the same address) at once. Nothing was saved; the form comes back with the reason.
            self.add_error(
                "display_name",
                "Someone signed up with this name, or one that looks like it, a moment ago. "
                "Please choose another; nothing else was lost.",
            )
            return None, render(
                request, "account/signup.html", {"form": self, "login_url": reverse("account_login")}
            )

    @transaction.atomic  # the member, their pseudonym and their address, or none of them
    def save(self, request):
        return super().save(request)

    def clean_time_zone(self):
        zone = self.cleaned_data["time_zone"]
        return zone if zone in dict(_time_zone_choices()) else ""  # a hint: an unknown one is ignored

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        if self.cleaned_data.get("time_zone"):
            user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "time_zone"])


class ProfileForm(forms.ModelForm):
    """A member's public profile. A new display name is checked by User.clean (accounts/names.py)."""

    class Meta:
        model = User
        fields = ["display_name", "profession", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


def _time_zone_choices():
    from zoneinfo import available_timezones

    return [
        (name, name.replace("_", " "))
        for name in sorted(available_timezones())
        if "/" in name or name == "UTC"
    ]


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
        choices=_time_zone_choices, help_text="Quiet hours and digests follow your time."
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
            "hide_post_list", "mute_words",
        ]  # fmt: skip
        labels = {
            "email_notifications": "Email me about notifications",
            "hide_post_list": "Hide my post list on my profile",
        }
        widgets = {
            "quiet_hours_start": forms.TimeInput(attrs={"type": "time"}),
            "quiet_hours_end": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, **kwargs):
        from forum.models import ContentWarning

        super().__init__(*args, **kwargs)
        self.initial["mute_words"] = "\n".join(self.instance.mute_words or [])
        expanded, hidden = set(self.instance.expanded_warnings), set(self.instance.hidden_warnings)
        for kind, label in ContentWarning.choices:
            initial = self.HIDE if kind in hidden else self.SHOW if kind in expanded else self.COLLAPSED
            self.fields[f"warning_{kind}"] = forms.ChoiceField(
                choices=self.WARNING_CHOICES, initial=initial, widget=forms.RadioSelect, label=label
            )

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
        from forum.models import Category

        super().__init__(*args, **kwargs)
        self.fields["hidden_categories"].queryset = Category.objects.readable_by(member)


class DeleteAccountForm(forms.Form):
    MODES = [
        ("anonymise", "Keep my posts, shown as by “Former member”"),
        ("delete", "Delete my posts too (where others replied, a short placeholder stays)"),
    ]
    mode = forms.ChoiceField(choices=MODES, widget=forms.RadioSelect, label="What happens to your posts")
    confirm = forms.BooleanField(label="I understand this can't be undone")


class VerificationForm(forms.ModelForm):
    """An application for the verified badge. The document is checked by size and by its content
    (PDF, PNG or JPEG), whatever its name says, and saved under a random name."""

    class Meta:
        model = VerificationApplication
        fields = ["role", "licence_number", "issuing_body", "document"]
        labels = {"role": "Your profession", "document": "A document (optional)"}
        help_texts = {
            "licence_number": "As it appears on the register, so a moderator can look it up.",
            "issuing_body": 'The register or licensing body, e.g. "Nursing and Midwifery Council".',
        }
        widgets = {
            "document": forms.FileInput(
                attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licence_number"].required = True
        self.fields["issuing_body"].required = True
        self.fields["document"].help_text = (
            "A registration certificate or licence card helps when the register isn't public: a PDF, "
            f"PNG or JPEG of at most {filesizeformat(settings.HAVEN_VERIFICATION_MAX_UPLOAD_BYTES)}."
        )

    def clean_licence_number(self):
        return self.cleaned_data["licence_number"].strip()

    def clean_issuing_body(self):
        return self.cleaned_data["issuing_body"].strip()

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not document:
            return None
        limit = settings.HAVEN_VERIFICATION_MAX_UPLOAD_BYTES
        if document.size > limit:
            raise forms.ValidationError(
                f"That file is {filesizeformat(document.size)}; the limit is {filesizeformat(limit)}."
            )
        if evidence.document_type(document) is None:
            raise forms.ValidationError("Please upload a PDF, PNG or JPEG file.")
        return document
