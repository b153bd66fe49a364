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
from forum.models import Thread
from forum.permissions import acts_as_moderator, moderation_scope
from moderation.models import PeerSupporter, Suspension
from orgs.access import holds_circle_moderator_role


def can_moderate(user: Viewer) -> bool:
    """Holds the moderator role (the navigation's Queue link); whether they may act as one, which
    also needs two-factor authentication, is `User.acts_as_moderator`."""
    return user.is_authenticated and user.is_active and user.is_moderator


def can_moderate_content(user: Viewer) -> bool:
    """Holds a moderator role for some posts: a site moderator, or a circle's moderator. Which
    posts is moderation_scope (QueueEntry.objects.moderated_by)."""
    return can_moderate(user) or (
        user.is_authenticated and user.is_active and holds_circle_moderator_role(user)
    )


def has_totp(user: Viewer) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def can_appeal_suspension(user: Viewer, suspension: Suspension | None) -> bool:
    return (
        suspension is not None
        and suspension.member_id == user.pk
        and suspension.is_active
        and not hasattr(suspension, "appeal")
    )


def acts_as_peer_supporter(user: Viewer) -> bool:
    """Holds the peer-supporter role and may use it: active and not suspended."""
    return user.is_authenticated and user.is_active and user.is_peer_supporter and not user.is_suspended


def can_take_on_threads(user: Viewer) -> bool:
    """A peer supporter who has not stepped back (one query for their role)."""
    if not acts_as_peer_supporter(user):
        return False
    role = PeerSupporter.objects.active().filter(member=user).first()
    return role is not None and not role.is_away


def can_ask_for_peer(user: Viewer, thread: Thread) -> bool:
    """Only a thread's author asks for a peer supporter on it (anonymous threads included)."""
    return user.is_authenticated and thread.author_id is not None and thread.author_id == user.pk


def can_grant_peer_support(user: Viewer) -> bool:
    """Site moderators with two-factor authentication grant and end the role."""
    return acts_as_moderator(user)


def peer_support_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Peer supporters, and moderators once they have set up two-factor authentication (the
    waiting list). Each sees only the threads they may read."""
    moderators_only = content_moderator_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if acts_as_peer_supporter(request.user):
            return view(request, *args, **kwargs)
        return moderators_only(request, *args, **kwargs)

    return wrapper


def moderator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Site moderators only, and only once they have set up two-factor authentication."""
    return _moderators_only(view, holds_role=can_moderate, acts=acts_as_moderator)


def content_moderator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Site moderators and circle moderators (the queue, its entries, the audit log: each shows
    only what they moderate), once they have set up two-factor authentication."""
    return _moderators_only(
        view, holds_role=can_moderate_content, acts=lambda user: moderation_scope(user).moderates_anything
    )


def _moderators_only(
    view: Callable[..., HttpResponse], *, holds_role: Callable[[Viewer], bool], acts: Callable[[Viewer], bool]
) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not holds_role(request.user):
            raise PermissionDenied("This page is for moderators.")
        if not acts(request.user):
            messages.info(
                request,
                "Moderators protect members' most sensitive posts, so the moderation pages need "
                "two-factor authentication. Please set up an authenticator app first.",
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper
