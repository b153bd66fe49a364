from zoneinfo import available_timezones

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from accounts import consent, evidence, names
from accounts.models import VerificationApplication

User = get_user_model()


def time_zone_choices() -> list[tuple[str, str]]:
    """The time zones a member may choose: every Area/Location zone this server knows, and UTC."""
    return [
        (name, name.replace("_", " "))
        for name in sorted(available_timezones())
        if "/" in name or name == "UTC"
    ]


def consent_field() -> forms.BooleanField:
    """The explicit, separate, unticked consent to processing health information
    (accounts/consent.py): what, why, who sees it and for how long, with the notice behind it."""
    return forms.BooleanField(
        required=True,
        label="I agree that Haven may process health information I choose to share",
        help_text=(
            "What you write here about your work and how it affects you may say something about "
            "your health. Haven keeps it to run this peer-support space and keep members safe, "
            "including automatic checks for crisis and confidentiality that moderators review. "
            "Members and moderators see what you post; nobody else, and nothing is sold or used for "
            "advertising. It is kept until you delete it or your account. You can withdraw this "
            "consent at any time in your settings."
        ),
        error_messages={
            "required": "Please tick the box to agree, or Haven can't create your account: everything "
            "members write here may be health information. The privacy notice explains what that means."
        },
    )


class ConsentForm(forms.Form):
    consent = consent_field()


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

    consent = consent_field()

    field_order = ["display_name", "email", "password1", "password2", "consent"]

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
        return zone if zone in dict(time_zone_choices()) else ""  # a hint: an unknown one is ignored

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        if self.cleaned_data.get("time_zone"):
            user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "time_zone"])
        consent.give_consent(user)  # the box is required: no account without it


class ProfileForm(forms.ModelForm):
    """A member's public profile. A new display name is checked by User.clean (accounts/names.py)."""

    class Meta:
        model = User
        fields = ["display_name", "profession", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


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
