"""Every write to private conversations: sending (with the safeguards and the notification in
the same transaction), reading, reporting, closing a report (for moderation), and what happens to
a member's messages when they delete their account.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from accounts.models import User
from conversations import safeguards as conversation_safeguards
from conversations.models import Conversation, ConversationReport, Message, Participant
from conversations.permissions import can_message
from forum import safeguards
from forum.markup import render_markdown
from forum.models import Notification
from forum.notifications import notify


class MessagingNotAllowed(PermissionError):
    """The sender may not message the recipient (conversations.permissions.can_message)."""


@dataclass
class SentMessage:
    message: Message
    # What the detectors found, for the author's page: crisis resources, as after a post.
    crisis: Any = None  # moderation.crisis.CrisisScreen (conversations does not import moderation)
    method_details: list = field(default_factory=list)

    @property
    def shows_crisis_support(self) -> bool:
        return bool(self.crisis and self.crisis.is_crisis)


def conversation_between(first: User, second: User) -> Conversation | None:
    return Conversation.objects.filter(pair=Conversation.pair_of(first.pk, second.pk)).first()


def _open_conversation(sender: User, recipient: User) -> Conversation:
    """The pair's conversation, created with both sides on the first message."""
    conversation, created = Conversation.objects.get_or_create(
        pair=Conversation.pair_of(sender.pk, recipient.pk)
    )
    if created:
        Participant.objects.bulk_create(
            [
                Participant(conversation=conversation, member=sender, other=recipient),
                Participant(conversation=conversation, member=recipient, other=sender),
            ]
        )
    return conversation


@transaction.atomic
def send_message(sender: User, recipient: User, body: str) -> SentMessage:
    """SENDER writes BODY to RECIPIENT, in their conversation (started if need be).

    Refused (MessagingNotAllowed) unless can_message allows it. The body is rendered by the one
    sanitiser (forum/markup.py, no images there). The crisis and method-detail detectors run on it
    through forum's hook, the entry point every post meets: a crisis match raises a report that
    shows moderators this message only. Method detail and identifying details meet the composer's
    safe-messaging and confidentiality steps before sending (conversations/forms.py), as a post's
    do, but raise nothing here: without a report, only a possible crisis reaches moderators, and
    then only that one message. The recipient is notified (forum/notifications.py: nothing
    while they take a break, no email in their quiet hours; the email never carries the text)."""
    decision = can_message(sender, recipient)
    if not decision:
        raise MessagingNotAllowed(decision.reason)
    conversation = _open_conversation(sender, recipient)
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation, author=sender, body=body, body_html=render_markdown(body), created_at=now
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    Participant.objects.filter(conversation=conversation).update(last_message_at=now)
    Participant.objects.filter(conversation=conversation, member=recipient).update(last_received_at=now)
    # The writer has read their own conversation up to their message.
    Participant.objects.filter(conversation=conversation, member=sender).update(last_read_at=now)
    screening = safeguards.screen_draft(body)
    sent = SentMessage(message=message, crisis=screening.crisis, method_details=screening.method_details)
    # A tentative finding (moderation.crisis.CrisisScreen) is not enough to show moderators a
    # private message: its author sees where help is, and nobody else reads it.
    if screening.crisis.is_firm:
        report = ConversationReport.objects.create(
            kind=ConversationReport.Kind.CRISIS,
            conversation=conversation,
            message=message,
            about=sender,
            note=screening.crisis.summary(),
            urgent=screening.crisis.severity == "urgent",  # moderation.crisis.URGENT
        )
        conversation_safeguards.crisis_in_message(report)
    _notify_recipient(conversation, sender, recipient)
    return sent


def _notify_recipient(conversation: Conversation, sender: User, recipient: User) -> None:
    """One line per conversation while it is unread: "Maya sent you 3 private messages"."""
    url = conversation.get_absolute_url()
    unread = (
        Notification.objects.select_for_update()
        .filter(recipient=recipient, url=url, read_at__isnull=True)
        .first()
    )
    if unread is None:
        notify(
            recipient, Notification.Kind.REPLY, f"{sender.display_name} sent you a private message", url=url
        )
        return
    count = unread.count + 1
    Notification.objects.filter(pk=unread.pk).update(
        count=count,
        message=f"{sender.display_name} sent you {count} private messages",
        created_at=timezone.now(),
    )


def mark_read(participant: Participant) -> None:
    """The member opened the conversation: it is read, and so is its notification."""
    now = timezone.now()
    if participant.is_unread:
        Participant.objects.filter(pk=participant.pk).update(last_read_at=now)
        participant.last_read_at = now
        Notification.objects.filter(
            recipient_id=participant.member_id,
            url=participant.conversation.get_absolute_url(),
            read_at__isnull=True,
        ).update(read_at=now)


class AlreadyReported(Exception):
    pass


@transaction.atomic
def report_conversation(conversation: Conversation, reporter: User, note: str = "") -> ConversationReport:
    """REPORTER, one of the two members, asks moderators to read CONVERSATION, having consented to
    it: moderators then see the messages sent until now (conversations.selectors)."""
    side = Participant.objects.get(conversation=conversation, member=reporter)
    try:
        with transaction.atomic():
            return ConversationReport.objects.create(
                kind=ConversationReport.Kind.REPORT,
                conversation=conversation,
                reported_by=reporter,
                about_id=side.other_id,
                note=note,
            )
    except IntegrityError:
        raise AlreadyReported from None


def close_report(
    report: ConversationReport, moderator: User, outcome: str, note: str = ""
) -> ConversationReport:
    """Close REPORT. For moderation/services.py only, which records the action in the audit log
    in the same transaction."""
    report = ConversationReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_open:
        raise ValueError("This report is already closed.")
    report.resolved_at = timezone.now()
    report.resolved_by = moderator
    report.outcome = outcome
    report.outcome_note = note
    report.save(update_fields=["resolved_at", "resolved_by", "outcome", "outcome_note"])
    return report


# --- Account deletion and export (forum/member_services.py's hook) --------------------------------

ERASED = "This message was removed when its author deleted their account."


def forget_member(member: User, *, keep_posts: bool) -> None:
    """MEMBER deletes their account.

    What a member expects, we think: a message they sent is in someone else's inbox, as a letter
    is. Keeping their posts ("Former member"), they keep their messages there too, shown as from a
    former member (their name is gone with the account). Removing their posts, they remove their
    words everywhere: the text of every message they sent is erased (a placeholder keeps the other
    member's side readable), here and in any report moderators hold. Either way their own side of
    each conversation (read markers, inbox) goes; the other member's messages stay with the other
    member, whose words they are."""
    if not keep_posts:
        Message.objects.filter(author=member, is_erased=False).update(
            body="", body_html=f"<p>{ERASED}</p>", is_erased=True
        )
    # The other members' notifications begin with the name ("Maya sent you…"): "A former member" now.
    sides = Participant.objects.filter(member=member)
    urls = [Conversation(pk=pk).get_absolute_url() for pk in sides.values_list("conversation_id", flat=True)]
    name = member.display_name
    Notification.objects.filter(url__in=urls, message__startswith=f"{name} ").exclude(
        recipient=member
    ).update(message=Concat(Value("A former member"), Substr("message", len(name) + 1)))
    sides.delete()


def member_messages(member: User) -> list[dict]:
    """MEMBER's conversations for their data export: each with the other member's name as shown
    now, and every message in it (both members' words: the conversation as the member reads it)."""
    sides = Participant.objects.filter(member=member).select_related("other").order_by("last_message_at")
    by_conversation = {side.conversation_id: side for side in sides}
    messages = (
        Message.objects.filter(conversation_id__in=list(by_conversation))
        .select_related("author")
        .order_by("conversation_id", "created_at", "pk")
    )
    exported: dict[int, dict] = {
        pk: {"with": side.other.display_name, "messages": []} for pk, side in by_conversation.items()
    }
    for message in messages:
        exported[message.conversation_id]["messages"].append(
            {
                "from_you": message.author_id == member.pk,
                "sent_at": message.created_at.isoformat(),
                "body": message.body,
                "erased": message.is_erased,
            }
        )
    return list(exported.values())
