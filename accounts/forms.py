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
