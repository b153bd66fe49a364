from django import forms
from django.contrib.auth import get_user_model

User = get_user_model()


def display_name_taken(display_name: str, exclude_pk=None) -> bool:
    members = User.objects.filter(display_name__iexact=display_name)
    if exclude_pk is not None:
        members = members.exclude(pk=exclude_pk)
    return members.exists()


class SignupForm(forms.Form):
    """Extra sign-up field for allauth (ACCOUNT_SIGNUP_FORM_CLASS): the member's pseudonym."""

    display_name = forms.CharField(
        min_length=2,
        max_length=30,
        help_text="How other members will see you. A pseudonym is welcome; your email is never shown.",
        validators=User._meta.get_field("display_name").validators,
    )

    field_order = ["display_name", "email", "password1", "password2"]

    def clean_display_name(self):
        display_name = self.cleaned_data["display_name"].strip()
        if display_name_taken(display_name):
            raise forms.ValidationError("That display name is already taken.")
        return display_name

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "profession", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def clean_display_name(self):
        display_name = self.cleaned_data["display_name"].strip()
        if display_name_taken(display_name, exclude_pk=self.instance.pk):
            raise forms.ValidationError("That display name is already taken.")
        return display_name


def _time_zone_choices():
    from zoneinfo import available_timezones

    return [
        (name, name.replace("_", " "))
        for name in sorted(available_timezones())
        if "/" in name or name == "UTC"
    ]


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=_time_zone_choices, help_text="Quiet hours and digests follow your time."
    )
    expanded_warnings = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Always show posts with these content warnings expanded",
        help_text="Posts with any other warning stay collapsed until you open them.",
    )

    class Meta:
        model = User
        fields = [
            "email_notifications", "time_zone", "quiet_hours_start", "quiet_hours_end",
            "expanded_warnings", "hide_post_list",
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
        self.fields["expanded_warnings"].choices = ContentWarning.choices

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_hours_start"), cleaned.get("quiet_hours_end")
        if (start is None) != (end is None):
            raise forms.ValidationError("Set both the start and the end of your quiet hours, or neither.")
        return cleaned


class DeleteAccountForm(forms.Form):
    MODES = [
        ("anonymise", "Keep my posts, shown as by “Former member”"),
        ("delete", "Delete my posts too (where others replied, a short placeholder stays)"),
    ]
    mode = forms.ChoiceField(choices=MODES, widget=forms.RadioSelect, label="What happens to your posts")
    confirm = forms.BooleanField(label="I understand this can't be undone")
