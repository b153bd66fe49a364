"""What happens, for safety, to every new or edited post (called by forum.services in the same
transaction): newcomers' posts (and, outside moderation hours, recent members' posts: see
moderation/hours.py) enter the approval queue; a possible crisis (moderation/crisis.py) raises an
automatic flag at the top of the queue, urgent ones above everything; a post that describes a
method in detail (moderation/method_detail.py) is flagged and given a content warning; and a post
whose author confirmed it holds no identifying details despite the warning raises a
confidentiality flag. Nothing here hides a post.

Before any of this, the composer (forum/forms.py) shows safe-messaging guidance when the same
detectors find something in a draft, and publishes once the member confirms.
"""

from dataclasses import dataclass, field

from forum import selectors as forum_selectors
from forum import services as forum_services
from forum.models import ContentWarning
from moderation import peer_services, services
from moderation.crisis import URGENT, CrisisScreen
from moderation.models import FlagReason, Priority
from moderation.safety import screen_text

METHOD_WARNING_NOTE = "describes a method"


@dataclass
class SafeguardReport:
    crisis: CrisisScreen = field(default_factory=CrisisScreen)
    method_details: list = field(default_factory=list)
    awaiting_approval: bool = False

    @property
    def shows_crisis_support(self) -> bool:
        return self.crisis.is_crisis


def _answered_text(post) -> str:
    """What POST replies to (forum.selectors.answered_text); the opening post answers nothing."""
    if post.position <= 1:
        return ""
    return forum_selectors.answered_text(post.thread, post.parent if post.parent_id else None)


def review_post(post, *, text: str, confirmed_no_identifying_details: bool) -> SafeguardReport:
    """Queue, flag and warn as POST's TEXT calls for (see the module docstring). Called inside the
    transaction that saved POST."""
    report = SafeguardReport(awaiting_approval=post.state == post.State.PENDING)
    if report.awaiting_approval:
        services.queue_for_approval(post)
    screening = screen_text(text, identifying=False, answering=lambda: _answered_text(post))
    report.crisis = screening.crisis
    # A new post that may mean its writer is at risk, or describes a method, is collapsed for the
    # readers who hide suicide and self-harm posts. Only when it is written: an author who later
    # changes or removes the warning keeps their choice.
    # A tentative finding (CrisisScreen.tentative) changes nothing readers see.
    is_new = post.edited_at is None
    if report.crisis.is_firm and is_new:
        forum_services.add_content_warning(post, ContentWarning.SUICIDE_SELF_HARM)
    if report.crisis.is_crisis:
        urgent = report.crisis.severity == URGENT
        services.raise_automatic_flag(
            post,
            FlagReason.CRISIS,
            note=report.crisis.summary(),
            priority=Priority.URGENT_CRISIS if urgent else Priority.CRISIS,
            # moderators are emailed (services.alert_moderators_about_crisis) unless it is only a
            # tentative concern: that waits in the crisis checks, so as not to wake the on-call
            # moderator for what is most likely an ordinary post. What may be urgent never waits.
            alert=urgent or not report.crisis.tentative,
        )
    report.method_details = screening.method_details
    if report.method_details:
        found = "; ".join(f"{detail.why}: “{detail.text}”" for detail in report.method_details)
        services.raise_automatic_flag(post, FlagReason.METHOD_DETAIL, note=f"Method detail ({found}).")
        if is_new:
            forum_services.add_content_warning(post, ContentWarning.SUICIDE_SELF_HARM, METHOD_WARNING_NOTE)
    if is_new:
        # Not a safeguard, but what a new reply means to peer support: a peer supporter's reply
        # answers their claim and the author's request, and the author hears of it.
        peer_services.peer_replied(post)
    if confirmed_no_identifying_details:
        services.raise_automatic_flag(
            post,
            FlagReason.CONFIDENTIALITY,
            note="The author confirmed this contains no identifying information after a warning.",
        )
    return report
