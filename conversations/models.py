"""Private one-to-one conversations between members, their messages, and the reports that let
moderators read them.

Nobody but the two members reads a conversation. Moderators read one only through a
`ConversationReport`: a member's report (with their explicit consent) shows the messages sent up
to the moment of the report; a crisis match in a message (moderation's detectors) shows that one
message and nothing else. conversations/selectors.py is the one place that says which messages a
report shows. Only conversations/services.py writes these rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Conversation(models.Model):
    """Two members' private conversation: one per pair (`pair` is "lower id:higher id")."""

    pair = models.CharField(max_length=41, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Conversation {self.pk}"

    def get_absolute_url(self):
        return reverse("conversations:conversation", args=[self.pk])

    @staticmethod
    def pair_of(first_id: int, second_id: int) -> str:
        low, high = sorted((first_id, second_id))
        return f"{low}:{high}"


class Participant(models.Model):
    """One member's side of a conversation: who the other member is, and how far they have read.
    The inbox is one indexed query over these rows (member, newest first)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Copied from the conversation on every message, so that the inbox sorts on this row's index.
    last_message_at = models.DateTimeField(default=timezone.now)
    # The newest message from the other member, for the inbox's unread marker (None: nothing from them).
    last_received_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "member"], name="one_side_per_member"),
        ]
        indexes = [models.Index(fields=["member", "-last_message_at"], name="inbox_idx")]

    def __str__(self):
        return f"{self.member_id} in conversation {self.conversation_id}"

    @property
    def is_unread(self) -> bool:
        return self.last_received_at is not None and (
            self.last_read_at is None or self.last_received_at > self.last_read_at
        )


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    # Rendered once, when sent, by forum/markup.py (the one sanitiser) in its message mode.
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    # The author deleted their account and chose to remove their words (conversations/services.py).
    is_erased = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["conversation", "created_at"], name="message_order_idx")]

    def __str__(self):
        return f"Message {self.pk} in conversation {self.conversation_id}"


class ConversationReport(models.Model):
    """An item in the moderators' queue about a private conversation.

    REPORT: a member reported the conversation, consenting to moderators reading it; moderators see
    the messages sent up to `created_at`. CRISIS: moderation's crisis detector matched one message;
    moderators see that message only (`message`)."""

    class Kind(models.TextChoices):
        REPORT = "report", "Reported by a member"
        CRISIS = "crisis", "Possible crisis in a message"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reports")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Whom the item is about: the other member for a report, the message's author for a crisis.
    about = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True, max_length=1000)
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=20, blank=True)
    outcome_note = models.TextField(blank=True, max_length=1000)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="report", message__isnull=True, reported_by__isnull=False)
                | Q(kind="crisis", message__isnull=False, reported_by__isnull=True),
                name="report_has_reporter_crisis_has_message",
            ),
            models.UniqueConstraint(
                fields=["conversation", "reported_by"],
                condition=Q(resolved_at__isnull=True, kind="report"),
                name="one_open_report_per_member_per_conversation",
            ),
        ]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(resolved_at__isnull=True), name="open_report_idx")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on conversation {self.conversation_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def is_crisis(self) -> bool:
        return self.kind == self.Kind.CRISIS
