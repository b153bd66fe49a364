"""Bar charts drawn on the server as inline SVG, and the weeks they count in.

Some members would rather look than read, so a few pages show their numbers as pictures too: with
no chart library and no script. This module turns labelled numbers into geometry;
templates/includes/chart.html draws it. Every chart also carries its numbers as text (the SVG's
<title> and <desc>, and a visually hidden table) for people who can't see it. Colours come from
CSS classes in static/css/site.css, so charts follow the light and dark palettes without the
inline styles that the Content Security Policy forbids.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils import formats

WEEKS = 12
NO_VALUE = "–"  # shown for a value that doesn't exist (a median of nothing), as opposed to zero

# The drawing, in SVG user units; the SVG scales to the width of the page.
WIDTH = 640
HEIGHT = 240
TOP = 24  # room above the tallest bar for its value
BOTTOM = 30  # room under the bars for their labels
SIDE = 8
MAX_BAR_WIDTH = 56
SERIES_COLOURS = 6  # .chart-series-1 to -6 in site.css


# --- Weeks --------------------------------------------------------------------------------------


def week_starts(now: datetime, tz: tzinfo, weeks: int = WEEKS) -> list[date]:
    """The Mondays of the last WEEKS weeks in time zone TZ, oldest first; the last is this week's."""
    today = now.astimezone(tz).date()
    this_week = today - timedelta(days=today.weekday())
    return [this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def start_of(day: date, tz: tzinfo) -> datetime:
    """Midnight at the start of DAY in TZ: the lower bound for "created in these weeks"."""
    return datetime.combine(day, time.min, tzinfo=tz)


def week_of(value: date | datetime, tz: tzinfo) -> date:
    """The Monday of the week VALUE falls in, in TZ (e.g. a TruncWeek value from the database)."""
    if isinstance(value, datetime):
        value = value.astimezone(tz).date() if value.tzinfo else value.date()
    return value - timedelta(days=value.weekday())


def per_week(counts: Mapping[date, float | None], weeks: Sequence[date], missing: float | None = 0) -> list:
    """COUNTS (keyed by Monday) in the order of WEEKS; a week with no row is MISSING (zero)."""
    return [counts.get(week, missing) for week in weeks]


def week_label(week: date) -> str:
    return formats.date_format(week, "j M")


# --- Values -------------------------------------------------------------------------------------


def plain_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def hours(value: float) -> str:
    """A duration given in hours, in the unit a person would use: "40 min", "5.5 h", "3 days"."""
    if value < 1:
        minutes = round(value * 60)
        return f"{minutes} min" if minutes else "<1 min"
    if value < 48:
        return f"{plain_number(round(value, 1))} h"
    return f"{plain_number(round(value / 24, 1))} days"


# --- Charts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One set of numbers, a value per label. None means "nothing to measure" and draws no bar."""

    name: str
    values: Sequence[float | None]

    @property
    def total(self) -> float:
        return sum(value for value in self.values if value is not None)


@dataclass(frozen=True)
class Bar:
    colour: int  # 1-based: the .chart-series-N class
    x: float
    y: float
    width: float
    height: float
    text: str  # the bar's tooltip, e.g. "Replies: 3"


@dataclass(frozen=True)
class Column:
    label: str
    centre: float
    bars: list[Bar]
    value: str  # written above the column: its total
    value_y: float
    cells: list[str]  # the table row: one per series, then the total when there are several


@dataclass(frozen=True)
class Chart:
    slug: str  # unique on the page: the ids of the <title> and <desc>
    title: str
    description: str
    headings: list[str]  # the table's column headings
    columns: list[Column]
    legend: list[tuple[int, str]]  # (colour, series name); empty for a single series
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    label_y: float = HEIGHT - BOTTOM + 18


def bar_chart(
    *,
    slug: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    label_heading: str = "Week starting",
    description: str = "",
    format_value: Callable[[float], str] = plain_number,
) -> Chart:
    """Bars for LABELS, with the SERIES stacked bottom to top in the order given.

    Heights are proportional to the column totals, the tallest filling the drawing. Without a
    DESCRIPTION, the chart describes itself by each series' total.
    """
    if not labels or not series:
        raise ValueError("A chart needs at least one label and one series.")
    if any(len(each.values) != len(labels) for each in series):
        raise ValueError("Every series needs one value per label.")
    if any(value is not None and value < 0 for each in series for value in each.values):
        raise ValueError("Bar charts show amounts: no negative values.")
    totals = [_total(values) for values in zip(*(each.values for each in series), strict=True)]
    tallest = max((total for total in totals if total), default=0) or 1
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = HEIGHT - BOTTOM
    slot = (WIDTH - 2 * SIDE) / len(labels)
    bar_width = min(MAX_BAR_WIDTH, slot * 0.6)
    columns = []
    for index, label in enumerate(labels):
        centre = SIDE + slot * (index + 0.5)
        top = float(baseline)
        bars = []
        for position, each in enumerate(series, start=1):
            value = each.values[index]
            if not value:
                continue
            height = value / tallest * plot_height
            top -= height
            bars.append(
                Bar(
                    colour=_colour(position),
                    x=round(centre - bar_width / 2, 1),
                    y=round(top, 1),
                    width=round(bar_width, 1),
                    height=round(height, 1),
                    text=f"{each.name}: {format_value(value)}",
                )
            )
        cells = [_text(each.values[index], format_value) for each in series]
        if len(series) > 1:
            cells.append(_text(totals[index], format_value))
        columns.append(
            Column(
                label=label,
                centre=round(centre, 1),
                bars=bars,
                value=_text(totals[index], format_value),
                value_y=round(top - 6, 1),
                cells=cells,
            )
        )
    return Chart(
        slug=slug,
        title=title,
        description=description or _describe(series, format_value),
        headings=[label_heading, *(each.name for each in series), *(["Total"] if len(series) > 1 else [])],
        columns=columns,
        legend=[(_colour(n), each.name) for n, each in enumerate(series, start=1)] if len(series) > 1 else [],
    )


def _colour(position: int) -> int:
    return (position - 1) % SERIES_COLOURS + 1


def _total(values) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) if present else None


def _text(value, format_value) -> str:
    return NO_VALUE if value is None else format_value(value)


def _describe(series: Sequence[Series], format_value) -> str:
    totals = "; ".join(f"{each.name}: {format_value(each.total)}" for each in series)
    return f"In total, {totals}."


# --- Line charts --------------------------------------------------------------------------------

LINE_HEIGHT = 200
LINE_LEFT = 104  # room for the scale's labels ("Very poorly") left of the plot
LINE_PAD = 16  # between the plot's edge and the first and last points
MAX_X_LABELS = 8
NARROW_WIDTH = 400  # a line chart among others side by side, still legible on a phone


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    text: str  # the point's tooltip, e.g. "12 Oct: Heavy"


@dataclass(frozen=True)
class Line:
    colour: int
    name: str
    points: list[Point]

    @property
    def path(self) -> str:
        """The <polyline> points: "x,y x,y …"."""
        return " ".join(f"{point.x},{point.y}" for point in self.points)


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class LineChart:
    slug: str
    title: str
    description: str
    headings: list[str]
    rows: list[tuple[str, list[str]]]  # the table: a label, then a cell per series
    lines: list[Line]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    legend: list[tuple[int, str]]
    width: int = WIDTH
    height: int = LINE_HEIGHT
    left: int = LINE_LEFT
    baseline: float = LINE_HEIGHT - BOTTOM
    label_y: float = LINE_HEIGHT - BOTTOM + 18


def line_chart(
    *,
    slug: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    low: float,
    high: float,
    y_labels: Mapping[float, str] | None = None,
    label_heading: str = "Week starting",
    description: str,
    format_value: Callable[[float], str] = plain_number,
    width: int = WIDTH,
) -> LineChart:
    """Lines through SERIES' values at LABELS, on a vertical scale from LOW to HIGH (the values
    of an answer scale, say); Y_LABELS names some of its values (by default LOW and HIGH). One
    point draws a dot; two or more, a line. None leaves a value out."""
    if not labels or not series:
        raise ValueError("A chart needs at least one label and one series.")
    if any(len(each.values) != len(labels) for each in series):
        raise ValueError("Every series needs one value per label.")
    if high <= low or any(v is not None and not low <= v <= high for each in series for v in each.values):
        raise ValueError("Every value must lie between LOW and HIGH.")
    top, baseline = TOP, LINE_HEIGHT - BOTTOM
    first, last = LINE_LEFT + LINE_PAD, width - SIDE - LINE_PAD
    step = (last - first) / (len(labels) - 1) if len(labels) > 1 else 0
    xs = [
        round(first + step * index if len(labels) > 1 else (first + last) / 2, 1)
        for index in range(len(labels))
    ]

    def y(value: float) -> float:
        return round(baseline - (value - low) / (high - low) * (baseline - top), 1)

    lines = [
        Line(
            colour=_colour(position),
            name=each.name,
            points=[
                Point(xs[index], y(value), f"{labels[index]}: {format_value(value)}")
                for index, value in enumerate(each.values)
                if value is not None
            ],
        )
        for position, each in enumerate(series, start=1)
    ]
    every = -(-len(labels) // MAX_X_LABELS)  # at most MAX_X_LABELS labels under the axis
    shown = [index for index in range(len(labels)) if index % every == 0 or index == len(labels) - 1]
    if len(shown) > 1 and shown[-1] - shown[-2] < every:
        shown.pop(-2)  # the last label always shows; the one before it would overlap it
    return LineChart(
        slug=slug,
        title=title,
        description=description,
        headings=[label_heading, *(each.name for each in series)],
        rows=[
            (label, [_text(each.values[index], format_value) for each in series])
            for index, label in enumerate(labels)
        ],
        lines=lines,
        x_ticks=[Tick(xs[index], labels[index]) for index in shown],
        y_ticks=[
            Tick(y(value), text)
            for value, text in (y_labels or {low: format_value(low), high: format_value(high)}).items()
        ],
        legend=[(_colour(n), each.name) for n, each in enumerate(series, start=1)] if len(series) > 1 else [],
        width=width,
    )
