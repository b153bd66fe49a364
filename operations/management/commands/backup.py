"""`manage.py backup [--output FILE]`: the database and the private uploads in one encrypted
archive (operations/backup.py). `./haven backup` runs it around the embedded PostgreSQL."""

import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations import backup


class Command(BaseCommand):
    help = "Write an encrypted backup of the database and the private uploads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Where to write it (default: HAVEN_BACKUP_DIR/haven-<time>.age)."
        )

    def handle(self, *args, output, **options):
        output = output or Path(settings.HAVEN_BACKUP_DIR) / f"haven-{datetime.now(UTC):%Y%m%d-%H%M%S}.age"
        started = time.monotonic()
        try:
            manifest = backup.backup(output, progress=self._step(started))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Wrote {output} ({output.stat().st_size / 1e6:,.1f} MB: {len(manifest['tables'])} tables, "
            f"{rows:,} rows, {len(manifest['uploads'])} uploaded files) in {time.monotonic() - started:.1f} s."
        )

    def _step(self, started: float):
        def show(message: str) -> None:
            self.stdout.write(f"  {message}... ({time.monotonic() - started:.1f} s)")

        return show
