"""Who may appeal a suspension and moderate: the one place these rules live (flagging and appealing
a post are rules about posts, in forum/permissions.py)."""

from collections.abc import Callable
from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect

from accounts.models import Viewer
from moderation.models import Suspension


def can_moderate(user: Viewer) -> bool:
    """Holds the moderator role (the navigation's Queue link); whether they may act as one, which
    also needs two-factor authentication, is `User.acts_as_moderator`."""
    return user.is_authenticated and user.is_active and user.is_moderator


def has_totp(user: Viewer) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def can_appeal_suspension(user: Viewer, suspension: Suspension | None) -> bool:
    return (
        suspension is not None
        and suspension.member_id == user.pk
        and suspension.is_active
        and not hasattr(suspension, "appeal")
    )


def moderator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Moderators only, and only once they have set up two-factor authentication."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_moderate(request.user):
            raise PermissionDenied("This page is for moderators.")
        if not request.user.acts_as_moderator:
            messages.info(
                request,
                "Moderators protect members' most sensitive posts, so the moderation pages need "
                "two-factor authentication. Please set up an authenticator app first.",
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper
