"""How long a backup and a restore take, for docs' recovery-point and recovery-time figures.

    python -m bench.backup_restore [--size 100k]

Builds (or reuses) the benchmark database of that size (bench/databases.py), writes an encrypted
backup of it with `manage.py backup`, restores that into a fresh database with `manage.py
restore` (which checks every table against the backup), and prints the sizes and times. Against
DATABASE_URL's server, or the embedded one.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pyrage

from bench import databases, live


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=sorted(databases.SIZES), default="100k")
    options = parser.parse_args()
    say = lambda message: print(message, flush=True)  # noqa: E731
    source = databases.haven_database(options.size, rebuild=False, log=sys.stderr, say=say)
    target_name = f"haven_restore_{options.size}"
    admin = live.with_database(live.server_database_url(), "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{target_name}"')
    target = live.with_database(live.server_database_url(), target_name)
    identity = pyrage.x25519.Identity.generate()
    with tempfile.TemporaryDirectory() as work:
        archive, key = Path(work) / "haven.age", Path(work) / "haven.key"
        key.write_text(f"{identity}\n")
        uploads = Path(work) / "uploads"
        env_source = databases.haven_env(source.url) | {
            "HAVEN_BACKUP_RECIPIENTS": str(identity.to_public()),
            "HAVEN_PRIVATE_UPLOADS_DIR": str(uploads),
        }
        say(f"Backing up {source.name} ({source.posts:,} posts)…")
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "backup", "--output", str(archive)], env=env_source, check=True
        )
        backed_up = time.monotonic() - started
        env_target = databases.haven_env(target) | {"HAVEN_PRIVATE_UPLOADS_DIR": str(Path(work) / "restored")}
        say(f"Restoring into {target_name}…")
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive), "--identity", str(key)],
            env=env_target,
            check=True,
        )
        restored = time.monotonic() - started
        size = archive.stat().st_size
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
    say(
        f"{source.posts:,} posts: backup {backed_up:.1f} s, archive {size / 1e6:,.1f} MB, "
        f"restore with every table checked {restored:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
