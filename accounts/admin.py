from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


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
    list_filter = ["is_moderator", "is_trusted", "is_staff", "is_active"]
    search_fields = ["display_name", "email"]
    readonly_fields = ["post_count", "date_joined", "last_login", "suspended_until"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "profession", "bio", "post_count"]}),
        ("Community", {"fields": ["is_moderator", "is_trusted", "suspended_until"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})
    ]
