"""The learned reader beside the crisis and method-detail rules (docs/safety.md, "Two readers").

The hand-written rules (moderation/crisis.py, moderation/method_detail.py) catch the wording they
were written for and almost nothing else: on posts written apart from them they found one crisis
in three. This module reads every text a second way, as a small linear model (logistic
regression) over features that generalise across wording:

- stemmed words and word pairs, with negation and the sentence's subject marked;
- *concepts* from hand-kept lexicons (death and dying, self-harm, a means, a place, a time, a
  decision, preparing, harming someone, hopelessness...), each marked with who the sentence is
  about (the writer, someone else, nobody named), whether it is negated and whether it is told as
  finished history, and pairs of concepts near each other (a means near a death word);
- the post's context (clinical work, fiction, a reply to someone else, grief, a joke);
- what the rules found, so that a rule's reading counts as one strong piece of evidence.

The weights are trained offline on the labelled corpus (`manage.py train_safety_model`, in
moderation/risk_training.py) and shipped in moderation/data/risk_model.json: nothing is learned
from members' posts and nothing leaves the server. Scoring is a sum of weights, so it stays
explainable: a finding names the sentence whose words weighed most.

Every sentence is read (intent and context live in ordinary words: "It's decided. This
weekend."), so the cost grows with the post: about 5 µs a word (bench/safety_screen.py).
"""

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from pathlib import Path

import snowballstemmer

from moderation.crisis import (
    CONCERN,
    CONTRACTIONS,
    TRAINED_MEDICINES,
    URGENT,
    Category,
    CrisisMatch,
    CrisisScreen,
    Prepared,
)
from moderation.method_detail import MethodDetail

MODEL_FILE = Path(__file__).resolve().parent / "data" / "risk_model.json"

_stemmer = snowballstemmer.stemmer("english")


_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """WORD's Snowball stem, remembered (up to 50,000 distinct words, then no longer stored)."""
    found = _STEMS.get(word)
    if found is None:
        found = _stemmer.stemWord(word)
        if len(_STEMS) < 50_000:
            _STEMS[word] = found
    return found


RAW_FORMS: dict[str, set] = {}  # concept -> the words of its lexicon as written (context lookups)


def _lexicon(words: str, concept: str = "") -> frozenset:
    """Single words of a lexicon, stemmed."""
    if concept:
        RAW_FORMS.setdefault(concept, set()).update(words.split())
    return frozenset(stem(word) for word in words.split())


def _phrases(text: str) -> tuple:
    """Multi-word entries of a lexicon (one per line or comma), each as a tuple of stems."""
    entries = [entry.strip() for line in text.splitlines() for entry in line.split(",")]
    return tuple(tuple(stem(word) for word in entry.split()) for entry in entries if entry)


# --- Lexicons ---------------------------------------------------------------------------------
# Words are written as people write them; they are stemmed once at import. They are drawn from
# published descriptions of suicidal ideation and behaviour (C-SSRS levels, safe-messaging
# guidance) and ordinary English, not from the evaluation corpus.

CONCEPT_WORDS = {
    "death": _lexicon(
        concept="death",
        words="""die dying died dead death deathly suicide suicidal unalive kms kys overdose overdosed od
        exist existing existence disappear disappearing vanish vanishing alive living gone""",
    ),
    "selfharm": _lexicon(
        concept="selfharm",
        words="""selfharm selfharmed selfharming sh cut cutting cuts cutter blade blades razor razors scratch
        scratching scratched burn burning burned burnt scar scars scarring bleed bleeding bled stitches
        bruise bruises bruising relapse relapsed relapsing punch punched punching hit hitting""",
    ),
    "means": _lexicon(
        concept="means",
        words="""pill pills tablet tablets meds medication medications prescription prescriptions painkillers
        antidepressants opioids opiates insulin drugs rope ligature noose belt cord cable scarf hose
        hosepipe exhaust charcoal gun guns rifle shotgun knife knives blade blades razor razors bleach
        poison gas vodka whisky bottle bottles stash supply stockpile""",
    )
    | frozenset(stem(name) for name in TRAINED_MEDICINES),
    "place": _lexicon(
        concept="place",
        words="""bridge bridges viaduct cliff cliffs roof rooftop ledge balcony tracks railway rail train trains
        motorway flyover carpark quarry reservoir river sea lake canal pier tower woods garage loft
        edge water""",
    ),
    "plan": _lexicon(
        """plan plans planned planning method methods researched research googled googling looked searched
        worked figured spot place location where how way ways"""
    ),
    "time": _lexicon(
        """tonight tomorrow weekend friday saturday sunday monday tuesday wednesday thursday soon date
        christmas birthday anniversary payday morning night week month shift"""
    ),
    "decision": _lexicon(
        """decided decision decide ready final finally certain sure set going gonna will intend intending
        mind goodbye last"""
    ),
    "prepare": _lexicon(
        concept="prepare",
        words="""saved saving save stockpiled stockpiling collected collecting hoarded hoarding stashed stashing
        bought buying ordered ordering hidden hiding hid kept keeping counted counting letter letters note
        notes goodbye goodbyes will affairs insurance policy passwords instructions arranged arranging sorted
        sorting rehomed rehoming gave giving wrote writing recorded recording tidied tidying cleared clearing
        paid wrapped labelled labeled""",
    ),
    "harmothers": _lexicon(
        concept="harmothers",
        words="""hurt hurting harm harming kill killing strangle strangling stab stabbing smother smothering
        shake shaking throttle punch hit hitting attack attacking violent violence rage snap snapped revenge
        weapon""",
    ),
    "hopeless": _lexicon(
        concept="hopeless",
        words="""pointless point hopeless hopelessness futile future trapped burden burdens worthless empty numb
        nothing finished done tired exhausted cant anymore longer escape way out end over stop release
        relief peace rest forever permanent permanently giving give""",
    ),
}
CONCEPT_PHRASES = {
    "death": _phrases(
        """kill myself, killing myself, end my life, ending my life, take my life, taking my life, end it,
        ending it, end things, ending things, end it all, not wake up, never wake up, not be here,
        not being here, not be around, not here anymore, check out, checking out, better off without me,
        off myself, top myself, do myself in, go to sleep forever, sleep forever, cease to exist,
        make it stop, not exist, be with, join"""
    ),
    "selfharm": _phrases("hurt myself, hurting myself, harm myself, harming myself, self harm, self harmed"),
    "harmothers": _phrases("hurt him, hurt her, hurt them, kill him, kill her, hurt the baby, hurt my"),
    "hopeless": _phrases(
        """no point, no future, no way out, cant go on, can not go on, cant do this, can not do this,
        give up, giving up, nothing left, what is the point, no reason, nothing to live for, cant keep,
        can not keep, had enough, no longer, way out"""
    ),
}
CONTEXT_WORDS = {
    "clinical": _lexicon(
        concept="clinical",
        words="""client clients patient patients caller callers service user supervisee supervisees caseload case
        cases assessment assessed assess risk safety formulation referral referred session sessions clinic
        ward handover discharge admitted admission protocol audit training trainees course module cssrs
        columbia screening screen supervision supervisor team mdt consultant gp crisis""",
    ),
    "others": _lexicon(
        concept="others",
        words="""he she him her his hers they them their theirs son daughter husband wife partner mum mom dad
        brother sister friend colleague colleagues boss manager member members someone""",
    ),
    "fiction": _lexicon(
        concept="fiction",
        words="""book books novel novels film films movie movies series episode episodes character characters
        play plays game games season author reading read watched watching show shows fiction story""",
    ),
    "support": _lexicon(
        concept="support",
        words="""you your yourself youre hugs reach reaching samaritans helpline please sending proud here
        listening""",
    ),
    "grief": _lexicon(
        concept="grief",
        words="""funeral inquest condolences mourning memorial grieving grief lost loss passed took""",
    ),
    "joke": _lexicon(
        concept="joke",
        words="""lol haha jk joking kidding lmao coffee chocolate cake pizza wine gin holiday holidays printer
        inbox emails paperwork rota admin notes meeting meetings spreadsheet traffic""",
    ),
    "past": _lexicon(
        concept="past",
        words="""ago years used back then teens twenties uni university college school younger previously history
        recovered recovery survived survivor clean since""",
    ),
    "return": _lexicon(
        concept="return", words="again back returned returning lately recently creeping anymore currently now"
    ),
    "number": frozenset(),
}
FIRST_PERSON = frozenset(["i", "me", "my", "myself", "mine", "im", "ive", "id"])
THIRD_PERSON = frozenset(
    [
        "he",
        "she",
        "they",
        "him",
        "her",
        "them",
        "his",
        "hers",
        "their",
        "client",
        "clients",
        "patient",
        "patients",
        "caller",
        "someone",
        "somebody",
        "man",
        "woman",
        "boy",
        "girl",
        "mum",
        "mom",
        "dad",
        "mother",
        "father",
        "son",
        "daughter",
        "colleague",
        "partner",
        "friend",
        "husband",
        "wife",
        "brother",
        "sister",
        "kid",
        "child",
        "teenager",
        "resident",
        "student",
        "pupil",
        "character",
        "you",
        "your",
        "yourself",
    ]
)
NEGATIONS = frozenset(["not", "never", "no", "nor", "without", "none", "nothing"])
NUMBER_WORDS = frozenset(
    [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "hundreds",
    ]
)
TOKEN = re.compile(r"[a-z0-9']+|s/h")
JOINED = {("self", "harm"): "selfharm", ("self", "harmed"): "selfharmed", ("self", "harming"): "selfharming",
          ("over", "dose"): "overdose", ("any", "more"): "anymore"}  # fmt: skip


_JOIN_SECOND = frozenset(second for _, second in JOINED)


def words_of(sentence: str) -> list[str]:
    """The words of a lowered sentence, normalised as moderation/crisis.py normalises a text
    (contractions and texting forms written out, "self harm" joined), word by word."""
    words: list[str] = []
    for token in TOKEN.findall(sentence):
        if token not in CONTRACTIONS and "'" not in token and token not in _JOIN_SECOND:
            words.append(token)
            continue
        written_out = CONTRACTIONS.get(token)
        if written_out:
            words += written_out.split()
            continue
        for part in token.split("'"):
            if not part:
                continue
            if words and (joined := JOINED.get((words[-1], part))):
                words[-1] = joined
            else:
                words.append(part)
    return words


RISK_CONCEPTS = ("death", "selfharm", "means", "place", "prepare", "harmothers", "hopeless")
CONTEXTS = ("clinical", "others", "fiction", "support", "grief", "joke", "past", "return")
CONTEXT_FORMS = {name: frozenset(RAW_FORMS[name]) for name in CONTEXTS}
# Stem -> the concepts whose lexicon has it; first stem of a phrase -> (phrase, concept) pairs.
_CONCEPTS_OF: dict[str, tuple] = {}
for _name, _lexicon_stems in CONCEPT_WORDS.items():
    for _stem in _lexicon_stems:
        _CONCEPTS_OF[_stem] = (*_CONCEPTS_OF.get(_stem, ()), _name)
_PHRASES_AT: dict[str, tuple] = {}
for _name, _phrase_list in CONCEPT_PHRASES.items():
    for _phrase in _phrase_list:
        _PHRASES_AT[_phrase[0]] = (*_PHRASES_AT.get(_phrase[0], ()), (_phrase, _name))


WINDOW = 3  # sentences: a sentence and its two neighbours


@dataclass
class Reading:
    """The features of one text, and which features each sentence gave (for the explanation,
    which names the sentence that weighed most: LinearModel.evidence)."""

    features: set
    sentences: list = field(default_factory=list)  # each sentence as written
    context: set = field(default_factory=set)  # the features of the whole text (rules, context)
    by_sentence: list = field(default_factory=list)  # the features each sentence gave (sets)
    risky: list = field(default_factory=list)  # the sentences with a word of a risk lexicon

    def windows(self, vocabulary: frozenset | None = None) -> list[tuple[int, set]]:
        """Each sentence that touches risk, with its neighbours, as (centre, features), for texts
        longer than one window: a long post is judged by its most worrying passage too, so that
        one sentence is not outweighed by pages of ordinary text. VOCABULARY: only the features
        in it (what the models weigh)."""
        count = len(self.by_sentence)
        if count <= WINDOW:
            return []

        def kept(features: set) -> set:
            return vocabulary.intersection(features) if vocabulary is not None else set(features)

        context = kept(self.context)
        own = {index: kept(self.by_sentence[index]) for index in self.risky}
        for index in self.risky:
            for near in (index - 1, index + 1):
                if 0 <= near < count and near not in own:
                    own[near] = kept(self.by_sentence[near])
        return [
            (index, context | own[index] | own.get(index - 1, set()) | own.get(index + 1, set()))
            for index in self.risky
        ]


def _subject(words: list[str], at: int) -> str:
    """Who the word at AT is about: "self", "other" or "none", from the nearest person before it
    (or, with none before it, anywhere in the sentence)."""
    for word in reversed(words[max(0, at - 8) : at]):
        if word in FIRST_PERSON:
            return "self"
        if word in THIRD_PERSON:
            return "other"
    if FIRST_PERSON.intersection(words):
        return "self"
    if THIRD_PERSON.intersection(words):
        return "other"
    return "none"


def _negated(words: list[str], at: int) -> bool:
    return any(word in NEGATIONS for word in words[max(0, at - 4) : at])


def _concepts(words: list[str], stems: list[str]) -> dict[str, list[int]]:
    """Where each concept occurs in a sentence: concept name -> positions."""
    found: dict[str, list[int]] = {}
    for position, word_stem in enumerate(stems):
        for name in _CONCEPTS_OF.get(word_stem, ()):
            found.setdefault(name, []).append(position)
        for phrase, name in _PHRASES_AT.get(word_stem, ()):
            if tuple(stems[position : position + len(phrase)]) == phrase:
                found.setdefault(name, []).append(position)
        if words[position].isdigit() or words[position] in NUMBER_WORDS:
            found.setdefault("number", []).append(position)
    return found


@dataclass
class _Sentence:
    words: list
    stems: list
    concepts: dict

    @classmethod
    def of(cls, text: str) -> "_Sentence":
        words = words_of(text)
        stems = [stem(word) for word in words]
        return cls(words, stems, _concepts(words, stems))


def read(prepared: Prepared, rule_labels: tuple = ()) -> Reading:
    """The features of a prepared text (moderation/crisis.py's prepare). RULE_LABELS: what the
    rules found, as short labels ("crisis:plan", "method"), added as features."""
    context = {f"rule:{label}" for label in rule_labels}
    for name, forms in CONTEXT_FORMS.items():
        hits = sum(1 for words in prepared.words if not forms.isdisjoint(words))
        if hits:
            context.add(f"ctx:{name}")
            if hits >= 3:
                context.add(f"ctx:{name}:many")
    sentences = [_Sentence.of(prepared.writers_own(index)) for index in range(len(prepared.sentences))]
    by_sentence = []
    for index, this in enumerate(sentences):
        own: set = set()
        _sentence_features(own, this.words, this.stems, this.concepts)
        # Risk concepts pair with the neighbouring sentences' concepts ("I know where. Friday.")
        risky = [name for name in this.concepts if name in RISK_CONCEPTS]
        for near in (index - 1, index + 1):
            if 0 <= near < len(sentences):
                for name in risky:
                    own.update(f"near:{name}+{other}" for other in sentences[near].concepts if other != name)
        by_sentence.append(own)
    features = set(context).union(*by_sentence)
    risky = [
        index for index, this in enumerate(sentences) if any(name in RISK_CONCEPTS for name in this.concepts)
    ]
    return Reading(features, prepared.sentences, context, by_sentence, risky)


def _sentence_features(features: set, words: list[str], stems: list[str], found: dict) -> None:
    """Add to FEATURES those of one sentence: its words' STEMS, with who they are about and after
    a negation, and its pairs of words; the concepts FOUND in it (_concepts), with who they are
    about, whether negated or told in the past, and in pairs."""
    negation = False
    who = "none"
    previous = ""
    for word, word_stem in zip(words, stems, strict=True):
        if word in NEGATIONS:
            negation = True
        if word in FIRST_PERSON:
            who = "self"
        elif word in THIRD_PERSON:
            who = "other"
        marked = "n:" + word_stem if negation else word_stem
        features.add("w:" + marked)
        features.add("u:" + who + ":" + marked)
        if previous:
            features.add("b:" + previous + "_" + word_stem)
        previous = word_stem
    if not found:
        return
    past = bool(found.get("past")) and not found.get("return")
    subjects = set()
    for name, positions in found.items():
        at = positions[0]
        subject = _subject(words, at)
        subjects.add(subject)
        features.add(f"c:{name}")
        features.add(f"c:{name}|{subject}")
        if _negated(words, at):
            features.add(f"c:{name}|{subject}|neg")
        if past:
            features.add(f"c:{name}|{subject}|past")
    names = sorted(found)
    for first in range(len(names)):
        for second in range(first + 1, len(names)):
            if names[first] in RISK_CONCEPTS or names[second] in RISK_CONCEPTS:
                pair = f"{names[first]}+{names[second]}"
                subject = _subject(words, found[names[first]][0])
                features.add(f"p:{pair}")
                features.add(f"p:{pair}|{subject}")
    for subject in subjects:
        features.add(f"s:{subject}")


# --- Scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearModel:
    bias: float
    weights: dict
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        total = self.bias + sum(map(self.weights.get, features, repeat(0.0)))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, total))))

    def evidence(self, reading: Reading, centre: int | None = None) -> str:
        """The sentence whose own features weigh most for a yes, as written (at most 25 words):
        in the passage around CENTRE, or anywhere in the text; among the sentences with a word of
        a risk lexicon when there are any, so that a moderator is not shown "Physio in Bolton."
        (a place can weigh a little by chance) beside the sentence that says what is wrong."""
        best, best_weight = None, 0.0
        near = range(len(reading.by_sentence)) if centre is None else range(max(0, centre - 1), centre + 2)
        near = [index for index in near if index < len(reading.by_sentence)]
        risky = set(reading.risky)
        near = [index for index in near if index in risky] or near
        for index in near:
            weight = sum(map(self.weights.get, reading.by_sentence[index], repeat(0.0)))
            if weight > best_weight:
                best, best_weight = index, weight
        if best is None:
            return "the whole post"
        words = reading.sentences[best].split()
        return " ".join(words[:25]) + (" …" if len(words) > 25 else "")


@cache
def model() -> dict[str, LinearModel]:
    """The trained models by name ("crisis", "urgent", "urgent_any", "method", and "category:<name>"), from
    the model file: its features once, then each model's weights in the same order."""
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return from_file(data)


def from_file(data: dict) -> dict[str, LinearModel]:
    features = data["features"]
    return {
        name: LinearModel(
            part["bias"],
            {feature: weight for feature, weight in zip(features, part["weights"], strict=True) if weight},
            part.get("threshold", 0.5),
        )
        for name, part in data["models"].items()
    }


@cache
def _shipped_vocabulary() -> frozenset:
    return frozenset().union(*(part.weights for part in model().values()))


def rule_labels(screen: CrisisScreen, method_found: bool) -> tuple:
    labels = [f"crisis:{match.category}" for match in screen.matches]
    labels += [f"crisis:{match.severity}" for match in screen.matches]
    if method_found:
        labels.append("method")
    return tuple(dict.fromkeys(labels))


FIXED_SEVERITY = {
    Category.PASSIVE_IDEATION: CONCERN,
    Category.ACTIVE_IDEATION: CONCERN,
    Category.PLAN: URGENT,
    Category.INTENT: URGENT,
    Category.PREPARATION: URGENT,
}


SEVERITY_RANK = {URGENT: 0, CONCERN: 1}
# The rules' findings stand unless the model is this sure there is no crisis (it knows, for
# example, that a training session's "collecting tablets" is nobody's preparation). Even then they
# stand when the writer says it of themselves "too", after someone else's
# (CrisisMatch.of_themselves_too): a short post that is mostly a client's story weighs as
# professional talk, and the story is what the writer's own words are set against.
VETO_BELOW = 0.05
# A finding the rules did not make at all is tentative (CrisisScreen.tentative) unless the model
# thinks a crisis more likely than not: its own threshold, chosen for recall, is lower, and an
# ordinary post written in the first person ("I walk the last stop home") can sit between the
# two on its everyday words alone. Moderators check a tentative finding; members see no change.
FIRM_AT_LEAST = 0.5
# ... or, when the model finds it urgent, at odds of two to three: missing an urgent crisis costs
# more than a false alarm, so less certainty is enough. Below this even an urgent finding is
# tentative: the urgency model is trained on crises only, and on an ordinary post that only just
# crossed the crisis threshold its answer means little (on the month file, most firm false alarms
# were such posts). A tentative urgent finding still sits at the top of the crisis checks.
FIRM_IF_URGENT_AT_LEAST = 0.4


def decide(
    prepared: Prepared,
    rules: CrisisScreen,
    methods: list[MethodDetail],
    models: dict[str, LinearModel] | None = None,
) -> tuple[CrisisScreen, list[MethodDetail]]:
    """The final crisis screen and method details of a text, from what the rules found and the
    learned reading.

    The model reads the whole text and, in a longer one, each passage of three sentences, and the
    most worrying of them decides. The rules' findings are part of its evidence and stand unless
    the model is sure there is nothing (VETO_BELOW) and the writer does not say it of themselves
    "too"; the admin's own phrases and the method rules' findings always stand. When the model
    finds a crisis, the rules' matches name it, unless the
    model finds it more severe (or the rules found nothing): then its own match is added, naming
    the sentence that weighed most. A concern found by the model alone is tentative under even
    odds (FIRM_AT_LEAST), an urgent one under odds of two to three (FIRM_IF_URGENT_AT_LEAST).

    A post the crisis model scores under its threshold is still found, urgent, when the model of
    urgent crises among all posts ("urgent_any", trained against the everyday posts that share
    their words) scores it over its own: such a finding is tentative, since the crisis model
    doubts it, and it reaches moderators at the top of the crisis checks."""
    vocabulary = (
        frozenset().union(*(part.weights for part in models.values())) if models else _shipped_vocabulary()
    )
    models = models or model()
    reading = read(prepared, rule_labels(rules, bool(methods)))
    passages = [(None, vocabulary.intersection(reading.features))]
    passages += reading.windows(vocabulary)
    crisis_model, method_model = models["crisis"], models["method"]
    probability, centre, features = max(
        ((crisis_model.probability(features), centre, features) for centre, features in passages),
        key=lambda scored: scored[0],
    )
    # A second way to find a crisis: the urgent-among-all-posts model, for an urgent one that the
    # crisis model scores under its threshold. (Model files before it have no "urgent_any".)
    urgent_any = models.get("urgent_any")
    found_as_urgent = False
    if urgent_any is not None and probability < crisis_model.threshold:
        urgent_probability, urgent_centre, urgent_features = max(
            ((urgent_any.probability(features), centre, features) for centre, features in passages),
            key=lambda scored: scored[0],
        )
        if urgent_probability >= urgent_any.threshold:
            found_as_urgent, centre, features = True, urgent_centre, urgent_features
    phrases = tuple(match for match in rules.matches if match.source == "phrase")
    vetoed = probability < VETO_BELOW and not any(match.of_themselves_too for match in rules.matches)
    if probability < crisis_model.threshold and not found_as_urgent and (not rules.matches or vetoed):
        screen = CrisisScreen(phrases)
    else:
        urgent = models["urgent"].probability(features) >= models["urgent"].threshold
        severity = URGENT if urgent or found_as_urgent or rules.severity == URGENT else CONCERN
        matches = rules.matches
        if not matches or SEVERITY_RANK[severity] < SEVERITY_RANK[rules.severity or CONCERN]:
            evidence = (urgent_any if found_as_urgent and urgent_any else crisis_model).evidence(
                reading, centre
            )
            matches += (_learned_match(evidence, features, models, severity),)
        firm_at_least = FIRM_IF_URGENT_AT_LEAST if severity == URGENT else FIRM_AT_LEAST
        # the rules' findings make it firm, unless the crisis model vetoed them (the urgent model
        # found it then, and the crisis model doubts it)
        rules_stand = bool(rules.matches) and not vetoed
        tentative = not rules_stand and probability < firm_at_least
        screen = CrisisScreen(matches, tentative=tentative)
    if methods:
        return screen, methods  # the method rules are precise: what they find stands
    probability, centre, _ = max(
        ((method_model.probability(features), centre, features) for centre, features in passages),
        key=lambda scored: scored[0],
    )
    if probability < method_model.threshold:
        return screen, []
    return screen, [MethodDetail(method_model.evidence(reading, centre), "the learned reading")]


def _learned_match(evidence: str, present: set, models: dict[str, LinearModel], severity: str) -> CrisisMatch:
    scores = {
        name.split(":", 1)[1]: part.probability(present)
        for name, part in models.items()
        if name.startswith("category:")
    }
    allowed = [name for name in Category.ORDER if FIXED_SEVERITY.get(name, severity) == severity]
    category = max(allowed, key=lambda name: scores.get(name, 0.0))
    return CrisisMatch(category, severity, evidence, "the learned reading", "model")
