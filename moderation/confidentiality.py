"""Confidentiality guard: finds details in a draft that could identify a client or a real person.

It is a prompt, not a verdict: the author sees what looked identifying and either edits it out or
confirms the post contains nothing identifying (which sends it to moderators for a look). The
patterns aim for few false alarms on ordinary supportive prose, so times ("at 9:30"), durations
("11 years"), years alone ("in 2019") and caseload numbers do not trigger them.
"""

import re
from dataclasses import dataclass
from datetime import date

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
STREET_TYPES = (
    r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|court|ct|crescent|place|pl|way|"
    r"boulevard|blvd|terrace|gardens|grove|square|sq|parkway|highway|hwy)"
)
CLIENT_WORDS = r"(?:client|patient|service user|resident|pupil|student|service-user|case|kid|child)"
NOT_NAMES = {
    "I", "He", "She", "They", "We", "You", "It", "The", "A", "An", "And", "But", "Or", "So", "Who",
    "When", "What", "Was", "Is", "Has", "Had", "Said", "Told", "Today", "Yesterday", "This", "That",
    "Then", "Just", "Because", "If", "After", "Before", "Once", "Last", "Recently", "Again", "With",
}  # fmt: skip

FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?P<y1>(?:19|20)?\d{{2}})|(?P<y2>(?:19|20)\d{{2}})-\d{{2}}-\d{{2}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}\.?,?\s+(?P<y3>(?:19|20)\d{{2}})|"
    rf"{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?P<y4>(?:19|20)\d{{2}}))\b",
    re.IGNORECASE,
)
BIRTH_CONTEXT = re.compile(r"\b(?:born|birth|d\.?o\.?b\.?|birthday)\b", re.IGNORECASE)
# A full date from the last few years is almost always an event ("on 3 March 2024 I went to a
# workshop"); an older one, or one written next to "born"/"DOB", is treated as a date of birth.
RECENT_YEARS = 6

PATTERNS = [
    ("an email address", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")),
    (
        "a phone number",
        re.compile(
            r"(?<![\w/.:-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,6}(?:[\s.-]\d{2,6}){1,3}(?![\w/.:-])"
        ),
    ),
    (
        "a street address",
        re.compile(rf"\b\d{{1,5}}[a-z]?\s+(?:[A-Z][a-z]+\s+){{1,3}}(?i:{STREET_TYPES})\b\.?"),
    ),
    ("a postcode", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")),
    ("a US ZIP code with state", re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")),
]
NAMED_CLIENT = re.compile(
    rf"\b(?:my|a|the|our|one|this)\s+(?:\w+\s+)?{CLIENT_WORDS}s?,?\s+(?:(?:called|named|whose name is)\s+)?"
    rf"((?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    def __str__(self):
        return f"{self.kind} (“{self.text}”)"


def find_identifying_details(text: str, *, today: date | None = None) -> list[Finding]:
    """Details in TEXT that look like they could identify someone; empty when none."""
    today = today or date.today()
    findings: dict[str, Finding] = {}
    for match in FULL_DATE.finditer(text):
        year = int(next(group for group in match.group("y1", "y2", "y3", "y4") if group))
        year += 1900 if year < 100 and year > today.year % 100 else 2000 if year < 100 else 0
        nearby = text[max(0, match.start() - 40) : match.end() + 40]
        if year <= today.year - RECENT_YEARS or BIRTH_CONTEXT.search(nearby):
            findings.setdefault(match.group(0), Finding("a date of birth", match.group(0)))
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            value = match.group(0).strip()
            if value in findings:
                continue
            if kind == "a phone number" and (
                sum(c.isdigit() for c in value) < 7 or FULL_DATE.fullmatch(value)
            ):
                continue
            findings[value] = Finding(kind, value)
    for match in NAMED_CLIENT.finditer(text):
        if match.group(1).split()[0] not in NOT_NAMES:
            findings.setdefault(match.group(0), Finding("a named client or patient", match.group(0).strip()))
    return list(findings.values())
