"""Crisis detection: the one place that decides whether a text suggests its writer may be at risk,
how urgently, and why (docs/safety.md has the taxonomy and the measured precision and recall).

Every match names a category of the risk taxonomy (drawn from the Columbia Suicide Severity Rating
Scale's ideation and behaviour levels and from safe-messaging guidance) and a severity:

- "urgent": a method, place or plan; intent or timing; preparatory acts; a recent act of
  self-harm; intent to harm someone.
- "concern": the wish to be dead, thoughts of suicide without a plan, self-harm urges or relapse
  talk, thoughts of harming someone, and hopelessness joined to any of those.

Matching is explainable: each match keeps the words it matched and a reason a moderator can read.
Nothing leaves the server and nothing is learned: the rules below are read as written.

How a text is read, in order:
1. It is normalised: lower case, straight apostrophes and quotes, contractions with or without the
   apostrophe ("dont", "im", "can't") and common typos written out, so one rule covers them.
2. Quoted speech attributed to someone else ("she said 'I want to die'") is set aside: clinicians
   quote clients all day. What the writer quotes of themselves ("I told my GP 'I want to die'")
   stays.
3. It is split into sentences, and each rule looks for its core words ("want to die", "kill
   myself", a gathering verb near a means). A core counts only when the writer is its subject
   (the nearest person before it is "I", not "she", "my client" or "he"), it is not negated
   ("I'm not suicidal", "no thoughts of harming myself"), it is not a figure of speech ("killing
   myself to finish these notes", "cut myself shaving") and it is not told as past, finished
   history ("ten years ago I tried to end my life") unless the sentence says it is back.
4. Across the text: ideation with a means, a place or a plan nearby becomes "plan"; with a time or
   a decision nearby it becomes "intent"; two or more signs of hopelessness or of wanting it all
   to stop, without any direct statement, become "hopelessness".

The admin's phrase list (CrisisPhrase) adds a deployment's own phrases on top, read the same way.
A separate check, find_method_detail, looks for methods described in specific terms, whoever they
are about (safe-messaging guidance asks that they are not).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from moderation.models import CrisisPhrase
from moderation.unmask import unmask

URGENT, CONCERN = "urgent", "concern"


class Category:
    """The risk taxonomy (docs/safety.md)."""

    PASSIVE_IDEATION = "passive_ideation"
    ACTIVE_IDEATION = "active_ideation"
    PLAN = "plan"
    INTENT = "intent"
    PREPARATION = "preparation"
    SELF_HARM = "self_harm"
    HARM_OTHERS = "harm_others"
    HOPELESSNESS = "hopelessness"

    LABELS = {
        PASSIVE_IDEATION: "Wish to be dead",
        ACTIVE_IDEATION: "Thoughts of suicide",
        PLAN: "Method, place or plan",
        INTENT: "Intent or timing",
        PREPARATION: "Preparing",
        SELF_HARM: "Self-harm",
        HARM_OTHERS: "Harm to someone else",
        HOPELESSNESS: "Hopelessness",
    }
    # Which match names a text when it has several (after severity): the most specific first.
    ORDER = [
        INTENT,
        PLAN,
        PREPARATION,
        SELF_HARM,
        HARM_OTHERS,
        ACTIVE_IDEATION,
        PASSIVE_IDEATION,
        HOPELESSNESS,
    ]


@dataclass(frozen=True)
class CrisisMatch:
    category: str
    severity: str
    text: str  # the words that matched, as normalised
    why: str = ""
    source: str = "rule"  # "rule" (built in), "phrase" (the admin's list) or "model" (risk_model)
    # The writer says it of themselves "too" or "as well", after telling it of someone else ("my
    # client talked about wanting to die ... what I didn't say is that I want to die too"), or says
    # a thing no professional talk explains (a fitting at home that would hold them, an attempt
    # just made, a goodbye said in secret): the learned reader's doubt (risk_model.decide,
    # VETO_BELOW) does not outweigh it.
    of_themselves_too: bool = False

    @property
    def label(self) -> str:
        return Category.LABELS.get(self.category, self.category)


@dataclass(frozen=True)
class CrisisScreen:
    """What the detector found in one text.

    TENTATIVE: a finding of the learned reader alone, which thinks a crisis less likely than not
    (under odds of two to three if urgent: moderation/risk_model.py, decide). Moderators check it
    in the crisis checks like any other possible crisis (a concern without an email; an urgent
    one at the top, emailed as usual), and nothing that others see changes: no content warning,
    no step before publishing, and a private message is not shown to moderators. Its author
    still sees, gently worded, where help is."""

    matches: tuple[CrisisMatch, ...] = ()
    tentative: bool = False

    @property
    def is_crisis(self) -> bool:
        return bool(self.matches)

    @property
    def is_firm(self) -> bool:
        """A possible crisis that changes what members see (see TENTATIVE above)."""
        return self.is_crisis and not self.tentative

    @property
    def severity(self) -> str | None:
        if not self.matches:
            return None
        return URGENT if any(match.severity == URGENT for match in self.matches) else CONCERN

    @property
    def main(self) -> CrisisMatch | None:
        """The match that names the text: the most severe, then the most specific."""
        if not self.matches:
            return None
        return min(self.matches, key=lambda m: (m.severity != URGENT, Category.ORDER.index(m.category)))

    @property
    def category(self) -> str | None:
        return self.main.category if self.matches else None

    def summary(self) -> str:
        """One line for moderators: severity, category and the matched words."""
        if not self.matches:
            return ""
        main = self.main
        words = ", ".join(f"“{text}”" for text in dict.fromkeys(match.text for match in self.matches))
        unsure = " (unsure: the learned reader alone, under even odds)" if self.tentative else ""
        return f"{self.severity.capitalize()}: {main.label.lower()}{unsure}. Matched: {words}"


# --- 1. Normalising ---------------------------------------------------------------------------


def _contractions() -> dict[str, str]:
    """Written-out forms of contractions, with or without the apostrophe, and of texting words."""
    words = {
        "can't": "can not", "cant": "can not", "cannot": "can not", "won't": "will not", "wont": "will not",
        "i'm": "i am", "im": "i am", "i've": "i have", "ive": "i have", "i'd": "i would", "i'll": "i will",
        "wanna": "want to", "gonna": "going to", "gotta": "got to", "kms": "kill myself", "unalive": "kill",
        "coz": "because", "cuz": "because", "cos": "because", "bc": "because", "u": "you", "ur": "your",
        "rn": "right now", "thru": "through", "tmrw": "tomorrow", "tmr": "tomorrow", "tomoz": "tomorrow",
        "tomorow": "tomorrow", "tonite": "tonight", "2night": "tonight", "od": "overdose", "tabs": "tablets",
        "meds": "medication", "s/h": "selfharm", "kil": "kill", "killl": "kill", "sucide": "suicide",
        "killmyself": "kill myself", "suicde": "suicide", "sucidal": "suicidal", "suicidle": "suicidal",
        "suicdal": "suicidal",
        "suicidial": "suicidal", "sucicidal": "suicidal", "siucidal": "suicidal", "myslef": "myself", "wen": "when", "miself": "myself", "meself": "myself",
        "mysefl": "myself", "mysef": "myself", "myelf": "myself", "msyelf": "myself", "paracetemol": "paracetamol",
        "paracetomol": "paracetamol", "paracetamols": "paracetamol", "whats": "what is", "thats": "that is",
        "theres": "there is", "hes": "he is", "shes": "she is", "theyre": "they are", "youre": "you are",
    }  # fmt: skip
    for verb in [
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "have",
        "has",
        "had",
        "could",
        "would",
        "should",
        "must",
        "need",
        "ai",
    ]:
        words[f"{verb}n't"] = words[f"{verb}nt"] = f"{verb} not"
    for pronoun in ["you", "we", "they"]:
        words[f"{pronoun}'re"], words[f"{pronoun}'ve"] = f"{pronoun} are", f"{pronoun} have"
    for pronoun in ["it", "that", "there", "what", "he", "she"]:
        words[f"{pronoun}'s"] = f"{pronoun} is"
    for pronoun in ["he", "she", "they", "you", "we"]:
        words[f"{pronoun}'ll"], words[f"{pronoun}'d"] = f"{pronoun} will", f"{pronoun} would"
    words.pop("its", None)
    return words


CONTRACTIONS = _contractions()
# One pass over the text (a pass per pattern took 36 ms on a 5,000-word post).
_CONTRACTION = re.compile(
    r"(?<![\w'/])(?:"
    + "|".join(re.escape(word) for word in sorted(CONTRACTIONS, key=len, reverse=True))
    + r")(?![\w'])"
)
_PHRASES = [
    (re.compile(r"\bself[\s-]*harm"), "selfharm"),
    (re.compile(r"\bover dose"), "overdose"),
    (re.compile(r"\bany more\b"), "anymore"),
]
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "`": "'"})


def normalise(text: str) -> str:
    text = _CONTRACTION.sub(lambda match: CONTRACTIONS[match.group(0)], text.translate(_QUOTES).lower())
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return text


# --- 2. Other people's words ------------------------------------------------------------------

# The opening quote comes first in the pattern (a lookbehind first was tried at every character);
# a single quote straight after a letter is an apostrophe, not an opening quote (checked just after
# it: trying each "don't" as a quotation up to 300 characters long took 6 ms at 5,000 words, and
# could swallow a real quotation after it), and so is one between letters inside a quotation
# ('I know where I'd do it').
QUOTED = re.compile(r'"([^"\n]{2,400})"|\'(?<![\w]\')((?:[^\'\n]|(?<=\w)\'(?=\w)){2,300}?)\'(?![\w])')
# Said by the writer: what comes just before the quote ends with "I said", "I told my GP", "I
# keep thinking", "I typed"... (the nearest speaker before the quote).
WRITER_SPEAKS = re.compile(
    r"(?:\bi (?:\w+ ){0,2}(?:said|say|told|tell|wrote|write|typed|type|texted|thought|think|thinking|whisper\w*|"
    r"admitted|confessed|posted|messaged|screamed|cried|kept saying|keep saying)|\bi(?:'[a-z]+)? (?:\w+ ){0,2}"
    r"(?:rehears\w*|practis\w*|practic\w*|say|tell))\b[^\"']{0,40}$"
)
# ... or a sentence that starts with the verb, in a texting style: "told my psychologist 'if I did it...'".
WRITER_SPEAKS_UNSAID = re.compile(
    r"(?:^|[.!?\n]\s*)(?:(?:just|then|also|finally|even|once|and|so) )?(?:said|told|wrote|typed|texted|messaged|"
    r"admitted|confessed|posted)\b[^\"'.!?]{0,40}$"
)
OTHER_SPEAKS = re.compile(
    r"\b(?:he|she|they|client|patient|man|woman|boy|girl|lad|mum|mom|dad|son|daughter|colleague|caller|"
    r"partner|friend|someone|somebody|nurse|doctor|teenager|kid|child|resident|student|pupil|husband|wife)\b"
    r"[^\"'.]{0,40}$"
)


# A Markdown blockquote line ("> ..."): how a reply quotes another member's post.
BLOCKQUOTE = re.compile(r"^[ \t]*>[^\n]*", re.MULTILINE)


def _others_quotes(text: str) -> list[tuple[int, int]]:
    """Where TEXT quotes someone other than the writer: (start, end) of each such quotation, in
    quotation marks or a blockquote, unless the writer says the words are theirs ("I wrote:")."""
    if '"' not in text and "'" not in text and ">" not in text:
        return []
    spans = []
    for match in sorted(
        [*QUOTED.finditer(text), *BLOCKQUOTE.finditer(text)], key=lambda match: match.start()
    ):
        before = text[max(0, match.start() - 60) : match.start()]
        if WRITER_SPEAKS.search(before) and not OTHER_SPEAKS.search(before.split(" i ")[-1]):
            continue  # the writer's own words
        if WRITER_SPEAKS_UNSAID.search(before) and (match.start() <= 60 or re.search(r"[.!?\n]", before)):
            continue  # the writer's own words, the subject left unsaid at the start of a sentence
        spans.append(match.span())
    return spans


# A full stop between digits ("the 7.40 train", "2.5 mg") does not end a sentence.
SENTENCE = re.compile(r"(?:[^.!?;\n]|(?<=\d)\.(?=\d))+")
# Inside a sentence that may match, clauses joined by "but" or a dash are read apart: "I'm not
# suicidal - but I want to die".
CLAUSE_END = re.compile(r"\s-{1,2}\s|\s(?=but\s)")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|s/h")
# Words as written, apostrophes kept ("don't"), for the anchor lookups before normalising; a single
# quotation mark next to a word is not part of it ("'i want to die'").
TOKEN = re.compile(r"s/h|[a-z0-9]+(?:'[a-z0-9]+)*")


@dataclass
class Prepared:
    """A text read once for every check (moderation/safety.py): lowered, split into sentences with
    their places in it and their words, where it quotes other people, and which of its sentences
    are items of a list the writer denies ("Things I'm not:", DENYING_HEADING)."""

    lowered: str
    spans: list
    sentences: list
    words: list
    others_quotes: list
    denied: frozenset = frozenset()

    def writers_own(self, index: int) -> str:
        """Sentence INDEX as the writer's own words: with other people's quoted words blanked out,
        and blank for an item of a list the writer denies."""
        return "" if index in self.denied else self.without_quotes(index)

    def without_quotes(self, index: int) -> str:
        """Sentence INDEX with other people's quoted words blanked out ("" past either end)."""
        if index < 0 or index >= len(self.sentences):
            return ""
        sentence = self.sentences[index]
        start, end = self.spans[index]
        for quote_start, quote_end in self.others_quotes:
            if quote_start < end and quote_end > start:
                left, right = max(quote_start, start) - start, min(quote_end, end) - start
                sentence = sentence[:left] + " " * (right - left) + sentence[right:]
        return sentence


def prepare(text: str) -> Prepared:
    """TEXT read once, its disguised words undone first (moderation/unmask.py)."""
    lowered = unmask(text).translate(_QUOTES).lower()
    spans = [match.span() for match in SENTENCE.finditer(lowered)]
    sentences = [lowered[start:end] for start, end in spans]
    return Prepared(
        lowered=lowered,
        spans=spans,
        sentences=sentences,
        words=[set(TOKEN.findall(sentence)) for sentence in sentences],
        others_quotes=_others_quotes(lowered),
        denied=_denied_items(sentences) if ":" in lowered else frozenset(),
    )


# --- 3. Who, whether and when -----------------------------------------------------------------


def word_set(words: str) -> frozenset:
    return frozenset(words.split())


FIRST_PERSON = {"i", "me", "myself", "my", "mine"}
# Words that may stand between a subject and what it says ("I just really want to die").
FILLERS = word_set(
    """
    just really honestly sometimes often still genuinely seriously literally actually truly also even don
    almost constantly secretly quietly lowkey totally so simply definitely probably kind sort of do did
    have had has been am was were is keep kept started start begun began think feel felt would could
    might may will can not never no longer always ever increasingly more and a bit little now currently
    lately recently again half partly to that like mostly occasionally kinda sorta fully tbh ngl lol
    basically properly completely deeply desperately badly want wanted wants going gone get got keeps
    seem seems seemed the thought idea being be find found tried trying try some days nights mornings
    most all these this week night thinking about abt intrusive horrible awful constant vivid dark
    thoughts urges images pictures fantasies daydreams
    """
)
THIRD_PERSON = word_set(
    """
    he she they him her them his hers their client clients patient patients someone somebody people man
    woman boy girl mum mom dad mother father son daughter colleague colleagues caller partner friend
    husband wife brother sister person kid kids child children teenager resident student pupil user
    everyone anyone nobody who whom character lad lady gentleman supervisee trainee manager you your
    yourself
    """
)
NEGATIONS = {"not", "never", "no", "nor", "without", "deny", "denies", "denied", "nothing", "zero"}
# "I can't stop thinking about...", "I haven't stopped wanting to..." are not denials.
NOT_A_DENIAL = re.compile(
    r"\b(?:not|never) (?:(?:been able to |managed to )?(?:stop|stopped|help|helped|shake|shaken|shook|escape|escaped|"
    r"get rid of|got rid of|get away from|got away from|switch off|switched off)|sure)\b"
)
# A question someone asked ("asked if I'd had thoughts of ending my life", "asked me straight out on
# Tuesday whether..."): not the writer's statement. Not "nobody asked, but if I'm honest...".
# The question runs on to the core: no more than sixteen words after "if" or "whether", with no
# stop or comma between and no new "and I ..." ("asked whether I could cover the weekend, and I
# keep thinking about ending it" is the writer's own statement).
ASKED = re.compile(
    r"\b(?:asked|asks|ask|asking|screen\w*|question\w*|item)(?! for a friend)(?: (?:me |us |him |her |them )?(?:if|whether|"
    r"about)|"
    r"(?:\W+(?!(?:i|but|though|although)\b)\w+){1,16}\W+(?:if|whether))\b"
    r"(?:(?! (?:and|so|but|then) i\b)[^\w,;:.!?]+\w+){0,16}[^\w,;:.!?]*$"
)


def _asked(before: str) -> bool:
    """Whether the core after BEFORE is a question someone asked (ASKED, in its last words)."""
    return bool(ASKED.search(before[-160:]))


# "... that I want to die too", "thinking about killing myself as well, lately": the clause ends on
# "too" or "as well" (not "too tired to..."). Only of thoughts and self-harm: "giving away my things
# too" is as often "as well as the cats".
SAID_TOO_OF_THEMSELVES = {Category.PASSIVE_IDEATION, Category.ACTIVE_IDEATION, Category.SELF_HARM}
THEMSELVES_TOO = re.compile(
    r"^(?:\W+\w+){0,3}?\W+(?:too|as well)\b(?=\W*$|\W*[,.;:!?)]|\s+(?:and|but|lately|now|sometimes|tonight|honestly)\b)"
)
# "There's no part of me that wants to be dead", "I did not mean I want to die": a denial before its
# subject. (Not "it's not that I want to die exactly": as often a hedge as a denial.)
NO_PART_OF_ME = re.compile(
    r"\b(?:(?:no|not (?:a|one|any)) (?:part|bit|piece) of me|(?:not|never) (?:mean|meant)(?: that)? i)"
    r"\b(?:\W+\w+){0,2}\W*$"
)
PAST_STORY = re.compile(
    r"\b(?:years? ago|months ago|(?<!since )(?<!from )last year|before before|decades? ago|years back|used to|back then|back in|in (?:19|20)\d\d|"
    r"all through (?:my|the) (?:\w+ )?(?:degree|training|course|teens|twenties|school|uni|university)|when i was (?:younger|"
    r"little|a (?:teen|kid|child|student)|at|in|\d+)|as a (?:teen|teenager|student|child|kid|young)|"
    r"in my (?:teens|twenties|thirties|20s|30s)|at (?:school|uni|university|college|med school)|"
    r"(?:long|many years) before|previous(?:ly)?|history of|survived|recovered|recovery|clean for|"
    r"\d+ years? (?:clean|free|without|on|later)|(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|many|"
    r"several) (?:years?|months?) since i (?:last )?|(?:free|clean) (?:of|from) (?:\w+ ){1,2}for \d+|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|many) years (?:on|later|clean|free)|for most of (?:my|that)|"
    r"during (?:covid|the pandemic|lockdown|(?:my|the) (?:training|divorce|placement|first year))|"
    r"have not (?:selfharmed|cut|hurt myself|felt) (?:in|for|since))"
)
RECOVERY = re.compile(
    r"\b(?:doing (?:well|ok|okay|better) now|better now|(?:therapy|medication|treatment|it) helped|glad i am (?:still )?"
    r"here|grateful to be (?:alive|here)|got through it|came through|recovered|in recovery|survived|years on|"
    r"have not (?:felt|had) (?:like )?that (?:since|in|for)|haven't since|got me through|(?:\d+|a|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|many) (?:years?|months?) clear)\b"
)
PAST_CORE = re.compile(
    r"^(?:i )?(?:had|was|were|wanted|tried|attempted|used|felt|thought|took|cut|self ?harmed)\b"
)
COMING_BACK = re.compile(
    r"\b(?:again|(?<!years )back(?! (?:in (?:19|20)\d\d|then|when|in the day|in uni|in training|in school))|returned|returning|creeping|resurfac\w*|(?:first|1st) time (?:in|since)|lately|recently|"
    r"these days|this week|this month|right now|tonight|(?<!ago )today|last night|yesterday|this morning|"
    r"at the moment|currently|anymore|(?<!well )(?<!better )(?<!okay )(?<!ok )(?<!fine )(?<!safe )now)\b"
)
RECENT_ACT = re.compile(
    r"\b(?:last night|yesterday|this morning|this afternoon|this evening|earlier|today|tonight|again|"
    r"this week|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:first|1st) time (?:in|since)|"
    r"(?:an|a few|two|couple of|couple) (?:hours?|days?) ago|just now|relapsed|have been|am|deeper than|stitches|"
    r"bled|bleeding|until i|until it|re-?opened|re-?opening|can not stop|cannot stop|every (?:day|night|nite)|last week|"
    # "I just went back in and hurt myself" (not "I just want to")
    r"i (?:have |had )?just (?:went|got|came|hurt|cut|burned|burnt|did|scratched|hit|punched|carved|took|taken|"
    r"swallowed|downed|necked))\b"
)
URGE = re.compile(
    r"\b(?:thinking (?:about|of)|think (?:about|of)|urges?|want(?:ing)? to|tempted|craving)\s+(?:\w+\s+)?$"
)
SOMEONE_ELSES = re.compile(r"\b(?:his|her|their|hers|theirs|he|she|they)\b")
FEAR = re.compile(r"\b(?:scared|afraid|terrified|frightened|worried|fear|panic|petrified|intrusive)\b")


def _words(text: str) -> list[str]:
    return WORD.findall(text)


# "Does anyone else ...?" tells what the writer does and asks who else does (a few words before the core).
ANYONE_ELSE = re.compile(
    r"\b(?:does|do|did|has|have|is|am|will) (?:anyone|anybody) else\b(?P<rest>(?:\W+\w+){0,4}\W*)$"
)


# "Hypothetically" and "asking for a friend" put the writer's own question at one remove; someone
# unnamed after them is the writer.
FOR_A_FRIEND = re.compile(r"\b(?:hypothetically|asking for a friend)\b")
ANYONE = frozenset(
    ["someone", "somebody", "anyone", "person", "friend", "they", "them", "their", "you", "your"]
)
# ... and when the post goes on to say that the friend is the writer ("I'm the friend", "it's me,
# obviously"), the people it asks about are the writer, in every sentence.
ADMITS_BEING_THE_FRIEND = re.compile(
    r"\b(?:i(?:'m| am|m) the friend|the friend (?:is|was) (?:actually |really |obviously |just )?me|it(?:'s| is|s) "
    r"(?:obviously |actually |really |just |of course )?me\b(?! (?:who|that|and|or)\b)|obviously (?:it(?:'s| is) )?me|"
    r"there(?:'s| is) no friend|asking for (?:me|myself))\b"
)
THE_FRIEND = word_set("someone somebody person friend they them their she her hers he him his")


def writer_in_disguise(lowered: str) -> frozenset:
    """The words that name the writer in a text that asks "for a friend" and then says the friend
    is the writer: those of THE_FRIEND; otherwise none."""
    if FOR_A_FRIEND.search(lowered) and ADMITS_BEING_THE_FRIEND.search(lowered):
        return THE_FRIEND
    return frozenset()


def _subject_is_writer(before: str, core: str, who: str, writer: frozenset = frozenset()) -> bool:
    """Whether the writer is the one who says CORE, given BEFORE (the sentence up to it) and WHO
    (see Rule): walks back over filler words to the nearest person. WRITER: other words that name
    the writer in this text (writer_in_disguise)."""
    if who == "self" or (_words(core)[:1] and _words(core)[0] in FIRST_PERSON):
        return True  # the core names the writer ("everyone would be better off without me")
    if (asking := ANYONE_ELSE.search(before)) and THIRD_PERSON.isdisjoint(_words(asking.group("rest"))):
        return True  # "does anyone else think about ...": the writer does, and asks who else
    if (asking := FOR_A_FRIEND.search(before)) and set(
        _words(before[asking.end() :])
    ) & THIRD_PERSON <= ANYONE:
        return True  # "hypothetically, if someone found themselves ...": the writer, at one remove
    for word in reversed(_words(before)[-10:]):
        if word in FIRST_PERSON or word in writer:
            return True
        if word in THIRD_PERSON:
            return False
        if word in FILLERS:
            continue
        if who == "voice":
            continue
        return False  # any other word (a verb such as "asked", a noun) ends the subject's reach
    return who in {"verb", "voice"}  # the start of the sentence: the writer's own voice


# "What I didn't say is that...", "the part I haven't told anyone is": what follows is said now.
NOT_SAID = re.compile(
    r"\b(?:what|the (?:thing|part|bit)|something) i (?:did not|do not|have not|could not|can not|will not|would not|never) "
    r"(?:say|said|tell|told|mention|mentioned|admit|admitted|write|wrote|put)\w*(?: \w+){0,4}? (?:is|was)(?: that)?\b"
)


REFLEXIVES = frozenset(["myself", "himself", "herself", "themselves", "themself", "yourself"])


def _negated(before: str) -> bool:
    """A denial just before the core, after its subject: "I am not", "I would never", "no
    thoughts of" (but not "nothing changes and I do not see a future", or "what I didn't say: I
    want to die", where a colon or semicolon ends the denial's clause, nor "what I didn't tell her
    is that I want to die", NOT_SAID)."""
    before = before[max(before.rfind(":"), before.rfind(";")) + 1 :]
    if ("not" in before or "never" in before) and (said := list(NOT_SAID.finditer(before))):
        before = before[said[-1].end() :]
    if NO_PART_OF_ME.search(before[-40:]):
        return True
    words = NOT_A_DENIAL.sub("", " ".join(_words(before)[-6:])).split()
    # the denial's subject ends its reach ("she is not ok and I want to die"); an object does not ("I
    # don't see myself killing myself")
    people = [
        index
        for index, word in enumerate(words)
        if (word in FIRST_PERSON or word in THIRD_PERSON) and word not in REFLEXIVES
    ]
    if people:
        words = words[people[-1] + 1 :]
    if any(word in NEGATIONS for word in words[-5:]):
        return True
    # "not having thoughts of suicide or of hurting myself": the denial reaches across "or"
    joined = max(before.rfind(" or ", len(before) - 20), before.rfind(" nor ", len(before) - 20))
    return joined > 0 and _negated(before[:joined])


class Recovering:
    """Whether a text tells of recovery ("doing well now", "therapy helped"), looked up once and
    only when a rule asks (most texts never need it)."""

    def __init__(self, text: str):
        self.text = text
        self.answer = None

    def __bool__(self) -> bool:
        if self.answer is None:
            self.answer = bool(RECOVERY.search(self.text))
        return self.answer


# The past tense just before a core: "I thought about | killing myself", "I wanted to | die".
PAST_LEAD = re.compile(r"\b(?:thought|wanted|tried|planned|used) (?:about|of|to)\W*$")


def _told_as_past(sentence: str, core: str, recovering, before: str = "") -> bool:
    """Finished history: a past-story marker in SENTENCE, or a past-tense core (or one led by the
    past tense, the end of BEFORE) in a post that tells of recovery, with nothing saying it is
    back."""
    if COMING_BACK.search(sentence):
        return False
    if PAST_STORY.search(sentence):
        return True
    return bool(PAST_CORE.search(core) or PAST_LEAD.search(before[-30:])) and bool(recovering)


# --- The rules ----------------------------------------------------------------------------------

# Medicines by name: the one list the crisis rules and the method-detail check both read. The
# learned reader's lexicon (moderation/risk_model.py) holds only TRAINED_MEDICINES, the names its
# shipped model was trained with: a name in its lexicon changes the features of every training
# post that has it, so the other names reach it at the next retraining (docs/safety.md).
TRAINED_MEDICINES = word_set(
    """
    paracetamol acetaminophen tylenol co-codamol cocodamol codeine dihydrocodeine ibuprofen aspirin
    insulin sertraline citalopram fluoxetine amitriptyline mirtazapine quetiapine olanzapine
    clozapine diazepam temazepam zopiclone lorazepam propranolol pregabalin gabapentin tramadol
    morphine oramorph oxycodone fentanyl methadone heroin lithium venlafaxine
    """
)
MEDICINES = TRAINED_MEDICINES | word_set(
    """
    endone oxynorm oxycontin targin percocet vicodin dilaudid hydromorphone hydrocodone
    buprenorphine subutex suboxone palexia tapentadol tramal zydol ultram sevredol zomorph
    pethidine diamorphine durogesic panadeine solpadeine zapain kapake panadol calpol crocin
    disprin anadin mersyndol nurofen advil motrin brufen valium xanax alprazolam alprax clonazepam
    klonopin rivotril ativan restoril nitrazepam mogadon oxazepam serepax chlordiazepoxide
    librium benzos benzodiazepines zolpidem ambien stilnox zimovane imovane phenergan
    promethazine nytol sominex unisom diphenhydramine doxylamine benadryl prozac zoloft lexapro
    escitalopram cipralex effexor efexor cymbalta duloxetine paroxetine seroxat paxil trazodone
    dosulepin dothiepin nortriptyline imipramine clomipramine lofepramine seroquel zyprexa
    risperidone aripiprazole abilify priadel camcolit lamotrigine lamictal carbamazepine
    tegretol valproate epilim depakote digoxin warfarin metformin inderal lantus novorapid
    humalog levemir humulin tresiba ketamine pentobarbital nembutal phenobarbital barbiturates
    midazolam propofol xanor lexotan bromazepam temaze normison stilpane alodorm dormicum rohypnol
    flunitrazepam adderall ritalin methylphenidate concerta vyvanse elvanse dexamphetamine lisdexamfetamine
    modafinil
    """
)
MEANS_WORDS = sorted(
    MEDICINES
    | word_set(
        """
        pills pill tablets tablet medication prescription prescriptions antidepressants opioids overdose
        rope ligature noose belt cord bridge jump jumping train trains tracks railway motorway traffic
        lorry gun knife knives blade blades razor razors drown drowning river sea cliff cliffs roof
        ledge balcony exhaust charcoal hanging hang gas bleach drop multi-storey carpark
        """
    )
)
MEANS = r"(?:" + "|".join(re.escape(word) for word in MEANS_WORDS) + r"|car park|sleeping (?:pills|tablets))"
# What someone can gather, keep or hide (not a bridge or a train).
GATHERABLE_WORDS = sorted(
    MEDICINES
    | word_set(
        """
        pills pill tablets tablet medication meds prescription prescriptions antidepressants opioids
        painkillers rope ligature noose belt cord gun knife knives blade blades razor razors charcoal
        gas bleach
        """
    )
)
GATHERABLE = r"(?:" + "|".join(re.escape(word) for word in GATHERABLE_WORDS) + r"|sleeping (?:pills|tablets))"
# Verbs that say a means is being put by: preparation whatever the amount. "Been buying" and the
# like, a habit over time, count too.
GATHER_STRONG_WORDS = (
    "save saved saving stockpiling stockpiled stockpile collecting hoarding hoarded hoard stash stashed stashing "
    "squirrelled squirreled squirrelling built build building aside hid hidden hiding lined back been"
)
GATHER_STRONG = (
    r"(?:sav(?:e|ed|ing)|stockpil\w+|hoard\w*|stash\w*|squirrel\w*|buil(?:t|d|ding) up|putting aside|put aside|"
    r"kept back|keeping back|hid|hidden|hiding|lined up|been (?:collecting|keeping|buying|getting|ordering|storing|"
    r"counting|picking up))"
)
# Verbs of everyday errands (a prescription picked up, paracetamol bought): preparation only with
# an amount ("two more boxes", "enough", "all my") or with the means set apart ("counted out",
# "ready", "in a tin").
GATHER_WEAK_WORDS = (
    "collect collected collecting keep kept keeping bought buying ordered ordering got getting stored storing counted "
    "counting picked"
)
GATHER_WEAK = (
    r"(?:collect(?:ed|ing)?|keep|kept|keeping|bought|buying|ordered|ordering|got hold of|getting hold of|stored|storing|"
    r"counted|counting|picked up|have got|got)"
)
AMOUNT = (
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|dozen|enough|all|extra|more|another|second|third|spare|several|lots|a lot|"
    r"loads|(?:boxes|box|packets|packet|packs|pack|bottles|strips|tubs|months|weeks|days|length) (?:of|worth))"
)
SET_APART = (
    r"(?:ready|aside|hidden|in (?:a|an|the|my) (?:\w+ )?(?:tin|tub|jar|sock|envelope|shoebox|glovebox)|enough|"
    r"just in case|for when|for the end|for tonight)"
)
GATHERING = "gathering a means"
# Ordinary reasons to have a medicine or a tool, just after the words: "for the kids' colds",
# "for my migraine", "for the drug round". Said of a household or a shift, not of an end.
ORDINARY_PURPOSE = re.compile(
    r"^\W*(?:\w+\W+){0,4}?for (?:the |my |our |a |an )?(?:\w+ )?(?:kids?|children|child|son|daughter|baby|toddler|"
    r"partner|husband|wife|mum|mom|dad|mother|father|nan|gran|grandma|grandad|family|house|household|cupboard|"
    r"first aid|medicine cabinet|colds?|flu|cough|fever|temperature|headaches?|migraines?|toothache|back|period|"
    r"cramps|hay ?fever|allergies|dog|cat|ward|clinic|patients?|residents?|clients?|drug round|shift|morning|week|trip|"
    r"holiday|journey|flight|school|round|climbing|bouldering|sailing|boat|camping|allotment|garden|gym|club|wall|"
    r"scouts|brownies|guides|hike|hiking|trek|trekking|expedition|festival|conference|retreat|days|nights|shortage|"
    r"emergencies)\b|^\W*(?:\w+\W+){0,4}?(?:since|because of|with|during) the shortage\b|"
    # a routine pickup: "collecting my insulin pens from the pharmacy every month"
    r"^\W*(?:\w+\W+){0,3}?from (?:the|my) (?:pharmacy|chemist|surgery|dispensary)(?:\W+\w+){0,3}?\W+(?:every|each|"
    r"monthly|weekly)\b"
)
# Medicine taken as treatment, to a routine or for an illness: "want to take all my tablets at once
# in the morning rather than spread out", "at the same time so I stop forgetting", "two every four
# hours for this flu" (not "at night", "in the morning", "instead" or "is that safe?": said of a
# crisis as often). Not taking all of them, not an overdose, not method detail.
ORDINARY_DOSING = re.compile(
    r"\b(?:at (?:breakfast|lunch|dinner|teatime|tea time|the same time)|with (?:breakfast|food|a meal|meals|lunch|"
    r"dinner)|rather than (?:spread\w*|split\w*|spac\w*|separately|one at a time)|from now on|so (?:that )?"
    r"i (?:stop|do not|don't|dont) (?:forget|miss)|as prescribed|(?:once|twice|three times|four times) a day|one a "
    r"day|pill organi[sz]er|dosette|blister pack|every (?:two|three|four|six|eight|\d) hours|for (?:this|the|my|a) "
    r"(?:\w+ )?(?:flu|cold|cough|fever|headache|migraine|toothache|back|period|cramps|hangover|covid|infection|pain|"
    r"tooth|sore throat))\b"
)
TAKING_ALL = re.compile(
    r"\b(?:take|taking|swallow|swallowing|down|downing|neck|necking) (?:all|every|the whole)\b"
)
# What else is cut, within a few words of "cutting": "the hedge", "corners", "carbs", "my hours" (not
# "cutting every night since they changed my shifts").
NOT_SKIN = re.compile(
    r"\bcutting(?:\W+\w+){0,3}?\W+(?:hedges?|grass|lawn|wood|logs|hair|fringe|onions|veg\w*|fabric|paper|coupons|costs|"
    r"corners|carbs|sugar|ties|classes|budgets?|hours|shifts)\b"
)
# A prescription's supply collected as written ("picked up 28 days of my mirtazapine"), unless more
# is being put by.
A_SUPPLY = re.compile(
    r"\b(?:\d+|a|one|two|three|four|six) (?:days?|weeks?|months?)(?:'s?)? (?:of|worth|supply)\b"
)
# (the one list of such words: moderation/method_detail.py reads it too)
PUT_BY = re.compile(
    r"\b(?:another|extra|more|second|spare|enough|saving|saved|stockpil\w*|hoard\w*|stash\w*|hid\w*|aside|not "
    r"taking|have not taken|not taken|untouched)\b"
)
# Running low, not putting by: "two weeks of tablets left" (but "left over" is what is put by).
RUNNING_LOW = re.compile(r"^\W*(?:left|remaining|to last|to go)\b(?! over)")
# A will, a letter to the children or affairs put in order for a reason in life, not for a death:
# "wrote my will now the baby's here", "letters to my kids for their 18th birthdays". Unless the same
# sentence says the writer will not be there.
GOODBYES = "goodbye letters or messages"
LIFE_ADMIN_RULES = {"putting affairs in order", GOODBYES}
LIFE_EVENT = re.compile(
    r"\b(?:baby|babies|born|pregnan\w*|wedding|married|marriage|engaged|mortgage|new (?:house|home|job)|moved house|"
    r"divorce\w*|turned (?:thirty|forty|fifty|sixty|30|40|50|60)|retir\w*|solicitor|seminar|guardians?(?:hip)?|"
    r"godparents?|(?:16th|18th|21st) birthdays?|their birthdays|graduation|when they are (?:older|grown)|"
    r"grown up|life admin|grown-up|bought (?:a|the|our|my) (?:first )?(?:house|flat|home|place)|own (?:the|our|a) "
    r"(?:house|flat|home)|deploy\w*|power of attorney|surgery|(?:my|an) operation|financial (?:wellbeing|advice|"
    r"adviser|advisor|planning))\b"
)
# Goodbyes and giving things away for leaving a job or moving home: "goodbye letters to my clients
# now that I'm leaving the service", "giving my books away, we're downsizing".
ENDINGS_RULES = {GOODBYES, "giving things away"}
MOVING_ON = re.compile(
    r"\b(?:leaving (?:the |my |this |our )?(?:\w+ )?(?:team|job|service|ward|post|practice|trust|unit|role|school|clinic|"
    r"agency|hospital|company)|(?:my|our|the) (?:last|final) (?:shift|day) (?:is|was|on|at|in|with)|my last shift|last "
    r"day at|resign\w*|(?:handed|handing) (?:in )?my notice|maternity leave|moving on|"
    r"new (?:job|post|role)|group chat|leaving (?:do|card|party)|time capsule|downsiz\w*|declutter\w*|moving (?:house|"
    r"home|abroad|out|desks?|offices?|buildings?|base|sites?|wards?|flats?|country|countries|in with|in together)|"
    r"before the move|(?:office|house|desk|flat|home) move|relocat\w*|emigrat\w*|charity shops?|car boot|boot sale|"
    r"vinted|ebay|freecycle|gumtree|craigslist|marketplace|outgrown|(?:make|making|made) (?:room|space) for|"
    r"clear\w* out (?:the |my |our )?(?:loft|attic|garage|shed|spare room|wardrobe|cupboards?|basement|office))\b"
)
# ... unless the reason is what the writer answers when asked: "gave away my plants and the bike,
# and when people asked, I said I was decluttering" (a cover for giving things away).
COVER_STORY = re.compile(
    r"\b(?:when|if|whenever) (?:people|anyone|anybody|they|someone|somebody|colleagues|friends|work|my \w+) (?:ask|asks|"
    r"asked|ask me|asked me)\W+(?:\w+\W+){0,2}?i (?:said|say|told them|tell them|just said|just say)\b"
)
# ... unless the sentence says the writer will have no need of them: "giving my things away, I'm
# moving somewhere I won't need them".
NO_NEED = re.compile(
    r"\b(?:will not|would not|do not|am not going to) need (?:them|it|any|anything|my|these|those)\b"
)
# ... and goodbye letters to the people a clinician works with: an ending, as therapy has.
TO_CLIENTS = re.compile(
    r"\b(?:to|for) (?:all |each of |\d+ of |all \d+ of )?(?:my|our|the) (?:\w+ ){0,2}(?:clients|patients|service users|"
    r"caseload|residents)\b"
)
NOT_THERE = re.compile(
    r"\b(?:not be (?:there|here|around)|will not be (?:there|here|around)|when i am gone|after i am gone|after i die|"
    r"goodbye|last (?:letter|thing)|in case i)\b"
)
# Counting and keeping medicines is a nurse's job: a clinical task in the sentence is nobody's
# preparation.
CLINICAL_TASK = re.compile(
    r"\b(?:cd|controlled drugs?) (?:check|count|book|cupboard)|\bdrug (?:round|trolley|chart)|\bdosette|\bblister "
    r"packs?|\bmar chart|\bpharmacy (?:audit|stock)|\bstock (?:check|count)\b"
)
BODY = r"(?:arms?|legs?|wrists?|thighs?|skin|stomach|hips?|forearms?|chest|ankles?)"
BODY_WORDS = (
    "arm arms leg legs wrist wrists thigh thighs skin stomach hip hips forearm forearms chest ankle ankles"
)


@dataclass(frozen=True)
class Rule:
    """One way the writer's risk shows.

    WHO says how the writer must be the one speaking: "self": the core names the writer ("kill
    myself"), so it counts whoever else is mentioned; "verb": a first-person subject, or none at
    all at the start of a sentence ("want to die" in a texting style); "subject": a first-person
    subject, in or just before the core ("suicidal thoughts" alone is how clinicians talk about
    clients); "voice": the writer unless the nearest person before the core is someone else
    ("there's no point in me carrying on", "I have these intrusive thoughts about hurting...").

    ANCHORS: groups of words; a sentence is tried only if it has a word of every group (a few set
    lookups instead of a search: a long post is mostly sentences no rule could match). Every
    match of PATTERN must contain a word of each group; tests/safety checks this on the corpus."""

    category: str
    severity: str
    pattern: re.Pattern
    who: str
    why: str
    anchors: tuple
    source: str = "rule"


def _rules(category: str, severity: str, who: str, why: str, *variants: tuple[str, str]) -> list[Rule]:
    """One Rule per (pattern, anchors) variant; anchors are groups of words joined by " + "."""
    return [
        Rule(category, severity, re.compile(pattern), who, why,
             tuple(frozenset(group.split()) for group in anchors.split(" + ")))
        for pattern, anchors in variants
    ]  # fmt: skip


# A method the writer names for themselves ("hang myself"): a plan, and intent after "going to".
# Not the figures of speech "shoot myself in the foot", "drown myself in paperwork" or "throw myself
# under the bus / into work".
METHOD_ON_SELF = (
    r"(?:(?:hang|hanging|shoot|shooting|gas|gassing) myself(?! in the foot)|drown(?:ing)? myself(?! in (?!(?:the|a|"
    r"that) (?:river|sea|lake|canal|bath|bathtub|loch|reservoir|water|ocean|harbour|quarry)\b))|throw(?:ing)? myself "
    r"(?:(?:off|in front of|from) (?:the |a |that )?(?:\w+ )?(?:bridge|roof|cliff|train|building|car park|multi-storey|"
    r"balcony|ledge|tower|viaduct|platform|tracks|motorway|lorry|bus|traffic|car|van|truck)|under (?:a|the) (?:train|"
    r"lorry|truck|tube)))"
)
METHOD_ON_SELF_WORDS = "hang hanging shoot shooting gas gassing drown drowning throw throwing"
METHOD_FOR_SELF = "names a method for themselves"
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
OVERDOSED = (
    r"(?:(?:took|taken) an? (?:\w+ )?overdose|overdosed|od'd|od'ed|(?:od'd|overdose) on (?:my|the|her|his|some|all (?:my|the)) "
    r"(?:\w+ )?(?:meds|medication|pills|tablets|insulin|paracetamol|sleeping tablets|antidepressants))"
)
RECENTLY = (
    rf"(?:last night|yesterday|this (?:morning|afternoon|evening|week)|on (?:{WEEKDAYS.replace(' ', '|')})|"
    r"(?:at|over) the weekend|(?:an|a|one) (?:hour|day) ago|(?:a few|few|two|three|four|five|ten|twenty|thirty|couple of|"
    r"a couple of|forty|\d+) (?:hours|hrs|days|minutes|mins|min) ago|half (?:an )?hour ago|that night|before (?:i )?(?:logged on|logging on|posted|"
    r"posting|started (?:typing|writing)|wrote this|writing this)|earlier(?! in (?:my|the|life|career))|again)"
)
RECENTLY_WORDS = (
    f"night yesterday morning afternoon evening week {WEEKDAYS} weekend hour hours hrs day days minutes mins min earlier "
    "again before"
)
ATTEMPT_WHY = "a recent suicide attempt"
MEANS_READY = "a means in use or made ready"
# "Suicide" as a topic of work, not a thought: "suicide prevention training", "suicide risk".
SUICIDE_AS_TOPIC = (
    r"(?! (?:prevention|awareness|training|risk|rates?|statistics|policy|audits?|assessments?|screening|bereavement|"
    r"postvention|research|first aid|lead|team|strategy|modules?|courses?|helplines?|charit\w+|inquir\w+|reviews?|cases?|"
    r"clusters?|among|in (?:young|men|women|nurses|doctors|clinicians|healthcare|the nhs|the profession))\b)"
)
OVERDOSE_WHY = "a recent overdose"  # said with when: never read as an urge
# An attempt or an overdose just made, said in so many words: the learned reader's doubt does not
# outweigh it (CrisisMatch.of_themselves_too); it knows few such posts, and none with a medicine
# it was not trained on ("took 60 of my adderall ... 30 min ago").
ACTS_JUST_DONE = {ATTEMPT_WHY, OVERDOSE_WHY}
JUST_NOW = re.compile(
    r"\b(?:last night|yesterday|this (?:morning|afternoon|evening)|tonight|today|just|(?:an|a|half an?|one) hour ago|"
    r"\d+ (?:mins?|minutes|hours|hrs) ago|earlier|before i (?:logged on|posted))\b"
)
# An attempt is told as history far more often than as news: the age it happened at ("at 22", "at
# nineteen") or a past marker anywhere in its sentence makes it history, even beside "today" or
# "this week" ("seven years ago this week I tried..."), unless it happened "again".
AGE_THEN = re.compile(
    r"\b(?:at|aged|age) (?:1[0-9]|[2-9][0-9]|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
    r"thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\b(?!:|\s*(?:am|pm|o'?clock|hundred))"
)
# Enough of a medicine taken at once to be an overdose: "took 30 paracetamol", "swallowed a whole
# box of co-codamol", "necked all my zopiclone" (not "took 2 paracetamol", "took 10 mg of ...",
# "takes 6 tablets a day").
TAKEN_A_LOT = (
    r"(?:took|taken|swallowed|downed|necked) (?:(?:like|about|around|maybe|roughly|over|nearly|at least) )?"
    r"(?:(?:[5-9]|[1-9]\d{1,2})(?!\s*(?:mg|milligrams?|mcg|ml|g|grams?|units?)\b)|"
    r"five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a hundred|dozens|loads|"
    r"a handful|handfuls|a bunch|a load|a pile|a fistful|heaps|a (?:whole |full )?(?:box|packet|pack|strip|bottle|tub|"
    r"jar)|(?:the|my) whole (?:box|packet|pack|strip|bottle|tub|jar|lot|week|month|fortnight|supply|prescription|script)"
    r"(?:'s)?(?: worth| supply)? of|a (?:week|month|fortnight)(?:'s|s)? (?:worth|supply) of|(?:two|three|four|five|several) (?:whole )?(?:boxes|packets|packs|strips|bottles)|the (?:whole|rest of the|"
    r"lot of)) (?:of )?(?:(?:my|the|those|these|her|his|their) )?(?:[a-z]+'s )?(?:\w+ )?"
)
TAKEN_A_LOT_WORDS = "took taken swallowed downed necked"
# "All my tablets" is as often the morning's round ("took all my meds this morning for once"): an
# overdose only said with "just", "at once" or how the writer feels now.
TAKEN_ALL = (
    r"(?:took|taken|swallowed|downed|necked) all (?:of )?(?:my|the|them|those|these) (?:[a-z]+'s )?(?:\w+ )?"
)
FEELING_IT = (
    r"(?:at once|in one go|all at once|(?:and|n|now) (?:i am|im|i'm|feeling|i feel) (?:\w+ )?(?:scared|frightened|"
    r"sorry|shaking|dizzy|sick|sleepy|drowsy|weird|strange|terrified|panicking))"
)
C = Category
# What "hitting the ..." and "hurting my ..." so often are: "worried about hitting the deadline",
# "thinking about hitting the gym", "scared of hurting my back" (not harm to anyone).
OWN_BODY = (
    r"(?:back|knee|knees|ankle|shoulder|neck|wrist|hip|hand|foot|leg|head|chances|career|reputation|feelings)"
)
HARMLESS_OBJECTS = (
    r"(?:wall|walls|road|gym|deadline|deadlines|target|targets|ball|books|sack|hay|bottle|brakes|button|snooze|"
    r"nail|jackpot|shops|pub|bar|beach|slopes|town|motorway|floor|ground|ceiling|big time|headlines|news|spot|mark|"
    r"mood|time|vibe|plant|plants|weeds|lights|switch|notes|paperwork|inbox|queue|limit|pavement|trail|hills?|"
    r"high notes?|sweet spot|send button|panic button|keyboard|desk|pillow|punchbag|punch bag|bag|pads)"
)
# Whom a thought of harm is about: a person, not one's own back or the deadline (above).
SOMEONE_HARMED = rf"(?:him|her|them|someone|somebody|people|others|my(?! (?:own )?{OWN_BODY}\b)|(?:the|a)(?! {HARMLESS_OBJECTS}\b))"
# "I won't be around after Christmas, and I don't mean on holiday": the ordinary reason denied.
NOT_FOR_A_REASON = "will not be here, and not for an ordinary reason"
WELCOMES_DEATH = "would welcome death"
VERBS_OF_THINKING = "thinking thought think thinkin considering consider planning contemplating contemplated"
# "I can't promise I'll be safe", "not sure I can keep myself safe"
CANNOT_STAY_SAFE = (
    r"(?:can not|could not|not sure i can|do not know if i can|do not think i can|unable to) (?:promise|guarantee|say|"
    r"keep|stay)\b(?:\W+\w+){0,3}?\W+safe\b"
)
RULES = [
    # Passive ideation: the wish to be dead, not to wake up, not to be here.
    *_rules(C.PASSIVE_IDEATION, CONCERN, "verb", "wishes to be dead",
            (r"\bwant(?:s|ed|ing)? (?:to )?(?:die|be dead|just die)\b", "die dead + want wants wanted wanting")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "self", "wishes to be dead",
            (r"\bwish(?:ed|ing)? (?:that )?i (?:just |really |honestly )?(?:was|were|had (?:never been born|died)|(?:could "
             r"|would |could just |would just )?(?:die|disappear|stop existing|not wake up|fall asleep (?:and|forever)|"
             r"sleep forever)|was not (?:here|alive|born)|were not (?:here|alive|born))", "wish wished wishing")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "verb", "does not want to be alive",
            (r"\b(?:do|did|does) not want to (?:be here|be alive|exist|live|wake up|go on|be around|carry on|keep living|"
             r"keep going|be on this earth|face (?:another day|tomorrow))\b",
             "want + not + here alive exist live wake go around carry living going earth face")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "self", "believes others would be better off without them",
            (r"\bbetter off (?:dead|without me|if i (?:was|were|was not|were not) (?:gone|dead|here|around))|\b(?:would|"
             r"will) (?:all )?be better off (?:without me|if i)", "better + off"),
            (r"\b(?:easier|better) for (?:everyone|everybody|them|my (?:family|kids|partner)) if i (?:just )?(?:was not|"
             r"were not|was gone|were gone|died|was not around|were not around|disappeared)", "easier better + if")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "self", "hopes not to wake up",
            (r"\b(?:hope|hoping|pray|praying|wish|wishing) (?:that )?i (?:just |would just )?(?:do not|would not|will "
             r"not|never|did not) wake up\b|\bnot (?:wake|waking) up (?:tomorrow|in the morning|again)\b|\b(?:welcome|"
             r"welcoming) not (?:waking|wake) up\b", "wake waking"),
            (r"\b(?:go|went|going) to sleep and (?:never|not) (?:wake up|have to (?:come back|wake up)|come back)\b",
             "sleep + wake come")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "voice", "sees no point in living",
            (r"\b(?:no|not any|not much|is there (?:any|a)|what is the) (?:point|reason) (?:in |of )?(?:me |my )?"
             r"(?:living|being alive|going on|carrying on|being here|to live|to go on|to keep going|in life|staying alive|"
             r"to be alive|existing|still being here)\b",
             "point reason + living alive going carrying here live keep life existing")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "verb", "sees nothing to live for",
            (r"\bnothing (?:left )?to live for\b|\bno reason to live\b", "live + nothing reason"),
            (r"\b(?:(?:can not|could not|unable to|struggl\w* to|failed to) (?:think of|find|come up with|name|see)|(?:do|"
             r"did) not have) (?:a|one|any|a single|even one|one single|one good|a good) (?:good |real |single )?reasons? "
             r"(?:to|for) (?:live|living|stay alive|staying alive|keep going|keep living|go on|going on|carry on|be "
             r"alive|be here)\b|\bwhat reasons? do i (?:even |really |actually )?have (?:to|for) (?:live|living|go on|"
             r"carry on|keep going|stay alive|be alive|be here)\b",
             "reason reasons + live living alive keep go going carry here"),
            (r"\bcan not go on (?:anymore|any longer)\b", "anymore longer + go + can")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "verb", "is tired of being alive",
            (r"\b(?:tired|sick|weary) of (?:being alive|living|existing|life itself|life)\b",
             "tired sick weary + alive living existing life"),
            (r"\bhate (?:being alive|living|existing)\b(?! (?:in|with|next|near|on|here|there|so|this|at|by|under|like)\b)",
             "hate + alive living existing")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "verb", "thinks of not being here",
            (r"\bnot (?:be|being) (?:here|around|alive) (?:anymore|much longer|for much longer|tomorrow|next year)\b|"
             r"\b(?:thinking|think|thought|thoughts) (?:about|of) not (?:being|be) (?:here|around|alive)\b|\bnot being "
             r"here would\b|\bnot (?:to )?exist anymore\b", "here around alive exist + not"),
            (r"\b(?:stop|stopped) existing\b|\bdisappear (?:forever|for good|permanently)\b",
             "existing disappear"),
            (r"\b(?:do not|can not) see (?:a|any) future (?:where|with|in which) (?:i am|me)\b", "future"),
            (r"\bwaiting for (?:it all|everything|it|life) to be over\b", "waiting + over")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "voice", "is sorry to be alive",
            (r"\b(?:disappoint\w*|grief|griev\w*|gutted|regret\w*|sorry|sad|annoyed|cheated|angry)\b(?:\W+\w+){0,2}?\W+"
             r"(?:that )?i am still (?:here|alive|breathing)\b(?!\W+(?:at|in|on|doing|working|after|with)\b)",
             "still + here alive breathing + disappointed disappointment disappointing grief grieving gutted regret "
             "regretful sorry sad annoyed cheated angry")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "self", "is not sure they want to live",
            (r"\bnot sure (?:if |that |whether )?i (?:want|can|am able) to (?:live|go on|keep going|carry on|be here|stay "
             r"alive|keep living)\b", "sure + live go keep carry here alive")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "self", WELCOMES_DEATH,
            (r"\bwould not (?:mind|care) if i (?:died|did not wake up|got hit|was hit|crashed|never woke up|was gone|did "
             r"not come home)\b", "mind care + if"),
            (r"\bdeath would be a relief\b", "relief"),
            (r"\bwish (?:a|the) (?:bus|car|lorry|truck|train) would (?:\w+ )?(?:hit|take) me\b|\b(?:bus|car|lorry|truck|"
             r"train) would (?:just )?(?:hit|take) me out\b", "bus car lorry truck train + hit take"),
            (r"\bhope (?:i|the plane|the car) crash", "crash"),
            (r"\bhope (?:the|my) (?:plane|flight) (?:goes|would go|will go) down\b", "plane flight + down"),
            (r"\b(?:hope|hoped|hoping|wish|wished|wishes|wishing|willing) (?:that )?(?:a|the|some) (?:\w+ )?(?:bus|car|lorry|"
             r"truck|train|van|hgv|tram)\b(?:\W+\w+){0,3}?\W+(?:hit|hits|take|takes|drift|drifts|swerve|swerves|plough|"
             r"ploughs|plow|plows|crash|crashes|come|comes|veer|veers|smash|smashes) (?:into |through )?(?:me|my (?:lane|car|"
             r"side))\b", "bus car lorry truck train van hgv tram + me lane car side")),
    *_rules(C.PASSIVE_IDEATION, CONCERN, "self", "counts themselves among those who want to die",
            (r"\b(?:who|that) want to (?:kill themselves|die|end (?:it|their lives))\b(?:\W+\w+){0,6}?\W+i am one of "
             r"them\b", "themselves die end + one")),
    # Active ideation: thoughts of killing oneself.
    *_rules(C.ACTIVE_IDEATION, CONCERN, "self", "thinks of ending their life",
            (r"\bkill(?:ing|ed|s|in)? myself\b|\boff(?:ing)? myself\b|\btop(?:ping)? myself\b|\bend(?:ing|ed)? myself\b",
             "myself + kill killing killed kills killin off offing top topping end ending ended"),
            (r"\bmy own (?:death|ending|dying)\b(?:\W+\w+){0,8}?\W+(?:an? )?(?:option|options|choice|decision|allowed|"
             r"decide|deciding)\b|\b(?:option|options|choice|decision)\b(?:\W+\w+){0,4}?\W+my own (?:death|ending)\b",
             "death ending dying + option options choice decision allowed decide deciding"),
            (r"\b(?:end|ending|ended|take|taking|took) my (?:own )?life\b", "life + end ending ended take taking took"),
            (r"\bend it all\b|\b(?:end|ending) everything\b|\bend(?:ing)? (?:it|things) (?:for good|permanently|tonight|"
             r"once and for all)\b", "end ending + all everything good permanently tonight once"),
            (r"\bcheck(?:ing)? out (?:permanently|for good|early|of life)\b", "check checking + out"),
            # "my brain keeps offering me one permanent way to switch off" (not "... to switch off my email")
            (r"\bpermanent (?:way out|exit|escape|off switch|way to (?:switch off|rest|sleep|escape|end it|end things|"
             r"make it (?:all )?stop|not feel|get out))\b(?=\W*$|\s*[,;:.!?)]|\s+(?:and|for good|forever)\b)",
             "permanent")),
    *_rules(C.HOPELESSNESS, CONCERN, "self", "has run out of road",
            (r"\b(?:i have|i had|i am|i) (?:\w+ )?(?:run|ran|running) out of road\b(?! (?:with|on|at|in|for)\b)",
             "road + run ran running")),
    *_rules(C.INTENT, URGENT, "verb", "says they will do it",
            (r"\b(?:going to|will|plan to|planning to|decided to|ready to|about to) (?:finally )?(?:end it|end things|go "
             r"through with it|kill myself|end my life|take my (?:own )?life)\b",
             "end kill take through + it things myself life + going will plan planning decided ready about"),
            (r"\b(?:decided|made up my mind|planning|plan) to die\b(?!\s+(?:my|his|her|their|the|it|them|a)\b)",
             "die + decided mind planning plan"),
            (rf"\b(?:going to|will|plan to|planning to|decided to|ready to|about to) (?:finally )?{METHOD_ON_SELF}",
             f"{METHOD_ON_SELF_WORDS} + going will plan planning decided ready about"),
            # every tablet at once, not "my tablets tonight" or "all my tablets to the pharmacy"
            (rf"\b(?:going to|will|plan to|planning to|decided to|ready to|about to) (?:take|swallow|down|neck) "
             rf"(?:all (?:of )?(?:my|the|them|those|these) |every (?:single )?(?:one of (?:my|the) )?|the whole (?:lot of )?"
             rf"(?:my )?)(?:\w+ )?{GATHERABLE}\b(?! (?:box|boxes|organi[sz]ers?|bottles?|packets?|pots?)\b| (?:to|back|"
             rf"into|with|on|for|away)\b)",
             f"take swallow down neck + all every whole + {' '.join(GATHERABLE_WORDS)} sleeping")),
    # ... and thinking of it, or wanting to: a method of their own ("thinking about taking all my
    # oxycontin", not "tempted to take all my meds to the pharmacy")
    *_rules(C.PLAN, URGENT, "verb", "thinks of taking all their medicine",
            (rf"\b(?:thinking (?:about|of)|think (?:about|of)|thought (?:about|of)|want to|wanting to|wanted to|tempted to|"
             rf"urge to) (?:just )?(?:take|taking|swallow|swallowing|down|downing|neck|necking) "
             rf"(?:all (?:of )?(?:my|the|them|those|these) |every (?:single )?(?:one of (?:my|the) )?|the whole (?:lot of )?"
             rf"(?:my )?)(?:\w+ )?{GATHERABLE}\b(?! (?:box|boxes|organi[sz]ers?|bottles?|packets?|pots?)\b| (?:to|back|"
             rf"into|with|on|for|away|off)\b)",
             f"take taking swallow swallowing down downing neck necking + all every whole + {' '.join(GATHERABLE_WORDS)} "
             "sleeping")),
    # ... named as the writer's by the words themselves: "suicide is on my mind every single day"
    *_rules(C.ACTIVE_IDEATION, CONCERN, "self", "has thoughts of suicide",
            (r"\bsuicide (?:has|is|keeps|was) (?:been |always |never far )?(?:on my mind|in my head|in my thoughts)\b"
             r"(?!(?:\W+\w+){0,20}?\W+(?:risk assessments?|safety plans?|prevention|audit|training|policy|caseload)\b)",
             "suicide + mind head thoughts")),
    *_rules(C.ACTIVE_IDEATION, CONCERN, "subject", "has thoughts of suicide",
            (r"\b(?:i am|i feel|i have been|i was|i get|i got) (?:(?!not\b|never\b)\w+ ){0,2}suicidal\b|\b(?:feeling|felt|"
             r"been|getting|so|very|quite|really|pretty|actively|passively) suicidal\b|\bsuicidal (?:again|thoughts|"
             r"feelings|ideation|urges)\b|\bcommit(?:ting)? suicide\b|\b(?:my|a) suicide plan\b|\bplanning my suicide\b|\bsuicide (?:has|is|keeps) (?:been )?coming "
             r"up\b", "suicidal suicide"),
            (rf"\bthoughts (?:about|of) (?:suicide{SUICIDE_AS_TOPIC}|ending (?:it|my life|things|everything)|killing myself|"
             r"dying|not being here|taking my (?:own )?life|death)\b", "thoughts + suicide ending killing dying being taking "
             "death")),
    *_rules(C.ACTIVE_IDEATION, CONCERN, "verb", "has thoughts of suicide",
            (rf"\b(?:thinking|thought|think|thinkin) (?:about|of|abt) (?:suicide{SUICIDE_AS_TOPIC}|ending (?:it|my life|things|"
             r"everything)|killing myself|taking my (?:own )?life)\b|\b(?:consider|considering|contemplat\w+|planning) "
             r"suicide\b",
             f"suicide ending killing taking + {VERBS_OF_THINKING}")),
    *_rules(C.ACTIVE_IDEATION, CONCERN, "verb", "weighs whether to go on living",
            (r"\b(?:weighing(?: up)?|wondering|questioning|deciding|debating) (?:whether|if) (?:i (?:want to|should|can) )?"
             r"(?:to )?(?:go on living|keep living|carry on living|stay alive|be alive|keep on living|exist|be here|go on "
             r"existing|keep existing)\b",
             "weighing wondering questioning deciding debating + living alive exist existing here")),
    *_rules(C.ACTIVE_IDEATION, CONCERN, "self", "weighs whether to go on living",
            (r"\basking myself (?:whether|if) (?:i (?:want to|should|can) )?(?:go on living|keep living|carry on living|stay "
             r"alive|be alive|keep on living|exist|be here|go on existing|keep existing)\b",
             "asking + living alive exist existing here")),
    *_rules(C.ACTIVE_IDEATION, CONCERN, "verb", "cannot keep themselves safe",
            (rf"\b{CANNOT_STAY_SAFE}", "safe + promise guarantee say keep stay"),
            (r"\bdo not feel safe (?:with|around|from|by|in) (?:myself|my own head)\b", "safe + feel")),
    *_rules(C.INTENT, URGENT, "verb", "cannot keep themselves safe, with a time",
            (rf"\b{CANNOT_STAY_SAFE}(?:\W+\w+){{0,3}}?\W+(?:tonight|today|tomorrow|this weekend|right now)\b",
             "safe + promise guarantee say keep stay + tonight today tomorrow weekend now")),
    *_rules(C.ACTIVE_IDEATION, CONCERN, "verb", "old thoughts have come back",
            (r"\b(?:the|those|these|my|old|dark|suicidal) (?:\w+ )?(?:thoughts|urges|voices) (?:are|have|is|has) (?:\w+ )?"
             r"(?:back|returned|come back|creeping back|crept back|started again|louder)\b|\b(?:thoughts|urges) (?:came|"
             r"crept|come|creep|creeping) back\b", "thoughts urges voices + back returned again louder")),
    *_rules(C.ACTIVE_IDEATION, CONCERN, "verb", "fears what they might do",
            (r"\b(?:do|doing|did) something (?:stupid|drastic|permanent|silly)\b",
             "stupid drastic permanent silly + something"),
            (r"\bnot trust myself (?:around|with|near|tonight|anymore|alone)\b", "trust + myself"),
            (r"\bscared of what i (?:might|will|could) do\b", "scared + what")),
    *_rules(C.ACTIVE_IDEATION, CONCERN, "self", "speaks of doing it",
            (r"\bif i (?:ever )?did it\b", "did + if"), (r"\bthe thought has a shape\b", "shape"),
            (r"\b(?:thinking|thought|think) (?:about|of) doing the same\b|\bthe (?:exact )?same thing about myself\b",
             "same + thinking thought think myself")),
    # Self-harm: acts (urgent when recent), urges and relapse talk (concern).
    *_rules(C.SELF_HARM, URGENT, "self", "self-harm",
            (rf"\b(?:cut|cutting|burn(?:ed|t|ing)|scratch(?:ed|ing)|carv(?:ed|ing)|hit|hitting|punch(?:ed|ing)|press(?:ed|"
             rf"ing)|scald(?:ed|ing)) (?:myself|my {BODY})\b",
             f"myself {BODY_WORDS} + cut cutting burned burnt burning scratched scratching carved carving hit hitting "
             "punched punching pressed pressing scalded scalding"),
            (r"\bmade myself bleed\b", "bleed"),
            (r"\bhurt(?:ing)? myself (?:on purpose|again|deliberately|last night|yesterday)\b",
             "myself + purpose again deliberately night yesterday"),
            # "on Monday I went home and hurt myself", "went back into the house and hurt myself",
            # "hurt myself, the first time in years"
            (rf"\b(?:went|got|came|go|get|come) (?:back )?(?:home|in|inside|indoors|upstairs|downstairs|into the "
             rf"(?:house|flat|bathroom|toilet|loo|bedroom)|to (?:the|my) (?:bathroom|toilet|loo|bedroom|room|car))"
             rf" and hurt myself\b|\bhurt myself,? (?:for )?(?:the )?(?:first|1st) time (?:in|since)\b|"
             rf"\b{RECENTLY}\b(?:\W+\w+){{0,6}}?\W+hurt myself\b", "myself + hurt"),
            (rf"\b(?:picked|picking|pick) up (?:the|a|my) (?:blade|razor|lighter|knife) again\b|\b(?:blade|razor|lighter|"
             rf"knife)\b(?:\W+\w+){{0,5}}?\W+on my {BODY}\b", "blade razor lighter knife"),
            (r"\bbang(?:ed|ing) my head (?:against|on|into) (?:the )?(?:wall|door|floor)\b", "banged banging + head"),
            (rf"\bre-?open(?:ed|ing)? (?:the |my |some |one of my |an )?(?:old )?(?:scars?|cuts?|wounds?|marks?)\b"
             rf"(?:\W+\w+){{0,2}}?\W+my {BODY}\b", f"reopened reopening opened + {BODY_WORDS}"),
            (rf"\bon purpose\b(?:\W+\w+){{0,3}}?\W+(?:burn|cut|bleed|bruise)|\b(?:my {BODY}|myself) on purpose\b",
             "purpose"),
            (r"\bcut again\b", "cut + again"),
            # "I've started cutting again", "I'm cutting again" (not "cutting back again", "the trust
            # is cutting again")
            (r"\b(?:i|i have|i had|i am|i was|i have been|i had been|i keep|i kept) (?:started |been |begun |gone back "
             r"to )?cutting again\b(?! (?:on|back|down|costs|corners|jobs|posts|hours|hair|my hair))",
             "cutting + again")),
    *_rules(C.SELF_HARM, URGENT, "subject", "self-harm",
            (r"\b(?:i|i have|i had|i am|i was|i have been|been|started|start|back to|keep|kept|i keep) (?:\w+ )?"
             r"selfharm(?:ed|ing|s)?\b|\bmy selfharm\b|\bselfharm(?:ed|ing)? again\b|\b(?:i|i have|i) relapsed\b|"
             r"^relapsed\b", "selfharm selfharmed selfharming selfharms relapsed")),
    # An overdose said with when it was: recent, so urgent ("overdosed on my tablets on saturday"); a
    # recovery story ("when I was twenty-four I overdosed") names no such day.
    *_rules(C.SELF_HARM, URGENT, "voice", OVERDOSE_WHY,
            (rf"\b{OVERDOSED}\b(?:\W+\w+){{0,6}}?\W+{RECENTLY}\b|\b{RECENTLY}\b(?:\W+\w+){{0,3}}?\W+i (?:have )?"
             rf"{OVERDOSED}\b", f"overdose overdosed od'd od'ed od + {RECENTLY_WORDS}")),
    # A suicide attempt told now ("I tried to kill myself last night", "I attempted suicide on
    # Saturday", "made an attempt on my life two days ago"): urgent, though told without a day, unless
    # it is history (_told_as_past: "ten years ago", "when I was 19", a recovery told).
    *_rules(C.SELF_HARM, URGENT, "verb", ATTEMPT_WHY,
            (r"\b(?:tried|tryed|attempted) to (?:kill myself|end (?:my (?:own )?life|it all|it|things|everything)(?! (?:with|between|"
             r"there|here|early|politely|nicely|properly|amicably)\b)|take my (?:own )?life|die|hang myself|drown myself|"
             r"overdose|gas myself|jump (?:off|from) (?:the|a) (?:\w+ )?(?:bridge|roof|cliff|building|balcony|car park|"
             r"multi-storey|viaduct|tower)|jump in front of (?:a|the) (?:train|lorry|bus|car|truck))\b|\battempted suicide\b|"
             r"\b(?:made|had) (?:an|another) attempt(?: on my (?:own )?life\b|(?=\W*$|\W*[,.;!?]|\s+(?:last|yesterday|on|this|"
             r"two|three|a few|at the weekend|and|but)\b))|(?<!anniversary of )(?<!since )\b(?:my|i (?:had|made) a) suicide "
             r"attempt\b",
             "tried tryed attempted attempt"),
            (r"^(?:i )?(?:have )?attempted (?:last (?:night|week)|yesterday|on (?:monday|tuesday|wednesday|thursday|friday|"
             r"saturday|sunday)|this (?:morning|week|weekend)|again|at the weekend)\b", "attempted"),
            (r"\b(?:tied|put|wrapped|pulled|tightened) (?:a|the|my) (?:\w+ ){0,2}?(?:charger|cable|cord|belt|rope|scarf|tie|"
             r"ligature|lead|wire|strap|shoelaces?) (?:tight )?(?:round|around) my (?:own )?neck\b",
             "neck + tied put wrapped pulled tightened"),
            (r"^(?:i )?(?:have |just |i have just )?(?:overdosed|od'd|taken an overdose)(?=\W*$)", "overdosed od'd overdose"),
            (r"\b(?:hanged|hung|strangled|gassed|suffocated) myself\b(?! (?:out|up)\b)|\b(?:jumped|threw myself) (?:off|from) "
             r"(?:the|a) (?:\w+ )?(?:bridge|roof|cliff|building|balcony|car park|multi-storey|viaduct|tower)\b|\b(?:jumped|"
             r"stepped|threw myself|walked) (?:out )?(?:in front of|under) (?:a|the) (?:train|lorry|bus|car|truck|van)\b|"
             r"\bwalked (?:out )?into (?:the )?traffic\b",
             "hanged hung strangled gassed suffocated jumped stepped threw walked")),
    # Planning the how: "every night I plan how I'd do it".
    *_rules(C.PLAN, URGENT, "verb", "names a method, place or plan",
            (r"\bplan(?:s|ning|ned)? (?:out )?(?:exactly )?how (?:i would|i will|i am going to|i could|to) (?:do it|end it|"
             r"end my life|kill myself)\b", "plan plans planning planned + how")),
    # "Every morning I'm disappointed I woke up."
    *_rules(C.PASSIVE_IDEATION, CONCERN, "verb", "wishes to be dead",
            (r"\b(?:disappointed|gutted|annoyed|angry|upset|sad|sorry) (?:that )?i (?:woke|wake|have woken|keep waking) up\b"
             r"(?! (?:late|early|so|too|with|at|in|on|before|after|to)\b)", "woke wake woken waking + disappointed gutted "
             "annoyed angry upset sad sorry")),
    # A place tried out: "stood at the edge for twenty minutes to see how it felt".
    *_rules(C.PLAN, URGENT, "voice", "names a method, place or plan",
            (r"\b(?:stood|sat|stand|standing|sitting|stopped|waited|leaned|leant) (?:\w+ )?(?:at|on|by|near|over) the "
             r"(?:edge|railings?|ledge|parapet|drop|tracks|platform edge)\b(?:\W+\w+){0,8}?\W+(?:to see (?:how it (?:felt|"
             r"would feel)|what it (?:would be|was|felt) like)|working up (?:the )?(?:courage|nerve)|(?:trying to )?decid\w+ "
             r"whether|thinking about (?:jumping|stepping|it|going over))\b",
             "stood sat stand standing sitting stopped waited leaned leant + edge railing railings ledge parapet drop "
             "tracks")),
    # Dying as the only way out: "I can't see any way out except dying".
    *_rules(C.PASSIVE_IDEATION, CONCERN, "voice", "sees death as the only way out",
            (r"\b(?:(?:can not|cannot|could not|do not) see (?:any |a |another )?)?(?:way out|escape|option|answer) (?:except|"
             r"but|other than|apart from|besides) (?:dying|death|suicide|to die|"
             r"killing myself|ending it|ending my life|not being here)\b", "except but other apart besides + dying death "
             "suicide die killing ending being")),
    # A noose made, a rope made ready: "I've made the noose", "the rope is in the loft, tied and ready".
    *_rules(C.PREPARATION, URGENT, "verb", MEANS_READY,
            (r"\b(?:made|tied|got|bought|have|making|tying|have made|have tied) (?:a|the|my) noose\b(?!(?:\W+\w+){0,6}?\W+"
             r"(?:halloween|display|props?|costume|play|panto|scene|knots?|scouts|sailing|boat|decorations?|film|museum)\b)|\bnoose is (?:ready|up|"
             r"tied|made|hanging)\b|\b(?:rope|noose|ligature|belt)\b(?:\W+\w+){0,6}?\W+tied and ready\b",
             "noose rope ligature belt")),
    # At the place, now: "going to jump when the next train comes", "my legs are over the edge".
    *_rules(C.INTENT, URGENT, "verb", "says they will do it",
            (r"(?<!said i was )(?<!said i am )(?<!said i would )\b(?:going to|will|about to|ready to) jump\b(?:\W+\w+){0,6}?\W+"
             r"(?:when|off|from|in front of|before|onto)\b"
             r"(?:\W+\w+){0,4}?\W+(?:train|bridge|edge|roof|building|balcony|cliff|car park|tracks|lorry|bus|traffic)\b",
             "jump + train bridge edge roof building balcony cliff park tracks lorry bus traffic")),
    *_rules(C.INTENT, URGENT, "self", "says they will do it",
            (r"\bmy (?:legs|feet) (?:are |were )?(?:over|dangling over|hanging over|over the side of) the (?:edge|side|"
             r"railings?|parapet|ledge|drop)\b", "legs feet + edge side railing railings parapet ledge drop")),
    # Last words for the family: "please tell my kids I love them".
    *_rules(C.INTENT, URGENT, "verb", "says they will be gone",
            (r"\bplease tell (?:my|the) (?:kids|children|son|daughter|boys|girls|wife|husband|partner|mum|mom|dad|parents|"
             r"family) (?:that )?i (?:love|loved) (?:them|him|her|you)(?: all)?(?=\W*$|\W*[.!])",
             "tell + love loved")),
    # A goodbye written to be read afterwards: "by the time you read this I'll be gone".
    *_rules(C.INTENT, URGENT, "verb", "says they will be gone",
            (r"\bby the time (?:(?:you|u|anyone|someone|somebody|people|you all) (?:read|reads|see|sees|find|finds) this|(?:it|"
             r"this|the (?:message|email|post|text)) (?:sends|is sent|goes out|arrives|posts|gets to you|is read))\b"
             r"(?:\W+\w+){0,2}?\W+(?:i will|i shall|i would|i am|ill) (?:be )?(?:gone|dead|not (?:be )?here|no longer here|at "
             r"peace|have done it)\b(?!\W*(?:to|on|for|off|home|away|out|abroad|travel\w*|camping|back|with)\b)",
             "time + read reads see sees find finds sends sent goes arrives posts gets + gone dead here peace done")),
    # Self-harm going on now: "I can't stop cutting", "been cutting every night".
    *_rules(C.SELF_HARM, URGENT, "verb", "self-harm",
            (r"\b(?:can not|cannot|could not) stop (?:cutting(?! (?:corners|back|down|costs|hair|the|my|it|out|in)\b)|"
             r"selfharming|hurting myself|harming myself|burning myself|scratching myself)\b|\b(?:(?:been|keep|kept) )?(?:cutting|burning myself|hurting myself|selfharming) (?:every|"
             r"most|each) (?:day|night|nite|morning|evening)\b", "cutting selfharming hurting harming burning scratching")),
    # Poison drunk: "drank the pool chlorine about an hour ago"; a poison kept for it ("I don drink the
    # sniper", Nigerian Pidgin for an insecticide) even without when. Not by accident, not a child's.
    *_rules(C.SELF_HARM, URGENT, "verb", OVERDOSE_WHY,
            (rf"\b(?:drank|drunk|drink|swallowed|downed|necked) (?:some |the |a (?:bottle|cup|glass|mouthful) of |half (?:a|the) "
             rf"bottle of )?(?:\w+ )?(?:bleach|chlorine|antifreeze|weedkiller|pesticide|insecticide|paraquat|rat poison|poison|"
             rf"drain cleaner|methanol|paraffin|kerosene|sniper|gramoxone)\b(?:\W+\w+){{0,6}}?\W+(?:{RECENTLY}|just now|"
             rf"tonight|today)\b|\b(?:drank|drunk|drink|swallowed) (?:the |some )?(?:sniper|paraquat|gramoxone|weedkiller|rat "
             rf"poison|antifreeze)\b(?!(?:\W+\w+){{0,8}}?\W+(?:accident\w*|mistake))",
             "drank drunk drink swallowed downed necked + bleach chlorine antifreeze weedkiller pesticide insecticide "
             "paraquat rat poison drain methanol paraffin kerosene sniper gramoxone")),
    # An overdose taken from whatever was there: "I just swallowed everything in the cupboard".
    *_rules(C.SELF_HARM, URGENT, "verb", OVERDOSE_WHY,
            (r"\b(?:took|taken|swallowed|downed|necked) (?:everything|every (?:pill|tablet)|whatever (?:was|i could find)|"
             r"all the (?:pills|tablets|meds|medication|medicine)) (?:in|from) (?:the|my|mum's|dad's) (?:cupboard|cabinet|"
             r"drawer|bathroom|house|medicine (?:cabinet|cupboard|box|drawer))\b(?! (?:to|back|into|out|for the)\b)",
             "took taken swallowed downed necked + everything every whatever all")),
    # A means in use or bought together: "sitting in the car with the engine running in the garage",
    # "bought charcoal and tape".
    *_rules(C.PREPARATION, URGENT, "verb", MEANS_READY,
            (r"\bengine (?:is |was |still )?running (?:in|inside) (?:the|my) (?:garage|shed|lock-?up)\b(?!\W*(?:to|while|for "
             r"(?:a|two|five|ten) (?:minute|min)))|\bin (?:the|my) (?:garage|shed|lock-?up) with the engine (?:on|running)\b|\b(?:bought|got|have|ordered|picked up) "
             r"(?:some |a bag of |a sack of )?charcoal (?:and|with|plus) (?:some |a roll of )?(?:duct |gaffer |masking )?tape\b",
             "engine charcoal + running tape")),
    # ... or an amount of a medicine taken, with when ("took 30 paracetamol last night", "I've just
    # swallowed a whole box of co-codamol"): the writer's, or said without a subject.
    *_rules(C.SELF_HARM, URGENT, "verb", OVERDOSE_WHY,
            (rf"\b{TAKEN_A_LOT}{GATHERABLE}\b(?! (?:a day|daily|per day|each day|a week|twice|three times)\b)"
             rf"(?:\W+\w+){{0,10}}?\W+(?:{RECENTLY}|just now|tonight|today|(?:round|around|at|"
             rf"about) (?:\d{{1,2}}(?::\d\d)?|midnight)(?: ?(?:am|pm|o'?clock|ish))?)\b|"
             rf"\b(?:{RECENTLY}|tonight|today)\b(?:\W+\w+){{0,4}}?\W+i (?:have |had )?(?:just )?{TAKEN_A_LOT}"
             rf"{GATHERABLE}\b|\bi (?:have |had )?just (?:{TAKEN_A_LOT}|{TAKEN_ALL}){GATHERABLE}\b",
             f"{TAKEN_A_LOT_WORDS} + {' '.join(GATHERABLE_WORDS)} codamol sleeping + {RECENTLY_WORDS} just hour tonight "
             "today min hrs round around at about midnight"),
            (rf"\b{TAKEN_ALL}{GATHERABLE}\b(?:\W+\w+){{0,3}}?\W+{FEELING_IT}\b",
             f"{TAKEN_A_LOT_WORDS} + all + once go scared frightened sorry shaking dizzy sick sleepy drowsy weird strange "
             "terrified panicking")),
    # A texting form with no subject at the start of a sentence ("self harmed last night"), not a
    # description ("self harmed patients wait...").
    *_rules(C.SELF_HARM, URGENT, "verb", "self-harm",
            (r"^selfharmed\b(?! (?:patients|clients|people|young|adults|teens|kids|children|service|women|men|girls|"
             r"boys|students|pupils)\b)", "selfharmed")),
    *_rules(C.SELF_HARM, CONCERN, "verb", "self-harm urges",
            (r"\b(?:urges?|itch|craving|cravings) (?:\w+ )?(?:to )?(?:cut|selfharm|burn myself|hurt myself|hit myself|"
             r"scratch|bleed|bang my head(?! against (?:a|the) (?:brick )?(?:wall|desk|keyboard|table)))\b|\b(?:want|"
             r"wanting|wanted|need|needing) to (?:cut|selfharm|burn myself|hurt myself|hit myself|bleed)\b|\bthinking "
             r"(?:about|of) (?:cutting|selfharm\w*|hurting myself|burning myself)\b",
             "cut selfharm selfharming selfharmed burn hurt hit scratch bleed cutting hurting burning bang + urge "
             "urges itch craving cravings want wanting wanted need needing thinking"),
            (r"\bdoing it myself again\b", "doing + myself")),
    *_rules(C.SELF_HARM, CONCERN, "self", "self-harm",
            (r"\bhurt(?:ing)? myself\b|\bharm(?:ing)? myself\b", "myself + hurt hurting harm harming")),
    # Harm to someone else.
    *_rules(C.HARM_OTHERS, URGENT, "subject", "intends to harm someone",
            (r"\b(?:going to|planning to|plan to|decided to|about to|really going to) (?:hurt|harm|kill|stab|strangle|"
             r"shoot|attack|beat|poison|smother) (?:him|her|them|someone|somebody|people|my (?:\w+)|the (?:baby|kids|"
             r"children|\w+)|that)\b(?! (?:laugh|smile|dinner|tea|a |an |cake|happy|proud|feel better))",
             "hurt harm kill stab strangle shoot attack beat poison smother + going planning plan decided about")),
    *_rules(C.HARM_OTHERS, URGENT, "verb", "intends to harm someone",
            (r"\b(?:is|are) going to get hurt\b", "hurt + get"),
            (r"\b(?:i am|i will be|i am going) (?:\w+ )?(?:going )?(?:round|over) to (?:his|her|their|the)\b(?:\W+\w+){0,8}?"
             r"\W+(?:make (?:him|her|them) pay|hurt|tonight)\b", "round over + his her their the"),
            (r"\b(?:got|have|bringing|taking) (?:the|a|my) (?:bat|knife|gun|hammer|crowbar|machete)\b(?:\W+\w+){0,8}?\W+"
             r"(?:driving|going|coming|over there|round)\b", "bat knife gun hammer crowbar machete"),
            (r"\bmake (?:him|her|them) pay\b", "pay + make")),
    *_rules(C.HARM_OTHERS, CONCERN, "voice", "has thoughts of harming someone",
            (r"\b(?:thoughts|thinking|think|thought|urges?|images|scared|afraid|terrified|frightened|worried|fear|"
             r"imagining|imagine|picture|pictures|picturing|image|vision|visions|flash|flashes|fantasi[sz]ing|fantasi[sz]e|"
             r"fantasi[sz]ed) (?:about |of "
             r"|bout |that |i |i will |i "
             r"might |i would |i could "
             r"|what it would be like to ){0,3}(?:hurting|harming|killing|hurt|harm|kill|smother\w*|drown\w*|shak\w*|"
             rf"stab\w*|slamming|hitting|strangling|punching|beating) (?:his|that|{SOMEONE_HARMED})\b",
             "hurting harming killing hurt harm kill smother smothering drown drowning shake shaking stab stabbing "
             "slamming hitting strangling punching beating + thoughts thinking think thought urge urges images scared "
             "afraid terrified frightened worried fear imagining imagine picture pictures picturing image vision visions "
             "flash flashes "
             "fantasising fantasizing fantasise fantasize fantasised fantasized")),
    # "an image came into my head of shaking her" (with words between: "an image of" is the rule above)
    *_rules(C.HARM_OTHERS, CONCERN, "voice", "has thoughts of harming someone",
            (r"\b(?:image|picture|flash|vision)\b(?:\W+\w+){1,5}?\W+of (?:me )?(?:hurting|harming|killing|smothering|"
             rf"drowning|shaking|stabbing|hitting|strangling|punching|beating|dropping|suffocating) {SOMEONE_HARMED}\b",
             "image picture flash vision + hurting harming killing smothering drowning shaking stabbing hitting strangling "
             "punching beating dropping suffocating")),
    *_rules(C.HARM_OTHERS, CONCERN, "verb", "has thoughts of harming someone",
            (r"\bwant(?:ed)? to (?:hurt|harm|kill|stab|strangle|smother) (?:someone|somebody|people|the baby|my (?:baby|"
             r"kids|children|son|daughter|partner|wife|husband))\b", "hurt harm kill stab strangle smother + want wanted")),
    # Said without the usual words, these stand alone as plans, intent or preparation.
    *_rules(C.PLAN, URGENT, "self", METHOD_FOR_SELF, (rf"\b{METHOD_ON_SELF}", METHOD_ON_SELF_WORDS)),
    *_rules(C.PLAN, URGENT, "verb", "names a method, place or plan",
            (r"\b(?:i have|i have got|i have made|i made|i have worked out|i have figured out) (?:a|the|my) plan\b(?! "
             r"(?:for|to (?!die|end|kill))| b\b)", "plan"),
            (r"\b(?:i )?(?:have )?(?:worked out|figured out|know|decided) (?:exactly )?(?:how|where|when|what) (?:i would|"
             r"i will|i am going to|i could|i would do it|to do it|i would take|i will take)\b(?! (?:ask|say|tell|write|"
             r"advise|recommend|suggest|think|feel|like|want|expect|hear|see)\b)",
             "worked figured know decided + how where when what + would will going could do"),
            (r"\bknow (?:exactly )?(?:how much|how many)\b(?:\W+\w+){0,4}?\W+(?:would take|it would take|would do it|would "
             r"be enough)\b", "know + much many + take do enough"),
            (r"\bknow (?:exactly )?which (?:(?:combination|combo|mix) (?:of )?)?(?:drugs?|pills|tablets|meds|medications?)\b"
             r"(?:\W+\w+){0,4}?\W+(?:would (?:take|do it|be enough|work)|it would take)\b", "know + which + take do enough work"),
            (r"\b(?:where|how) i would do it\b", "where how + would + do"),
            (r"\bthat is where my head goes\b", "head + goes"),
            (r"\blook(?:ed|ing)? (?:down )?at the drop\b", "drop"),
            (r"\bknow the times of the trains\b", "trains"),
            (r"\b(?:driving|drive|steer\w*|swerv\w*) (?:\w+ ){0,2}(?:off the road|into (?:a|the) (?:tree|wall|river|lorry|"
             r"oncoming|path)|over the edge|off (?:the|a) (?:bridge|cliff|edge))\b",
             "driving drive steering steer swerving swerve + road tree wall river lorry oncoming path edge bridge cliff"),
            (r"\b(?:walk|walking|step|stepping|jump|jumping) (?:out )?(?:into|in front of|off) (?:the|a) (?:sea|river|train|"
             r"traffic|lorry|bus|bridge|cliff|edge|roof|ledge)\b",
             "walk walking step stepping jump jumping + sea river train traffic lorry bus bridge cliff edge roof ledge"),
            (r"\bstopping the car on (?:it|the (?:tracks|line|crossing))\b", "stopping + car"),
            (r"\b(?:stand|standing|stood|sit|sitting|sat) (?:\w+ )?(?:on|at|by|near) (?:the|my|a|that) (?:\w+ )?(?:balcony|"
             r"bridge|edge|roof|ledge|cliff|cliffs|platform|viaduct|railings?)\b(?:\W+\w+){0,8}?\W+(?:think|thinking|"
             r"thought|wonder|wondering|wondered|imagine|imagining|imagined)(?: \w+){0,2}? (?:about it|jumping|going over|"
             r"the drop|how easy|stepping off)\b",
             "stand standing stood sit sitting sat + balcony bridge edge roof ledge cliff cliffs platform viaduct "
             "railing railings"),
            (r"\b(?:thinking|think|thought|fantasi[sz]\w*|daydream\w*|imagin\w*|picturing|want\w*|tempted|urge) (?:about |of "
             r"|to )?(?:just )?crash(?:ing)? (?:the|my) car\b|\bcrash\w* (?:the|my) car on purpose\b",
             "crash crashing + car"),
            (
                r"\b(?:i am going|i will go|i am heading|i will head|going) (?:up |down |out )?to the (?:\w+ )?(?:bridge|"
                r"viaduct|multi-?storey|cliffs?|tracks|level crossing|railway line|quarry|reservoir|pier)\b(?! club| game)",
                "going go heading head + bridge viaduct multi-storey multistorey cliff cliffs tracks crossing railway "
                "quarry reservoir pier",
            ),
    ),
    # "I didn't jump. Maybe next time.", "stood on the edge and nearly stepped off" (not "jump at the
    # chance"): the writer unless someone else is named before it.
    *_rules(C.PLAN, URGENT, "voice", "nearly did it",
            (r"\b(?:did not|almost|nearly|so nearly) (?:jump|jumped|step off|stepped off)\b(?! (?:at|in|on|to|out|for|when|"
             r"ship|up|the queue)\b)", "jump jumped step stepped + did almost nearly")),
    *_rules(C.INTENT, URGENT, "verb", "names a time or decision",
            # "Tonight I'm going." and "Today I'm done." end there: "tonight I'm going to the cinema",
            # "tomorrow I'm going to ring the social worker" and "today I'm done with paperwork" are plans
            (r"\b(?:tonight|tomorrow|this weekend|today)\W+(?:(?:i am done|i am going)(?=\s*(?:[.!?,;:\u2026\n-]|$))|"
             r"i am going to do it\b|i am done for good\b|it ends\b|that is it\b)",
             "tonight tomorrow weekend today + done going ends it"),
            (r"\b(?:i am going to|i will|going to) do it (?:tonight|tomorrow|this weekend|on \w+day|once|today|after "
             r"(?:work|my shift|the shift|the weekend))\b",
             "tonight tomorrow weekend today once monday tuesday wednesday thursday friday saturday sunday work shift + "
             "do + it"),
            (r"\b(?:once|when|after) (?:the kids|everyone|my (?:partner|wife|husband|family)|he|she|they)\b(?:\W+\w+){0,8}?"
             r"\W+(?:i am going to|i will) do it\b", "do + it + once when after"),
            (r"\bit (?:all )?ends (?:tomorrow|tonight|soon|on \w+|this \w+|after)\b", "ends"),
            (r"\b(?:will not|am not going to) be (?:around|here) (?:after|by|for|next|tomorrow|much longer)\b",
             "around here + not"),
            (r"\bby then (?:it|nothing) (?:will not|would not|will no longer) matter\b", "matter + then"),
            (r"\bthis is the last (?:week|day|night|time) i am\b", "last + week day night time + this + am"),
            (r"\bi am going up to the\b(?:\W+\w+){0,10}?\W+decided\b", "decided"),
            (r"^tonight$", "tonight"),
            (rf"\b(?:tomorrow|tonight|today|this weekend|next week|my birthday|{WEEKDAYS.replace(' ', '|')}) (?:is|will "
             r"be) the (?:day|night) i (?:die|end it|end things|end my life|kill myself|go through with it)\b",
             f"day night + die end kill through + tomorrow tonight today weekend week birthday {WEEKDAYS}")),
    *_rules(C.INTENT, URGENT, "verb", NOT_FOR_A_REASON,
            (r"\b(?:will not|not going to|not) (?:be (?:here|around|back)|coming back)\b(?:\W+\w+){0,6}?\W+(?:and )?"
             r"(?:i do not mean|not in the|not as in|not like)\b(?:\W+\w+){0,3}?\W+(?:holidays?|leave|quitting|"
             r"resigning|leaving|retiring|job|work|sense|way)\b", "here around back coming + mean sense as like")),
    *_rules(C.PREPARATION, URGENT, "verb", GATHERING,
            (rf"\b{GATHER_STRONG}\b(?:\W+\w+){{0,6}}?\W+{GATHERABLE}\b|\b{GATHERABLE}\b(?:\W+\w+){{0,6}}?\W+(?:i have|"
             rf"i am|i|i have been|been)\s+(?:\w+\s+)?{GATHER_STRONG}\b",
             f"{GATHER_STRONG_WORDS} + {' '.join(GATHERABLE_WORDS)} sleeping"),
            (rf"\b{GATHERABLE}\b(?:\W+\w+){{0,6}}?\W+(?:i have been|been)\s+(?:\w+\s+)?{GATHER_WEAK}\b",
             f"{' '.join(GATHERABLE_WORDS)} sleeping + been + {GATHER_WEAK_WORDS}"),
            (rf"\b{GATHER_WEAK}\b(?:\W+\w+){{0,3}}?\W+{AMOUNT}\b(?:\W+\w+){{0,3}}?\W+{GATHERABLE}\b",
             f"{GATHER_WEAK_WORDS} + {' '.join(GATHERABLE_WORDS)} sleeping"),
            (rf"\b{GATHER_WEAK}\b(?:\W+\w+){{0,3}}?\W+(?:{GATHERABLE}|them)\b(?:\W+\w+){{0,2}}?\W+{SET_APART}",
             f"{GATHER_WEAK_WORDS} + {' '.join(GATHERABLE_WORDS)} sleeping them"),
            (rf"\b(?:counted|counting|laid|laying) (?:\w+ ){{0,2}}?(?:{GATHERABLE}|them) out\b",
             f"counted counting laid laying + {' '.join(GATHERABLE_WORDS)} them + out"),
            (rf"\b{GATHERABLE}\b(?:\W+\w+){{0,4}}?\W+(?:saved|stashed|hidden|stockpiled|put aside|hoarded|squirrelled|"
             r"squirreled|kept back|tucked away|saved up|lined up|counted out|laid out)\b",
             f"{' '.join(GATHERABLE_WORDS)} sleeping + saved stashed hidden stockpiled put hoarded squirrelled "
             "squirreled kept tucked lined counted laid"),
            (r"\b(?:been|have been) stockpil\w+\b", "stockpiling stockpiled"),
            (r"\b\d+ (?:of them )?in (?:an? )?(?:old )?(?:\w+ )?(?:tub|tin|box|drawer|bag|jar)\b",
             "tub tin box drawer bag jar")),
    *_rules(C.PREPARATION, URGENT, "verb", GOODBYES,
            (r"\b(?:written|wrote|writing|write|drafted|drafting|left|leaving|recorded|recording|typed|typing|scheduled|"
             r"scheduling) (?:\w+ ){0,3}(?:goodbye|farewell|suicide|last) (?:letters?|notes?|messages?|videos?|texts?|"
             r"emails?)\b|\b(?:goodbye|farewell) (?:letters?|notes?)\b",
             "letter letters note notes message messages video videos text texts email emails + goodbye farewell "
             "suicide last"),
            (r"\b(?:typed|written|wrote|recorded|scheduled|drafted) (?:a|my) (?:goodbye|farewell) (?:to|for) (?:my |the |each |"
             r"all )?\w+", "goodbye farewell + typed written wrote recorded scheduled drafted"),
            (r"\b(?:left|written|wrote|writing) letters for (?:everyone|all of them|each of them|my (?:kids|children|family|"
             r"wife|husband|partner|parents|mum|mom|dad|sons?|daughters?))\b(?! (?:to open|for (?:their|her|his|christmas)|on "
             r"(?:their|her|his)))", "letters + left written wrote writing"),
            (r"\b(?:wrote|written|writing) (?:\w+ )?letters? to (?:my |each of my |all my )?(?:\w+ )?(?:kids|children|family|"
             r"partner|wife|husband|mum|mom|dad|parents|sons?|daughters?|girls|boys|babies|everyone|friends)\b",
             "letter letters + wrote written writing"),
            (r"\bscheduled (?:an? )?(?:email|message|post|text)\b(?:\W+\w+){0,12}?\W+(?:explains everything|will not matter|"
             r"by then)\b", "scheduled"),
            (r"\b(?:note|letter|envelope|message)\b(?:\W+\w+){0,8}?\W+(?:for whoever finds me|not to (?:come|go) (?:in|"
             r"upstairs|into)\b(?:\W+\w+){0,4}?\W+(?:call|ring|phone) (?:someone|the police|999|911|112|an ambulance))|"
             r"\bwhoever finds me\b", "whoever note letter envelope message")),
    *_rules(C.PREPARATION, URGENT, "verb", "giving things away",
            (r"\b(?:giv(?:e|en|ing) (?:away )?|gave away )(?:\w+ ){0,2}(?:my|all my|most of my|some of my) (?:things|stuff|"
             r"belongings|possessions|books|clothes|jewellery|jewelry|cat|dog|plants|guitar|records)\b",
             "give given giving gave + my"),
            (r"\b(?:found|finding) (?:a )?(?:new )?homes? for (?:my|the) (?:cat|dog|cats|dogs|pets?)\b",
             "home homes + found finding"),
            (r"\b(?:made sure|arranged|sorted) (?:that )?(?:the|my) (?:cat|dog|cats|dogs|pets?|fish|rabbit) (?:is|are|will "
             r"be|goes|go) (?:going )?to\b", "cat dog cats dogs pet pets fish rabbit + made arranged sorted")),
    *_rules(C.PREPARATION, URGENT, "verb", "putting affairs in order",
            (r"\b(?:sort|sorted|sorting|put|putting|get|getting|got|have|had) (?:out )?(?:all )?(?:my|all my) (?:affairs|"
             r"finances|paperwork|passwords|life insurance|funeral\w*)(?: in order| sorted)?\b|\baffairs in order\b",
             "affairs finances paperwork passwords insurance funeral funerals"),
            (r"\b(?:sort|sorted|sorting|wrote|written|made|making|updated|update|updating|changed|changing) (?:out )?my "
             r"will\b", "will + sort sorted sorting wrote written made making updated update updating changed changing"),
            (r"\b(?:make|made|making) sure (?:the kids|my kids|my children|everyone|my family|my partner|my wife|my "
             r"husband|the cat|the dog) (?:are|is|will be|would be) (?:\w+ )?(?:looked after|sorted|ok|okay|alright|"
             r"provided for|fine|taken care of) (?:when|after|if) (?:i am gone|i go|i am not here|anything happens|"
             r"something happens)", "sure + gone go here happens"),
            (r"\bkids would get the insurance\b|\blife insurance (?:pays|would pay|covers)\b", "insurance")),
    *_rules(C.PREPARATION, URGENT, "verb", "researching a method",
            (rf"\b(?:research\w*|googl\w*|look(?:ed|ing)? up|search\w*|read(?:ing)? up on|check(?:ed|ing)|work(?:ed|ing)? "
             rf"out) (?:online )?(?:how (?:to|many|much|long)|ways to|methods|the (?:lethal|fatal) dose|lethal|painless|"
             rf"overdose|how people)\b(?:\W+\w+){{0,8}}?\W+(?:{MEANS}|die|kill|suicide|end it|doses?|take|overdose)\b"
             # not for teaching or a patient ("researching lethal doses of paracetamol for the tox teaching session")
             r"(?!(?:\W+\w+){0,4}?\W+(?:for|in|with|during|on) (?:a |the |my |our |this )?(?:\w+ )?(?:patients?|clients?|"
             r"dogs?|cats?|kids?|children|exams?|course|audit|module|training|assignment|essay|teaching|session|lecture|"
             r"revision|shift|ward|tox\w*|pharmacology)\b)",
             "research researched researching googling googled google looked looking look searched searching search "
             "reading read checked checking worked working + how ways methods dose lethal painless overdose people + "
             f"{' '.join(MEANS_WORDS)} park sleeping die kill suicide end dose doses take overdose")),
]  # fmt: skip
# Together, without a direct statement: hopelessness joined to wanting it all to stop. Only counted
# when two or more are found, one of them more than numbness (the last).
HOPELESS_SIGNS = _rules(
    C.HOPELESSNESS, CONCERN, "voice", "hopelessness",
    (r"\bhopeless(?:ness)?\b|\bno hope\b|\blost (?:all )?hope\b", "hopeless hopelessness hope"),
    (r"\btrapped\b", "trapped"),
    (r"\b(?:no way out|can not see a way (?:out|forward))\b", "way + out forward"),
    (r"\bno (?:light|end) in sight\b", "sight"),
    (r"\b(?:i am|i feel like|i am just) (?:a |such a )?burden\b", "burden"),
    (r"\b(?:want|need|wish) (?:it|everything|it all|the pain|this) (?:all )?to (?:stop|end|be over)\b",
     "stop end over + want need wish"),
    (r"\bone way or another\b", "another + way"),
    (r"\b(?:sleep|disappear|vanish) (?:forever|and not come back|for a (?:very )?long time)\b",
     "sleep disappear vanish + forever come long"),
    (r"\bjust disappear\b", "disappear + just"),
    (r"\bcan not (?:go on|keep going|carry on|do (?:this|it|life)) (?:anymore|much longer|any longer)\b",
     "anymore longer + can"),
    (r"\bcan not (?:go on|keep going|carry on) like this\b", "carry going go + like + can"),
    (r"\bcan not see myself (?:getting|making it|being here|lasting|surviving)\b", "myself + see"),
    (r"\bnothing (?:will|is going to|would) (?:ever )?(?:get|be) better\b|\bnever going to get better\b|\bit does not get "
     r"(?:easier|better)\b", "better easier"),
    (r"\b(?:do not|can not) see (?:the|a|any) point\b|\bwhat is the point\b", "point + see what"),
    (r"\b(?:empty|numb|nothing left|running on empty|hollow|can not feel anything)\b", "empty numb hollow left anything + "
     "empty numb hollow nothing feel"),
)  # fmt: skip
HOPELESS_NEEDED = 2
NUMBNESS = HOPELESS_SIGNS[-1]

# What turns ideation into a plan (a means, a place or a plan) or into intent (a time or a decision)
# when it is near: in the same sentence or the one either side.
PLAN_CUES = re.compile(
    rf"\b{MEANS}\b|\b(?:i have|i have got|i have made|made|making|got|there is|have) (?:a |the |my )?(?:plan|method)\b|"
    r"\b(?:know|knew|worked out|figured out|decided|planned|picked|chosen|chose) (?:exactly )?(?:how|where|when|what|"
    r"the place|the spot|the date)\b|\b(?:the|my) plan is\b|\b(?:how|where) i would do it\b|\bhow much (?:it )?would "
    r"(?:it )?take\b"
)
INTENT_CUES = re.compile(
    r"\b(?:tonight|i have decided|decided|made up my mind|made my mind up|my mind is made up|going to do it|i will do "
    r"it|this is (?:it|goodbye|my last)|goodbye (?:to )?(?:everyone|all|world)|say(?:ing)? (?:my )?goodbyes?|will not "
    r"be (?:here|around) (?:tomorrow|next|by|for|after)|by the time (?:you|anyone|someone) reads?|last (?:post|message|"
    r"night on earth|week i am|day i am)|when (?:the kids|everyone|my (?:partner|wife|husband|family)|he|she|they) "
    r"(?:are|is|go|goes) (?:asleep|to bed|out|away|at school|at (?:their|his|her) \w+)|after (?:my|the|this|tonight's|"
    r"tomorrow's) (?:last )?shift|(?:tomorrow|friday|saturday|sunday|monday|tuesday|wednesday|thursday|this weekend|"
    r"next week|my birthday) (?:is|will be) the (?:day|night)|(?:do it|end it|go through with it|be gone) (?:tomorrow|"
    r"this weekend|next week|on \w+day|soon|after)|it (?:all )?ends (?:tomorrow|tonight|soon|on|this|after|here|"
    r"today))\b"
)

# What people say they are "killing themselves" over, or "could kill" for.
TRIVIA = (
    r"(?:job|notes|deadline|work|team|boss|company|patients|audit|exam|course|money|rota|shift|place|trust|service|"
    r"project|report|nhs|coffee|holiday|day off|week off|break|weekend|cake|drink|pint|paperwork|inspection|"
    r"targets?|kpis?|promotion|uni|degree|thesis|dissertation|essay|caseload|workload|inbox|emails|admin|"
    r"waiting list)"
)
# Figures of speech that reuse crisis words.
HYPERBOLE_AFTER = re.compile(
    r"^\W*(?:(?:all (?:week|day|night|month|year|weekend|shift) )?to (?:finish|get|meet|make|keep|do|hit|clear|write|catch|be|"
    r"impress|please|prove|stay|juggle|cover)|"
    r"with (?:my |the |a |this |that )?(?:own )?(?:\w+ )?(?:lanyard|tinsel|stethoscope|badge|charger|headset|ribbon|"
    r"streamers?|fairy lights|cable)|if (?:this|these|those|anyone|someone|somebody|i have to|i hear|i see)\b|"
    rf"(?:over|for) (?:(?:this|these|the|a|my|an|that|some) {TRIVIA}|nothing|them|him|her|work|people who|someone who)|"
    rf"about (?:this|these|the|a|my|an|that|some) {TRIVIA}\b|"
    r"at work|at the gym|working|trying|with (?:work|overtime|this|these|extra)|with all (?:this|the|these|that) "
    rf"(?:overtime|{TRIVIA})|on "
    r"(?:this|these|the|a|my) (?:shift|rota|notes|course|project|job|ward)|laughing|shaving|cooking|chopping|gardening|"
    r"on (?:the|a|an|my|some) (?:\w+ )?(?:knife|oven|kettle|iron|stove|pan|tray|paper|glass|tin|can|hob|grater|"
    r"mandoline|fence|door|cupboard|shelf)|while (?:cooking|shaving|chopping|gardening|working|opening)|accidentally|"
    r"by accident|in the kitchen|of (?:embarrassment|shame|boredom|laughter|cringe)|if (?:he|she|they|you|my|the|one "
    r"more)|when (?:he|she|they|you)|(?:every (?:single )?time|whenever) (?:i|we) (?:have to |need to )?(?:use|open|log (?:in|on|into)|click|"
    r"fill (?:in|out)|print|scan|chart)\b|"
    r"lifting|moving|carrying|playing|skiing|climbing|cycling|falling|slipping|tripping|"
    r"running(?! (?:a|the|my) (?:blade|razor|knife))|in the garden|on the (?:stairs|ice|bike|trampoline)|when i (?:fell|"
    r"slipped|tripped))"
)
# An accident, for "hurt myself" and the like: "slipped on the ice last night and hurt myself", "I
# did the same to myself yesterday with a bread knife, clumsy idiot" (not "slipped" alone, which is
# a relapse, or "fell apart").
ACCIDENT = re.compile(
    r"\b(?:accident\w*|clumsy|clumsiness|by mistake|slipped (?:on|over|down|off|in)|tripped|fell(?! apart| to pieces)|"
    r"falling (?:off|over|down)|crashed|knocked|bumped|stubbed|sprained|twisted|off my bike|on the ice|klutz)\b"
)
HYPERBOLE_BEFORE = re.compile(
    r"(?:could|would|will|gonna|going to|i(?:'|\s)?ll|might|about to) (?:literally |actually |honestly |just )?$"
)

# An exasperated condition before it: "if I have to sit through one more audit I'll kill myself".
HYPERBOLE_IF = re.compile(rf"\bif\b(?:\W+\w+){{0,8}}?\W+(?:one more|another|{TRIVIA})\b")

# Said in earnest: a figure of speech does not come with these.
# Words nobody uses as a figure of speech.
NEVER_A_FIGURE = re.compile(r"selfharm|suicid|relapsed")
# "I could end my own life if it got worse": unlike "I could kill myself", nobody's figure of speech.
NEVER_SAID_IN_JEST = re.compile(r"\b(?:end|ending|ended|take|taking|took) my (?:own )?life\b")
EARNEST = re.compile(
    r"\b(?:decided|i mean it|not joking|seriously|for real|not a joke|i will do it|tonight|plan|on purpose|deliberately)\b"
)


# Done again and again ("killed myself four times on the last level"): a game or a figure of
# speech, not an act, which happens once. Not "tried to kill myself three times".
MANY_TIMES = re.compile(
    r"^\W*(?:\w+\W+)?(?:twice|(?:two|three|four|five|six|seven|eight|nine|ten|twenty|\d+|multiple|several|so many|a "
    r"dozen|a hundred|a million|loads of) times)\b"
)


# Harm to someone seen in the mind's eye: "I get flashes of shaking him when he cries" is an
# intrusive image, not the exasperation of "I could shake him when he does that".
INTRUSIVE = re.compile(r"\b(?:flash|flashes|picture|pictures|image|images|vision|visions|intrusive)\b")


def _is_hyperbole(rule: Rule, before: str, after: str, core: str = "") -> bool:
    if EARNEST.search(before) or EARNEST.search(after) or NEVER_A_FIGURE.search(rule.pattern.pattern[:40]):
        return False
    if NEVER_SAID_IN_JEST.search(core):
        return False
    if rule.category == Category.HARM_OTHERS and INTRUSIVE.search(f"{before[-40:]} {core}"):
        return False
    if HYPERBOLE_AFTER.search(after):
        return True
    if core.strip().startswith("killed ") and MANY_TIMES.search(after):
        return True
    # "I could kill myself / him", "if I have to redo one more rota I'll kill myself": a figure of
    # speech unless it goes on to say how or when. (Not for saving tablets or a recent act.)
    if rule.category in {Category.ACTIVE_IDEATION, Category.HARM_OTHERS} or rule.why == METHOD_FOR_SELF:
        return bool(HYPERBOLE_BEFORE.search(before[-25:]) or HYPERBOLE_IF.search(before))
    return rule.category == Category.INTENT and bool(HYPERBOLE_IF.search(before))


def _about_someone_else(before: str, writer: frozenset = frozenset()) -> bool:
    """The nearest person before a cue is someone else ("my client has been saving"), not one of
    the WRITER words (writer_in_disguise)."""
    for word in reversed(_words(before)[-8:]):
        if word in FIRST_PERSON or word in writer:
            return False
        if word in THIRD_PERSON:
            return True
    return False


# A list under a heading that denies it: "Things I'm not:\n- thinking about ending my life\n- ..."
# (not "Not sure how to say this:" or "Things I'm not telling anyone:").
DENYING_HEADING = re.compile(
    r"^\W*(?:(?:things|stuff|what) )?i am not(?: (?:doing|thinking|feeling|planning|considering|going to do))?\W*:\s*$|"
    r"^\W*(?:not|nope|none of (?:these|this|the following))\W*:\s*$"
)
LIST_ITEM = re.compile(r"^\s*(?:[-*+\u2022]\s|\d+\s*$)")


def _denied_items(sentences: list[str]) -> frozenset[int]:
    """The sentences of lists (LIST_ITEM lines) under a DENYING_HEADING."""
    denied: set[int] = set()
    for index, sentence in enumerate(sentences):
        if ":" not in sentence or not DENYING_HEADING.search(normalise(sentence)):
            continue
        for item in range(index + 1, len(sentences)):
            follows_a_number = sentences[item - 1].strip().isdigit()
            if not (LIST_ITEM.search(sentences[item]) or follows_a_number):
                break
            denied.add(item)
    return frozenset(denied)


def _match(
    rule: Rule, sentence: str, recovering: bool, writer: frozenset = frozenset()
) -> CrisisMatch | None:
    """RULE's first match in SENTENCE that the writer says of themselves, now, and means. WRITER:
    other words that name the writer in this text (writer_in_disguise)."""
    for match in rule.pattern.finditer(sentence):
        before, after, core = sentence[: match.start()], sentence[match.end() :], match.group(0)
        if TAKING_ALL.search(core) and ORDINARY_DOSING.search(after):
            continue  # "want to take all my tablets at once in the morning rather than spread out"
        if rule.why == OVERDOSE_WHY and ORDINARY_DOSING.search(sentence):
            continue  # "took loads of paracetamol for this flu over the weekend, two every four hours"
        if "cutting" in core and NOT_SKIN.search(sentence):
            continue  # "I've been cutting every night, the hedge is enormous"
        if rule.category == Category.PREPARATION:
            if _about_someone_else(before, writer) or (not writer and SOMEONE_ELSES.search(core)):
                continue  # "my client has been saving", "saving his methadone"
            if rule.why in {GATHERING, MEANS_READY} and (
                ORDINARY_PURPOSE.search(after)
                or CLINICAL_TASK.search(sentence)
                or RUNNING_LOW.search(after)
                or (A_SUPPLY.search(core) and not PUT_BY.search(sentence))
            ):
                continue  # "bought two packs of paracetamol for the kids", "counted out for the drug round"
            if rule.why in ENDINGS_RULES and (
                (
                    MOVING_ON.search(sentence)
                    and not NO_NEED.search(sentence)
                    and not COVER_STORY.search(sentence)
                )
                or (rule.why == GOODBYES and TO_CLIENTS.search(after))
            ):
                continue  # "giving my books away, we're downsizing", "goodbye letters to my clients"
            if (
                rule.why in LIFE_ADMIN_RULES
                and LIFE_EVENT.search(sentence)
                and not NOT_THERE.search(sentence)
            ):
                continue  # "wrote my will now the baby's here", "letters to my kids for their 18th birthdays"
        elif not _subject_is_writer(before, core, rule.who, writer):
            continue
        if _negated(before) or _asked(before) or _is_hyperbole(rule, before, after, core):
            continue
        if (
            rule.category == Category.SELF_HARM
            and "hurt" in core
            and ACCIDENT.search(f"{(before + core).rsplit(',', 1)[-1]} {after}")
        ):
            continue  # "fell off my bike yesterday and hurt myself" (not "after the crash, I hurt myself")
        if _told_as_past(sentence, core, recovering, before):
            continue
        if (
            rule.why in ACTS_JUST_DONE
            and (PAST_STORY.search(sentence) or AGE_THEN.search(sentence))
            and "again" not in sentence
        ):
            continue  # "seven years ago this week I tried to end my life", "I tried to end my life at 22"
        severity = rule.severity
        if (
            rule.category == Category.SELF_HARM
            and severity == URGENT
            and rule.why not in {ATTEMPT_WHY, OVERDOSE_WHY}
            and (not RECENT_ACT.search(sentence) or URGE.search(before) or "in my head" in after[:20])
        ):
            severity = CONCERN  # talk of self-harm without a recent act: urges, relapse talk
        if rule.category == Category.HARM_OTHERS and FEAR.search(before[-40:]):
            severity = CONCERN  # "I'm scared I'll hurt the baby": an intrusive fear, not intent
        too = rule.category in SAID_TOO_OF_THEMSELVES and bool(THEMSELVES_TOO.match(after))
        too = too or (rule.why in ACTS_JUST_DONE and bool(JUST_NOW.search(sentence)))
        return CrisisMatch(rule.category, severity, core.strip(), rule.why, rule.source, too)
    return None


IDEATION = {Category.PASSIVE_IDEATION, Category.ACTIVE_IDEATION}


def screen(text: str, phrases: tuple | None = None, *, prepared: Prepared | None = None) -> CrisisScreen:
    """What TEXT suggests about its writer's risk (CrisisScreen.is_crisis, .severity, .matches).

    PHRASES: the admin's active phrases as (phrase, category) pairs; read from the database when
    not given. PREPARED: TEXT already prepared (prepare), when another check read it too."""
    if phrases is None:
        phrases = active_phrases()
    admin_phrases = _compiled(tuple(phrases))
    prepared = prepared or prepare(text)
    # Only sentences that have every anchor of some rule go on (a long post is mostly sentences no
    # rule could match), and only they are normalised: a 5,000-word post costs what its few
    # candidate sentences do.
    if admin_phrases:
        candidates = list(range(len(prepared.sentences)))
    else:
        candidates = [
            index
            for index, words in enumerate(prepared.words)
            if not words.isdisjoint(_FIRST_ANCHORS) and _may_match(words)
        ]
    if prepared.denied:
        candidates = [index for index in candidates if index not in prepared.denied]
    sentences: dict[int, str] = {}
    recovering = Recovering(prepared.lowered)
    writer = writer_in_disguise(prepared.lowered)
    matches: list[CrisisMatch] = []
    ideation_at = []
    for index in candidates:
        sentence = _normalised(sentences, prepared, index)
        found = []
        for clause in CLAUSE_END.split(sentence):
            found += [
                match
                for rule in _rules_for(clause, RULES)
                if (match := _match(rule, clause, recovering, writer))
            ]
            found += _phrase_matches(clause, admin_phrases, recovering)
        if found and I_MEAN_THE.search(_normalised(sentences, prepared, index + 1)):
            found = [
                match for match in found if match.severity != URGENT or match.category != Category.INTENT
            ]
        if found and AWAY_FOR_A_REASON.search(f"{sentence} {_normalised(sentences, prepared, index + 1)}"):
            found = [  # "won't be here - on leave", but not "... and I don't mean on holiday"
                match for match in found if match.why == NOT_FOR_A_REASON or not NOT_HERE.search(match.text)
            ]
        matches += found
        # a means or a time near the ideation makes it a plan or intent; not near hoping for an
        # accident ("hoping a lorry would drift into my lane" on the motorway)
        if any(match.category in IDEATION and match.why != WELCOMES_DEATH for match in found):
            ideation_at.append((index, [match.text for match in found]))
    matches += _echoes(prepared, sentences, recovering, {match.text for match in matches})
    matches += _farewell(prepared, sentences)
    matches += _goodbye_in_secret(prepared, sentences)
    matches += _envies_the_dead(prepared, sentences)
    matches += _did_the_same(prepared, sentences)
    matches += _own_fitting_holds(prepared, sentences)
    matches += _answered_for_themselves(prepared, sentences)
    matches += _answered_yes(prepared, sentences, {match.text for match in matches})
    matches += _no_reasons_of_their_own(prepared, sentences, recovering)
    matches += _noted_for_themselves(prepared, sentences)
    for index, ideas in ideation_at:
        nearby = " ".join(_normalised(sentences, prepared, near) for near in (index - 1, index, index + 1))
        for idea in ideas:  # the ideation's own words are no cue ("do not want to wake up tomorrow")
            nearby = nearby.replace(idea, " ")
        if (plan := PLAN_CUES.search(nearby)) and not _negated(nearby[: plan.start()][-30:]):
            matches.append(CrisisMatch(Category.PLAN, URGENT, plan.group(0), "a means, place or plan nearby"))
        if intent := INTENT_CUES.search(nearby):
            matches.append(CrisisMatch(Category.INTENT, URGENT, intent.group(0), "a time or decision nearby"))
    if not matches:
        matches = _hopelessness([sentences[index] for index in candidates], recovering)
    return CrisisScreen(tuple(matches))


# What "it" was, said straight after: "I'm going to end it. The printer, I mean." (a figure of speech
# for intent; not "... I mean it").
I_MEAN_THE = re.compile(
    r"^\W*(?:the|this|that|my) (?!life\b|everything\b|things\b|it\b)\w+(?: \w+)?,? i mean\b"
)


# Not being here for an ordinary reason, in the same sentence or the next: "won't be here next
# week - annual leave!", "not around after Friday, off to my sister's wedding".
NOT_HERE = re.compile(r"\bbe(?:ing)? (?:here|around)\b")
AWAY_FOR_A_REASON = re.compile(
    r"\b(?:(?:annual|study|maternity|paternity|parental|sick|compassionate) leave|on leave|holidays?|hols|vacation|"
    r"honeymoon|wedding|conference|on a course|off sick|(?:days?|week|weeks) off|out of office|back (?:on|next|"
    r"after) (?:the )?(?:\d+\w*|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|week|month|new year|weekend))\b"
)


# A short sentence that says the writer feels or does what an earlier sentence told of someone
# else: "My client said she wants to die. Truth is, so do I.", "... Honestly? Same."
ECHO = re.compile(
    r"^\W*(?:\w+\W+){0,3}(?:so do i|so am i|so have i|so did i|me too|me as well|i do too|i am too|i have too|"
    r"i do as well|same here|same for me|same with me|i feel the same|i feel that too|i know that feeling|"
    r"same(?=\W*$))\b"
)
# What an echo may reach back over to the sentence it echoes: a fragment ("Honestly?") or what the
# writer did ("I charted it and rang her GP."), at most this many sentences.
ECHO_REACH = 3
FRAGMENT_WORDS = 2
WRITER_DID = re.compile(r"^\W*(?:i|we)\b")
ECHO_WORDS = frozenset(["so", "too", "same", "well", "feeling"])
ECHO_MOST_WORDS = 10


def _echoes(prepared: Prepared, sentences: dict, recovering, known: set) -> list[CrisisMatch]:
    """What the writer shares of the sentence before an ECHO: that sentence's matches whoever their
    subject, unless denied, a figure of speech or told as history (not harm to others: "he wants
    to hurt her. same" is not the writer's intent)."""
    found = []
    for index in range(1, len(prepared.sentences)):
        words = prepared.words[index]
        if len(words) > ECHO_MOST_WORDS or words.isdisjoint(ECHO_WORDS):
            continue
        echo = ECHO.search(_normalised(sentences, prepared, index))
        if not echo:
            continue
        said = _echoed(prepared, index)
        told = _in_first_person(said)
        for rule in _rules_for(told, RULES):
            if rule.category == Category.HARM_OTHERS:
                continue
            for match in rule.pattern.finditer(told):
                before, after, core = told[: match.start()], told[match.end() :], match.group(0).strip()
                if (
                    core in known
                    or _negated(before)
                    or _asked(before)
                    or _is_hyperbole(rule, before, after)
                    or _told_as_past(told, core, recovering)
                ):
                    continue
                shown = core if told == said else said  # the words as written, not as the writer's
                found.append(
                    CrisisMatch(
                        rule.category, rule.severity, f"{shown} … {echo.group(0)}", SHARED, rule.source
                    )
                )
                known.add(core)
                break
    return found


SHARED = "says the same of themselves"

# What someone said of themselves, as the writer who echoes it says it of themselves ("she wants to
# kill herself. Same." is "I want to kill myself"): the rules name the writer by "I", "myself",
# "me" and "my". "her" is "me" where an object ends a phrase ("better off without her"), else "my".
IN_FIRST_PERSON = (
    (re.compile(r"\b(?:herself|himself|themselves|themself)\b"), "myself"),
    (
        re.compile(
            r"\b(?:him|them)\b|\bher\b(?=\W*$|\W+(?:and|or|but|if|to|for|at|in|on|with|so|because|anymore|now|too)\b)"
        ),
        "me",
    ),
    (re.compile(r"\b(?:his|her|their)\b"), "my"),
    (re.compile(r"\b(?:she|he|they)\b"), "i"),
    (re.compile(r"\bi (?:is|are)\b"), "i am"),
    (re.compile(r"\bi were\b"), "i was"),
    (re.compile(r"\bi (?:has|does)\b"), lambda said: "i have" if said.group(0).endswith("has") else "i do"),
)


def _in_first_person(told: str) -> str:
    """TOLD with someone else's "herself", "her", "his"... as the writer's (IN_FIRST_PERSON)."""
    for pattern, mine in IN_FIRST_PERSON:
        told = pattern.sub(mine, told)
    return told


SHARED_WITH_THE_ANSWERED = "says the same of themselves as the post they answer"
# How a reply opens when it says the post it answers is true of its writer too: "Same.", "same
# mate", "Honestly? Same here.", "Not weird. Same for me.", "Me too, lately.", "So do I.", "this.
# exactly this.", "You're not alone, I'm the same." (not "Same time tomorrow?" or "I'm the same
# age as you"), after at most three short fragments.
REPLY_ECHO = re.compile(
    r"^\W*(?:(?:honestly|yeah|yep|yes|ugh|oh|god|omg|ok|okay|and|tbh|hey|mate|love|hun|aye|ya|na|so|wow|sadly|"
    r"you are not alone|not alone)\W+|(?:\w+\s+){0,2}\w+\s*[.!?]+\s*){0,3}(?P<echo>same\w*(?=\W*$|\s*[^\w\s]|\s+(?:here|o|oh|mate|hey|boat|for me|"
    r"with me|too|tbh|honestly|love|hun|x+|lol|every|again|though|tho|yeah|yep|exactly|sadly|mine|me)\b)|me too|me "
    r"as well|so do i|so am i|so have i|so did i|i do too|i am too|i have too|i am the same(?! age| time| year| band| grade| "
    r"height| size| weight)|i feel the same|i feel "
    r"that too|i feel this|felt this|i relate|this\W+exactly this|exactly this|this exactly|this(?=\W*$)|mine too|"
    r"i know that feeling|ditto|snap(?=\W*$|\W*[.!,]|\s+(?:here|mate|love|hun)\b)|word for word|(?:i )?could have "
    r"written (?:this|that|every word)|you have (?:just )?written (?:my|about my|me)\b|(?:this|that) is me\b(?! (?:in|at|on|"
    r"with|and my|when) (?!the same)\w+)|i am (?:right )?there too|(?:i am )?in the same (?:boat|place|spot|hole)|same "
    r"boat|(?:hard|big|deep) relate|reading (?:this|that) (?:was|is) like reading my own)\b"
)
REPLY_ECHO_REACH = 120  # characters: the opening of a reply


def opening_echo(prepared: Prepared) -> str | None:
    """The words with which a reply says the post it answers is true of its writer too (REPLY_ECHO),
    if it opens with them."""
    echo = REPLY_ECHO.search(normalise(prepared.lowered[:REPLY_ECHO_REACH]))
    return echo.group("echo") if echo else None


# What a reply may go on to say after its opening "same" that makes it someone else's story: the
# writer is through it ("I'm ten years clear", "therapy got me out", RECOVERY) or shares only part
# of it ("same, but only the exhaustion, not the dark thoughts", "snap on the nights, but I'm safe").
ONLY_PART = re.compile(
    r"\b(?:not (?:the|those|any) (?:dark|suicidal|scary|other|last|second|rest)\b|(?:only|just) the (?:\w+ )?(?:part|bit|"
    r"half|first)\b|i am (?:safe|okay|ok|fine|alright|all right)\b(?! (?:(?:now|these days|today|tonight|right now|at the "
    r"moment),? )?(?:but|though|most|some|mostly|for now|ish)\b)|i am not (?:suicidal|in (?:that|the same) place|there (?:now|anymore|any more))|never (?:got|"
    r"went|gone) that far|got me (?:out|through)|(?:came|come|got) out the other side)"
)
# ... or what makes the "same" support rather than a disclosure: "Same here: we're all with you",
# "me too, I'm around tonight if you want to talk". A disclosure can open so too, so the finding
# stays, tentative: moderators look, and the replier is shown nothing.
SUPPORTS = re.compile(
    r"\b(?:you are not alone|not alone in (?:this|that|it)|we are (?:all )?(?:here|with you|around)|i am (?:here|around)"
    r"(?: for you| if| tonight| all night| to talk| anytime| whenever)|here for you|with you (?:tonight|all the way)|"
    r"sending (?:love|hugs|strength|you)|thinking of you|holding you|please (?:call|ring|reach out|talk to|tell|stay|"
    r"text)|(?:call|ring|text) (?:someone|a helpline|samaritans|988|111|your gp|the crisis|lifeline)|(?:dm|message|pm) "
    r"me|reach out|we have got you|we got you|i hear you|proud of you for|glad you (?:posted|said|told|wrote))"
)


def shared_with_the_answered(
    own: CrisisScreen, echo: str, answered: CrisisScreen, prepared: Prepared
) -> CrisisScreen:
    """OWN, the reply's screen (PREPARED: the reply), with the crisis of the post it answers
    (ANSWERED) as the reply's writer's too, after an opening ECHO: not harm to others ("same"
    does not make the replier intend it), when the answered post's finding is firm (a tentative
    one is the learned reader's doubt, which a "same" would only spread), and not when the reply
    goes on to say the writer is through it or shares only part of it (ONLY_PART). Firm, as the
    answered post's finding is, unless the reply offers support (SUPPORTS) and says nothing of its
    writer's own risk: then tentative."""
    shared = tuple(
        CrisisMatch(
            match.category, match.severity, f"{match.text} … {echo}", SHARED_WITH_THE_ANSWERED, match.source,
            of_themselves_too=True,
        )
        for match in answered.matches
        if match.category != Category.HARM_OTHERS
    )  # fmt: skip
    if not shared or answered.tentative:
        return own
    reply = normalise(prepared.lowered)
    if ONLY_PART.search(reply) or RECOVERY.search(reply):
        return own
    supports = not own.matches and SUPPORTS.search(reply)
    return CrisisScreen(own.matches + shared, tentative=bool(supports))


# "Tonight's the night. Thank you all for everything.": the day named and a goodbye.
THE_DAY = re.compile(r"\b(?:tonight|today|tomorrow)(?:'s| is) the (?:night|day)\b")
FAREWELL = re.compile(
    r"\b(?:thank you (?:all |everyone |so much )?for everything|love you all|sorry for everything|goodbye (?:everyone|"
    r"all|world)|this is goodbye)\b"
)


# The day of something to look forward to: "passed my driving test", "opening night".
GOOD_NEWS = re.compile(
    r"\b(?:passed|exams?|test|results|graduat\w*|celebrat\w*|party|gig|concert|premiere|debut|opening night|first "
    r"night|date night|match|final|show|proposal|proposed)\b"
)


def _moving_on_or_news(prepared: Prepared) -> bool:
    """Whether a text is about leaving a job or a home, a life event or good news (the goodbyes in
    it are for that)."""
    return any(pattern.search(prepared.lowered) for pattern in (MOVING_ON, LIFE_EVENT, GOOD_NEWS))


def _farewell(prepared: Prepared, sentences: dict) -> list[CrisisMatch]:
    """The day named and a goodbye in the same sentence or the next, not someone else's (quoted)
    and not for a leaving do, a life event or good news."""
    if not THE_DAY.search(prepared.lowered) or _moving_on_or_news(prepared):
        return []
    for index in range(len(prepared.sentences)):
        sentence = _normalised(sentences, prepared, index)
        if day := THE_DAY.search(sentence):
            nearby = f"{sentence} {_normalised(sentences, prepared, index + 1)}"
            if farewell := FAREWELL.search(nearby):
                text = f"{day.group(0)} … {farewell.group(0)}"
                return [CrisisMatch(Category.INTENT, URGENT, text, "names the day and says goodbye")]
    return []


# A goodbye said so that the other does not know it is one: "rang my mum and said goodbye to her
# without her knowing that's what it was", or "texted him thanking him for everything and saying I
# love him ... It was goodbye." Not in a post about leaving a job or a life event (as _farewell).
GOODBYE_UNKNOWN = re.compile(
    r"\b(?:said|say|saying) (?:my )?goodbyes? to (?:\w+ ){1,3}?without (?:her|him|them|anyone|\w+) (?:knowing|realising|"
    r"realizing)\b"
)
GOODBYE_IT_WAS = re.compile(r"\b(?:it|that|this) was (?:my |a |our )?(?:goodbye|farewell)\b(?=\W*$)")
LAST_WORDS = re.compile(
    r"\b(?:thank\w* (?:\w+ ){0,2}for everything|(?:saying|said|told \w+|telling \w+) (?:that )?i love (?:him|her|them|"
    r"you))\b"
)
GOODBYE_WORDS = frozenset(["goodbye", "goodbyes", "farewell"])
UNKNOWING_GOODBYE_WHY = "says goodbye without the other knowing"


def _goodbye_in_secret(prepared: Prepared, sentences: dict) -> list[CrisisMatch]:
    """GOODBYE_UNKNOWN, or GOODBYE_IT_WAS after LAST_WORDS in the two sentences before it, not
    denied, in a post that is not about moving on, a life event or good news. It stands against the
    learned reader's doubt (CrisisMatch.of_themselves_too), which reads the rest of such a post as
    thanks and family news."""
    if all(words.isdisjoint(GOODBYE_WORDS) for words in prepared.words) or _moving_on_or_news(prepared):
        return []  # most posts say no goodbye: the whole text is searched only for those that do
    for _, _, said in _sentences_saying(prepared, sentences, GOODBYE_WORDS, GOODBYE_UNKNOWN):
        return [
            CrisisMatch(
                Category.PREPARATION, URGENT, said.group(0), UNKNOWING_GOODBYE_WHY, of_themselves_too=True
            )
        ]
    for index, _, said in _sentences_saying(prepared, sentences, GOODBYE_WORDS, GOODBYE_IT_WAS):
        before = " ".join(_normalised(sentences, prepared, near) for near in range(max(0, index - 2), index))
        if last := LAST_WORDS.search(before):
            return [
                CrisisMatch(
                    Category.PREPARATION, URGENT, f"{last.group(0)} … {said.group(0)}", UNKNOWING_GOODBYE_WHY,
                    of_themselves_too=True,
                )
            ]  # fmt: skip
    return []


# Envy of someone who took their life, in the same sentence or next to it: "The inquest was today
# for the lad we lost in March. Sat there thinking he had the right idea." A wish to be dead said
# about someone else (passive ideation). Not "she had the right idea to ring the crisis team".
TOOK_THEIR_LIFE = re.compile(
    r"\b(?:took (?:his|her|their) (?:own )?life|ended (?:his|her|their) (?:own )?life|killed (?:himself|herself|"
    r"themselves|themself)|hanged (?:himself|herself|themselves)|died by suicide|suicide|inquest)\b"
)
ENVIES_THE_DEAD = re.compile(
    r"\b(?:(?:he|she|they) (?:had|has|have|got) the right idea(?=\W*$|\W*[,.!?;]| (?:and|but|honestly|really|i "
    r"think)\b)|(?:i|part of me) (?:\w+ )?(?:envy|envies|envied|am jealous of|is jealous of|was jealous of|felt jealous "
    r"of) (?:him|her|them)\b|lucky "
    r"(?:him|her|them|sod|bugger|beggar|thing)\b(?=\W*$|\W*[,.!?;]))"
)
ENVIES_WORDS = frozenset(["idea", "envy", "envies", "envied", "jealous", "lucky"])
ENVIES_THE_DEAD_WHY = "envies someone who took their life"


def _sentences_saying(prepared: Prepared, sentences: dict, words: frozenset, pattern: re.Pattern):
    """(index, sentence, match) for each sentence that has one of WORDS (a set lookup: most have
    none) and where PATTERN matches, not denied just before it."""
    for index, written in enumerate(prepared.words):
        if written.isdisjoint(words):
            continue
        sentence = _normalised(sentences, prepared, index)
        match = pattern.search(sentence)
        if match and not _negated(sentence[: match.start()]):
            yield index, sentence, match


def _envies_the_dead(prepared: Prepared, sentences: dict) -> list[CrisisMatch]:
    """ENVIES_THE_DEAD in a sentence with TOOK_THEIR_LIFE in it or next to it, not denied."""
    for index, _, envy in _sentences_saying(prepared, sentences, ENVIES_WORDS, ENVIES_THE_DEAD):
        nearby = " ".join(_normalised(sentences, prepared, near) for near in (index - 1, index, index + 1))
        if TOOK_THEIR_LIFE.search(nearby):
            return [CrisisMatch(Category.PASSIVE_IDEATION, CONCERN, envy.group(0), ENVIES_THE_DEAD_WHY)]
    return []


# "Dressed her cuts this morning. Last night I did the same to myself.": an act of self-harm told
# of someone else, which the writer then says they did too, recently, or wants to.
DID_THE_SAME = re.compile(
    r"(?:\bi (?:have |had )?(?:\w+ )?(?:did|done|do)|\b(?P<urge>wants?|wanting|wanted|urges?|tempted|itching)(?: to)? "
    r"do) (?:the same(?: thing)?|it|that|what (?:he|she|they) did) to myself\b"
)
DID_THE_SAME_WORDS = frozenset(["myself"])
SELF_HARM_TOLD = re.compile(
    r"\b(?:selfharm\w*|s/h|self ?injur\w*|overdos\w*|ligatures?|(?:cut|cutting|burn\w*|harm\w*|hurt\w*|scratch\w*) "
    r"(?:himself|herself|themselves|themself)|(?:'s|his|her|their) (?:\w+ )?(?:cuts|burns|wounds|scars|cutting|injuries)|(?:cuts|burns|wounds|scars) on (?:his|her|"
    r"their))\b"
)
LATELY_DONE = re.compile(rf"\b(?:{RECENTLY}|(?:first|1st) time (?:in|since))\b")
DID_THE_SAME_WHY = "did the same to themselves, recently"
WANTS_THE_SAME_WHY = "wants to do the same to themselves"


def _did_the_same(prepared: Prepared, sentences: dict) -> list[CrisisMatch]:
    """DID_THE_SAME, not denied, after self-harm told in that sentence or the ECHO_REACH sentences
    before it: an act with a time that makes it recent (LATELY_DONE), urgent, or an urge to,
    a concern ("I haven't stopped wanting to do it to myself since")."""
    for index, sentence, did in _sentences_saying(prepared, sentences, DID_THE_SAME_WORDS, DID_THE_SAME):
        urge = did.group("urge") is not None
        if (
            not NEGATIONS.isdisjoint(did.group(0).split())
            or not (urge or LATELY_DONE.search(sentence))
            or ACCIDENT.search(sentence)
        ):
            continue
        told = [normalise(prepared.sentences[back]) for back in range(max(0, index - ECHO_REACH), index)]
        if SELF_HARM_TOLD.search(" ".join([*told, sentence[: did.start()]])):
            severity, why = (CONCERN, WANTS_THE_SAME_WHY) if urge else (URGENT, DID_THE_SAME_WHY)
            return [CrisisMatch(Category.SELF_HARM, severity, did.group(0), why, of_themselves_too=True)]
    return []


# "Did the reasons for living section with a client. I realised I had none of my own.": a safety
# plan's reasons for living, and the writer finding none of their own there or in the next sentence.
REASONS_FOR_LIVING = re.compile(
    r"\breasons? (?:for living|to live|to stay alive|for staying alive|to keep going|to be alive)\b"
)
REASONS_WORDS = frozenset(["reason", "reasons"])
NONE_OF_MY_OWN = re.compile(
    r"\b(?:i (?:had|have|found|could find|could think of|came up with|got) (?:none|nothing|zero|not one|not a single "
    r"one)(?: at all)? (?:of my own|for myself|for me)|(?:mine|my own|my list|my box|my column|my section|my page|my "
    r"sheet) (?:\w+ ){0,2}?(?:was|were|is|are|stayed|stays|remained|came out|left) (?:\w+ )?(?:blank|empty|nothing|"
    r"none)\b)"
)
NO_REASONS_OF_THEIR_OWN = "finds no reasons for living of their own"


def _no_reasons_of_their_own(prepared: Prepared, sentences: dict, recovering) -> list[CrisisMatch]:
    """REASONS_FOR_LIVING, then NONE_OF_MY_OWN after it in that sentence or the next, not history."""
    for index, words in enumerate(prepared.words):  # a set lookup a sentence: most have no "reasons"
        if words.isdisjoint(REASONS_WORDS):
            continue
        sentence = _normalised(sentences, prepared, index)
        reasons = REASONS_FOR_LIVING.search(sentence)
        if not reasons:
            continue
        for told in (sentence[reasons.end() :], _normalised(sentences, prepared, index + 1)):
            none = NONE_OF_MY_OWN.search(told)
            if none and not _told_as_past(told, none.group(0), recovering):
                return [
                    CrisisMatch(Category.PASSIVE_IDEATION, CONCERN, none.group(0), NO_REASONS_OF_THEIR_OWN)
                ]
    return []


# "Ligature audit today. Noticed I was noticing the hinges for me.", "Drove home past the
# viaduct, clocked where the railings are lowest. Wasn't clocking it for work.": a means or a place
# the writer notes for themselves, not for the job (not "checked the points for myself before
# signing off", where "for myself" is "in person", nor "she was counting the tablets for me").
NOTING_WORDS = word_set(
    "noticing clocking noting checking looking counting scoping measuring eyeing mapping sizing"
)
NOTING = "(?:" + "|".join(sorted(NOTING_WORDS)) + ")"
FOR_THEMSELVES = re.compile(
    rf"\b(?:(?:was|were|am|is) not {NOTING}(?: (?:it|that|them|this|those))? (?:for (?:work|the job|the audit|my "
    rf"job)|as a (?:nurse|paramedic|clinician|medic|doctor|professional|worker))|i (?:was|am) {NOTING}(?: (?:it|them|that|this|"
    rf"those|mine|the \w+(?: \w+)?))? for (?:me|myself)\b(?! (?:and|rather|before|to|because|so)\b))"
)
PLACES = (
    r"barriers?|railings?|parapet|platforms?|viaduct|heights?|hinges?|anchor points?|ligature points?|fence|quarry|"
    r"car ?park|overpass|flyover|fittings?|hold (?:my |the |a )?weight|load[- ]bearing"
)
NEAR_A_MEANS = re.compile(rf"\b(?:{MEANS}|{PLACES})\b")
FOR_THEMSELVES_WHY = "notes a means or place for themselves"


def _noted_for_themselves(prepared: Prepared, sentences: dict) -> list[CrisisMatch]:
    """FOR_THEMSELVES with a means or a place (NEAR_A_MEANS) in that sentence or the two before,
    not denied."""
    for index, _, noted in _sentences_saying(prepared, sentences, NOTING_WORDS, FOR_THEMSELVES):
        nearby = " ".join(
            _normalised(sentences, prepared, near) for near in range(max(0, index - 2), index + 1)
        )
        if NEAR_A_MEANS.search(nearby):
            return [
                CrisisMatch(Category.PLAN, URGENT, noted.group(0), FOR_THEMSELVES_WHY, of_themselves_too=True)
            ]
    return []


# "My patient described his wardrobe door. I looked at my own wardrobe door and knew it would
# hold.": a fitting of the writer's own home that would take their weight (not "my own banister
# would hold the baby gate"). Said of the writer's own, after someone else's, so it stands against
# a post that is mostly professional talk (CrisisMatch.of_themselves_too).
OWN_FITTING_HOLDS = re.compile(
    r"\bmy own (?:\w+ ){0,2}?(?:doors?|wardrobe|banisters?|bannisters?|beams?|hooks?|rails?|poles?|hatch|loft|stairs|"
    r"staircase|brackets?|pipes?)\b(?:\W+\w+){0,12}?(?:\W+(?:would|will|could|can)|'d|'ll) (?:hold(?=\W*$|\s*[,;:.!?]|"
    r"\s+(?:me|my weight|it|fine|and)\b)|take (?:my|the) weight|bear (?:my|the) weight)\b"
)
OWN_WORDS = frozenset(["own"])
OWN_FITTING_WHY = "a fitting in their own home that would hold them"


def _own_fitting_holds(prepared: Prepared, sentences: dict) -> list[CrisisMatch]:
    """OWN_FITTING_HOLDS in a sentence, not denied."""
    for _, _, holds in _sentences_saying(prepared, sentences, OWN_WORDS, OWN_FITTING_HOLDS):
        return [CrisisMatch(Category.PLAN, URGENT, holds.group(0), OWN_FITTING_WHY, of_themselves_too=True)]
    return []


# "Did a C-SSRS with a client and answered it in my head for myself. Yes.": a suicide screening's
# question, answered by the writer for themselves (not "No, thankfully"; not a burnout inventory).
FOR_MYSELF = re.compile(
    r"\b(?:answered|answering|answer|answers|scored|scoring|score|ticked|ticking)\b(?:\W+\w+){0,6}?\W+(?:for|about|on) "
    r"myself\b"
)
FOR_MYSELF_WORDS = frozenset(["myself"])
ANSWERED_NO = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:no|nope|not|never|thankfully|luckily|zero|nothing)\b")
SCREENING = re.compile(
    r"\b(?:c-?ssrs|columbia|phq|item 9|question 9|suicid\w*|(?:wished|wish|wishing) (?:you|they|he|she|i) (?:were|was) "
    r"dead|not wake up|kill (?:yourself|themselves|himself|herself)|end (?:your|their|his|her) life|risk (?:assessment|"
    r"screen\w*)|safety plan\w*)"
)
ANSWERED_FOR_MYSELF_WHY = "answers a suicide screening question for themselves"


def _answered_for_themselves(prepared: Prepared, sentences: dict) -> list[CrisisMatch]:
    """FOR_MYSELF, not denied, with a suicide screening's words (SCREENING) in that sentence or
    the two before it, and no "no" just after it (ANSWERED_NO)."""
    for index, sentence, answered in _sentences_saying(prepared, sentences, FOR_MYSELF_WORDS, FOR_MYSELF):
        answer = f"{sentence[answered.end() :]} {_normalised(sentences, prepared, index + 1)}"
        nearby = " ".join(
            _normalised(sentences, prepared, near) for near in range(max(0, index - 2), index + 1)
        )
        if SCREENING.search(nearby) and not ANSWERED_NO.search(answer):
            return [
                CrisisMatch(
                    Category.ACTIVE_IDEATION, CONCERN, answered.group(0), ANSWERED_FOR_MYSELF_WHY,
                    of_themselves_too=True,
                )
            ]  # fmt: skip
    return []


# "Our registrar asked whether any of us had ever thought about suicide. ... The true answer was
# yes.", "My GP asked if I'd had thoughts of ending my life. I said no. The truth is, yes.": a question
# put to the writer (or to a group with them in it), answered yes for themselves. Not a client's
# answer ("I asked her if ... Her honest answer was yes") or a question put to a class ("asked
# whether we had thought about suicide as a risk"): the question must be about "I", "anyone" or
# "any of us".
ANSWER_YES = re.compile(
    r"(?:\b(?:the|my) (?:true|honest|real|truthful|actual) answer|\bthe truth|\btruthfully|\bhonestly|\bin truth)\W+"
    r"(?:(?:was|is|would (?:have been|be))\b\W*)?(?:(?:a|quiet|silent|definite|resounding|obviously|probably)\s+)*yes\b"
)
ANSWER_YES_WORDS = frozenset(["yes"])
# ... but not a yes that is over ("yes, as a teenager. Not since.", "yes, last winter, but not now")
# or that is other people's ("honestly, yes, a few people put their hands up").
NOT_NOW = re.compile(
    r"\b(?:not (?:now|lately|any ?more|these days|recently|since|for (?:years|a long time|ages))|(?:last|that) "
    r"(?:winter|summer|spring|autumn|year))\b"
)
OTHERS_ANSWER = re.compile(
    r"^\W*(?:(?:a few|some|several|many|most|loads|lots|half|two|three|\d+) (?:of (?:us|them|the room|the group)|people|"
    r"colleagues|others|hands)|people|colleagues|everyone|everybody|they|she|he)\b"
)
ASKED_OF_THEM = re.compile(
    r"\b(?:asked|asks|ask|asking)\b(?:\W+\w+){0,5}?\W+(?:if|whether) (?P<who>any of us|anyone(?: else)?|anybody(?: else)?|"
    r"i) (?P<rest>[^.?!;:]+)"
)
ANSWERED_YES_WHY = "answers yes for themselves to a question about it"


def _answered_yes(prepared: Prepared, sentences: dict, known: set) -> list[CrisisMatch]:
    """ANSWER_YES after a question put to the writer (ASKED_OF_THEM, in that sentence or the
    ECHO_REACH before it): what the rules find in the question said by "I", unless denied or a
    figure of speech, and not already found (KNOWN); not a yes that is over or other people's
    (NOT_NOW, PAST_STORY, OTHERS_ANSWER). A yes to self-harm is a concern: it says that it
    happens, not when."""
    for index, sentence, yes in _sentences_saying(prepared, sentences, ANSWER_YES_WORDS, ANSWER_YES):
        answer = f"{sentence[yes.end() :]} {_normalised(sentences, prepared, index + 1)}"
        if OTHERS_ANSWER.search(answer) or NOT_NOW.search(answer) or PAST_STORY.search(answer):
            continue
        asked = [_normalised(sentences, prepared, near) for near in range(max(0, index - ECHO_REACH), index)]
        for question in (
            found for told in [*asked, sentence[: yes.start()]] for found in ASKED_OF_THEM.finditer(told)
        ):
            told = _in_first_person(f"i {question.group('rest')}")  # "anyone has" -> "i have"
            for rule in _rules_for(told, RULES):
                for match in rule.pattern.finditer(told):
                    before, after, core = told[: match.start()], told[match.end() :], match.group(0).strip()
                    if core in known or _negated(before) or _is_hyperbole(rule, before, after):
                        continue
                    severity = CONCERN if rule.category == Category.SELF_HARM else rule.severity
                    return [
                        CrisisMatch(
                            rule.category, severity, f"{question.group(0)} … {yes.group(0)}", ANSWERED_YES_WHY
                        )
                    ]
    return []


def _echoed(prepared: Prepared, index: int) -> str:
    """The sentence that the echo at INDEX echoes, normalised with its quotes ("she said 'I want to
    die'"): the one before it, or the one before the fragments and the writer's own doings in
    between (ECHO_REACH). A sentence someone else is quoted in ("> I keep wishing...") is theirs,
    even when it starts with "I"."""
    for back in range(index - 1, max(-1, index - 1 - ECHO_REACH), -1):
        told = normalise(prepared.sentences[back]).strip().lstrip("> ")
        first_word = (
            prepared.spans[back][0]
            + len(prepared.sentences[back])
            - len(prepared.sentences[back].lstrip("'\" >"))
        )
        quoted = any(
            quote_start <= first_word < quote_end for quote_start, quote_end in prepared.others_quotes
        )
        if len(prepared.words[back]) > FRAGMENT_WORDS and (quoted or not WRITER_DID.search(told)):
            return told
    return ""


def _rules_for(sentence: str, rules: list[Rule]) -> list[Rule]:
    """The RULES whose anchors SENTENCE (normalised) has, in their order."""
    words = set(_words(sentence))
    return [
        rule for rule in rules if rule.anchors[0] & words and all(group & words for group in rule.anchors[1:])
    ]


def _normalised(sentences: dict, prepared: Prepared, index: int) -> str:
    """Sentence INDEX of PREPARED, as the writer's own words (Prepared.writers_own), normalised
    (once)."""
    if index not in sentences:
        sentences[index] = normalise(prepared.writers_own(index)).strip()
    return sentences[index]


def _hopelessness(sentences: list[str], recovering: bool) -> list[CrisisMatch]:
    """Two or more signs of hopelessness, one of them more than numbness."""
    found = []
    applicable = [(sentence, _rules_for(sentence, HOPELESS_SIGNS)) for sentence in sentences]
    for rule in HOPELESS_SIGNS:
        for sentence, rules in applicable:
            if rule not in rules:
                continue
            match = _match(rule, sentence, recovering)
            if match and match.text not in {m.text for m in found}:
                found.append(match)
                break
    strong = [match for match in found if not NUMBNESS.pattern.search(match.text)]
    return found if len(found) >= HOPELESS_NEEDED and strong else []


# --- The admin's own phrases ----------------------------------------------------------------------

PHRASE_CATEGORIES = {
    CrisisPhrase.Category.SUICIDE: Category.ACTIVE_IDEATION,
    CrisisPhrase.Category.SELF_HARM: Category.SELF_HARM,
    CrisisPhrase.Category.HARM_OTHERS: Category.HARM_OTHERS,
}


def _pattern_for(phrase: str) -> str:
    """A phrase as written in the admin, as a pattern over normalised text: words on word
    boundaries, any spaces or hyphens between them, a trailing * for word endings."""
    words = []
    for word in normalise(phrase).split():
        stem = word.rstrip("*")
        words.append(re.escape(stem) + (r"\w*" if word.endswith("*") else ""))
    return r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?!\w)"


@lru_cache(maxsize=4)
def _compiled(phrases: tuple) -> list[Rule]:
    return [
        Rule(PHRASE_CATEGORIES.get(category, Category.ACTIVE_IDEATION), CONCERN, re.compile(_pattern_for(phrase)),
             "self", f"the phrase “{phrase}”", frozenset(), "phrase")
        for phrase, category in phrases
    ]  # fmt: skip


def _phrase_matches(sentence: str, phrases: list[Rule], recovering: bool) -> list[CrisisMatch]:
    return [match for rule in phrases if (match := _match(rule, sentence, recovering))]


def active_phrases() -> tuple:
    """The admin's active phrases, as (phrase, category) pairs."""
    return tuple(CrisisPhrase.objects.filter(is_active=True).values_list("phrase", "category"))


def _written_forms(group: frozenset) -> frozenset:
    """GROUP with the contractions and typos that become one of its words once normalised, and
    the halves of words that normalising joins ("self-harm")."""
    extra = {short for short, long in CONTRACTIONS.items() if group.intersection(long.split())}
    if any(word.startswith("selfharm") for word in group):
        # "self-harm", "self harm": "harm" is in each
        extra |= {"harm", "harmed", "harming", "harms", "sh", "s/h"}
    if "overdose" in group:
        extra |= {"over", "od"}
    return group | extra


# Everyday words: a rule is looked up by its anchor group with the fewest of these, so that a long
# post's ordinary sentences are passed over after one set lookup.
EVERYDAY = word_set(
    """
    a about after again all also am an and any anything are as at back be been before being but by can
    can't come could day days did do does doing don't done down end even every feel for from get getting
    go going good got had has have having he her here him his home how i i'll i'm i've if in into is it
    its just keep know last let life like little look made make many me more most much my need never new
    no not nothing now of off on once one only or other our out over own people point put really right
    said same say see she should so some still stop take taking than that the their them then there these
    they thing think this those through time to too two up us very want was way we week weekend well were
    what when where which while who will with work would year you your thinking thought tired tomorrow
    sure read reading walk car care note notes email shift worked build putting sleep myself here
    """
)


def _index_group(groups: tuple) -> int:
    """Which of a rule's anchor groups to look it up by: the one with the fewest everyday words."""
    return min(range(len(groups)), key=lambda index: (len(groups[index] & EVERYDAY), len(groups[index])))


# Rules by a word of their rarest anchor group, every group in its written (not normalised) forms.
_BY_ANCHOR: dict[str, list] = {}
for _rule in (*RULES, *HOPELESS_SIGNS):
    _written = tuple(_written_forms(group) for group in _rule.anchors)
    for _word in _written[_index_group(_written)]:
        _BY_ANCHOR.setdefault(_word, []).append(_written)
_FIRST_ANCHORS = frozenset(_BY_ANCHOR)


def _may_match(words: set) -> bool:
    """Whether a sentence with WORDS (lowered, not yet normalised) has every anchor of some rule."""
    for word in words & _FIRST_ANCHORS:
        for groups in _BY_ANCHOR[word]:
            if all(group & words for group in groups):
                return True
    return False
