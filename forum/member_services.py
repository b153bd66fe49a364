"""Member-owned writes that reach into the forum: taking a break, exporting one's data and
deleting one's account. They live in forum (a layer above accounts) because they read and write
posts, reactions, follows and notifications; what is about the account alone (blocking,
verification) is in accounts/services.py."""

import io
import json
import zipfile
from collections.abc import Callable, Iterable
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from accounts.models import Block, User, VerificationApplication
from accounts.sessions import end_sessions
from checkins import selectors as checkin_selectors
from checkins import services as checkin_services
from forum import selectors as forum_selectors
from forum import services as forum_services
from forum.models import (
    Bookmark,
    Category,
    CategorySubscription,
    Notification,
    Post,
    Reaction,
    Thread,
    ThreadRead,
    ThreadSubscription,
)

# --- Taking a break -------------------------------------------------------------------------------

BREAK_LENGTHS_IN_DAYS = (1, 3, 7, 14, 28)


@transaction.atomic
def start_break(member: User, *, days: int, hidden_categories: Iterable[Category] = ()) -> None:
    """MEMBER pauses the forum for DAYS days (one of BREAK_LENGTHS_IN_DAYS).

    Until it ends, nobody's activity notifies them and nothing is emailed (forum/notifications.py);
    email that was waiting is dropped rather than held, so no pile greets them on the way back.
    HIDDEN_CATEGORIES are left out of their latest list. The break ends by itself when its time
    passes: every check compares break_until with the clock, so no job has to clear it.
    """
    if days not in BREAK_LENGTHS_IN_DAYS:
        raise ValueError(f"A break lasts one of {BREAK_LENGTHS_IN_DAYS} days, not {days}.")
    member.break_until = timezone.now() + timedelta(days=days)
    member.break_hidden_categories = sorted({category.pk for category in hidden_categories})
    member.save(update_fields=["break_until", "break_hidden_categories"])
    Notification.objects.filter(recipient=member, email=Notification.Email.PENDING).update(
        email=Notification.Email.NONE
    )


def end_break(member: User) -> None:
    """MEMBER comes back early: notifications, email and every category return at once."""
    member.break_until = None
    member.break_hidden_categories = []
    member.save(update_fields=["break_until", "break_hidden_categories"])


# --- What apps above forum hold about a member ----------------------------------------------------

# Apps in a higher layer (conversations: private messages) hold member data that the export must
# contain and deletion must remove, but forum never imports them: each registers here when it loads.
# KEY: the export's section; EXPORT(member) returns its content; FORGET(member, keep_posts=...) runs
# inside delete_account's transaction, before the account is emptied.
_member_data: dict[str, tuple[Callable[[User], object], Callable[..., None]]] = {}


def register_member_data(*, key: str, export: Callable[[User], object], forget: Callable[..., None]) -> None:
    _member_data[key] = (export, forget)


# --- Export ---------------------------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def member_data(member: User) -> dict:
    """Everything Haven holds about MEMBER that is theirs: profile, posts with every earlier
    version, reactions, bookmarks, follows, blocks, settings, the record of their consent, their
    private check-ins and instrument answers (checkins), their notifications as the site shows them,
    and what apps above forum registered (their private messages)."""
    posts = (
        Post.objects.filter(author=member).select_related("thread__category").prefetch_related("revisions")
    )
    registered = {key: export(member) for key, (export, _forget) in _member_data.items()}
    return {
        "exported_at": _iso(timezone.now()),
        "profile": {
            "display_name": member.display_name,
            "email": member.email,
            "profession": member.profession,
            "bio": member.bio,
            "joined": _iso(member.date_joined),
        },
        "consent": [
            {
                "notice_version": record.notice_version,
                "given_at": _iso(record.given_at),
                "withdrawn_at": _iso(record.withdrawn_at),
            }
            for record in member.consents.order_by("given_at")
        ],
        "settings": {
            "email_notifications": member.email_notifications,
            "time_zone": member.time_zone,
            "quiet_hours_start": member.quiet_hours_start.isoformat() if member.quiet_hours_start else None,
            "quiet_hours_end": member.quiet_hours_end.isoformat() if member.quiet_hours_end else None,
            "expanded_content_warnings": member.expanded_warnings,
            "hidden_content_warnings": member.hidden_warnings,
            "mute_words": member.mute_words,
            "break_until": _iso(member.break_until),
            "hide_post_list": member.hide_post_list,
            "accepts_messages_from": member.accepts_messages_from,
        },
        "posts": [
            {
                "id": post.pk,
                "thread": post.thread.title,
                "category": post.thread.category.name,
                "started_the_thread": post.is_opening_post,
                "anonymous": post.is_anonymous,
                "created_at": _iso(post.created_at),
                "edited_at": _iso(post.edited_at),
                "deleted": post.is_deleted,
                "content_warning": post.content_warning,
                "body": post.body,
                "earlier_versions": [
                    {
                        "written_at": _iso(r.written_at),
                        "replaced_at": _iso(r.replaced_at),
                        "title": r.title,
                        "body": r.body,
                    }
                    for r in post.revisions.all()
                ],
            }
            for post in posts.order_by("created_at")
        ],
        "reactions": [
            {"post": r.post_id, "kind": r.kind, "created_at": _iso(r.created_at)}
            for r in Reaction.objects.filter(user=member).order_by("created_at")
        ],
        "bookmarks": [
            {"thread": b.thread.title, "post": b.post_id, "created_at": _iso(b.created_at)}
            for b in Bookmark.objects.filter(user=member, thread__in=Thread.objects.visible_to(member))
            .select_related("thread")
            .order_by("created_at")
        ],
        "followed_threads": [
            {"thread": s.thread.title, "level": s.level}
            for s in ThreadSubscription.objects.filter(
                user=member, thread__in=Thread.objects.visible_to(member)
            ).select_related("thread")
        ],
        "followed_categories": [
            s.category.name
            for s in CategorySubscription.objects.filter(
                user=member, category__in=Category.objects.readable_by(member)
            ).select_related("category")
        ],
        "blocked_members": [
            b.blocked.display_name for b in Block.objects.filter(blocker=member).select_related("blocked")
        ],
        "verification": {
            "verified_as": member.verified_label or None,
            "verified_at": _iso(member.verified_at),
            "applications": [
                {
                    "role": a.get_role_display(),
                    "status": a.get_status_display(),
                    "applied_at": _iso(a.created_at),
                    "decided_at": _iso(a.decided_at),
                    "reason": a.reason,
                    # Evidence is held only while an application waits; deciding deletes it.
                    "licence_number": a.licence_number,
                    "issuing_body": a.issuing_body,
                    "document_uploaded": bool(a.document),
                }
                for a in member.verification_applications.order_by("created_at")
            ],
        },
        "notifications": [
            {
                "kind": item.kind,
                "message": item.shown_message,
                "link": item.url,
                "created_at": _iso(item.created_at),
                "read_at": _iso(item.read_at),
            }
            for item in forum_selectors.notifications_for(member, limit=None)
        ],
        **checkin_selectors.member_export(member),
        **registered,
    }


def member_data_markdown(data: dict) -> str:
    profile = data["profile"]
    lines = [
        f"# Your Haven data ({profile['display_name']})",
        "",
        f"Exported {data['exported_at']}. Email: {profile['email'] or 'none'}. Joined {profile['joined']}.",
        "",
        f"Profession: {profile['profession'] or '-'}  ",
        f"Bio: {profile['bio'] or '-'}",
        "",
        f"## Your posts ({len(data['posts'])})",
    ]
    for post in data["posts"]:
        flags = ", ".join(
            f for f, on in [("anonymous", post["anonymous"]), ("deleted", post["deleted"])] if on
        )
        lines += [
            "",
            f"### {post['thread']} ({post['created_at']}{', ' + flags if flags else ''})",
            "",
            post["body"],
        ]
        for version in post["earlier_versions"]:
            lines += [
                "",
                f"> Earlier version, written {version['written_at']}:",
                ">",
                *[f"> {line}" for line in version["body"].splitlines()],
            ]
    lines += ["", f"## Reactions you gave ({len(data['reactions'])})", ""]
    lines += [f"- {r['kind']} on post {r['post']} ({r['created_at']})" for r in data["reactions"]]
    lines += ["", f"## Bookmarks ({len(data['bookmarks'])})", ""]
    lines += [f"- {b['thread']}" + (f" (post {b['post']})" if b["post"] else "") for b in data["bookmarks"]]
    lines += ["", f"## Your check-ins ({len(data['check_ins'])})"]
    for check_in in data["check_ins"]:
        lines += ["", f"### Week starting {check_in['week_starting']}", ""]
        lines += [
            f"- {question}: {answer['label']} ({answer['value']})"
            for question, answer in check_in["answers"].items()
        ]
        if check_in["note"]:
            lines += ["", *[f"> {line}" for line in check_in["note"].splitlines()]]
    lines += ["", f"## Your other reflections ({len(data['instrument_answers'])})", ""]
    for response in data["instrument_answers"]:
        scores = "; ".join(f"{s['name']} {s['score']} ({s['band']})" for s in response["scores"])
        lines.append(f"- {response['instrument']}, {response['taken_at']}: {scores}")
    for conversation in data.get("private_messages", []):
        lines += ["", f"## Private messages with {conversation['with']}", ""]
        for message in conversation["messages"]:
            who = "You" if message["from_you"] else conversation["with"]
            text = "(removed)" if message["erased"] else message["body"]
            lines += [f"**{who}**, {message['sent_at']}:", "", text, ""]
    lines += ["", f"## Your notifications ({len(data['notifications'])})", ""]
    lines += [f"- {item['created_at']}: {item['message']}" for item in data["notifications"]]
    lines += ["", "## Settings", "", "```json", json.dumps(data["settings"], indent=2), "```", ""]
    return "\n".join(lines)


def export_zip(member: User) -> bytes:
    data = member_data(member)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("haven-data.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("haven-data.md", member_data_markdown(data))
    return buffer.getvalue()


# --- Deletion -------------------------------------------------------------------------------------

KEEP_POSTS = "anonymise"
DELETE_POSTS = "delete"


@transaction.atomic
def delete_account(member: User, mode: str) -> None:
    """Delete MEMBER's account and personal data.

    KEEP_POSTS: their posts stay, shown as by "Former member". DELETE_POSTS: their posts are
    deleted too (placeholders stay where others answered, so threads still read). Either way the
    email, profile, settings, sessions, authenticators, reactions, bookmarks, follows, blocks,
    check-ins and instrument answers, the verified badge and any waiting verification application (with its evidence) go. The row itself stays as an empty tombstone because moderation records point at it.
    """
    if mode not in (KEEP_POSTS, DELETE_POSTS):
        raise ValueError(f"Unknown deletion mode: {mode}")
    member = User.objects.select_for_update().get(pk=member.pk)
    for _export, forget in _member_data.values():
        forget(member, keep_posts=mode == KEEP_POSTS)
    posts = Post.objects.filter(author=member)
    if mode == DELETE_POSTS:
        for post in posts.filter(is_deleted=False).select_related("thread").order_by("-position"):
            forum_services.delete_post(post=post)
    for reaction in Reaction.objects.filter(user=member):
        counter = forum_services.REACTION_COUNTERS[Reaction.Kind(reaction.kind)]
        Post.objects.filter(pk=reaction.post_id).update(**{counter: F(counter) - 1})
    Reaction.objects.filter(user=member).delete()
    # Others' notifications about the member's posts begin with their name ("Maya replied in…",
    # and the header's notification menu shows the newest on every page): "A former member" now.
    name = member.display_name
    Notification.objects.filter(post__author=member, message__startswith=f"{name} ").update(
        message=Concat(Value("A former member"), Substr("message", len(name) + 1))
    )
    posts.update(author=None)
    member.threads.update(author=None)
    for model in (Bookmark, ThreadSubscription, CategorySubscription, ThreadRead, Notification):
        model.objects.filter(**{"recipient" if model is Notification else "user": member}).delete()
    Block.objects.filter(blocker=member).delete()
    Block.objects.filter(blocked=member).delete()
    for application in VerificationApplication.objects.pending().filter(member=member):
        application.discard_evidence()
        application.delete()
    checkin_services.delete_member_data(member)  # private reflections go whichever the choice
    EmailAddress.objects.filter(user=member).delete()
    Authenticator.objects.filter(user=member).delete()
    end_sessions(member)
    member.email = f"deleted-{member.pk}@deleted.invalid"
    member.display_name = f"Former member {member.pk}"
    member.profession = ""
    member.bio = ""
    member.set_unusable_password()
    member.is_active = False
    member.is_moderator = False
    member.verified_role = ""
    member.verified_at = None
    member.is_peer_supporter = False  # the role's record (moderation.PeerSupporter) stays, unused
    member.waiting_nudge = False
    member.accepts_messages_from = User.MessagesFrom.NOBODY
    member.is_deleted_account = True
    member.email_notifications = User.EmailFrequency.OFF
    member.quiet_hours_start = member.quiet_hours_end = None
    member.expanded_warnings = []
    member.hidden_warnings = []
    member.mute_words = []
    member.break_until = None
    member.break_hidden_categories = []
    member.save()
