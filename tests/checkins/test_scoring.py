"""Scoring an instrument (checkins/instruments.score): reverse-scored items, sums and means, and
which band a score at a cut-off falls in."""

import pytest

from checkins import instruments
from tests.checkins import harbour_scale


@pytest.fixture
def definition():
    return instruments.parse(harbour_scale())


def answers(**values):
    base = {"1": 3, "2": 3, "3": 3, "4": 3, "5": 3, "6": 3}
    return {**base, **{key.removeprefix("i"): value for key, value in values.items()}}


def scores(definition, given):
    return {each.subscale: each for each in instruments.score(definition, given)}


def test_a_reverse_scored_item_counts_lowest_plus_highest_minus_the_answer(definition):
    assert instruments.item_value(definition, "1", 1) == 5
    assert instruments.item_value(definition, "1", 5) == 1
    assert instruments.item_value(definition, "2", 1) == 1


def test_a_sum_subscale_adds_its_items_with_reversed_ones_reversed(definition):
    # item 1 answered "Never" (1) counts 5; items 2 and 4 count as given
    assert scores(definition, answers(i1=1, i2=4, i4=2))["weight"].score == 11


def test_a_mean_subscale_averages_its_items_with_reversed_ones_reversed(definition):
    # item 3 reversed: 5 -> 1; (1 + 4 + 2) / 3
    assert scores(definition, answers(i3=5, i5=4, i6=2))["meaning"].score == 2.33


def test_a_score_at_a_cut_off_is_in_the_band_starting_there(definition):
    # weight = (6 - i1) + i2 + i4; 7 is where "Moderate" starts
    assert scores(definition, answers(i1=5, i2=3, i4=3))["weight"].band.label == "Moderate"


def test_a_score_just_below_a_cut_off_is_in_the_band_before(definition):
    assert scores(definition, answers(i1=5, i2=2, i4=3))["weight"].score == 6
    assert scores(definition, answers(i1=5, i2=2, i4=3))["weight"].band.label == "Light"


def test_the_lowest_and_highest_scores_fall_in_the_first_and_last_bands(definition):
    lowest = scores(definition, answers(i1=5, i2=1, i4=1))["weight"]
    highest = scores(definition, answers(i1=1, i2=5, i4=5))["weight"]
    assert (lowest.score, lowest.band.label) == (3, "Light")
    assert (highest.score, highest.band.label) == (15, "Heavy")


def test_a_mean_just_below_a_cut_off_is_in_the_band_before(definition):
    # item 3 reversed: 2 -> 4; (4 + 4 + 3) / 3
    assert scores(definition, answers(i3=2, i5=4, i6=3))["meaning"].band.label == "Middling"


def test_a_mean_exactly_at_a_cut_off_is_in_the_band_starting_there(definition):
    # item 3 reversed: 2 -> 4; (4 + 4 + 4) / 3 is 4, where "High" starts
    assert scores(definition, answers(i3=2, i5=4, i6=4))["meaning"].score == 4
    assert scores(definition, answers(i3=2, i5=4, i6=4))["meaning"].band.label == "High"


def test_an_unanswered_item_is_refused_rather_than_counted_as_zero(definition):
    given = answers()
    del given["4"]
    with pytest.raises(ValueError, match="Unanswered items: 4"):
        instruments.score(definition, given)


def test_an_answer_off_the_scale_is_refused(definition):
    with pytest.raises(ValueError, match="not on the scale"):
        instruments.score(definition, answers(i2=6))


# --- Validation --------------------------------------------------------------------------------


def problems_with(change):
    data = harbour_scale()
    change(data)
    with pytest.raises(instruments.InstrumentError) as raised:
        instruments.parse(data)
    return raised.value.problems


def test_the_made_up_instrument_is_valid():
    definition = instruments.parse(harbour_scale())
    assert (definition.lowest, definition.highest, len(definition.items)) == (1, 5, 6)
    assert definition.reverse_scored == {"1", "3"}


def test_a_missing_field_is_named():
    assert problems_with(lambda d: d.pop("credit")) == ['the instrument: "credit" is missing.']


def test_a_misspelt_field_is_named():
    def misspell(data):
        data["reverse_score"] = data.pop("reverse_scored")

    assert any('"reverse_score" is not part of the format' in p for p in problems_with(misspell))


def test_a_reverse_scored_item_that_does_not_exist_is_named():
    assert problems_with(lambda d: d.update(reverse_scored=["1", "9"])) == [
        "reverse_scored[1]: '9' is not the id of an item."
    ]


def test_a_duplicate_item_id_is_named():
    assert 'items[1].id: "1" is used twice.' in problems_with(lambda d: d["items"][1].update(id="1"))


def test_a_scale_with_a_gap_is_refused():
    def gap(data):
        data["scale"][4]["value"] = 7

    assert problems_with(gap) == [
        "scale: values must be whole numbers counting up by one (e.g. 0, 1, 2, 3, 4)."
    ]


def test_bands_that_do_not_start_at_the_lowest_possible_score_are_refused():
    def raise_first(data):
        data["subscales"][0]["bands"][0]["from"] = 4

    assert problems_with(raise_first) == [
        "subscales[0].bands[0].from: the first band must start at the lowest possible score, 3."
    ]


def test_bands_out_of_order_are_refused():
    def reorder(data):
        data["subscales"][0]["bands"][2]["from"] = 7

    assert problems_with(reorder) == ["subscales[0].bands[2].from: bands must start in increasing order."]


def test_a_band_above_the_highest_possible_score_is_refused():
    def too_high(data):
        data["subscales"][0]["bands"][2]["from"] = 16

    assert problems_with(too_high) == [
        "subscales[0].bands[2].from: starts above the highest possible score, 15."
    ]


def test_every_problem_is_listed_at_once():
    def break_two(data):
        data.pop("name")
        data["subscales"][1]["scoring"] = "median"

    assert len(problems_with(break_two)) == 2


@pytest.mark.parametrize("data", [[], "text", None, 3])
def test_something_other_than_an_object_is_refused(data):
    with pytest.raises(instruments.InstrumentError, match="one JSON object"):
        instruments.parse(data)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(items="not a list"),
        lambda d: d.update(items=[1, 2]),
        lambda d: d["items"][0].update(id=1),
        lambda d: d["items"][0].update(text=""),
        lambda d: d.update(scale=[{"value": True, "label": "Yes"}, {"value": 2, "label": "No"}]),
        lambda d: d.update(subscales=[]),
        lambda d: d["subscales"][0].update(items=[["1"]]),
        lambda d: d["subscales"][0]["bands"][0].update({"from": "3"}),
        lambda d: d["subscales"][0]["bands"][0].update({"from": float("nan")}),
        lambda d: d.update(format=2),
        lambda d: d.update(id="Not A Slug"),
    ],
)
def test_malformed_parts_are_refused_with_a_problem_not_a_crash(change):
    assert problems_with(change)
