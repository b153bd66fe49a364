"""Crisis-phrase detection (safe-messaging practice): the one place that decides whether a text
suggests its writer may be at risk.

Phrases live in the database (editable in the admin). Matching is case-insensitive, on word
boundaries, tolerant of extra spaces and of curly apostrophes, and a trailing `*` on a word
matches its endings ("hurt* myself" matches "hurting myself").

The phrase list is deliberately first-person and specific. Clinicians here talk about their
clients' suicidality all the time, and use everyday figures of speech ("this caseload is killing
me", "I could kill for a holiday"); flagging those would bury real crises in noise and make
members feel watched. So "killing me" alone is not a phrase, while "kill myself" is.
"""

import re
from functools import lru_cache

from moderation.models import CrisisPhrase

DEFAULT_PHRASES = {
    CrisisPhrase.Category.SUICIDE: [
        "kill myself", "killing myself", "end my life", "ending my life", "end it all",
        "take my own life", "taking my own life", "want to die", "wanna die", "wish I was dead",
        "wish I were dead", "better off dead", "better off without me", "no reason to live",
        "nothing to live for", "feeling suicidal", "feel suicidal", "I am suicidal", "I'm suicidal",
        "Im suicidal", "my suicide plan", "planning my suicide", "don't want to be here anymore",
        "can't go on anymore", "not want to wake up", "don't want to wake up",
    ],
    CrisisPhrase.Category.SELF_HARM: [
        "hurt myself", "hurting myself", "harm myself", "harming myself", "cut myself",
        "cutting myself", "burn myself", "started self-harming", "self-harming again",
        "self harming again", "relapsed into self-harm",
    ],
    CrisisPhrase.Category.HARM_OTHERS: [
        "going to hurt someone", "want to hurt someone", "going to kill someone",
        "want to kill someone", "hurt my children", "hurt my kids", "harm my children",
    ],
}  # fmt: skip


CURLY_APOSTROPHE = "\u2019"


def _pattern_for(phrase: str) -> str:
    words = []
    for word in phrase.lower().replace(CURLY_APOSTROPHE, "'").split():
        stem = word.rstrip("*")
        piece = re.escape(stem).replace("'", f"['{CURLY_APOSTROPHE}]?")
        words.append(piece + (r"\w*" if word.endswith("*") else ""))
    return r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?!\w)"


@lru_cache(maxsize=1)
def _compiled(phrases: tuple[str, ...]):
    return [(phrase, re.compile(_pattern_for(phrase), re.IGNORECASE)) for phrase in phrases]


def active_phrases() -> tuple[str, ...]:
    return tuple(CrisisPhrase.objects.filter(is_active=True).values_list("phrase", flat=True))


def find_crisis_phrases(text: str, phrases: tuple[str, ...] | None = None) -> list[str]:
    """The crisis phrases that occur in TEXT (empty when none)."""
    if phrases is None:
        phrases = active_phrases()
    return [phrase for phrase, pattern in _compiled(phrases) if pattern.search(text)]
