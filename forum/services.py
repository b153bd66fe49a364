"""Every write to the forum goes through these functions (views, commands and tests alike).

Each runs in one transaction and keeps the denormalised counters in step.
"""

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from forum.markup import render_markdown
from forum.models import Category, Post, PostRevision, Thread

User = get_user_model()


@transaction.atomic
def create_thread(*, author, category: Category, title: str, body: str) -> Thread:
    """Start a thread in CATEGORY with its opening post."""
    now = timezone.now()
    thread = Thread.objects.create(
        category=category, title=title, author=author, created_at=now, last_activity_at=now, post_count=1
    )
    post = Post.objects.create(
        thread=thread, position=1, author=author, body=body, body_html=render_markdown(body), created_at=now
    )
    thread.opening_post = post
    thread.last_post = post
    thread.save(update_fields=["opening_post", "last_post"])
    Category.objects.filter(pk=category.pk).update(
        thread_count=F("thread_count") + 1, post_count=F("post_count") + 1
    )
    User.objects.filter(pk=author.pk).update(post_count=F("post_count") + 1)
    return thread


@transaction.atomic
def reply(*, thread: Thread, author, body: str, parent: Post | None = None) -> Post:
    """Add a reply to THREAD, answering PARENT (a post in the thread) or the thread itself."""
    if parent is not None and parent.thread_id != thread.pk:
        raise ValueError("A reply's parent must be in the same thread.")
    # The row lock serialises replies to one thread, so positions are gap-free and unique.
    locked = Thread.objects.select_for_update().only("post_count").get(pk=thread.pk)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        position=locked.post_count + 1,
        author=author,
        parent=parent,
        body=body,
        body_html=render_markdown(body),
        created_at=now,
    )
    Thread.objects.filter(pk=thread.pk).update(
        post_count=F("post_count") + 1, reply_count=F("reply_count") + 1, last_activity_at=now, last_post=post
    )
    if parent is not None:
        Post.objects.filter(pk=parent.pk).update(direct_reply_count=F("direct_reply_count") + 1)
    Category.objects.filter(pk=thread.category_id).update(post_count=F("post_count") + 1)
    User.objects.filter(pk=author.pk).update(post_count=F("post_count") + 1)
    return post


@transaction.atomic
def edit_post(*, post: Post, editor, body: str, title: str | None = None) -> Post:
    """Replace POST's body (and its thread's title, for an opening post), keeping the old version."""
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
    post.save(update_fields=["body", "body_html", "edited_at"])
    if title_changes:
        thread.title = title
        thread.save(update_fields=["title"])
    return post


@transaction.atomic
def delete_post(*, post: Post) -> None:
    """Soft-delete POST. Deleting an opening post nobody has answered deletes its thread too."""
    updated = Post.objects.filter(pk=post.pk, is_deleted=False).update(
        is_deleted=True, deleted_at=timezone.now()
    )
    if not updated:  # already deleted: nothing to undo twice
        return
    post.is_deleted = True
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    if post.author_id:
        User.objects.filter(pk=post.author_id).update(post_count=F("post_count") - 1)
    Category.objects.filter(pk=thread.category_id).update(post_count=F("post_count") - 1)
    if not post.is_opening_post:
        Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") - 1)
    elif thread.reply_count == 0:
        Thread.objects.filter(pk=thread.pk).update(is_deleted=True)
        Category.objects.filter(pk=thread.category_id).update(thread_count=F("thread_count") - 1)


def recount_counters() -> None:
    """Recompute the per-category and per-member counters from the rows (after bulk loads)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE forum_category c SET
              thread_count = (SELECT count(*) FROM forum_thread t WHERE t.category_id = c.id AND NOT t.is_deleted),
              post_count = (SELECT count(*) FROM forum_post p JOIN forum_thread t ON t.id = p.thread_id
                            WHERE t.category_id = c.id AND NOT t.is_deleted AND NOT p.is_deleted)
            """
        )
        cursor.execute(
            """
            UPDATE accounts_user u SET post_count = coalesce(counted.n, 0)
            FROM accounts_user u2
            LEFT JOIN (SELECT author_id, count(*) AS n FROM forum_post WHERE NOT is_deleted GROUP BY author_id)
                 counted ON counted.author_id = u2.id
            WHERE u.id = u2.id AND u.post_count IS DISTINCT FROM coalesce(counted.n, 0)
            """
        )
