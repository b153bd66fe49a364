"""The one hook through which moderation takes part in forum, so that forum never imports
moderation (the apps are in layers: accounts, forum, moderation).

Every post that forum/services.py saves or edits passes `review_post` in the same transaction
(the approval queue, crisis and method-detail flags, content warnings), and `holds_posts_by` says
whether a member's posts wait for a moderator outside moderation hours. The composer checks a
draft with `screen_draft` (crisis risk and method detail, for the safe-messaging step) and
`find_identifying_details` (the confidentiality step): moderation's detectors, the same ones
every saved post meets. `moderators_back_at` and `describe_hours` say when moderators are on duty.
Moderation registers all of them when it loads (moderation/apps.py). Until it has, each refuses
to run: a post must never be saved, nor a draft pass, without its safeguards.
"""

from collections.abc import Callable

# What the author of a post or message sees once it is sent, when the detectors found a possible
# crisis, above the crisis resources: gentler when the finding is tentative (it may be nothing).
CRISIS_SUPPORT = (
    "It sounds like you may be carrying something very heavy right now. You don't have to carry it "
    "alone: please consider reaching out to one of these services today."
)
TENTATIVE_CRISIS_SUPPORT = (
    "If anything you wrote is weighing on you, you don't have to carry it alone: these services are "
    "there whenever you need them."
)


def crisis_support_message(crisis_screen) -> str:
    """The words for CRISIS_SCREEN (moderation.crisis.CrisisScreen, which forum does not import)."""
    return TENTATIVE_CRISIS_SUPPORT if crisis_screen.tentative else CRISIS_SUPPORT


class SafeguardsNotRegistered(RuntimeError):
    """Forum wrote a post before moderation registered its safeguards (is it installed?)."""


def _not_registered(*args, **kwargs):
    raise SafeguardsNotRegistered("No safeguards are registered: moderation must be in INSTALLED_APPS.")


review_post: Callable = _not_registered
holds_posts_by: Callable = _not_registered
screen_draft: Callable = _not_registered
find_identifying_details: Callable = _not_registered
moderators_back_at: Callable = _not_registered
describe_hours: Callable = _not_registered


def register(
    *,
    review: Callable,
    holds: Callable,
    screen: Callable,
    identify: Callable,
    back_at: Callable,
    hours: Callable,
) -> None:
    """Called by moderation once:
    - REVIEW(post, *, text, confirmed_no_identifying_details) returns the post's safeguard report;
    - HOLDS(author) says whether their posts wait for a moderator now;
    - SCREEN(text, answering=None) returns the draft's crisis screen and method details (`.crisis`,
      `.method_details`); ANSWERING gives the text of the post a reply answers (read only for a
      reply that opens with "Same.");
    - IDENTIFY(text) returns what in the text may identify a client or another real person;
    - BACK_AT(member) says when moderators are back, in the member's time zone (None if on duty);
    - HOURS() describes the staffed hours in words (None when none are set)."""
    global \
        review_post, \
        holds_posts_by, \
        screen_draft, \
        find_identifying_details, \
        moderators_back_at, \
        describe_hours
    review_post, holds_posts_by, screen_draft = review, holds, screen
    find_identifying_details, moderators_back_at, describe_hours = identify, back_at, hours
