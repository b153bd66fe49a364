"""Notifications: who hears about what, and when it is emailed.

In the site, a member hears about replies to their threads and posts, threads they follow,
@mentions, quotes, reactions (batched per post and kind) and moderation outcomes. Nobody hears
from a member they have blocked, nobody hears about a thread they muted or a post in a category
they can't read (verified-only, or a circle they are not in), and an anonymous post's notifications never name its author.

By email, per the member's preference: off, as it happens, or a daily digest; never inside their
quiet hours (in their own time zone); what was held goes out once the quiet hours end. Emails
name the thread but carry no post text (email is not a private channel) and end with a one-click
unsubscribe link; where the thread's title has one of the member's mute words or its warning is a
kind they hide, the line is neutral and the title is left out. Delivery runs as a django.tasks
task: immediately in development and tests, on the database-backed queue (deferred to the end of
quiet hours) in production; `manage.py send_due_emails` sends whatever is due, for deployments
that prefer a cron job.

A member taking a break (accounts: break_until) hears nothing from other members and gets no
email, and what was waiting to be emailed is dropped; moderation notices are still kept in the
site, unemailed. The break ends by itself when its time passes.
"""

import re
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import BooleanField, F
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from accounts.models import Block, User
from forum.models import (
    Category,
    CategorySubscription,
    Notification,
    Post,
    Reaction,
    ThreadSubscription,
    byline_text,
)
from forum.mute import reader_filter
from forum.permissions import can_read_category

UNSUBSCRIBE_SALT = "haven.unsubscribe"
# What a post's author reads about each kind of reaction: from one person, and from {count} people.
REACTION_MESSAGES = {
    Reaction.Kind.SUPPORT: ("Someone sent support to {post}", "{count} people sent support to {post}"),
    Reaction.Kind.RELATE: ("Someone relates to {post}", "{count} people relate to {post}"),
    Reaction.Kind.HELPFUL: ("Someone found {post} helpful", "{count} people found {post} helpful"),
}


def _reaction_batch_pattern(kind: str) -> str:
    """A regular expression for KIND's messages, up to where they name the post: the words there
    tell the kinds apart, where the thread's title (which may say anything) could not."""
    one, several = (message.split("{post}")[0] for message in REACTION_MESSAGES[kind])
    several = re.escape(several).replace(re.escape("{count}"), "[0-9]+")
    return f"^({re.escape(one)}|{several})"


def byline(post: Post) -> str:
    """How a notification names a post's author."""
    return byline_text(
        is_anonymous=post.is_anonymous, author_name=post.author.display_name if post.author else None
    )


def notify(
    recipient, kind: str, message: str, *, url: str = "", post: Post | None = None, private: bool = False
) -> Notification | None:
    """Create one notification and queue its email, if the member wants email.

    A PRIVATE one (a moderator's personal note) keeps its words in the site: its email says only
    that there is a note to read, since email is not a private channel (a shared inbox, a work
    account, a locked screen's previews).

    A member taking a break hears nothing from other members (None is returned). Moderation
    notices are still recorded in the site, because they concern the member's own posts and
    standing (a hidden post, a suspension, an appeal), but they are not emailed.
    """
    on_break = recipient.is_on_break
    if on_break and kind != Notification.Kind.MODERATION:
        return None
    wants_email = recipient.wants_email
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        message=message[:500],
        url=url,
        post=post,
        private=private,
        email=Notification.Email.PENDING if wants_email else Notification.Email.NONE,
    )
    if wants_email:
        schedule_email_delivery(recipient)
    return notification


def notify_moderation(recipient, message: str, url: str = "") -> Notification:
    return notify(recipient, Notification.Kind.MODERATION, message, url=url)


def _silenced_for(actor_id) -> set[int]:
    """Members who never hear from ACTOR: those who blocked them."""
    if actor_id is None:
        return set()
    return set(Block.objects.filter(blocked_id=actor_id).values_list("blocker_id", flat=True))


def post_published(post: Post, *, mentioned: dict[int, User], quoted: dict[int, User]) -> None:
    """Tell everyone who should know about a newly visible post, once each, most specific first."""
    thread = post.thread
    actor = byline(post)
    where = f"“{thread.title}”"
    url = reverse("forum:post", args=[post.pk])
    recipients: dict[int, tuple[User, str, str]] = {}

    def add(user, kind, message):
        if user is not None and user.pk not in recipients:
            recipients[user.pk] = (user, kind, message)

    for user in mentioned.values():
        add(user, Notification.Kind.MENTION, f"{actor} mentioned you in {where}")
    for user in quoted.values():
        add(user, Notification.Kind.QUOTE, f"{actor} quoted you in {where}")
    if post.parent_id and post.parent.author_id:
        add(post.parent.author, Notification.Kind.REPLY, f"{actor} replied to your post in {where}")
    followers = User.objects.filter(
        pk__in=ThreadSubscription.objects.filter(
            thread=thread, level=ThreadSubscription.Level.FOLLOWING
        ).values("user")
    )
    for user in followers:
        kind_of_reply = "your thread" if user.pk == thread.author_id else "a thread you follow"
        add(user, Notification.Kind.REPLY, f"{actor} replied in {kind_of_reply}: {where}")
    category_followers = User.objects.filter(
        pk__in=CategorySubscription.objects.filter(category_id=thread.category_id).values("user")
    )
    for user in category_followers:
        add(user, Notification.Kind.REPLY, f"New post in {thread.category.name}: {where}")

    muted = set(
        ThreadSubscription.objects.filter(thread=thread, level=ThreadSubscription.Level.MUTED).values_list(
            "user_id", flat=True
        )
    )
    silenced = muted | _silenced_for(post.author_id) | {post.author_id}
    for user, kind, message in recipients.values():
        if user.pk not in silenced and user.is_active and can_read_category(user, thread.category):
            notify(user, kind, message, url=url, post=post)


def reacted(reaction: Reaction) -> None:
    """Tell the post's author, batching unread reactions of one kind on one post into one line."""
    post = reaction.post
    author = post.author
    if author is None or author.pk == reaction.user_id or author.is_on_break:
        return
    if author.pk in _silenced_for(reaction.user_id):
        return
    if not can_read_category(author, post.thread.category):  # they left the circle since
        return
    muted = ThreadSubscription.objects.filter(
        thread_id=post.thread_id, user=author, level=ThreadSubscription.Level.MUTED
    ).exists()
    if muted:
        return
    one, several = REACTION_MESSAGES[reaction.kind]
    where = f"your post in “{post.thread.title}”"
    batch = (
        Notification.objects.select_for_update()
        .filter(recipient=author, kind=Notification.Kind.REACTION, post=post, read_at__isnull=True)
        .filter(message__regex=_reaction_batch_pattern(reaction.kind))
        .first()
    )
    if batch is None:
        notify(
            author,
            Notification.Kind.REACTION,
            one.format(post=where),
            url=reverse("forum:post", args=[post.pk]),
            post=post,
        )
        return
    count = batch.count + 1
    Notification.objects.filter(pk=batch.pk).update(
        count=F("count") + 1, message=several.format(count=count, post=where), created_at=timezone.now()
    )


def unread_count_sql(member_column: str) -> str:
    """SQL counting the unread notifications of the member whose id is in MEMBER_COLUMN
    ("table.column"): the header shows it on every page (accounts/backends.py)."""
    table = Notification._meta.db_table
    return f"SELECT count(*) FROM {table} WHERE recipient_id = {member_column} AND read_at IS NULL"  # noqa: S608


def member_annotations(member_column: str) -> dict[str, RawSQL]:
    """`has_notifications` for the member whose id is in MEMBER_COLUMN, computed in the query that
    loads them (accounts.backends.register_member_annotations): whether the header's notification
    menu has anything to list, so a member with none costs it no query."""
    table = Notification._meta.db_table
    sql = f"SELECT EXISTS (SELECT 1 FROM {table} WHERE recipient_id = {member_column})"  # noqa: S608
    return {"has_notifications": RawSQL(sql, [], output_field=BooleanField())}  # noqa: S611


# --- Email ------------------------------------------------------------------------------------


def in_quiet_hours(member, now: datetime) -> bool:
    start, end = member.quiet_hours_start, member.quiet_hours_end
    if start is None or end is None or start == end:
        return False
    local = now.astimezone(member.zone).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end  # overnight, e.g. 22:00 to 07:00


def quiet_hours_end(member, now: datetime) -> datetime:
    """When the member's current quiet hours end (NOW if they are not in them)."""
    if not in_quiet_hours(member, now):
        return now
    zone = member.zone
    local = now.astimezone(zone)
    end = datetime.combine(local.date(), member.quiet_hours_end, tzinfo=zone)
    if end <= local:
        end += timedelta(days=1)
    return end


def next_digest_time(member, now: datetime) -> datetime:
    zone = member.zone
    local = now.astimezone(zone)
    due = datetime.combine(local.date(), time(settings.HAVEN_DIGEST_HOUR), tzinfo=zone)
    last = member.last_digest_sent_at
    if local >= due and (last is None or last.astimezone(zone).date() < local.date()):
        return quiet_hours_end(member, now)
    if local >= due:
        due += timedelta(days=1)
    return quiet_hours_end(member, due)


def when_email_is_due(member, now: datetime) -> datetime:
    if member.email_notifications == User.EmailFrequency.DAILY:
        return next_digest_time(member, now)
    return quiet_hours_end(member, now)


def schedule_email_delivery(member) -> None:
    """Queue delivery after this transaction commits, deferred where the task backend can."""
    from forum.tasks import deliver_notification_emails

    def enqueue():
        due = when_email_is_due(member, timezone.now())
        task = deliver_notification_emails
        if task.get_backend().supports_defer and due > timezone.now():
            task = task.using(run_after=due)
        task.enqueue(member.pk)

    transaction.on_commit(enqueue)


def unsubscribe_token(member) -> str:
    return signing.dumps({"member": member.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def member_for_unsubscribe_token(token: str):
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("member"), is_deleted_account=False).first()


def deliver_due_emails(member, now: datetime | None = None) -> int:
    """Email MEMBER's pending notifications if now is the time; returns how many were sent."""
    now = now or timezone.now()
    # Nothing about a post they can no longer read (a circle they left, verified access lost).
    member.notifications.filter(email=Notification.Email.PENDING).filter(
        post__thread__category__in=Category.objects.unreadable_by(member)
    ).update(email=Notification.Email.NONE)
    pending = (
        member.notifications.filter(email=Notification.Email.PENDING)
        .select_related("post__thread")
        .order_by("created_at")
    )
    # A break drops what was waiting too: a pile of email is not a calm way back.
    if not member.wants_email:
        pending.update(email=Notification.Email.NONE)
        return 0
    if when_email_is_due(member, now) > now:
        return 0
    items = list(pending)
    if not items:
        return 0
    _send(member, items, digest=member.email_notifications == User.EmailFrequency.DAILY)
    Notification.objects.filter(pk__in=[item.pk for item in items]).update(email=Notification.Email.SENT)
    if member.email_notifications == User.EmailFrequency.DAILY:
        User.objects.filter(pk=member.pk).update(last_digest_sent_at=now)
        member.last_digest_sent_at = now
    return len(items)


# What a notification says instead when its thread's title has one of the member's mute words or
# its warning is a kind they hide: the thread's title appears nowhere (see forum/mute.py).
NEUTRAL_MESSAGES = {
    Notification.Kind.REPLY: "New reply in a thread you follow or took part in",
    Notification.Kind.MENTION: "Someone mentioned you in a thread",
    Notification.Kind.QUOTE: "Someone quoted you in a thread",
    Notification.Kind.REACTION: "Someone reacted to your post",
    Notification.Kind.MODERATION: "News from the moderators about a post",
}


def message_for(notification: Notification, reader) -> str:
    """NOTIFICATION's message as its recipient, with their ReaderFilter READER, should read it
    (in the site and by email). Needs `post__thread` loaded."""
    post = notification.post
    if post is None or reader.is_empty:
        return notification.message
    if reader.mutes_thread(post.thread) or reader.hides_thread_warning(post.thread):
        return NEUTRAL_MESSAGES.get(notification.kind, "You have a new notification")
    return notification.message


# What an email says of a private notification (notify's PRIVATE): that there is something to read.
PRIVATE_NOTE_EMAIL = "The moderators sent you a private note: please read it on Haven"


def _send(member, items: list[Notification], *, digest: bool) -> None:
    site = settings.HAVEN_SITE_URL
    unsubscribe = site + reverse("forum:unsubscribe", args=[unsubscribe_token(member)])
    reader = reader_filter(member)
    messages = [PRIVATE_NOTE_EMAIL if item.private else message_for(item, reader) for item in items]
    lines = [
        f"- {message}\n  {site}{reverse('forum:open_notification', args=[item.pk])}"
        for item, message in zip(items, messages, strict=True)
    ]
    subject = (
        "Your daily Haven digest"
        if digest
        else (messages[0] if len(items) == 1 else f"{len(items)} new notifications")
    )
    body = (
        f"Hello {member.display_name},\n\n"
        + ("Here is what happened on Haven today:\n\n" if digest else "")
        + "\n".join(lines)
        + f"\n\nChange how often we email you: {site}{reverse('accounts:preferences')}\n"
        + f"Unsubscribe from all Haven emails with one click: {unsubscribe}\n"
    )
    EmailMessage(
        subject=f"[Haven] {subject}"[:200],
        body=body,
        to=[member.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


def forget_circle(sender, *, circle, member, **kwargs) -> None:
    """MEMBER left or lost CIRCLE (orgs.signals.circle_membership_ended): drop their notifications
    about its posts, emailed or not, and their follows of its threads and categories, so that
    nothing about the circle reaches them any more."""
    categories = Category.objects.in_circles([circle.pk]).values("pk")
    Notification.objects.filter(recipient=member, post__thread__category__in=categories).delete()
    ThreadSubscription.objects.filter(user=member, thread__category__in=categories).delete()
    CategorySubscription.objects.filter(user=member, category__in=categories).delete()
