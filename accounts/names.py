"""Display names: which names a member may choose, and when two names are too alike to both be in use.

`check_display_name` is the one rule for a new or changed name. Sign-up calls it (accounts/forms.py)
and so does `User.clean()`, which the profile page and the admin run. A name may not:
- pass for Haven itself, its team or its moderators, or for the placeholders shown instead of a
  member ("Anonymous member", "Former member"), however it is written: in any case, with spaces or
  dots between the letters, with look-alike letters, or with digits for letters ("m0derator");
- mix alphabets (Latin with Cyrillic or Greek letters, say), the way a look-alike is usually made.
  A name wholly in one alphabet, Latin or not, is fine, and so are the combinations in which
  Chinese, Japanese and Korean are written (Unicode TR39's "highly restrictive" level);
- look like another member's name: the same letters in another case, with other spaces or
  punctuation, or with look-alike letters from any alphabet. Names are compared by their TR39
  skeletons (`skeletons`), which the members table stores with a unique constraint each.

Names chosen before these rules stay as they are until their member changes them.
"""

import functools
import re
import unicodedata

from confusable_homoglyphs import categories, confusables
from django.core.exceptions import ValidationError

ALREADY_TAKEN = "That display name is already taken."
TOO_CLOSE = "That name is too close to an existing member's name."

# Words a member's name may not contain, because they would speak for the site or stand for
# someone who isn't there: as a word of the name ("Mod Jo", "JoMod", "Admin1") or as all of it
# ("A.D.M.I.N"), and the longer ones anywhere, since no ordinary word contains them ("TheModerators").
RESERVED_WORDS = (
    "admin", "admins", "root", "mod", "mods", "staff", "system", "haven", "official", "anon",
    "deleted",
)  # fmt: skip
RESERVED_ANYWHERE = (
    "moderator", "moderation", "administrator", "sysadmin", "anonymous", "former member",
    "deleted member", "deleted user", "unknown member", "mod team", "staff team", "support team",
    "safety team", "haven team", "team haven", "haven staff", "haven support", "haven admin",
)  # fmt: skip

# Letters that show nothing at all (the Hangul fillers), which the format allows as letters.
INVISIBLE_LETTERS = re.compile("[\u115f\u1160\u3164\uffa0]")

# Scripts whose letters may share a name: TR39's "highly restrictive" combinations.
SCRIPTS_WRITTEN_TOGETHER = (
    {"LATIN", "HAN", "HIRAGANA", "KATAKANA"},
    {"LATIN", "HAN", "BOPOMOFO"},
    {"LATIN", "HAN", "HANGUL"},
)
NOT_A_SCRIPT = {"COMMON", "INHERITED", "Unknown"}  # digits, punctuation, combining marks

# Where a name splits into words: its separators, and a capital after a small letter ("JoMod").
WORD_BREAKS = re.compile(r"[\s.'_-]+|(?<=[a-z])(?=[A-Z])")
# Digits written for letters, for the reserved words only ("m0derator", "5taff"); 0 and 1 are
# letters in a skeleton already (o, l).
DIGITS_AS_LETTERS = str.maketrans("23456789", "zeasbtbg")


def check_display_name(name: str, *, member=None) -> None:
    """Raise ValidationError, with a message for the member, if NAME may not be chosen as a new
    display name (by MEMBER, when renaming: their own current name is no obstacle)."""
    _check_visible(name)
    _check_not_reserved(name)
    _check_one_alphabet(name)
    _check_not_like_another_members(name, member)


def skeletons(name: str) -> tuple[str | None, str | None]:
    """NAME's two look-alike keys: equal for two names that look alike, None for a name with no
    letters or digits.

    The first ignores case: "Quiet Harbour", "quiet.harbour", and "Quiet Harbour" written with a
    Cyrillic a (U+0430). The second folds case only after the skeleton, so that letters that look
    alike only in one case count as alike: a capital I and a small l ("Ian" and "lan"), which
    folding first would part. (One key can't do both: it would have to equate i with l always.)
    """
    name = unicodedata.normalize("NFKC", name)
    return _key(_fold(name.casefold())), _key(_fold(name))


# --- The rules ------------------------------------------------------------------------------------


def _check_visible(name: str) -> None:
    if INVISIBLE_LETTERS.search(name):
        raise ValidationError(
            "That name has a character in it that doesn't show on screen. Please leave it out.",
            code="invisible",
        )


def _check_not_reserved(name: str) -> None:
    whole = _reserved_forms(name)
    words = [form for word in WORD_BREAKS.split(name) if word for form in _reserved_forms(word)]
    for reserved, form, anywhere in _reserved():
        if form in words or form in whole or (anywhere and any(form in text for text in whole)):
            raise ValidationError(
                f"Please choose another name: names with “{reserved}” in them are kept for Haven "
                "itself, so that nobody is misled.",
                code="reserved",
            )


def _check_one_alphabet(name: str) -> None:
    scripts = {categories.alias(character) for character in name} - NOT_A_SCRIPT
    if len(scripts) > 1 and not any(scripts <= together for together in SCRIPTS_WRITTEN_TOGETHER):
        listed = sorted(script.replace("_", " ").title() for script in scripts)
        raise ValidationError(
            f"Please use letters from one alphabet: this name mixes {', '.join(listed[:-1])} and "
            f"{listed[-1]} letters, which can look alike.",
            code="mixed_alphabets",
        )


def _check_not_like_another_members(name: str, member) -> None:
    from django.db.models import Q
    from django.db.models.functions import Lower

    from accounts.models import User  # accounts.models uses this module for its keys

    skeleton, cased_skeleton = skeletons(name)
    alike = Q(lower_name=name.lower())
    if skeleton:
        alike |= Q(display_name_skeleton=skeleton)
    if cased_skeleton:
        alike |= Q(display_name_cased_skeleton=cased_skeleton)
    others = User.objects.exclude(pk=member.pk) if member is not None and member.pk else User.objects
    other = (
        others.annotate(lower_name=Lower("display_name"))
        .filter(alike)
        .values_list("display_name", flat=True)
        .first()
    )
    if other is not None and other.casefold() == name.casefold():
        raise ValidationError(ALREADY_TAKEN, code="taken")
    if other is not None:
        raise ValidationError(TOO_CLOSE, code="too_close")


# --- Skeletons ------------------------------------------------------------------------------------


@functools.cache
def _prototypes() -> dict[str, str]:
    """UTS #39's confusables table: each character that is taken for another, mapped to that
    other (its "prototype", one or more characters), rebuilt from confusable_homoglyphs' data.

    The library keeps each pair both ways (Cyrillic a → Latin a, and Latin a → Cyrillic a) without
    saying which side is the prototype. A prototype is the side several characters are taken for,
    or one written with several characters ("m" → "rn"); in a pair with no other look-alike either
    side will do, and the lower code point is kept. Checked against Unicode's confusables.txt
    (version 13, the last one at hand): every character there gets the skeleton of its prototype,
    but for two line separators, a symbol and two letters no display name can contain (ẚ, and a
    Hangul filler, which check_display_name refuses).
    """
    pairs: dict[str, list[str]] = {}
    for character, homoglyphs in confusables.confusables_data.items():
        # The data keeps the direction marks that surround right-to-left letters in Unicode's file.
        pairs[_unmarked(character)] = [_unmarked(homoglyph["c"]) for homoglyph in homoglyphs]
    table = {}
    for character, alike in pairs.items():
        if len(character) != 1 or len(alike) != 1:
            continue  # a prototype (or a sequence, which is never taken for anything)
        (other,) = alike
        if len(other) > 1 or len(pairs.get(other, ())) > 1 or ord(other) < ord(character):
            table[character] = other
    return table


def _unmarked(text: str) -> str:
    return text.replace("\u200e", "").replace("\u200f", "")


def _skeleton(text: str) -> str:
    """TR39's skeleton: decompose, take each character for its prototype, decompose again."""
    table = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(table.get(character, character) for character in decomposed))


def _fold(text: str) -> str:
    """Skeleton, then case folding, until neither changes anything (folding can uncover a letter
    with a prototype of its own, and a prototype from a pair above may have one)."""
    for _ in range(5):
        folded = _skeleton(text).casefold()
        if folded == text:
            break
        text = folded
    return text


def _key(folded: str) -> str | None:
    """Only the letters and digits: spaces and punctuation don't tell names apart."""
    return "".join(character for character in folded if character.isalnum()) or None


# --- Reserved words -------------------------------------------------------------------------------


@functools.cache
def _reserved() -> list[tuple[str, str, bool]]:
    """Each reserved word, its form (below), and whether it is refused anywhere in a name."""
    return [
        (word, _reserved_forms(word)[0], anywhere)
        for words, anywhere in [(RESERVED_ANYWHERE, True), (RESERVED_WORDS, False)]  # longest first
        for word in words
    ]


def _reserved_forms(text: str) -> tuple[str, str]:
    """TEXT as reserved words are looked for in it: its case-free skeleton with digits read as
    the letters they stand for, and again with its digits left out ("Admin1"). In both a small l
    counts as an i, since each stands for the other's look-alikes (1 and I)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    as_letters = (_key(_fold(text)) or "").translate(DIGITS_AS_LETTERS)
    without_digits = _key(_fold(re.sub(r"\d", "", text))) or ""
    return as_letters.replace("l", "i"), without_digits.replace("l", "i")
