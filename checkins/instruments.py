"""Instruments an operator is licensed to use (docs/instruments.md): the JSON format, its
validation and the scoring, as pure functions with no database.

`parse` turns the decoded JSON into a `Definition` or raises `InstrumentError` listing every
problem it found, each naming where it is ("items[3].id: ..."), so an operator can fix a file in
one go. `score` is the one place an instrument is scored: views, services and tests all call it.
"""

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Literal

FORMAT = 1
MAX_TEXT = 500  # an item's text, a label, a band's wording
MAX_CREDIT = 2000
MAX_ITEMS = 200
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,19}$")
Scoring = Literal["sum", "mean"]


class InstrumentError(ValueError):
    """A file that is not a valid instrument; `problems` lists every reason."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str


@dataclass(frozen=True)
class Band:
    start: float  # the lowest score in the band; the band runs up to the next one's start
    label: str
    wording: str  # kind words shown with a score in the band


@dataclass(frozen=True)
class Subscale:
    id: str
    name: str
    items: tuple[str, ...]
    scoring: Scoring
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class Definition:
    id: str
    name: str
    credit: str
    instructions: str
    scale: tuple[ScalePoint, ...]
    items: tuple[Item, ...]
    reverse_scored: frozenset[str]
    subscales: tuple[Subscale, ...]

    @property
    def lowest(self) -> int:
        return self.scale[0].value

    @property
    def highest(self) -> int:
        return self.scale[-1].value

    def score_range(self, subscale: Subscale) -> tuple[float, float]:
        if subscale.scoring == "mean":
            return self.lowest, self.highest
        return self.lowest * len(subscale.items), self.highest * len(subscale.items)


@dataclass(frozen=True)
class SubscaleScore:
    subscale: str  # its id
    name: str
    score: float
    band: Band


# --- Scoring ------------------------------------------------------------------------------------


def item_value(definition: Definition, item: str, answer: int) -> int:
    """The value ANSWER to ITEM counts for: reversed (lowest + highest - answer) if reverse-scored."""
    if item in definition.reverse_scored:
        return definition.lowest + definition.highest - answer
    return answer


def band_for(subscale: Subscale, score: float) -> Band:
    """The last band starting at or below SCORE (bands start at the lowest possible score)."""
    return [band for band in subscale.bands if band.start <= score][-1]


def score(definition: Definition, answers: Mapping[str, int]) -> list[SubscaleScore]:
    """Each subscale's score and band for ANSWERS (item id -> a value on the scale).

    Every item must be answered with a value on the scale: a partial set of answers is refused
    rather than scored as if the missing ones were zero."""
    allowed = {point.value for point in definition.scale}
    missing = [item.id for item in definition.items if item.id not in answers]
    if missing:
        raise ValueError(f"Unanswered items: {', '.join(missing)}")
    if any(answers[item.id] not in allowed for item in definition.items):
        raise ValueError("An answer is not on the scale.")
    results = []
    for subscale in definition.subscales:
        values = [item_value(definition, item, answers[item]) for item in subscale.items]
        total: float = sum(values)
        if subscale.scoring == "mean":
            total = round(total / len(values), 2)
        results.append(SubscaleScore(subscale.id, subscale.name, total, band_for(subscale, total)))
    return results


# --- Parsing and validation ---------------------------------------------------------------------

TOP_KEYS = {"format", "id", "name", "credit", "instructions", "scale", "items", "reverse_scored", "subscales"}
REQUIRED_TOP = TOP_KEYS - {"instructions", "reverse_scored"}


def parse(data: object) -> Definition:
    """DATA (decoded JSON) as a Definition; InstrumentError listing every problem otherwise."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise InstrumentError(["The file must hold one JSON object (in braces)."])
    _keys(data, "the instrument", TOP_KEYS, REQUIRED_TOP, problems)
    if data.get("format", FORMAT) != FORMAT:
        problems.append(f"format: this version of Haven reads format {FORMAT}, not {data.get('format')!r}.")
    instrument_id = data.get("id")
    if "id" in data and not (isinstance(instrument_id, str) and ID.match(instrument_id)):
        problems.append(
            'id: lower-case letters, digits and hyphens, up to 50 characters (e.g. "wellbeing-check").'
        )
    name = _text(data, "name", "name", problems, limit=200)
    credit = _text(data, "credit", "credit", problems, limit=MAX_CREDIT)
    instructions = _text(data, "instructions", "instructions", problems, limit=MAX_CREDIT, required=False)
    scale = _scale(data.get("scale"), problems) if "scale" in data else ()
    items = _items(data.get("items"), problems) if "items" in data else ()
    item_ids = {item.id for item in items}
    reverse = _id_list(data.get("reverse_scored", []), "reverse_scored", item_ids, problems, allow_empty=True)
    definition_so_far = Definition(
        id=instrument_id if isinstance(instrument_id, str) else "",
        name=name,
        credit=credit,
        instructions=instructions,
        scale=scale,
        items=items,
        reverse_scored=frozenset(reverse),
        subscales=(),
    )
    subscales = _subscales(data.get("subscales"), definition_so_far, problems) if "subscales" in data else ()
    if problems:
        raise InstrumentError(problems)
    return replace(definition_so_far, subscales=subscales)


def _keys(data: dict, where: str, allowed: set[str], required: set[str], problems: list[str]) -> None:
    for key in sorted(required - set(data)):
        problems.append(f'{where}: "{key}" is missing.')
    for key in sorted(set(data) - allowed):
        problems.append(
            f'{where}: "{key}" is not part of the format (allowed: {", ".join(sorted(allowed))}).'
        )


def _text(
    data: dict, key: str, where: str, problems: list[str], *, limit: int = MAX_TEXT, required: bool = True
) -> str:
    if key not in data:
        return ""
    value = data[key]
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(f"{where}: must be {'non-empty ' if required else ''}text.")
        return ""
    if len(value) > limit:
        problems.append(f"{where}: longer than {limit} characters.")
    return value.strip()


def _list(value: object, where: str, problems: list[str], *, allow_empty: bool = False) -> list:
    if not isinstance(value, list) or (not value and not allow_empty):
        problems.append(f"{where}: must be a {'' if allow_empty else 'non-empty '}list.")
        return []
    return value


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _scale(value: object, problems: list[str]) -> tuple[ScalePoint, ...]:
    points = []
    for index, point in enumerate(_list(value, "scale", problems)):
        where = f"scale[{index}]"
        if not isinstance(point, dict):
            problems.append(f'{where}: must be an object with "value" and "label".')
            continue
        _keys(point, where, {"value", "label"}, {"value", "label"}, problems)
        if "value" in point and not (
            isinstance(point["value"], int) and not isinstance(point["value"], bool)
        ):
            problems.append(f"{where}.value: must be a whole number.")
            continue
        label = _text(point, "label", f"{where}.label", problems)
        if "value" in point:
            points.append(ScalePoint(point["value"], label))
    values = [point.value for point in points]
    if len(points) == 1:
        problems.append("scale: needs at least two answers.")
    elif values and values != list(range(values[0], values[0] + len(values))):
        problems.append("scale: values must be whole numbers counting up by one (e.g. 0, 1, 2, 3, 4).")
    return tuple(points)


def _items(value: object, problems: list[str]) -> tuple[Item, ...]:
    entries = _list(value, "items", problems)
    if len(entries) > MAX_ITEMS:
        problems.append(f"items: at most {MAX_ITEMS}.")
    items, seen = [], set()
    for index, entry in enumerate(entries):
        where = f"items[{index}]"
        if not isinstance(entry, dict):
            problems.append(f'{where}: must be an object with "id" and "text".')
            continue
        _keys(entry, where, {"id", "text"}, {"id", "text"}, problems)
        item_id = entry.get("id")
        if not (isinstance(item_id, str) and ITEM_ID.match(item_id)):
            problems.append(
                f"{where}.id: letters, digits, '_', '.' or '-', up to 20 characters, as text (\"1\", not 1)."
            )
            continue
        if item_id in seen:
            problems.append(f'{where}.id: "{item_id}" is used twice.')
        seen.add(item_id)
        items.append(Item(item_id, _text(entry, "text", f"{where}.text", problems)))
    return tuple(items)


def _id_list(
    value: object, where: str, known: set[str], problems: list[str], *, allow_empty: bool
) -> list[str]:
    ids = _list(value, where, problems, allow_empty=allow_empty)
    found = []
    for index, item_id in enumerate(ids):
        if not isinstance(item_id, str) or item_id not in known:
            problems.append(f"{where}[{index}]: {item_id!r} is not the id of an item.")
        elif item_id in found:
            problems.append(f'{where}[{index}]: "{item_id}" is listed twice.')
        else:
            found.append(item_id)
    return found


SUBSCALE_KEYS = {"id", "name", "items", "scoring", "bands"}


def _subscales(value: object, definition: Definition, problems: list[str]) -> tuple[Subscale, ...]:
    subscales, seen = [], set()
    item_ids = {item.id for item in definition.items}
    for index, entry in enumerate(_list(value, "subscales", problems)):
        where = f"subscales[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be an object.")
            continue
        _keys(entry, where, SUBSCALE_KEYS, SUBSCALE_KEYS - {"scoring"}, problems)
        subscale_id = entry.get("id")
        if not (isinstance(subscale_id, str) and ID.match(subscale_id)):
            problems.append(f"{where}.id: lower-case letters, digits and hyphens, up to 50 characters.")
            subscale_id = ""
        elif subscale_id in seen:
            problems.append(f'{where}.id: "{subscale_id}" is used twice.')
        seen.add(subscale_id)
        name = _text(entry, "name", f"{where}.name", problems, limit=200)
        items = tuple(_id_list(entry.get("items"), f"{where}.items", item_ids, problems, allow_empty=False))
        scoring = entry.get("scoring", "sum")
        known = scoring in ("sum", "mean")
        if not known:
            problems.append(f'{where}.scoring: "sum" or "mean", not {scoring!r}.')
        subscale = Subscale(subscale_id, name, items, scoring if known else "sum", ())
        # With an unknown scoring the bands' range can't be known: only their shape is checked.
        bands = _bands(
            entry.get("bands"), f"{where}.bands", definition, subscale if known else None, problems
        )
        subscales.append(replace(subscale, bands=bands))
    return tuple(subscales)


def _bands(
    value: object, where: str, definition: Definition, subscale: Subscale | None, problems: list[str]
) -> tuple[Band, ...]:
    bands = []
    for index, entry in enumerate(_list(value, where, problems)):
        at = f"{where}[{index}]"
        if not isinstance(entry, dict):
            problems.append(f'{at}: must be an object with "from", "label" and "wording".')
            continue
        _keys(entry, at, {"from", "label", "wording"}, {"from", "label", "wording"}, problems)
        start = entry.get("from")
        if not isinstance(start, int | float) or not _number(start):
            problems.append(f"{at}.from: must be a number.")
            continue
        bands.append(
            Band(
                start,
                _text(entry, "label", f"{at}.label", problems, limit=100),
                _text(entry, "wording", f"{at}.wording", problems),
            )
        )
    if not bands or not definition.scale or subscale is None or not subscale.items:
        return tuple(bands)
    lowest, highest = definition.score_range(subscale)
    if bands[0].start != lowest:
        problems.append(
            f"{where}[0].from: the first band must start at the lowest possible score, {lowest:g}."
        )
    for index, (before, after) in enumerate(pairwise(bands), start=1):
        if after.start <= before.start:
            problems.append(f"{where}[{index}].from: bands must start in increasing order.")
    if bands[-1].start > highest:
        problems.append(
            f"{where}[{len(bands) - 1}].from: starts above the highest possible score, {highest:g}."
        )
    return tuple(bands)
