"""Who may send whom a private message: the one place the rule lives (`can_message`), used by the
views, the profile's "Send a message" link (conversations_tags) and the services.

A member may message another when both may use messages at all (`uses_messages`: active, not
suspended, and no longer new), neither has blocked the other, and the recipient accepts messages
from them (their preference: any member, only peer supporters and moderators, or nobody).

"New" is what the rest of Haven already means by it: a member whose first posts still wait for a
moderator (`User.is_trusted` unset, forum/services.py's `needs_approval`) and who has no published
post yet, or who joined less than HAVEN_MESSAGES_MIN_DAYS ago. Moderators are never new.
"Suspended" is `User.is_suspended`, as everywhere (forum.permissions.can_write).

The reasons are written for the sender. What is about the recipient (a block, their preference,
their being new or suspended) is one plain sentence that does not say which: blocking is private.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import Block, User, Viewer
from forum.permissions import acts_as_moderator, can_write


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def has_first_published_post(member: User) -> bool:
    """A moderator approved the member's first posts (is_trusted), or a post of theirs is published
    under their name (post_count: where posts need no approval)."""
    return member.is_trusted or member.post_count > 0


def is_new_for_messages(member: User) -> bool:
    if member.is_moderator:
        return False
    joined_recently = member.date_joined > timezone.now() - timedelta(days=settings.HAVEN_MESSAGES_MIN_DAYS)
    return joined_recently or not has_first_published_post(member)


def uses_messages(member: Viewer) -> bool:
    """MEMBER may send and receive private messages at all (the inbox shows why not)."""
    if not isinstance(member, User):
        return False
    return can_write(member) and not member.is_deleted_account and not is_new_for_messages(member)


def why_not_yet(member: Viewer) -> str:
    """Why MEMBER can't use private messages, in their own words ("" if they can)."""
    if not isinstance(member, User):
        return "Please log in to send private messages."
    if member.is_suspended:
        return "Private messages are paused while your account is suspended."
    if not can_write(member) or member.is_deleted_account:
        return "Private messages are not available on this account."
    if is_new_for_messages(member):
        return (
            f"Private messages open once you've been a member for {settings.HAVEN_MESSAGES_MIN_DAYS} days "
            "and one of your posts has been published. Until then, the forum and the crisis "
            "resources are here for you."
        )
    return ""


def _accepts_from(recipient: User, sender: User) -> bool:
    wanted = recipient.accepts_messages_from
    if wanted == User.MessagesFrom.NOBODY:
        return False
    if wanted == User.MessagesFrom.SUPPORTERS:
        return sender.is_peer_supporter or acts_as_moderator(sender)
    return True


def can_message(sender: Viewer, recipient: User) -> Decision:
    """Whether SENDER may send RECIPIENT a private message now, and if not, why (for SENDER)."""
    if (reason := why_not_yet(sender)) or not isinstance(sender, User):
        return Decision(False, reason)
    if sender.pk == recipient.pk:
        return Decision(False, "This is you.")
    if recipient.is_deleted_account or not recipient.is_active:
        return Decision(False, "This member has left Haven.")
    blocks = set(
        Block.objects.filter(
            Q(blocker_id=sender.pk, blocked_id=recipient.pk)
            | Q(blocker_id=recipient.pk, blocked_id=sender.pk)
        ).values_list("blocker_id", flat=True)
    )
    if sender.pk in blocks:
        return Decision(False, f"You blocked {recipient.display_name}. Unblock them to send a message.")
    if blocks or not uses_messages(recipient) or not _accepts_from(recipient, sender):
        return Decision(
            False, f"{recipient.display_name} isn't taking private messages from you at the moment."
        )
    return ALLOWED
