"""Categories, threads, posts and their revisions.

Counters (threads and posts per category, replies per thread and per post, posts per member) are
denormalised so that lists never count rows; only the write services in forum/services.py change
them. Each post has a `position` in its thread (1 is the opening post), which makes the thread's
pages and every permalink a simple range lookup.
"""

from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Exists, F, Lookup, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User, verified_label_for
from forum.permissions import has_verified_access, moderation_scope
from orgs.access import circles_of


class VersionedQuerySet(models.QuerySet):
    """Every UPDATE through a queryset also bumps the rows' `version` (see VersionedModel)."""

    def update(self, **kwargs):
        kwargs.setdefault("version", F("version") + 1)
        return super().update(**kwargs)


class VersionedModel(models.Model):
    """A row whose rendered form is cached under its id and `version` (forum/fragments.py).

    Every write to the row bumps the version, in the same statement: save() and every queryset
    update() (VersionedQuerySet). So the cached HTML of a version is the HTML of one state of the
    row, whoever wrote it and however: a service, the admin, a command. The bump is an SQL
    expression, so two writes at once get two versions. A write that changes nothing shown costs
    one render on the next page view, nothing worse. (bulk_update() and raw SQL skip it; nothing
    in Haven writes these rows that way.)
    """

    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, **kwargs):
        bumped = not self._state.adding
        if bumped:
            self.version = F("version") + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(**kwargs)
        if bumped:
            self.refresh_from_db(fields=["version"])


class ContentWarning(models.TextChoices):
    SUICIDE_SELF_HARM = "suicide_self_harm", "Suicide or self-harm"
    ABUSE = "abuse", "Abuse"
    VIOLENCE = "violence", "Violence"
    GRAPHIC = "graphic", "Graphic detail"
    OTHER = "other", "Other"


class CategoryQuerySet(models.QuerySet):
    def readable_by(self, user):
        """Categories whose threads USER may read: the one rule for categories. Verified-only ones
        need verified access; a circle's categories are for the circle's members only (whatever
        else they are: site moderators included)."""
        return self.filter(_readable_category(user))

    def unreadable_by(self, user):
        """The ids of the categories USER may not read (readable_by's complement), as a subquery:
        what every list, thread, post, search, notification and moderation query leaves out."""
        return Category.objects.exclude(_readable_category(user)).values("pk")

    def in_circles(self, circles):
        """The categories of CIRCLES (ids)."""
        return self.filter(circle_id__in=circles)

    def with_following(self, user):
        """With `following`: whether USER follows each category (False for anonymous visitors)."""
        if not user.is_authenticated:
            return self.annotate(following=models.Value(False))
        return self.annotate(
            following=Exists(CategorySubscription.objects.filter(user=user, category=OuterRef("pk")))
        )

    def postable_by(self, user):
        """Categories USER may start threads in (their suspension aside: see can_start_thread)."""
        categories = self.readable_by(user)
        if has_verified_access(user):
            return categories
        return categories.filter(access=Category.Access.OPEN)


def _readable_category(user) -> Q:
    """The condition readable_by puts on a category (see there)."""
    member_of = circles_of(user).member_of
    readable = Q(circle__isnull=True)
    if member_of:
        readable |= Q(circle_id__in=sorted(member_of))
    if not has_verified_access(user):
        readable &= ~Q(access=Category.Access.VERIFIED_ONLY)
    return readable


class Category(models.Model):
    class Access(models.TextChoices):
        OPEN = "open", "Open: every member reads and posts"
        VERIFIED_POST = "verified_post", "Every member reads; verified members post"
        VERIFIED_ONLY = "verified_only", "Verified members only: reading and posting"

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    access = models.CharField(
        max_length=20,
        choices=Access.choices,
        default=Access.OPEN,
        db_default=Access.OPEN,
        help_text="Verified members are those a moderator verified; moderators always read and post.",
    )
    circle = models.ForeignKey(
        "orgs.Circle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="categories",
        help_text="A circle's categories are read only by its members and moderated by its moderators. "
        "Empty: a category for the whole site.",
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category", args=[self.slug])

    @property
    def is_verified_only(self) -> bool:
        return self.access == self.Access.VERIFIED_ONLY

    @property
    def posting_needs_verification(self) -> bool:
        return self.access != self.Access.OPEN


THREAD_LIST_ORDER = ("-is_pinned", "-last_activity_at", "-id")  # matches the list indexes


class ThreadQuerySet(VersionedQuerySet):
    def visible_to(self, user):
        """Threads USER may open: those in categories they may read (Category.objects.readable_by:
        verified-only categories, circles), and of those the hidden ones only where USER moderates
        the category (site moderators: the site's categories; circle moderators: their circle's)
        or started the thread."""
        threads = self.filter(is_deleted=False).in_categories_readable_by(user)
        scope = moderation_scope(user)
        if scope.covers_all_readable:
            return threads
        shown = Q(is_hidden=False)
        if user.is_authenticated:
            shown |= Q(author=user)
        if scope.moderates_anything:
            shown |= Q(category__in=Category.objects.filter(scope.categories_q()).values("pk"))
        return threads.filter(shown)

    def in_categories_readable_by(self, user):
        """Leave out threads in categories USER may not read (Category.objects.unreadable_by)."""
        # By category id rather than by joining each thread to its category: a list's page is found
        # by skipping the rows before it in an index that carries the category id, and checking an
        # id against the few unreadable ones took half as long as a join per skipped row. It has
        # to be NOT IN: PostgreSQL plans `category_id IN (readable ones)` as that join again.
        return self.exclude(category__in=Category.objects.unreadable_by(user))

    def with_member_state(self, user):
        """With what USER's own relationship to each thread is, inside the same query: how far they
        have read (`read_position`, 0 if never opened), their follow level (`subscription_level`)
        and whether they saved it (`is_bookmarked`). Nothing is added for anonymous visitors."""
        if not user.is_authenticated:
            return self
        # Written as SQL: built through Subquery and Exists, these cost more CPU than the thread
        # query they join, on every thread page a member opens. Values are parameters.
        state = {
            "read_position": (
                f"COALESCE(({_members_thread_row(ThreadRead, 'last_read_position')}), 0)",
                models.IntegerField(),
            ),
            "subscription_level": (
                f"({_members_thread_row(ThreadSubscription, 'level')})",
                models.CharField(),
            ),
            "is_bookmarked": (
                f"EXISTS ({_members_thread_row(Bookmark, '1')} AND post_id IS NULL)",
                models.BooleanField(),
            ),
        }
        return self.annotate(
            **{name: RawSQL(sql, [user.pk], output_field=field) for name, (sql, field) in state.items()}  # noqa: S611
        )

    def with_read_marker(self, user):
        """With `read_marker`: how far USER has read each thread, None where they never opened it
        (in the same query; a list page would otherwise look the markers up in another)."""
        if not user.is_authenticated:
            return self
        marker = _members_thread_row(ThreadRead, "last_read_position")
        return self.annotate(read_marker=RawSQL(marker, [user.pk], output_field=models.IntegerField()))  # noqa: S611

    def unread_by(self, user):
        """Threads USER has opened that have posts past how far they read, less those "mark all
        read" covers (as selectors.with_read_state counts them)."""
        behind = ThreadRead.objects.filter(
            user=user, thread=OuterRef("pk"), last_read_position__lt=OuterRef("post_count")
        )
        threads = self.filter(Exists(behind))
        if user.all_read_at:
            threads = threads.filter(last_activity_at__gt=user.all_read_at)
        return threads

    def new_to(self, user, since):
        """Threads started since SINCE by someone else that USER has never opened, less those
        "mark all read" covers."""
        opened = ThreadRead.objects.filter(user=user, thread=OuterRef("pk"))
        threads = self.filter(created_at__gte=since).exclude(author=user).exclude(Exists(opened))
        if user.all_read_at:
            threads = threads.filter(last_activity_at__gt=user.all_read_at)
        return threads

    def listed(self):
        """Threads that appear in the public lists (matches the list indexes' condition)."""
        return self.filter(is_deleted=False, is_hidden=False)

    def for_list(self):
        """Everything a thread list row shows, in list order (pinned first, then recent activity):
        the author, and of the last post only what "last reply by …" needs (Thread.last_reply_by).
        Not the category: the list pages have their categories loaded already."""
        return (
            self.select_related("author")
            .defer(*User.fields_not_shown_as_author("author"))
            .annotate(
                last_post_is_anonymous=F("last_post__is_anonymous"),
                last_post_author_name=F("last_post__author__display_name"),
                last_post_author_role=F("last_post__author__verified_role"),
                last_post_version=F("last_post__version"),
                last_post_author_version=F("last_post__author__profile_version"),
            )
            .order_by(*THREAD_LIST_ORDER)
        )

    def list_rows(self, window: "ListWindow"):
        """The rows of this list that WINDOW (list_window) names, at about the same cost at any depth.

        A plain OFFSET would join every skipped thread to its author and category before throwing
        it away. Here a subquery finds the page's ids in the list index alone, counting from
        whichever end of the list is nearer, and only those rows are joined: page 5,000 costs what
        page 1 does, and the middle of a very long list costs an index-only scan of half of it.
        """
        order = (
            [field.removeprefix("-") for field in THREAD_LIST_ORDER] if window.from_end else THREAD_LIST_ORDER
        )
        ids = self.order_by(*order).values("id")[window.start : window.stop]
        return Thread.objects.filter(_IsOneOf(F("id"), ids)).for_list()


class ListWindow(NamedTuple):
    """Which rows of a list a page reads: START to STOP counted from its beginning, or from its end."""

    from_end: bool
    start: int
    stop: int


def list_window(*, offset: int, limit: int, total: int) -> ListWindow:
    """Rows OFFSET to OFFSET+LIMIT of a list TOTAL long, counted from whichever end is nearer."""
    end = min(offset + limit, total)
    if offset <= total - end:
        return ListWindow(False, offset, end)
    from_end = total - end
    return ListWindow(True, from_end, from_end + (end - offset))


class _IsOneOf(Lookup):
    """`lhs = ANY(ARRAY(subquery))`: the subquery's rows become an array that PostgreSQL looks up
    in an index. Written as `lhs IN (subquery)`, a page's 25 thread ids were hash-joined against a
    scan of the whole thread table whenever the planner thought it small enough (1 ms at 5,000
    threads, against 0.3 ms)."""

    lookup_name = "is_one_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def _members_thread_row(model, column: str) -> str:
    """SQL selecting COLUMN of MODEL's row for one member (the %s parameter) and the thread of the
    enclosing query: their read marker, follow level or saved mark."""
    return f"SELECT {column} FROM {model._meta.db_table} WHERE user_id = %s AND thread_id = {Thread._meta.db_table}.id"  # noqa: S608


class Thread(VersionedModel):
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
    is_hidden = models.BooleanField(
        default=False, help_text="The opening post awaits approval or was hidden by moderators."
    )
    # Copied from the opening post so that lists need no extra join.
    is_anonymous = models.BooleanField(db_default=False, default=False)
    content_warning = models.CharField(
        max_length=20, choices=ContentWarning.choices, blank=True, db_default=""
    )
    content_warning_note = models.CharField(max_length=80, blank=True, db_default="")

    objects = ThreadQuerySet.as_manager()

    # Not columns: what querysets annotate (for_list, with_read_marker, with_member_state) and
    # what forum/selectors.py sets for the reader of a page, declared for the type checker.
    last_post_is_anonymous: bool
    last_post_author_name: str | None
    last_post_author_role: str | None
    last_post_version: int | None
    last_post_author_version: int | None
    read_marker: int | None
    read_position: int
    subscription_level: str | None
    is_bookmarked: bool
    unread: int | str | None
    muted_by_words: bool
    hidden_by_warning: bool

    class Meta:
        indexes = [
            # The category is included so that the latest list leaves out categories its reader
            # may not read (or set aside) from the index alone, without visiting each skipped
            # row: page 50 at 1M posts went from 3.6 to 0.9 ms.
            models.Index(
                fields=["-is_pinned", "-last_activity_at", "-id"],
                condition=Q(is_deleted=False, is_hidden=False),
                include=["category"],
                name="thread_latest_idx",
            ),
            models.Index(
                fields=["category", "-is_pinned", "-last_activity_at", "-id"],
                condition=Q(is_deleted=False, is_hidden=False),
                name="thread_category_latest_idx",
            ),
            # The unanswered-post watch reads the last HAVEN_WAITING_LIST_DAYS of threads.
            models.Index(
                fields=["created_at"],
                condition=Q(is_deleted=False, is_hidden=False),
                name="thread_created_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:thread", args=[self.slug, self.pk])

    @property
    def author_badge(self) -> str:
        """The verified role shown beside the author's name ("" for none); never on anonymous threads."""
        return verified_badge(is_anonymous=self.is_anonymous, author=self.author)

    @property
    def last_reply_by(self) -> str:
        """Who wrote the last post, as a list row names them. Needs ThreadQuerySet.for_list."""
        return byline_text(is_anonymous=self.last_post_is_anonymous, author_name=self.last_post_author_name)

    @property
    def last_reply_badge(self) -> str:
        """The last post's author's verified role ("" for none). Needs ThreadQuerySet.for_list."""
        return verified_badge(is_anonymous=self.last_post_is_anonymous, role=self.last_post_author_role)

    @property
    def slug(self):
        return slugify(self.title)[:60] or "thread"

    def page_count(self):
        return max(1, -(-self.post_count // settings.HAVEN_POSTS_PER_PAGE))


def byline_text(*, is_anonymous: bool, author_name: str | None) -> str:
    """How a post's author is named to other members: never the author of an anonymous post, and
    "Former member" once the account is gone."""
    if is_anonymous:
        return "Anonymous member"
    return author_name if author_name is not None else "Former member"


def verified_badge(*, is_anonymous: bool, author=None, role: str | None = None) -> str:
    """The badge rule, in one place: a verified author's role (from AUTHOR, or their ROLE where only
    that column was loaded), only where the author is public (so never on anonymous posts and
    threads, which would otherwise narrow down who wrote them, nor for a former member)."""
    if author is not None:
        role = author.verified_role
    return "" if is_anonymous else verified_label_for(role or "")


def peer_supporter_mark(*, is_anonymous: bool, author) -> bool:
    """The peer-supporter mark rule, in one place: shown only where the author is public."""
    return not is_anonymous and author is not None and author.is_peer_supporter


class PostQuerySet(VersionedQuerySet):
    def for_thread_page(self):
        """What a post on a thread page shows: the post and its author, and of the post it answers
        only what "in reply to …" needs (see Post.in_reply_to), not two more models per post."""
        return (
            self.select_related("author")
            .defer("search_vector", *User.fields_not_shown_as_author("author"))
            .annotate(
                parent_is_deleted=F("parent__is_deleted"),
                parent_is_anonymous=F("parent__is_anonymous"),
                parent_author_name=F("parent__author__display_name"),
                parent_version=F("parent__version"),
                parent_author_version=F("parent__author__profile_version"),
            )
        )

    def visible_to(self, user):
        """Posts USER may see: the one rule, used by every page that shows, opens, edits, flags or
        finds a post. A post is visible where its thread is (Thread.objects.visible_to: hidden
        threads and verified-only categories) and the post itself is (visible_in_thread)."""
        return self.visible_in_thread(user).filter(thread__in=Thread.objects.visible_to(user))

    def visible_in_thread(self, user):
        """What visible_to asks of the post itself, for the posts of a thread USER was already
        allowed to open through Thread.objects.visible_to (the thread page, and nowhere else).

        Published posts are visible to all readers; a post awaiting review or hidden is visible
        only to its author (with a notice) and to moderators. A deleted post stays as a
        placeholder where others answered it, and always as a thread's opening post, so that the
        conversation around it still reads.
        """
        posts = self.filter(Q(is_deleted=False) | Q(direct_reply_count__gt=0) | Q(position=1))
        scope = moderation_scope(user)
        if scope.covers_all_readable:
            return posts
        published = Q(state=Post.State.PUBLISHED)
        if user.is_authenticated:
            published |= Q(author=user)
        if scope.moderates_anything:
            published |= Q(thread__category__in=Category.objects.filter(scope.categories_q()).values("pk"))
        return posts.filter(published)


class Post(VersionedModel):
    """The opening post of a thread and every reply share this model."""

    # Large columns that lists and thread pages never show: left out of those queries.
    HEAVY_FIELDS = ("body", "body_html", "search_vector")

    class State(models.TextChoices):
        PUBLISHED = "published", "Published"
        PENDING = "pending", "Awaiting approval"
        AUTO_HIDDEN = "auto_hidden", "Hidden until reviewed (flagged by several members)"
        HIDDEN = "hidden", "Hidden by a moderator"

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
    state = models.CharField(max_length=20, choices=State.choices, default=State.PUBLISHED)
    hidden_reason = models.TextField(
        blank=True, help_text="Shown to the author when a moderator hides the post."
    )
    edited_by_moderator = models.BooleanField(default=False)
    is_deleted = models.BooleanField(default=False)
    deleted_by_moderator = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    is_anonymous = models.BooleanField(
        db_default=False,
        default=False,
        help_text='Shown as by "Anonymous member"; only moderators can reveal.',
    )
    content_warning = models.CharField(
        max_length=20, choices=ContentWarning.choices, blank=True, db_default=""
    )
    content_warning_note = models.CharField(max_length=80, blank=True, db_default="")
    support_count = models.PositiveIntegerField(db_default=0, default=0)
    relate_count = models.PositiveIntegerField(db_default=0, default=0)
    helpful_count = models.PositiveIntegerField(db_default=0, default=0)
    # The thread's title, on opening posts only, so that one indexed vector covers titles and bodies.
    search_title = models.CharField(max_length=settings.HAVEN_MAX_TITLE_LENGTH, blank=True, db_default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_title", weight="A", config="english")
        + SearchVector("body", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = PostQuerySet.as_manager()

    # Not columns: what PostQuerySet.for_thread_page annotates, what forum/selectors.py sets for the
    # reader of a page (decorate_posts), and the report the safeguards leave on a new post.
    parent_is_deleted: bool | None
    parent_is_anonymous: bool | None
    parent_author_name: str | None
    parent_version: int | None
    parent_author_version: int | None
    my_reactions: set[str]
    is_bookmarked: bool
    by_blocked_member: bool
    warning_expanded: bool
    muted_by_words: bool
    hidden_by_warning: bool
    safeguard_report: Any

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "position"], name="post_position_unique")]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="post_author_recent_idx"),
            # Search walks matches newest first and stops at MAX_CANDIDATES (forum/search.py).
            models.Index(fields=["-created_at"], name="post_recent_idx"),
            GinIndex(fields=["search_vector"], name="post_search_idx"),
        ]

    def __str__(self):
        return f"Post {self.pk} in thread {self.thread_id}"

    def get_absolute_url(self):
        return reverse("forum:post", args=[self.pk])

    @property
    def is_opening_post(self):
        return self.position == 1

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def author_badge(self) -> str:
        """The verified role shown beside the author's name ("" for none); never on anonymous posts."""
        return verified_badge(is_anonymous=self.is_anonymous, author=self.author)

    @property
    def by_peer_supporter(self) -> bool:
        """Whether the "Peer supporter" mark shows beside the author's name; never on anonymous posts."""
        return peer_supporter_mark(is_anonymous=self.is_anonymous, author=self.author)

    @property
    def in_reply_to(self) -> str:
        """Whom this reply answers, as its "in reply to …" link says ("" when it answers nobody).
        Needs PostQuerySet.for_thread_page."""
        if not self.parent_id:
            return ""
        if self.parent_is_deleted:
            return "a deleted post"
        return byline_text(is_anonymous=self.parent_is_anonymous, author_name=self.parent_author_name)

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


class Notification(models.Model):
    """Something a member should know about: shown in the site, and emailed per their preference."""

    class Kind(models.TextChoices):
        REPLY = "reply", "Reply"
        MENTION = "mention", "Mention"
        QUOTE = "quote", "Quote"
        REACTION = "reaction", "Reaction"
        MODERATION = "moderation", "Moderation"

    class Email(models.TextChoices):
        NONE = "none", "Not emailed"
        PENDING = "pending", "Waiting to be emailed"
        SENT = "sent", "Emailed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=1, help_text="How many events this batches (reactions).")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.NONE)
    private = models.BooleanField(
        default=False, help_text="Its words stay in the site: an email only says there is a note to read."
    )

    shown_message: str  # not a column: set for the reader by forum/selectors.py (notifications_for)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recent_idx"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            ),
            models.Index(
                fields=["recipient"], condition=Q(email="pending"), name="notification_email_due_idx"
            ),
        ]

    def __str__(self):
        return self.message


class ThreadRead(models.Model):
    """How far a member has read a thread: the last post position they have seen."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_read_position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="one_read_marker_per_thread")]

    def __str__(self):
        return f"{self.user_id} read {self.thread_id} to {self.last_read_position}"


class Bookmark(models.Model):
    """A saved thread (post empty) or a saved post."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"], condition=Q(post__isnull=True), name="one_thread_bookmark"
            ),
            models.UniqueConstraint(fields=["user", "post"], name="one_post_bookmark"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="bookmark_recent_idx")]

    def __str__(self):
        return f"Bookmark {self.pk}"


class ThreadSubscription(models.Model):
    class Level(models.TextChoices):
        FOLLOWING = "following", "Following"
        MUTED = "muted", "Muted"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    level = models.CharField(max_length=10, choices=Level.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="one_subscription_per_thread")]

    def __str__(self):
        return f"{self.user_id} {self.level} {self.thread_id}"


class CategorySubscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="subscriptions")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="one_subscription_per_category")
        ]

    def __str__(self):
        return f"{self.user_id} follows category {self.category_id}"


class Reaction(models.Model):
    """Supportive reactions, not likes: at most one of each kind per member per post."""

    class Kind(models.TextChoices):
        SUPPORT = "support", "Sending support"
        RELATE = "relate", "I relate"
        HELPFUL = "helpful", "Helpful"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post", "kind"], name="one_reaction_of_a_kind")
        ]

    def __str__(self):
        return f"{self.kind} on {self.post_id}"
