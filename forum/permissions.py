"""Who may do what in the forum: the one place these rules live.

Views call these before acting; templates get the answers through the `forum_tags` filters, so a
button is shown exactly when the action would be allowed. Which posts and threads a member can
see at all is decided by `Post.objects.visible_to` and `Thread.objects.visible_to`, which use
`has_verified_access` for verified-only categories and `moderation_scope` for who moderates what.

Circles (orgs): a circle's categories are read only by its members; its moderators moderate them,
and site moderators moderate every category that is in no circle, and no circle's unless they
are that circle's moderators too. So a moderator is always "a moderator of a category".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q

from orgs.access import circles_of

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


@dataclass(frozen=True)
class ModerationScope:
    """The categories a viewer moderates: the site's (those in no circle) if SITE, and those of
    CIRCLES; MEMBER_OF: the circles whose categories they read."""

    site: bool
    circles: frozenset[int]
    member_of: frozenset[int]

    @property
    def moderates_anything(self) -> bool:
        return self.site or bool(self.circles)

    @property
    def covers_all_readable(self) -> bool:
        """Moderates every category the viewer may read: no hidden-content filter needed at all."""
        return self.site and self.circles >= self.member_of

    def categories_q(self) -> Q:
        """The condition on a category for being moderated (only when moderates_anything)."""
        moderated = Q(circle__isnull=True) if self.site else Q(pk__in=[])
        if self.circles:
            moderated |= Q(circle_id__in=sorted(self.circles))
        return moderated

    def covers(self, circle_id: int | None) -> bool:
        return self.site if circle_id is None else circle_id in self.circles


def moderation_scope(user: Viewer) -> ModerationScope:
    access = circles_of(user)
    return ModerationScope(site=acts_as_moderator(user), circles=access.moderates, member_of=access.member_of)


def moderates_category(user: Viewer, category: Category) -> bool:
    """Whether USER acts as a moderator in CATEGORY (site moderators: not in circles)."""
    return moderation_scope(user).covers(category.circle_id)


def has_verified_access(user: Viewer) -> bool:
    """Members a moderator verified, and moderators: who may read verified-only categories and
    post in verified ones."""
    return (
        user.is_authenticated
        and user.is_active
        and (acts_as_moderator(user) or bool(getattr(user, "verified_role", "")))
    )


def can_see_category_exists(user: Viewer, category: Category) -> bool:
    """A verified-only category explains itself to those who may not read it; a circle's category
    is, for those outside the circle, not there at all (404)."""
    return category.circle_id is None or category.circle_id in circles_of(user).member_of


def can_read_category(user: Viewer, category: Category) -> bool:
    """As Category.objects.readable_by, for one category already loaded."""
    if category.circle_id is not None and category.circle_id not in circles_of(user).member_of:
        return False
    return not category.is_verified_only or has_verified_access(user)


def can_post_in(user: Viewer, category: Category) -> bool:
    """Start threads and reply in CATEGORY (verified and verified-only categories: verified access;
    a circle's: its members)."""
    return (
        can_write(user)
        and can_read_category(user, category)
        and (not category.posting_needs_verification or has_verified_access(user))
    )


def can_start_thread(user: Viewer) -> bool:
    return can_write(user)


def can_reply(user: Viewer, thread: Thread) -> bool:
    if not can_write(user) or thread.is_deleted:
        return False
    if not can_post_in(user, thread.category):
        return False
    return not thread.is_locked or moderates_category(user, thread.category)


def can_edit_post(user: Viewer, post: Post) -> bool:
    return can_write(user) and post.author_id == user.pk and not post.is_deleted and not post.thread.is_locked


def can_delete_post(user: Viewer, post: Post) -> bool:
    """Authors can always remove their own words, even while suspended or in a locked thread."""
    return user.is_authenticated and post.author_id == user.pk and not post.is_deleted


def can_react(user: Viewer, post: Post) -> bool:
    return can_write(user) and post.author_id != user.pk and post.is_published and not post.is_deleted


def can_see_revisions(user: Viewer, post: Post) -> bool:
    """Earlier versions may hold what the author chose to remove: the author and the category's
    moderators only."""
    return user.is_authenticated and (
        post.author_id == user.pk or moderates_category(user, post.thread.category)
    )


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
