from django import forms
from django.conf import settings

from forum.forms import BODY_HELP, ConfidentialityCheckedForm, SafeMessagingCheckedForm


class MessageForm(SafeMessagingCheckedForm, ConfidentialityCheckedForm):
    """A private message, through the same safe-messaging and confidentiality steps as a post."""

    body = forms.CharField(
        label="Your message",
        help_text=BODY_HELP + " Images are not shown in messages.",
        max_length=settings.HAVEN_MAX_MESSAGE_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Please write something before sending.",
            "max_length": "Messages can be at most %(limit_value)s characters long (this one has %(show_value)s).",
        },
    )
    field_order = ["body", "confirm_no_identifying_details", "confirm_safe_messaging"]
    # Moderators never read a message unless a member reports the conversation: a confirmed
    # message raises no flag, unlike a post (conversations/services.py).
    after_confirming = "it stays between the two of you"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm_safe_messaging"].label = "I've read this; send it"


class ReportForm(forms.Form):
    consent = forms.BooleanField(
        label="I understand that moderators will then be able to read this conversation, "
        "every message in it up to now, from both of us.",
        error_messages={"required": "Please tick the box to confirm, or go back: nothing has been sent."},
    )
    note = forms.CharField(
        label="Anything moderators should know (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
