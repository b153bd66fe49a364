"""Every peer-support write: granting and revoking the role, asking for a peer, taking a waiting
thread on and handing it back, stepping back for a while, what a peer supporter's reply closes,
and the unanswered-post watch's messages (the author's one kind notice, members' daily nudges).

Granting, revoking, taking on and handing back are written to the moderation audit log
(ModerationAction), as moderators' actions are; an anonymous thread's entries name only the
thread, never its author. Taking a thread on locks the thread's row, so that two supporters who
press at once get one claim and one "already being answered".
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import INDEFINITE_YEAR, Block, User
from forum.models import Notification, Post, Thread
from forum.mute import reader_filter
from forum.notifications import in_quiet_hours, notify, notify_moderation, unsubscribe_token
from moderation import peer_selectors
from moderation.models import ModerationAction, PeerClaim, PeerRequest, PeerSupporter, WaitingNotice
from moderation.permissions import can_ask_for_peer, can_take_on_threads

Kind = ModerationAction.Kind


class PeerSupportError(Exception):
    """A request that cannot be carried out; the message says why, in words for the member."""


def _record(actor: User, kind: str, reason: str, *, member: User | None = None,
            thread: Thread | None = None, before: dict | None = None, after: dict | None = None) -> None:  # fmt: skip
    ModerationAction.objects.create(
        actor=actor, kind=kind, reason=reason, member=member, thread=thread,
        before=before or {}, after=after or {},
    )  # fmt: skip


def _author_on_record(thread: Thread) -> User | None:
    return None if thread.is_anonymous else thread.author


# --- The role -------------------------------------------------------------------------------------


@transaction.atomic
def grant_peer_supporter(member: User, moderator: User, *, trained_on: date, course: str) -> PeerSupporter:
    """Make MEMBER a peer supporter after their training (its date and course name, nothing else)."""
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.is_peer_supporter:
        raise PeerSupportError(f"{member.display_name} is already a peer supporter.")
    if not member.is_active or member.is_deleted_account:
        raise PeerSupportError("Only an active member can be a peer supporter.")
    course = course.strip()
    if not course:
        raise PeerSupportError("Please give the name of the training course.")
    if trained_on > timezone.localdate():
        raise PeerSupportError("The training date can't be in the future.")
    role, _created = PeerSupporter.objects.update_or_create(
        member=member,
        defaults={
            "trained_on": trained_on, "course": course, "granted_by": moderator,
            "granted_at": timezone.now(), "revoked_at": None, "away_until": None,
        },
    )  # fmt: skip
    User.objects.filter(pk=member.pk).update(is_peer_supporter=True)
    notify_moderation(
        member,
        "You're now a peer supporter: a “Peer supporter” mark shows beside your name, and you can "
        "see the threads waiting for a reply.",
        reverse("peers:waiting"),
    )
    _record(moderator, Kind.GRANT_PEER_SUPPORT, f"Trained on {trained_on:%-d %B %Y}: {course}", member=member,
            before={"peer_supporter": False},
            after={"peer_supporter": True, "trained_on": trained_on.isoformat(), "course": course})  # fmt: skip
    return role


@transaction.atomic
def revoke_peer_supporter(member: User, moderator: User, reason: str) -> None:
    """End MEMBER's peer-supporter role; their open claims end with it."""
    member = User.objects.select_for_update().get(pk=member.pk)
    if not member.is_peer_supporter:
        raise PeerSupportError(f"{member.display_name} is not a peer supporter.")
    now = timezone.now()
    PeerSupporter.objects.filter(member=member).update(revoked_at=now)
    User.objects.filter(pk=member.pk).update(is_peer_supporter=False)
    PeerClaim.objects.filter(supporter=member, ended_at__isnull=True).update(
        ended_at=now, outcome=PeerClaim.Outcome.RELEASED
    )
    notify_moderation(member, f"Your peer-supporter role has ended: {reason}")
    _record(moderator, Kind.REVOKE_PEER_SUPPORT, reason, member=member,
            before={"peer_supporter": True}, after={"peer_supporter": False})  # fmt: skip


def step_back(supporter: User, days: int | None) -> None:
    """SUPPORTER steps back for DAYS (None: until they return): not counted as available and not
    taking threads on. Private, like a moderator's shift: not in the audit log."""
    away_until = (
        timezone.now() + timedelta(days=days) if days else timezone.now().replace(year=INDEFINITE_YEAR)
    )
    if not PeerSupporter.objects.active().filter(member=supporter).update(away_until=away_until):
        raise PeerSupportError("Only peer supporters can step back.")


def step_in(supporter: User) -> None:
    PeerSupporter.objects.active().filter(member=supporter).update(away_until=None)


# --- Asking for a peer, taking a thread on --------------------------------------------------------


@transaction.atomic
def ask_for_peer(thread: Thread, member: User) -> PeerRequest:
    """The thread's author asks for a peer supporter: it goes to the top of the waiting list."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not can_ask_for_peer(member, thread):
        raise PeerSupportError("Only the person who started this thread can ask for a peer supporter.")
    existing = peer_selectors.open_peer_request(thread)
    if existing is not None:
        raise PeerSupportError("You've already asked; a peer supporter will reply here as soon as they can.")
    return PeerRequest.objects.create(thread=thread)


def _lock_open_claim(thread: Thread, now: datetime) -> PeerClaim | None:
    """Lock THREAD and return its open claim, ending it first if it has lapsed."""
    Thread.objects.select_for_update().filter(pk=thread.pk).first()
    claim = (
        PeerClaim.objects.select_for_update(of=("self",))
        .select_related("supporter")
        .filter(thread=thread, ended_at__isnull=True)
        .first()
    )
    if claim is not None and claim.claimed_at <= peer_selectors.claim_deadline(now):
        lapsed_at = claim.claimed_at + timedelta(minutes=settings.HAVEN_PEER_CLAIM_MINUTES)
        PeerClaim.objects.filter(pk=claim.pk).update(ended_at=lapsed_at, outcome=PeerClaim.Outcome.LAPSED)
        return None
    return claim


@transaction.atomic
def claim_thread(thread: Thread, supporter: User) -> PeerClaim:
    """SUPPORTER takes on a waiting thread, so other supporters see it is being answered."""
    now = timezone.now()
    if not can_take_on_threads(supporter):
        raise PeerSupportError("Only peer supporters who haven't stepped back can take threads on.")
    claim = _lock_open_claim(thread, now)
    if claim is not None:
        if claim.supporter_id == supporter.pk:
            raise PeerSupportError("You've already taken this thread on.")
        raise PeerSupportError(f"{claim.supporter.display_name} is already answering this thread.")
    if not peer_selectors.is_waiting(thread, supporter, now):
        raise PeerSupportError("This thread isn't waiting for a reply any more.")
    thread = Thread.objects.select_related("author").get(pk=thread.pk)
    claim = PeerClaim.objects.create(
        thread=thread, supporter=supporter, claimed_at=now, day=peer_selectors.supporters_day(supporter, now)
    )
    _record(
        supporter,
        Kind.PEER_CLAIM,
        "Took on a waiting thread",
        member=_author_on_record(thread),
        thread=thread,
    )
    return claim


@transaction.atomic
def release_claim(thread: Thread, supporter: User) -> None:
    """SUPPORTER hands a thread they took on back to the waiting list."""
    claim = _lock_open_claim(thread, timezone.now())
    if claim is None or claim.supporter_id != supporter.pk:
        raise PeerSupportError("You haven't taken this thread on.")
    PeerClaim.objects.filter(pk=claim.pk).update(ended_at=timezone.now(), outcome=PeerClaim.Outcome.RELEASED)
    thread = Thread.objects.select_related("author").get(pk=thread.pk)
    _record(
        supporter, Kind.PEER_RELEASE, "Handed a thread back", member=_author_on_record(thread), thread=thread
    )


def peer_replied(post: Post) -> None:
    """A new reply by a peer supporter (called by the safeguards, in the transaction that saved it):
    it answers their claim on the thread and its open request for a peer, and the thread's author
    hears that a peer supporter replied."""
    author = post.author
    if author is None or not author.is_peer_supporter or post.position == 1 or not post.is_published:
        return
    thread = post.thread
    if thread.author_id == author.pk:
        return
    now = timezone.now()
    answered_claim = PeerClaim.objects.filter(thread=thread, supporter=author, ended_at__isnull=True).update(
        ended_at=now, outcome=PeerClaim.Outcome.ANSWERED
    )
    answered_request = PeerRequest.objects.filter(thread=thread, answered_at__isnull=True).update(
        answered_at=now, answered_by=author
    )
    if not (answered_claim or answered_request) or thread.author is None:
        return
    if Block.objects.filter(blocker_id=thread.author_id, blocked=author).exists():
        return  # they never hear from a member they blocked
    message = f"A peer supporter replied to your thread “{thread.title}”"
    # The author already heard of the reply as of any other (forum.notifications.post_published,
    # just before): that line now says who answered, rather than a second line for one reply.
    told = Notification.objects.filter(
        recipient_id=thread.author_id, post=post, kind=Notification.Kind.REPLY
    ).update(message=message)
    if not told:
        notify(
            thread.author,
            Notification.Kind.REPLY,
            message,
            url=reverse("forum:post", args=[post.pk]),
            post=post,
        )


# --- The watch's messages (manage.py watch_unanswered, hourly) --------------------------------------


def tell_waiting_authors(now: datetime | None = None) -> int:
    """Give each author whose thread has waited HAVEN_WAITING_AUTHOR_NOTICE_HOURS one kind notice,
    with resources and the offer of a peer supporter. Returns how many were told."""
    told = 0
    for thread in peer_selectors.threads_to_tell_authors_about(now):
        if thread.author is None or thread.author.is_on_break:
            continue  # told once they are back, if it is still waiting
        with transaction.atomic():
            _notice, created = WaitingNotice.objects.get_or_create(thread=thread)
            if not created:
                continue
            notify(
                thread.author,
                Notification.Kind.MODERATION,
                f"Some threads take a while to find their reader, and “{thread.title}” is one of them. "
                "If you'd like, a trained peer supporter can reply, and support is there any time.",
                url=reverse("peers:ask", args=[thread.pk]),
            )
            told += 1
    return told


def _nudge_due(member: User, now: datetime) -> bool:
    local = now.astimezone(member.zone)
    if local.hour < settings.HAVEN_DIGEST_HOUR or in_quiet_hours(member, now):
        return False
    last = member.last_waiting_nudge_at
    return last is None or last.astimezone(member.zone).date() < local.date()


def send_waiting_nudges(now: datetime | None = None) -> int:
    """Email each member who opted in, once a day after HAVEN_DIGEST_HOUR in their time (never in
    quiet hours or a break), up to three threads waiting in categories they follow; nothing when
    none is waiting. A thread whose title has one of their mute words or whose warning they hide
    is left out. Returns how many members were emailed."""
    now = now or timezone.now()
    members = User.objects.emailable().filter(waiting_nudge=True)
    sent = 0
    for member in members:
        if member.is_suspended or not _nudge_due(member, now):
            continue
        reader = reader_filter(member)
        threads = [
            thread
            for thread in peer_selectors.nudge_threads(member, now, limit=10)
            if not (reader.mutes_thread(thread) or reader.hides_thread_warning(thread))
        ][:3]
        if not threads:
            continue
        _send_nudge(member, threads)
        User.objects.filter(pk=member.pk).update(last_waiting_nudge_at=now)
        sent += 1
    return sent


def _send_nudge(member: User, threads: list[Thread]) -> None:
    assert member.email is not None  # chosen by send_waiting_nudges
    site = settings.HAVEN_SITE_URL
    unsubscribe = site + reverse("forum:unsubscribe", args=[unsubscribe_token(member)])
    lines = "\n".join(f"- {thread.title}\n  {site}{thread.get_absolute_url()}" for thread in threads)
    body = (
        f"Hello {member.display_name},\n\n"
        "These threads in categories you follow haven't had a reply yet. If one speaks to you, a few "
        "words can mean a lot; if not, that's fine too.\n\n"
        f"{lines}\n\n"
        f"Stop these emails in your preferences: {site}{reverse('accounts:preferences')}\n"
        f"Unsubscribe from all Haven emails with one click: {unsubscribe}\n"
    )
    EmailMessage(
        subject="[Haven] A few threads are waiting for a reply",
        body=body,
        to=[member.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()
