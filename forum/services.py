"""Every write to the forum goes through these functions (views, commands and tests alike).

Each runs in one transaction and keeps the denormalised counters in step. Counters count what
members can see: published, undeleted posts (and threads whose opening post is published); a
member's own post count leaves out their anonymous posts, which would otherwise give them away.
New posts pass the safeguards (crisis phrases, confidentiality) in the same transaction, so a
post, its counters, its automatic flags and its notifications are saved together or not at all.
"""

import re

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from forum import notifications, safeguards
from forum.markup import mention_candidates, render_markdown
from forum.models import (
    Bookmark,
    Category,
    CategorySubscription,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadRead,
    ThreadSubscription,
)
from orgs.models import Circle

QUOTE_ATTRIBUTION = re.compile(r"^\*\*(.{2,30}?)\*\* wrote:$", re.MULTILINE)


def needs_approval(author: User, category_id: int) -> bool:
    """Newcomers' first posts wait for a moderator (HAVEN_PREMODERATE_FIRST_POSTS, 0 turns it off);
    outside moderation hours, so do posts by members who joined recently (safeguards.holds_posts_by).

    A post waits only where someone can review it. In a circle with no moderator of its own who can
    act, nobody could (the site's moderators see only its possible crises), so it is published: the
    circle's membership is its gate, and the safety checks still raise a possible crisis, which
    reaches the site's moderators."""
    if author.is_moderator:
        return False
    first_posts = settings.HAVEN_PREMODERATE_FIRST_POSTS > 0 and not author.is_trusted
    if not (first_posts or safeguards.holds_posts_by(author)):
        return False
    in_unmoderated_circle = Category.objects.filter(
        pk=category_id, circle__in=Circle.objects.without_moderators()
    ).exists()  # one query, and only for a post that would otherwise wait
    return not in_unmoderated_circle


def _members_named(names: set[str]) -> dict[str, User]:
    if not names:
        return {}
    members = User.objects.annotate(lower_name=Lower("display_name")).filter(
        lower_name__in=names, is_active=True, is_deleted_account=False
    )
    return {member.lower_name: member for member in members}


def _render(body: str) -> tuple[str, dict[int, User]]:
    """The post's HTML, with @mentions of existing members linked, and the members mentioned."""
    members = _members_named(mention_candidates(body))
    links = {name: (member.get_absolute_url(), member.display_name) for name, member in members.items()}
    html = render_markdown(body, links)
    mentioned = {
        m.pk: m for m in members.values() if f'href="{m.get_absolute_url()}" class="mention"' in html
    }
    return html, mentioned


def _quoted_members(body: str) -> dict[int, User]:
    names = {name.lower() for name in QUOTE_ATTRIBUTION.findall(body)}
    return {member.pk: member for member in _members_named(names).values()}


def _announce(post: Post) -> None:
    """Notify everyone who should hear about POST, now that members can see it."""
    _html, mentioned = _render(post.body)
    notifications.post_published(post, mentioned=mentioned, quoted=_quoted_members(post.body))


def _follow(user: User, thread: Thread) -> None:
    """Follow a thread one writes in, unless one muted it."""
    ThreadSubscription.objects.get_or_create(
        user=user, thread=thread, defaults={"level": ThreadSubscription.Level.FOLLOWING}
    )


@transaction.atomic
def create_thread(
    *,
    author: User,
    category: Category,
    title: str,
    body: str,
    anonymous: bool = False,
    content_warning: str = "",
    content_warning_note: str = "",
    confirmed_no_identifying_details: bool = False,
) -> Thread:
    """Start a thread in CATEGORY with its opening post.

    The opening post carries `safeguard_report` (see forum.safeguards).
    """
    now = timezone.now()
    state = Post.State.PENDING if needs_approval(author, category.pk) else Post.State.PUBLISHED
    warning = {"content_warning": content_warning, "content_warning_note": content_warning_note}
    thread = Thread.objects.create(
        category=category,
        title=title,
        author=author,
        created_at=now,
        last_activity_at=now,
        post_count=1,
        is_hidden=state != Post.State.PUBLISHED,
        is_anonymous=anonymous,
        **warning,
    )
    html, _mentioned = _render(body)
    post = Post.objects.create(
        thread=thread,
        position=1,
        author=author,
        body=body,
        body_html=html,
        created_at=now,
        state=state,
        is_anonymous=anonymous,
        search_title=title,
        **warning,
    )
    thread.opening_post = post
    thread.last_post = post
    thread.save(update_fields=["opening_post", "last_post"])
    post.thread = thread
    _follow(author, thread)
    if post.is_published:
        _count_post(post, +1)
        Category.objects.filter(pk=category.pk).update(thread_count=F("thread_count") + 1)
        _announce(post)
    post.safeguard_report = safeguards.review_post(
        post, text=f"{title}\n\n{body}", confirmed_no_identifying_details=confirmed_no_identifying_details
    )
    return thread


@transaction.atomic
def reply(
    *,
    thread: Thread,
    author: User,
    body: str,
    parent: Post | None = None,
    anonymous: bool = False,
    content_warning: str = "",
    content_warning_note: str = "",
    confirmed_no_identifying_details: bool = False,
) -> Post:
    """Add a reply to THREAD, answering PARENT (a post in the thread) or the thread itself.

    The reply carries `safeguard_report` (see forum.safeguards).
    """
    if parent is not None and parent.thread_id != thread.pk:
        raise ValueError("A reply's parent must be in the same thread.")
    # The row lock serialises replies to one thread, so positions are gap-free and unique.
    locked = Thread.objects.select_for_update().only("post_count").get(pk=thread.pk)
    state = Post.State.PENDING if needs_approval(author, thread.category_id) else Post.State.PUBLISHED
    html, _mentioned = _render(body)
    post = Post.objects.create(
        thread=thread,
        position=locked.post_count + 1,
        author=author,
        parent=parent,
        body=body,
        body_html=html,
        created_at=timezone.now(),
        state=state,
        is_anonymous=anonymous,
        content_warning=content_warning,
        content_warning_note=content_warning_note,
    )
    post.thread = thread
    Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1)
    if parent is not None:
        Post.objects.filter(pk=parent.pk).update(direct_reply_count=F("direct_reply_count") + 1)
    _follow(author, thread)
    if post.is_published:
        _count_post(post, +1)
        _announce(post)
    post.safeguard_report = safeguards.review_post(
        post, text=body, confirmed_no_identifying_details=confirmed_no_identifying_details
    )
    return post


@transaction.atomic
def edit_post(
    *,
    post: Post,
    editor: User,
    body: str,
    title: str | None = None,
    content_warning: str | None = None,
    content_warning_note: str = "",
    confirmed_no_identifying_details: bool = False,
) -> Post:
    """Replace POST's body (and its thread's title, for an opening post), keeping the old version.

    A moderator editing someone else's post marks it "edited by a moderator". The edited text
    passes the safeguards again; the post carries `safeguard_report` when anything changed.
    """
    thread = post.thread
    title_changes = post.is_opening_post and title is not None and title != thread.title
    warning_changes = content_warning is not None and (content_warning, content_warning_note) != (
        post.content_warning,
        post.content_warning_note,
    )
    if body == post.body and not title_changes and not warning_changes:
        return post
    if body != post.body or title_changes:
        PostRevision.objects.create(
            post=post,
            title=thread.title if post.is_opening_post else "",
            body=post.body,
            written_at=post.edited_at or post.created_at,
            replaced_by=editor,
        )
        post.edited_at = timezone.now()
    post.body = body
    post.body_html, _mentioned = _render(body)
    post.edited_by_moderator = post.edited_by_moderator or editor.pk != post.author_id
    if content_warning is not None and warning_changes:
        post.content_warning, post.content_warning_note = content_warning, content_warning_note
    if title is not None and title_changes:
        thread.title = title
        post.search_title = title
    post.save(
        update_fields=[
            "body", "body_html", "edited_at", "edited_by_moderator", "content_warning",
            "content_warning_note", "search_title",
        ]
    )  # fmt: skip
    if post.is_opening_post and (title_changes or warning_changes):
        thread.content_warning, thread.content_warning_note = post.content_warning, post.content_warning_note
        thread.save(update_fields=["title", "content_warning", "content_warning_note"])
    if editor.pk == post.author_id:
        post.safeguard_report = safeguards.review_post(
            post,
            text=f"{thread.title}\n\n{body}" if post.is_opening_post else body,
            confirmed_no_identifying_details=confirmed_no_identifying_details,
        )
    return post


def turn_off_email(member: User) -> None:
    """Stop all email to MEMBER (the unsubscribe link); notifications stay in the site."""
    member.email_notifications = member.EmailFrequency.OFF
    member.waiting_nudge = False
    member.save(update_fields=["email_notifications", "waiting_nudge"])


def add_content_warning(post: Post, warning: str, note: str = "") -> bool:
    """Give POST (and its thread, for an opening post) the content WARNING, unless it already
    carries one: the safeguards add one to a post that describes a method in detail. The author
    sees it and can change it by editing. True if it was added. Call inside the transaction that
    saved the post."""
    if post.content_warning:
        return False
    post.content_warning, post.content_warning_note = warning, note
    Post.objects.filter(pk=post.pk).update(content_warning=warning, content_warning_note=note)
    if post.is_opening_post:
        Thread.objects.filter(pk=post.thread_id).update(content_warning=warning, content_warning_note=note)
    return True


@transaction.atomic
def delete_post(*, post: Post, by_moderator: bool = False) -> None:
    """Soft-delete POST. Deleting an opening post nobody has answered deletes its thread too."""
    updated = Post.objects.filter(pk=post.pk, is_deleted=False).update(
        is_deleted=True, deleted_at=timezone.now(), deleted_by_moderator=by_moderator
    )
    if not updated:  # already deleted: nothing to undo twice
        return
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    post.thread = thread
    if post.is_published:
        _count_post(post, -1)
        thread.refresh_from_db(fields=["reply_count"])
    post.is_deleted = True
    post.deleted_by_moderator = by_moderator
    if post.is_opening_post and thread.reply_count == 0:
        Thread.objects.filter(pk=thread.pk).update(is_deleted=True)
        if not thread.is_hidden:
            Category.objects.filter(pk=thread.category_id).update(thread_count=F("thread_count") - 1)


@transaction.atomic
def set_post_state(post: Post, state: str, *, hidden_reason: str = "") -> None:
    """Publish, hold or hide POST, moving the counters and its thread's visibility with it.

    The counters move by what POST's state was as the caller read it, so the caller must hold a
    lock that keeps anyone else from changing it meanwhile: moderation's actions hold the row lock
    on the post's queue entry (moderation.services._resolve), and a flag the lock on the entry it
    opens."""
    was_counted = post.is_published and not post.is_deleted
    first_publication = post.state == Post.State.PENDING and state == Post.State.PUBLISHED
    post.state = state
    post.hidden_reason = hidden_reason
    post.save(update_fields=["state", "hidden_reason"])
    is_counted = post.is_published and not post.is_deleted
    if was_counted != is_counted:
        _count_post(post, +1 if is_counted else -1)
    if post.is_opening_post:
        # A thread is listed exactly when its opening post is published.
        hidden = not post.is_published
        changed = Thread.objects.filter(pk=post.thread_id, is_hidden=not hidden).update(is_hidden=hidden)
        if changed and not post.thread.is_deleted:
            Category.objects.filter(pk=post.thread.category_id).update(
                thread_count=F("thread_count") + (-1 if hidden else 1)
            )
    if first_publication:
        _announce(post)


@transaction.atomic
def move_thread(thread: Thread, category: Category) -> None:
    """Move THREAD to CATEGORY, moving its counts between the two. The caller holds the thread's
    row lock (select_for_update), so its category and counts are not changed meanwhile."""
    old = thread.category_id
    if old == category.pk:
        return
    posts = thread.posts.filter(state=Post.State.PUBLISHED, is_deleted=False).count()
    listed = int(not thread.is_hidden and not thread.is_deleted)
    Category.objects.filter(pk=old).update(
        thread_count=F("thread_count") - listed, post_count=F("post_count") - posts
    )
    Category.objects.filter(pk=category.pk).update(
        thread_count=F("thread_count") + listed, post_count=F("post_count") + posts
    )
    thread.category = category
    thread.save(update_fields=["category"])


def set_thread_locked(thread: Thread, locked: bool) -> bool:
    """Lock or unlock THREAD; False if it already was (so nothing is done twice)."""
    return bool(Thread.objects.filter(pk=thread.pk, is_locked=not locked).update(is_locked=locked))


# --- Reading, reacting, saving, following ---------------------------------------------------------


REACTION_COUNTERS = {
    Reaction.Kind.SUPPORT: "support_count",
    Reaction.Kind.RELATE: "relate_count",
    Reaction.Kind.HELPFUL: "helpful_count",
}


@transaction.atomic
def toggle_reaction(*, post: Post, member: User, kind: str) -> bool:
    """Add MEMBER's KIND reaction to POST, or take it back; True if it is now on."""
    counter = REACTION_COUNTERS[Reaction.Kind(kind)]
    removed, _ = Reaction.objects.filter(post=post, user=member, kind=kind).delete()
    if removed:
        Post.objects.filter(pk=post.pk).update(**{counter: F(counter) - 1})
        return False
    reaction = Reaction.objects.create(post=post, user=member, kind=kind)
    Post.objects.filter(pk=post.pk).update(**{counter: F(counter) + 1})
    notifications.reacted(reaction)
    return True


def toggle_bookmark(*, member: User, thread: Thread, post: Post | None = None) -> bool:
    """Save THREAD (or POST in it) for MEMBER, or unsave it; True if it is now saved."""
    removed, _ = Bookmark.objects.filter(user=member, thread=thread, post=post).delete()
    if removed:
        return False
    Bookmark.objects.get_or_create(user=member, thread=thread, post=post)
    return True


def set_thread_subscription(*, member: User, thread: Thread, level: str | None) -> None:
    """Follow or mute THREAD (LEVEL), or go back to the default (None)."""
    if level is None:
        ThreadSubscription.objects.filter(user=member, thread=thread).delete()
    else:
        ThreadSubscription.objects.update_or_create(user=member, thread=thread, defaults={"level": level})


def toggle_category_subscription(*, member: User, category: Category) -> bool:
    removed, _ = CategorySubscription.objects.filter(user=member, category=category).delete()
    if removed:
        return False
    CategorySubscription.objects.get_or_create(user=member, category=category)
    return True


def mark_read(*, member: User, thread: Thread, position: int, known_position: int | None = None) -> int:
    """Record that MEMBER has read THREAD up to POSITION; returns the position read before.

    Rereading writes nothing: the row only changes when the marker moves forward. KNOWN_POSITION
    is the marker as the caller already read it (Thread.objects.with_member_state): when POSITION
    is not beyond it, there is nothing to record and no query is made.
    """
    if known_position is not None and position <= known_position:
        return known_position
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH before AS (
                SELECT last_read_position FROM {ThreadRead._meta.db_table} WHERE user_id = %s AND thread_id = %s
            ), moved AS (
                INSERT INTO {ThreadRead._meta.db_table} (user_id, thread_id, last_read_position)
                VALUES (%s, %s, %s)
                ON CONFLICT (user_id, thread_id)
                DO UPDATE SET last_read_position = EXCLUDED.last_read_position
                WHERE {ThreadRead._meta.db_table}.last_read_position < EXCLUDED.last_read_position
            )
            SELECT (SELECT last_read_position FROM before)
            """,  # noqa: S608 - table names come from the model, values are parameters
            [member.pk, thread.pk, member.pk, thread.pk, position],
        )
        row = cursor.fetchone()
    return row[0] or 0


def mark_all_read(member: User) -> None:
    User.objects.filter(pk=member.pk).update(all_read_at=timezone.now())


# --- Counters -------------------------------------------------------------------------------------


def _count_post(post: Post, delta: int) -> None:
    """Add DELTA (+1 or -1) to the post counters POST counts in, as it becomes (in)visible."""
    thread = post.thread
    Category.objects.filter(pk=thread.category_id).update(post_count=F("post_count") + delta)
    if post.author_id and not post.is_anonymous:
        User.objects.filter(pk=post.author_id).update(post_count=F("post_count") + delta)
    if post.is_opening_post:
        return
    changes: dict[str, object] = {"reply_count": F("reply_count") + delta}
    if delta > 0:
        changes.update(last_activity_at=timezone.now(), last_post=post)
    Thread.objects.filter(pk=thread.pk).update(**changes)
    if delta < 0:
        _forget_as_last_post(post)


def _forget_as_last_post(post: Post) -> None:
    """POST no longer shows (deleted, hidden, back in review): if lists named it as their thread's
    last reply ("last reply by NAME", and the thread's place in the list), the last post members
    can still see takes its place, so a list never names the author of a reply no one may read."""
    latest = (
        Post.objects.filter(thread_id=post.thread_id, state=Post.State.PUBLISHED, is_deleted=False)
        .exclude(pk=post.pk)
        .order_by("-position")
        .only("pk", "created_at")
        .first()
    )
    if latest is None:  # nothing left to show: the thread keeps its place, naming no one
        Thread.objects.filter(pk=post.thread_id, last_post=post).update(last_post=None)
        return
    Thread.objects.filter(pk=post.thread_id, last_post=post).update(
        last_post=latest, last_activity_at=latest.created_at
    )


def recount_counters() -> None:
    """Recompute the per-category and per-member counters from the rows (after bulk loads)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE forum_category c SET
              thread_count = (SELECT count(*) FROM forum_thread t
                              WHERE t.category_id = c.id AND NOT t.is_deleted AND NOT t.is_hidden),
              post_count = (SELECT count(*) FROM forum_post p JOIN forum_thread t ON t.id = p.thread_id
                            WHERE t.category_id = c.id AND NOT t.is_deleted AND NOT p.is_deleted
                              AND p.state = 'published')
            """
        )
        cursor.execute(
            """
            UPDATE accounts_user u SET post_count = coalesce(counted.n, 0)
            FROM accounts_user u2
            LEFT JOIN (SELECT author_id, count(*) AS n FROM forum_post
                       WHERE NOT is_deleted AND state = 'published' AND NOT is_anonymous GROUP BY author_id)
                 counted ON counted.author_id = u2.id
            WHERE u.id = u2.id AND u.post_count IS DISTINCT FROM coalesce(counted.n, 0)
            """
        )
