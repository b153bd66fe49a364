"""Posts and thread-list rows, with the part that is the same for every reader cached.

The shape is Zulip's message cache. What a post shows to everyone (its byline, its time and
"edited", "in reply to …", its content-warning label) is rendered once from
includes/post_shared.html and kept in the shared cache (Redis, or a PostgreSQL table:
config/fragment_cache.py) under the post's id and `version`. Every write to a post row bumps that
version (forum.models.VersionedModel), and a rename or a new badge bumps its author's
`profile_version`; the key holds those and the same numbers for the post it answers, and nothing
else. So an entry is never stale, and nothing in it can belong to one reader: the template it is
rendered from is given the post and nothing about who is looking.

Everything that depends on the reader (their reactions, their edit, delete, flag and appeal
controls, the notices an author sees, collapsing by blocks, mute words and warning settings, the
unread marker) is rendered around those parts by includes/post.html from the state the page has
already loaded. Times are written as absolute dates (forum_tags.moment), so no key changes with
the clock; the browser shows them as "3 minutes ago".

Thread rows work the same way (includes/thread_row_shared.html), keyed on the thread's version,
its author's and those of its last post and that post's author.

The key also holds a digest of the shared templates' source, so a deploy that changes them never
reads what an earlier release cached.
"""

import hashlib
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from forum import permissions
from forum.models import Post, Reaction, Thread

POST_TEMPLATE = "includes/post.html"
POST_SHARED_TEMPLATE = "includes/post_shared.html"
POST_SHARED_PARTS = ("byline", "stamp", "warning")
THREAD_ROW_TEMPLATE = "includes/thread_row.html"
THREAD_ROW_SHARED_TEMPLATE = "includes/thread_row_shared.html"
THREAD_ROW_SHARED_PARTS = ("title", "warning", "meta")
SUBMISSION_KEY_PLACEHOLDER = "haven-submission-key-placeholder"

Parts = dict[str, SafeString]


@cache
def _release(template_name: str) -> str:
    """A digest of the source that renders TEMPLATE_NAME's shared parts (the template, the badge it
    includes, the template tags): part of every key, so a deploy that changes them starts afresh."""
    digest = hashlib.blake2b(digest_size=8)
    for path in (
        Path("templates", template_name),
        Path("templates", "includes", "verified_badge.html"),
        Path("forum", "templatetags", "forum_tags.py"),
    ):
        digest.update(Path(settings.BASE_DIR, path).read_bytes())
    return digest.hexdigest()


def _joined(versions: tuple[int | None, ...]) -> str:
    return ".".join("-" if version is None else str(version) for version in versions)


def _profile_version(member: User | None) -> int:
    return member.profile_version if member is not None else 0


def _shared_parts[Row: Post | Thread](
    objects: Sequence[Row],
    *,
    kind: str,
    template_name: str,
    parts: Sequence[str],
    context_name: str,
    versions: Callable[[Row], tuple[int | None, ...]],
) -> list[Parts]:
    """The shared PARTS (partials of TEMPLATE_NAME) of each of OBJECTS, from the shared cache where
    they are there under the object's VERSIONS, rendered and stored in one write where not."""
    use_cache = settings.HAVEN_FRAGMENT_CACHE
    release = _release(template_name)
    keys = [f"{kind}:{release}:{obj.pk}:{_joined(versions(obj))}" for obj in objects] if use_cache else []
    found = caches["fragments"].get_many(keys) if use_cache else {}
    missing = {}
    result = []
    for index, obj in enumerate(objects):
        rendered = found.get(keys[index]) if use_cache else None
        if rendered is None:
            context = {context_name: obj}
            rendered = {
                part: get_template(f"{template_name}#{part}").render(context).strip() for part in parts
            }
            if use_cache:
                missing[keys[index]] = rendered
        result.append({part: mark_safe(html) for part, html in rendered.items()})  # noqa: S308 - our templates' output
    if missing:
        caches["fragments"].set_many(missing)
    return result


def shared_post_parts(posts: Sequence[Post]) -> list[Parts]:
    """What each of POSTS (loaded with PostQuerySet.for_thread_page) shows to every reader."""
    return _shared_parts(
        posts,
        kind="post",
        template_name=POST_SHARED_TEMPLATE,
        parts=POST_SHARED_PARTS,
        context_name="post",
        versions=lambda post: (
            post.version,
            _profile_version(post.author),
            post.parent_version,
            post.parent_author_version,
        ),
    )


def shared_thread_row_parts(threads: Sequence[Thread]) -> list[Parts]:
    """What the list row of each of THREADS (loaded with ThreadQuerySet.for_list) shows to every
    reader."""
    return _shared_parts(
        threads,
        kind="thread-row",
        template_name=THREAD_ROW_SHARED_TEMPLATE,
        parts=THREAD_ROW_SHARED_PARTS,
        context_name="thread",
        versions=lambda thread: (
            thread.version,
            _profile_version(thread.author),
            thread.last_post_id,
            thread.last_post_version,
            thread.last_post_author_version,
        ),
    )


def render_posts(
    request: HttpRequest, thread: Thread, posts: Sequence[Post], *, first_unread_position: int | None = None
) -> list[str]:
    """The HTML of POSTS (decorated by selectors.decorate_posts) as REQUEST's member sees them
    (marked safe by the template engine)."""
    template = get_template(POST_TEMPLATE)
    context = {
        "thread": thread,
        "user": request.user,
        "can_reply": permissions.can_reply(request.user, thread),
        # Site moderators, or the circle's own moderators in a circle: who sees a post's state.
        "moderates": permissions.moderates_category(request.user, thread.category),
        "reactions": Reaction.Kind.choices,
        "first_unread_position": first_unread_position,
        "csrf_token": get_token(request),
    }
    return [
        template.render({**context, "post": post, "shared": shared})
        for post, shared in zip(posts, shared_post_parts(posts), strict=True)
    ]


def render_thread_rows(
    request: HttpRequest, threads: Sequence[Thread], *, show_category: bool = False
) -> list[str]:
    """The list rows of THREADS (with `.unread` from selectors.with_read_state, and the reader's
    `.muted_by_words` and `.hidden_by_warning` from selectors.with_reader_controls)."""
    template = get_template(THREAD_ROW_TEMPLATE)
    return [
        template.render({"thread": thread, "shared": shared, "show_category": show_category})
        for thread, shared in zip(threads, shared_thread_row_parts(threads), strict=True)
    ]


def render_blank_reply_form(request: HttpRequest) -> SafeString:
    """The thread page's empty reply composer (includes/fields.html), the same for every member but
    for its one-time submission key: rendered once, kept in the shared cache, the key swapped in."""
    from forum.forms import ReplyForm, new_submission_key

    if not settings.HAVEN_FRAGMENT_CACHE:
        return SafeString(get_template("includes/fields.html").render({"form": ReplyForm()}))
    key = f"reply-form:{_release('includes/fields.html')}"
    html = caches["fragments"].get(key)
    if html is None:
        form = ReplyForm()
        form.fields["submission_key"].initial = SUBMISSION_KEY_PLACEHOLDER
        html = get_template("includes/fields.html").render({"form": form})
        caches["fragments"].set(key, html)
    return SafeString(html.replace(SUBMISSION_KEY_PLACEHOLDER, new_submission_key()))
