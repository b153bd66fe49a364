"""The one hook through which moderation hears of a possible crisis in a private message, so that
conversations never imports moderation (moderation sits above it and reads its reports).

The detectors themselves are forum's hook (forum/safeguards.py `screen_draft` and
`find_identifying_details`): the same entry point every post meets. What this module adds is
`crisis_in_message(report)`, which moderation registers when it loads (moderation/apps.py) to email
the on-call moderators as it does for a crisis in a post. Until it has, it refuses to run.
"""

from collections.abc import Callable


class SafeguardsNotRegistered(RuntimeError):
    """A message was screened before moderation registered its alert (is it installed?)."""


def _not_registered(*args, **kwargs):
    raise SafeguardsNotRegistered("No crisis alert is registered: moderation must be in INSTALLED_APPS.")


crisis_in_message: Callable = _not_registered


def register(*, crisis_alert: Callable) -> None:
    """Called by moderation once: CRISIS_ALERT(report) tells moderators about a new crisis report."""
    global crisis_in_message
    crisis_in_message = crisis_alert
