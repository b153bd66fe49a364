"""The one hook through which moderation takes part in forum writes, so that forum never imports
moderation (the apps are in layers: accounts, forum, moderation).

Every post that forum/services.py saves or edits passes `review_post` in the same transaction
(the approval queue, crisis and method-detail flags, content warnings), and `holds_posts_by` says
whether a member's posts wait for a moderator outside moderation hours. Moderation registers both
when it loads (moderation/apps.py). Until it has, both refuse to run: a post must never be saved
without its safeguards.
"""

from collections.abc import Callable


class SafeguardsNotRegistered(RuntimeError):
    """Forum wrote a post before moderation registered its safeguards (is it installed?)."""


def _not_registered(*args, **kwargs):
    raise SafeguardsNotRegistered("No safeguards are registered: moderation must be in INSTALLED_APPS.")


review_post: Callable = _not_registered
holds_posts_by: Callable = _not_registered


def register(*, review: Callable, holds: Callable) -> None:
    """Called by moderation once: REVIEW(post, *, text, confirmed_no_identifying_details) returns
    the post's safeguard report; HOLDS(author) says whether their posts wait for a moderator now."""
    global review_post, holds_posts_by
    review_post, holds_posts_by = review, holds
