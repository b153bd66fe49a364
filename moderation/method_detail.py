"""Method detail: whether a text describes a method of suicide or self-harm in specific terms.

Safe-messaging guidance asks that methods are not described in detail, because detail can
teach and prompt a reader at risk. This applies whoever the text is about: a clinician describing
a client's overdose with the drug and the number of tablets is method detail too. Naming a method
in general terms ("an overdose", "she self-harmed", "he hanged himself") is not: what counts is
the specific element (a quantity, a dose, an anchor point, a named place or height, how deep or
with what a cut was made, how a means was prepared).

Found before publishing, the author gets gentle guidance (forum/forms.py); a published post with
method detail is flagged for moderators and gets an automatic content warning
(moderation/safeguards.py).
"""

import re
from dataclasses import dataclass

from moderation.crisis import (
    MEDICINES,
    ORDINARY_DOSING,
    ORDINARY_PURPOSE,
    PUT_BY,
    Prepared,
    normalise,
    prepare,
    word_set,
)

NUMBER = (
    r"(?:\d+|a (?:whole |full |entire )?(?:box|boxes|packet|packets|pack|packs|bottle|bottles|strip|strips|"
    r"blister packs?|month'?s?(?: worth| supply)?|week'?s?(?: worth| supply)?|handful|load|bunch|stash|jar)|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|a hundred|hundreds|dozens|several|all (?:of )?(?:my|his|her|their|the))"
    r"(?:[\s-]+(?:odd|or so|something|ish))?)"
)
# Medicines by name (moderation/crisis.py keeps the list), as a pattern; "co-codamol" also unhyphenated.
DRUG = (
    "(?:"
    + "|".join(re.escape(name).replace(r"\-", "-?") for name in sorted(MEDICINES, key=len, reverse=True))
    + ")"
)
UNIT = r"(?:mg|milligrams?|g|grams?|units?|ml|mcg)"
# "Two years on sertraline" is how long, not how many.
DURATION = r"(?:years?|yrs?|months?|weeks?|days?|nights?|hours?|hrs?|minutes?|mins?|shifts?)"
SUBSTANCE = (
    rf"(?:{DRUG}|sleeping (?:pills|tablets)|antidepressants|painkillers|pills|tablets|capsules|medication|"
    r"ibuprofen|aspirin)"
)
PLACE = (
    r"(?:bridge|viaduct|multi-?storey|car park|cliffs?|roof|rooftop|tower block|tower|tracks|level crossing|railway|"
    r"platform|motorway|ring road|bypass|quarry|reservoir|pier)"
)
# Words that place a method: where, on what, with what.
WHERE = (
    r"(?:next to|near|over|on|at|behind|by|off|past|facing|that faces|where|beside|above|under|along|in|top (?:level|"
    r"floor)|side)"
)

# What "stockpiling Calpol for emergencies" is not (crisis.ORDINARY_PURPOSE after it).
KEPT = "a named medicine gathered or kept"
RULES = [
    # Quantities and doses: "30 paracetamol", "a whole box of co-codamol", "20 mg of ...".
    (rf"(?<!\bat )(?<!\buntil )(?<!\btill )(?<!\bpast )\b{NUMBER}\s+(?!{DURATION}\b(?!'?\s*(?:worth|supply)))(?:x\s+)?(?:\w+\s+){{0,2}}?(?:of\s+)?(?:(?:my|his|her|their|the|mum's|dad's)\s+)?"
     rf"(?:\w+\s+)?{SUBSTANCE}\b", "a quantity of a substance"),
    (rf"\b{SUBSTANCE}\W+(?:\w+\W+){{0,3}}?\d+\s*{UNIT}\b|\b\d+\s*{UNIT}\s+(?:of\s+)?(?:\w+\s+)?{SUBSTANCE}\b",
     "a dose"),
    (rf"\b(?:how many|how much|enough)\s+(?:\w+\s+){{0,3}}?(?:{SUBSTANCE}|it)\b(?:\W+\w+){{0,6}}?\W+(?:would )?(?:take|"
     r"kill|die|be enough|be fatal|be lethal|do it)\b|\b(?:lethal|fatal|toxic) (?:dose|amount|level|quantity)\b",
     "how much would kill"),
    # A named medicine gathered, kept or meant to be used.
    (rf"\b(?:sav\w+|stockpil\w+|collect\w+|hoard\w+|stash\w*|kept|keeping|bag of|boxes of|box of|with)\s+(?:up\s+)?"
     rf"(?:\w+\s+){{0,2}}?{DRUG}\b|\b{DRUG}\b(?:\W+\w+){{0,3}}?\W+(?:in the (?:fridge|cupboard|drawer|bathroom|cabinet)|"
     r"would take|it would take|i have got|i have(?! (?:access|decided|been on|been taking)\b))\b|\b\d+ (?:of them )?in (?:an? )?(?:old )?(?:\w+ )?(?:tub|tin|box|"
     r"drawer|bag|jar)\b", KEPT),
    # Hanging: the ligature, what it is tied to.
    (r"\b(?:rope|belt|cord|cable|ligature|scarf|dressing gown cord|noose|flex|sheet)\b(?:\W+\w+){0,6}?\W+(?:from|to|round|"
     r"around|over|on)\s+(?:the|a|my|his|her)\s+(?:\w+\s+)?(?:banister|bannister|door|doorframe|door handle|hook|beam|"
     r"rafter|loft hatch|tree|branch|wardrobe|rail|pipe|tap|stair\w*|neck|bed frame|coat hook|curtain rail|shower rail|"
     r"radiator|window)\b|\bligature points?\b(?:\W+\w+){0,4}?\W+(?:used|tied|found)\b|\btied (?:a|the|his|her|my) "
     r"(?:rope|belt|cord|noose|knot|dressing gown cord)\b|\b(?:bought|got|have|buying) a rope\b|\bhanged (?:himself|"
     r"herself|themselves|myself)\b(?:\W+\w+){0,3}?\W+(?:in|from|at|behind|on)\s+the\b", "how a ligature would be used"),
    # Cutting and burning: with what, where, how deep.
    (r"\bhow (?:deep|hard|far|long)\b(?:\W+\w+){0,5}?\W+(?:cut|slice|go|press)\b|\b(?:cut|cutting|slit|slice|"
     r"slicing)\b(?:\W+\w+){0,4}?\W+(?:vertical(?:ly)?|lengthways|along the (?:vein|artery|arm)|down the (?:arm|vein)|"
     r"(?:to|into|through) the (?:vein|artery|tendon|bone|fat)|deep enough)\b|\b(?:blade|razor)s? (?:taken )?(?:out )?"
     r"(?:of|from) (?:a|the|my|his|her) (?:pencil )?(?:sharpener|disposable razor|razor|box cutter|shaver)\b|\bwhich "
     r"(?:vein|artery)\b|\b(?:blade|razor|shaver|knife|glass|lighter)\b(?:\W+\w+){0,5}?\W+on (?:my|her|his) (?:thighs?|"
     r"arms?|wrists?|legs?|stomach|skin)\b|\bdeeper than (?:before|last time)\b|\b(?:burn\w*|scald\w*) (?:myself|"
     r"herself|himself|my \w+) (?:with|on) (?:a|the|my) (?:lighter|iron|oven|cigarette|kettle|hob|pan)\b|\bpressed my "
     r"(?:\w+ )?on the (?:oven|hob|iron|radiator)\b|\b(?:banged|bashed|hit|hitting|banging) my head (?:against|on) "
     r"(?:the|a) wall\b|\bcutting (?:her|his|my|their) (?:thighs|arms|wrists|legs|stomach)\b(?:\W+\w+){0,3}?\W+with\b",
     "how a cut or burn would be made"),
    # Jumping and heights: a specific place or height.
    (r"\b(?:jump|jumped|jumping|throw\w* (?:myself|himself|herself|themselves)|step\w* (?:off|out))\b(?:\W+\w+){0,4}?"
     r"\W+(?:off|from|in front of)\s+(?:the\s+)?(?:top (?:of|floor of) (?:the\s+)?)?(?:\d+\w*|(?:first|second|third|"
     r"fourth|fifth|sixth|seventh|eighth|ninth|tenth|twelfth|top|highest)\s+(?:floor|level|storey)|[a-z]+ (?:street )?"
     r"bridge|the [a-z]+ (?:viaduct|cliffs?|tower|car park)|multi-?storey|car park roof|motorway bridge|the (?:\d+\.\d+|"
     r"\d+ ?[ap]m|express|fast|london|last) train)\b", "a specific place or height"),
    (r"\b\d+\s*(?:storeys?|stories|floors?|metres?|meters?|feet|ft|m)\s+(?:up|high|drop|down|fall)\b", "a height"),
    (rf"\b{PLACE}\b(?:\W+\w+){{0,4}}?\W+{WHERE}\s+(?:the|a|my|our|her|his)\s+(?:\w+\s+){{0,2}}?(?:hospital|river|road|"
     r"bypass|park|estate|house|town|station|level|head|fence|edge|ward|unit|side|retail park|ring road|end|lookout|"
     r"bend|barrier|railings|cliffs?)\b|\b(?:the drop|no (?:guard ?rail|barrier|railings)|where the fence (?:stops|ends)|"
     r"times of the trains|on (?:her|his|my|their) way to the (?:\w+ )?(?:bridge|viaduct|cliffs?|station|railway|river))\b",
     "a specific place"),
    # Other means described in specific terms.
    (r"\b(?:hose(?:pipe)?|tube|pipe)\b(?:\W+\w+){0,4}?\W+(?:exhaust|tailpipe|window)\b|\bengine running\b|\bcharcoal\b"
     r"(?:\W+\w+){0,5}?\W+(?:car|tent|room|bathroom|sealed)\b|\b(?:seal|sealed|tape|taped) (?:up )?(?:the )?"
     r"(?:windows|doors|gaps|vents)\b", "how a means would be prepared"),
    (r"\bmix(?:ed|ing)?\b(?:\W+\w+){0,3}?\W+(?:with|and)\s+(?:\w+\s+)?(?:alcohol|vodka|wine|whisky|whiskey|"
     rf"{SUBSTANCE})\b|\b{SUBSTANCE}\b(?:\W+\w+){{0,2}}?\W+with (?:a |half a |a whole )?(?:bottle of )?(?:vodka|wine|"
     r"whisky|whiskey|gin|alcohol)\b", "combining substances"),
    (r"\b(?:walk\w*|wad\w*) (?:into|out into) the (?:sea|river|lake|water)\b(?:\W+\w+){0,5}?\W+(?:at|near|by|off) the\b|"
     r"\b(?:driv\w*|steer\w*|swerv\w*) (?:\w+ ){0,2}(?:off the road|into (?:a|the) (?:tree|wall|river|oncoming))\b"
     r"(?:\W+\w+){0,8}?\W+(?:bend|lookout|guard ?rail|barrier|junction|bridge|motorway)\b|\bstopping the car on (?:it|"
     r"the (?:tracks|line|crossing))\b", "a specific place and means"),
]  # fmt: skip
# How clinicians also talk about treatment: a count or a dose said as prescribing is not detail.
TREATMENT_TALK = {"a quantity of a substance", "a dose"}
# A joke or a figure of speech said as one ("throw myself off the roof lol").
JOKING = re.compile(r"\b(?:lol|haha+|jk|joking|kidding|ground floor|lmao)\b|😂|🤣")
_RULES = [(re.compile(pattern), why) for pattern, why in RULES]
# Words of which every match has at least one: a sentence with none is not looked at (a long post
# is mostly such sentences). The words are as written, before normalising.
TRIGGERS = (
    MEDICINES
    | {"codamol", "ibuprofen", "aspirin"}  # "co-codamol" is read as two words before normalising
    | word_set(
        """
        pills tablets tablet antidepressants painkillers capsules medication meds tabs lethal fatal
        toxic dose doses overdose mg milligrams mcg rope belt cord ligature scarf noose hanged hanging
        tied banister bannister radiator blade blades razor razors shaver knife lighter deep deeper vein
        veins artery sharpener thigh thighs wrist wrists oven hob iron kettle cigarette banged bashed
        jump jumped jumping threw throwing stepped stepping storeys metres meters floors bridge viaduct
        multistorey multi cliff cliffs roof rooftop tower tracks crossing railway platform motorway
        bypass quarry reservoir pier drop guardrail guard fence trains hose hosepipe exhaust tailpipe
        engine charcoal sealed taped sea river lake oncoming lookout bend barrier junction tub jar
        """
    )
)


@dataclass(frozen=True)
class MethodDetail:
    text: str  # the words that matched, as normalised
    why: str


def find_method_detail(text: str, *, prepared: Prepared | None = None) -> list[MethodDetail]:
    """The places where TEXT describes a method of suicide or self-harm in specific terms, whoever
    it is about. PREPARED: TEXT already prepared (moderation.crisis.prepare)."""
    prepared = prepared or prepare(text)
    found: dict[str, MethodDetail] = {}
    for sentence, words in zip(prepared.sentences, prepared.words, strict=True):
        if TRIGGERS.isdisjoint(words):
            continue
        sentence = normalise(sentence)
        for pattern, why in _RULES:
            if why in found:
                continue
            for match in pattern.finditer(sentence):
                if JOKING.search(sentence) or (why in TREATMENT_TALK and _is_prescribing(sentence, match)):
                    continue
                if why == KEPT and ORDINARY_PURPOSE.search(sentence[match.end() :]):
                    continue  # "stockpiling Calpol and Nurofen for emergencies, two kids under five"
                found[why] = MethodDetail(match.group(0).strip(), why)
                break
    return list(found.values())


# "She's on 20 mg of sertraline" and "two tablets a day" are how clinicians talk about treatment.
PRESCRIBING = re.compile(
    r"^\W*(?:(?:a|per|each|every|twice|three times|once)\s+(?:a\s+)?(?:\w+\s+)?(?:day|night|daily|morning|evening|"
    r"week|hours?)|daily|at night|nightly|prn|as needed|prescribed|as prescribed|for (?:his|her|their|my|the) "
    r"(?:\w+\s+)?(?:pain|back|headache|migraine|diabetes|depression|anxiety|blood pressure|sleep|mood|fever))"
)
PRESCRIBED_BEFORE = re.compile(
    r"\b(?:on|prescribed|taking|takes|started|start|restarted|restart|increased to|reduced to|titrated to|switched to|"
    r"changed to|upped to|dropped to)\s+$"
)


# One or two of something is a dose taken, not a method ("took two paracetamol and went to bed").
# Not "two of the tramadol" (taken from a stock), "two or three", "1 mg", "two boxes of".
A_DOSE_TAKEN = re.compile(
    rf"^(?:one|two|1|2|a couple of|a couple)\s+(?!of\b|or\b|to\b|{UNIT}\b|(?:\w+\s+)?(?:boxes|box|packets|packet|packs|"
    r"pack|bottles|bottle|strips|strip|blister|months|month|weeks|week|tubs|jars|full|whole)\b)"
)
# A prescription collected as it was written ("my repeat prescription of sertraline, 28 tablets"),
# unless more is being put by ("another prescription, 56 zopiclone now with last month's").
A_PRESCRIPTION = re.compile(r"\b(?:repeat prescription|prescription of|repeat script|my prescription)\b")


def _is_prescribing(text: str, match: re.Match) -> bool:
    """A dose or count said as treatment ("she is on 20 mg of sertraline daily", "two paracetamol
    for the headache", "my repeat prescription, 28 tablets")."""
    if A_DOSE_TAKEN.search(match.group(0)):
        return True
    if A_PRESCRIPTION.search(text) and not PUT_BY.search(text):
        return True
    following = text[match.end() : match.end() + 60]
    # "take all my tablets at once in the morning rather than spread out" (ORDINARY_DOSING)
    return bool(ORDINARY_DOSING.search(following) or PRESCRIBING.search(following)) or bool(
        PRESCRIBED_BEFORE.search(text[max(0, match.start() - 25) : match.start()])
    )
