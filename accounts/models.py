"""Members: a custom user whose public face is a changeable pseudonym; the email stays private."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

display_name_validator = RegexValidator(
    r"^[\w][\w .'-]*[\w.]$",
    "Use letters, numbers, spaces, dots, apostrophes, hyphens or underscores, "
    "starting with a letter or number.",
)


class UserManager(BaseUserManager):
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


class User(AbstractUser):
    """A member. Other members only ever see `display_name`, never the email."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=30,
        validators=[display_name_validator],
        help_text="How other members see you. A pseudonym is welcome; you can change it later.",
    )
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

    # Email
    class EmailFrequency(models.TextChoices):
        OFF = "off", "Off"
        IMMEDIATE = "immediate", "As it happens"
        DAILY = "daily", "A daily digest"

    email_notifications = models.CharField(
        max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATE
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    quiet_hours_start = models.TimeField(null=True, blank=True, help_text="No email from this time…")
    quiet_hours_end = models.TimeField(null=True, blank=True, help_text="…until this time (your time zone).")
    last_digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_deleted_account = models.BooleanField(default=False, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"),
                name="unique_display_name_ci",
                violation_error_message="That display name is already taken.",
            )
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.pk])

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def is_suspended_indefinitely(self) -> bool:
        return self.is_suspended and self.suspended_until.year >= INDEFINITE_YEAR


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
