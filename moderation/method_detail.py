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

from moderation.crisis import normalise

NUMBER = (
    r"(?:\d+|a (?:whole |full |entire )?(?:box|boxes|packet|packets|pack|packs|bottle|bottles|strip|strips|"
    r"blister packs?|month'?s?(?: worth| supply)?|week'?s?(?: worth| supply)?|handful|load|bunch|stash|jar)|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|a hundred|hundreds|dozens|several|all (?:of )?(?:my|his|her|their|the))"
    r"(?:[\s-]+(?:odd|or so|something|ish))?)"
)
SUBSTANCE = (
    r"(?:paracetamol|acetaminophen|tylenol|co-?codamol|codeine|ibuprofen|aspirin|insulin|sertraline|citalopram|"
    r"fluoxetine|amitriptyline|mirtazapine|quetiapine|olanzapine|diazepam|zopiclone|lorazepam|pregabalin|"
    r"gabapentin|tramadol|morphine|oramorph|oxycodone|fentanyl|methadone|heroin|lithium|propranolol|venlafaxine|"
    r"sleeping (?:pills|tablets)|antidepressants|painkillers|pills|tablets|capsules|medication)"
)
UNIT = r"(?:mg|milligrams?|g|grams?|units?|ml|mcg)"

RULES = [
    # A quantity of a substance: "30 paracetamol", "a whole box of co-codamol", "two packets of tablets".
    (rf"\b{NUMBER}\s+(?:x\s+)?(?:\w+\s+){{0,2}}?(?:of\s+)?(?:(?:my|his|her|their|the|mum's|dad's)\s+)?"
     rf"(?:\w+\s+)?{SUBSTANCE}\b", "a quantity of a substance"),
    (rf"\b{SUBSTANCE}\W+(?:\w+\W+){{0,3}}?\d+\s*{UNIT}\b|\b\d+\s*{UNIT}\s+(?:of\s+)?(?:\w+\s+)?{SUBSTANCE}\b",
     "a dose"),
    (rf"\b(?:how many|how much|enough)\s+(?:\w+\s+){{0,2}}?{SUBSTANCE}\b(?:\W+\w+){{0,6}}?\W+(?:take|kill|die|be "
     r"enough|be fatal|be lethal|do it)\b|\b(?:lethal|fatal|toxic) (?:dose|amount|level|quantity)\b", "how much would kill"),
    # Hanging: the ligature, what it is tied to, how.
    (r"\b(?:rope|belt|cord|cable|ligature|scarf|tie|dressing gown cord|noose|lead|flex)\b(?:\W+\w+){0,6}?\W+"
     r"(?:from|to|round|around|over|on)\s+(?:the|a|my|his|her)\s+(?:\w+\s+)?(?:banister|bannister|door|"
     r"doorframe|door handle|hook|beam|rafter|loft hatch|tree|branch|wardrobe|rail|pipe|stair\w*|neck|bed frame|"
     r"coat hook|curtain rail|shower rail)\b|\bligature points?\b|\btied (?:a|the) (?:rope|belt|cord|noose|knot)\b",
     "how a ligature would be used"),
    # Cutting: how deep, where, with what.
    (r"\bhow (?:deep|hard|far|long)\b(?:\W+\w+){0,5}?\W+(?:cut|slice|go|press)\b|\b(?:cut|cutting|slit|slice|"
     r"slicing)\b(?:\W+\w+){0,4}?\W+(?:vertical(?:ly)?|lengthways|along the (?:vein|artery|arm)|down the (?:arm|vein)|"
     r"(?:to|into|through) the (?:vein|artery|tendon|bone|fat)|deep enough)\b|\b(?:blade|razor)s? (?:out )?(?:of|from) "
     r"(?:a|the|my) (?:pencil )?(?:sharpener|disposable razor|razor|box cutter)\b|\bwhich (?:vein|artery)\b",
     "how a cut would be made"),
    # Jumping: a named or measured height, or a specific place.
    (r"\b(?:jump|jumped|jumping|throw\w* (?:myself|himself|herself|themselves)|step\w* (?:off|out))\b(?:\W+\w+){0,4}?"
     r"\W+(?:off|from|in front of)\s+(?:the\s+)?(?:top (?:of|floor of) (?:the\s+)?)?(?:\d+\w*|(?:fifth|sixth|seventh|"
     r"eighth|ninth|tenth|twelfth|top|highest)\s+floor|[a-z]+ (?:street )?bridge|the [a-z]+ (?:viaduct|cliffs?|"
     r"tower|car park)|multi-?storey|car park roof|motorway bridge|the (?:\d+\.\d+|\d+ ?[ap]m|express|fast|"
     r"london|last) train)\b", "a specific place or height"),
    (r"\b\d+\s*(?:storeys?|stories|floors?|metres?|meters?|feet|ft|m)\s+(?:up|high|drop|down|fall)\b", "a height"),
    # Other means described in specific terms.
    (r"\b(?:hose(?:pipe)?|tube|pipe)\b(?:\W+\w+){0,4}?\W+(?:exhaust|tailpipe)\b|\bcharcoal\b(?:\W+\w+){0,5}?\W+"
     r"(?:car|tent|room|bathroom|sealed)\b|\b(?:seal|sealed|tape|taped) (?:up )?(?:the )?(?:windows|doors|gaps|vents)\b",
     "how a means would be prepared"),
    (r"\bmix(?:ed|ing)?\b(?:\W+\w+){0,3}?\W+(?:with|and)\s+(?:\w+\s+)?(?:alcohol|vodka|wine|whisky|whiskey|"
     rf"{SUBSTANCE})\b(?:\W+\w+){{0,6}}?\W+(?:overdose|die|kill|take|swallow\w*|down(?:ed)?)\b",
     "combining substances"),
]  # fmt: skip
_RULES = [(re.compile(pattern), why) for pattern, why in RULES]
# Words without which no rule can match: most texts stop at this one search.
_MAY_MATCH = re.compile(
    r"\d|pills|tablets|paracetamol|codamol|codeine|insulin|dose|lethal|fatal|rope|belt|cord|ligature|noose|scarf|"
    r"deep|vein|artery|blade|razor|jump|throw|bridge|floor|storey|stories|exhaust|charcoal|seal|tape|mix|"
    r"medication|painkillers|capsules|antidepress|sleeping|box|packet|bottle|strip|handful|several|all of"
)
_SUBSTANCE_WORD = re.compile(rf"\b{SUBSTANCE}\b")


@dataclass(frozen=True)
class MethodDetail:
    text: str  # the words that matched, as normalised
    why: str


def find_method_detail(text: str, *, normalised: str | None = None) -> list[MethodDetail]:
    """The places where TEXT describes a method of suicide or self-harm in specific terms."""
    normalised = normalised if normalised is not None else normalise(text)
    if not _MAY_MATCH.search(normalised):
        return []
    found = []
    for pattern, why in _RULES:
        for match in pattern.finditer(normalised):
            if why == "a quantity of a substance" and _is_prescribing(normalised, match):
                continue
            found.append(MethodDetail(match.group(0).strip(), why))
            break
    return found


# "She's on 20 mg of sertraline" and "two tablets a day" are how clinicians talk about treatment.
PRESCRIBING = re.compile(
    r"^\W*(?:(?:a|per|each|every|twice|three times|once)\s+(?:a\s+)?(?:day|night|daily|morning|evening|week)|"
    r"daily|at night|prescribed|as prescribed|for (?:his|her|their|my) (?:\w+\s+)?(?:pain|back|headache|migraine|"
    r"diabetes|depression|anxiety|blood pressure|sleep))"
)


def _is_prescribing(text: str, match: re.Match) -> bool:
    return bool(PRESCRIBING.search(text[match.end() : match.end() + 60]))
