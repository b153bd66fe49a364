from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from forum import charts
from forum.charts import Series, bar_chart

PLOT_HEIGHT = charts.HEIGHT - charts.TOP - charts.BOTTOM


def _chart(*series, labels=("A", "B", "C"), **options):
    return bar_chart(slug="test", title="Test chart", labels=list(labels), series=list(series), **options)


def _heights(chart):
    return [sum(bar.height for bar in column.bars) for column in chart.columns]


def test_bar_heights_are_proportional_to_values_with_the_tallest_filling_the_chart():
    chart = _chart(Series("Replies", [2, 4, 8]))
    assert _heights(chart) == [PLOT_HEIGHT / 4, PLOT_HEIGHT / 2, PLOT_HEIGHT]


def test_bars_stand_on_the_baseline():
    chart = _chart(Series("Replies", [2, 4, 8]))
    assert [bar.y + bar.height for column in chart.columns for bar in column.bars] == [chart.baseline] * 3


def test_stacked_series_sit_on_top_of_each_other():
    chart = _chart(Series("Threads", [1, 0, 2]), Series("Replies", [3, 2, 2]))
    first_column = chart.columns[0].bars
    assert [bar.text for bar in first_column] == ["Threads: 1", "Replies: 3"]
    assert first_column[1].y + first_column[1].height == first_column[0].y
    assert _heights(chart) == [PLOT_HEIGHT, PLOT_HEIGHT / 2, PLOT_HEIGHT]


def test_a_zero_draws_no_bar_but_reads_as_zero():
    chart = _chart(Series("Replies", [0, 3, 0]))
    assert [len(column.bars) for column in chart.columns] == [0, 1, 0]
    assert [column.value for column in chart.columns] == ["0", "3", "0"]


def test_a_chart_of_zeros_draws_nothing_and_does_not_divide_by_zero():
    chart = _chart(Series("Replies", [0, 0, 0]))
    assert all(column.bars == [] for column in chart.columns)
    assert chart.description == "In total, Replies: 0."


def test_a_missing_value_draws_no_bar_and_reads_as_a_dash():
    chart = _chart(Series("Median", [None, 1.5, None]), format_value=charts.hours)
    assert [column.value for column in chart.columns] == ["–", "1.5 h", "–"]
    assert _heights(chart) == [0, PLOT_HEIGHT, 0]


def test_each_series_gets_its_own_colour_and_a_legend_entry():
    chart = _chart(Series("Threads", [1, 1, 1]), Series("Replies", [1, 1, 1]))
    assert chart.legend == [(1, "Threads"), (2, "Replies")]
    assert [bar.colour for bar in chart.columns[0].bars] == [1, 2]


def test_a_single_series_needs_no_legend():
    assert _chart(Series("Replies", [1, 2, 3])).legend == []


def test_the_table_has_a_row_per_label_with_a_total_when_series_are_stacked():
    chart = _chart(Series("Threads", [1, 0, 2]), Series("Replies", [3, 2, 2]))
    assert chart.headings == ["Week starting", "Threads", "Replies", "Total"]
    assert [column.cells for column in chart.columns] == [["1", "3", "4"], ["0", "2", "2"], ["2", "2", "4"]]


def test_the_default_description_gives_each_series_total():
    chart = _chart(Series("Threads", [1, 0, 2]), Series("Replies", [3, 2, 2]))
    assert chart.description == "In total, Threads: 3; Replies: 7."


@pytest.mark.parametrize(
    "values", [[1, 2], [1, -2, 3]], ids=["a value missing for a label", "a negative value"]
)
def test_values_that_cannot_be_drawn_are_refused(values):
    with pytest.raises(ValueError):
        _chart(Series("Replies", values))


def test_the_rendered_chart_is_an_accessible_image_with_its_numbers_as_text():
    chart = _chart(Series("Threads", [1, 0, 2]), Series("Replies", [3, 2, 7]))
    html = render_to_string("includes/chart.html", {"chart": chart})
    assert 'role="img"' in html
    assert 'aria-labelledby="test-title test-desc"' in html
    assert '<title id="test-title">Test chart</title>' in html
    assert '<desc id="test-desc">In total, Threads: 3; Replies: 12.</desc>' in html
    assert "<caption>Test chart</caption>" in html
    assert '<tr><th scope="row">C</th><td>2</td><td>7</td><td>9</td></tr>' in html


def test_the_rendered_chart_has_no_inline_styles_or_scripts():
    """The Content Security Policy allows neither; colours come from classes in site.css."""
    html = render_to_string("includes/chart.html", {"chart": _chart(Series("Replies", [1.25, 2, 3]))})
    assert "style=" not in html
    assert "<script" not in html
    assert 'class="chart-bar chart-series-1"' in html


def test_coordinates_are_written_with_a_decimal_point_whatever_the_language():
    with translation.override("de"):
        html = render_to_string(
            "includes/chart.html", {"chart": _chart(Series("Replies", [1, 7]), labels="AB")}
        )
    assert 'height="26.6"' in html


def test_the_weeks_are_the_last_twelve_mondays_ending_with_this_week():
    wednesday = datetime(2025, 3, 12, 12, tzinfo=UTC)
    weeks = charts.week_starts(wednesday, UTC)
    assert len(weeks) == 12
    assert weeks[-1] == date(2025, 3, 10)
    assert weeks[0] == date(2024, 12, 23)
    assert all(week.weekday() == 0 for week in weeks)


def test_weeks_follow_the_time_zone():
    """Sunday 23:30 in London is already Monday in Sydney: a new week there."""
    late_sunday = datetime(2025, 3, 9, 23, 30, tzinfo=UTC)
    assert charts.week_starts(late_sunday, UTC)[-1] == date(2025, 3, 3)
    assert charts.week_starts(late_sunday, ZoneInfo("Australia/Sydney"))[-1] == date(2025, 3, 10)


def test_weeks_without_activity_are_zero():
    weeks = [date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 17)]
    assert charts.per_week({date(2025, 3, 10): 4}, weeks) == [0, 4, 0]


def test_week_of_reads_database_week_values_in_the_time_zone():
    sydney = ZoneInfo("Australia/Sydney")
    assert charts.week_of(datetime(2025, 3, 10, tzinfo=sydney), sydney) == date(2025, 3, 10)
    assert charts.week_of(date(2025, 3, 13), UTC) == date(2025, 3, 10)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.001, "<1 min"), (0.5, "30 min"), (1, "1 h"), (5.54, "5.5 h"), (47.9, "47.9 h"), (72, "3 days")],
)
def test_hours_read_in_the_unit_a_person_would_use(value, text):
    assert charts.hours(value) == text


# --- Line charts ---------------------------------------------------------------------------------


def _line(values, labels=None, **options):
    labels = labels or [f"W{n}" for n in range(len(values))]
    return charts.line_chart(
        slug="trend", title="Sleep, week by week", labels=labels, series=[Series("Sleep", values)],
        low=1, high=5, description="Two check-ins.", **options,
    )  # fmt: skip


def test_a_line_runs_from_the_lowest_value_at_the_baseline_to_the_highest_at_the_top():
    points = _line([1, 5]).lines[0].points
    assert (points[0].y, points[1].y) == (charts.LINE_HEIGHT - charts.BOTTOM, charts.TOP)
    assert points[0].x < points[1].x


def test_a_single_value_is_one_point_in_the_middle():
    chart = _line([3])
    assert len(chart.lines[0].points) == 1
    assert (
        chart.lines[0].points[0].x
        == (charts.LINE_LEFT + charts.LINE_PAD + charts.WIDTH - charts.SIDE - charts.LINE_PAD) / 2
    )


def test_a_missing_value_leaves_a_point_out_but_keeps_its_table_row():
    chart = _line([2, None, 4])
    assert len(chart.lines[0].points) == 2
    assert chart.rows[1] == ("W1", [charts.NO_VALUE])


def test_many_weeks_label_at_most_eight_of_them_always_including_the_last():
    chart = _line([3] * 26)
    assert len(chart.x_ticks) <= charts.MAX_X_LABELS
    assert chart.x_ticks[-1].text == "W25"


@pytest.mark.parametrize("values", [[0, 3], [3, 6]])
def test_values_outside_the_scale_are_refused(values):
    with pytest.raises(ValueError):
        _line(values)


def test_the_rendered_line_chart_is_an_accessible_image_with_a_table_and_no_inline_styles():
    html = render_to_string("includes/line_chart.html", {"chart": _line([2, 4])})
    assert 'role="img" aria-labelledby="trend-title trend-desc"' in html
    assert '<desc id="trend-desc">Two check-ins.</desc>' in html
    assert "<polyline" in html and "<table" in html and '<th scope="row">W1</th>' in html
    assert "style=" not in html and "<script" not in html
