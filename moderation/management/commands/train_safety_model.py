"""Train the learned reader of the safety detectors (moderation/risk_model.py).

    manage.py train_safety_model            # writes moderation/data/risk_model.json
    manage.py train_safety_model --cross-validate   # also prints what to expect on unseen posts

Reads the development half and the training files of tests/safety/corpus/ (never the held-out
test half) and writes the weights and thresholds. The same corpus always gives the same file. Run
it after adding posts to the corpus, then `manage.py evaluate_safety` for the held-out numbers.
"""

import json
import time

from django.core.management.base import BaseCommand

from moderation import evaluation, risk_model, risk_training


class Command(BaseCommand):
    help = "Train the safety detectors' learned reader on the labelled corpus (not its test half)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--cross-validate",
            action="store_true",
            help=f"Also measure the whole screening by {risk_training.FOLDS}-fold cross-validation (slower).",
        )

    def handle(self, *args, cross_validate, **options):
        started = time.monotonic()
        posts = risk_training.load_training()
        self.stdout.write(f"Training on {len(posts):,} labelled posts.")
        readings = risk_training.read_all(posts, progress=self._progress(started))
        data = risk_training.train(posts, readings, progress=self._progress(time.monotonic()))
        risk_model.MODEL_FILE.parent.mkdir(exist_ok=True)
        risk_model.MODEL_FILE.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n")
        self.stdout.write(f"Wrote {risk_model.MODEL_FILE} in {time.monotonic() - started:.0f} s.")
        if cross_validate:
            result = risk_training.cross_validate(posts, progress=self._progress(time.monotonic()))
            self.stdout.write(evaluation.report(result, show_misses=False))

    def _progress(self, started: float):
        def show(message: str, done: int, total: int) -> None:
            elapsed = time.monotonic() - started
            eta = f", about {elapsed / done * (total - done):.0f} s left" if done else ""
            self.stdout.write(f"  {message} ({elapsed:.0f} s{eta})")

        return show
