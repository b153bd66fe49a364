"""Every write to the forum goes through these functions (views, commands and tests alike).

Each runs in one transaction and keeps the denormalised counters in step. Counters count what
members can see: published, undeleted posts (and threads whose opening post is published).
New posts pass the safeguards (crisis phrases, confidentiality) in the same transaction, so a
post and its automatic flags are saved together or not at all.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from forum.markup import render_markdown
from forum.models import Category, Notification, Post, PostRevision, Thread

User = get_user_model()


def needs_approval(author) -> bool:
    """Newcomers' first posts wait for a moderator (HAVEN_PREMODERATE_FIRST_POSTS, 0 turns it off)."""
    return settings.HAVEN_PREMODERATE_FIRST_POSTS > 0 and not (author.is_trusted or author.is_moderator)


@transaction.atomic
def create_thread(
    *, author, category: Category, title: str, body: str, confirmed_no_identifying_details=False
):
    """Start a thread in CATEGORY with its opening post.

    The opening post carries `safeguard_report` (see moderation.safeguards.review_post).
    """
    from moderation import safeguards

    now = timezone.now()
    state = Post.State.PENDING if needs_approval(author) else Post.State.PUBLISHED
    thread = Thread.objects.create(
        category=category,
        title=title,
        author=author,
        created_at=now,
        last_activity_at=now,
        post_count=1,
        is_hidden=state != Post.State.PUBLISHED,
    )
    post = Post.objects.create(
        thread=thread,
        position=1,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=now,
        state=state,
    )
    thread.opening_post = post
    thread.last_post = post
    thread.save(update_fields=["opening_post", "last_post"])
    post.thread = thread
    if post.is_published:
        _count_post(post, +1)
        Category.objects.filter(pk=category.pk).update(thread_count=F("thread_count") + 1)
    post.safeguard_report = safeguards.review_post(
        post, text=f"{title}\n\n{body}", confirmed_no_identifying_details=confirmed_no_identifying_details
    )
    return thread


@transaction.atomic
def reply(
    *, thread: Thread, author, body: str, parent: Post | None = None, confirmed_no_identifying_details=False
):
    """Add a reply to THREAD, answering PARENT (a post in the thread) or the thread itself.

    The reply carries `safeguard_report` (see moderation.safeguards.review_post).
    """
    from moderation import safeguards

    if parent is not None and parent.thread_id != thread.pk:
        raise ValueError("A reply's parent must be in the same thread.")
    # The row lock serialises replies to one thread, so positions are gap-free and unique.
    locked = Thread.objects.select_for_update().only("post_count").get(pk=thread.pk)
    state = Post.State.PENDING if needs_approval(author) else Post.State.PUBLISHED
    post = Post.objects.create(
        thread=thread,
        position=locked.post_count + 1,
        author=author,
        parent=parent,
        body=body,
        body_html=render_markdown(body),
        created_at=timezone.now(),
        state=state,
    )
    post.thread = thread
    Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1)
    if parent is not None:
        Post.objects.filter(pk=parent.pk).update(direct_reply_count=F("direct_reply_count") + 1)
    if post.is_published:
        _count_post(post, +1)
    post.safeguard_report = safeguards.review_post(
        post, text=body, confirmed_no_identifying_details=confirmed_no_identifying_details
    )
    return post


@transaction.atomic
def edit_post(
    *, post: Post, editor, body: str, title: str | None = None, confirmed_no_identifying_details=False
) -> Post:
    """Replace POST's body (and its thread's title, for an opening post), keeping the old version.

    A moderator editing someone else's post marks it "edited by a moderator". The edited text
    passes the safeguards again; the post carries `safeguard_report` when anything changed.
    """
    from moderation import safeguards

    thread = post.thread
    title_changes = post.is_opening_post and title is not None and title != thread.title
    if body == post.body and not title_changes:
        return post
    PostRevision.objects.create(
        post=post,
        title=thread.title if post.is_opening_post else "",
        body=post.body,
        written_at=post.edited_at or post.created_at,
        replaced_by=editor,
    )
    post.body = body
    post.body_html = render_markdown(body)
    post.edited_at = timezone.now()
    post.edited_by_moderator = post.edited_by_moderator or editor.pk != post.author_id
    post.save(update_fields=["body", "body_html", "edited_at", "edited_by_moderator"])
    if title_changes:
        thread.title = title
        thread.save(update_fields=["title"])
    if editor.pk == post.author_id:
        post.safeguard_report = safeguards.review_post(
            post,
            text=f"{thread.title}\n\n{body}" if post.is_opening_post else body,
            confirmed_no_identifying_details=confirmed_no_identifying_details,
        )
    return post


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
    """Publish, hold or hide POST, moving the counters and its thread's visibility with it."""
    was_counted = post.is_published and not post.is_deleted
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


@transaction.atomic
def move_thread(thread: Thread, category: Category) -> None:
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


def notify(recipient, message: str, url: str = "", kind: str = Notification.Kind.MODERATION) -> Notification:
    return Notification.objects.create(recipient=recipient, kind=kind, message=message, url=url)


def _count_post(post: Post, delta: int) -> None:
    """Add DELTA (+1 or -1) to the post counters POST counts in, as it becomes (in)visible."""
    thread = post.thread
    Category.objects.filter(pk=thread.category_id).update(post_count=F("post_count") + delta)
    if post.author_id:
        User.objects.filter(pk=post.author_id).update(post_count=F("post_count") + delta)
    if post.is_opening_post:
        return
    changes = {"reply_count": F("reply_count") + delta}
    if delta > 0:
        changes.update(last_activity_at=timezone.now(), last_post=post)
    Thread.objects.filter(pk=thread.pk).update(**changes)


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
                       WHERE NOT is_deleted AND state = 'published' GROUP BY author_id)
                 counted ON counted.author_id = u2.id
            WHERE u.id = u2.id AND u.post_count IS DISTINCT FROM coalesce(counted.n, 0)
            """
        )
