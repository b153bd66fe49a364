"""The learned reader beside the rules (moderation/risk_model.py) and how it is trained
(moderation/risk_training.py). The corpus-wide numbers are in test_detectors.py; these tests pin
the behaviour every retraining must keep."""

import json
import sys

import pytest

from moderation import crisis, risk_model, risk_training
from moderation.crisis import URGENT, CrisisMatch, CrisisScreen
from moderation.method_detail import MethodDetail
from moderation.safety import screen_text
from tests.safety.corpus import validate


def _screen(text: str):
    return screen_text(text, phrases=(), identifying=False)


# Plain statements of the writer's own risk, written for this test (not in the corpus). Whatever
# the model learns, these raise.
@pytest.mark.parametrize(
    "text",
    [
        "I want to die",
        "i dont want to be alive anymore",
        "I've been thinking about killing myself every day this week.",
        "Honestly? I'm suicidal. Have been for a while.",
        "I'm going to end my life this weekend.",
        "Bought a second box of pills today so I have enough.",
        "I cut myself again last night.",
        "I keep picturing hurting my husband and I'm scared I'll actually do it.",
    ],
)
def test_plain_statements_of_the_writers_risk_raise(text):
    assert _screen(text).crisis.is_crisis


@pytest.mark.parametrize(
    "text",
    [
        "My client told me she wants to die, and I held it for the whole session.",
        "This rota is killing me, I swear.",
        "I'm not suicidal, just exhausted and fed up with the paperwork.",
        "Ten years ago I tried to end my life. Therapy helped and I'm doing well now.",
        "We did the C-SSRS refresher today: ask directly about suicide, it doesn't plant the idea.",
        "Please ring the crisis line tonight if the thoughts get louder, we're here for you.",
    ],
)
def test_other_peoples_risk_figures_of_speech_denials_and_history_raise_nothing(text):
    assert not _screen(text).crisis.is_crisis


def test_an_urgent_statement_is_urgent():
    assert _screen("I'm going to kill myself tonight when everyone is asleep.").crisis.severity == URGENT


def test_words_are_normalised_as_the_rules_normalise_them():
    assert risk_model.words_of("i cant do self-harm any more, im done") == [
        "i", "can", "not", "do", "selfharm", "anymore", "i", "am", "done",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [("i want to die", "self"), ("my client wants to die", "other"), ("want to die", "none")],
)
def test_a_risk_word_is_marked_with_who_it_is_about(sentence, subject):
    words = risk_model.words_of(sentence)
    assert risk_model._subject(words, words.index("die")) == subject


def test_words_after_a_negation_are_marked_negated():
    reading = risk_model.read(crisis.prepare("I do not want to die"))
    assert "w:n:die" in reading.features
    assert "w:die" not in reading.features


def test_other_peoples_quoted_words_are_not_read():
    reading = risk_model.read(crisis.prepare('She said "I want to die" and then went quiet.'))
    assert "w:die" not in reading.features


def test_the_items_of_a_list_the_writer_denies_are_not_read():
    text = "Things I'm not:\n- wanting to die\n- planning anything but a nap"
    assert "w:die" not in risk_model.read(crisis.prepare(text)).features
    assert "w:die" in risk_model.read(crisis.prepare(text.replace("not:", "noticing:"))).features


def _models(crisis_weight: float, **weights: float) -> dict[str, risk_model.LinearModel]:
    """Models that score by one feature each, for testing the decision around them."""
    flat = risk_model.LinearModel(-10.0, {}, 0.5)
    models = {name: flat for name in risk_model.model()}
    models["crisis"] = risk_model.LinearModel(-10.0, {"w:tablet": crisis_weight, **weights}, 0.5)
    return models


def _decide(text: str, rules: CrisisScreen, methods=(), models=None):
    return risk_model.decide(crisis.prepare(text), rules, list(methods), models)


def test_the_model_finds_what_the_rules_miss_and_names_the_sentence_that_weighed_most():
    found, _ = _decide("Long week. Counted the tablets twice.", CrisisScreen(), models=_models(20.0))
    assert found.is_crisis
    (match,) = found.matches
    assert match.source == "model"
    assert match.text == "counted the tablets twice"


def test_the_sentence_named_is_one_with_a_risk_word_when_there_is_one():
    # a place that weighs more by chance than the sentence that says what is wrong
    models = _models(3.0, **{"w:bolton": 15.0})
    found, _ = _decide("Physio in Bolton. Counted the tablets twice.", CrisisScreen(), models=models)
    assert found.matches[0].text == "counted the tablets twice"


def test_the_rules_stand_unless_the_model_is_sure_there_is_nothing():
    rule = CrisisMatch("passive_ideation", "concern", "want to die")
    unsure = _models(0.0)
    unsure["crisis"] = risk_model.LinearModel(-1.0, {}, 0.5)  # 0.27: below the threshold, above the veto
    assert _decide("I want to die", CrisisScreen((rule,)), models=unsure)[0].matches == (rule,)
    sure = _models(0.0)  # 0.00005: below the veto
    assert not _decide("I want to die", CrisisScreen((rule,)), models=sure)[0].is_crisis


def test_the_rules_stand_when_the_writer_says_it_of_themselves_too():
    rule = CrisisMatch("passive_ideation", "concern", "want to die", of_themselves_too=True)
    found, _ = _decide("I want to die too", CrisisScreen((rule,)), models=_models(0.0))  # sure: nothing
    assert found.matches == (rule,)
    assert found.is_firm


@pytest.mark.parametrize(
    "text",
    [
        "My client talked about wanting to die for most of the session. I held it. What I didn't say is "
        "that I want to die too.",
        "Case review this morning about a man with chronic suicidality, his safety plan, his protective "
        "factors and the crisis team. I didn't say in the room that I've been thinking about killing myself "
        "as well.",
        "My patient described the top of his wardrobe door in detail. I wrote it up and escalated. "
        "At home I looked at my own wardrobe door for a long time and knew it'd hold.",
    ],
)
def test_a_clients_story_then_the_writers_own_words_too_raises(text):
    assert _screen(text).crisis.is_firm


def test_the_admins_own_phrases_always_stand():
    phrase = CrisisMatch("active_ideation", "concern", "the black dog", source="phrase")
    found, _ = _decide("the black dog is back", CrisisScreen((phrase,)), models=_models(0.0))
    assert found.matches == (phrase,)


def test_an_urgent_crisis_the_crisis_model_misses_is_found_by_the_urgent_model_as_tentative():
    models = _models(0.0)  # the crisis model finds nothing
    models["urgent_any"] = risk_model.LinearModel(-10.0, {"w:tablet": 20.0}, 0.5)
    found, _ = _decide("Long week. Counted the tablets twice.", CrisisScreen(), models=models)
    assert found.is_crisis
    assert found.severity == URGENT
    assert found.tentative  # the crisis model is unsure: moderators check it, members see no change
    assert found.matches[0].text == "counted the tablets twice"


def test_rules_the_crisis_model_vetoed_found_again_by_the_urgent_model_are_tentative():
    rule = CrisisMatch("preparation", URGENT, "counted the tablets")
    models = _models(0.0)  # the crisis model is sure there is nothing: the rule's finding is vetoed
    models["urgent_any"] = risk_model.LinearModel(-10.0, {"w:tablet": 20.0}, 0.5)
    found, _ = _decide("Long week. Counted the tablets twice.", CrisisScreen((rule,)), models=models)
    assert found.severity == URGENT
    assert found.tentative


def test_the_urgent_model_under_its_threshold_adds_nothing():
    models = _models(0.0)
    models["urgent_any"] = risk_model.LinearModel(-10.0, {"w:tablet": 9.0}, 0.5)  # 0.27
    assert not _decide("Long week. Counted the tablets twice.", CrisisScreen(), models=models)[0].is_crisis


def test_the_method_rules_findings_stand():
    detail = MethodDetail("30 of them", "a quantity of a substance")
    _, methods = _decide("30 of them", CrisisScreen(), [detail], models=_models(0.0))
    assert methods == [detail]


def test_training_separates_a_simple_problem():
    rows = [(frozenset({"good", f"noise{n}"}), 1) for n in range(20)]
    rows += [(frozenset({"bad", f"noise{n}"}), 0) for n in range(20)]
    fitted = risk_training.fit(rows, risk_training.vocabulary_of(rows))
    assert fitted.probability({"good"}) > 0.9
    assert fitted.probability({"bad"}) < 0.1


def test_training_is_deterministic():
    rows = [(frozenset({"a", "b"}), 1), (frozenset({"a", "c"}), 0), (frozenset({"b", "c"}), 1)] * 3
    vocabulary = risk_training.vocabulary_of(rows)
    assert risk_training.fit(rows, vocabulary) == risk_training.fit(rows, vocabulary)


def test_the_threshold_keeps_the_precision_asked_for_at_the_most_recall():
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    labels = [1, 1, 0, 1, 1, 0]
    assert risk_training.threshold_for(scores, labels, 0.8) == 0.5  # 4 of 5 above it are right


def test_the_shipped_model_was_trained_on_the_corpus_as_it_is():
    """Retrain (manage.py train_safety_model) after changing a training file."""
    shipped = json.loads(risk_model.MODEL_FILE.read_text())
    assert shipped["corpus"] == risk_training.corpus_digest()


def test_training_never_reads_the_held_out_files():
    held_out = {
        "test.jsonl",
        "month.jsonl",
        "fresh.jsonl",
        "everyday.jsonl",
        "attack.jsonl",
        "attacktwo.jsonl",
        "shorts.jsonl",
        "plain.jsonl",
    }
    assert not held_out & set(risk_training.TRAINING_FILES)
    ids = {post["id"] for post in risk_training.load_training()}
    assert not any(
        post_id.startswith(
            ("test-", "month-", "fresh-", "everyday-", "attack-", "attacktwo-", "shorts-", "plain-")
        )
        for post_id in ids
    )


def test_no_training_post_shares_wording_with_the_held_out_half(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["validate.py", "--quiet"])
    assert validate.main() == 0
    assert "warning:" not in capsys.readouterr().out


def test_a_finding_of_the_models_alone_is_firm_only_at_even_odds():
    likely = _models(0.0)
    likely["crisis"] = risk_model.LinearModel(-0.2, {}, 0.3)  # 0.45: above the threshold, under even odds
    assert _decide("Walked the last stop home.", CrisisScreen(), models=likely)[0].tentative
    likely["crisis"] = risk_model.LinearModel(0.2, {}, 0.3)  # 0.55
    assert not _decide("Walked the last stop home.", CrisisScreen(), models=likely)[0].tentative
