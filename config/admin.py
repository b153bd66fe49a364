"""The admin, for staff only, with two-factor authentication required as for moderators.

Signing in goes through allauth's login (so MFA and its rate limits apply); staff without an
authenticator are sent to set one up first.
"""

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect


class HavenAdminSite(admin.AdminSite):
    site_header = "Haven administration"
    site_title = "Haven admin"

    def has_permission(self, request):
        from moderation.permissions import has_totp

        return super().has_permission(request) and has_totp(request.user)

    def login(self, request, extra_context=None):
        if self.has_permission(request):
            return redirect("admin:index")
        if request.user.is_authenticated and request.user.is_staff:
            messages.info(
                request, "The admin needs two-factor authentication. Please set up an authenticator app."
            )
            return redirect("mfa_activate_totp")
        return redirect_to_login(request.GET.get("next", request.get_full_path()))
