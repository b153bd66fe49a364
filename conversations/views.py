"""Private messages: the inbox, a conversation (reading and answering), writing to a member for
the first time, and reporting a conversation. Every page works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts import ratelimit
from accounts.models import User
from conversations import selectors, services
from conversations.forms import MessageForm, ReportForm
from conversations.permissions import can_message, why_not_yet
from forum import safeguards

SUBMISSION_MEMORY = 600  # seconds a submitted form's key is remembered (a double click sends once)


@login_required
def inbox(request):
    conversations = list(selectors.inbox(request.user))
    return render(
        request,
        "conversations/inbox.html",
        {"conversations": conversations, "why_not": why_not_yet(request.user)},
    )


def _send(request, form, recipient: User):
    """Send the valid FORM's message to RECIPIENT; the page to go to next (or the 429 page)."""
    key = form.cleaned_data.get("submission_key")
    if key and not cache.add(f"message:{request.user.pk}:{key}", "", timeout=SUBMISSION_MEMORY):
        return None  # sent already: show the conversation
    scopes = (
        ["message"]
        if services.conversation_between(request.user, recipient)
        else ["message", "new_conversation"]
    )
    for scope in scopes:
        if (retry_after := ratelimit.check(request, scope)) is not None:
            cache.delete(f"message:{request.user.pk}:{key}")
            return ratelimit.too_many_requests(request, retry_after)
    try:
        sent = services.send_message(request.user, recipient, form.cleaned_data["body"])
    except services.MessagingNotAllowed as refused:
        raise PermissionDenied(str(refused)) from None
    if sent.shows_crisis_support:
        messages.warning(
            request, safeguards.crisis_support_message(sent.crisis), extra_tags="crisis-support message-sent"
        )
    return None


def _composer_context(form) -> dict:
    return {"form": form, "moderators_back_at": None, "is_message": True}


@login_required
@require_http_methods(["GET", "POST"])
def compose(request, pk):
    """Write to member PK; an existing conversation with them is where this leads."""
    recipient = get_object_or_404(User, pk=pk, is_deleted_account=False)
    decision = can_message(request.user, recipient)
    if not decision:
        raise PermissionDenied(decision.reason)
    existing = services.conversation_between(request.user, recipient)
    if existing is not None and request.method == "GET":
        return redirect(existing)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if slow_down := _send(request, form, recipient):
            return slow_down
        return redirect(services.conversation_between(request.user, recipient))
    context = {"recipient": recipient, **_composer_context(form)}
    context["moderators_back_at"] = safeguards.moderators_back_at(request.user) if form.errors else None
    return render(request, "conversations/compose.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request, pk):
    side = selectors.side_of(request.user, pk)
    decision = can_message(request.user, side.other)
    form = MessageForm(request.POST or None) if decision else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(decision.reason)
        if form.is_valid():
            if slow_down := _send(request, form, side.other):
                return slow_down
            return redirect(side.conversation.get_absolute_url() + "#latest")
    before = request.GET.get("before")
    if before is not None and not before.isdigit():
        raise BadRequest("The link to earlier messages is not valid.")
    page = selectors.latest_messages(side, int(before) if before is not None else None)
    was_unread = side.is_unread
    services.mark_read(side)
    context = {
        "side": side,
        "conversation": side.conversation,
        "other": side.other,
        "messages_shown": page.messages,
        "message_page": page,
        "showing_earlier": before is not None,
        "decision": decision,
        "was_unread": was_unread,
        **_composer_context(form),
    }
    if form is not None and form.errors:
        context["moderators_back_at"] = safeguards.moderators_back_at(request.user)
    return render(request, "conversations/conversation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit.rate_limit("flag")
def report(request, pk):
    """Report the conversation to moderators, with the member's explicit consent to their reading it."""
    side = selectors.side_of(request.user, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_conversation(side.conversation, request.user, form.cleaned_data["note"])
        except services.AlreadyReported:
            messages.info(
                request, "You have already reported this conversation; moderators are looking at it."
            )
        else:
            messages.success(
                request,
                "Thank you. Moderators can now read this conversation and will look at it. "
                f"{side.other.display_name} is not told about reports. You can also block them "
                "from their profile.",
            )
        return redirect(side.conversation)
    return render(request, "conversations/report.html", {"side": side, "other": side.other, "form": form})
