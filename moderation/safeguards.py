"""What happens, for safety, to every new or edited post (called by forum.services in the same
transaction): newcomers' posts (and, outside moderation hours, recent members' posts: see
moderation/hours.py) enter the approval queue, crisis phrases raise an automatic flag at the top of
the queue, and a post whose author confirmed it holds no identifying details despite the warning
raises a confidentiality flag. Nothing here hides a post.

Before any of this, the composer (forum/forms.py) shows safe-messaging guidance when a draft
matches crisis phrases, and publishes once the member confirms.
"""

from dataclasses import dataclass, field

from moderation import crisis, services
from moderation.models import FlagReason


@dataclass
class SafeguardReport:
    crisis_phrases: list[str] = field(default_factory=list)
    awaiting_approval: bool = False

    @property
    def shows_crisis_support(self) -> bool:
        return bool(self.crisis_phrases)


def review_post(post, *, text: str, confirmed_no_identifying_details: bool) -> SafeguardReport:
    report = SafeguardReport(awaiting_approval=post.state == post.State.PENDING)
    if report.awaiting_approval:
        services.queue_for_approval(post)
    report.crisis_phrases = crisis.find_crisis_phrases(text)
    if report.crisis_phrases:
        services.raise_automatic_flag(
            post, FlagReason.CRISIS, note="Matched: " + ", ".join(f"“{p}”" for p in report.crisis_phrases)
        )  # which also alerts moderators (services.alert_moderators_about_crisis)
    if confirmed_no_identifying_details:
        services.raise_automatic_flag(
            post,
            FlagReason.CONFIDENTIALITY,
            note="The author confirmed this contains no identifying information after a warning.",
        )
    return report
