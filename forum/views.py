from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from forum import permissions, services
from forum.forms import EditPostForm, ReplyForm, ThreadForm
from forum.markup import quote_as_markdown
from forum.models import Category, Post, Thread
from forum.pagination import page_window


def read_access_required(view):
    """Members only, unless HAVEN_PUBLIC_READ opens reading to everyone."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can_read_forum(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def home(request):
    if request.user.is_authenticated:
        return latest(request)
    return render(request, "forum/landing.html", {"categories": Category.objects.all()})


@read_access_required
def latest(request):
    total = Category.objects.aggregate(total=Sum("thread_count"))["total"] or 0
    window = page_window(request, total=total, per_page=settings.HAVEN_THREADS_PER_PAGE)
    threads = Thread.objects.listed().for_list()[window.offset : window.offset + window.per_page]
    return render(
        request,
        "forum/latest.html",
        {"threads": threads, "page": window, "categories": Category.objects.all()},
    )


@read_access_required
def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    window = page_window(request, total=category.thread_count, per_page=settings.HAVEN_THREADS_PER_PAGE)
    threads = (
        Thread.objects.listed()
        .filter(category=category)
        .for_list()[window.offset : window.offset + window.per_page]
    )
    return render(
        request,
        "forum/category.html",
        {"category": category, "threads": threads, "page": window, "categories": Category.objects.all()},
    )


def _get_thread(request, pk):
    return get_object_or_404(
        Thread.objects.visible_to(request.user).select_related("category", "author"), pk=pk
    )


@read_access_required
def thread(request, pk, slug=None):
    thread = _get_thread(request, pk)
    if slug != thread.slug:  # old title or short link: send everyone to one address
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return HttpResponsePermanentRedirect(thread.get_absolute_url() + query)
    window = page_window(request, total=thread.post_count, per_page=settings.HAVEN_POSTS_PER_PAGE)
    first = window.offset + 1
    # Through the reverse manager, so every post already knows its thread (no query per post).
    posts = (
        thread.posts.visible_to(request.user)
        .filter(position__range=(first, first + window.per_page - 1))
        .select_related("author", "parent__author")
        .order_by("position")
    )
    context = {
        "thread": thread,
        "posts": posts,
        "page": window,
        "reply_form": ReplyForm() if permissions.can_reply(request.user, thread) else None,
    }
    return render(request, "forum/thread.html", context)


@read_access_required
def post_permalink(request, pk):
    """A post's permanent address: the right page of its thread, scrolled to the post."""
    post = get_object_or_404(
        Post.objects.visible_to(request.user)
        .filter(thread__in=Thread.objects.visible_to(request.user))
        .select_related("thread"),
        pk=pk,
    )
    return HttpResponseRedirect(post.location_in_thread())


@login_required
@require_http_methods(["GET", "POST"])
def new_thread(request):
    if not permissions.can_start_thread(request.user):
        raise PermissionDenied("You cannot start threads at the moment.")
    initial = {}
    if slug := request.GET.get("category"):
        initial["category"] = Category.objects.filter(slug=slug).first()
    form = ThreadForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        thread = services.create_thread(
            author=request.user,
            category=form.cleaned_data["category"],
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            confirmed_no_identifying_details=form.confirmed_no_identifying_details,
        )
        _tell_author_about_safeguards(request, thread.opening_post)
        return redirect(thread)
    return render(request, "forum/new_thread.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def reply(request, pk):
    """Reply to a thread, or with ?to=POST to a post in it (&quote=1 quotes that post)."""
    thread = _get_thread(request, pk)
    if not permissions.can_reply(request.user, thread):
        raise PermissionDenied("This thread is closed to new replies.")
    parent = None
    parent_id = request.POST.get("parent") or request.GET.get("to")
    if parent_id:
        if not str(parent_id).isdigit():
            raise Http404("That is not a post you can answer.")
        parent = get_object_or_404(
            Post.objects.visible_to(request.user).select_related("author"),
            pk=parent_id,
            thread=thread,
            is_deleted=False,
        )
    initial = {}
    if parent is not None and request.GET.get("quote"):
        initial["body"] = quote_as_markdown(str(parent.author or "Former member"), parent.body)
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        post = services.reply(
            thread=thread,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=parent,
            confirmed_no_identifying_details=form.confirmed_no_identifying_details,
        )
        _tell_author_about_safeguards(request, post)
        return HttpResponseRedirect(post.location_in_thread())
    return render(request, "forum/reply.html", {"thread": thread, "parent": parent, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit_post(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied("You can only edit your own posts.")
    with_title = post.is_opening_post
    initial = {"body": post.body, "title": post.thread.title}
    form = EditPostForm(request.POST or None, initial=initial, with_title=with_title)
    if request.method == "POST" and form.is_valid():
        services.edit_post(
            post=post,
            editor=request.user,
            body=form.cleaned_data["body"],
            title=form.cleaned_data.get("title"),
            confirmed_no_identifying_details=form.confirmed_no_identifying_details,
        )
        messages.success(
            request, "Your changes are saved. The earlier version is kept in the post's history."
        )
        _tell_author_about_safeguards(request, post)
        return HttpResponseRedirect(post.location_in_thread())
    return render(request, "forum/edit_post.html", {"post": post, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_post(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    if not permissions.can_delete_post(request.user, post):
        raise PermissionDenied("You can only delete your own posts.")
    if request.method == "POST":
        services.delete_post(post=post)
        messages.success(request, "Your post is deleted.")
        post.thread.refresh_from_db(fields=["is_deleted"])
        if post.thread.is_deleted:
            return redirect(post.thread.category)
        return redirect(post.thread)
    return render(request, "forum/delete_post.html", {"post": post})


@login_required
def post_history(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    if not permissions.can_see_revisions(request.user, post):
        raise PermissionDenied("Only the author can see a post's earlier versions.")
    return render(request, "forum/post_history.html", {"post": post, "revisions": post.revisions.all()})


def _tell_author_about_safeguards(request, post):
    report = getattr(post, "safeguard_report", None)
    if report is None:
        return
    if report.shows_crisis_support:
        messages.warning(
            request,
            "It sounds like you may be carrying something very heavy right now. You don't have to "
            "carry it alone: please consider reaching out to one of these services today.",
            extra_tags="crisis-support",
        )
    if report.awaiting_approval:
        messages.info(
            request,
            "Thank you for posting. As you're new here, your first post waits for a quick review "
            "by a moderator before others can see it; we'll let you know when it's published.",
        )


@login_required
def notifications(request):
    items = request.user.notifications.order_by("-created_at")[:50]
    return render(request, "forum/notifications.html", {"notifications": items})


@login_required
def open_notification(request, pk):
    """Mark one of your notifications read and go where it points."""
    notification = get_object_or_404(request.user.notifications, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or "forum:notifications")


@login_required
@require_POST
def mark_notifications_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("forum:notifications")


def guidelines(request):
    return render(request, "forum/guidelines.html")


def crisis_resources(request):
    return render(request, "forum/crisis.html", {"resources": settings.HAVEN_CRISIS_RESOURCES})
