"""Measuring the safety detectors on a labelled corpus (tests/safety/corpus/, documented in its
README): precision, recall and F1 per detector and per crisis category, and the misses.

`manage.py evaluate_safety` prints this; tests/safety/test_detectors.py holds the detectors to
the thresholds of docs/safety.md on the held-out half, so a change that makes them worse fails CI.
Every post is screened by moderation.safety.screen_text, exactly as the site screens it.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from moderation import safety, unmask

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "safety" / "corpus"
# The files load() reads: every file of the corpus but the training rounds (train_a ... train_zt).
FILES = tuple(sorted(path.stem for path in CORPUS.glob("*.jsonl") if not path.stem.startswith("train_")))


def load(half: str) -> list[dict]:
    """The labelled posts of one file of the corpus: "dev", "test", "month" (a held-out month of
    realistic traffic, where crises are as rare as on a real forum), "fresh" (800 held-out
    posts by writers who wrote nothing else in the corpus, half of them urgent crises),
    "everyday" (300 held-out posts of everyday life in the words of preparation, 240 calm),
    "attack" (240 held-out posts written as a red team would: disguised and hard crises, traps,
    identifying details in tricky forms), "probe" (the attack file's twin, for tuning) or
    "probetwo" (a second red-team round for tuning: identifying details of many countries and
    forms, crises in non-standard English) or "probethree" (a third: crises written indirectly in
    ordinary English, calm posts in the same words)."""
    with (CORPUS / f"{half}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


# The ways people disguise words from a filter (moderation/unmask.py undoes them), as
# evaluate_safety --disguised applies them: one way per post, in turn.
DISGUISES = ("digits", "stars", "stretched", "invisible", "look-alikes", "full-width")
_DIGITS = str.maketrans("ieoas", "13045")
_CYRILLIC = str.maketrans("aeopcxi", "\u0430\u0435\u043e\u0440\u0441\u0445\u0456")
_RISK_WORD = re.compile(r"[A-Za-z]+")


def disguise(text: str, how: str) -> str:
    """TEXT disguised one way (DISGUISES), as someone writing around a filter would: the words of
    a crisis (unmask.RISK_WORDS) with digits for letters, a star for a vowel or a last vowel
    stretched; or every word with a zero-width space inside, with Cyrillic look-alike letters, or
    the whole text in full-width characters."""
    if how == "full-width":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)

    def one_word(match: re.Match) -> str:
        word = match.group(0)
        if how == "invisible":
            return word[:1] + "\u200b" + word[1:] if len(word) > 1 else word
        if how == "look-alikes":
            return word.translate(_CYRILLIC)
        if word.lower() not in unmask.RISK_WORDS:
            return word
        vowels = [at for at, letter in enumerate(word) if letter in "aeiou"]
        if how == "digits":
            return word.translate(_DIGITS)
        if how == "stars" and len(word) >= 4 and vowels:
            return word[: vowels[0]] + "*" + word[vowels[0] + 1 :]
        if how == "stretched" and vowels:
            return word[: vowels[-1]] + word[vowels[-1]] * 3 + word[vowels[-1] + 1 :]
        return word

    return _RISK_WORD.sub(one_word, text)


def disguised(posts: list[dict]) -> list[dict]:
    """POSTS, each disguised one way of DISGUISES in turn."""
    return [
        {**post, "text": disguise(post["text"], DISGUISES[index % len(DISGUISES)])}
        for index, post in enumerate(posts)
    ]


@dataclass
class Score:
    """Counts for one yes/no question, with the posts it got wrong."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    missed: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)

    def add(self, *, expected: bool, found: bool, post: dict, detail: str = "") -> None:
        if expected and found:
            self.true_positives += 1
        elif found:
            self.false_positives += 1
            self.false_alarms.append((post["id"], detail))
        elif expected:
            self.false_negatives += 1
            self.missed.append((post["id"], detail))

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives


@dataclass
class Evaluation:
    posts: int = 0
    crisis: Score = field(default_factory=Score)
    # Firm findings only (not CrisisScreen.tentative): what members see (a content warning, a step
    # before publishing), where crisis counts what reaches moderators.
    firm_crisis: Score = field(default_factory=Score)
    urgent: Score = field(default_factory=Score)
    method_detail: Score = field(default_factory=Score)
    identifying: Score = field(default_factory=Score)
    identifying_details: Score = field(default_factory=Score)  # each labelled detail: found or not
    categories: dict = field(default_factory=lambda: defaultdict(Score))  # recall per labelled category

    @property
    def calm(self) -> int:
        """How many posts are not a crisis."""
        return self.posts - self.crisis.support

    @property
    def calm_checks(self) -> float:
        """The share of calm posts raised as a possible crisis (what reaches moderators)."""
        return self.crisis.false_positives / self.calm if self.calm else 0.0

    @property
    def calm_false_alarms(self) -> float:
        """The share of calm posts given a firm finding (what members see)."""
        return self.firm_crisis.false_positives / self.calm if self.calm else 0.0


def evaluate(posts: list[dict], *, phrases: tuple = (), screen_text=None) -> Evaluation:
    """Screen every post and count. PHRASES: the admin's extra phrases (none: the built-in rules).
    SCREEN_TEXT: what screens a text, when not the site's own (cross-validation's fold models)."""
    result = Evaluation(posts=len(posts))
    for post in posts:
        if screen_text is None:
            screen = safety.screen_text(post["text"], phrases=phrases)
        else:
            screen = screen_text(post["text"])
        found = screen.crisis
        result.crisis.add(expected=post["crisis"], found=found.is_crisis, post=post, detail=found.summary())
        result.firm_crisis.add(
            expected=post["crisis"], found=found.is_firm, post=post,
            detail=found.summary(),
        )  # fmt: skip
        result.urgent.add(
            expected=post.get("severity") == "urgent", found=found.severity == "urgent", post=post,
            detail=found.summary(),
        )  # fmt: skip
        if post["crisis"]:
            result.categories[post["category"]].add(expected=True, found=found.is_crisis, post=post)
        result.method_detail.add(
            expected=post["method_detail"], found=screen.method_detail, post=post,
            detail="; ".join(f"{m.why}: “{m.text}”" for m in screen.method_details),
        )  # fmt: skip
        shown = "; ".join(str(finding) for finding in screen.identifying)
        result.identifying.add(
            expected=post["identifying"], found=bool(screen.identifying), post=post, detail=shown
        )
        texts = [finding.text for finding in screen.identifying]
        for detail in post.get("identifying_details", []):
            detail = unmask.unmask(detail)  # as the guard reads it: full-width digits as digits
            hit = any(detail in text or text in detail for text in texts)
            result.identifying_details.add(expected=True, found=hit, post=post, detail=detail)
    return result


def report(result: Evaluation, *, show_misses: bool = True) -> str:
    """The evaluation as a Markdown table (for docs/safety.md), then the misses."""
    rows = [
        ("Crisis (any)", result.crisis),
        ("Crisis, firm findings only", result.firm_crisis),
        ("Crisis: urgent", result.urgent),
        ("Method detail", result.method_detail),
        ("Identifying details (posts)", result.identifying),
    ]
    lines = [
        f"{result.posts} posts.",
        "",
        "| detector | precision | recall | F1 | labelled |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, score in rows:
        lines.append(
            f"| {name} | {score.precision:.2f} | {score.recall:.2f} | {score.f1:.2f} | {score.support} |"
        )
    details = result.identifying_details
    lines.append(f"| Identifying details (each) | | {details.recall:.2f} | | {details.support} |")
    calm = result.calm
    if calm:
        alarms, firm = result.crisis.false_positives, result.firm_crisis.false_positives
        lines += [
            "",
            f"Posts that are not a crisis raised as one: {alarms} of {calm} ({alarms / calm:.1%}); "
            f"of them firm, which members would see: {firm} ({firm / calm:.1%}).",
        ]
    lines += ["", "| crisis category | recall | labelled |", "| --- | ---: | ---: |"]
    for category, score in sorted(result.categories.items()):
        lines.append(f"| {category} | {score.recall:.2f} | {score.support} |")
    if show_misses:
        for name, score in [*rows, ("Identifying details (each)", details)]:
            if score is result.firm_crisis:
                continue  # the same posts as crisis (any), told apart by "unsure" in their detail
            for kind, items in (("missed", score.missed), ("false alarms", score.false_alarms)):
                if items:
                    lines += ["", f"{name}, {kind}:"]
                    lines += [f"- {post_id}: {detail}" for post_id, detail in items]
    return "\n".join(lines)
