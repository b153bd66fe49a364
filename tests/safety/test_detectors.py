"""The safety detectors measured on the labelled corpus (tests/safety/corpus/, see its README).

The development half is what the rules were written against, and it is among the learned
reader's training posts; the test half was written apart and is never tuned or trained on, and
so is the month file: 400 posts in the proportions of a real forum's month (40 crises among
ordinary posts), which says how often a calm post raises a false alarm. The
floors below are what the detectors measured when this was written (docs/safety.md): a change
that makes a detector worse fails here. Where a floor is below issue 19's target (crisis recall
0.95, urgent recall 0.95, method-detail recall 0.8), docs/safety.md says by how much and why.
"""

import pytest

from moderation import crisis, evaluation

pytestmark = pytest.mark.django_db  # the screening reads the admin's phrases

# Measured on the held-out half (docs/safety.md, "The evaluation"), rounded down.
CRISIS_RECALL = 0.80  # target 0.95: 0.80 measured (0.90 without the even-odds bar, docs/safety.md)
URGENT_RECALL = 0.80  # target 0.95: 0.81 measured
METHOD_RECALL = 0.75  # target 0.8: 0.78 measured
# Measured on the month file: crisis recall 0.93, precision 0.84, 7 of 360 calm posts raised.
MONTH_CRISIS_RECALL = 0.90
MONTH_CRISIS_PRECISION = 0.80
MONTH_CALM_FALSE_ALARMS = 0.03  # at most this share of the posts that are not a crisis


@pytest.fixture(scope="module")
def test_half():
    return evaluation.evaluate(evaluation.load("test"))


@pytest.fixture(scope="module")
def month():
    return evaluation.evaluate(evaluation.load("month"))


@pytest.fixture(scope="module")
def dev_half():
    return evaluation.evaluate(evaluation.load("dev"))


def test_the_corpus_has_both_halves_of_the_promised_size():
    assert len(evaluation.load("dev")) + len(evaluation.load("test")) >= 300
    assert len(evaluation.load("test")) >= 150


def test_confidentiality_meets_its_target_on_the_held_out_half(test_half):
    assert test_half.identifying.precision >= 0.9
    assert test_half.identifying.recall >= 0.9


def test_crisis_detection_keeps_its_precision_target_on_the_held_out_half(test_half):
    assert test_half.crisis.precision >= 0.9


def test_crisis_detection_does_not_get_worse_on_the_held_out_half(test_half):
    assert test_half.crisis.recall >= CRISIS_RECALL
    assert test_half.urgent.precision >= 0.95
    assert test_half.urgent.recall >= URGENT_RECALL


def test_method_detail_does_not_get_worse_on_the_held_out_half(test_half):
    assert test_half.method_detail.precision >= 0.9
    assert test_half.method_detail.recall >= METHOD_RECALL


def test_crisis_detection_finds_the_crises_in_a_month_of_realistic_traffic(month):
    assert month.crisis.recall >= MONTH_CRISIS_RECALL


def test_crisis_detection_keeps_its_precision_in_a_month_of_realistic_traffic(month):
    assert month.crisis.precision >= MONTH_CRISIS_PRECISION


def test_few_calm_posts_raise_a_false_alarm_in_a_month_of_realistic_traffic(month):
    calm = month.posts - month.crisis.support
    assert month.crisis.false_positives / calm <= MONTH_CALM_FALSE_ALARMS


def test_the_month_file_is_mostly_calm_posts():
    posts = evaluation.load("month")
    assert len(posts) >= 400
    assert sum(post["crisis"] for post in posts) / len(posts) <= 0.1


def test_the_development_half_stays_as_measured(dev_half):
    assert dev_half.crisis.precision >= 0.98 and dev_half.crisis.recall >= 0.98
    assert dev_half.urgent.recall >= 0.95
    assert dev_half.method_detail.precision >= 0.95 and dev_half.method_detail.recall >= 0.95


@pytest.mark.parametrize("half", ["dev", "test"])
def test_looking_only_at_anchored_sentences_changes_no_answer(half, monkeypatch):
    """The anchor words are a shortcut: every sentence tried gives the same screening."""
    posts = evaluation.load(half)
    quick = [crisis.screen(post["text"], phrases=()) for post in posts]
    monkeypatch.setattr(crisis, "_may_match", lambda words: True)
    monkeypatch.setattr(
        crisis, "_FIRST_ANCHORS", frozenset(crisis.TOKEN.findall(" ".join(p["text"].lower() for p in posts)))
    )
    thorough = [crisis.screen(post["text"], phrases=()) for post in posts]
    assert [result.matches for result in quick] == [result.matches for result in thorough]
