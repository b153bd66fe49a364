import uuid
from collections.abc import Callable

from django import forms
from django.conf import settings

from forum import safeguards, selectors
from forum.models import Category, ContentWarning

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


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", max_length=200, required=False, strip=True)
    category = forms.ChoiceField(required=False)
    author = forms.CharField(required=False, max_length=30, label="Author (display name)")

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        # The categories MEMBER may read, from the query compiled once per worker (forum/selectors.py).
        self.categories = {str(category.pk): category for category in selectors.readable_categories(member)}
        self.fields["category"].choices = [
            ("", "All categories"),
            *((pk, category.name) for pk, category in self.categories.items()),
        ]

    def clean_category(self):
        return self.categories.get(self.cleaned_data.get("category"))

    def clean_author(self):
        from accounts.models import User

        name = self.cleaned_data.get("author", "").strip()
        if not name:
            return None
        member = User.objects.filter(display_name__iexact=name, is_deleted_account=False).first()
        if member is None:
            raise forms.ValidationError("No member has that display name.")
        return member


def new_submission_key() -> str:
    return uuid.uuid4().hex


class ConfidentialityCheckedForm(forms.Form):
    """A form whose text is checked for details that could identify a client before it is saved.

    When something looks identifying, the form is refused once with a warning naming it; the
    author edits it out or ticks the confirmation, and a confirmed post goes to moderators.
    """

    confirm_no_identifying_details = forms.BooleanField(
        required=False, label="I've checked: this contains no identifying information"
    )
    # A random key per form: the same form submitted twice (a double click, a resent request)
    # creates one post, not two.
    submission_key = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    checked_fields = ("body",)
    # What happens to a confirmed text, in the warning (private messages say something else).
    after_confirming = "a moderator will take a look"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.identifying_details = []
        self.fields["submission_key"].initial = new_submission_key()

    def clean(self):
        cleaned = super().clean()
        text = "\n".join(cleaned.get(name, "") for name in self.checked_fields)
        self.identifying_details = safeguards.find_identifying_details(text)
        if self.identifying_details and not cleaned.get("confirm_no_identifying_details"):
            found = "; ".join(str(finding) for finding in self.identifying_details)
            raise forms.ValidationError(
                f"This may identify a client or another real person: {found}. Please remove it, or "
                f"tick the box below if it is not identifying ({self.after_confirming}).",
                code="identifying_details",
            )
        return cleaned

    @property
    def confirmed_no_identifying_details(self) -> bool:
        return bool(self.identifying_details) and self.cleaned_data.get(
            "confirm_no_identifying_details", False
        )


class SafeMessagingCheckedForm(forms.Form):
    """A form whose draft is checked for crisis risk and for method detail before it is published
    (moderation's detectors, reached through forum/safeguards.py: the ones every saved post meets).

    When either finds something, the form is held once so the composer can show safe-messaging
    guidance (what helps, why method detail is removed) and crisis resources; the author's text
    comes back intact, and ticking the confirmation publishes it. Publishing always stays possible:
    this is care, not a filter. After publishing, the usual safeguards run (moderation/safeguards.py).
    """

    confirm_safe_messaging = forms.BooleanField(required=False, label="I've read this; post it")
    checked_fields = ("body",)

    def __init__(self, *args, answering: Callable[[], str] | None = None, **kwargs):
        """ANSWERING: gives the text of the post a reply answers, read only when the draft opens
        with "Same." or the like (forum.selectors.answered_text)."""
        super().__init__(*args, **kwargs)
        self.answering = answering
        self.crisis_screen = None  # the draft's, once clean() has screened it
        self.method_details = []

    @property
    def draft_suggests_crisis(self) -> bool:
        """The draft suggests its writer may be at risk (a tentative finding does not hold it)."""
        return bool(self.crisis_screen and self.crisis_screen.is_firm)

    @property
    def needs_safe_messaging(self) -> bool:
        """The draft suggests its writer may be at risk, or describes a method in detail."""
        return self.draft_suggests_crisis or bool(self.method_details)

    def clean(self):
        # Checked before the other form-wide checks run, so the guidance shows beside their errors.
        text = "\n".join(self.cleaned_data.get(name, "") for name in self.checked_fields)
        screening = safeguards.screen_draft(text, answering=self.answering)
        self.crisis_screen, self.method_details = screening.crisis, screening.method_details
        cleaned = super().clean()
        if self.needs_safe_messaging and not cleaned.get("confirm_safe_messaging"):
            raise forms.ValidationError(
                "Before this is posted, please read the note about talking safely.", code="safe_messaging"
            )
        return cleaned

    @property
    def awaits_only_safe_messaging(self) -> bool:
        """True when the guidance is all that stands between the draft and publishing."""
        errors = self.errors.as_data()
        return list(errors) == ["__all__"] and all(
            error.code == "safe_messaging" for error in errors["__all__"]
        )


class ContentWarningFields(forms.Form):
    content_warning = forms.ChoiceField(
        choices=[("", "No content warning"), *ContentWarning.choices],
        required=False,
        label="Content warning",
        help_text="Readers see the warning first and choose whether to open the post.",
    )
    content_warning_note = forms.CharField(
        required=False, max_length=80, label="Warning details (optional)", help_text='e.g. "loss of a child"'
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("content_warning") == ContentWarning.OTHER and not cleaned.get("content_warning_note"):
            self.add_error("content_warning_note", "Please say what the warning is about.")
        return cleaned

    def post_options(self) -> dict:
        return {
            "content_warning": self.cleaned_data.get("content_warning", ""),
            "content_warning_note": self.cleaned_data.get("content_warning_note", ""),
            "confirmed_no_identifying_details": self.confirmed_no_identifying_details,
        }


class AnonymousField(forms.BooleanField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            label="Post as “Anonymous member”",
            help_text="Other members won't see who wrote this. Moderators can find out only with a "
            "recorded reason, if safety requires it.",
            **kwargs,
        )


class ThreadForm(ContentWarningFields, SafeMessagingCheckedForm, ConfidentialityCheckedForm):
    category = forms.ModelChoiceField(queryset=Category.objects.all(), empty_label=None)
    title = TitleField()
    body = BodyField()
    anonymous = AnonymousField()
    field_order = [
        "category", "title", "body", "content_warning", "content_warning_note", "anonymous",
        "confirm_no_identifying_details", "confirm_safe_messaging",
    ]  # fmt: skip
    checked_fields = ("title", "body")

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member is not None:  # only the categories MEMBER may post in (verified ones need verification)
            self.fields["category"].queryset = Category.objects.postable_by(member)

    def post_options(self) -> dict:
        return {**super().post_options(), "anonymous": self.cleaned_data.get("anonymous", False)}


class ReplyForm(ContentWarningFields, SafeMessagingCheckedForm, ConfidentialityCheckedForm):
    body = BodyField(label="Your reply")
    anonymous = AnonymousField()
    field_order = [
        "body",
        "content_warning",
        "content_warning_note",
        "anonymous",
        "confirm_no_identifying_details",
        "confirm_safe_messaging",
    ]

    def post_options(self) -> dict:
        return {**super().post_options(), "anonymous": self.cleaned_data.get("anonymous", False)}


class EditPostForm(ContentWarningFields, SafeMessagingCheckedForm, ConfidentialityCheckedForm):
    body = BodyField()
    field_order = [
        "title",
        "body",
        "content_warning",
        "content_warning_note",
        "confirm_no_identifying_details",
        "confirm_safe_messaging",
    ]

    def __init__(self, *args, with_title=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_title:
            self.fields = {"title": TitleField(), **self.fields}
            self.checked_fields = ("title", "body")
