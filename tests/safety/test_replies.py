"""Replies that say "Same." to the post they answer (moderation/safety.py, ANSWERING).

tests/safety/replies.jsonl holds 100 pairs written on 2026-12-06 by a writer who read only a
brief: a post and a reply to it, labelled for the replier's own crisis. 55 replies are a crisis
of their writer (45 open with an echo of the answered post's crisis: "Same.", "me too mate",
"this. exactly this."; 10 say "same" and then their own risk), 45 are calm ("same" about the
rota, a client's words or a recovery; support that starts "Same time tomorrow?").

Measured when it was written: 22 of 55 crises found with the reply alone, and 3 of 45 calm replies
raised; with the answered post, 50 of 55 (urgent 23 of 23), 3 calm raised (2 firm). It is a
tuning set: the opening words that make an echo (crisis.REPLY_ECHO) were widened on its misses.
The floors below keep what it measured, with a little room.
"""

import json
from pathlib import Path

import pytest

from moderation import safety

pytestmark = pytest.mark.django_db  # the screening reads the admin's phrases

PAIRS = [json.loads(line) for line in (Path(__file__).parent / "replies.jsonl").open(encoding="utf-8")]
RECALL = 0.88
URGENT_RECALL = 0.95
CALM_RAISED = 0.1


def _screen(pair: dict) -> safety.SafetyScreen:
    answered = pair["answered"]
    return safety.screen_text(pair["reply"], phrases=(), identifying=False, answering=lambda: answered)


def _screens() -> list[tuple[dict, safety.SafetyScreen]]:
    return [(pair, _screen(pair)) for pair in PAIRS]


def test_replies_that_share_the_answered_posts_crisis_are_found():
    crises = [screen.crisis.is_crisis for pair, screen in _screens() if pair["crisis"]]
    assert sum(crises) / len(crises) >= RECALL


def test_urgent_replies_are_found_urgent():
    urgent = [
        screen.crisis.severity == "urgent" for pair, screen in _screens() if pair["severity"] == "urgent"
    ]
    assert sum(urgent) / len(urgent) >= URGENT_RECALL


def test_calm_replies_that_say_same_are_seldom_raised():
    raised = [screen.crisis.is_crisis for pair, screen in _screens() if not pair["crisis"]]
    assert sum(raised) / len(raised) <= CALM_RAISED
