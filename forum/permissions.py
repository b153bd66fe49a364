"""Who may do what in the forum: the one place these rules live.

Views call these before acting; templates get the answers through the `forum_tags` filters, so a
button is shown exactly when the action would be allowed. Which posts and threads a member can
see at all is decided by `Post.objects.visible_to` and `Thread.objects.visible_to`, which use
`has_verified_access` for verified-only categories.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:  # forum.models imports this module: these are for annotations only
    from accounts.models import Viewer
    from forum.models import Category, Post, Thread


def can_read_forum(user: Viewer) -> bool:
    return settings.HAVEN_PUBLIC_READ or user.is_authenticated


def can_write(user: Viewer) -> bool:
    """Signed in, active and not suspended (suspended members can still read)."""
    return user.is_authenticated and user.is_active and not user.is_suspended


def acts_as_moderator(user: Viewer) -> bool:
    """A moderator with two-factor authentication (User.acts_as_moderator); False for visitors."""
    return user.is_authenticated and user.acts_as_moderator


def has_verified_access(user: Viewer) -> bool:
    """Members a moderator verified, and moderators: who may read verified-only categories and
    post in verified ones."""
    return (
        user.is_authenticated
        and user.is_active
        and (acts_as_moderator(user) or bool(getattr(user, "verified_role", "")))
    )


def can_read_category(user: Viewer, category: Category) -> bool:
    return not category.is_verified_only or has_verified_access(user)


def can_post_in(user: Viewer, category: Category) -> bool:
    """Start threads and reply in CATEGORY (verified and verified-only categories: verified access)."""
    return can_write(user) and (not category.posting_needs_verification or has_verified_access(user))


def can_start_thread(user: Viewer) -> bool:
    return can_write(user)


def can_reply(user: Viewer, thread: Thread) -> bool:
    if not can_write(user) or thread.is_deleted:
        return False
    if not can_post_in(user, thread.category):
        return False
    return not thread.is_locked or acts_as_moderator(user)


def can_edit_post(user: Viewer, post: Post) -> bool:
    return can_write(user) and post.author_id == user.pk and not post.is_deleted and not post.thread.is_locked


def can_delete_post(user: Viewer, post: Post) -> bool:
    """Authors can always remove their own words, even while suspended or in a locked thread."""
    return user.is_authenticated and post.author_id == user.pk and not post.is_deleted


def can_react(user: Viewer, post: Post) -> bool:
    return can_write(user) and post.author_id != user.pk and post.is_published and not post.is_deleted


def can_see_revisions(user: Viewer, post: Post) -> bool:
    """Earlier versions may hold what the author chose to remove: the author and moderators only."""
    return user.is_authenticated and (post.author_id == user.pk or acts_as_moderator(user))


def can_flag(user: Viewer, post: Post) -> bool:
    """Members ask moderators to look at others' published posts."""
    return can_write(user) and post.author_id != user.pk and post.is_published and not post.is_deleted


def can_appeal_post(user: Viewer, post: Post) -> bool:
    """The author of a post a moderator hid may appeal it, once."""
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and post.state == post.State.HIDDEN
        and not hasattr(post, "appeal")
    )
