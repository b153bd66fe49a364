"""manage.py import_instrument FILE [--update]: import an instrument the operator is licensed to
use, from the JSON format of docs/instruments.md. All or nothing: a file with any problem is
refused with every problem listed, and nothing is stored."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from checkins import services
from checkins.instruments import InstrumentError

MAX_FILE_BYTES = 1_000_000


class Command(BaseCommand):
    help = "Import (or, with --update, replace) an instrument from a JSON file (docs/instruments.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--update",
            action="store_true",
            help="Replace an already imported instrument with the same id (earlier results keep their scores).",
        )

    def handle(self, *args, file: Path, update: bool, **options):
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Can't read {file}: {error.strerror or error}.") from error
        if len(raw) > MAX_FILE_BYTES:
            raise CommandError(f"{file} is larger than {MAX_FILE_BYTES:,} bytes: is it the right file?")
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text.") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
            ) from error
        try:
            instrument, outcome = services.import_instrument(data, update=update)
        except InstrumentError as error:
            problems = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(f"{file} was not imported; nothing was changed:\n{problems}") from error
        messages = {
            services.CREATED: f'Imported "{instrument.name}" ({instrument.key}).',
            services.UPDATED: f'Updated "{instrument.name}" ({instrument.key}).',
            services.UNCHANGED: f'"{instrument.name}" ({instrument.key}) is already imported, unchanged.',
        }
        self.stdout.write(messages[outcome])
