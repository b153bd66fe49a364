"""`manage.py apply_retention [--dry-run]`: the retention schedule (operations/retention.py), run
daily by the deploy recipe's timer and by hand."""

from django.core.management.base import BaseCommand
from django.utils import formats

from operations import retention


class Command(BaseCommand):
    help = "Delete what is past its retention period (HAVEN_RETAIN_*_DAYS); --dry-run only counts."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; change nothing.")

    def handle(self, *args, dry_run, **options):
        verb = "would go" if dry_run else "deleted"
        for applied in retention.apply_retention(dry_run=dry_run):
            before = formats.date_format(applied.cutoff, "j M Y")
            self.stdout.write(
                f"{applied.kind.name}: {applied.count:,} {verb} (older than {applied.kind.days} days, before {before})"
            )
