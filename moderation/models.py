"""Flags, the review queue (crisis outcomes included), appeals, suspensions, crisis phrases, the
audit log, and moderators' own shift and exposure records.

Only moderation/services.py changes these rows. The audit log is append-only: the model refuses
updates and deletes, and a database trigger (migration 0002) refuses them for any other client.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import INDEFINITE_YEAR
from forum.models import Category
from forum.permissions import moderation_scope
from orgs.models import Circle


class Priority(models.IntegerChoices):
    """Queue order: lower comes first. A possible crisis the detector judged urgent (a plan,
    intent, preparation, a recent act: moderation/crisis.py) comes before every other item."""

    URGENT_CRISIS = 0, "Possible crisis: urgent"
    CRISIS = 1, "Possible crisis"
    METHOD_DETAIL = 2, "Method detail"
    CONFIDENTIALITY = 3, "Confidentiality"
    HARASSMENT = 4, "Harassment"
    OTHER = 5, "Other"


class FlagReason(models.TextChoices):
    CRISIS = "crisis", "This member may be at risk or in crisis"
    CONFIDENTIALITY = "confidentiality", "Could identify a client or a real person (confidentiality)"
    HARASSMENT = "harassment", "Harassment or unkind"
    SPAM = "spam", "Spam or advertising"
    HARMFUL = "harmful", "Harmful or misleading advice"
    METHOD_DETAIL = "method_detail", "Describes a method of suicide or self-harm in detail"
    OTHER = "other", "Something else"

    @property
    def priority(self) -> Priority:
        return {
            FlagReason.CRISIS: Priority.CRISIS,
            FlagReason.METHOD_DETAIL: Priority.METHOD_DETAIL,
            FlagReason.CONFIDENTIALITY: Priority.CONFIDENTIALITY,
            FlagReason.HARASSMENT: Priority.HARASSMENT,
        }.get(self, Priority.OTHER)


class CrisisOutcome(models.TextChoices):
    """What a moderator did for a member who may be at risk: every crisis item closes with one."""

    REACHED_OUT = "reached_out", "Reached out privately"
    SHARED_RESOURCES = "shared_resources", "Shared resources"
    NO_ACTION = "no_action", "No action needed"
    ESCALATED = "escalated", "Escalated"


class ConversationOutcome(models.TextChoices):
    """What a moderator did about a member's report of a private conversation."""

    NO_ACTION = "no_action", "No action needed"
    TALKED = "talked", "Talked with the member(s) privately"
    WARNED = "warned", "Warned a member"
    SUSPENDED = "suspended", "Suspended a member"


# Queue entries for posts that may mean their author is at risk (QueueEntry.is_crisis, row by row).
CRISIS_ITEMS = Q(kind="post", priority__lte=Priority.CRISIS)


class QueueEntryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def moderated_by(self, moderator):
        """The entries MODERATOR may see and act on: about posts in categories they moderate (site
        moderators: those in no circle; circle moderators: their circle's), and, for site
        moderators, appeals against suspensions and the possible crises of circles that have no
        moderator of their own (Circle.objects.without_moderators)."""
        scope = moderation_scope(moderator)
        if not scope.moderates_anything:
            return self.none()
        moderated = Category.objects.filter(scope.categories_q()).values("pk")
        about = Q(post__thread__category__in=moderated) | Q(appeal__post__thread__category__in=moderated)
        if scope.site:
            about |= Q(appeal__suspension__isnull=False)
            # A circle with no moderator of its own who can act: its possible crises come to the
            # site's moderators (only those items; the circles page says so), or nobody would see them.
            about |= CRISIS_ITEMS & Q(post__thread__category__circle__in=Circle.objects.without_moderators())
        return self.filter(about)

    def crises(self):
        """Possible crises, each with `flagged_at`: when its first crisis flag was raised (an item
        queued for something else becomes a crisis only when someone says so)."""
        first_crisis_flag = (
            Flag.objects.filter(entry=models.OuterRef("pk"), reason=FlagReason.CRISIS)
            .order_by("created_at")
            .values("created_at")[:1]
        )
        return self.filter(CRISIS_ITEMS).annotate(
            flagged_at=Coalesce(models.Subquery(first_crisis_flag), "created_at")
        )


class QueueEntry(models.Model):
    """One item for moderators to review: a post (with its flags, or awaiting approval) or an appeal."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        APPEAL = "appeal", "Appeal"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    post = models.ForeignKey("forum.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    appeal = models.OneToOneField(
        "Appeal", null=True, blank=True, on_delete=models.PROTECT, related_name="queue_entry"
    )
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.OTHER)
    awaiting_approval = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.CharField(max_length=30, blank=True)
    crisis_outcome = models.CharField(
        max_length=20,
        choices=CrisisOutcome.choices,
        blank=True,
        help_text="Set when a possible crisis is closed (required for those).",
    )
    crisis_note = models.TextField(blank=True, max_length=1000, help_text="Required when escalated.")

    objects = QueueEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "queue entries"
        constraints = [
            models.UniqueConstraint(
                fields=["post"],
                condition=Q(resolved_at__isnull=True, kind="post"),
                name="one_open_entry_per_post",
            ),
            models.CheckConstraint(
                condition=~Q(crisis_outcome="escalated") | ~Q(crisis_note=""),
                name="escalated_crisis_has_note",
            ),
        ]
        indexes = [
            models.Index(
                fields=["priority", "created_at"],
                condition=Q(resolved_at__isnull=True),
                name="open_queue_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} entry {self.pk}"

    @property
    def is_open(self):
        return self.resolved_at is None

    @property
    def is_crisis(self) -> bool:
        """A post that may mean its author is at risk: it closes only with a CrisisOutcome."""
        return self.kind == self.Kind.POST and self.priority <= Priority.CRISIS

    @property
    def is_urgent(self) -> bool:
        return self.kind == self.Kind.POST and self.priority == Priority.URGENT_CRISIS


class Flag(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Upheld"
        DISMISSED = "dismissed", "Dismissed"

    post = models.ForeignKey("forum.Post", on_delete=models.PROTECT, related_name="flags")
    entry = models.ForeignKey(QueueEntry, on_delete=models.PROTECT, related_name="flags")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="flags_raised",
        help_text="Empty for automatic flags.",
    )
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    note = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    alerted_moderators = models.BooleanField(
        default=False,
        help_text="Moderators were emailed about this possible crisis; later crisis flags on the same "
        "item are not emailed again (a tentative automatic flag is never emailed, so a member's report after it is).",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagged_by"],
                condition=Q(status="open"),
                name="one_open_flag_per_member_per_post",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} on post {self.post_id}"

    @property
    def is_automatic(self):
        return self.flagged_by_id is None


class Suspension(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="suspensions")
    suspended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty means indefinite.")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return f"Suspension of {self.member}"

    @property
    def is_active(self):
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > timezone.now())


class Appeal(models.Model):
    """A member asks moderators to look again at a hidden post or a suspension. Once each."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Decision upheld"
        OVERTURNED = "overturned", "Decision overturned"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals")
    post = models.OneToOneField(
        "forum.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="appeal"
    )
    suspension = models.OneToOneField(
        Suspension, null=True, blank=True, on_delete=models.PROTECT, related_name="appeal"
    )
    message = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False) ^ Q(suspension__isnull=False), name="appeal_has_one_subject"
            )
        ]

    def __str__(self):
        return f"Appeal by {self.member}"


class CrisisPhrase(models.Model):
    """A phrase that suggests the writer may be at risk. Matched case-insensitively on word
    boundaries; a trailing * matches word endings ("hurt* myself" matches "hurting myself")."""

    class Category(models.TextChoices):
        SUICIDE = "suicide", "Suicidal thoughts"
        SELF_HARM = "self_harm", "Self-harm"
        HARM_OTHERS = "harm_others", "Intent to harm others"

    phrase = models.CharField(max_length=100, unique=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["category", "phrase"]

    def __str__(self):
        return self.phrase


class ModerationActionQuerySet(models.QuerySet):
    def seen_by(self, moderator):
        """The audit log MODERATOR may read: actions on posts and threads in categories they
        moderate, and, for site moderators, actions on members (warnings, suspensions)."""
        scope = moderation_scope(moderator)
        if not scope.moderates_anything:
            return self.none()
        moderated = Category.objects.filter(scope.categories_q()).values("pk")
        about = Q(post__thread__category__in=moderated) | Q(thread__category__in=moderated)
        if scope.site:
            about |= Q(post__isnull=True, thread__isnull=True)
        return self.filter(about)


class ModerationAction(models.Model):
    """The audit log: who did what to whom, why, and the state before and after. Append-only."""

    class Kind(models.TextChoices):
        APPROVE = "approve", "Approved a waiting post"
        DISMISS_FLAGS = "dismiss_flags", "Dismissed flags"
        HIDE = "hide", "Hid a post"
        EDIT = "edit", "Edited a post"
        DELETE = "delete", "Deleted a post"
        LOCK = "lock", "Locked a thread"
        UNLOCK = "unlock", "Unlocked a thread"
        MOVE = "move", "Moved a thread"
        WARN = "warn", "Warned a member"
        SUSPEND = "suspend", "Suspended a member"
        LIFT_SUSPENSION = "lift_suspension", "Lifted a suspension"
        APPEAL_UPHELD = "appeal_upheld", "Upheld a decision on appeal"
        APPEAL_OVERTURNED = "appeal_overturned", "Overturned a decision on appeal"
        REVEAL_AUTHOR = "reveal_author", "Revealed an anonymous author"
        CLOSE_CRISIS = "close_crisis", "Closed a crisis check"
        APPROVE_VERIFICATION = "approve_verification", "Verified a member"
        DECLINE_VERIFICATION = "decline_verification", "Declined a verification"
        PURGE_AUDIT_LOG = "purge_audit_log", "Purged audit entries past their retention period"
        GRANT_PEER_SUPPORT = "grant_peer_support", "Made a member a peer supporter"
        REVOKE_PEER_SUPPORT = "revoke_peer_support", "Ended a member's peer-supporter role"
        PEER_CLAIM = "peer_claim", "Took on a waiting thread as a peer supporter"
        PEER_RELEASE = "peer_release", "Handed back a waiting thread"
        CLOSE_CONVERSATION_REPORT = "close_conversation", "Closed a report about a private conversation"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who acted; empty for the retention schedule (operations/retention.py).",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moderation_history",
        help_text="The member the action concerns (a post's author, or the member acted on).",
    )
    post = models.ForeignKey("forum.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entry = models.ForeignKey(
        QueueEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    reason = models.TextField()
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="audit_recent_idx"),
            models.Index(fields=["member", "-created_at"], name="audit_member_idx"),
        ]

    def __str__(self):
        return f"{self.actor} {self.get_kind_display().lower()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The moderation audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The moderation audit log is append-only.")


class Exposure(models.Model):
    """A moderator chose to look at a distressing item, blurred until then: a queue entry's post, or
    the message of a possible crisis in a private conversation (`conversation_report`).

    Private to that moderator: counted per day in their own time zone so the queue can suggest a
    pause (moderation/wellbeing.py). Not part of the audit log, and shown to nobody else.
    """

    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(QueueEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    conversation_report = models.ForeignKey(
        "conversations.ConversationReport", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(help_text="The moderator's own date when they looked.")
    revealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(entry__isnull=False, conversation_report__isnull=True)
                | Q(entry__isnull=True, conversation_report__isnull=False),
                name="exposure_to_an_entry_or_a_conversation_report",
            ),
            models.UniqueConstraint(
                fields=["moderator", "entry"], name="one_exposure_per_moderator_per_entry"
            ),
            models.UniqueConstraint(
                fields=["moderator", "conversation_report"],
                name="one_exposure_per_moderator_per_conversation_report",
            ),
        ]
        indexes = [models.Index(fields=["moderator", "day"], name="exposure_day_idx")]

    def __str__(self):
        if self.entry_id is None:
            return f"Exposure of {self.moderator_id} to conversation report {self.conversation_report_id}"
        return f"Exposure of {self.moderator_id} to entry {self.entry_id}"


class PeerSupporterQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def available(self, now=None):
        """Active supporters who have not stepped back for a while."""
        now = now or timezone.now()
        return self.active().filter(Q(away_until__isnull=True) | Q(away_until__lte=now))


class PeerSupporter(models.Model):
    """A member granted the peer-supporter role by a moderator after training. Only the date and
    the name of the course are recorded, nothing else about it. Revoking keeps the row (with
    `revoked_at`) so the training stays on record; the audit log holds who granted and revoked.
    `User.is_peer_supporter` mirrors whether the role is active (moderation/peer_services.py)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="peer_supporter"
    )
    trained_on = models.DateField(help_text="When the member completed the training.")
    course = models.CharField(max_length=120, help_text="The name of the training course.")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Stepped back: not counted as available, and cannot take on threads, until then.
    away_until = models.DateTimeField(null=True, blank=True)

    objects = PeerSupporterQuerySet.as_manager()

    def __str__(self):
        return f"Peer supporter {self.member_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def is_away(self) -> bool:
        return self.away_until is not None and self.away_until > timezone.now()

    @property
    def is_away_until_they_return(self) -> bool:
        """Stepped back with no end date (stored as a date in INDEFINITE_YEAR, as suspensions are)."""
        return self.is_away and self.away_until.year >= INDEFINITE_YEAR


class PeerRequest(models.Model):
    """A thread's author asked for a peer supporter: the thread goes to the top of the waiting
    list until a peer supporter replies in it."""

    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["thread"],
                condition=Q(answered_at__isnull=True),
                name="one_open_peer_request_per_thread",
            )
        ]

    def __str__(self):
        return f"Peer asked for in thread {self.thread_id}"


class PeerClaim(models.Model):
    """A peer supporter took on a waiting thread: the other supporters see it is being answered.
    One open claim per thread; it ends when they reply (answered), hand it back (released), or
    when HAVEN_PEER_CLAIM_MINUTES pass without a reply (lapsed, recorded when next looked at)."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", "Answered"
        RELEASED = "released", "Handed back"
        LAPSED = "lapsed", "Lapsed"

    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")
    supporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)
    day = models.DateField(help_text="The supporter's own date when they took it on (their daily count).")
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["thread"], condition=Q(ended_at__isnull=True), name="one_open_peer_claim_per_thread"
            )
        ]
        indexes = [models.Index(fields=["supporter", "day"], name="peer_claim_day_idx")]

    def __str__(self):
        return f"Claim on thread {self.thread_id} by {self.supporter_id}"


class WaitingNotice(models.Model):
    """The one kind notice a thread's author got when their thread waited a long time."""

    thread = models.OneToOneField(
        "forum.Thread", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Waiting notice for thread {self.thread_id}"


class OffShift(models.Model):
    """A moderator who has stepped off shift: off the on-call list (crisis emails outside moderation
    hours) until they step back on. Moderators without a row are on shift."""

    moderator = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="off_shift"
    )
    since = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.moderator_id} off shift since {self.since:%Y-%m-%d %H:%M}"
