"""Training the learned reader (moderation/risk_model.py) on the labelled corpus.

`manage.py train_safety_model` runs this and writes moderation/data/risk_model.json. It reads
the development half and the training files of tests/safety/corpus/ (never the held-out test
half), and it is deterministic: the same corpus gives the same file, which a test checks.

Each model is a logistic regression with an L2 penalty, fitted by AdaGrad steps post by
post: a few dozen lines for a convex problem of a few thousand posts, where a
numerical library would be a heavy dependency used only here. Thresholds are chosen by
cross-validation on the training posts: the lowest probability at which the held-out folds keep
the precision the model is asked for, so the threshold is never fitted to the posts it judges.
"""

import hashlib
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from moderation import crisis, evaluation, method_detail, risk_model, safety
from moderation.evaluation import CORPUS

# dev.jsonl and every train_<letters>.jsonl; never test.jsonl
TRAINING_FILES = ("dev.jsonl", *sorted(path.name for path in CORPUS.glob("train_*.jsonl")))
FOLDS = 5
MIN_DOCUMENTS = 3  # a feature seen in fewer training posts is left out
MIN_WEIGHT = 0.01  # smaller weights are left out of the model file
PENALTY = 0.02
EPOCHS = 12
STEP = 0.3
SEED = 20261204
# The precision each yes/no model must keep on the held-out folds: crisis and method detail are
# prompts and queue items, so a few false alarms are the price of finding nearly every post. The
# second way to find an urgent crisis ("urgent_any") keeps less (0.85): what it finds alone is
# tentative (moderators check it, members see nothing), and with the calm training posts of
# 2026-12-06 its threshold at 0.9 lost urgent crises that it had found before (docs/safety.md).
PRECISION = {"crisis": 0.9, "urgent": 0.9, "urgent_any": 0.85, "method": 0.9}


def load_training() -> list[dict]:
    posts = []
    for name in TRAINING_FILES:
        path = CORPUS / name
        if path.exists():
            with path.open(encoding="utf-8") as lines:
                posts += [json.loads(line) for line in lines if line.strip()]
    return posts


def reading_of(text: str) -> risk_model.Reading:
    """Exactly what the site computes for TEXT before the models score it."""
    prepared = crisis.prepare(text)
    rules = crisis.screen(text, phrases=(), prepared=prepared)
    methods = method_detail.find_method_detail(text, prepared=prepared)
    return risk_model.read(prepared, risk_model.rule_labels(rules, bool(methods)))


def fit(rows: list[tuple[frozenset, int]], vocabulary: frozenset) -> risk_model.LinearModel:
    """Logistic regression on ROWS (features, label), over the features in VOCABULARY: AdaGrad
    steps post by post, in an order shuffled with a fixed seed, the L2 penalty applied to the
    features a post has."""
    index = {name: position for position, name in enumerate(sorted(vocabulary))}
    encoded = [([index[name] for name in features if name in index], label) for features, label in rows]
    positives = sum(label for _, label in encoded)
    if positives in (0, len(encoded)):
        return risk_model.LinearModel(
            round(math.log((positives + 0.5) / (len(encoded) - positives + 0.5)), 4), {}, 0.5
        )
    weights = [0.0] * len(index)
    squares = [1e-6] * len(index)
    bias, bias_square = 0.0, 1e-6
    shuffler = random.Random(SEED)
    order = list(range(len(encoded)))
    for _ in range(EPOCHS):
        shuffler.shuffle(order)
        for row in order:
            active, label = encoded[row]
            total = bias + sum(weights[position] for position in active)
            error = 1 / (1 + math.exp(-max(-30.0, min(30.0, total)))) - label
            for position in active:
                step = error + PENALTY * weights[position]
                squares[position] += step * step
                weights[position] -= STEP * step / math.sqrt(squares[position])
            bias_square += error * error
            bias -= STEP * error / math.sqrt(bias_square)
    names = sorted(index, key=index.__getitem__)
    kept = {name: round(weights[index[name]], 3) for name in names if abs(weights[index[name]]) >= MIN_WEIGHT}
    return risk_model.LinearModel(round(bias, 4), kept, 0.5)


def vocabulary_of(rows: list[tuple[frozenset, int]]) -> frozenset:
    counts: dict[str, int] = {}
    for features, _ in rows:
        for name in features:
            counts[name] = counts.get(name, 0) + 1
    return frozenset(name for name, seen in counts.items() if seen >= MIN_DOCUMENTS)


def folds(count: int) -> list[list[int]]:
    order = list(range(count))
    random.Random(SEED).shuffle(order)
    return [order[fold::FOLDS] for fold in range(FOLDS)]


@dataclass(frozen=True)
class Passages:
    """A post's features as the models see it: the whole post, and each window of a longer one."""

    post: frozenset
    windows: tuple = ()

    def all(self) -> tuple:
        return (self.post, *self.windows)


def rows_for(items: list[tuple[Passages, int]]) -> list[tuple[frozenset, int]]:
    """Training rows: each post with its label, and each window of a post labelled no as a no (a
    post with no crisis has no passage that is one; which passage of a yes post is the yes is not
    known, so those windows are left out)."""
    rows = [(passages.post, label) for passages, label in items]
    rows += [(window, 0) for passages, label in items if not label for window in passages.windows]
    return rows


def score(fitted: risk_model.LinearModel, passages: Passages) -> float:
    """A post's score as the site computes it: its most worrying passage's."""
    return max(fitted.probability(features) for features in passages.all())


def held_out_scores(items: list[tuple[Passages, int]]) -> list[float]:
    """Each post's score from a model trained without its fold."""
    scores = [0.0] * len(items)
    for held in folds(len(items)):
        held_set = set(held)
        rows = rows_for([item for position, item in enumerate(items) if position not in held_set])
        fitted = fit(rows, vocabulary_of(rows))
        for position in held:
            scores[position] = score(fitted, items[position][0])
    return scores


def threshold_for(scores: list[float], labels: list[int], precision: float) -> float:
    """The lowest threshold whose yeses keep PRECISION (the most recall at that precision)."""
    best = 0.5
    for candidate in sorted(set(scores), reverse=True):
        chosen = [label for score, label in zip(scores, labels, strict=True) if score >= candidate]
        if sum(chosen) / len(chosen) >= precision:
            best = candidate
    return round(best, 4)


Progress = Callable[[str, int, int], None]  # (message, steps done, steps in all)


def _quiet(message: str, done: int, total: int) -> None:
    pass


def read_all(posts: list[dict], progress: Progress = _quiet) -> list[Passages]:
    """The features of every post and its passages, as the site reads them."""
    readings = []
    for number, post in enumerate(posts, 1):
        reading = reading_of(post["text"])
        windows = tuple(frozenset(features) for _, features in reading.windows())
        readings.append(Passages(frozenset(reading.features), windows))
        if number % 250 == 0 or number == len(posts):
            progress(f"read {number:,}/{len(posts):,} posts", number, len(posts))
    return readings


def train(posts: list[dict], readings: list[Passages] | None = None, progress: Progress = _quiet) -> dict:
    """The model file's contents for POSTS (READINGS: their passages, when already read)."""
    if readings is None:
        readings = read_all(posts, progress)
    pairs = list(zip(readings, posts, strict=True))
    tasks: dict[str, list[tuple[Passages, int]]] = {
        "crisis": [(passages, int(post["crisis"])) for passages, post in pairs],
        # how urgent, among posts that are a crisis: the model is only asked once one is found
        "urgent": [
            (passages, int(post["severity"] == crisis.URGENT)) for passages, post in pairs if post["crisis"]
        ],
        # an urgent crisis, among all posts: a second way to find one (risk_model.decide), learnt
        # against the everyday posts that share its words (a prescription collected, a rope for
        # the boat)
        "urgent_any": [
            (passages, int(post["crisis"] and post["severity"] == crisis.URGENT)) for passages, post in pairs
        ],
        "method": [(passages, int(post["method_detail"])) for passages, post in pairs],
    }
    for category in crisis.Category.ORDER:  # which category, among posts that are a crisis
        tasks[f"category:{category}"] = [
            (Passages(passages.post), int(post["category"] == category))
            for passages, post in pairs
            if post["crisis"]
        ]
    steps = sum(FOLDS + 1 if name in PRECISION else 1 for name in tasks)
    done = 0
    models = {}
    for name, items in tasks.items():
        rows = rows_for(items)
        fitted = fit(rows, vocabulary_of(rows))
        part: dict = {"bias": fitted.bias, "weights": fitted.weights}
        if name in PRECISION:
            labels = [label for _, label in items]
            part["threshold"] = threshold_for(held_out_scores(items), labels, PRECISION[name])
            done += FOLDS
        models[name] = part
        done += 1
        progress(f"{name}: {len(fitted.weights):,} weights", done, steps)
    features = sorted(set().union(*(part["weights"] for part in models.values())))
    for part in models.values():
        part["weights"] = [part["weights"].get(feature, 0) for feature in features]
    return {"corpus": corpus_digest(), "posts": len(posts), "features": features, "models": models}


def corpus_digest() -> str:
    """A digest of the training files, so that a test can tell when the model is older than them."""
    digest = hashlib.sha256()
    for name in TRAINING_FILES:
        path = CORPUS / name
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cross_validate(posts: list[dict], progress: Progress = _quiet) -> evaluation.Evaluation:
    """The whole screening (rules and models) measured on each fold by models trained on the
    others: what to expect on posts the models never saw, without looking at the test half."""
    readings = read_all(posts)
    total = evaluation.Evaluation()
    for number, fold in enumerate(folds(len(posts)), 1):
        fold_set = set(fold)
        kept = [position for position in range(len(posts)) if position not in fold_set]
        models = risk_model.from_file(
            train([posts[position] for position in kept], [readings[position] for position in kept])
        )

        def screen(text: str, models: dict = models) -> safety.SafetyScreen:
            prepared = crisis.prepare(text)
            found, methods = risk_model.decide(
                prepared,
                crisis.screen(text, phrases=(), prepared=prepared),
                method_detail.find_method_detail(text, prepared=prepared),
                models,
            )
            return safety.SafetyScreen(crisis=found, method_details=methods)

        part = evaluation.evaluate([posts[position] for position in fold], screen_text=screen)
        total.posts += part.posts
        for name in ("crisis", "firm_crisis", "urgent", "method_detail"):
            _merge(getattr(total, name), getattr(part, name))
        for category, score in part.categories.items():
            _merge(total.categories[category], score)
        progress(f"fold {number}/{FOLDS} measured", number, FOLDS)
    return total


def _merge(into: "evaluation.Score", part: "evaluation.Score") -> None:
    into.true_positives += part.true_positives
    into.false_positives += part.false_positives
    into.false_negatives += part.false_negatives
    into.missed += part.missed
    into.false_alarms += part.false_alarms
