"""Organisations in the admin (staff with two-factor authentication): name, slug, email domains,
crisis lines and referral entries, identity providers, organisation admins and members, circles and
their moderators.

Memberships end rather than being deleted (orgs/services.py), so removing someone is the admin
action "End the selected memberships", which ends their circles in that organisation too.
"""

from django.contrib import admin

from orgs import services
from orgs.models import (
    Circle,
    CircleEvent,
    CircleInvitation,
    CircleMembership,
    CrisisLine,
    IdentityProvider,
    Organisation,
    OrganisationMembership,
    ReferralEntry,
)


class CrisisLineInline(admin.TabularInline):
    model = CrisisLine
    extra = 0


class ReferralEntryInline(admin.TabularInline):
    model = ReferralEntry
    extra = 0


class IdentityProviderInline(admin.TabularInline):
    """The organisation's identity providers: add the provider's client first under Social
    applications (provider "OpenID Connect"), then link it here (README: Sign-in through an
    organisation)."""

    model = IdentityProvider
    extra = 0
    verbose_name = "identity provider"


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
    readonly_fields = ["ended_at", "end_reason"]
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
