"""What happens, for safety, to every new or edited post (called by forum.services in the same
transaction): newcomers' posts enter the approval queue, crisis phrases raise an automatic flag at
the top of the queue, and a post whose author confirmed it holds no identifying details despite
the warning raises a confidentiality flag. Nothing here hides a post.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

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
        )
        if settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS:
            transaction.on_commit(lambda: _email_moderators_about_crisis(post))
    if confirmed_no_identifying_details:
        services.raise_automatic_flag(
            post,
            FlagReason.CONFIDENTIALITY,
            note="The author confirmed this contains no identifying information after a warning.",
        )
    return report


def _email_moderators_about_crisis(post) -> None:
    moderators = get_user_model().objects.filter(is_moderator=True, is_active=True)
    recipients = [moderator.email for moderator in moderators]
    if recipients:
        # No post content in the email: it may be sensitive, and email is not a private channel.
        send_mail(
            "[Haven] A post may need a crisis check",
            "An automatic crisis flag is at the top of the moderation queue. Please review it soon:\n\n"
            f"{settings.HAVEN_SITE_URL}{reverse('moderation:queue')}",
            None,
            recipients,
        )
