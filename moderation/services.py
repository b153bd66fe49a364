"""Every moderation write: flags, the queue, actions on posts, threads and members, appeals,
and decisions on verification applications.

Each action runs in one transaction and writes one audit-log entry (ModerationAction). Actions
that resolve a queue entry lock its row first: when two moderators act on the same entry, the
second waits, then finds it resolved and gets AlreadyHandled instead of acting twice. A possible
crisis closes only with an outcome (what was done for the member), recorded in the same entry.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import INDEFINITE_YEAR, User, VerificationApplication
from conversations import services as conversation_services
from conversations.models import ConversationReport
from forum import services as forum_services
from forum.models import Category, Notification, Post, Thread
from forum.notifications import notify, notify_moderation
from moderation import hours, wellbeing
from moderation.models import (
    Appeal,
    ConversationOutcome,
    CrisisOutcome,
    Exposure,
    Flag,
    FlagReason,
    ModerationAction,
    OffShift,
    Priority,
    QueueEntry,
    Suspension,
)
from orgs.models import Circle, CircleMembership, ReferralEntry

Kind = ModerationAction.Kind


class ModerationError(Exception):
    """A request that cannot be carried out; the message says why, in words for the member."""


class AlreadyHandled(ModerationError):
    def __init__(self, entry: QueueEntry):
        who = entry.resolved_by.display_name if entry.resolved_by else "another moderator"
        action = ModerationAction.Kind(entry.resolution).label.lower()
        super().__init__(f"This item was already handled by {who}: {action}.")
        self.entry = entry


# --- Flags and the queue ------------------------------------------------------------------------


def _open_entry_for(post: Post, priority: int, *, awaiting_approval: bool = False) -> QueueEntry:
    """The post's open queue entry (created if needed), raised to PRIORITY if that is more urgent."""
    for _attempt in range(2):
        entry = (
            QueueEntry.objects.select_for_update().open().filter(kind=QueueEntry.Kind.POST, post=post).first()
        )
        if entry is None:
            try:
                with transaction.atomic():
                    return QueueEntry.objects.create(
                        kind=QueueEntry.Kind.POST,
                        post=post,
                        priority=priority,
                        awaiting_approval=awaiting_approval,
                    )
            except IntegrityError:  # another request opened it a moment ago: lock that one instead
                continue
        changes = {}
        if priority < entry.priority:
            changes["priority"] = priority
        if awaiting_approval and not entry.awaiting_approval:
            changes["awaiting_approval"] = True
        if changes:
            QueueEntry.objects.filter(pk=entry.pk).update(**changes)
        return entry
    raise ModerationError("The review queue is busy; please try again.")


def queue_for_approval(post: Post) -> QueueEntry:
    return _open_entry_for(post, Priority.OTHER, awaiting_approval=True)


def raise_automatic_flag(
    post: Post, reason: str, note: str = "", *, priority: int | None = None, alert: bool = True
) -> Flag:
    """A flag raised by the safeguards (no member raised it). PRIORITY: the queue position, when
    the detector knows better than the reason's own (an urgent crisis). ALERT=False: a crisis flag
    that emails nobody (a tentative concern)."""
    entry = _open_entry_for(post, FlagReason(reason).priority if priority is None else priority)
    flag = Flag.objects.create(post=post, entry=entry, flagged_by=None, reason=reason, note=note)
    if reason == FlagReason.CRISIS and alert:
        alert_moderators_about_crisis(flag)
    return flag


@transaction.atomic
def flag_post(post: Post, member: User, reason: str, note: str = "") -> Flag:
    """MEMBER reports POST. Hides it from members once enough members have (hours.auto_hide_threshold)."""
    if post.author_id == member.pk:
        raise ModerationError("You can't flag your own post.")
    entry = _open_entry_for(post, FlagReason(reason).priority)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(post=post, entry=entry, flagged_by=member, reason=reason, note=note)
    except IntegrityError:
        raise ModerationError("You have already flagged this post; moderators will look at it.") from None
    if reason == FlagReason.CRISIS:
        alert_moderators_about_crisis(flag)
    flaggers = Flag.objects.filter(post=post, status=Flag.Status.OPEN, flagged_by__isnull=False).count()
    if flaggers >= hours.auto_hide_threshold() and post.state == Post.State.PUBLISHED:
        post.thread = Thread.objects.get(pk=post.thread_id)
        forum_services.set_post_state(post, Post.State.AUTO_HIDDEN)
    return flag


def alert_moderators_about_crisis(flag: Flag) -> None:
    """Email moderators, once the transaction commits, about a new crisis item (an automatic crisis
    flag or a "may be at risk" report): the first crisis flag on its queue entry that is emailed
    (Flag.alerted_moderators; a tentative automatic flag is not, so a member's report after it is).

    Outside moderation hours the on-call moderators are emailed at once, whatever
    HAVEN_EMAIL_MODERATORS_ON_CRISIS says; in hours, only when that setting is on. If every
    moderator has stepped off shift, all of them are emailed: a crisis must reach someone.
    """
    off_hours = not hours.is_staffed()
    if not (off_hours or settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS):
        return
    earlier = Flag.objects.filter(entry_id=flag.entry_id, reason=FlagReason.CRISIS, alerted_moderators=True)
    if earlier.exclude(pk=flag.pk).exists():
        return  # moderators were already emailed about this item
    Flag.objects.filter(pk=flag.pk).update(alerted_moderators=True)
    circle = (
        Post.objects.filter(pk=flag.post_id).values_list("thread__category__circle_id", flat=True).first()
    )
    transaction.on_commit(lambda: _email_moderators_about_crisis(off_hours=off_hours, circle=circle))


def _email_moderators_about_crisis(
    *,
    off_hours: bool,
    circle: int | None = None,
    about: str = "A post",
    page: str = "moderation:crisis_queue",
) -> None:
    """A post in a circle goes to that circle's moderators, the only ones who can see it; a circle
    with no moderator of its own who can act is the site's moderators' (Circle.objects.without_moderators)."""
    if circle is not None and not Circle.objects.without_moderators().filter(pk=circle).exists():
        recipients = list(
            CircleMembership.objects.active()
            .filter(circle_id=circle, role=CircleMembership.Role.MODERATOR, member__is_active=True)
            .values_list("member__email", flat=True)
        )
    else:
        recipients = list(hours.on_call_moderators().values_list("email", flat=True))
        if not recipients:  # everyone has stepped off shift: a crisis must reach someone
            recipients = list(
                User.objects.filter(is_moderator=True, is_active=True, is_deleted_account=False).values_list(
                    "email", flat=True
                )
            )
    recipients = [
        address for address in recipients if address
    ]  # members from an identity provider may have none
    if not recipients:
        return
    why = (
        "It is outside moderation hours and you are on call, so this comes to you straight away."
        if off_hours
        else "It is at the top of the moderation queue."
    )
    # No post content in the email: it may be sensitive, and email is not a private channel.
    send_mail(
        "[Haven] A member may need a crisis check",
        f"{about} has been flagged as a possible crisis. {why} Please look at it soon:\n\n"
        f"{settings.HAVEN_SITE_URL}{reverse(page)}",
        None,
        recipients,
    )


def alert_moderators_about_message_crisis(report: ConversationReport) -> None:
    """A crisis match in a private message (conversations/safeguards.py's hook): email moderators
    by the same rules as for a post (alert_moderators_about_crisis). Site moderators only: a
    conversation belongs to no circle."""
    off_hours = not hours.is_staffed()
    if off_hours or settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS:
        transaction.on_commit(
            lambda: _email_moderators_about_crisis(
                off_hours=off_hours, about="A private message", page="moderation:queue"
            )
        )


@transaction.atomic
def close_conversation_report(
    report: ConversationReport,
    moderator: User,
    outcome: str,
    note: str = "",
    *,
    referral: ReferralEntry | None = None,
    referral_message: str = "",
) -> None:
    """Close a report about a private conversation with what was done, in the audit log. A possible
    crisis closes only with a CrisisOutcome (as a post's does) and, escalated, may send the
    message's writer a private note pointing to REFERRAL, as close_crisis_entry does."""
    if report.is_crisis:
        outcome, note = _checked_outcome(outcome, note)
    elif outcome not in ConversationOutcome.values:
        raise ModerationError("Please choose what was done.")
    _check_referral(referral, outcome)
    try:
        closed = conversation_services.close_report(report, moderator, outcome, note.strip())
    except ValueError:
        raise ModerationError("This report was already closed by another moderator.") from None
    after: dict[str, object] = {"outcome": outcome}
    if referral is not None:
        after |= _send_referral_note(closed.about, referral, referral_message)
    _record(moderator, Kind.CLOSE_CONVERSATION_REPORT, note.strip() or outcome, member=closed.about,
            before={"report": closed.pk, "kind": closed.kind}, after=after)  # fmt: skip


def _resolve(
    entry: QueueEntry,
    moderator: User,
    resolution: str,
    flag_status: str,
    outcome: str = "",
    outcome_note: str = "",
) -> QueueEntry:
    """Lock ENTRY and close it, or raise AlreadyHandled if someone else got there first.

    A possible crisis closes only with an OUTCOME (a CrisisOutcome; "escalated" needs a note)."""
    locked = QueueEntry.objects.select_for_update(of=("self",)).select_related("resolved_by").get(pk=entry.pk)
    if not locked.is_open:
        raise AlreadyHandled(locked)
    if locked.is_crisis:
        locked.crisis_outcome, locked.crisis_note = _checked_outcome(outcome, outcome_note)
    locked.resolved_at = timezone.now()
    locked.resolved_by = moderator
    locked.resolution = resolution
    locked.save(update_fields=["resolved_at", "resolved_by", "resolution", "crisis_outcome", "crisis_note"])
    locked.flags.filter(status=Flag.Status.OPEN).update(status=flag_status)
    return locked


def _checked_outcome(outcome: str, note: str) -> tuple[str, str]:
    if outcome not in CrisisOutcome.values:
        raise ModerationError(
            "This member may be at risk: record what was done for them (the outcome) to close this item."
        )
    note = note.strip()
    if outcome == CrisisOutcome.ESCALATED and not note:
        raise ModerationError("Please note who or what this was escalated to.")
    return outcome, note


def _outcome_of(entry: QueueEntry) -> dict:
    """The crisis outcome for the audit entry of the action that closed ENTRY (empty otherwise)."""
    if not entry.crisis_outcome:
        return {}
    return {"crisis_outcome": entry.crisis_outcome, "crisis_note": entry.crisis_note}


def _author_on_record(post: Post | None = None, *, thread: Thread | None = None) -> User | None:
    """Whom the audit log names for an action on POST (or THREAD): its author, unless it was
    written anonymously. An anonymous post's entry names only the post, so no moderator learns its
    author from the log, a member's history or their count of earlier actions; revealing the
    author (reveal_author: a reason and the password again) is the one way to learn who it was."""
    subject = post if post is not None else thread
    if subject is None:
        raise ValueError("An action is on a post or a thread.")
    return None if subject.is_anonymous else subject.author


def _record(actor, kind, reason, *, member=None, post=None, thread=None, entry=None, before=None, after=None):
    return ModerationAction.objects.create(
        actor=actor,
        kind=kind,
        reason=reason,
        member=member,
        post=post,
        thread=thread,
        entry=entry,
        before=before or {},
        after=after or {},
    )


def _post_of(entry: QueueEntry) -> Post:
    if entry.post_id is None:
        raise ValueError(f"Queue entry {entry.pk} is about no post.")
    return Post.objects.select_related("thread", "author").get(pk=entry.post_id)


# --- Actions on a post's queue entry --------------------------------------------------------------


@transaction.atomic
def approve(
    entry: QueueEntry, moderator: User, reason: str, *, outcome: str = "", outcome_note: str = ""
) -> None:
    """Keep the post: publish it if it waited for approval or was hidden by flags; dismiss flags.

    The audit log says which it was: approving a waiting post (Kind.APPROVE), or dismissing the
    flags on a published or flag-hidden one (Kind.DISMISS_FLAGS); only the first counts as a
    post of the member's approved."""
    waiting = _post_of(entry).state == Post.State.PENDING
    kind = Kind.APPROVE if waiting else Kind.DISMISS_FLAGS
    entry = _resolve(entry, moderator, kind, Flag.Status.DISMISSED, outcome, outcome_note)
    post = _post_of(entry)
    before = {"state": post.state}
    _keep(post)
    _record(moderator, kind, reason, member=_author_on_record(post), post=post, thread=post.thread, entry=entry,
            before=before, after={"state": post.state, **_outcome_of(entry)})  # fmt: skip


def dismiss_flags(
    entry: QueueEntry, moderator: User, reason: str, *, outcome: str = "", outcome_note: str = ""
) -> None:
    """The flags on a published post don't hold: keep it and dismiss them (restoring it if the
    flags had hidden it). The same decision as `approve`, which records what it was."""
    approve(entry, moderator, reason, outcome=outcome, outcome_note=outcome_note)


def _keep(post: Post) -> None:
    """Publish POST if it waited for approval or was hidden by flags (telling a waiting author)."""
    was_pending = post.state == Post.State.PENDING
    if post.state in (Post.State.PENDING, Post.State.AUTO_HIDDEN):
        forum_services.set_post_state(post, Post.State.PUBLISHED)
    if was_pending and post.author is not None:
        _trust_if_enough_approved(post.author)
        notify_moderation(
            post.author, f"Your post in “{post.thread.title}” has been approved and is now published.",
            reverse("forum:post", args=[post.pk]),
        )  # fmt: skip


@transaction.atomic
def close_crisis_entry(
    entry: QueueEntry,
    moderator: User,
    outcome: str,
    note: str = "",
    *,
    referral: ReferralEntry | None = None,
    referral_message: str = "",
) -> None:
    """Close a possible crisis with what was done for the member, keeping the post as with approve.

    Escalated, it may also send the post's author a private note pointing to REFERRAL (with the
    moderator's REFERRAL_MESSAGE, optional): the audit entry records which entry was sent. An
    anonymous author gets the note while the log still names only the post.
    (To hide, edit or delete the post instead, use those actions: they take the outcome too.)"""
    if not entry.is_crisis:
        raise ModerationError("This item is not a possible crisis; use the other actions.")
    _check_referral(referral, outcome)
    flag_status = Flag.Status.DISMISSED if outcome == CrisisOutcome.NO_ACTION else Flag.Status.UPHELD
    entry = _resolve(entry, moderator, Kind.CLOSE_CRISIS, flag_status, outcome, note)
    post = _post_of(entry)
    before = {"state": post.state}
    _keep(post)
    after = {"state": post.state, **_outcome_of(entry)}
    if referral is not None:
        if post.author is None:
            raise ModerationError("This post's author no longer has an account, so no note can reach them.")
        after |= _send_referral_note(post.author, referral, referral_message)
    reason = entry.crisis_note or entry.get_crisis_outcome_display()
    _record(moderator, Kind.CLOSE_CRISIS, reason, member=_author_on_record(post), post=post, thread=post.thread, entry=entry,
            before=before, after=after)  # fmt: skip


REFERRAL_MESSAGE_LENGTH = 200


def referral_note(referral: ReferralEntry, message: str = "") -> str:
    """The private note a member gets pointing to REFERRAL: fixed, kind words, then the
    moderator's MESSAGE if any. It names no post: the member knows what they wrote."""
    how = " ".join(part for part in (referral.phone and f"Call {referral.phone}.", referral.url) if part)
    text = (
        "A note from the moderators: we read what you shared and we're glad you did. You don't have "
        f"to carry this alone. {referral.name} may be able to help. {how}".strip()
    )
    message = " ".join(message.split())[:REFERRAL_MESSAGE_LENGTH]
    return f"{text} {message}" if message else text


def _check_referral(referral: ReferralEntry | None, outcome: str) -> None:
    if referral is not None and outcome != CrisisOutcome.ESCALATED:
        raise ModerationError("A note pointing to a service goes with the outcome “escalated”.")


def _send_referral_note(member: User, referral: ReferralEntry, message: str) -> dict[str, object]:
    """Send MEMBER the note; returns what the audit entry of the close records about it."""
    if member.is_deleted_account:
        raise ModerationError("This member no longer has an account, so no note can reach them.")
    notify(
        member,
        Notification.Kind.MODERATION,  # kept in the site even during a break, like moderation notices
        referral_note(referral, message),
        url=f"{reverse('forum:crisis')}#referral-{referral.pk}",
        private=True,  # emailed as a pointer only: the note stays in the site
    )
    # Flat values, as the audit log page lists them: the name as sent, and which entry it was.
    return {"referral_sent": referral.name, "referral_id": referral.pk}


def _trust_if_enough_approved(author: User) -> None:
    published = Post.objects.filter(author=author, state=Post.State.PUBLISHED).count()
    if published >= settings.HAVEN_PREMODERATE_FIRST_POSTS:
        User.objects.filter(pk=author.pk).update(is_trusted=True)


@transaction.atomic
def hide_post(
    entry: QueueEntry, moderator: User, reason: str, *, outcome: str = "", outcome_note: str = ""
) -> None:
    """Hide the post from members; its author sees it with the reason and may appeal once."""
    entry = _resolve(entry, moderator, Kind.HIDE, Flag.Status.UPHELD, outcome, outcome_note)
    post = _post_of(entry)
    before = {"state": post.state}
    forum_services.set_post_state(post, Post.State.HIDDEN, hidden_reason=reason)
    if post.author_id:
        notify_moderation(
            post.author,
            f"A moderator hid your post in “{post.thread.title}”: {reason}",
            reverse("forum:post", args=[post.pk]),
        )
    _record(moderator, Kind.HIDE, reason, member=_author_on_record(post), post=post, thread=post.thread, entry=entry,
            before=before, after={"state": post.state, "hidden_reason": reason, **_outcome_of(entry)})  # fmt: skip


@transaction.atomic
def redact_post(
    entry: QueueEntry, moderator: User, body: str, reason: str, *, outcome: str = "", outcome_note: str = ""
) -> None:
    """Edit the post (the revision trail keeps the original; members see "edited by a moderator").
    This is how method detail is taken out of a crisis post while the rest stays."""
    entry = _resolve(entry, moderator, Kind.EDIT, Flag.Status.UPHELD, outcome, outcome_note)
    post = _post_of(entry)
    before = {"body": post.body, "state": post.state}
    forum_services.edit_post(post=post, editor=moderator, body=body)
    if post.state in (Post.State.PENDING, Post.State.AUTO_HIDDEN):
        forum_services.set_post_state(post, Post.State.PUBLISHED)
    if post.author_id:
        notify_moderation(
            post.author,
            f"A moderator edited your post in “{post.thread.title}”: {reason}",
            reverse("forum:post", args=[post.pk]),
        )
    _record(moderator, Kind.EDIT, reason, member=_author_on_record(post), post=post, thread=post.thread, entry=entry,
            before=before, after={"body": post.body, "state": post.state, **_outcome_of(entry)})  # fmt: skip


@transaction.atomic
def delete_post(
    entry: QueueEntry, moderator: User, reason: str, *, outcome: str = "", outcome_note: str = ""
) -> None:
    entry = _resolve(entry, moderator, Kind.DELETE, Flag.Status.UPHELD, outcome, outcome_note)
    post = _post_of(entry)
    forum_services.delete_post(post=post, by_moderator=True)
    if post.author_id:
        notify_moderation(post.author, f"A moderator removed your post in “{post.thread.title}”: {reason}")
    _record(moderator, Kind.DELETE, reason, member=_author_on_record(post), post=post, thread=post.thread, entry=entry,
            before={"is_deleted": False}, after={"is_deleted": True, **_outcome_of(entry)})  # fmt: skip


# --- Actions on threads and members ---------------------------------------------------------------


@transaction.atomic
def set_thread_locked(
    thread: Thread, moderator: User, locked: bool, reason: str, entry: QueueEntry | None = None
) -> None:
    if not forum_services.set_thread_locked(thread, locked):
        raise ModerationError("This thread is already locked." if locked else "This thread is not locked.")
    _record(moderator, Kind.LOCK if locked else Kind.UNLOCK, reason, member=_author_on_record(thread=thread), thread=thread,
            entry=entry, before={"is_locked": not locked}, after={"is_locked": locked})  # fmt: skip


@transaction.atomic
def move_thread(
    thread: Thread, moderator: User, category: Category, reason: str, entry: QueueEntry | None = None
) -> None:
    thread = Thread.objects.select_for_update().select_related("category").get(pk=thread.pk)
    if thread.category_id == category.pk:
        raise ModerationError(f"This thread is already in {category.name}.")
    if thread.category.circle_id != category.circle_id:
        # Moving a thread into or out of a circle would change who may read it.
        raise ModerationError("A thread moves only between categories of the same circle, or of the site.")
    before = {"category": thread.category.name}
    forum_services.move_thread(thread, category)
    _record(moderator, Kind.MOVE, reason, member=_author_on_record(thread=thread), thread=thread, entry=entry,
            before=before, after={"category": category.name})  # fmt: skip


@transaction.atomic
def warn_member(member: User, moderator: User, reason: str) -> None:
    """Send MEMBER a message from the moderators (from their member page)."""
    notify_moderation(member, f"A message from the moderators: {reason}", reverse("forum:guidelines"))
    _record(moderator, Kind.WARN, reason, member=member)


@transaction.atomic
def warn_author(entry: QueueEntry, moderator: User, reason: str) -> None:
    """Send the author of ENTRY's post a message from the moderators; an anonymous author is
    warned without the log naming them."""
    post = _post_of(entry)
    if post.author is None:
        raise ModerationError("This post's author no longer has an account.")
    notify_moderation(post.author, f"A message from the moderators: {reason}", reverse("forum:guidelines"))
    _record(
        moderator,
        Kind.WARN,
        reason,
        member=_author_on_record(post),
        post=post,
        thread=post.thread,
        entry=entry,
    )


@transaction.atomic
def suspend_member(
    member: User, moderator: User, reason: str, days: int | None, entry: QueueEntry | None = None
) -> Suspension:
    """Suspend MEMBER for DAYS (None: indefinitely). They can still read, but not write."""
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.pk == moderator.pk:
        raise ModerationError("You can't suspend yourself.")
    now = timezone.now()
    ends_at = now + timedelta(days=days) if days else None
    until = ends_at or now.replace(year=INDEFINITE_YEAR)
    suspended_until = member.suspended_until if member.is_suspended else None
    before = {"suspended_until": suspended_until.isoformat() if suspended_until else None}
    Suspension.objects.filter(member=member, lifted_at__isnull=True).update(
        lifted_at=now, lifted_by=moderator
    )
    suspension = Suspension.objects.create(
        member=member, suspended_by=moderator, reason=reason, starts_at=now, ends_at=ends_at
    )
    User.objects.filter(pk=member.pk).update(suspended_until=until)
    ends = f"until {ends_at:%-d %B %Y, %H:%M} UTC" if ends_at else "indefinitely"
    notify_moderation(
        member, f"Your account is suspended {ends}: {reason}", reverse("moderation:my_suspension")
    )
    _record(moderator, Kind.SUSPEND, reason, member=member, entry=entry, before=before,
            after={"suspended_until": ends_at.isoformat() if ends_at else "indefinite"})  # fmt: skip
    return suspension


@transaction.atomic
def lift_suspension(member: User, moderator: User, reason: str, entry: QueueEntry | None = None) -> None:
    member = User.objects.select_for_update().get(pk=member.pk)
    if not member.is_suspended:
        raise ModerationError(f"{member.display_name} is not suspended.")
    now = timezone.now()
    Suspension.objects.filter(member=member, lifted_at__isnull=True).update(
        lifted_at=now, lifted_by=moderator
    )
    before = {"suspended_until": member.suspended_until.isoformat() if member.suspended_until else None}
    User.objects.filter(pk=member.pk).update(suspended_until=None)
    notify_moderation(member, "Your suspension has been lifted. Welcome back.")
    _record(moderator, Kind.LIFT_SUSPENSION, reason, member=member, entry=entry, before=before,
            after={"suspended_until": None})  # fmt: skip


def current_suspension(member: User) -> Suspension | None:
    if not member.is_suspended:
        return None
    return Suspension.objects.filter(member=member, lifted_at__isnull=True).order_by("-starts_at").first()


# --- Appeals --------------------------------------------------------------------------------------


@transaction.atomic
def appeal_hidden_post(post: Post, member: User, message: str) -> Appeal:
    if post.author_id != member.pk or post.state != Post.State.HIDDEN:
        raise ModerationError("Only the author of a hidden post can appeal it.")
    return _appeal(member, message, post=post)


@transaction.atomic
def appeal_suspension(suspension: Suspension, member: User, message: str) -> Appeal:
    if suspension.member_id != member.pk or not suspension.is_active:
        raise ModerationError("Only a suspended member can appeal their suspension.")
    return _appeal(member, message, suspension=suspension)


def _appeal(member: User, message: str, **subject: object) -> Appeal:
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(member=member, message=message, **subject)
    except IntegrityError:
        raise ModerationError("You have already appealed this decision. A moderator will reply.") from None
    QueueEntry.objects.create(kind=QueueEntry.Kind.APPEAL, appeal=appeal, priority=Priority.OTHER)
    return appeal


@transaction.atomic
def decide_appeal(entry: QueueEntry, moderator: User, *, overturn: bool, reason: str) -> None:
    """Uphold the decision, or overturn it: publish the hidden post, or lift the suspension."""
    kind = Kind.APPEAL_OVERTURNED if overturn else Kind.APPEAL_UPHELD
    entry = _resolve(entry, moderator, kind, Flag.Status.DISMISSED)
    if entry.appeal_id is None:
        raise ValueError(f"Queue entry {entry.pk} is not an appeal.")
    appeal = Appeal.objects.select_related("post__thread", "suspension").get(pk=entry.appeal_id)
    Appeal.objects.filter(pk=appeal.pk).update(
        outcome=Appeal.Outcome.OVERTURNED if overturn else Appeal.Outcome.UPHELD, decided_at=timezone.now()
    )
    if overturn and appeal.post is not None:
        forum_services.set_post_state(appeal.post, Post.State.PUBLISHED)
    if overturn and appeal.suspension_id and appeal.member.is_suspended:
        lift_suspension(appeal.member, moderator, f"Appeal overturned: {reason}", entry=entry)
    outcome = "overturned" if overturn else "upheld"
    notify_moderation(appeal.member, f"Your appeal was reviewed and the decision {outcome}: {reason}")
    member = _author_on_record(appeal.post) if appeal.post_id else appeal.member
    _record(moderator, kind, reason, member=member, post=appeal.post, entry=entry)


@transaction.atomic
def reveal_author(entry: QueueEntry, moderator: User, reason: str) -> User | None:
    """Tell moderators who wrote an anonymous post under review; recorded with the reason."""
    post = _post_of(entry)
    if not post.is_anonymous:
        raise ModerationError("This post isn't anonymous.")
    _record(moderator, Kind.REVEAL_AUTHOR, reason, member=post.author, post=post, thread=post.thread, entry=entry,
            after={"author": post.author.display_name if post.author else "Former member"})  # fmt: skip
    return post.author


def is_author_revealed(post: Post) -> bool:
    return ModerationAction.objects.filter(kind=Kind.REVEAL_AUTHOR, post=post).exists()


# --- Verification ---------------------------------------------------------------------------------


@transaction.atomic
def decide_verification(
    application: VerificationApplication, moderator: User, *, approve: bool, reason: str
) -> VerificationApplication:
    """Approve or decline a verification application, and delete its evidence.

    In the same transaction the licence number and issuing body are blanked (the document file
    is deleted once it commits), so only the decision, role, dates and reviewer remain. Approval
    gives the member the badge "Verified: ROLE". The audit-log entry names the role and the
    decision, never the evidence; the member is told the outcome and the reason.
    """
    application = (
        VerificationApplication.objects.select_for_update(of=("self",))
        .select_related("member", "reviewer")
        .get(pk=application.pk)
    )
    if not application.is_pending:
        who = application.reviewer.display_name if application.reviewer else "another moderator"
        raise ModerationError(
            f"This application was already {application.get_status_display().lower()} by {who}."
        )
    if application.member_id == moderator.pk:
        raise ModerationError("Another moderator needs to decide your own application.")
    member, role = application.member, application.get_role_display()
    now = timezone.now()
    application.status = (
        VerificationApplication.Status.APPROVED if approve else VerificationApplication.Status.DECLINED
    )
    application.reason = reason
    application.reviewer = moderator
    application.decided_at = now
    application.discard_evidence()
    application.save(
        update_fields=[
            "status",
            "reason",
            "reviewer",
            "decided_at",
            "licence_number",
            "issuing_body",
            "document",
        ]
    )
    before = {"verified_as": member.verified_label or None}
    if approve:
        User.objects.filter(pk=member.pk).update(verified_role=application.role, verified_at=now)
        member.verified_role, member.verified_at = application.role, now
        message = f"You're verified: your posts now show “Verified: {role}” beside your name. Moderator's note: {reason}"
    else:
        message = f"Your application to be verified as {role} was declined: {reason}"
    notify_moderation(member, message, reverse("accounts:verification"))
    _record(moderator, Kind.APPROVE_VERIFICATION if approve else Kind.DECLINE_VERIFICATION, reason,
            member=member, before=before, after={"verified_as": member.verified_label or None,
                                                 "application": application.get_status_display()})  # fmt: skip
    return application


def member_history(member: User, *, viewer: User, limit: int = 10) -> QuerySet[ModerationAction]:
    """The actions taken about MEMBER that VIEWER may read (ModerationAction.objects.seen_by: none
    about posts in circles they don't moderate)."""
    return ModerationAction.objects.seen_by(viewer).filter(member=member).select_related("actor")[:limit]


# --- Moderators' own wellbeing (private: not in the audit log) -------------------------------------


def record_exposure(moderator: User, entry: QueueEntry) -> bool:
    """MODERATOR chose to look at ENTRY's distressing post; counted once per item. True if new."""
    _exposure, created = Exposure.objects.get_or_create(
        moderator=moderator, entry=entry, defaults={"day": wellbeing.moderators_day(moderator)}
    )
    return created


def record_message_exposure(moderator: User, report: ConversationReport) -> bool:
    """MODERATOR chose to look at the message of REPORT, a possible crisis in a private message;
    counted once per moderator per report, toward the same daily total as posts. A member's report
    is never blurred, so looking at it counts nothing. True if newly counted."""
    if not wellbeing.is_distressing_report(report):
        return False
    _exposure, created = Exposure.objects.get_or_create(
        moderator=moderator, conversation_report=report, defaults={"day": wellbeing.moderators_day(moderator)}
    )
    return created


def set_on_shift(moderator: User, on_shift: bool) -> None:
    """Step on or off shift; the on-call list for crisis emails follows (hours.on_call_moderators)."""
    if on_shift:
        OffShift.objects.filter(moderator=moderator).delete()
    else:
        OffShift.objects.get_or_create(moderator=moderator)
