from allauth.socialaccount.forms import SignupForm as AllauthSocialSignupForm
from django import forms
from django.db import IntegrityError, transaction
from django.shortcuts import render

from accounts import consent, names
from accounts.forms import consent_field, time_zone_choices
from accounts.models import User


class InviteForm(forms.Form):
    """Invite a member by their display name, or make a single-use link."""

    display_name = forms.CharField(
        max_length=30, required=False, label="Invite a member by their display name"
    )
    link = forms.BooleanField(required=False, label="Or make a single-use invitation link")

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("display_name", "").strip()
        if cleaned.get("link"):
            return cleaned
        if not name:
            raise forms.ValidationError("Give a member's display name, or choose to make a link.")
        invitee = User.objects.filter(
            display_name__iexact=name, is_active=True, is_deleted_account=False
        ).first()
        if invitee is None:
            self.add_error("display_name", "There is no member by that name.")
        cleaned["invitee"] = invitee
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=[("member", "Member"), ("moderator", "Circle moderator")])


class IdentityProviderSignupForm(AllauthSocialSignupForm):
    """The first sign-in through an organisation's identity provider (SOCIALACCOUNT_FORMS): the
    member picks their pseudonym and gives the same consent as at sign-up, and that is all. No
    email is asked for or taken from the provider (orgs/identity.py); a member can add one for notifications later."""

    display_name = forms.CharField(
        min_length=2,
        max_length=30,
        help_text="How other members will see you. Your organisation never learns which name is yours.",
        validators=User._meta.get_field("display_name").validators,
    )
    # The browser's time zone, as on the ordinary sign-up form (accounts/forms.py).
    time_zone = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""})
    )
    consent = consent_field()  # explicit consent to processing health information, as at sign-up

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email", "email2", "phone"):
            self.fields.pop(name, None)

    def clean_display_name(self):
        display_name = self.cleaned_data["display_name"]
        names.check_display_name(display_name)
        return display_name

    def clean_time_zone(self):
        zone = self.cleaned_data["time_zone"]
        return zone if zone in dict(time_zone_choices()) else ""

    def try_save(self, request):
        try:
            return super().try_save(request)
        except IntegrityError:
            # Checked a moment ago, taken since (the adapter's save_user is one transaction).
            self.add_error(
                "display_name",
                "Someone chose this name, or one that looks like it, a moment ago. Please choose another.",
            )
            return None, render(request, "socialaccount/signup.html", {"form": self})

    @transaction.atomic  # the member, their pseudonym, hashed subject and membership, or none
    def save(self, request):
        member = self.sociallogin.user
        member.display_name = self.cleaned_data["display_name"]
        if self.cleaned_data.get("time_zone"):
            member.time_zone = self.cleaned_data["time_zone"]
        saved = super().save(request)
        consent.give_consent(saved)
        return saved


class ScimTokenForm(forms.Form):
    """A new token for the organisation's SCIM endpoint: only a name for the connection that uses it."""

    name = forms.CharField(
        max_length=80,
        label="Which connection will use it",
        help_text="For example “Entra ID provisioning”. You’ll see this name in the list, never the token.",
    )
