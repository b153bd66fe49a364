"""Who may do what in the forum: the one place these rules live.

Views call these before acting; templates get the answers through the `forum_tags` filters, so a
button is shown exactly when the action would be allowed.
"""

from django.conf import settings


def can_read_forum(user) -> bool:
    return settings.HAVEN_PUBLIC_READ or user.is_authenticated


def can_start_thread(user) -> bool:
    return user.is_authenticated and user.is_active


def can_reply(user, thread) -> bool:
    return user.is_authenticated and user.is_active and not thread.is_locked and not thread.is_deleted


def can_edit_post(user, post) -> bool:
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_deleted
        and not post.thread.is_locked
    )


def can_delete_post(user, post) -> bool:
    return can_edit_post(user, post)


def can_see_revisions(user, post) -> bool:
    """Earlier versions may hold what the author chose to remove, so only the author sees them."""
    return user.is_authenticated and post.author_id == user.pk
