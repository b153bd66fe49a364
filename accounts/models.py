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
