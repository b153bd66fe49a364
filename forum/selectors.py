"""Read queries that merge a member's own state (unread, reactions, bookmarks, follows, blocks,
warning preferences, mute words) into lists and thread pages, each in one query whatever the page
size (mute words and warning preferences are on the member's row: no query at all)."""

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections, router
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Block, User, Viewer
from forum import mute, notifications
from forum.models import (
    Bookmark,
    Category,
    Notification,
    Post,
    Reaction,
    Thread,
    ThreadQuerySet,
    list_window,
)


def category_for_page(user: Viewer, slug: str) -> Category | None:
    """The category SLUG, with `following` (Category.objects.with_following); None if there is none.
    Whether USER may read it is the page's to decide (it explains verified-only categories)."""
    return Category.objects.with_following(user).select_related("circle").filter(slug=slug).first()


def readable_categories(user: Viewer) -> list[Category]:
    """The categories USER may read (Category.objects.readable_by), in their order, each with its
    circle (a circle's categories are marked with its name)."""
    return list(Category.objects.readable_by(user).select_related("circle"))


def latest_threads(
    user: Viewer, *, offset: int, limit: int, total: int, set_aside: list[int]
) -> list[Thread]:
    """Rows OFFSET to OFFSET+LIMIT of the latest list USER sees (TOTAL long), less the categories
    they SET_ASIDE, with their read state (with_read_state)."""
    rows = list_window(offset=offset, limit=limit, total=total)
    threads = list(
        Thread.objects.listed()
        .in_categories_readable_by(user)
        .exclude(category_id__in=set_aside)
        .list_rows(rows)
        .with_read_marker(user)
    )
    return with_read_state(threads, user)


THREAD_TABS = ("unread", "new")


def tab_threads(user: Viewer, tab: str, *, set_aside: list[int]) -> ThreadQuerySet:
    """The threads of the list tab TAB that USER sees, less the categories they SET_ASIDE: "unread"
    (read before, with new posts since: Thread.objects.unread_by) or "new" (started in the last
    HAVEN_NEW_THREAD_DAYS days and never opened: Thread.objects.new_to). Not yet a page of rows:
    count it, then take the page with list_page."""
    threads = Thread.objects.listed().in_categories_readable_by(user).exclude(category_id__in=set_aside)
    if tab == "unread":
        return threads.unread_by(user)
    since = timezone.now() - timedelta(days=settings.HAVEN_NEW_THREAD_DAYS)
    return threads.new_to(user, since)


def list_page(user: Viewer, threads: ThreadQuerySet, *, offset: int, limit: int, total: int) -> list[Thread]:
    """Rows OFFSET to OFFSET+LIMIT of THREADS (TOTAL long) as list rows (ThreadQuerySet.list_rows),
    with USER's read state (with_read_state)."""
    rows = list_window(offset=offset, limit=limit, total=total)
    return with_read_state(list(threads.list_rows(rows).with_read_marker(user)), user)


def category_threads(user: Viewer, category: Category, *, offset: int, limit: int) -> list[Thread]:
    """Rows OFFSET to OFFSET+LIMIT of CATEGORY's list, with USER's read state (with_read_state)."""
    rows = list_window(offset=offset, limit=limit, total=category.thread_count)
    threads = list(
        Thread.objects.listed().filter(category_id=category.pk).list_rows(rows).with_read_marker(user)
    )
    return with_read_state(threads, user)


def with_read_state(threads: list[Thread], user: Viewer) -> list[Thread]:
    """THREADS (loaded with Thread.objects.with_read_marker) with `.unread` set: None (read or not
    signed in), "new" (never opened), or a count."""
    for thread in threads:
        thread.unread = None
        if not user.is_authenticated:
            continue
        if user.all_read_at and thread.last_activity_at <= user.all_read_at:
            continue
        if thread.read_marker is not None:
            unread = thread.post_count - thread.read_marker
            thread.unread = unread if unread > 0 else None
        elif thread.author_id != user.pk:
            thread.unread = "new"
    return threads


def attach_categories(threads: list[Thread], categories: list[Category]) -> None:
    """Give each of THREADS its category from CATEGORIES (already loaded by the list page) rather
    than joining the category table to every row of the list."""
    by_pk = {category.pk: category for category in categories}
    for thread in threads:
        if thread.category_id in by_pk:  # otherwise it loads on first use, as a foreign key does
            thread.category = by_pk[thread.category_id]


def thread_for_page(user: Viewer, pk: int) -> Thread | None:
    """The thread PK as USER may open it, with its category and USER's own state
    (Thread.objects.with_member_state); None where there is no such thread or USER may not see it.
    Not its author, whom the page shows through the opening post."""
    return (
        Thread.objects.visible_to(user)
        .with_member_state(user)
        .select_related("category")
        .filter(pk=pk)
        .first()
    )


def thread_page_posts(user: Viewer, thread: Thread, first: int, last: int) -> list[Post]:
    """The posts of THREAD at positions FIRST to LAST that USER may see, as the page shows them
    (Post.objects.for_thread_page), each already knowing its thread."""
    posts = list(
        Post.objects.filter(thread_id=thread.pk)
        .visible_in_thread(user)
        .filter(position__range=(first, last))
        .for_thread_page()
        .order_by("position")
    )
    for post in posts:
        post.thread = thread
    return posts


@dataclass
class ThreadPageState:
    """What the viewer's own relationship to a thread page is."""

    my_reactions: set = field(default_factory=set)  # {(post_id, kind)}
    bookmarked_posts: set = field(default_factory=set)
    thread_bookmarked: bool = False
    subscription: str | None = None
    blocked_authors: set = field(default_factory=set)


def thread_page_state(user: Viewer, thread: Thread, posts: list[Post]) -> ThreadPageState:
    """USER's reactions to POSTS, the posts of THREAD they saved and the members they blocked, in one
    query; the thread's own follow level and saved mark come with it where THREAD was loaded
    with Thread.objects.with_member_state (another query otherwise)."""
    state = ThreadPageState()
    if not user.is_authenticated:
        return state
    sql = f"""
        SELECT 'reaction', post_id, kind FROM {Reaction._meta.db_table} WHERE user_id = %s AND post_id = ANY(%s)
        UNION ALL
        SELECT 'bookmark', post_id, '' FROM {Bookmark._meta.db_table}
            WHERE user_id = %s AND thread_id = %s AND post_id IS NOT NULL
        UNION ALL
        SELECT 'block', blocked_id, '' FROM {Block._meta.db_table} WHERE blocker_id = %s
    """  # noqa: S608 - table names come from the models, values are parameters
    with connections[router.db_for_read(Reaction)].cursor() as cursor:
        cursor.execute(sql, [user.pk, [post.pk for post in posts], user.pk, thread.pk, user.pk])
        rows = cursor.fetchall()
    for kind, pk, reaction in rows:
        if kind == "reaction":
            state.my_reactions.add((pk, reaction))
        elif kind == "bookmark":
            state.bookmarked_posts.add(pk)
        else:
            state.blocked_authors.add(pk)
    if not hasattr(thread, "is_bookmarked"):
        thread = Thread.objects.with_member_state(user).only("pk").get(pk=thread.pk)
    state.thread_bookmarked = thread.is_bookmarked
    state.subscription = thread.subscription_level
    return state


def by_blocked_member(post: Post, blocked_authors: set[int]) -> bool:
    """Whether POST shows collapsed as "by a member you blocked": never an anonymous post, whose
    collapsing would tell the reader who wrote it, nor a former member's."""
    return post.author_id is not None and not post.is_anonymous and post.author_id in blocked_authors


def decorate_posts(posts: list[Post], user: Viewer, state: ThreadPageState) -> list[Post]:
    """Give each post what its template needs from the viewer's state, without more queries."""
    expanded = set(getattr(user, "expanded_warnings", None) or [])
    reader = mute.reader_filter(user)
    for post in posts:
        post.my_reactions = {kind for post_id, kind in state.my_reactions if post_id == post.pk}
        post.is_bookmarked = post.pk in state.bookmarked_posts
        post.by_blocked_member = by_blocked_member(post, state.blocked_authors)
        post.warning_expanded = bool(post.content_warning) and post.content_warning in expanded
        shown = not post.is_deleted and not reader.is_own(post.author_id)
        post.muted_by_words = shown and reader.mutes(post.body)
        post.hidden_by_warning = shown and reader.hides_warning(post.content_warning)
    return posts


def categories_set_aside(user: Viewer) -> list[int]:
    """Ids of the categories USER chose to leave out of the latest list while taking a break."""
    if not isinstance(user, User) or not user.is_on_break:
        return []
    return [int(pk) for pk in user.break_hidden_categories]


def with_reader_controls(threads: list[Thread], user: Viewer) -> list[Thread]:
    """THREADS with `.muted_by_words` (the title has one of USER's mute words) and
    `.hidden_by_warning` (its warning is a kind USER hides): such rows are collapsed in lists."""
    reader = mute.reader_filter(user)
    for thread in threads:
        thread.muted_by_words = reader.mutes_thread(thread)
        thread.hidden_by_warning = reader.hides_thread_warning(thread)
    return threads


def _notifications(viewer: User, limit: int | None) -> QuerySet[Notification]:
    # Only what a row and forum.notifications.message_for read: a post's body, rendered HTML and
    # search vector would be most of the bytes fetched, and none of them is shown.
    items = (
        Notification.objects.filter(recipient=viewer)
        .select_related("post__thread")
        .only(
            "kind",
            "message",
            "url",
            "count",
            "created_at",
            "read_at",
            "post__thread__title",
            "post__thread__author_id",
            "post__thread__content_warning",
        )
    )
    items = items.exclude(post__thread__category__in=Category.objects.unreadable_by(viewer))
    return items.order_by("-created_at")[:limit]


def notifications_for(user: User, limit: int | None = 50) -> list[Notification]:
    """USER's newest notifications (LIMIT of them; None: all), less any about posts in a category they can't read (notifications
    are only sent to readers, but a reader may have lost verified access or left a circle since).
    Each has `.shown_message`: its message, or a neutral one where the thread's title or warning
    is one USER chose not to see (see forum/mute.py)."""
    items = list(_notifications(user, limit))
    reader = mute.reader_filter(user)
    for item in items:
        item.shown_message = notifications.message_for(item, reader)
    return items


# --- Edit history ---------------------------------------------------------------------------------

_DIFF_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class DiffSegment:
    """A run of text in a comparison: "same", "removed" or "added". Plain text: templates escape it."""

    kind: str
    text: str


@dataclass
class HistoryStep:
    """One edit: what changed between the version written at WRITTEN_AT and the one that replaced it
    at REPLACED_AT. BODY holds every segment of the text; TITLE only where the title changed."""

    written_at: datetime
    replaced_at: datetime
    body: list[DiffSegment]
    title: list[DiffSegment]

    @property
    def added(self) -> list[str]:
        return [segment.text for segment in (*self.title, *self.body) if segment.kind == "added"]

    @property
    def removed(self) -> list[str]:
        return [segment.text for segment in (*self.title, *self.body) if segment.kind == "removed"]


def compare_texts(before: str, after: str) -> list[DiffSegment]:
    """BEFORE and AFTER as runs of unchanged, removed and added text, word by word (difflib).

    Spaces between two changes belong to the change, so "post body" to "post, rewritten" reads as
    one removal and one addition rather than a patchwork of single words."""
    old, new = _DIFF_TOKENS.findall(before), _DIFF_TOKENS.findall(after)
    segments: list[DiffSegment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(DiffSegment("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(DiffSegment("removed", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(DiffSegment("added", "".join(new[j1:j2])))
    return _joined_changes(segments)


def _joined_changes(segments: list[DiffSegment]) -> list[DiffSegment]:
    """SEGMENTS with blank "same" runs between two changes folded into them, removals before
    additions, and neighbours of one kind merged."""
    result: list[DiffSegment] = []
    index = 0
    while index < len(segments):
        if segments[index].kind == "same":
            result.append(segments[index])
            index += 1
            continue
        removed, added = [], []
        while index < len(segments):
            segment = segments[index]
            bridge = (
                segment.kind == "same"
                and not segment.text.strip()
                and index + 1 < len(segments)
                and segments[index + 1].kind != "same"
            )
            if segment.kind == "same" and not bridge:
                break
            if segment.kind in ("removed", "same"):
                removed.append(segment.text)
            if segment.kind in ("added", "same"):
                added.append(segment.text)
            index += 1
        if any(text.strip() for text in removed) or (removed and not added):
            result.append(DiffSegment("removed", "".join(removed)))
        if any(text.strip() for text in added) or (added and not removed):
            result.append(DiffSegment("added", "".join(added)))
    return result


def post_history(post: Post) -> list[HistoryStep]:
    """Each edit of POST (with `thread` loaded), newest first: each version compared with the one
    that replaced it, the last with the post as it is now. Who may see it: permissions.can_see_revisions.
    """
    revisions = list(post.revisions.order_by("replaced_at", "id"))
    if not revisions:
        return []
    current_title = post.thread.title if post.is_opening_post else ""
    afters = [(revision.body, revision.title) for revision in revisions[1:]] + [(post.body, current_title)]
    steps = []
    for revision, (body, title) in zip(revisions, afters, strict=True):
        steps.append(
            HistoryStep(
                written_at=revision.written_at,
                replaced_at=revision.replaced_at,
                body=compare_texts(revision.body, body),
                title=compare_texts(revision.title, title) if revision.title != title else [],
            )
        )
    return steps[::-1]


def answered_text(thread: Thread, parent: Post | None) -> str:
    """What a reply in THREAD answers, as the safety screening reads it for a reply that opens
    with "Same.": PARENT's words, or the thread's title and opening post (one query)."""
    if parent is not None:
        return parent.body
    opening = Post.objects.filter(thread=thread, position=1).values_list("body", flat=True).first()
    return f"{thread.title}\n\n{opening or ''}"
