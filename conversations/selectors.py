"""Reads of private conversations: a member's inbox and conversation pages, and, in one place,
which messages a report lets moderators read (`messages_shown_to_moderators`). No other function
gives moderators or staff a message's text."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from conversations.models import ConversationReport, Message, Participant


def inbox(member: User) -> QuerySet[Participant]:
    """MEMBER's conversations, newest first, each with the other member: one query however many."""
    return (
        Participant.objects.filter(member=member)
        .select_related("other")
        .only(
            "conversation_id",
            "last_message_at",
            "last_received_at",
            "last_read_at",
            "other__id",
            "other__display_name",
            "other__is_deleted_account",
            "other__is_peer_supporter",
        )
        .order_by("-last_message_at", "-pk")
    )


def side_of(member: User, conversation_id: int) -> Participant:
    """MEMBER's side of the conversation, or 404: a conversation one is not in is not there."""
    if not member.is_authenticated:
        raise Http404
    side = (
        Participant.objects.filter(member=member, conversation_id=conversation_id)
        .select_related("conversation", "other")
        .first()
    )
    if side is None:
        raise Http404("No such conversation.")
    return side


@dataclass(frozen=True)
class MessagePage:
    """Up to HAVEN_MESSAGES_SHOWN messages of a conversation, oldest first, and whether earlier
    ones wait before them (`has_earlier`, linked by the first message's id)."""

    messages: list[Message]
    has_earlier: bool

    @property
    def earliest_id(self) -> int | None:
        return self.messages[0].pk if self.messages else None


def latest_messages(side: Participant, before: int | None = None) -> MessagePage:
    """The conversation's newest HAVEN_MESSAGES_SHOWN messages, or those just before the message
    BEFORE (one of this conversation's, else Http404), oldest first: one query, two with BEFORE."""
    messages = Message.objects.filter(conversation_id=side.conversation_id)
    if before is not None:
        anchor = messages.filter(pk=before).values("created_at", "pk").first()
        if anchor is None:
            raise Http404("No such message in this conversation.")
        messages = messages.filter(
            Q(created_at__lt=anchor["created_at"]) | Q(created_at=anchor["created_at"], pk__lt=anchor["pk"])
        )
    shown = settings.HAVEN_MESSAGES_SHOWN
    newest = list(
        messages.select_related("author")
        .only(
            "created_at",
            "body_html",
            "is_erased",
            "author__id",
            "author__display_name",
            "author__is_deleted_account",
        )
        .order_by("-created_at", "-pk")[: shown + 1]
    )
    return MessagePage(messages=newest[:shown][::-1], has_earlier=len(newest) > shown)


def open_reports() -> QuerySet[ConversationReport]:
    """Reports waiting for a moderator: possible crises first (urgent ones first), then oldest."""
    return (
        ConversationReport.objects.filter(resolved_at__isnull=True)
        .select_related("about", "reported_by")
        .order_by("-urgent", "kind", "created_at")  # "crisis" sorts before "report"
    )


def messages_shown_to_moderators(report: ConversationReport) -> list[Message]:
    """What REPORT lets moderators read, and nothing more: for a member's report, the messages sent
    up to the report (the reporter consented to that); for a crisis match, that one message."""
    messages = Message.objects.select_related("author").order_by("created_at", "pk")
    if report.kind == ConversationReport.Kind.CRISIS:
        return list(messages.filter(pk=report.message_id)) if report.message_id is not None else []
    return list(messages.filter(conversation_id=report.conversation_id, created_at__lte=report.created_at))
