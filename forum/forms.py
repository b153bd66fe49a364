from django import forms
from django.conf import settings

from forum.models import Category

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


class ThreadForm(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.all(), empty_label=None)
    title = TitleField()
    body = BodyField()


class ReplyForm(forms.Form):
    body = BodyField(label="Your reply")


class EditPostForm(forms.Form):
    body = BodyField()

    def __init__(self, *args, with_title=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_title:
            self.fields = {"title": TitleField(), **self.fields}
