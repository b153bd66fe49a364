"""Resource pages: articles the staff write in the admin for members (secondary traumatic stress,
burnout, moral injury, sleep, supervision…), tagged by topic, reviewed on a schedule, and
published or kept as drafts.

A page's Markdown is rendered through the one sanitiser (forum/markup.py) when it is saved, as a
post's is, so a page costs no rendering to show. Who may see a draft or the review schedule is
decided in resources/permissions.py; what a reader sees, in ResourcePage.objects.visible_to.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from forum.markup import render_markdown
from resources.permissions import can_manage_resources


class Topic(models.Model):
    """A tag the staff give pages, by which members filter the list."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ResourcePageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ResourcePage.Status.PUBLISHED)

    def visible_to(self, user):
        """The pages USER may read: published ones, and drafts too for the staff who edit them."""
        return self if can_manage_resources(user) else self.published()


class ResourcePage(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (only staff see it)"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(
        max_length=300, help_text="One or two plain sentences for the list of pages (no Markdown)."
    )
    body = models.TextField(help_text="Markdown, as in posts: headings, lists, links, emphasis.")
    body_html = models.TextField(editable=False)
    topics = models.ManyToManyField(Topic, blank=True, related_name="pages")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    reviewed_on = models.DateField(help_text="When someone last checked the page is still right.")
    next_review = models.DateField(help_text="When it should be checked again; staff see it flagged after.")
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ResourcePageQuerySet.as_manager()

    topic_list: list[Topic]  # not a column: its topics, in order, as resources/selectors.py loads them

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "title"], name="resource_page_list_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendered once, when saved, through the one sanitiser: as a post is.
        self.body_html = render_markdown(self.body)
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("resources:page", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def review_is_overdue(self, today=None) -> bool:
        return self.next_review < (today or timezone.localdate())
