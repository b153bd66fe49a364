"""Members: a custom user whose public face is a changeable pseudonym; the email stays private."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from accounts import names
from accounts.evidence import document_name, private_storage

display_name_validator = RegexValidator(
    r"^[\w][\w .'-]*[\w.]$",
    "Use letters, numbers, spaces, dots, apostrophes, hyphens or underscores, "
    "starting with a letter or number.",
)


class VerifiedRole(models.TextChoices):
    """The professions a moderator can verify; shown as the badge "Verified: <label>"."""

    COUNSELLOR = "counsellor", "Counsellor"
    PSYCHOTHERAPIST = "psychotherapist", "Psychotherapist"
    PSYCHOLOGIST = "psychologist", "Psychologist"
    PSYCHIATRIST = "psychiatrist", "Psychiatrist"
    SOCIAL_WORKER = "social_worker", "Social worker"
    NURSE = "nurse", "Nurse"
    DOCTOR = "doctor", "Doctor"
    PARAMEDIC = "paramedic", "Paramedic"


# What other members see of a member beside their posts and threads: a write to any of these bumps
# `User.profile_version`, which the cached post and thread-row fragments are keyed on.
PUBLIC_PROFILE_FIELDS = frozenset({"display_name", "profession", "verified_role", "is_peer_supporter"})


class UserQuerySet(models.QuerySet):
    def emailable(self) -> "UserQuerySet":
        """Members Haven may email now: the same rule as `User.wants_email`, in SQL (for the jobs
        that choose whom to email). Keep the two together."""
        return (
            self.filter(is_active=True, is_deleted_account=False, email__isnull=False)
            .exclude(email="")
            .exclude(email_notifications=User.EmailFrequency.OFF)
            .exclude(break_until__gt=timezone.now())
        )

    def update(self, **kwargs):
        """Also bumps `profile_version` where a shown field is written (see User.save)."""
        if PUBLIC_PROFILE_FIELDS.intersection(kwargs):
            kwargs.setdefault("profile_version", models.F("profile_version") + 1)
        return super().update(**kwargs)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


# What a post card or a list row shows of its author (name, profession, badge, profile link,
# "Former member"), and what moderation pages add (joined, post count).
SHOWN_AS_AUTHOR = frozenset(
    {
        "id",
        "display_name",
        "profession",
        "verified_role",
        "is_peer_supporter",
        "is_active",
        "is_deleted_account",
        "post_count",
        "date_joined",
        "profile_version",
    }
)


class User(AbstractUser):
    """A member. Other members only ever see `display_name`, never the email."""

    username = None
    first_name = None
    last_name = None
    # None for a member who signed in through their organisation's identity provider and has not
    # added an address (orgs/identity.py): Haven never takes one from the provider.
    email = models.EmailField("email address", unique=True, null=True, blank=True)
    display_name = models.CharField(
        max_length=30,
        validators=[display_name_validator],
        help_text="How other members see you. A pseudonym is welcome; you can change it later.",
    )
    # The name's look-alike keys (accounts/names.py: skeletons), kept in step by save(). Each is
    # unique, so no two members' names look alike. None where a member's name already looked like
    # an earlier member's when the keys came in (migration 0006); theirs is set if they rename.
    display_name_skeleton = models.TextField(null=True, blank=True, editable=False)
    display_name_cased_skeleton = models.TextField(null=True, blank=True, editable=False)
    profession = models.CharField(
        max_length=80, blank=True, help_text='Optional, e.g. "Trauma therapist" or "ICU nurse".'
    )
    bio = models.TextField(max_length=500, blank=True, help_text="Optional, up to 500 characters.")
    post_count = models.PositiveIntegerField(default=0, editable=False)
    is_moderator = models.BooleanField(
        default=False, help_text="Moderators review flags and act on posts and members (MFA required)."
    )
    is_trusted = models.BooleanField(
        default=False,
        help_text="Posts publish without waiting for approval. Set automatically once a newcomer's "
        "first posts are approved.",
    )
    suspended_until = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set and cleared by moderation actions only."
    )
    # Copied from the approved VerificationApplication, so that a badge beside a name needs no query.
    verified_role = models.CharField(
        max_length=20, choices=VerifiedRole.choices, blank=True, db_default="", default="", editable=False
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Copied from the member's active PeerSupporter role (moderation/peer_services.py), so that the
    # "Peer supporter" mark beside a name needs no query.
    is_peer_supporter = models.BooleanField(default=False, db_default=False, editable=False)
    # Bumped by every write of a PUBLIC_PROFILE_FIELDS field (save() and UserQuerySet.update()).
    profile_version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    # The privacy notice version whose consent to processing health information stands
    # (accounts/consent.py); blank before any, or after it was withdrawn. ConsentRecord keeps the
    # history; this copy is what each request checks without a query.
    consented_notice_version = models.CharField(
        max_length=40, blank=True, default="", db_default="", editable=False
    )
    legal_hold = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Keep everything about this member past its retention period (a legal claim, an "
        "investigation): operations/retention.py skips their data while this is set.",
    )

    # Privacy and reading preferences
    hide_post_list = models.BooleanField(
        default=False, help_text="Hide the list of your posts on your profile from other members."
    )
    expanded_warnings = models.JSONField(
        default=list, blank=True, help_text="Content-warning kinds shown expanded instead of collapsed."
    )
    all_read_at = models.DateTimeField(
        null=True, blank=True, help_text='"Mark all read": activity before this counts as read.'
    )

    # Reader controls (forum/mute.py): what this member would rather not see, and taking a break.
    mute_words = models.JSONField(
        default=list,
        blank=True,
        help_text="Lowercase words and phrases; posts containing them are collapsed.",
    )
    hidden_warnings = models.JSONField(
        default=list, blank=True, help_text="Content-warning kinds hidden behind a notice, never expanded."
    )
    break_until = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Taking a break until then: no notifications or email.",
    )
    # Category ids, not a many-to-many: the latest list reads them from the member row, with no query.
    break_hidden_categories = models.JSONField(default=list, blank=True, editable=False)

    # Email
    class EmailFrequency(models.TextChoices):
        OFF = "off", "Off"
        IMMEDIATE = "immediate", "As it happens"
        DAILY = "daily", "A daily digest"

    email_notifications = models.CharField(
        max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATE
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    # Until the member saves a zone in their preferences, the preferences page preselects the
    # browser's (static/js/haven.js); once they have, nothing replaces it.
    time_zone_chosen = models.BooleanField(default=False, editable=False)
    quiet_hours_start = models.TimeField(null=True, blank=True, help_text="No email from this time…")
    quiet_hours_end = models.TimeField(null=True, blank=True, help_text="…until this time (your time zone).")
    last_digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    waiting_nudge = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Once a day, a gentle email listing up to three threads in categories you follow "
        "that are still waiting for a first reply.",
    )
    last_waiting_nudge_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Private messages (conversations/permissions.py reads this from the recipient's row).
    class MessagesFrom(models.TextChoices):
        EVERYONE = "everyone", "Any member"
        SUPPORTERS = "supporters", "Only peer supporters and moderators"
        NOBODY = "nobody", "Nobody: messages are off"

    accepts_messages_from = models.CharField(
        max_length=10,
        choices=MessagesFrom.choices,
        default=MessagesFrom.EVERYONE,
        db_default=MessagesFrom.EVERYONE,
    )
    is_deleted_account = models.BooleanField(default=False, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        constraints = [
            # Mentions find a member by name ignoring case (forum/services.py); this holds for every
            # row, including one whose skeletons are unset.
            models.UniqueConstraint(
                Lower("display_name"),
                name="unique_display_name_ci",
                violation_error_message=names.ALREADY_TAKEN,
            ),
            models.UniqueConstraint(
                fields=["display_name_skeleton"],
                name="unique_display_name_skeleton",
                violation_error_message=names.TOO_CLOSE,
            ),
            models.UniqueConstraint(
                fields=["display_name_cased_skeleton"],
                name="unique_display_name_cased_skeleton",
                violation_error_message=names.TOO_CLOSE,
            ),
        ]

    def __str__(self):
        return self.display_name

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        member = super().from_db(db, field_names, values, **kwargs)
        # The name as stored, so that clean() and save() can tell a new name from the one kept.
        member._stored_display_name = member.__dict__.get("display_name")
        return member

    def refresh_from_db(self, using=None, fields=None, **kwargs):
        super().refresh_from_db(using=using, fields=fields, **kwargs)
        if fields is None or "display_name" in fields:  # also when a deferred name is first read
            self._stored_display_name = self.__dict__.get("display_name")

    @property
    def has_new_display_name(self) -> bool:
        """The display name was set or changed since the row was read (or this is a new member)."""
        name = self.__dict__.get("display_name")  # None if deferred and never set
        return name is not None and name != getattr(self, "_stored_display_name", None)

    def clean(self):
        super().clean()  # normalises the email, turning no address into "" (AbstractUser.clean)
        # No address is None, never "": the column is unique, and "" would be taken by the first.
        self.email = self.email or None
        # Only a name being chosen must pass: a name kept from before the rules stays the member's.
        if self.has_new_display_name:
            try:
                names.check_display_name(self.display_name, member=self)
            except ValidationError as error:
                raise ValidationError({"display_name": error.error_list}) from None

    def save(self, **kwargs):
        update_fields = kwargs.get("update_fields")
        saves_name = update_fields is None or "display_name" in update_fields
        if saves_name and self.has_new_display_name:
            self.display_name_skeleton, self.display_name_cased_skeleton = names.skeletons(self.display_name)
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,
                    "display_name_skeleton",
                    "display_name_cased_skeleton",
                }
        update_fields = kwargs.get("update_fields")
        bumped = not self._state.adding and (
            update_fields is None or bool(PUBLIC_PROFILE_FIELDS.intersection(update_fields))
        )
        if bumped:
            self.profile_version = models.F("profile_version") + 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "profile_version"}
        super().save(**kwargs)
        if bumped:
            self.refresh_from_db(fields=["profile_version"])
        if saves_name and "display_name" in self.__dict__:
            self._stored_display_name = self.display_name

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.pk])

    @property
    def zone(self) -> ZoneInfo:
        """The member's time zone, for their quiet hours, digests, charts and moderation hours
        (UTC where theirs is not one this server knows)."""
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def is_suspended_indefinitely(self) -> bool:
        return self.is_suspended and self.suspended_until.year >= INDEFINITE_YEAR

    @property
    def is_on_break(self) -> bool:
        """Taking a break: ends by itself when break_until passes (no job clears it)."""
        return self.break_until is not None and self.break_until > timezone.now()

    @property
    def wants_email(self) -> bool:
        """Whether Haven may email this member now: email on, an address (a member who joined
        through their organisation may have none), the account neither deleted nor closed, and
        not on a break. The one rule for every email to a member about the forum;
        `User.objects.emailable()` is the same rule in SQL."""
        return (
            self.is_active
            and not self.is_deleted_account
            and bool(self.email)
            and self.email_notifications != User.EmailFrequency.OFF
            and not self.is_on_break
        )

    @property
    def is_verified(self) -> bool:
        return bool(self.verified_role)

    @cached_property
    def acts_as_moderator(self) -> bool:
        """Whether this member sees and does what moderators do: a moderator, active, with two-factor
        authentication set up. The one predicate behind every visibility rule and permission that
        treats moderators differently (hidden and pending posts, hidden threads, revisions,
        verified-only categories, the moderation pages); without two-factor a moderator reads as
        the member they also are. Asked once per request (the member is loaded per request)."""
        if not (self.is_moderator and self.is_active):
            return False
        return Authenticator.objects.filter(user=self, type=Authenticator.Type.TOTP).exists()

    @classmethod
    def fields_not_shown_as_author(cls, relation: str) -> list[str]:
        """RELATION's fields ("author__email", ...) that no post or thread shows of its author, for
        `defer()`: other members' email, password hash, settings and mute words stay in the database
        (and out of every page's memory) when their posts are shown."""
        return [
            f"{relation}__{field.name}"
            for field in cls._meta.concrete_fields
            if field.name not in SHOWN_AS_AUTHOR
        ]

    @property
    def verified_label(self) -> str:
        """The role in the member's badge ("Nurse"), or "" if they are not verified."""
        return verified_label_for(self.verified_role)


def verified_label_for(role: str) -> str:
    """The badge text of a verified role ("Nurse"); "" for none."""
    return VerifiedRole(role).label if role else ""


# An indefinite suspension is stored as one that ends in this year, so that "is suspended" is a
# single comparison everywhere.
INDEFINITE_YEAR = 9000


class Block(models.Model):
    """BLOCKER no longer sees BLOCKED's posts expanded, and BLOCKED can't mention or notify them.
    Private: the blocked member is never told."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair")]

    def __str__(self):
        return f"{self.blocker_id} blocks {self.blocked_id}"


# Whoever is looking at a page: a member, or a visitor who is not signed in (request.user).
type Viewer = User | AnonymousUser


class RateLimitCounter(models.Model):
    """A rate-limit counter when Redis is not configured (accounts/ratelimit.py writes them with
    one upsert; moderation's migration 0004 made the table). Mapped here only so that the
    retention schedule can delete expired ones: their keys name members and IP addresses."""

    key = models.TextField(primary_key=True)
    expires_at = models.DateTimeField()
    hits = models.IntegerField()

    class Meta:
        managed = False
        db_table = "haven_rate_limit"

    def __str__(self):
        return self.key


class ConsentRecord(models.Model):
    """A member's explicit consent to Haven processing the health-related information they share
    (GDPR Article 9(2)(a)): which version of the privacy notice, when given, and when withdrawn."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    notice_version = models.CharField(max_length=40)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["given_at"]

    def __str__(self):
        return f"{self.member_id}: notice {self.notice_version} on {self.given_at:%Y-%m-%d}"


class VerificationApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=VerificationApplication.Status.PENDING)


class VerificationApplication(models.Model):
    """A member asks to carry the badge "Verified: ROLE".

    The evidence (licence or registration number, issuing body, an optional document) exists only
    while a moderator has yet to decide: deciding deletes it, and afterwards only the decision,
    role, dates and reviewer remain. A database constraint makes sure no decided application keeps
    any evidence.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a moderator"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verification_applications"
    )
    role = models.CharField(max_length=20, choices=VerifiedRole.choices)
    licence_number = models.CharField("licence or registration number", max_length=80, blank=True)
    issuing_body = models.CharField(max_length=120, blank=True)
    document = models.FileField(storage=private_storage, upload_to=document_name, blank=True, max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(
        blank=True, max_length=1000, help_text="The moderator's reason, told to the member."
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = VerificationApplicationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="pending"), name="one_pending_verification_per_member"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(licence_number="", issuing_body="", document=""),
                name="decided_verification_keeps_no_evidence",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(status="pending"), name="pending_verification_idx"
            )
        ]

    def __str__(self):
        return f"Verification of {self.member} as {self.get_role_display()} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def discard_evidence(self) -> None:
        """Blank the number and issuing body and delete the document file once the transaction
        commits (a rollback keeps it, with the row that names it). The caller saves the row."""
        name, storage = self.document.name, self.document.storage
        self.licence_number = ""
        self.issuing_body = ""
        self.document = ""
        if name:
            transaction.on_commit(lambda: storage.delete(name))


class MemberSession(AbstractBaseSession):
    """A login session, stored with the member it belongs to (None before logging in).

    Django's own session table can only be searched by decoding every row; this one finds all of
    a member's sessions with one indexed query, so that deleting an account can end them whichever
    engine is in use (accounts/sessions/: PostgreSQL alone, or Redis in front of it).
    """

    # No database constraint: a session is saved at the end of a request and must never fail to
    # save because the member row changed meanwhile; deleting a member still deletes their sessions.
    user = models.ForeignKey(User, null=True, on_delete=models.CASCADE, db_constraint=False, related_name="+")

    @classmethod
    def get_session_store_class(cls):
        from importlib import import_module

        return import_module(settings.SESSION_ENGINE).SessionStore
