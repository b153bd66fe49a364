from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts import ratelimit
from accounts.ratelimit import rate_limit
from forum import fragments, permissions, safeguards, search, selectors, services
from forum.forms import EditPostForm, ReplyForm, SearchForm, ThreadForm
from forum.markup import passage_from, quote_as_markdown, render_markdown
from forum.models import Bookmark, Category, Post, Reaction, Thread, ThreadSubscription
from forum.notifications import byline
from forum.pagination import page_window
from orgs import selectors as org_selectors

SUBMISSION_MEMORY = 60 * 60  # seconds a submitted form's key is remembered


def read_access_required(view):
    """Members only, unless HAVEN_PUBLIC_READ opens reading to everyone."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can_read_forum(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _back(request, fallback):
    """Where a small form (react, save, follow) returns to without JavaScript."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


# --- Lists ----------------------------------------------------------------------------------------


def home(request):
    if request.user.is_authenticated:
        return latest(request)
    return render(request, "forum/landing.html", {"categories": Category.objects.readable_by(request.user)})


@read_access_required
def latest(request):
    categories = selectors.readable_categories(request.user)
    set_aside = selectors.categories_set_aside(request.user)
    total = sum(category.thread_count for category in categories if category.pk not in set_aside)
    window = page_window(request, total=total, per_page=settings.HAVEN_THREADS_PER_PAGE)
    threads = selectors.latest_threads(
        request.user, offset=window.offset, limit=window.per_page, total=total, set_aside=set_aside
    )
    selectors.attach_categories(threads, categories)
    threads = selectors.with_reader_controls(threads, request.user)
    context = {
        "threads": threads,
        "thread_rows": fragments.render_thread_rows(request, threads, show_category=True),
        "page": window,
        "categories": categories,
        "categories_set_aside": set_aside,
        "tab": "latest",
    }
    return render(request, "forum/latest.html", context)


@login_required
def unread(request):
    """Threads the member has read before that have new posts since."""
    return _thread_tab(request, "unread")


@login_required
def new(request):
    """Threads started lately that the member has not opened."""
    return _thread_tab(request, "new")


def _thread_tab(request, tab):
    categories = selectors.readable_categories(request.user)
    set_aside = selectors.categories_set_aside(request.user)
    listed = selectors.tab_threads(request.user, tab, set_aside=set_aside)
    total = listed.count()
    window = page_window(request, total=total, per_page=settings.HAVEN_THREADS_PER_PAGE)
    threads = selectors.list_page(
        request.user, listed, offset=window.offset, limit=window.per_page, total=total
    )
    selectors.attach_categories(threads, categories)
    threads = selectors.with_reader_controls(threads, request.user)
    context = {
        "tab": tab,
        "threads": threads,
        "thread_rows": fragments.render_thread_rows(request, threads, show_category=True),
        "page": window,
        "categories": categories,
        "categories_set_aside": set_aside,
        "new_thread_days": settings.HAVEN_NEW_THREAD_DAYS,
    }
    return render(request, "forum/latest.html", context)


@read_access_required
def category(request, slug):
    category = selectors.category_for_page(request.user, slug)
    if category is None or not permissions.can_see_category_exists(request.user, category):
        raise Http404("No such category.")
    if not permissions.can_read_category(request.user, category):
        return render(request, "forum/verified_only.html", {"category": category}, status=403)
    window = page_window(request, total=category.thread_count, per_page=settings.HAVEN_THREADS_PER_PAGE)
    threads = selectors.category_threads(request.user, category, offset=window.offset, limit=window.per_page)
    selectors.attach_categories(threads, [category])
    threads = selectors.with_reader_controls(threads, request.user)
    context = {
        "category": category,
        "threads": threads,
        "thread_rows": fragments.render_thread_rows(request, threads),
        "page": window,
        "categories": selectors.readable_categories(request.user),
        "following": category.following,
        "can_post": permissions.can_post_in(request.user, category),
        "set_aside": category.pk in selectors.categories_set_aside(request.user),
    }
    return render(request, "forum/category.html", context)


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(request.user)
    messages.success(request, "Everything is marked as read.")
    return _back(request, "/latest/")


# --- A thread -------------------------------------------------------------------------------------


def _get_thread(request, pk):
    return get_object_or_404(
        Thread.objects.visible_to(request.user).select_related("category", "author"), pk=pk
    )


@read_access_required
def thread(request, pk, slug=None):
    thread = selectors.thread_for_page(request.user, pk)
    if thread is None:
        raise Http404("No such thread.")
    if slug != thread.slug:  # old title or short link: send everyone to one address
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return HttpResponsePermanentRedirect(thread.get_absolute_url() + query)
    window = page_window(request, total=thread.post_count, per_page=settings.HAVEN_POSTS_PER_PAGE)
    first, last = window.offset + 1, window.offset + window.per_page
    read_before = read_now = 0
    if request.user.is_authenticated:
        read_before = services.mark_read(
            member=request.user,
            thread=thread,
            position=min(last, thread.post_count),
            known_position=thread.read_position,
        )
        if "page" not in request.GET and 0 < read_before < thread.post_count:
            return _jump_to_first_unread(thread, read_before)
        read_now = max(read_before, min(last, thread.post_count))
    posts = selectors.thread_page_posts(request.user, thread, first, last)
    state = selectors.thread_page_state(request.user, thread, posts)
    posts = selectors.decorate_posts(posts, request.user, state)
    first_unread = read_before + 1 if read_before else None
    context = {
        "thread": thread,
        "posts": posts,
        "post_html": fragments.render_posts(request, thread, posts, first_unread_position=first_unread),
        "page": window,
        "state": state,
        "first_unread_page": _first_unread_page(thread, read_now) if read_now else None,
        "reply_form": fragments.render_blank_reply_form(request)
        if permissions.can_reply(request.user, thread)
        else None,
    }
    return render(request, "forum/thread.html", context)


def _first_unread_page(thread, read_position) -> int | None:
    """The page of THREAD with the first post after READ_POSITION; None when there is none."""
    if read_position >= thread.post_count:
        return None
    return read_position // settings.HAVEN_POSTS_PER_PAGE + 1


def _jump_to_first_unread(thread, read_before):
    page = _first_unread_page(thread, read_before)
    return HttpResponseRedirect(f"{thread.get_absolute_url()}?page={page}#unread")


@read_access_required
def post_permalink(request, pk):
    """A post's permanent address: the right page of its thread, scrolled to the post."""
    post = get_object_or_404(Post.objects.visible_to(request.user).select_related("thread"), pk=pk)
    return HttpResponseRedirect(post.location_in_thread())


# --- Writing --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def new_thread(request):
    if not permissions.can_start_thread(request.user):
        raise PermissionDenied("You cannot start threads at the moment.")
    initial = {}
    if slug := request.GET.get("category"):
        initial["category"] = Category.objects.postable_by(request.user).filter(slug=slug).first()
    form = ThreadForm(request.POST or None, initial=initial, member=request.user)
    if "preview" in request.POST:
        return render(request, "forum/new_thread.html", {"form": form, "preview": _preview(form)})
    if request.method == "POST" and form.is_valid():
        if repeated := _already_submitted(request, form):
            return repeated
        if slow_down := _over_the_limit(request, "thread"):
            _forget_submission(request, form)  # so that sending it again after the wait posts it
            return slow_down
        thread = services.create_thread(
            author=request.user,
            category=form.cleaned_data["category"],
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            **form.post_options(),
        )
        _tell_author_about_safeguards(request, thread.opening_post)
        _remember_submission(request, form, thread.get_absolute_url())
        if _wants_json(request):
            return JsonResponse({"url": thread.get_absolute_url()})
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
            Post.objects.visible_in_thread(request.user).select_related("author"),
            pk=parent_id,
            thread=thread,
            is_deleted=False,
        )
    initial = {}
    if parent is not None and request.GET.get("quote"):
        # A passage the reader selected (the thread page's script sends it) is quoted alone.
        passage = passage_from(
            parent.body_html, request.GET.get("passage", "")[: settings.HAVEN_MAX_POST_LENGTH]
        )
        initial["body"] = quote_as_markdown(byline(parent), passage or parent.body)
    form = ReplyForm(
        request.POST or None, initial=initial, answering=lambda: selectors.answered_text(thread, parent)
    )
    if "preview" in request.POST and _wants_json(request):  # the thread page's live preview
        return JsonResponse({"html": _preview(form)})
    if "preview" in request.POST:
        context = {"thread": thread, "parent": parent, "form": form, "preview": _preview(form)}
        return render(request, "forum/reply.html", context)
    if request.method == "POST" and form.is_valid():
        if repeated := _already_submitted(request, form):
            return repeated
        if slow_down := _over_the_limit(request, "reply"):
            _forget_submission(request, form)  # so that sending it again after the wait posts it
            return slow_down
        post = services.reply(
            thread=thread,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=parent,
            **form.post_options(),
        )
        _tell_author_about_safeguards(request, post)
        _remember_submission(request, form, post.location_in_thread())
        if _wants_json(request):
            return JsonResponse(_new_post_for_script(request, thread, post))
        return HttpResponseRedirect(post.location_in_thread())
    return render(request, "forum/reply.html", {"thread": thread, "parent": parent, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit_post(request, pk):
    post = get_object_or_404(Post.objects.visible_to(request.user).select_related("thread"), pk=pk)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied("You can only edit your own posts.")
    initial = {
        "body": post.body,
        "title": post.thread.title,
        "content_warning": post.content_warning,
        "content_warning_note": post.content_warning_note,
    }
    form = EditPostForm(request.POST or None, initial=initial, with_title=post.is_opening_post)
    if request.method == "POST" and form.is_valid():
        services.edit_post(
            post=post,
            editor=request.user,
            body=form.cleaned_data["body"],
            title=form.cleaned_data.get("title"),
            **form.post_options(),
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
    post = get_object_or_404(Post.objects.visible_to(request.user).select_related("thread"), pk=pk)
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
    post = get_object_or_404(Post.objects.visible_to(request.user).select_related("thread__category"), pk=pk)
    if not permissions.can_see_revisions(request.user, post):
        raise PermissionDenied("Only the author can see a post's earlier versions.")
    return render(request, "forum/post_history.html", {"post": post, "steps": selectors.post_history(post)})


def _preview(form) -> str:
    """The draft rendered exactly as it would be posted (same Markdown and sanitiser); nothing saved."""
    return render_markdown(form.data.get("body", "")[: settings.HAVEN_MAX_POST_LENGTH])


def _over_the_limit(request, scope: str):
    """The "please slow down" page if posting now would pass SCOPE's limit, else None.

    Asked only when a post is about to be created: previews, a form with an error, and the
    confidentiality and safe-messaging steps never count, so that a member who meets the crisis
    guidance is never stopped by the rate limit before their words are posted."""
    retry_after = ratelimit.check(request, scope)
    return None if retry_after is None else ratelimit.too_many_requests(request, retry_after)


def _already_submitted(request, form):
    """The page to return to if this exact form was already submitted, else None (and claim it)."""
    key = form.cleaned_data.get("submission_key")
    if not key:
        return None
    cache_key = f"submitted:{request.user.pk}:{key}"
    if cache.add(cache_key, "", timeout=SUBMISSION_MEMORY):
        return None
    return HttpResponseRedirect(cache.get(cache_key) or request.path)


def _forget_submission(request, form):
    if key := form.cleaned_data.get("submission_key"):
        cache.delete(f"submitted:{request.user.pk}:{key}")


def _remember_submission(request, form, url):
    if key := form.cleaned_data.get("submission_key"):
        cache.set(f"submitted:{request.user.pk}:{key}", url, timeout=SUBMISSION_MEMORY)


def _new_post_for_script(request, thread, post) -> dict:
    """What the composer script needs to show a new reply in place: its page and its HTML.

    When the author has a safeguard notice waiting (crisis support, awaiting review) the script
    gets only the address, so the full page with the notice is what they see next.
    """
    data = {"url": post.location_in_thread(), "page": post.page_number()}
    report = getattr(post, "safeguard_report", None)
    if report is not None and (report.shows_crisis_support or report.awaiting_approval):
        return data
    post = Post.objects.for_thread_page().get(pk=post.pk)
    post.thread = thread
    state = selectors.thread_page_state(request.user, thread, [post])
    posts = selectors.decorate_posts([post], request.user, state)
    data["html"] = fragments.render_posts(request, thread, posts)[0]
    return data


def _tell_author_about_safeguards(request, post):
    report = getattr(post, "safeguard_report", None)
    if report is None:
        return
    if report.shows_crisis_support:
        messages.warning(
            request, safeguards.crisis_support_message(report.crisis), extra_tags="crisis-support"
        )
    if report.awaiting_approval:
        back_at = safeguards.moderators_back_at(request.user)
        messages.info(
            request,
            "Thank you for posting. As you're new here, your first post waits for a quick review "
            "by a moderator before others can see it; we'll let you know when it's published."
            if back_at is None
            else f"Thank you for posting. As you're new here, your post waits for a moderator before "
            f"others can see it. Moderators are back at {back_at} (your time); we'll let you know "
            "when it's published.",
        )


# --- Reactions, bookmarks, following ------------------------------------------------------------


def _visible_post(request, pk):
    return get_object_or_404(
        Post.objects.visible_to(request.user).filter(is_deleted=False).select_related("thread", "author"),
        pk=pk,
    )


@login_required
@require_POST
@rate_limit("react")
def react(request, pk):
    post = _visible_post(request, pk)
    if not permissions.can_react(request.user, post):
        raise PermissionDenied("You can't react to this post.")
    kind = request.POST.get("kind", "")
    if kind not in Reaction.Kind.values:
        return (
            JsonResponse({"error": "Unknown reaction."}, status=400)
            if _wants_json(request)
            else redirect(post)
        )
    active = services.toggle_reaction(post=post, member=request.user, kind=kind)
    if _wants_json(request):
        post.refresh_from_db(fields=["support_count", "relate_count", "helpful_count"])
        counter = services.REACTION_COUNTERS[Reaction.Kind(kind)]
        return JsonResponse({"kind": kind, "active": active, "count": getattr(post, counter)})
    return _back(request, post.location_in_thread())


@read_access_required
def reactions(request, pk):
    """Who reacted to a post, on request."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = _visible_post(request, pk)
    by_kind = {label: [] for _value, label in Reaction.Kind.choices}
    for reaction in post.reactions.select_related("user").order_by("created_at"):
        by_kind[reaction.get_kind_display()].append(reaction.user)
    return render(request, "forum/reactions.html", {"post": post, "by_kind": by_kind})


@login_required
@require_POST
def bookmark_thread(request, pk):
    thread = _get_thread(request, pk)
    saved = services.toggle_bookmark(member=request.user, thread=thread)
    if _wants_json(request):
        return JsonResponse({"active": saved})
    messages.success(request, "Saved to your bookmarks." if saved else "Removed from your bookmarks.")
    return _back(request, thread.get_absolute_url())


@login_required
@require_POST
def bookmark_post(request, pk):
    post = _visible_post(request, pk)
    saved = services.toggle_bookmark(member=request.user, thread=post.thread, post=post)
    if _wants_json(request):
        return JsonResponse({"active": saved})
    return _back(request, post.location_in_thread())


@login_required
def bookmarks(request):
    saved = (
        Bookmark.objects.filter(user=request.user)
        .filter(thread__in=Thread.objects.visible_to(request.user))
        .select_related("thread", "post")
        .order_by("-created_at")[:200]
    )
    return render(request, "forum/bookmarks.html", {"bookmarks": saved})


@login_required
@require_POST
def subscribe_thread(request, pk):
    thread = _get_thread(request, pk)
    level = request.POST.get("level") or None
    if level is not None and level not in ThreadSubscription.Level.values:
        raise Http404("Unknown subscription level.")
    services.set_thread_subscription(member=request.user, thread=thread, level=level)
    labels = {
        "following": "You're following this thread.",
        "muted": "This thread is muted: it won't notify you.",
    }
    message = labels.get(level, "You'll hear about this thread only when someone answers you.")
    if _wants_json(request):
        return JsonResponse({"level": level or "", "message": message})
    messages.success(request, message)
    return _back(request, thread.get_absolute_url())


@login_required
@require_POST
def subscribe_category(request, slug):
    category = get_object_or_404(Category.objects.with_following(request.user), slug=slug)
    if not permissions.can_see_category_exists(request.user, category):
        raise Http404("No such category.")
    if not permissions.can_read_category(request.user, category):
        raise PermissionDenied("This category is for verified members.")
    following = services.toggle_category_subscription(member=request.user, category=category)
    message = (
        f"You're following {category.name}." if following else f"You've stopped following {category.name}."
    )
    if _wants_json(request):
        return JsonResponse({"active": following, "message": message})
    messages.success(request, message)
    return redirect(category)


# --- Search ---------------------------------------------------------------------------------------


@read_access_required
@rate_limit("search", methods=("GET",))
def search_view(request):
    form = SearchForm(request.GET or None, member=request.user)
    results, window, total = [], None, 0
    if form.is_valid() and form.cleaned_data["q"]:
        found = search.search_posts(request.user, **form.cleaned_data)
        total = len(found)
        window = page_window(request, total=total, per_page=search.RESULTS_PER_PAGE)
        page_ids = found[window.offset : window.offset + window.per_page]
        results = search.with_snippets(page_ids, form.cleaned_data["q"], request.user)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "results": results,
        "page": window,
        "total": total,
        "max_results": search.MAX_CANDIDATES,
        "filter_query": query.urlencode(),
    }
    return render(request, "forum/search.html", context)


# --- Notifications --------------------------------------------------------------------------------


@login_required
def notifications(request):
    items = selectors.notifications_for(request.user)
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


@csrf_exempt  # mail clients' one-click POST (RFC 8058) carries no CSRF token; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """From an email, no login needed (the signed token says who): a GET asks for confirmation,
    a POST turns email off, as a member's button and mail clients' one-click (RFC 8058) do."""
    from forum.notifications import member_for_unsubscribe_token

    member = member_for_unsubscribe_token(token)
    if member is None:
        raise Http404("This unsubscribe link is not valid.")
    if request.method == "GET":
        # Opening the link only asks: mail scanners (common on hospital email) open every link,
        # and members would silently lose their notifications.
        return render(request, "forum/unsubscribe.html", {"member": member})
    services.turn_off_email(member)
    return render(request, "forum/unsubscribed.html", {"member": member})


# --- Static pages ---------------------------------------------------------------------------------


def shortcuts(request):
    """The keyboard shortcuts, and the switch that turns them off in this browser."""
    return render(request, "forum/shortcuts.html")


def guidelines(request):
    return render(request, "forum/guidelines.html", {"moderation_hours": safeguards.describe_hours()})


def accessibility(request):
    """The accessibility statement: what conforms to WCAG 2.2 AA, how it was checked, what does not yet."""
    return render(request, "forum/accessibility.html")


def crisis_resources(request):
    """The site's crisis services, those of the member's organisations, and the referral
    directory: the deployment's referral entries and the member's organisations' (orgs)."""
    organisations = (
        org_selectors.organisation_resources(request.user) if request.user.is_authenticated else []
    )
    context = {
        "resources": settings.HAVEN_CRISIS_RESOURCES,
        "organisations": organisations,
        "directory": org_selectors.referral_directory(request.user),
    }
    return render(request, "forum/crisis.html", context)
