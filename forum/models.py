"""Categories, threads, posts and their revisions.

Counters (threads and posts per category, replies per thread and per post, posts per member) are
denormalised so that lists never count rows; only the write services in forum/services.py change
them. Each post has a `position` in its thread (1 is the opening post), which makes the thread's
pages and every permalink a simple range lookup.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category", args=[self.slug])


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Threads USER may see in lists and open."""
        return self.filter(is_deleted=False)

    def for_list(self):
        """Everything a thread list row shows, in list order (pinned first, then recent activity)."""
        return self.select_related("category", "author", "last_post__author").order_by(
            "-is_pinned", "-last_activity_at", "-id"
        )


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=settings.HAVEN_MAX_TITLE_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="threads"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    opening_post = models.OneToOneField(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_post = models.ForeignKey("Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reply_count = models.PositiveIntegerField(default=0, help_text="Replies members can see.")
    post_count = models.PositiveIntegerField(default=0, help_text="Posts ever written; the last position.")
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    is_deleted = models.BooleanField(default=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["-is_pinned", "-last_activity_at", "-id"],
                condition=Q(is_deleted=False),
                name="thread_latest_idx",
            ),
            models.Index(
                fields=["category", "-is_pinned", "-last_activity_at", "-id"],
                condition=Q(is_deleted=False),
                name="thread_category_latest_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:thread", args=[self.slug, self.pk])

    @property
    def slug(self):
        return slugify(self.title)[:60] or "thread"

    def page_count(self):
        return max(1, -(-self.post_count // settings.HAVEN_POSTS_PER_PAGE))


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Posts USER may see.

        A deleted post stays as a placeholder where others answered it, and always as a thread's
        opening post, so that the conversation around it still reads.
        """
        return self.filter(Q(is_deleted=False) | Q(direct_reply_count__gt=0) | Q(position=1))


class Post(models.Model):
    """The opening post of a thread and every reply share this model."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    position = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    direct_reply_count = models.PositiveIntegerField(default=0)
    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "position"], name="post_position_unique")]
        indexes = [models.Index(fields=["author", "-created_at"], name="post_author_recent_idx")]

    def __str__(self):
        return f"Post {self.pk} in thread {self.thread_id}"

    def get_absolute_url(self):
        return reverse("forum:post", args=[self.pk])

    @property
    def is_opening_post(self):
        return self.position == 1

    def page_number(self):
        return (self.position - 1) // settings.HAVEN_POSTS_PER_PAGE + 1

    def location_in_thread(self):
        """The thread page this post is on, scrolled to it. Needs `thread` loaded."""
        page = self.page_number()
        query = f"?page={page}" if page > 1 else ""
        return f"{self.thread.get_absolute_url()}{query}#post-{self.pk}"


class PostRevision(models.Model):
    """An earlier version of a post, saved each time it is edited. Never shown to other members."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=settings.HAVEN_MAX_TITLE_LENGTH, blank=True)
    body = models.TextField()
    written_at = models.DateTimeField(help_text="When this version was written.")
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"Version of post {self.post_id} replaced at {self.replaced_at:%Y-%m-%d %H:%M}"
