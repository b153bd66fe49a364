"""Peer support's pages: the waiting list (peer supporters and moderators), taking a thread on and
handing it back, stepping back, a thread author's "Ask for a peer", and moderators granting and
ending the role (on the moderation member page)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from forum.models import Thread
from moderation import peer_selectors, peer_services
from moderation.forms import GrantPeerSupportForm, RevokePeerSupportForm, StepBackForm
from moderation.permissions import (
    acts_as_peer_supporter,
    can_ask_for_peer,
    moderator_required,
    peer_support_required,
)

User = get_user_model()


@peer_support_required
def waiting(request):
    """Threads waiting for a reply, those whose authors asked for a peer first, then oldest first."""
    role = peer_selectors.supporter_role(request.user) if acts_as_peer_supporter(request.user) else None
    context = {
        "threads": peer_selectors.waiting_list(request.user),
        "role": role,
        "taken_on_today": peer_selectors.taken_on_today(request.user) if role else None,
        "available": peer_selectors.available_supporter_count(),
        "step_back_form": StepBackForm(),
        "claim_minutes": settings.HAVEN_PEER_CLAIM_MINUTES,
    }
    return render(request, "peers/waiting.html", context)


def _thread_for(request, pk) -> Thread:
    return get_object_or_404(Thread.objects.visible_to(request.user), pk=pk)


@peer_support_required
@require_POST
def claim(request, pk):
    thread = _thread_for(request, pk)
    try:
        peer_services.claim_thread(thread, request.user)
    except peer_services.PeerSupportError as error:
        messages.info(request, str(error))
        return redirect("peers:waiting")
    messages.success(
        request,
        "You've taken this thread on: other peer supporters see that you're answering it. "
        f"If you haven't replied within {settings.HAVEN_PEER_CLAIM_MINUTES} minutes it goes back on the list.",
    )
    return redirect(f"{thread.get_absolute_url()}#reply-heading")


@peer_support_required
@require_POST
def release(request, pk):
    thread = _thread_for(request, pk)
    try:
        peer_services.release_claim(thread, request.user)
    except peer_services.PeerSupportError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, "You've handed this thread back; it's on the list for another supporter.")
    return redirect("peers:waiting")


@login_required
@require_POST
def step_back(request):
    """Step back for a while, or step back in."""
    if not acts_as_peer_supporter(request.user):
        raise PermissionDenied("This is for peer supporters.")
    if request.POST.get("step_in"):
        peer_services.step_in(request.user)
        messages.success(request, "Welcome back: you can take threads on again.")
        return redirect("peers:waiting")
    form = StepBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how long you'd like to step back for.")
    else:
        peer_services.step_back(request.user, form.cleaned_data["days"])
        messages.success(request, "You've stepped back. Thank you for what you do; take good care.")
    return redirect("peers:waiting")


@login_required
@require_http_methods(["GET", "POST"])
def ask(request, pk):
    """A thread's author asks for a trained peer supporter to reply."""
    thread = _thread_for(request, pk)
    if not can_ask_for_peer(request.user, thread):
        raise PermissionDenied("Only the person who started this thread can ask for a peer supporter.")
    if request.method == "POST":
        try:
            peer_services.ask_for_peer(thread, request.user)
        except peer_services.PeerSupportError as error:
            messages.info(request, str(error))
        else:
            messages.success(
                request,
                "Thank you for asking. A peer supporter will reply in your thread as soon as they can.",
            )
        return redirect(thread.get_absolute_url())
    context = {
        "thread": thread,
        "asked": peer_selectors.open_peer_request(thread),
        "resources": settings.HAVEN_CRISIS_RESOURCES,
    }
    return render(request, "peers/ask.html", context)


@moderator_required
@require_POST
def peer_supporter(request, pk):
    """Grant the peer-supporter role (with the training's date and course) or end it."""
    subject = get_object_or_404(User, pk=pk)
    revoking = request.POST.get("action") == "revoke"
    form = (RevokePeerSupportForm if revoking else GrantPeerSupportForm)(request.POST)
    if not form.is_valid():
        errors = "; ".join(error for field_errors in form.errors.values() for error in field_errors)
        messages.error(request, f"Nothing was done: {errors}")
        return redirect("moderation:member", pk=pk)
    data = form.cleaned_data
    try:
        if revoking:
            peer_services.revoke_peer_supporter(subject, request.user, data["reason"])
        else:
            peer_services.grant_peer_supporter(
                subject, request.user, trained_on=data["trained_on"], course=data["course"]
            )
    except peer_services.PeerSupportError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, "Done. The change is recorded in the audit log.")
    return redirect("moderation:member", pk=pk)
