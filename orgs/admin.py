"""Organisations in the admin (staff with two-factor authentication): name, slug, email domains,
crisis lines and referral entries, identity providers, organisation admins and members, circles and
their moderators.

Memberships end rather than being deleted (orgs/services.py), so removing someone is the admin
action "End the selected memberships", which ends their circles in that organisation too.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone

from orgs import provisioning, services
from orgs.models import (
    Circle,
    CircleEvent,
    CircleInvitation,
    CircleMembership,
    CrisisLine,
    IdentityProvider,
    Organisation,
    OrganisationMembership,
    ProvisionedUser,
    ReferralEntry,
    ScimToken,
)


class CrisisLineInline(admin.TabularInline):
    model = CrisisLine
    extra = 0


class ReferralEntryInline(admin.TabularInline):
    model = ReferralEntry
    extra = 0


class IdentityProviderInline(admin.TabularInline):
    """The organisation's identity providers: add the provider first under Social applications
    (provider "OpenID Connect" or "SAML"), then link it here (README: Sign-in through an
    organisation)."""

    model = IdentityProvider
    extra = 0
    verbose_name = "identity provider"
    fields = ["app", "protocol"]
    readonly_fields = ["protocol"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CrisisLineInline, ReferralEntryInline, IdentityProviderInline]
    search_fields = ["name"]


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "member", "role", "source", "joined_at", "ended_at"]
    list_filter = ["organisation", "role", "ended_at"]
    autocomplete_fields = ["member"]
    readonly_fields = ["ended_at", "end_reason", "authenticated_at"]
    actions = ["end_memberships"]

    @admin.action(description="End the selected memberships (and their circles in that organisation)")
    def end_memberships(self, request, queryset):
        for membership in queryset.active():
            services.end_organisation_membership(membership, reason="ended by staff")

    def has_delete_permission(self, request, obj=None):
        return False


class CircleMembershipInline(admin.TabularInline):
    model = CircleMembership
    extra = 0
    fields = ["member", "role", "joined_at", "ended_at", "end_reason"]
    readonly_fields = ["joined_at", "ended_at", "end_reason"]
    autocomplete_fields = ["member"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "joining"]
    list_filter = ["organisation", "joining"]
    inlines = [CircleMembershipInline]


@admin.register(CircleInvitation)
class CircleInvitationAdmin(admin.ModelAdmin):
    list_display = ["circle", "invitee", "invited_by", "created_at", "expires_at", "status"]
    readonly_fields = [field.name for field in CircleInvitation._meta.fields]

    def has_add_permission(self, request):
        return False  # invitations are sent from the circle's page, which shows a link's token once


@admin.register(CircleEvent)
class CircleEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "circle", "kind", "actor", "member", "detail"]
    list_filter = ["circle", "kind"]
    readonly_fields = ["circle", "actor", "member", "kind", "detail", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScimToken)
class ScimTokenAdmin(admin.ModelAdmin):
    """Bearer tokens for an organisation's SCIM endpoint. Adding one shows the token once, here;
    only its digest is kept. Revoke rather than delete, so its use stays on record."""

    list_display = ["name", "organisation", "created_at", "created_by", "last_used_at", "revoked_at"]
    list_filter = ["organisation"]
    fields = ["organisation", "name"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        return ["organisation", "name", "created_at", "last_used_at", "revoked_at"] if obj else []

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) if obj else self.fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        row, token = provisioning.create_scim_token(obj.organisation, obj.name, request.user)
        obj.pk = row.pk
        users = reverse("scim:users", args=[obj.organisation.slug])
        endpoint = request.build_absolute_uri(users.removesuffix("/Users"))
        self.message_user(
            request,
            f"SCIM endpoint (tenant URL): {endpoint}  Bearer token, shown only this once: {token}",
            messages.WARNING,
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProvisionedUser)
class ProvisionedUserAdmin(admin.ModelAdmin):
    """What the organisations' identity providers provisioned: ids and digests only, written by
    SCIM alone."""

    list_display = ["scim_id", "organisation", "active", "created_at", "deprovisioned_at"]
    list_filter = ["organisation", "active"]
    readonly_fields = ["organisation", "scim_id", "active", "created_at", "updated_at", "deprovisioned_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
