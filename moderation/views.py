from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from config.ratelimit import rate_limit
from forum.models import Category, Post
from forum.pagination import page_window
from moderation import permissions, services
from moderation.forms import AppealForm, AuditLogFilterForm, EntryActionForm, FlagForm, SuspendForm, WarnForm
from moderation.models import Flag, ModerationAction, QueueEntry
from moderation.permissions import moderator_required

User = get_user_model()
ENTRIES_PER_PAGE = 25
LOG_PER_PAGE = 50


# --- Members ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("flag")
def flag_post(request, pk):
    post = get_object_or_404(Post.objects.visible_to(request.user).select_related("thread", "author"), pk=pk)
    if not permissions.can_flag(request.user, post):
        raise PermissionDenied("You can't flag this post.")
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_post(post, request.user, form.cleaned_data["reason"], form.cleaned_data["note"])
        except services.ModerationError as error:
            messages.info(request, str(error))
        else:
            messages.success(
                request,
                "Thank you for looking out for the community. A moderator will review this post; "
                "the author won't be told who flagged it.",
            )
        return HttpResponseRedirect(post.location_in_thread())
    return render(request, "moderation/flag.html", {"post": post, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("appeal")
def appeal_post(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk, author=request.user)
    if not permissions.can_appeal_post(request.user, post):
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


def _entries_with_context():
    """Queue entries with everything the queue shows, in a fixed number of queries.

    `author_action_count` is the post author's history; templates leave it out for anonymous
    posts, which would otherwise hint at who wrote them."""
    earlier_actions = (
        ModerationAction.objects.filter(member=OuterRef("post__author"))
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        QueueEntry.objects.select_related(
            "post__thread__category",
            "post__author",
            "post__parent__author",
            "appeal__member",
            "appeal__post__thread",
            "appeal__suspension",
            "resolved_by",
        )
        .prefetch_related(
            Prefetch("flags", queryset=Flag.objects.select_related("flagged_by").order_by("created_at"))
        )
        .annotate(author_action_count=Subquery(earlier_actions))
    )


@moderator_required
def queue(request):
    open_entries = QueueEntry.objects.open()
    window = page_window(request, total=open_entries.count(), per_page=ENTRIES_PER_PAGE)
    entries = (
        _entries_with_context()
        .filter(resolved_at__isnull=True)
        .order_by("priority", "created_at")[window.offset : window.offset + window.per_page]
    )
    return render(request, "moderation/queue.html", {"entries": entries, "page": window})


@moderator_required
def entry(request, pk):
    item = get_object_or_404(_entries_with_context(), pk=pk)
    revealed = bool(item.post_id) and item.post.is_anonymous and services.is_author_revealed(item.post)
    if item.post_id:
        # An anonymous author stays unknown, even to moderators, until one reveals them with a reason.
        subject = item.post.author if (not item.post.is_anonymous or revealed) else None
    else:
        subject = item.appeal.member
    context = {
        "entry": item,
        "subject": subject,
        "revealed": revealed,
        "history": services.member_history(subject) if subject else [],
        "form": EntryActionForm(initial={"body": item.post.body if item.post_id else ""}),
        "suspend_form": SuspendForm(),
        "categories": Category.objects.all(),
    }
    return render(request, "moderation/entry.html", context)


@moderator_required
@require_POST
def act(request, pk):
    item = get_object_or_404(QueueEntry.objects.select_related("post__thread", "post__author"), pk=pk)
    form = EntryActionForm(request.POST)
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


def _perform(item, moderator, action, reason, data):
    post_actions = {"approve", "hide", "redact", "delete", "lock", "unlock", "move", "warn"}
    if action in post_actions and not item.post_id:
        raise services.ModerationError("That action applies to posts, not appeals.")
    if action in {"uphold", "overturn"} and not item.appeal_id:
        raise services.ModerationError("That action applies to appeals.")
    match action:
        case "approve":
            services.approve(item, moderator, reason)
        case "hide":
            services.hide_post(item, moderator, reason)
        case "redact":
            services.redact_post(item, moderator, data["body"], reason)
        case "delete":
            services.delete_post(item, moderator, reason)
        case "lock" | "unlock":
            services.set_thread_locked(item.post.thread, moderator, action == "lock", reason, entry=item)
        case "move":
            services.move_thread(item.post.thread, moderator, data["category"], reason, entry=item)
        case "warn":
            if item.post.author is None:
                raise services.ModerationError("This post's author no longer has an account.")
            services.warn_member(item.post.author, moderator, reason, entry=item)
        case "uphold" | "overturn":
            services.decide_appeal(item, moderator, overturn=action == "overturn", reason=reason)


@moderator_required
@require_POST
@reauthentication_required
def reveal(request, pk):
    item = get_object_or_404(QueueEntry, pk=pk, kind=QueueEntry.Kind.POST)
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
        "history": services.member_history(subject, limit=50),
        "suspension": services.current_suspension(subject),
        "warn_form": WarnForm(),
        "suspend_form": SuspendForm(),
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


@moderator_required
def audit_log(request):
    form = AuditLogFilterForm(request.GET or None)
    actions = ModerationAction.objects.all()
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
