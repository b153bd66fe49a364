"""`manage.py restore FILE [--force]`: rebuild the database and the private uploads from a backup
(operations/backup.py), then check every table against the backup's manifest."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations import backup


class Command(BaseCommand):
    help = "Restore the database and the private uploads from an encrypted backup."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--identity",
            type=Path,
            help="The age private key file (default: HAVEN_BACKUP_IDENTITY_FILE).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Replace a database and uploads that already hold data."
        )

    def handle(self, *args, archive, identity, force, **options):
        identity = identity or settings.HAVEN_BACKUP_IDENTITY_FILE
        if not identity:
            raise CommandError(
                "Say which private key decrypts the backup: --identity FILE or HAVEN_BACKUP_IDENTITY_FILE."
            )
        if not archive.is_file():
            raise CommandError(f"No backup at {archive}.")
        started = time.monotonic()
        try:
            manifest = backup.restore(
                archive,
                identities=backup.identities_from_file(identity),
                force=force,
                progress=lambda message: self.stdout.write(
                    f"  {message}... ({time.monotonic() - started:.1f} s)"
                ),
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {len(manifest['tables'])} tables and {rows:,} rows, "
            f"every one matching the backup, and {len(manifest['uploads'])} uploaded files, in "
            f"{time.monotonic() - started:.1f} s."
        )
