"""A text as a person reads it, before any safety detector reads it (docs/safety.md, "Disguised
words").

People write around filters, on purpose or out of habit: "k1ll mys3lf", "s*icide", "diiiie",
"s u i c i d e", a zero-width space inside a word, full-width letters pasted from a phone, a
Cyrillic "i" (U+0456) that looks like a Latin one. A person reads all of these at a glance; a
program that compares letters reads none of them. `unmask` undoes these disguises, and only these:

- compatibility forms of letters and digits (full-width, mathematical, circled, ligatures) become
  the plain ones (Unicode NFKC, applied to those characters only, so that "…" and "½" stay);
- invisible characters (zero-width spaces and joiners, soft hyphens, direction marks) and marks
  drawn over Latin letters (strike-through, "zalgo") are removed;
- a word written in Latin letters with look-alikes from the Cyrillic or Greek alphabets is written
  in Latin letters (a word in those alphabets is left alone);
- words coined to get past the filters of social media sites ("sewer slide", "unaliving")
  become the words they stand for;
- a number as long as a phone number written a digit at a time ("0 7 7 0 0 ...") or said in
  words ("oh seven seven double oh ...") is written as one number;
- a post written with digits for letters throughout ("th3 pl4n 1s") is read with letters;
- words run together around a crisis word ("#iwanttodie", "ivegotaplanandaplace") are written
  apart, when the run splits wholly into words of a short list;
- a word with digits or symbols for letters, starred-out letters, letters stretched or spelled out
  one by one becomes a word of RISK_WORDS, and only then: "b12", "4am", "m25", "f*ck", "www" and
  "hmmm" stay as written.

The crisis and method-detail checks (moderation.crisis.prepare) and the confidentiality guard
(moderation.confidentiality) read the unmasked text, so the words a moderator is shown are the
plain ones. Each step first looks for where it may apply with a quick scan, so a post without
disguises costs 0.03 ms at 100 words and about 1.3 ms at 5,000 (bench/safety_screen.py).
"""

import re
import unicodedata
from functools import cache, lru_cache
from itertools import product

# Words worth the effort: the words of a crisis or of a method. A disguised word becomes one of
# these or stays as written.
_RISK_WORDS = """kill kills killing killed myself suicide suicidal die dying died dead death overdose overdosed
    pill pills tablet tablets meds cut cutting cuts harm harming selfharm self hang hanging hanged
    noose rope jump jumping bridge end ending life alive live want wanna tonight blade blades razor
    razors bleed bleeding burn burning hurt hurting shoot gun knife poison stab stabbing wrists wrist
    unalive gone exist sleep forever goodbye"""
RISK_WORDS = frozenset(_RISK_WORDS.split())

# Characters that stand for letters inside a word; "1", "!" and "|" may be an "i" or an "l", and a
# star or a hash hides any letter.
LEET = {
    "0": "o", "1": "il", "!": "il", "|": "il", "3": "e", "4": "a", "@": "a", "5": "s", "$": "s",
    "7": "t", "8": "b", "9": "g", "*": "", "#": "",
}  # fmt: skip
# Letters of the Cyrillic and Greek alphabets (and a few Latin variants) that look like Latin ones.
LOOK_ALIKES = str.maketrans(
    "аеёіїјосрхуѕԁԛԝһӏкмвАВЕКМНОРСТХУІЈЅαοριυνκχεΑΒΕΖΗΙΚΜΝΟΡΤΧΥıɡ",
    "aeeiijocpxysdqwhlkmbABEKMHOPCTXYIJSaopiuvkxeABEZHIKMNOPTXYig",
)
_LOOK_ALIKE_LETTERS = frozenset(chr(code) for code in LOOK_ALIKES)
MEANS_EMOJI = str.maketrans({"\U0001f48a": " pills ", "\U0001f52a": " knife ", "\U0001faa2": " rope "})
MEANS_EMOJI_CHARACTERS = frozenset(chr(code) for code in MEANS_EMOJI)
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")

# Words coined to get past the filters of social media sites, written as the words they stand for
# ("unalive", "kms" and the like are read by moderation.crisis as texting forms).
ALGOSPEAK = {
    "sewer slide": "suicide", "sewer slides": "suicide", "sewerslide": "suicide",
    "commit sudoku": "commit suicide", "committing sudoku": "committing suicide",
    "committed sudoku": "committed suicide",
    "unaliving": "killing", "unalived": "killed", "unalives": "kills",
}  # fmt: skip
_ALGOSPEAK_HINTS = ("sewer", "sudoku", "unaliv")  # one of them is in every entry: a quick test first
_ALGOSPEAK = re.compile(
    r"\b(?:" + "|".join(re.escape(words) for words in sorted(ALGOSPEAK, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

# Full-width forms, letter-like symbols, circled letters and digits, ligatures, mathematical letters.
_COMPATIBLE = re.compile(
    r"[\uff01-\uff5e\u2100-\u214f\u2460-\u24ff\ufb00-\ufb06\U0001d400-\U0001d7ff\U0001f130-\U0001f189]+"
)
_INVISIBLE = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")  # no-break and other spaces
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f]+")
_LOOK_ALIKE = re.compile("[" + "".join(sorted(_LOOK_ALIKE_LETTERS)) + "]")
# Where a disguised word may be. Each pattern starts with a character that is rare in ordinary
# text, so that a long post is scanned quickly (a pattern that starts with any letter took 0.4 ms
# on a 5,000-word post, these take 0.06 to 0.3 ms); the word around each place is found after.
_SYMBOL_BY_LETTER = re.compile(r"[0-9@$*#!|](?:(?<=[a-zA-Z].)|(?=[a-zA-Z]))")
_LETTER_THRICE = re.compile(r"([a-zA-Z])\1\1")
_SPELLED_OUT = re.compile(r"([ .\-_])[a-zA-Z]\1[a-zA-Z](?![a-zA-Z])")
_SPELLED = re.compile(r"[a-zA-Z](?:([ .\-_])[a-zA-Z])(?:\1[a-zA-Z])+(?![a-zA-Z])")
_MASKED_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@$*#!|")


@lru_cache(maxsize=8)
def unmask(text: str) -> str:
    """TEXT with the disguises described above undone; a text without any comes back unchanged.
    Remembered for the last few texts: the crisis checks and the guard each unmask the same draft."""
    if not text.isascii():
        # each step only for the characters it is about (a scan of a 5,000-word post costs 0.1 to
        # 0.4 ms, and most posts have at most an "é", a "£" or an emoji)
        found = "".join(set(_NOT_ASCII.findall(text)))
        if _COMPATIBLE.search(found):
            text = _COMPATIBLE.sub(lambda match: unicodedata.normalize("NFKC", match.group(0)), text)
        if _INVISIBLE.search(found):
            text = _INVISIBLE.sub("", text)
        if _SPACES.search(found):
            text = _SPACES.sub(" ", text)
        if digits := [character for character in found if character.isdecimal()]:
            text = text.translate({ord(digit): str(unicodedata.decimal(digit)) for digit in digits})
        if _MARKS.search(found):
            text = _MARKS.sub(lambda match: "" if _after_latin(text, match.start()) else match.group(0), text)
        if _LOOK_ALIKE.search(found):
            text = _rewrite(text, _words_at(text, _LOOK_ALIKE, _is_word_letter), _latin_if_it_looks_latin)
        if not MEANS_EMOJI_CHARACTERS.isdisjoint(found):
            text = text.translate(MEANS_EMOJI)
    lowered = text.lower()
    if any(hint in lowered for hint in _ALGOSPEAK_HINTS):
        text = _ALGOSPEAK.sub(lambda match: ALGOSPEAK[match.group(0).lower()], text)
    symbols = _words_at(text, _SYMBOL_BY_LETTER, _MASKED_LETTERS.__contains__)
    spans = symbols + _words_at(text, _LETTER_THRICE, _MASKED_LETTERS.__contains__)
    if _written_in_digits(text, symbols):
        text = _rewrite(text, spans, _any_masked_word)
    else:
        text = _rewrite(text, spans, _masked_word)
    text = _rewrite(text, _spelled_out(text), _spelled_word)
    text = _rewrite(text, _run_together(text.lower()), _words_apart)
    if _may_say_a_number(lowered):
        text = _SPOKEN_NUMBER.sub(_digits, text)
    if " @ " in text:
        text = _SPACED_OUT_EMAIL.sub(lambda match: match.group(0).replace(" ", ""), text)
    text = _rewrite(
        text, _numbers_with_letter_o(text), lambda number: number.replace("o", "0").replace("O", "0")
    )
    return _rewrite(text, _digits_apart(text), _one_number)


PHONE_DIGITS = 10  # the fewest digits of a number that is read as a phone number below
# A number as long as a phone number said a digit at a time ("oh seven seven double oh, nine ..."):
# written in digits, a comma as a space.
SPOKEN_DIGITS = {"oh": "0", "o": "0", "zero": "0", "nought": "0", "one": "1", "two": "2", "three": "3",
                 "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}  # fmt: skip
# A quick test first (the pattern takes 1.5 ms on a 5,000-word post): a phone number said aloud has
# a digit word that is rare in prose, with most of the words around it digit words too.
_SPOKEN_HINTS = (" oh", " zero", " six", " seven", " eight", " nine", " double", " triple")
_SPOKEN_WORDS = frozenset([*SPOKEN_DIGITS, "double", "triple"])


def _may_say_a_number(lowered: str) -> bool:
    for hint in _SPOKEN_HINTS:
        at = lowered.find(hint)
        while at != -1:
            around = re.findall(r"[a-z]+", lowered[max(0, at - 50) : at + 60])
            if sum(word in _SPOKEN_WORDS for word in around) >= PHONE_DIGITS - 3:
                return True
            at = lowered.find(hint, at + 1)
    return False


_SPOKEN_DIGIT = rf"(?:(?:(?:double|triple)[\s-]+)?(?:{'|'.join(SPOKEN_DIGITS)})\b|\d+\b)"
_SPOKEN_NUMBER = re.compile(rf"\b{_SPOKEN_DIGIT}(?:[\s,-]+{_SPOKEN_DIGIT}){{5,}}", re.IGNORECASE)


def _digits(match: re.Match) -> str:
    said = match.group(0)
    digits = []
    for part in re.finditer(r"(?:(double|triple)[\s-]+)?(\w+)(\s*,)?", said, re.IGNORECASE):
        times = {"double": 2, "triple": 3}.get((part.group(1) or "").lower(), 1)
        word = part.group(2).lower()
        digits.append(SPOKEN_DIGITS.get(word, word) * times + (" " if part.group(3) else ""))
    number = "".join(digits).strip()
    return number if sum(character.isdigit() for character in number) >= PHONE_DIGITS else said


# A post written with digits for letters throughout ("th3 pl4n 1s th3 t0p fl00r"): at least three
# such words, and at least one word in LEET_SHARE. Then every such word is read with letters,
# whatever it is, except measures, ordinals and codes ("100mg", "4am", "3rd", "b12", "m25").
LEET_SHARE = 7
_MEASURE = re.compile(
    r"\d*(?:1st|2nd|3rd)|\d+th|\d+(?:[.,]\d+)?(?:am|pm|mg|mcg|ml|kg|g|hrs?|mins?|yrs?|yo|km|cm|mm|kcal|lbs?|k)|"
    r"[a-z]{1,2}\d{2,}",
    re.IGNORECASE,
)
LEET_LETTERS = str.maketrans("013457@$!|", "oieastasil")
# A number as long as a phone number written a digit at a time ("0 7 7 0 0 9 0 0 6 1 9"): one number.
# "0.7.7.0.0...", "0-7-7-0-0..." too.
_DIGITS_APART = re.compile(rf"\d([ .-])\d(?:\1\d){{{PHONE_DIGITS - 2},}}")
# An email address spelled out a character at a time ("j o s h . r e e v e s @ e x a m p l e . c o m").
_SPACED_OUT_EMAIL = re.compile(r"(?:[\w.+-] ){2,}@(?: [\w.-]){4,}")
# A letter O for a zero among the digits of a number ("O77OO 9OO 345", typed one-handed).
_LETTER_O_IN_DIGITS = re.compile(r"\d(?:(?<=[oO].)|(?=[oO]))")  # from the digit: quick to search
_DIGIT_OR_O = frozenset("0123456789oO")


def _numbers_with_letter_o(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of three or more digits and letters O, standing alone ("9OO"; not
    "O2", "Zoo2" or "2o")."""
    return [
        (start, end)
        for start, end in _words_at(text, _LETTER_O_IN_DIGITS, _DIGIT_OR_O.__contains__)
        if end - start >= 3
        and not (start and text[start - 1].isalnum())
        and not text[end : end + 1].isalnum()
    ]


def _one_number(written: str) -> str:
    return written.replace(written[1] if not written[1].isdigit() else " ", "")


def _digits_apart(text: str) -> list[tuple[int, int]]:
    """(start, end) of each number written a digit at a time, unless part of a longer number
    ("12 3 4 ...", "1.5 2 ...")."""
    return [
        match.span()
        for match in _DIGITS_APART.finditer(text)
        if not _in_a_number(text, match.start() - 1, -1) and not _in_a_number(text, match.end(), 1)
    ]


def _in_a_number(text: str, at: int, step: int) -> bool:
    """Whether the character at AT continues a number (a digit, or "." or "," before a digit,
    looking in the direction of STEP)."""
    if at < 0 or at >= len(text):
        return False
    return text[at].isdigit() or (text[at] in ".," and text[at + step : at + step + 1].isdigit())


def _written_in_digits(text: str, symbols: list[tuple[int, int]]) -> bool:
    """Whether TEXT is written with digits for letters throughout; SYMBOLS: its words with a digit
    or a symbol beside a letter."""
    if len(symbols) < 3:
        return False
    leet = [span for span in symbols if not _MEASURE.fullmatch(text[span[0] : span[1]])]
    return len(leet) >= 3 and len(leet) * LEET_SHARE >= text.count(" ") + 1


def _any_masked_word(written: str) -> str:
    """In a post written in digits throughout: the risk word WRITTEN disguises, or else WRITTEN
    with letters for its digits (a measure or a code stays)."""
    unmasked = _masked_word(written)
    if unmasked != written or _MEASURE.fullmatch(written) or not _SYMBOL_BY_LETTER.search(written):
        return unmasked
    lead, core, trail = _apart(written)
    return lead + core.translate(LEET_LETTERS) + trail


# Words run together, as in a hashtag or typed without spaces ("#iwanttodie", "ivegotaplanandaplace"):
# written apart when the run splits wholly into words of a short list (RUN_TOGETHER_WORDS) and one
# of them is a word of a crisis. Only runs with such a word in them are looked at ("die", "plan"...).
_RUN_TOGETHER_CUES = ("die", "dead", "kill", "suicid", "myself", "mylife", "pills", "overdose", "hang", "plan")  # fmt: skip
_RUN_TOGETHER_WORDS = """
    i me my im ive id ill a an the and or but so to of in on at for with about just not no dont cant wont want
    wanna gonna going go got get have has had be been am is are was were do did done feel feeling think thinking
    know tell say who what when where how why it its this that there here now tonight today tomorrow anymore
    again all every everyone someone nobody anyone one life live living alive dead die dying death kill killing
    end ending self harm hurt hurting cut cutting pills pill tablets overdose hang hanging jump bridge plan place
    way out stop tired sleep forever gone disappear exist need help please can could would should will better off
    without you sad alone empty really still"""
RUN_TOGETHER_WORDS = frozenset(_RUN_TOGETHER_WORDS.split()) | RISK_WORDS
_RUN_TOGETHER_CRISIS_WORDS = (
    "die dying dead death kill killing myself suicide suicidal pills overdose hang hanging plan end life"
)
_RUN_TOGETHER_CRISIS = frozenset(_RUN_TOGETHER_CRISIS_WORDS.split())
RUN_TOGETHER_SHORTEST = 9


def _run_together(lowered: str) -> list[tuple[int, int]]:
    """(start, end) of each run of nine or more letters with a crisis cue in it."""
    spans = []
    for cue in _RUN_TOGETHER_CUES:
        at = lowered.find(cue)
        while at != -1:
            start, end = at, at + len(cue)
            while start and lowered[start - 1].isalpha() and lowered[start - 1].isascii():
                start -= 1
            while end < len(lowered) and lowered[end].isalpha() and lowered[end].isascii():
                end += 1
            if RUN_TOGETHER_SHORTEST <= end - start <= LONGEST:
                spans.append((start, end))
            at = lowered.find(cue, end)
    return spans


def _words_apart(written: str) -> str:
    words = _split_run(written.lower())
    return " ".join(words) if words else written


@lru_cache(maxsize=4096)
def _split_run(run: str) -> tuple | None:
    """RUN split into the fewest words of RUN_TOGETHER_WORDS, when there are three or more of them
    and one is a crisis word; None otherwise ("overdosed", "planning" and "explanation" stay)."""
    if run in RUN_TOGETHER_WORDS:
        return None
    best: list = [()] + [None] * len(run)  # best[end]: the fewest words that make run[:end]
    for end in range(1, len(run) + 1):
        for start in range(max(0, end - 10), end):
            if best[start] is not None and run[start:end] in RUN_TOGETHER_WORDS:
                candidate = (*best[start], run[start:end])
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    words = best[-1]
    if words is None or len(words) < 3 or _RUN_TOGETHER_CRISIS.isdisjoint(words):
        return None
    return words


def _after_latin(text: str, at: int) -> bool:
    return at > 0 and text[at - 1].isascii() and text[at - 1].isalpha()


def _is_word_letter(character: str) -> bool:
    return character.isalnum() or character == "_"


def _words_at(text: str, places: re.Pattern, in_word) -> list[tuple[int, int]]:
    """(start, end) of the word around each match of PLACES, a word being a run of characters for
    which IN_WORD is true."""
    spans: list[tuple[int, int]] = []
    for match in places.finditer(text):
        if spans and match.start() < spans[-1][1]:
            continue  # in the word just found
        start = end = match.start()
        while start and in_word(text[start - 1]):
            start -= 1
        while end < len(text) and in_word(text[end]):
            end += 1
        spans.append((start, end))
    return spans


def _spelled_out(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word spelled out a letter at a time ("s u i c i d e", "d-i-e")."""
    spans: list[tuple[int, int]] = []
    for match in _SPELLED_OUT.finditer(text):
        if spans and match.start() < spans[-1][1]:
            continue  # in the word just found
        separator, start = match.group(1), match.start() - 1
        while (
            start >= 2
            and text[start - 1] == separator
            and text[start - 2].isalpha()
            and not (start >= 3 and text[start - 3].isalnum())
        ):
            start -= 2
        if start < 0 or (start and text[start - 1].isalnum()):
            continue
        if spelled := _SPELLED.match(text, start):
            spans.append(spelled.span())
    return spans


def _rewrite(text: str, spans: list[tuple[int, int]], rewrite) -> str:
    """TEXT with each span (in any order, overlapping ones once) replaced by REWRITE(its text)."""
    pieces, done = [], 0
    for start, end in sorted(set(spans)):
        if start < done:
            continue
        pieces += [text[done:start], rewrite(text[start:end])]
        done = end
    return "".join(pieces) + text[done:] if pieces else text


def _latin_if_it_looks_latin(word: str) -> str:
    if all(letter.isascii() or letter in _LOOK_ALIKE_LETTERS for letter in word):
        return word.translate(LOOK_ALIKES)
    return word


def _masked_word(written: str) -> str:
    """The risk word that WRITTEN disguises with symbols for letters or stretched letters, or
    WRITTEN; symbols before or after it ("die!", "*kill*") stay where they are."""
    lead, core, trail = _apart(written)
    word = _risk_word(core.lower()) if core else None
    if word is None:
        return written
    return lead + (word.upper() if core.isupper() else word) + trail


def _apart(written: str) -> tuple[str, str, str]:
    """WRITTEN as the symbols before it, the word, and the symbols after it ("*", "!", "|", "#")."""
    core = written.strip(_AROUND)
    lead = written[: len(written) - len(written.lstrip(_AROUND))]
    return lead, core, written[len(lead) + len(core) :]


def _spelled_word(written: str) -> str:
    word = _risk_word(re.sub(r"[ .\-_]", "", written).lower())
    if word is None:
        return written
    return word.upper() if written.isupper() else word


_AROUND = "*!|#"
_HIDDEN = "*#"


def _may_stand_for(written: str, letter: str) -> bool:
    """Whether the written character may stand for LETTER in a disguised word."""
    return written == letter or written in _HIDDEN or letter in LEET.get(written, "")


# The most characters a disguised risk word is read from: "killmyself" spelled out, or stretched.
LONGEST = 40


@lru_cache(maxsize=4096)
def _risk_word(written: str) -> str | None:
    """The one word of RISK_WORDS (or pair of them, run together) that WRITTEN, lowered, disguises;
    None when there is none or more than one, or when stars hide more than a third of it."""
    if written in RISK_WORDS:
        return written
    if len(written) > LONGEST or written.count(written[0]) == len(written):
        return None  # longer than any risk word can be written, or one letter over and over
    if sum(written.count(hidden) for hidden in _HIDDEN) * 3 > len(written):
        return None
    candidates = set()
    for letters in _stretched(written):
        candidates.update(  # letter by letter: a pattern compiled per word cost 0.1 ms, and a post can
            word  # hold thousands of different ones
            for word in _by_length().get(len(letters), ())
            if all(map(_may_stand_for, letters, word))
        )
        for split in range(2, len(letters) - 1):  # "killmyself", spelled out
            if letters[:split] in RISK_WORDS and letters[split:] in RISK_WORDS:
                candidates.add(f"{letters[:split]} {letters[split:]}")
    return candidates.pop() if len(candidates) == 1 else None


def _stretched(written: str) -> list[str]:
    """WRITTEN, and (when a letter is written three times or more in a row) every way of cutting
    those runs to two letters or to one."""
    runs = re.split(r"((\w)\2{2,})", written)
    if len(runs) == 1 or len(runs) > 13:  # at most four stretched letters: 16 ways
        return [written]
    parts = []
    for index in range(0, len(runs), 3):
        parts.append([runs[index]])
        if index + 1 < len(runs):
            letter = runs[index + 2]
            parts.append([letter * 2, letter])
    return ["".join(choice) for choice in product(*parts)]


@cache
def _by_length() -> dict[int, tuple]:
    lengths: dict[int, tuple] = {}
    for word in sorted(RISK_WORDS):
        lengths[len(word)] = (*lengths.get(len(word), ()), word)
    return lengths
