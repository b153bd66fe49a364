"""Replies that say "Same." to the post they answer (moderation/safety.py, ANSWERING).

tests/safety/replies.jsonl holds 100 pairs written on 2026-12-06 by a writer who read only a
brief: a post and a reply to it, labelled for the replier's own crisis. 55 replies are a crisis
of their writer (45 open with an echo of the answered post's crisis: "Same.", "me too mate",
"this. exactly this."; 10 say "same" and then their own risk), 45 are calm ("same" about the
rota, a client's words or a recovery; support that starts "Same time tomorrow?").

Measured when it was written: 22 of 55 crises found with the reply alone, and 3 of 45 calm replies
raised; with the answered post, 50 of 55 (urgent 23 of 23), 3 calm raised (2 firm). It is a
tuning set: the opening words that make an echo (crisis.REPLY_ECHO) were widened on its misses.

tests/safety/repliestwo.jsonl holds 120 pairs written on 2026-12-06 (afternoon) by another writer
to a second brief: 40 crises that echo the answered post in many wordings, 15 in the replier's own
words, 25 calm echoes of ordinary posts, 20 calm replies of support under a crisis post and 20
that echo a crisis but say the replier is through it or shares only part. Measured unread with the
code of that afternoon: 44 of 55 crises, 22 of 25 urgent, 9 of 65 calm raised (8 firm). Then a
"same" that offers support became tentative, one for only part of it or for what is over became
nothing, and REPLY_ECHO learned wordings the brief had named as examples ("ditto", "could have
written this"): 49 of 55, 23 of 25, 8 of 65 (5 firm). Since the brief named them, that second
measure is not of unseen wording; the file is for tuning from then on.

The floors below keep what each file measured, with a little room.
"""

import json
from pathlib import Path

import pytest

from moderation import safety

pytestmark = pytest.mark.django_db  # the screening reads the admin's phrases

HERE = Path(__file__).parent
# Each file of pairs with its floors: crises found, urgent ones found urgent, calm replies raised.
FLOORS = {
    "replies.jsonl": (0.88, 0.95, 0.1),
    "repliestwo.jsonl": (0.85, 0.9, 0.15),
}


def _pairs(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).open(encoding="utf-8")]


def _screen(pair: dict) -> safety.SafetyScreen:
    answered = pair["answered"]
    return safety.screen_text(pair["reply"], phrases=(), identifying=False, answering=lambda: answered)


def _screens(name: str) -> list[tuple[dict, safety.SafetyScreen]]:
    return [(pair, _screen(pair)) for pair in _pairs(name)]


@pytest.mark.parametrize("name", FLOORS)
def test_replies_that_share_the_answered_posts_crisis_are_found(name):
    crises = [screen.crisis.is_crisis for pair, screen in _screens(name) if pair["crisis"]]
    assert sum(crises) / len(crises) >= FLOORS[name][0]


@pytest.mark.parametrize("name", FLOORS)
def test_urgent_replies_are_found_urgent(name):
    urgent = [
        screen.crisis.severity == "urgent" for pair, screen in _screens(name) if pair["severity"] == "urgent"
    ]
    assert sum(urgent) / len(urgent) >= FLOORS[name][1]


@pytest.mark.parametrize("name", FLOORS)
def test_calm_replies_that_say_same_are_seldom_raised(name):
    raised = [screen.crisis.is_crisis for pair, screen in _screens(name) if not pair["crisis"]]
    assert sum(raised) / len(raised) <= FLOORS[name][2]


WISH = "Some nights I lie there hoping I won't wake up. Not doing anything, just wishing."


def _reply(reply: str, answered: str = WISH):
    return safety.screen_text(reply, phrases=(), identifying=False, answering=lambda: answered).crisis


@pytest.mark.parametrize(
    "reply",
    [
        "Ditto.",
        "could have written this myself",
        "You've written my last month.",
        "This is me right now.",
        "Word for word.",
    ],
)
def test_a_reply_that_says_so_another_way_shares_the_answered_posts_crisis(reply):
    assert _reply(reply).is_firm


def test_an_echo_of_an_ordinary_post_is_nothing():
    assert not _reply(
        "could have written this myself", "Cried in the car park after my shift again."
    ).is_crisis


def test_a_same_that_offers_support_reaches_moderators_but_changes_nothing_for_the_replier():
    found = _reply("Same here, I'm around tonight if you want to talk.")
    assert found.is_crisis
    assert found.tentative


@pytest.mark.parametrize(
    "reply",
    [
        "Same, but only the exhaustion part, not the dark thoughts.",
        "Felt this years ago. Therapy got me through, and I'm okay now.",
    ],
)
def test_a_same_for_only_part_of_it_or_for_what_is_over_is_nothing(reply):
    assert not _reply(reply).is_crisis


def test_a_same_that_is_safe_only_for_now_still_shares_the_crisis():
    assert _reply("Same. I'm safe tonight but the thoughts are loud.").is_firm
