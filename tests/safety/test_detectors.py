"""The safety detectors measured on the labelled corpus (tests/safety/corpus/, see its README).

The development half is what the rules were written against, and it is among the learned
reader's training posts; the test half was written apart and is never tuned or trained on, and
so are the month file (400 posts in the proportions of a real forum's month: 40 crises among
ordinary posts, which says how often a calm post raises a false alarm), the fresh file (800
posts by writers who wrote nothing else in the corpus, 560 of them crises and 400 urgent: the
largest measurement of recall) and the everyday file (300 posts of everyday life in the words of
preparation: medicines, knives, rope, "tonight", letters; 240 of them calm) and the attack file
(240 posts written as an outside red team would: disguised and hard crises, traps, identifying
details in tricky forms). The floors below are
issue 19's targets where the detectors meet them, and otherwise what they measured when this was
written (docs/safety.md): a change that makes a detector worse fails here. Urgent recall meets its
target (0.95) on the fresh file's 400 urgent posts but not on the test half's 36 (34 found);
docs/safety.md says why.

A crisis finding is firm or tentative (moderation.crisis.CrisisScreen.tentative): both reach
moderators, and only a firm one changes what members see. "Crisis" below counts both.
"""

import pytest

from moderation import crisis, evaluation

pytestmark = pytest.mark.django_db  # the screening reads the admin's phrases

# The held-out half (docs/safety.md, "The evaluation").
CRISIS_RECALL = 0.95  # issue 19's target: 0.96 measured (67 of 70), precision 0.93
URGENT_RECALL = 0.92  # target 0.95: 0.94 measured (34 of 36)
METHOD_RECALL = 0.8  # issue 19's target; 0.89 measured
# The month file: every crisis reaches moderators (recall 1.00); firm findings precision 0.89;
# of 360 calm posts 21 reach moderators (5.8%) and 5 raise a firm finding (1.4%).
MONTH_CRISIS_RECALL = 0.95
MONTH_FIRM_PRECISION = 0.8
MONTH_CALM_CHECKS = 0.06  # at most this share of calm posts reaches moderators as a possible crisis
MONTH_CALM_FALSE_ALARMS = 0.03  # at most this share raises a firm finding, which members see
# The fresh file: crisis recall 0.98 (548 of 560), precision 0.98; urgent recall 0.955 (382 of 400).
FRESH_CRISIS_RECALL = 0.95  # issue 19's target
FRESH_URGENT_RECALL = 0.95  # issue 19's target
FRESH_PRECISION = 0.95
# The everyday file: all 60 of its crises reach moderators; of 240 calm posts 58 reach them (24.2%,
# most of them tentative) and 8 raise a firm finding (3.3%). Hard on purpose: each calm post is
# written in the words of preparation, and this is the detector's weakest point. (Before the
# training round of 2026-12-06: 50 reached moderators and 14 were firm. That round moved six
# firm false alarms, which members see, into moderators' checks; docs/safety.md gives the trade.)
EVERYDAY_CRISIS_RECALL = 0.95
EVERYDAY_CALM_CHECKS = 0.25
EVERYDAY_CALM_FALSE_ALARMS = 0.04
# The attack file: 240 held-out posts written as an outside red team would, crises disguised or
# hard to read, traps, and identifying details in tricky forms. Crisis recall 0.98 (98 of 100),
# precision 0.93; identifying recall 0.96 (44 of 46 posts), precision 0.98.
ATTACK_CRISIS_RECALL = 0.9
ATTACK_CRISIS_PRECISION = 0.9
ATTACK_IDENTIFYING_RECALL = 0.92
ATTACK_IDENTIFYING_PRECISION = 0.95
# A second held-out red-team file, written after the fifth tuning round: crisis recall 0.87 (87 of
# 100), precision 0.90; identifying recall 0.87 (39 of 45 posts), precision 0.97.
ATTACK_TWO_CRISIS_RECALL = 0.84
ATTACK_TWO_CRISIS_PRECISION = 0.88
ATTACK_TWO_IDENTIFYING_RECALL = 0.85
ATTACK_TWO_IDENTIFYING_PRECISION = 0.95


@pytest.fixture(scope="module")
def test_half():
    return evaluation.evaluate(evaluation.load("test"))


@pytest.fixture(scope="module")
def month():
    return evaluation.evaluate(evaluation.load("month"))


@pytest.fixture(scope="module")
def fresh():
    return evaluation.evaluate(evaluation.load("fresh"))


@pytest.fixture(scope="module")
def everyday():
    return evaluation.evaluate(evaluation.load("everyday"))


@pytest.fixture(scope="module")
def attack():
    return evaluation.evaluate(evaluation.load("attack"))


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
    assert test_half.urgent.precision >= 0.9
    assert test_half.urgent.recall >= URGENT_RECALL


def test_method_detail_does_not_get_worse_on_the_held_out_half(test_half):
    assert test_half.method_detail.precision >= 0.9
    assert test_half.method_detail.recall >= METHOD_RECALL


def test_crisis_detection_finds_the_crises_in_a_month_of_realistic_traffic(month):
    assert month.crisis.recall >= MONTH_CRISIS_RECALL


def test_firm_crisis_findings_keep_their_precision_in_a_month_of_realistic_traffic(month):
    assert month.firm_crisis.precision >= MONTH_FIRM_PRECISION


def test_few_calm_posts_reach_moderators_in_a_month_of_realistic_traffic(month):
    assert month.calm_checks <= MONTH_CALM_CHECKS


def test_few_calm_posts_raise_a_firm_finding_in_a_month_of_realistic_traffic(month):
    assert month.calm_false_alarms <= MONTH_CALM_FALSE_ALARMS


def test_crisis_detection_meets_its_recall_target_on_the_fresh_posts(fresh):
    assert fresh.crisis.recall >= FRESH_CRISIS_RECALL
    assert fresh.crisis.precision >= FRESH_PRECISION


def test_urgent_crises_are_found_as_urgent_in_the_fresh_posts(fresh):
    assert fresh.urgent.recall >= FRESH_URGENT_RECALL
    assert fresh.urgent.precision >= FRESH_PRECISION


def test_crisis_detection_finds_the_crises_written_in_everyday_words(everyday):
    assert everyday.crisis.recall >= EVERYDAY_CRISIS_RECALL


def test_calm_posts_in_the_words_of_preparation_rarely_reach_moderators(everyday):
    assert everyday.calm_checks <= EVERYDAY_CALM_CHECKS


def test_calm_posts_in_the_words_of_preparation_rarely_raise_a_firm_finding(everyday):
    assert everyday.calm_false_alarms <= EVERYDAY_CALM_FALSE_ALARMS


def test_disguised_and_hard_crises_are_found(attack):
    assert attack.crisis.recall >= ATTACK_CRISIS_RECALL


def test_traps_with_crisis_words_rarely_raise_a_crisis(attack):
    assert attack.crisis.precision >= ATTACK_CRISIS_PRECISION


def test_identifying_details_in_tricky_forms_are_found(attack):
    assert attack.identifying.recall >= ATTACK_IDENTIFYING_RECALL


def test_look_alikes_of_identifying_details_rarely_raise_a_warning(attack):
    assert attack.identifying.precision >= ATTACK_IDENTIFYING_PRECISION


@pytest.fixture(scope="module")
def attack_two():
    return evaluation.evaluate(evaluation.load("attacktwo"))


def test_a_second_red_teams_crises_are_found(attack_two):
    """Held out, written after the fifth tuning round; measured, never read (docs/safety.md)."""
    assert attack_two.crisis.recall >= ATTACK_TWO_CRISIS_RECALL
    assert attack_two.crisis.precision >= ATTACK_TWO_CRISIS_PRECISION


def test_a_second_red_teams_identifying_details_are_found(attack_two):
    assert attack_two.identifying.recall >= ATTACK_TWO_IDENTIFYING_RECALL
    assert attack_two.identifying.precision >= ATTACK_TWO_IDENTIFYING_PRECISION


def test_the_fresh_file_is_large_and_mostly_urgent_crises():
    posts = evaluation.load("fresh")
    assert len(posts) >= 800
    assert sum(post["severity"] == crisis.URGENT for post in posts) >= 400


def test_the_month_file_is_mostly_calm_posts():
    posts = evaluation.load("month")
    assert len(posts) >= 400
    assert sum(post["crisis"] for post in posts) / len(posts) <= 0.1


def test_the_probe_file_stays_as_measured():
    """The attack file's twin, written to the same brief by another writer: the rules were tuned
    on it (docs/safety.md, "Disguised posts")."""
    probe = evaluation.evaluate(evaluation.load("probe"))
    assert probe.crisis.recall >= 0.92 and probe.crisis.precision >= 0.9
    assert probe.identifying.recall >= 0.92 and probe.identifying.precision >= 0.95


def test_the_second_probe_file_stays_as_measured():
    """Identifying details from many countries and in many forms, and crises in non-standard
    English; the guard was tuned on it (crisis recall 0.98, identifying recall 0.88)."""
    probe = evaluation.evaluate(evaluation.load("probetwo"))
    assert probe.crisis.recall >= 0.95 and probe.crisis.precision >= 0.85
    assert probe.identifying.recall >= 0.85 and probe.identifying.precision >= 0.95


def test_the_third_probe_file_stays_as_measured():
    """Crises written indirectly in ordinary English, and calm posts in the same words; the rules
    were tuned on it."""
    probe = evaluation.evaluate(evaluation.load("probethree"))
    assert probe.crisis.recall >= 0.9 and probe.crisis.precision >= 0.9


def test_the_fourth_probe_file_stays_as_measured():
    """Crises in the writer's own plain words and calm look-alikes; the rules were tuned on it
    (crisis recall 0.92, precision 0.93)."""
    probe = evaluation.evaluate(evaluation.load("probefour"))
    assert probe.crisis.recall >= 0.92 and probe.crisis.precision >= 0.9


def test_the_fifth_probe_file_stays_as_measured():
    """Everyday posts in the words of preparation, crises in the same words, and identifying
    details in tricky forms; the rules and the guard were tuned on it (crisis recall 1.00,
    identifying recall 0.87, precision 1.00)."""
    probe = evaluation.evaluate(evaluation.load("probefive"))
    assert probe.crisis.recall >= 0.96
    assert probe.identifying.recall >= 0.85 and probe.identifying.precision >= 0.95


def test_the_sixth_probe_file_stays_as_measured():
    """The second attack file's twin: crises disguised or in non-standard English, and calm traps
    (crisis recall 0.98, precision 0.96)."""
    probe = evaluation.evaluate(evaluation.load("probesix"))
    assert probe.crisis.recall >= 0.93 and probe.crisis.precision >= 0.92


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
