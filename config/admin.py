"""The admin, for staff only, with two-factor authentication required as for moderators.

Signing in goes through allauth's login (so MFA and its rate limits apply); staff without an
authenticator are sent to set one up first. A signed-in member who is not staff (moderators
included) gets the 403 page: sending them to a login they have already passed would bring them
straight back, round and round.
"""

from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

NOT_STAFF = "The admin is for Haven’s staff only."


class HavenAdminSite(admin.AdminSite):
    site_header = "Haven administration"
    site_title = "Haven admin"

    def has_permission(self, request):
        from moderation.permissions import has_totp

        return super().has_permission(request) and has_totp(request.user)

    def admin_view(self, view, cacheable=False):
        """Every admin page refuses signed-in non-staff at once, before Django's own check would
        send them to the admin's login."""
        guarded = super().admin_view(view, cacheable)

        def refuse_non_staff(request, *args, **kwargs):
            _refuse_signed_in_non_staff(request)
            return guarded(request, *args, **kwargs)

        return update_wrapper(refuse_non_staff, guarded)

    def login(self, request, extra_context=None):
        if self.has_permission(request):
            return redirect("admin:index")
        _refuse_signed_in_non_staff(request)
        if request.user.is_authenticated:  # staff, without an authenticator yet
            messages.info(
                request, "The admin needs two-factor authentication. Please set up an authenticator app."
            )
            return redirect("mfa_activate_totp")
        return redirect_to_login(request.GET.get("next", request.get_full_path()))


def _refuse_signed_in_non_staff(request) -> None:
    if request.user.is_authenticated and not request.user.is_staff:
        raise PermissionDenied(NOT_STAFF)
