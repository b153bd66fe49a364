"""Measure the safety detectors on the labelled corpus (tests/safety/corpus/).

    manage.py evaluate_safety               # the held-out test half
    manage.py evaluate_safety --half dev    # the development half the rules were written against
    manage.py evaluate_safety --half month  # a held-out month of realistic traffic (few crises)
    manage.py evaluate_safety --half fresh  # 800 held-out posts by other writers, half urgent
    manage.py evaluate_safety --half attack # 240 held-out posts written as a red team would
    manage.py evaluate_safety --half probe  # the attack file's twin, which the rules were tuned on
    manage.py evaluate_safety --no-misses   # the tables only
    manage.py evaluate_safety --disguised   # every post disguised, a way per post in turn
                                            # (digits for letters, stars, zero-width spaces...)

Prints precision, recall and F1 per detector and recall per crisis category (a Markdown table, as
in docs/safety.md), then every miss and false alarm. Uses the built-in rules only: the admin's own
phrases are a deployment's additions and are not part of the measurement.
"""

from django.core.management.base import BaseCommand

from moderation import evaluation


class Command(BaseCommand):
    help = "Precision, recall and F1 of the safety detectors on the labelled corpus."

    def add_arguments(self, parser):
        parser.add_argument(
            "--half",
            choices=evaluation.FILES,
            default="test",
        )
        parser.add_argument("--no-misses", action="store_true", help="Print the tables only.")
        parser.add_argument(
            "--disguised",
            action="store_true",
            help="Disguise each post as someone writing around a filter would (evaluation.DISGUISES).",
        )

    def handle(self, *args, half, no_misses, disguised, **options):
        posts = evaluation.load(half)
        if disguised:
            posts = evaluation.disguised(posts)
        result = evaluation.evaluate(posts)
        self.stdout.write(f"The {half} file of the safety corpus{', disguised' if disguised else ''}: ")
        self.stdout.write(evaluation.report(result, show_misses=not no_misses))
