"""Organisations and their circles (issue 23, item 1).

An organisation (a hospital trust, an employee-assistance provider, an association) has members,
some of them its admins, its own crisis lines and referral entries, and optionally the email
domains that make a member eligible to join it. A circle is a private group of categories that
belongs to an organisation: open to the organisation's members, who join by themselves, or by
invitation only. A circle has its own moderators.

Memberships are rows that end (`ended_at`) rather than rows that are deleted, so that whatever
ends one (the member leaving, a circle moderator removing them, and later single sign-on or SCIM
deprovisioning) goes through one service (orgs/services.py) and leaves a record of how it ended.

Who may read a circle's categories is decided in one place, forum's visibility querysets
(`Category.objects.unreadable_by`), from the viewer's circles (orgs/access.py).
"""

import hashlib
import hmac
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Organisation(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    email_domains = ArrayField(
        models.CharField(max_length=120),
        blank=True,
        default=list,
        help_text="Optional, comma-separated (e.g. nhs-trust.example). A member whose verified email "
        "is at one of these domains may join the organisation's open circles.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def is_eligible_email(self, email: str) -> bool:
        """Whether EMAIL is at one of the organisation's domains (exactly, not a subdomain)."""
        domain = email.rpartition("@")[2].lower()
        return bool(domain) and domain in {d.strip().lower().lstrip("@") for d in self.email_domains}


class CrisisLine(models.Model):
    """A crisis service the organisation wants its members to see (beside the site's own)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="crisis_lines")
    name = models.CharField(max_length=120)
    detail = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ReferralEntry(models.Model):
    """Where the organisation refers its people for support: occupational health, an employee
    assistance programme, a staff psychologist."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="referrals")
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "referral entries"

    def __str__(self):
        return self.name


class IdentityProvider(models.Model):
    """One of allauth's provider apps (an OpenID Connect client or a SAML 2.0 service provider,
    added under "Social applications" in the admin, where its settings live) through which the
    organisation's people sign in: whoever signs in through it becomes a member of the organisation
    (orgs/identity.py)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="identity_providers"
    )
    app = models.OneToOneField(
        "socialaccount.SocialApp",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The provider's client settings, under Social applications.",
    )

    def __str__(self):
        return f"{self.app} for {self.organisation}"

    @property
    def protocol(self) -> str:
        return "SAML 2.0" if self.app.provider == "saml" else "OpenID Connect"

    def clean(self):
        # allauth names a SAML app's accounts by its provider id, or else "saml" for every SAML
        # app: two organisations' providers could then vouch for the same account.
        app = getattr(self, "app", None)
        if app is not None and app.provider == "saml" and app.provider_id != app.client_id:
            raise ValidationError(
                {"app": "A SAML provider's Provider ID must be set, the same as its Client ID."}
            )


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class OrganisationMembership(models.Model):
    """A member of an organisation, and whether they administer it. Ended, never deleted."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        ADMIN = "admin", "Organisation admin"

    class Source(models.TextChoices):
        ADMIN = "admin", "Added in the admin"
        EMAIL_DOMAIN = "email_domain", "Verified email at the organisation's domain"
        IDENTITY_PROVIDER = "identity_provider", "Signed in through the organisation's identity provider"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ADMIN)
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=40, blank=True)
    # For a membership that came from the organisation's identity provider: the identifier the
    # provider signs the person in with, as identity_digest() (never the raw value), and when they
    # last signed in through it (orgs/provisioning.py ends access that has not been renewed).
    external_id = models.CharField(max_length=64, null=True, blank=True, editable=False)
    authenticated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation", "external_id"],
                condition=Q(external_id__isnull=False),
                name="organisation_external_id_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "member"],
                condition=Q(ended_at__isnull=True),
                name="one_active_organisation_membership",
            )
        ]

    def __str__(self):
        return f"{self.member_id} in {self.organisation_id} ({self.role})"


class CircleQuerySet(models.QuerySet):
    def without_moderators(self) -> "CircleQuerySet":
        """Circles with no moderator of their own who can act: an active member in the moderator
        role with two-factor authentication (as orgs/access.circles_of asks). The site's moderators
        see the possible crises posted in these, and nothing else of them
        (moderation's QueueEntry.objects.moderated_by), so that a crisis always reaches someone."""
        from allauth.mfa.models import Authenticator

        with_two_factor = Authenticator.objects.filter(
            user_id=models.OuterRef("member_id"), type=Authenticator.Type.TOTP
        )
        acting = (
            CircleMembership.objects.active()
            .filter(
                role=CircleMembership.Role.MODERATOR, member__is_active=True, member__is_deleted_account=False
            )
            .filter(models.Exists(with_two_factor))
        )
        return self.exclude(pk__in=acting.values("circle_id"))


class Circle(models.Model):
    """A private group of categories belonging to an organisation."""

    class Joining(models.TextChoices):
        OPEN = "open", "Open: the organisation's members join by themselves"
        INVITATION = "invitation", "By invitation only"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="circles")
    name = models.CharField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    joining = models.CharField(max_length=12, choices=Joining.choices, default=Joining.INVITATION)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.joining == self.Joining.OPEN


class CircleMembership(models.Model):
    """A member of a circle, and whether they moderate it. Ended, never deleted: `ended_at` and
    `end_reason` say how (left, removed, left the organisation)."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        MODERATOR = "moderator", "Circle moderator"

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=40, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActiveQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "member"],
                condition=Q(ended_at__isnull=True),
                name="one_active_circle_membership",
            )
        ]
        indexes = [
            models.Index(
                fields=["member"], condition=Q(ended_at__isnull=True), name="circle_member_active_idx"
            )
        ]

    def __str__(self):
        return f"{self.member_id} in circle {self.circle_id} ({self.role})"

    @property
    def is_moderator(self) -> bool:
        return self.role == self.Role.MODERATOR


def token_digest(token: str) -> str:
    """What is stored of an invitation link's token: its SHA-256 (the link is shown once)."""
    return hashlib.sha256(token.encode()).hexdigest()


class CircleInvitationQuerySet(models.QuerySet):
    def usable(self):
        """Invitations that can still be accepted: not used, declined, revoked or expired."""
        return self.filter(
            accepted_at__isnull=True,
            declined_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )


class CircleInvitation(models.Model):
    """An invitation to a circle: to one member by name, or (invitee empty) to whoever opens its
    link. Single-use, expires after HAVEN_CIRCLE_INVITATION_DAYS, and can be revoked."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="circle_invitations",
    )
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CircleInvitationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(invitee__isnull=False) | Q(token_digest__isnull=False),
                name="invitation_names_a_member_or_has_a_link",
            )
        ]

    def __str__(self):
        return f"Invitation {self.pk} to circle {self.circle_id}"

    @property
    def is_link(self) -> bool:
        return self.invitee_id is None

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.declined_at:
            return "declined"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "waiting"


class CircleEvent(models.Model):
    """The circle's own append-only record of who changed its membership: invitations sent and
    revoked, members removed, moderators appointed. (Moderation of its posts is in the moderation
    audit log, as for every post.)"""

    class Kind(models.TextChoices):
        INVITE = "invite", "Invited"
        REVOKE = "revoke", "Revoked an invitation"
        REMOVE = "remove", "Removed a member"
        ROLE = "role", "Changed a role"

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    detail = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} in circle {self.circle_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Circle events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Circle events are append-only.")


def identity_digest(scope: int | str, identifier: str) -> str:
    """What Haven keeps of an identifier an organisation's identity provider sends (a sign-in
    subject, a SAML NameID, a SCIM externalId or userName): an HMAC-SHA256 keyed with the
    deployment's HAVEN_IDENTITY_HASH_KEY, over SCOPE and the identifier. SCOPE is the organisation's
    id (memberships, SCIM records) or the provider's id (the sign-in account's uid, which allauth
    looks up by provider). Without the key it can't be reversed or checked against a list of
    staff; with the scope in it, the same person in two organisations or at two providers gets
    unrelated digests. The one keyed hash of people's identifiers in Haven."""
    message = f"{scope}\x00{identifier}".encode()
    return hmac.new(settings.HAVEN_IDENTITY_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


class ScimToken(models.Model):
    """A bearer token with which the organisation's identity provider (Entra ID, Okta) calls
    Haven's SCIM endpoint for that organisation. Only its SHA-256 is stored: it is shown once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="scim_tokens")
    name = models.CharField(
        max_length=80, help_text="Which connection uses it, e.g. “Entra ID provisioning”."
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "SCIM token"

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class ProvisionedUser(models.Model):
    """A person the organisation's identity provider provisioned through SCIM: a record of its
    identifiers, as identity_digest(), and whether the provider still counts them in.

    It names no member. Someone who signs in through the provider gets an OrganisationMembership
    whose external_id is the digest of their sign-in subject; deprovisioning ends the memberships
    whose external_id is this record's externalId or userName digest (orgs/provisioning.py).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="provisioned_users")
    scim_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user_name = models.CharField(max_length=64, editable=False)  # digest of userName, lower-cased
    external_id = models.CharField(max_length=64, null=True, blank=True, editable=False)  # digest
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    deprovisioned_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user_name"], name="one_provisioned_user_name")
        ]
        indexes = [models.Index(fields=["organisation", "external_id"], name="provisioned_external_id_idx")]

    def __str__(self):
        return f"Provisioned user {self.scim_id}"
