from datetime import timedelta
from pathlib import PurePath

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts import evidence
from accounts.models import Block, VerificationApplication
from accounts.ratelimit import rate_limit
from conversations import selectors as conversation_selectors
from conversations.models import ConversationReport
from forum import charts
from forum import permissions as forum_permissions
from forum import selectors as forum_selectors
from forum.models import Category, Post
from forum.pagination import page_window
from forum.permissions import moderation_scope
from moderation import hours, permissions, queue_selectors, selectors, services, wellbeing
from moderation.forms import (
    ROUTINE_REASONS,
    AppealForm,
    AuditLogFilterForm,
    ConversationReportCloseForm,
    CrisisCloseForm,
    EntryActionForm,
    FlagForm,
    GrantPeerSupportForm,
    ShiftForm,
    SuspendForm,
    VerificationDecisionForm,
    WarnForm,
)
from moderation.models import (
    ConversationOutcome,
    CrisisOutcome,
    ModerationAction,
    PeerSupporter,
    QueueEntry,
)
from moderation.permissions import content_moderator_required, moderator_required

User = get_user_model()
ENTRIES_PER_PAGE = 25
LOG_PER_PAGE = 50


# --- Members ------------------------------------------------------------------------------------


FLAG_THANKS = (
    "Thank you for looking out for the community. A moderator will review this post; "
    "the author won't be told who flagged it."
)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("flag")
def flag_post(request, pk):
    post = get_object_or_404(Post.objects.visible_to(request.user).select_related("thread", "author"), pk=pk)
    if not forum_permissions.can_flag(request.user, post):
        raise PermissionDenied("You can't flag this post.")
    form = FlagForm(request.POST or None)
    # As on the thread page, a post by a member the flagger blocked stays collapsed until opened.
    blocked = set(
        Block.objects.filter(blocker=request.user, blocked_id=post.author_id).values_list(
            "blocked_id", flat=True
        )
    )
    post.by_blocked_member = forum_selectors.by_blocked_member(post, blocked)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_post(post, request.user, form.cleaned_data["reason"], form.cleaned_data["note"])
        except services.ModerationError as error:
            message, level = str(error), messages.INFO
        else:
            message, level = FLAG_THANKS, messages.SUCCESS
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"message": message})
        messages.add_message(request, level, message)
        return HttpResponseRedirect(post.location_in_thread())
    return render(request, "moderation/flag.html", {"post": post, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("appeal")
def appeal_post(request, pk):
    post = get_object_or_404(
        Post.objects.visible_to(request.user).select_related("thread"), pk=pk, author=request.user
    )
    if not forum_permissions.can_appeal_post(request.user, post):
        raise PermissionDenied("This post can't be appealed (only once, and only while it is hidden).")
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.appeal_hidden_post(post, request.user, form.cleaned_data["message"])
        messages.success(request, "Your appeal is with the moderators. We'll let you know the outcome.")
        return HttpResponseRedirect(post.location_in_thread())
    return render(request, "moderation/appeal.html", {"form": form, "post": post})


@login_required
@require_http_methods(["GET", "POST"])
def my_suspension(request):
    suspension = services.current_suspension(request.user)
    form = (
        AppealForm(request.POST or None)
        if permissions.can_appeal_suspension(request.user, suspension)
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("There is no suspension you can appeal.")
        if form.is_valid():
            services.appeal_suspension(suspension, request.user, form.cleaned_data["message"])
            messages.success(request, "Your appeal is with the moderators. We'll let you know the outcome.")
            return redirect("moderation:my_suspension")
    return render(request, "moderation/my_suspension.html", {"suspension": suspension, "form": form})


# --- Moderators ---------------------------------------------------------------------------------


def _wellbeing(moderator, exposure: wellbeing.ExposureToday) -> dict:
    """The moderator's private corner of a queue page: their shift, what they have looked at today
    and, past HAVEN_EXPOSURE_PAUSE_AFTER, a suggested pause with who else is on shift (one query)."""
    on_call = list(hours.on_call_moderators())
    return {
        "exposure": exposure,
        "on_shift": any(member.pk == moderator.pk for member in on_call),
        "others_on_shift": [member for member in on_call if member.pk != moderator.pk],
    }


@content_moderator_required
def queue(request):
    counts = queue_selectors.open_counts(request.user)
    window = page_window(request, total=counts["open_entry_count"], per_page=ENTRIES_PER_PAGE)
    entries = list(queue_selectors.queue_page_entries(request.user, window))
    context = {
        "entries": entries,
        "conversation_reports": list(conversation_selectors.open_reports()[:ENTRIES_PER_PAGE])
        if request.user.acts_as_moderator
        else [],
        "page": window,
        "pending_verifications": VerificationApplication.objects.pending().count()
        if request.user.acts_as_moderator
        else 0,
        **counts,
        **_wellbeing(request.user, wellbeing.exposure_today(request.user)),
    }
    return render(request, "moderation/queue.html", context)


@content_moderator_required
def crisis_queue(request):
    """Possible crises only, urgent ones first, then longest-waiting first: how long each has waited
    against the target response time. Distressing posts stay blurred until the moderator reveals them."""
    counts = queue_selectors.open_counts(request.user)
    window = page_window(request, total=counts["open_crisis_entry_count"], per_page=ENTRIES_PER_PAGE)
    entries = list(
        queue_selectors.entries_with_context(request.user)
        .open()
        .crises()
        .order_by("priority", "flagged_at", "pk")[window.offset : window.offset + window.per_page]
    )
    exposure = wellbeing.blur(entries, request.user)
    target = settings.HAVEN_CRISIS_TARGET_MINUTES
    crises_in_messages = conversation_selectors.open_reports().filter(kind=ConversationReport.Kind.CRISIS)
    context = {
        "entries": entries,
        # Possible crises in private messages (site moderators: a conversation is in no circle).
        "conversation_reports": list(crises_in_messages[:ENTRIES_PER_PAGE])
        if request.user.acts_as_moderator
        else [],
        "page": window,
        "target_minutes": target,
        "overdue_before": timezone.now() - timedelta(minutes=target),
        **counts,
        **_wellbeing(request.user, exposure),
    }
    return render(request, "moderation/crisis_queue.html", context)


@moderator_required
def stats(request):
    """The queue at a glance: flags per week by reason, time to a decision, open items by age."""
    now, tz = timezone.now(), timezone.get_current_timezone()
    weeks = charts.week_starts(now, tz)
    labels = [charts.week_label(week) for week in weeks]
    flags = charts.bar_chart(
        slug="flags",
        title="Flags per week, by reason",
        labels=labels,
        series=selectors.flags_per_week(weeks, tz),
    )
    medians = selectors.median_hours_to_resolution(weeks, tz)
    resolution = charts.bar_chart(
        slug="resolution",
        title="Median time from entering the queue to a decision, per week",
        labels=labels,
        series=[charts.Series("Median time", medians)],
        description="For the items resolved each week, the median time they waited; "
        "a week with nothing resolved shows a dash.",
        format_value=charts.hours,
    )
    ages = selectors.open_items_by_age(now)
    waiting = charts.bar_chart(
        slug="waiting",
        title="Open items by how long they have waited",
        labels=[name for name, _ in ages],
        series=[charts.Series("Open items", [count for _, count in ages])],
        label_heading="Waiting",
    )
    context = {
        "flags_chart": flags,
        "resolution_chart": resolution,
        "waiting_chart": waiting,
        "time_zone": tz,
    }
    return render(request, "moderation/stats.html", context)


@content_moderator_required
def entry(request, pk):
    item = get_object_or_404(queue_selectors.entries_with_context(request.user), pk=pk)
    wellbeing.blur([item], request.user)
    revealed = bool(item.post_id) and item.post.is_anonymous and services.is_author_revealed(item.post)
    if item.post_id:
        # An anonymous author stays unknown, even to moderators, until one reveals them with a reason.
        subject = item.post.author if (not item.post.is_anonymous or revealed) else None
    elif item.appeal.post_id and item.appeal.post.is_anonymous:
        subject = None  # the appellant is the anonymous author; a reveal is on the post's own entry
    else:
        subject = item.appeal.member
    context = {
        "entry": item,
        "subject": subject,
        "revealed": revealed,
        "history": services.member_history(subject, viewer=request.user) if subject else [],
        "form": EntryActionForm(
            initial={"body": item.post.body if item.post_id else ""}, moderator=request.user
        ),
        "close_form": CrisisCloseForm(circle_id=_circle_of(item)),
        "crisis_outcomes": CrisisOutcome.choices,
        "suspend_form": SuspendForm(),
        "categories": _move_targets(request.user, item),
        "routine_reasons": ROUTINE_REASONS,
    }
    return render(request, "moderation/entry.html", context)


@content_moderator_required
@require_POST
def act(request, pk):
    item = get_object_or_404(
        QueueEntry.objects.moderated_by(request.user).select_related("post__thread", "post__author"), pk=pk
    )
    form = EntryActionForm(request.POST, moderator=request.user)
    if not form.is_valid():
        messages.error(request, f"Nothing was done: {_errors(form)}")
        return redirect("moderation:entry", pk=pk)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        _perform(item, request.user, action, reason, form.cleaned_data)
    except services.ModerationError as error:
        messages.info(request, str(error))
        return redirect("moderation:entry", pk=pk)
    messages.success(request, "Done. The action is recorded in the audit log.")
    item.refresh_from_db(fields=["resolved_at"])
    return redirect("moderation:queue") if item.resolved_at else redirect("moderation:entry", pk=pk)


def _move_targets(moderator, item):
    """The categories a thread may be moved to: those MODERATOR moderates, within the circle the
    thread is in (or within the site's), so that a move never changes who may read it."""
    circle = item.post.thread.category.circle_id if item.post_id else None
    return Category.objects.filter(moderation_scope(moderator).categories_q()).filter(circle_id=circle)


def _perform(item, moderator, action, reason, data):
    post_actions = {"approve", "dismiss", "hide", "redact", "delete", "lock", "unlock", "move", "warn"}
    if action in post_actions and not item.post_id:
        raise services.ModerationError("That action applies to posts, not appeals.")
    if action in {"uphold", "overturn"} and not item.appeal_id:
        raise services.ModerationError("That action applies to appeals.")
    outcome = {"outcome": data["outcome"], "outcome_note": data["outcome_note"]}  # for a possible crisis
    match action:
        case "approve":
            services.approve(item, moderator, reason, **outcome)
        case "dismiss":
            services.dismiss_flags(item, moderator, reason, **outcome)
        case "hide":
            services.hide_post(item, moderator, reason, **outcome)
        case "redact":
            services.redact_post(item, moderator, data["body"], reason, **outcome)
        case "delete":
            services.delete_post(item, moderator, reason, **outcome)
        case "lock" | "unlock":
            services.set_thread_locked(item.post.thread, moderator, action == "lock", reason, entry=item)
        case "move":
            services.move_thread(item.post.thread, moderator, data["category"], reason, entry=item)
        case "warn":
            services.warn_author(item, moderator, reason)
        case "uphold" | "overturn":
            services.decide_appeal(item, moderator, overturn=action == "overturn", reason=reason)


def _circle_of(item) -> int | None:
    """The circle ITEM's post is in (None: a site category), which decides the referral entries a
    moderator may send its author (orgs.selectors.referral_choices)."""
    return item.post.thread.category.circle_id if item.post_id else None


@content_moderator_required
@require_POST
def close_crisis(request, pk):
    """Close a possible crisis with what was done for the member; the post stays (as with approve).
    Escalated, the member may be sent a private note pointing to a referral entry."""
    item = get_object_or_404(
        QueueEntry.objects.moderated_by(request.user).select_related("post__thread__category"),
        pk=pk,
        kind=QueueEntry.Kind.POST,
    )
    form = CrisisCloseForm(request.POST, circle_id=_circle_of(item))
    if not form.is_valid():
        messages.error(request, f"Nothing was done: {_errors(form)}")
        return redirect("moderation:entry", pk=pk)
    data = form.cleaned_data
    try:
        services.close_crisis_entry(
            item,
            request.user,
            data["outcome"],
            data["outcome_note"],
            referral=data["referral"],
            referral_message=data["referral_message"],
        )
    except services.ModerationError as error:
        messages.info(request, str(error))
        return redirect("moderation:entry", pk=pk)
    sent = " The member has been sent your note." if data["referral"] else ""
    messages.success(request, f"Closed. The outcome is recorded in the audit log.{sent}")
    return redirect("moderation:crisis_queue")


@moderator_required
@require_http_methods(["GET", "POST"])
def conversation_report(request, pk):
    """A report about a private conversation: what it lets moderators read (a member's report: the
    conversation up to the report; a crisis match: that one message, conversations/selectors.py),
    and closing it with what was done. Site moderators only: a conversation is in no circle."""
    report = get_object_or_404(
        ConversationReport.objects.select_related("about", "reported_by", "resolved_by"), pk=pk
    )
    form = ConversationReportCloseForm(request.POST or None, crisis=report.is_crisis)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_conversation_report(
                report,
                request.user,
                form.cleaned_data["outcome"],
                form.cleaned_data["outcome_note"],
                **form.referral_options(),
            )
        except services.ModerationError as error:
            messages.info(request, str(error))
            return redirect("moderation:conversation_report", pk=pk)
        sent = " The member has been sent your note." if form.cleaned_data.get("referral") else ""
        messages.success(request, f"Closed. The outcome is recorded in the audit log.{sent}")
        return redirect("moderation:queue")
    wellbeing.blur_report(report, request.user)  # a possible crisis waits until this moderator looks
    context = {
        "report": report,
        "shown": conversation_selectors.messages_shown_to_moderators(report),
        "form": form,
        "outcome": dict(CrisisOutcome.choices + ConversationOutcome.choices).get(report.outcome, ""),
    }
    return render(request, "moderation/conversation_report.html", context)


@content_moderator_required
@require_POST
def reveal_content(request, pk):
    """Unblur a distressing post for this moderator; it counts toward their private exposure today.
    A plain form post, so it works without JavaScript."""
    item = get_object_or_404(
        QueueEntry.objects.moderated_by(request.user).select_related("post").prefetch_related("flags"),
        pk=pk,
        kind=QueueEntry.Kind.POST,
    )
    if wellbeing.is_distressing(item):
        services.record_exposure(request.user, item)
    return _back_to(request, f"{reverse('moderation:entry', args=[pk])}#entry-{pk}-post")


@moderator_required
@require_POST
def reveal_message(request, pk):
    """Unblur the message of a possible crisis in a private conversation for this moderator; it
    counts toward their private exposure today (a member's report is never blurred: nothing is
    counted). Site moderators only, as the report's page. A plain form post: works without JavaScript."""
    report = get_object_or_404(ConversationReport, pk=pk)
    services.record_message_exposure(request.user, report)
    url = reverse("moderation:conversation_report", args=[pk])
    return redirect(f"{url}#report-{pk}-message")


@moderator_required
@require_POST
def shift(request):
    """Step on or off shift: the on-call list (crisis emails outside moderation hours) follows."""
    form = ShiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether you are on or off shift.")
    else:
        services.set_on_shift(request.user, form.cleaned_data["on_shift"])
        messages.success(
            request,
            "You're on shift: crisis emails outside moderation hours come to you."
            if form.cleaned_data["on_shift"]
            else "You're off shift: you won't get crisis emails until you step back on. Take care.",
        )
    return _back_to(request, reverse("moderation:queue"))


def _back_to(request, fallback: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


@content_moderator_required  # a circle's moderators are the only ones who can see its posts
@require_POST
@reauthentication_required
def reveal(request, pk):
    item = get_object_or_404(QueueEntry.objects.moderated_by(request.user), pk=pk, kind=QueueEntry.Kind.POST)
    form = WarnForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Nothing was revealed: please give a reason; it is recorded in the audit log."
        )
    else:
        try:
            author = services.reveal_author(item, request.user, form.cleaned_data["reason"])
        except services.ModerationError as error:
            messages.info(request, str(error))
        else:
            name = author.display_name if author else "a former member"
            messages.success(request, f"The author is {name}. This is recorded in the audit log.")
    return redirect("moderation:entry", pk=pk)


@moderator_required
def member(request, pk):
    subject = get_object_or_404(User, pk=pk)
    context = {
        "subject": subject,
        "history": services.member_history(subject, viewer=request.user, limit=50),
        "suspension": services.current_suspension(subject),
        "warn_form": WarnForm(),
        "suspend_form": SuspendForm(),
        "peer_role": PeerSupporter.objects.filter(member=subject).first(),
        "grant_form": GrantPeerSupportForm(),
    }
    return render(request, "moderation/member.html", context)


def _errors(form) -> str:
    return "; ".join(error for field_errors in form.errors.values() for error in field_errors)


def _member_action(request, pk, form_class, perform):
    subject = get_object_or_404(User, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was done: {_errors(form)}")
    else:
        try:
            perform(subject, form)
        except services.ModerationError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, "Done. The action is recorded in the audit log.")
    return redirect("moderation:member", pk=pk)


@moderator_required
@require_POST
def warn(request, pk):
    return _member_action(
        request,
        pk,
        WarnForm,
        lambda subject, form: services.warn_member(subject, request.user, form.cleaned_data["reason"]),
    )


@moderator_required
@require_POST
@reauthentication_required
def suspend(request, pk):
    return _member_action(
        request,
        pk,
        SuspendForm,
        lambda subject, form: services.suspend_member(
            subject, request.user, form.cleaned_data["reason"], form.days
        ),
    )


@moderator_required
@require_POST
def lift(request, pk):
    return _member_action(
        request,
        pk,
        WarnForm,
        lambda subject, form: services.lift_suspension(subject, request.user, form.cleaned_data["reason"]),
    )


@content_moderator_required
def audit_log(request):
    form = AuditLogFilterForm(request.GET or None)
    actions = ModerationAction.objects.seen_by(request.user)
    if form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
        if "actor" in filters:
            actions = actions.filter(actor_id=filters["actor"])
        if "member" in filters:
            actions = actions.filter(member_id=filters["member"])
        if "kind" in filters:
            actions = actions.filter(kind=filters["kind"])
    window = page_window(request, total=actions.count(), per_page=LOG_PER_PAGE)
    rows = actions.select_related("actor", "member", "post", "thread")[
        window.offset : window.offset + window.per_page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/audit_log.html",
        {"actions": rows, "page": window, "form": form, "filter_query": query.urlencode()},
    )


# --- Verification applications --------------------------------------------------------------------


@moderator_required
def verifications(request):
    """Applications waiting for a decision, oldest first, and the latest decisions."""
    pending = VerificationApplication.objects.pending()
    window = page_window(request, total=pending.count(), per_page=ENTRIES_PER_PAGE)
    context = {
        "applications": pending.select_related("member").order_by("created_at")[
            window.offset : window.offset + window.per_page
        ],
        "page": window,
        "decided": VerificationApplication.objects.exclude(status=VerificationApplication.Status.PENDING)
        .select_related("member", "reviewer")
        .order_by("-decided_at")[:20],
    }
    return render(request, "moderation/verifications.html", context)


@moderator_required
def verification(request, pk):
    application = get_object_or_404(
        VerificationApplication.objects.select_related("member", "reviewer"), pk=pk
    )
    context = {
        "application": application,
        "form": VerificationDecisionForm(),
        "history": services.member_history(application.member, viewer=request.user),
    }
    return render(request, "moderation/verification.html", context)


@moderator_required
@require_POST
def decide_verification(request, pk):
    application = get_object_or_404(VerificationApplication, pk=pk)
    form = VerificationDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was done: {_errors(form)}")
        return redirect("moderation:verification", pk=pk)
    try:
        services.decide_verification(
            application, request.user, approve=form.approves, reason=form.cleaned_data["reason"]
        )
    except services.ModerationError as error:
        messages.info(request, str(error))
        return redirect("moderation:verification", pk=pk)
    messages.success(request, "Done. The evidence is deleted and the decision recorded in the audit log.")
    return redirect("moderation:verifications")


@moderator_required
def verification_document(request, pk):
    """The uploaded document of a waiting application, as a download (never shown inline: an
    upload is untrusted content). Decided applications have none: their evidence is deleted."""
    application = get_object_or_404(VerificationApplication.objects.pending(), pk=pk)
    if not application.document:
        raise Http404("This application has no document.")
    try:
        document = application.document.open("rb")
    except FileNotFoundError:
        raise Http404("The document is no longer stored.") from None
    name = application.document.name
    response = FileResponse(
        document,
        as_attachment=True,
        filename=f"verification-{application.pk}{PurePath(name).suffix}",
        content_type=evidence.content_type_of(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
