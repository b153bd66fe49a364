from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User, VerificationApplication


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["-date_joined"]
    list_display = [
        "display_name",
        "email",
        "profession",
        "post_count",
        "is_moderator",
        "is_staff",
        "date_joined",
    ]
    list_filter = ["is_moderator", "is_trusted", "is_staff", "is_active", "legal_hold"]
    search_fields = ["display_name", "email"]
    readonly_fields = [
        "post_count",
        "date_joined",
        "last_login",
        "suspended_until",
        "verified_role",
        "verified_at",
    ]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "profession", "bio", "post_count"]}),
        (
            "Community",
            {"fields": ["is_moderator", "is_trusted", "suspended_until", "verified_role", "verified_at"]},
        ),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Retention", {"fields": ["legal_hold"]}),  # operations/retention.py skips their data while set
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})
    ]

    def has_delete_permission(self, request, obj=None):
        """Never a raw delete: it would skip what deleting an account does (posts, messages,
        sessions, the tombstone that moderation records point at). A member deletes their own
        account; on a request they cannot make themselves, `manage.py delete_account`."""
        return False


@admin.register(VerificationApplication)
class VerificationApplicationAdmin(admin.ModelAdmin):
    """Read-only, and without the evidence: moderators decide on the moderation pages, which delete
    the evidence and write the audit log; nothing here may bypass that."""

    list_display = ["created_at", "member", "role", "status", "decided_at", "reviewer"]
    list_filter = ["status", "role"]
    list_select_related = ["member", "reviewer"]
    fields = ["member", "role", "status", "reason", "reviewer", "created_at", "decided_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
