"""Reader controls: what a member would rather not see, decided in one place for every page.

Research on trigger warnings finds that labels alone do not reduce distress; control does. So a
member keeps a private list of mute words and phrases and chooses, per content-warning kind, to
have it collapsed (the default), always shown, or hidden. Thread pages, thread lists, search
results, the notifications page and notification emails all ask the same `ReaderFilter`.

Matching is case-insensitive and respects word boundaries: "grief" mutes "Grief, again" but not
"griefwork"; a phrase matches across any run of spaces, line breaks or hyphens, so "self harm"
also mutes "self-harm". Posts are matched on their Markdown source (link targets included), and
threads on their title. A member's own posts and threads are never hidden from them.

Hidden things are collapsed rather than left out, so that the member stays in control (one click
shows them) and lists and search keep their pagination. The mute list lives on the member's row,
so none of this costs a query; the compiled pattern is cached per distinct list.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_MUTE_WORDS = 50
MAX_MUTE_WORD_LENGTH = 60
# Spaces, line breaks, hyphens and dashes (U+2010 to U+2015) all count as the gap inside a phrase.
_SEPARATOR = r"[\s\-\u2010-\u2015]+"


def normalise_mute_word(text: str) -> str:
    """TEXT as stored: lowercase, with runs of spaces collapsed ("" when nothing is left)."""
    return " ".join(text.split()).lower()


@lru_cache(maxsize=2048)
def _pattern(words: tuple[str, ...]) -> re.Pattern | None:
    phrases = []
    for word in sorted(words, key=len, reverse=True):  # longest first, so a phrase wins over its parts
        parts = [re.escape(part) for part in re.split(_SEPARATOR, word) if part]
        if parts:
            phrases.append(_SEPARATOR.join(parts))
    if not phrases:
        return None
    # Lookarounds rather than \b, so that words starting or ending in punctuation ("c++") match too.
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class ReaderFilter:
    """One member's mute words and hidden warning kinds, ready to test text and warnings."""

    member_id: int | None
    pattern: re.Pattern | None
    hidden_warnings: frozenset

    @property
    def is_empty(self) -> bool:
        return self.pattern is None and not self.hidden_warnings

    def mutes(self, *texts: str) -> bool:
        """Whether any of TEXTS contains one of the member's mute words or phrases."""
        return self.pattern is not None and any(text and self.pattern.search(text) for text in texts)

    def hides_warning(self, *kinds: str) -> bool:
        """Whether any of the content-warning KINDS is one the member chose to hide."""
        return any(kind and kind in self.hidden_warnings for kind in kinds)

    def is_own(self, author_id) -> bool:
        return author_id is not None and author_id == self.member_id

    def mutes_thread(self, thread) -> bool:
        return not self.is_own(thread.author_id) and self.mutes(thread.title)

    def hides_thread_warning(self, thread) -> bool:
        return not self.is_own(thread.author_id) and self.hides_warning(thread.content_warning)


def reader_filter(user) -> ReaderFilter:
    """USER's filter (an empty one for visitors who are not signed in)."""
    words = tuple(getattr(user, "mute_words", None) or ())
    return ReaderFilter(
        member_id=user.pk if getattr(user, "is_authenticated", False) else None,
        pattern=_pattern(words) if words else None,
        hidden_warnings=frozenset(getattr(user, "hidden_warnings", None) or ()),
    )
