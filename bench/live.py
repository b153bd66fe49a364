"""The real server for end-to-end tests: a fresh database on the suite's PostgreSQL, migrated and
seeded, and gunicorn with production settings on a free port (used by tests/browser and the
worker-crash test)."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent


def server_database_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    from config import embedded_postgres

    return embedded_postgres.database_url()


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    log_path: str
    static_root: str

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.static_root, ignore_errors=True)


def start(database: str, *, workers: int = 2, extra_env: dict | None = None, seed_args=()) -> LiveServer:
    admin_url = with_database(server_database_url(), "postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    static_root = tempfile.mkdtemp(prefix="haven-static-")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": with_database(server_database_url(), database),
        "DEBUG": "0",
        "SECRET_KEY": "end-to-end-tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on 127.0.0.1
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": static_root,
        "HAVEN_SITE_URL": f"http://127.0.0.1:{port}",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "ACCESS_LOG": "0",
        **(extra_env or {}),
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        ["seed_demo", *seed_args],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        subprocess.run(manage + command, env=env, cwd=BASE_DIR, check=True, capture_output=True, timeout=900)
    log = tempfile.NamedTemporaryFile(prefix="haven-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        env=env,
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log.name, static_root)
    if wait_for_port(port, process, seconds=30):
        return server
    server.stop()
    raise RuntimeError(f"gunicorn did not start:\n{Path(log.name).read_text()}")


def wait_for_port(port: int, process: subprocess.Popen, *, seconds: float) -> bool:
    """Whether PROCESS is listening on PORT within SECONDS (False at once if it exits)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.2)
    return False
