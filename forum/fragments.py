"""Rendered posts, thread rows and moderation queue summaries, cached in each worker's memory and
keyed on what they show.

Rendering the post template twenty times is most of a thread page's time. Each fragment's key is
a digest of every value its template reads: the row itself, its author and parent, the time it
shows ("3 hours ago"), and the viewer's relationship to it (author? moderator? reacted? saved?
blocked? hidden by their mute words or warning settings? may edit, flag, appeal?). So an entry
is never stale: anything that changes what a fragment shows changes its key, and unused keys age
out of the bounded cache. Per-member state
is part of the key rather than left out of the fragment, so most viewers of a post (members with
no particular relationship to it) share one entry, and the author's or a moderator's view is
simply another.

The one per-request value in a fragment, the CSRF token in its small forms, is rendered as a
placeholder and swapped in on the way out (as is the reply composer's one-time submission key).
A template change needs a restart, as deploys do.
"""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import models
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString

from forum import permissions
from forum.models import Reaction

CSRF_PLACEHOLDER = "haven-csrf-placeholder"
SUBMISSION_KEY_PLACEHOLDER = "haven-submission-key-placeholder"
POST_TEMPLATE = "includes/post.html"
THREAD_ROW_TEMPLATE = "includes/thread_row.html"
NOTIFICATION_ROW_TEMPLATE = "includes/notification_row.html"
SITE_HEADER_TEMPLATE = "includes/site_header.html"
QUEUE_SUMMARY_TEMPLATE = "moderation/_entry_summary.html"


def _digest(template_name: str, facts: tuple) -> str:
    return "fragment:" + hashlib.blake2b(repr((template_name, facts)).encode(), digest_size=16).hexdigest()


def _render_cached(request, template_name: str, items: list, facts_of, context_of) -> list[SafeString]:
    template = get_template(template_name)
    use_cache = settings.HAVEN_FRAGMENT_CACHE and "fragments" in settings.CACHES
    cache = caches["fragments"] if use_cache else None
    keys = [_digest(template_name, facts_of(item)) for item in items] if use_cache else []
    found = cache.get_many(keys) if use_cache else {}
    missing = {}
    html = []
    for index, item in enumerate(items):
        fragment = found.get(keys[index]) if use_cache else None
        if fragment is None:
            fragment = template.render({**context_of(item), "csrf_token": CSRF_PLACEHOLDER})
            if use_cache:
                missing[keys[index]] = fragment
        html.append(fragment)
    if missing:
        cache.set_many(missing)
    if any(CSRF_PLACEHOLDER in fragment for fragment in html):
        token = get_token(request)
        html = [fragment.replace(CSRF_PLACEHOLDER, token) for fragment in html]
    return [SafeString(fragment) for fragment in html]


def _body_digest(html: str) -> bytes:
    return hashlib.blake2b(html.encode(), digest_size=16).digest()


def _member_facts(member) -> tuple | None:
    if member is None:
        return None
    return (member.pk, member.display_name, member.profession)  # the profile address comes from pk


def _shown_age(moment: datetime, now: datetime) -> int:
    """A key part that changes whenever `moment|naturaltime` may read differently: every second in
    its first minute ("12 seconds ago"), then every minute, the finest unit it shows after that
    ("3 minutes ago", "2 hours ago", "1 day, 4 hours ago"). Far cheaper than rendering the text."""
    seconds = (now - moment).total_seconds()
    return int(seconds) if seconds < 60 else 60 + int(seconds // 60)


def _unwrapped(user):
    """The member behind request.user's lazy proxy, loaded if it was not yet: each post's key reads
    the viewer a dozen times, and every read through the proxy is another Python call."""
    user.is_authenticated  # noqa: B018 - loads the member
    return getattr(user, "_wrapped", user)


def render_posts(request, thread, posts, *, first_unread_position=None) -> list[SafeString]:
    """The HTML of POSTS (decorated by selectors.decorate_posts) as REQUEST's member sees them."""
    user = _unwrapped(request.user)
    can_reply = permissions.can_reply(user, thread)
    thread_url = thread.get_absolute_url()
    reactions = Reaction.Kind.choices
    now = timezone.now()

    def facts(post):
        return (
            # what the post is
            post.pk,
            post.position,
            post.state,  # and so the label the template shows for it
            post.is_deleted,
            post.deleted_by_moderator,
            post.edited_at,
            post.edited_by_moderator,
            post.hidden_reason,
            post.is_anonymous,
            post.content_warning,
            post.content_warning_note,
            post.support_count,
            post.relate_count,
            post.helpful_count,
            post.created_at,
            _shown_age(post.created_at, now),
            _member_facts(post.author),
            post.author_badge,
            post.parent_id,
            post.in_reply_to,
            thread_url,
            _body_digest(post.body_html),
            # who is looking
            user.is_authenticated,
            post.author_id is not None and post.author_id == user.pk,
            permissions.acts_as_moderator(user),
            tuple(sorted(post.my_reactions)),
            post.is_bookmarked,
            post.by_blocked_member,
            post.warning_expanded,
            post.muted_by_words,
            post.hidden_by_warning,
            post.position == first_unread_position,
            can_reply,
            permissions.can_react(user, post),
            permissions.can_edit_post(user, post),
            permissions.can_delete_post(user, post),
            post.edited_at is not None and permissions.can_see_revisions(user, post),
            permissions.can_flag(user, post),
            permissions.can_appeal_post(user, post),
        )

    def context(post):
        return {
            "post": post,
            "thread": thread,
            "user": user,
            "can_reply": can_reply,
            "reactions": reactions,
            "first_unread_position": first_unread_position,
        }

    return _render_cached(request, POST_TEMPLATE, posts, facts, context)


def render_thread_rows(request, threads, *, show_category=False) -> list[SafeString]:
    """The list rows of THREADS (with `.unread` from selectors.with_read_state, and the reader's
    `.muted_by_words` and `.hidden_by_warning` from selectors.with_reader_controls)."""
    now = timezone.now()

    def facts(thread):
        return (
            thread.pk,
            thread.title,
            thread.is_pinned,
            thread.is_locked,
            thread.is_anonymous,
            thread.content_warning,
            thread.content_warning_note,
            thread.reply_count,
            thread.last_activity_at,
            _shown_age(thread.last_activity_at, now),
            _member_facts(thread.author),
            thread.author_badge,
            thread.last_post_id,
            thread.last_reply_by,
            thread.last_reply_badge,
            show_category and (thread.category.name, thread.category.slug),  # the slug gives its address
            thread.unread,
            getattr(thread, "muted_by_words", False),
            getattr(thread, "hidden_by_warning", False),
        )

    def context(thread):
        return {"thread": thread, "show_category": show_category}

    return _render_cached(request, THREAD_ROW_TEMPLATE, threads, facts, context)


def render_notification_rows(request, items) -> list[SafeString]:
    """The rows of the notifications page for ITEMS (with `.shown_message` from
    selectors.notifications_for)."""
    now = timezone.now()

    def facts(item):
        return (
            item.pk,
            item.read_at is None,
            item.shown_message,
            item.created_at,
            _shown_age(item.created_at, now),
        )

    return _render_cached(request, NOTIFICATION_ROW_TEMPLATE, items, facts, lambda item: {"item": item})


def render_queue_summaries(request, entries, fields) -> list[SafeString]:
    """The summaries of moderation queue ENTRIES, loaded with only FIELDS (moderation/views.py).

    Those values are the key, with the entry's flags, its author's history and the age it shows.
    A value the template read beyond FIELDS would cost a query per entry, which the queue's
    query-count test catches, so the key cannot leave one out. Nothing in a summary depends on
    which moderator looks."""
    now = timezone.now()
    paths = [field.split("__") for field in fields]

    def value(entry, path):
        for name in path:
            if entry is None:
                return None
            entry = getattr(entry, name)
        return entry.pk if isinstance(entry, models.Model) else entry

    def facts(entry):
        return (
            entry.pk,
            *(value(entry, path) for path in paths),
            _shown_age(entry.created_at, now),
            entry.author_action_count,
            tuple(
                (flag.reason, flag.note, flag.flagged_by_id, flag.flagged_by and flag.flagged_by.display_name)
                for flag in entry.flags.all()
            ),
        )

    return _render_cached(request, QUEUE_SUMMARY_TEMPLATE, entries, facts, lambda entry: {"entry": entry})


def render_site_header(context) -> SafeString:
    """The header of every page (base.html) for the page rendered with CONTEXT. It reads only the
    viewer's name, standing and two counts, so it is rendered once per worker for each member and
    again whenever one of those changes, not a dozen URL lookups on every page."""
    user = context.get("user")
    values = {
        "user": user,
        "PUBLIC_READ": context.get("PUBLIC_READ"),
        "unread_notification_count": context.get("unread_notification_count"),
        "open_queue_count": context.get("open_queue_count"),
    }
    request = context.get("request")
    if request is None or user is None:  # a page rendered without its request (no token to swap in)
        return SafeString(
            get_template(SITE_HEADER_TEMPLATE).render({**values, "csrf_token": context.get("csrf_token")})
        )
    facts = (
        user.is_authenticated,
        user.pk,
        getattr(user, "display_name", None),
        getattr(user, "is_suspended", False),
        getattr(user, "is_moderator", False),
        str(values["unread_notification_count"]),
        str(values["open_queue_count"]),  # counted only now, for moderators (a lazy value)
        values["PUBLIC_READ"],
    )
    return _render_cached(request, SITE_HEADER_TEMPLATE, [values], lambda _: facts, lambda _: values)[0]


def render_blank_reply_form(request) -> SafeString:
    """The thread page's empty reply composer (includes/fields.html), the same for every member but
    for its one-time submission key: rendered once per worker, the key swapped in per request."""
    from forum.forms import ReplyForm, new_submission_key

    if not (settings.HAVEN_FRAGMENT_CACHE and "fragments" in settings.CACHES):
        return SafeString(get_template("includes/fields.html").render({"form": ReplyForm()}))
    cache = caches["fragments"]
    key = _digest("includes/fields.html", ("blank ReplyForm",))
    html = cache.get(key)
    if html is None:
        form = ReplyForm()
        form.fields["submission_key"].initial = SUBMISSION_KEY_PLACEHOLDER
        html = get_template("includes/fields.html").render({"form": form})
        cache.set(key, html)
    return SafeString(html.replace(SUBMISSION_KEY_PLACEHOLDER, new_submission_key()))
