from django import forms

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
