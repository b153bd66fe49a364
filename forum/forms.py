from django import forms
from django.conf import settings

from forum.models import Category
from moderation.confidentiality import find_identifying_details

BODY_HELP = "Markdown works: **bold**, *italic*, > quote, - lists, `code`. Links open safely."


class BodyField(forms.CharField):
    """A post body: required, not blank, at most HAVEN_MAX_POST_LENGTH characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Your post")
        kwargs.setdefault("help_text", BODY_HELP)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 10}))
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Please write something before posting.",
                "max_length": "Posts can be at most %(limit_value)s characters long "
                "(this one has %(show_value)s). Consider splitting it into two posts.",
            },
        )
        super().__init__(max_length=settings.HAVEN_MAX_POST_LENGTH, strip=True, **kwargs)


class TitleField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            max_length=settings.HAVEN_MAX_TITLE_LENGTH,
            min_length=3,
            strip=True,
            error_messages={
                "required": "Please give your thread a title.",
                "max_length": "Titles can be at most %(limit_value)s characters (this one has %(show_value)s).",
                "min_length": "Titles need at least %(limit_value)s characters.",
            },
            **kwargs,
        )


class ConfidentialityCheckedForm(forms.Form):
    """A form whose text is checked for details that could identify a client before it is saved.

    When something looks identifying, the form is refused once with a warning naming it; the
    author edits it out or ticks the confirmation, and a confirmed post goes to moderators.
    """

    confirm_no_identifying_details = forms.BooleanField(
        required=False, label="I've checked: this contains no identifying information"
    )
    checked_fields = ("body",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.identifying_details = []

    def clean(self):
        cleaned = super().clean()
        text = "\n".join(cleaned.get(name, "") for name in self.checked_fields)
        self.identifying_details = find_identifying_details(text)
        if self.identifying_details and not cleaned.get("confirm_no_identifying_details"):
            found = "; ".join(str(finding) for finding in self.identifying_details)
            raise forms.ValidationError(
                f"This may identify a client or another real person: {found}. Please remove it, or "
                "tick the box below if it is not identifying (a moderator will take a look).",
                code="identifying_details",
            )
        return cleaned

    @property
    def confirmed_no_identifying_details(self) -> bool:
        return bool(self.identifying_details) and self.cleaned_data.get(
            "confirm_no_identifying_details", False
        )


class ThreadForm(ConfidentialityCheckedForm):
    category = forms.ModelChoiceField(queryset=Category.objects.all(), empty_label=None)
    title = TitleField()
    body = BodyField()
    field_order = ["category", "title", "body", "confirm_no_identifying_details"]
    checked_fields = ("title", "body")


class ReplyForm(ConfidentialityCheckedForm):
    body = BodyField(label="Your reply")
    field_order = ["body", "confirm_no_identifying_details"]


class EditPostForm(ConfidentialityCheckedForm):
    body = BodyField()
    field_order = ["title", "body", "confirm_no_identifying_details"]

    def __init__(self, *args, with_title=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_title:
            self.fields = {"title": TitleField(), **self.fields}
            self.checked_fields = ("title", "body")
