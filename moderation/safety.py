"""Screening a text for safety: the one entry point that the composer (forum/forms.py), the
safeguards on every saved post (moderation/safeguards.py), `manage.py screen_posts` and the
evaluation (`manage.py evaluate_safety`) all call, so that what moderators try on sample text is
exactly what the site does.

Three detectors, one module each: crisis risk (moderation/crisis.py), method detail
(moderation/method_detail.py) and details that could identify someone
(moderation/confidentiality.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from moderation import confidentiality, crisis, method_detail, risk_model


@dataclass(frozen=True)
class SafetyScreen:
    crisis: crisis.CrisisScreen
    method_details: list[method_detail.MethodDetail] = field(default_factory=list)
    identifying: list[confidentiality.Finding] = field(default_factory=list)

    @property
    def method_detail(self) -> bool:
        return bool(self.method_details)

    def as_json(self) -> dict:
        """The shape `manage.py screen_posts` writes, one object per text."""
        return {
            "crisis": self.crisis.is_crisis,
            "tentative": self.crisis.tentative,
            "severity": self.crisis.severity,
            "category": self.crisis.category,
            "crisis_matches": [
                {"category": match.category, "severity": match.severity, "text": match.text, "why": match.why}
                for match in self.crisis.matches
            ],
            "method_detail": self.method_detail,
            "method_matches": [{"text": found.text, "why": found.why} for found in self.method_details],
            "identifying": bool(self.identifying),
            "identifying_matches": [{"kind": found.kind, "text": found.text} for found in self.identifying],
        }


def screen_text(
    text: str,
    *,
    phrases: tuple | None = None,
    identifying: bool = True,
    answering: Callable[[], str] | None = None,
) -> SafetyScreen:
    """Run every detector over TEXT, reading it once for the crisis and method-detail checks.
    PHRASES: the admin's crisis phrases as (phrase, category) pairs, read from the database when
    not given (one query). IDENTIFYING=False leaves out the confidentiality guard, for callers
    that run it at their own step (the composer's confidentiality warning). ANSWERING: gives the
    text of the post TEXT replies to, called only when TEXT opens with "Same." or the like
    (crisis.opening_echo): then that post's crisis is TEXT's writer's too."""
    if phrases is None:
        phrases = crisis.active_phrases()  # once, for this text and any post it answers
    prepared = crisis.prepare(text)
    crisis_screen, method_details = risk_model.decide(
        prepared,
        crisis.screen(text, phrases=phrases, prepared=prepared),
        method_detail.find_method_detail(text, prepared=prepared),
    )
    if answering is not None and (echo := crisis.opening_echo(prepared)):
        # "Same. Every morning this month.": the crisis of the post it answers is its writer's too
        answered = screen_text(answering(), phrases=phrases, identifying=False).crisis
        crisis_screen = crisis.shared_with_the_answered(crisis_screen, echo, answered, prepared)
    return SafetyScreen(
        crisis=crisis_screen,
        method_details=method_details,
        identifying=confidentiality.find_identifying_details(text) if identifying else [],
    )
